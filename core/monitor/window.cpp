#include "core/monitor/window.h"

#include "core/data/csv_reader.h"
#include "core/ml/metrics.h"
#include "core/monitor/radix_sort.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace mdeck::monitor {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class Cell { Missing, Number, Text, TypeError };

// Reads one JSON value as the column kind expects. Booleans become
// "true"/"false" for categorical columns (as the profile writes them).
Cell readCell(const Json &v, ColumnKind kind, double &number, std::string &text)
{
    if (v.is_null())
        return Cell::Missing;
    if (kind == ColumnKind::Numeric) {
        if (v.is_number()) {
            number = v.get<double>();
            return std::isfinite(number) ? Cell::Number : Cell::Missing;
        }
        if (v.is_boolean()) {
            number = v.get<bool>() ? 1.0 : 0.0;
            return Cell::Number;
        }
        if (v.is_string()) {
            const auto &s = v.get_ref<const std::string &>();
            if (s.empty() || data::isMissingToken(s))
                return Cell::Missing;
            if (auto n = data::parseNumber(s)) {
                number = *n;
                return std::isfinite(number) ? Cell::Number : Cell::Missing;
            }
        }
        return Cell::TypeError;
    }
    if (v.is_string()) {
        text = v.get<std::string>();
        return text.empty() ? Cell::Missing : Cell::Text;
    }
    if (v.is_boolean()) {
        text = v.get<bool>() ? "true" : "false";
        return Cell::Text;
    }
    if (v.is_number_integer()) {
        text = std::to_string(v.get<std::int64_t>());
        return Cell::Text;
    }
    if (v.is_number()) {
        const double d = v.get<double>();
        if (!std::isfinite(d))
            return Cell::Missing;
        text = v.dump();
        return Cell::Text;
    }
    return Cell::TypeError;
}

// The predicted label and class probabilities of one output array.
struct Prediction
{
    std::string label;
    std::vector<double> probabilities; // empty when the output carries none
    double value = kNaN;               // regression
    bool valid = false;
};

Prediction readPrediction(const Json &outputs, const ModelInfo &model)
{
    Prediction p;
    if (!outputs.is_array() || outputs.empty())
        return p;
    if (model.classes.empty()) {
        if (outputs[0].is_number()) {
            p.value = outputs[0].get<double>();
            p.valid = std::isfinite(p.value);
        }
        return p;
    }
    std::size_t first = 0;
    if (outputs[0].is_string()) {
        p.label = outputs[0].get<std::string>();
        first = 1;
    }
    if (outputs.size() - first == model.classes.size()) {
        for (std::size_t i = first; i < outputs.size(); ++i) {
            if (!outputs[i].is_number())
                return p;
            p.probabilities.push_back(outputs[i].get<double>());
        }
        if (p.label.empty()) {
            const auto best = std::max_element(p.probabilities.begin(), p.probabilities.end());
            p.label = model.classes[static_cast<std::size_t>(best - p.probabilities.begin())];
        }
    }
    p.valid = !p.label.empty();
    return p;
}

std::string positiveClassOf(const ModelInfo &model)
{
    if (!model.positiveClass.empty())
        return model.positiveClass;
    if (model.classes.size() == 2)
        return model.classes[1];
    return model.classes.empty() ? std::string() : model.classes[0];
}

// Accumulates one column over a window's rows.
struct Accumulator
{
    FeatureStats stats;
    CurrentColumn current;
    std::mt19937_64 rng{7};
    std::uint64_t seen = 0;

    void addNumber(double x)
    {
        current.numbers.push_back(x);
        // Reservoir sample (Algorithm R) for the raw values charts need.
        ++seen;
        if (stats.sample.size() < kMaxSamplePerColumn) {
            stats.sample.push_back(x);
        } else {
            const auto j = std::uniform_int_distribution<std::uint64_t>(0, seen - 1)(rng);
            if (j < kMaxSamplePerColumn)
                stats.sample[j] = x;
        }
    }
};

