// Windows to and from JSON (stored results and snapshots), and the named
// statistics alert rules read.

#include "core/monitor/window.h"

#include <cmath>

namespace mdeck::monitor {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Json num(double v)
{
    return std::isfinite(v) ? Json(v) : Json(nullptr);
}

double readNum(const Json &j, const char *key)
{
    auto it = j.find(key);
    if (it == j.end() || !it->is_number())
        return kNaN;
    return it->get<double>();
}

Json featureToJson(const FeatureStats &f)
{
    Json j = {{"name", f.name},
              {"method", driftMethodName(f.method)},
              {"score", num(f.score)},
              {"threshold", num(f.threshold)},
              {"drift", f.drift},
              {"outside_band", f.outsideBand},
              {"count", f.count},
              {"missing", f.missing},
              {"out_of_range", f.outOfRange},
              {"unseen", f.unseen},
              {"type_errors", f.typeErrors},
              {"mean", num(f.mean)},
              {"histogram", f.histogram},
              {"categories", f.categories},
              {"sample", f.sample}};
    if (f.band.valid)
        j["band"] = {num(f.band.lower), num(f.band.upper)};
    if (!f.error.empty())
        j["error"] = f.error;
    return j;
}

FeatureStats featureFromJson(const Json &j)
{
    FeatureStats f;
    f.name = j.value("name", "");
    f.method = parseDriftMethod(j.value("method", "auto")).ok()
        ? *parseDriftMethod(j.value("method", "auto"))
        : DriftMethod::Auto;
    f.score = readNum(j, "score");
    f.threshold = readNum(j, "threshold");
    f.drift = j.value("drift", false);
    f.outsideBand = j.value("outside_band", false);
    f.count = j.value("count", std::uint64_t(0));
    f.missing = j.value("missing", std::uint64_t(0));
    f.outOfRange = j.value("out_of_range", std::uint64_t(0));
    f.unseen = j.value("unseen", std::uint64_t(0));
    f.typeErrors = j.value("type_errors", std::uint64_t(0));
    f.mean = readNum(j, "mean");
    if (auto it = j.find("histogram"); it != j.end() && it->is_array())
        f.histogram = it->get<std::vector<std::uint64_t>>();
    if (auto it = j.find("categories"); it != j.end() && it->is_object())
        f.categories = it->get<std::map<std::string, std::uint64_t>>();
    if (auto it = j.find("sample"); it != j.end() && it->is_array())
        for (const auto &v : *it)
            f.sample.push_back(v.is_number() ? v.get<double>() : kNaN);
    if (auto it = j.find("band"); it != j.end() && it->is_array() && it->size() == 2) {
        f.band.lower = (*it)[0].is_number() ? (*it)[0].get<double>() : kNaN;
        f.band.upper = (*it)[1].is_number() ? (*it)[1].get<double>() : kNaN;
        f.band.valid = true;
    }
    f.error = j.value("error", "");
    return f;
}

double worst(const WindowResult &w, const std::string &field)
{
    double best = kNaN;
    for (const auto &f : w.features) {
        double v = kNaN;
        if (field == "score") {
            v = f.score;
            if (std::isnan(v))
                continue;
            const bool pvalue = isPValueMethod(f.method);
            if (std::isnan(best) || (pvalue ? v < best : v > best))
                best = v;
            continue;
        }
        if (field == "drift")
            v = f.drift;
        else if (field == "outside_band")
            v = f.outsideBand;
        else if (field == "missing_rate")
            v = f.missingRate();
        else if (field == "out_of_range")
            v = static_cast<double>(f.outOfRange);
        else if (field == "unseen")
            v = static_cast<double>(f.unseen);
        else if (field == "type_errors")
            v = static_cast<double>(f.typeErrors);
        if (!std::isnan(v) && (std::isnan(best) || v > best))
            best = v;
    }
    return best;
}

std::optional<double> featureField(const FeatureStats &f, const std::string &field)
{
    if (field == "score")
        return std::isnan(f.score) ? std::nullopt : std::optional<double>(f.score);
    if (field == "drift")
        return f.drift ? 1.0 : 0.0;
    if (field == "outside_band")
        return f.outsideBand ? 1.0 : 0.0;
    if (field == "missing_rate")
        return f.missingRate();
    if (field == "out_of_range")
        return static_cast<double>(f.outOfRange);
    if (field == "unseen")
        return static_cast<double>(f.unseen);
    if (field == "type_errors")
        return static_cast<double>(f.typeErrors);
    if (field == "mean")
        return std::isnan(f.mean) ? std::nullopt : std::optional<double>(f.mean);
    return std::nullopt;
}

} // namespace