void finishColumn(Accumulator &acc, const ReferenceColumn *ref)
{
    FeatureStats &s = acc.stats;
    radixSort(acc.current.numbers);
    s.categories = acc.current.categories;
    if (!ref) {
        s.error = "the reference has no column '" + s.name + "'";
        return;
    }
    s.method = ref->method;
    s.threshold = ref->threshold;
    s.band = ref->band;
    if (ref->kind == ColumnKind::Numeric) {
        s.count = acc.current.numbers.size();
        long double sum = 0;
        for (double x : acc.current.numbers) {
            sum += x;
            if (x < ref->min || x > ref->max)
                ++s.outOfRange;
        }
        if (s.count)
            s.mean = static_cast<double>(sum / static_cast<long double>(s.count));
        if (ref->histogramEdges.size() >= 2) {
            const auto &e = ref->histogramEdges;
            s.histogram.assign(e.size() + 1, 0);
            for (double x : acc.current.numbers) {
                std::size_t k;
                if (x < e.front())
                    k = 0;
                else if (x > e.back())
                    k = e.size();
                else
                    k = std::min<std::size_t>(static_cast<std::size_t>(
                                                  std::upper_bound(e.begin(), e.end(), x)
                                                  - e.begin()),
                                              e.size() - 1);
                ++s.histogram[k];
            }
        }
    } else {
        for (const auto &[k, c] : acc.current.categories) {
            s.count += c;
            if (!ref->categories.count(k))
                s.unseen += c;
        }
    }
    if (s.count == 0) {
        s.error = s.missing ? "all values missing" : "no values";
        return;
    }
    auto score = columnScore(*ref, acc.current);
    if (!score) {
        s.error = score.error().message;
        return;
    }
    s.score = *score;
    s.drift = isDrift(s.method, s.score, s.threshold);
    s.outsideBand = s.band.valid && (s.score < s.band.lower || s.score > s.band.upper);
}

} // namespace

Result<double> columnScore(const ReferenceColumn &ref, const CurrentColumn &cur)
{
    if (ref.kind == ColumnKind::Numeric) {
        if (ref.sorted.empty())
            return Error(ErrorCode::InvalidArgument,
                         "the reference of '" + ref.name + "' holds no values");
        if (cur.numbers.empty())
            return Error(ErrorCode::InvalidArgument,
                         "the window holds no value of '" + ref.name + "'");
        switch (ref.method) {
        case DriftMethod::KS: {
            auto r = ksTwoSampleSorted(ref.sorted, cur.numbers);
            if (!r)
                return r.error();
            return r->pValue;
        }
        case DriftMethod::Wasserstein: {
            auto w = wassersteinSorted(ref.sorted, cur.numbers);
            if (!w)
                return w.error();
            long double sum = 0;
            for (double x : ref.sorted)
                sum += x;
            const double mean = static_cast<double>(sum / ref.sorted.size());
            long double ss = 0;
            for (double x : ref.sorted)
                ss += (x - mean) * (x - mean);
            const double sd = std::sqrt(static_cast<double>(ss / ref.sorted.size()));
            return *w / std::max(sd, 0.001);
        }
        default: {
            auto d = numericDrift(ref.sorted, cur.numbers, ref.method, ref.threshold);
            if (!d)
                return d.error();
            return d->score;
        }
        }
    }
    auto d = categoricalDrift(ref.categories, cur.categories, ref.method, ref.threshold);
    if (!d)
        return d.error();
    return d->score;
}

Reference referenceFromRows(std::span<const PredictionRow> rows, const ModelInfo &model,
                            const MethodChoice &choice)
{
    // Kinds follow the values: a column whose values all read as numbers is numeric.
    Reference ref;
    ref.source = "window";
    ref.rows = rows.size();
    const std::size_t nf = model.features.size();
    for (std::size_t f = 0; f <= nf; ++f) {
        ReferenceColumn col;
        col.name = f < nf ? model.features[f] : kPredictionColumn;
        bool numeric = true;
        std::vector<double> numbers;
        for (const auto &r : rows) {
            const Json *v = nullptr;
            Json predicted;
            if (f < nf) {
                if (!r.inputs.is_array() || r.inputs.size() != nf)
                    continue;
                v = &r.inputs[f];
            } else {
                const Prediction p = readPrediction(r.outputs, model);
                if (!p.valid)
                    continue;
                predicted = model.classes.empty() ? Json(p.value) : Json(p.label);
                v = &predicted;
            }
            double number;
            std::string text;
            const Cell numCell = readCell(*v, ColumnKind::Numeric, number, text);
            if (numCell == Cell::Number)
                numbers.push_back(number);
            else if (numCell == Cell::TypeError)
                numeric = false;
            if (readCell(*v, ColumnKind::Categorical, number, text) == Cell::Text)
                ++col.categories[text];
        }
        if (numeric && !numbers.empty()) {
            col.kind = ColumnKind::Numeric;
            col.categories.clear();
            std::sort(numbers.begin(), numbers.end());
            col.min = numbers.front();
            col.max = numbers.back();
            col.rows = numbers.size();
            col.histogramEdges = equalWidthBinning(numbers, data::kHistogramBins).edges;
            col.sorted = std::move(numbers);
        } else {
            col.kind = ColumnKind::Categorical;
            for (const auto &[k, c] : col.categories)
                col.rows += c;
        }
        ref.columns.push_back(std::move(col));
    }
    finishReference(ref, choice);
    return ref;
}