Json windowToJson(const WindowResult &w)
{
    Json j = {{"id", w.id},
              {"start", w.start},
              {"end", w.end},
              {"first_prediction", w.firstPredictionId},
              {"last_prediction", w.lastPredictionId},
              {"rows", w.rows},
              {"bad_rows", w.badRows},
              {"drift_share", w.driftShare},
              {"dataset_drift", w.datasetDrift}};
    Json features = Json::array();
    for (const auto &f : w.features)
        features.push_back(featureToJson(f));
    j["features"] = std::move(features);
    if (w.output)
        j["output"] = featureToJson(*w.output);
    if (w.performance) {
        Json metrics = Json::object();
        for (const auto &[k, v] : w.performance->metrics)
            metrics[k] = num(v);
        j["performance"] = {{"estimated", w.performance->estimated},
                            {"labelled", w.performance->labelled},
                            {"metrics", metrics}};
    }
    if (w.fairness) {
        const auto &f = *w.fairness;
        Json groups = Json::array();
        for (const auto &g : f.groups)
            groups.push_back({{"group", g.group},
                              {"size", g.size},
                              {"selection_rate", num(g.selectionRate)},
                              {"true_positive_rate", num(g.truePositiveRate)}});
        j["fairness"] = {{"column", f.column},
                         {"positive_class", f.positiveClass},
                         {"groups", groups},
                         {"demographic_parity_difference", num(f.demographicParityDifference)},
                         {"disparate_impact_ratio", num(f.disparateImpactRatio)},
                         {"equal_opportunity_difference", num(f.equalOpportunityDifference)},
                         {"warnings", f.warnings}};
    }
    return j;
}

Result<WindowResult> windowFromJson(const Json &j)
{
    if (!j.is_object() || !j.contains("features") || !j["features"].is_array())
        return Error(ErrorCode::InvalidArgument, "a stored window lacks its 'features' list");
    try {
        WindowResult w;
        w.id = j.value("id", std::int64_t(0));
        w.start = j.value("start", std::int64_t(0));
        w.end = j.value("end", std::int64_t(0));
        w.firstPredictionId = j.value("first_prediction", std::int64_t(0));
        w.lastPredictionId = j.value("last_prediction", std::int64_t(0));
        w.rows = j.value("rows", std::uint64_t(0));
        w.badRows = j.value("bad_rows", std::uint64_t(0));
        w.driftShare = readNum(j, "drift_share");
        w.datasetDrift = j.value("dataset_drift", false);
        for (const auto &f : j["features"])
            w.features.push_back(featureFromJson(f));
        if (auto it = j.find("output"); it != j.end() && it->is_object())
            w.output = featureFromJson(*it);
        if (auto it = j.find("performance"); it != j.end() && it->is_object()) {
            PerformanceStats p;
            p.estimated = it->value("estimated", false);
            p.labelled = it->value("labelled", std::uint64_t(0));
            if (auto m = it->find("metrics"); m != it->end() && m->is_object())
                for (auto e = m->begin(); e != m->end(); ++e)
                    p.metrics[e.key()] = e->is_number() ? e->get<double>() : kNaN;
            w.performance = p;
        }
        if (auto it = j.find("fairness"); it != j.end() && it->is_object()) {
            FairnessStats f;
            f.column = it->value("column", "");
            f.positiveClass = it->value("positive_class", "");
            for (const auto &g : it->value("groups", Json::array()))
                f.groups.push_back({g.value("group", ""), g.value("size", std::uint64_t(0)),
                                    readNum(g, "selection_rate"), readNum(g, "true_positive_rate")});
            f.demographicParityDifference = readNum(*it, "demographic_parity_difference");
            f.disparateImpactRatio = readNum(*it, "disparate_impact_ratio");
            f.equalOpportunityDifference = readNum(*it, "equal_opportunity_difference");
            f.warnings = it->value("warnings", std::vector<std::string>{});
            w.fairness = f;
        }
        return w;
    } catch (const std::exception &e) {
        return Error(ErrorCode::InvalidArgument,
                     std::string("a stored window has a malformed field: ") + e.what());
    }
}

std::optional<double> windowStatistic(const WindowResult &w, const std::string &name)
{
    auto opt = [](double v) {
        return std::isnan(v) ? std::nullopt : std::optional<double>(v);
    };
    if (name == "rows")
        return static_cast<double>(w.rows);
    if (name == "bad_rows")
        return static_cast<double>(w.badRows);
    if (name == "drift_share")
        return opt(w.driftShare);
    if (name == "dataset_drift")
        return w.datasetDrift ? 1.0 : 0.0;
    if (name.rfind("feature.", 0) == 0) {
        const auto dot = name.rfind('.');
        if (dot <= 8)
            return std::nullopt;
        const std::string feature = name.substr(8, dot - 8), field = name.substr(dot + 1);
        if (feature == "*")
            return opt(worst(w, field));
        for (const auto &f : w.features)
            if (f.name == feature)
                return featureField(f, field);
        return std::nullopt;
    }
    if (name.rfind("output.", 0) == 0)
        return w.output ? featureField(*w.output, name.substr(7)) : std::nullopt;
    if (name.rfind("performance.", 0) == 0) {
        if (!w.performance)
            return std::nullopt;
        const std::string metric = name.substr(12);
        if (metric == "labelled")
            return static_cast<double>(w.performance->labelled);
        auto it = w.performance->metrics.find(metric);
        return it == w.performance->metrics.end() ? std::nullopt : opt(it->second);
    }
    if (name.rfind("fairness.", 0) == 0 && w.fairness) {
        const std::string m = name.substr(9);
        if (m == "demographic_parity_difference")
            return opt(w.fairness->demographicParityDifference);
        if (m == "disparate_impact_ratio")
            return opt(w.fairness->disparateImpactRatio);
        if (m == "equal_opportunity_difference")
            return opt(w.fairness->equalOpportunityDifference);
    }
    return std::nullopt;
}

} // namespace mdeck::monitor