Result<WindowResult> evaluateWindow(const Reference &reference, const ModelInfo &model,
                                    std::span<const PredictionRow> rows,
                                    const Reference *outputBaseline, const WindowOptions &options)
{
    if (rows.empty())
        return Error(ErrorCode::InvalidArgument, "the window holds no predictions");
    WindowResult w;
    w.rows = rows.size();
    w.start = rows.front().time;
    w.end = rows.back().time + 1;
    w.firstPredictionId = rows.front().id;
    w.lastPredictionId = rows.back().id;
    const std::size_t nf = model.features.size();
    std::vector<Accumulator> acc(nf);
    std::vector<const ReferenceColumn *> refs(nf);
    for (std::size_t f = 0; f < nf; ++f) {
        acc[f].stats.name = model.features[f];
        refs[f] = reference.column(model.features[f]);
    }
    Accumulator out;
    out.stats.name = kPredictionColumn;
    const ReferenceColumn *outRef = outputBaseline ? outputBaseline->column(kPredictionColumn)
                                                   : nullptr;
    const ColumnKind outKind = outRef ? outRef->kind : ColumnKind::Categorical;

    // Performance and fairness inputs.
    std::vector<std::int64_t> yTrue;
    std::vector<double> probs, yTrueReg, yPredReg;
    double confidence = 0;
    std::uint64_t confident = 0;
    const std::string positive = positiveClassOf(model);
    const int sensitive = [&] {
        for (std::size_t f = 0; f < nf; ++f)
            if (model.features[f] == model.sensitiveColumn)
                return static_cast<int>(f);
        return -1;
    }();
    struct GroupAcc
    {
        std::uint64_t size = 0, selected = 0, positives = 0, truePositives = 0;
    };
    std::map<std::string, GroupAcc> groups;

    for (const auto &r : rows) {
        w.start = std::min(w.start, r.time);
        w.end = std::max(w.end, r.time + 1);
        const bool shapeOk = r.inputs.is_array() && r.inputs.size() == nf;
        if (!shapeOk)
            ++w.badRows;
        for (std::size_t f = 0; f < nf && shapeOk; ++f) {
            const ColumnKind kind = refs[f] ? refs[f]->kind : ColumnKind::Categorical;
            double number = 0;
            std::string text;
            switch (readCell(r.inputs[f], kind, number, text)) {
            case Cell::Missing:
                ++acc[f].stats.missing;
                break;
            case Cell::Number:
                acc[f].addNumber(number);
                break;
            case Cell::Text:
                ++acc[f].current.categories[text];
                break;
            case Cell::TypeError:
                ++acc[f].stats.typeErrors;
                break;
            }
        }
        const Prediction p = readPrediction(r.outputs, model);
        if (p.valid) {
            if (outKind == ColumnKind::Numeric && model.classes.empty())
                out.addNumber(p.value);
            else
                ++out.current.categories[model.classes.empty() ? Json(p.value).dump() : p.label];
        } else {
            ++out.stats.typeErrors;
        }
        if (!model.classes.empty() && p.valid) {
            if (!p.probabilities.empty()) {
                confidence += *std::max_element(p.probabilities.begin(), p.probabilities.end());
                ++confident;
            }
            const auto cls = std::find(model.classes.begin(), model.classes.end(),
                                       r.label.value_or(""));
            if (r.label && cls != model.classes.end()) {
                yTrue.push_back(cls - model.classes.begin());
                if (p.probabilities.size() == model.classes.size()) {
                    probs.insert(probs.end(), p.probabilities.begin(), p.probabilities.end());
                } else {
                    for (const auto &c : model.classes)
                        probs.push_back(c == p.label ? 1.0 : 0.0);
                }
            }
            if (sensitive >= 0 && shapeOk) {
                std::string g;
                double num;
                if (readCell(r.inputs[sensitive], ColumnKind::Categorical, num, g) != Cell::Text)
                    g = "(missing)";
                GroupAcc &ga = groups[g];
                ++ga.size;
                const bool selected = p.label == positive;
                ga.selected += selected;
                if (r.label && *r.label == positive) {
                    ++ga.positives;
                    ga.truePositives += selected;
                }
            }
        } else if (model.classes.empty() && p.valid && r.label) {
            if (auto y = data::parseNumber(*r.label)) {
                yTrueReg.push_back(*y);
                yPredReg.push_back(p.value);
            }
        }
    }

    std::size_t scored = 0, drifted = 0;
    for (std::size_t f = 0; f < nf; ++f) {
        finishColumn(acc[f], refs[f]);
        if (!std::isnan(acc[f].stats.score)) {
            ++scored;
            drifted += acc[f].stats.drift;
        }
        w.features.push_back(std::move(acc[f].stats));
    }
    w.driftShare = scored ? static_cast<double>(drifted) / static_cast<double>(scored) : 0.0;
    w.datasetDrift = datasetDrift(drifted, scored, options.driftShare);
    if (outRef) {
        finishColumn(out, outRef);
        w.output = std::move(out.stats);
    }

    if (!model.classes.empty()) {
        PerformanceStats perf;
        if (!yTrue.empty()) {
            auto m = ml::classificationMetrics(yTrue, probs, static_cast<int>(model.classes.size()));
            if (m) {
                perf.labelled = yTrue.size();
                perf.metrics = ml::toMetricMap(*m);
                w.performance = perf;
            }
        } else if (confident) {
            perf.estimated = true;
            perf.metrics["accuracy"] = confidence / static_cast<double>(confident);
            w.performance = perf;
        }
    } else if (!yTrueReg.empty()) {
        auto m = ml::regressionMetrics(yTrueReg, yPredReg);
        if (m) {
            PerformanceStats perf;
            perf.labelled = yTrueReg.size();
            perf.metrics = ml::toMetricMap(*m);
            w.performance = perf;
        }
    }

    if (sensitive >= 0 && !groups.empty()) {
        FairnessStats fair;
        fair.column = model.sensitiveColumn;
        fair.positiveClass = positive;
        double lo = 2, hi = -1, tprLo = 2, tprHi = -1;
        for (const auto &[g, ga] : groups) {
            GroupStats gs;
            gs.group = g;
            gs.size = ga.size;
            gs.selectionRate = static_cast<double>(ga.selected) / static_cast<double>(ga.size);
            lo = std::min(lo, gs.selectionRate);
            hi = std::max(hi, gs.selectionRate);
            if (ga.positives) {
                gs.truePositiveRate = static_cast<double>(ga.truePositives)
                    / static_cast<double>(ga.positives);
                tprLo = std::min(tprLo, gs.truePositiveRate);
                tprHi = std::max(tprHi, gs.truePositiveRate);
            }
            if (ga.size < kMinGroupSize)
                fair.warnings.push_back("group '" + g + "' has only " + std::to_string(ga.size)
                                        + " rows; its rates are unreliable");
            fair.groups.push_back(gs);
        }
        fair.demographicParityDifference = hi - lo;
        fair.disparateImpactRatio = hi > 0 ? lo / hi : kNaN;
        if (tprHi >= 0 && groups.size() > 1)
            fair.equalOpportunityDifference = tprHi - tprLo;
        if (groups.size() < 2)
            fair.warnings.push_back("only one group of '" + fair.column + "' in this window");
        w.fairness = std::move(fair);
    }
    return w;
}

} // namespace mdeck::monitor
