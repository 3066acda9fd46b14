#include "ui/drift/drift_view_model.h"

#include <QCoreApplication>

namespace mdeck::ui::drift {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(DriftViewModel)
};

const std::vector<double> kNoCounts;

} // namespace

int DriftViewModel::methodIndex(const QString &id) const
{
    for (int i = 0; i < methods.size(); ++i)
        if (methods[i].id == id)
            return i;
    return -1;
}

double DriftViewModel::score(int method, int feature, int window) const
{
    if (method < 0 || method >= scores.size() || feature < 0 || feature >= featureCount()
        || window < 0 || window >= windowCount())
        return NAN;
    return scores[method].scores[std::size_t(feature) * windows.size() + std::size_t(window)];
}

const std::vector<double> &DriftViewModel::currentCounts(int feature, int window) const
{
    const std::size_t i = std::size_t(feature) * windows.size() + std::size_t(window);
    if (feature < 0 || window < 0 || feature >= featureCount() || window >= windowCount()
        || i >= current.size())
        return kNoCounts;
    return current[i];
}

QString DriftViewModel::validate() const
{
    const std::size_t f = std::size_t(features.size());
    const std::size_t w = windows.size();
    if (scores.size() != methods.size())
        return Tr::tr("%1 methods but %2 score matrices").arg(methods.size()).arg(scores.size());
    for (int m = 0; m < scores.size(); ++m) {
        const MethodScores &s = scores[m];
        if (s.scores.size() != f * w)
            return Tr::tr("method %1: %2 scores for %3 features × %4 windows")
                .arg(methods[m].id)
                .arg(s.scores.size())
                .arg(f)
                .arg(w);
        if (s.thresholds.size() != f || s.bandMean.size() != f || s.bandSigma.size() != f)
            return Tr::tr("method %1: thresholds or bands do not match the %2 features")
                .arg(methods[m].id)
                .arg(f);
    }
    for (const FeatureInfo &info : features) {
        const std::size_t bins = info.categorical ? std::size_t(info.categories.size())
                                                  : (info.edges.empty() ? 0 : info.edges.size() - 1);
        if (info.reference.size() != bins)
            return Tr::tr("feature %1: %2 reference counts for %3 bins")
                .arg(info.name)
                .arg(info.reference.size())
                .arg(bins);
    }
    if (!current.empty() && current.size() != f * w)
        return Tr::tr("%1 current histograms for %2 features × %3 windows")
            .arg(current.size())
            .arg(f)
            .arg(w);
    for (std::size_t i = 0; i < current.size(); ++i)
        if (current[i].size() != features[qsizetype(i / std::max<std::size_t>(w, 1))].reference.size())
            return Tr::tr("feature %1, window %2: the counts do not match its bins")
                .arg(features[qsizetype(i / w)].name)
                .arg(i % w + 1);
    for (const QualitySeries &q : quality)
        if (q.values.size() != w)
            return Tr::tr("quality series %1 has %2 values for %3 windows").arg(q.name).arg(q.values.size()).arg(w);
    for (const PerformanceSeries &p : performance)
        if (p.values.size() != w || (!p.lower.empty() && p.lower.size() != w)
            || (!p.upper.empty() && p.upper.size() != w))
            return Tr::tr("performance series %1 does not match the %2 windows").arg(p.metric).arg(w);
    for (const GroupStats &g : fairness.groups)
        if (g.sizes.size() != w || g.positiveRate.size() != w || g.truePositiveRate.size() != w)
            return Tr::tr("fairness group %1 does not match the %2 windows").arg(g.group).arg(w);
    for (std::size_t i = 1; i < w; ++i)
        if (windows[i].startMs < windows[i - 1].startMs)
            return Tr::tr("window %1 starts before the one before it").arg(i + 1);
    return {};
}

bool DriftViewModel::append(const DriftViewModel &update)
{
    if (update.windows.empty())
        return true;
    if (update.features.size() != features.size() || update.methods.size() != methods.size()
        || update.quality.size() != quality.size() || update.performance.size() != performance.size()
        || update.fairness.groups.size() != fairness.groups.size()
        || (!windows.empty() && update.windows.front().startMs < windows.back().startMs))
        return false;
    const std::size_t f = std::size_t(features.size());
    const std::size_t w = windows.size();
    const std::size_t a = update.windows.size();
    auto mergeRows = [f, w, a](const std::vector<double> &old, const std::vector<double> &added) {
        std::vector<double> out;
        out.reserve(f * (w + a));
        for (std::size_t r = 0; r < f; ++r) {
            out.insert(out.end(), old.begin() + std::ptrdiff_t(r * w), old.begin() + std::ptrdiff_t((r + 1) * w));
            out.insert(out.end(), added.begin() + std::ptrdiff_t(r * a), added.begin() + std::ptrdiff_t((r + 1) * a));
        }
        return out;
    };
    for (int m = 0; m < methods.size(); ++m)
        scores[m].scores = mergeRows(scores[m].scores, update.scores[m].scores);
    if (!current.empty() && update.current.size() == f * a) {
        std::vector<std::vector<double>> merged;
        merged.reserve(f * (w + a));
        for (std::size_t r = 0; r < f; ++r) {
            for (std::size_t c = 0; c < w; ++c)
                merged.push_back(std::move(current[r * w + c]));
            for (std::size_t c = 0; c < a; ++c)
                merged.push_back(update.current[r * a + c]);
        }
        current = std::move(merged);
    } else {
        current.clear();
    }
    auto extend = [](std::vector<double> &to, const std::vector<double> &from) {
        to.insert(to.end(), from.begin(), from.end());
    };
    for (int i = 0; i < quality.size(); ++i)
        extend(quality[i].values, update.quality[i].values);
    for (int i = 0; i < performance.size(); ++i) {
        extend(performance[i].values, update.performance[i].values);
        if (!performance[i].lower.empty())
            extend(performance[i].lower, update.performance[i].lower);
        if (!performance[i].upper.empty())
            extend(performance[i].upper, update.performance[i].upper);
    }
    for (int i = 0; i < fairness.groups.size(); ++i) {
        GroupStats &g = fairness.groups[i];
        const GroupStats &u = update.fairness.groups[i];
        g.sizes.insert(g.sizes.end(), u.sizes.begin(), u.sizes.end());
        extend(g.positiveRate, u.positiveRate);
        extend(g.truePositiveRate, u.truePositiveRate);
    }
    for (DriftAlert alert : update.alerts) {
        alert.window += int(w);
        alerts.push_back(alert);
    }
    windows.insert(windows.end(), update.windows.begin(), update.windows.end());
    return true;
}

BacktestResult backtest(const DriftViewModel &model, int method, int feature, double threshold)
{
    BacktestResult out;
    if (method < 0 || method >= model.methods.size() || feature < 0
        || feature >= model.featureCount())
        return out;
    const bool higher = model.methods[method].higherIsWorse;
    for (int w = 0; w < model.windowCount(); ++w) {
        const double s = model.score(method, feature, w);
        if (!std::isfinite(s))
            continue;
        ++out.windows;
        if (alerts(s, threshold, higher)) {
            ++out.alerted;
            out.alertedWindows.push_back(w);
            if (out.firstWindow < 0)
                out.firstWindow = w;
        }
    }
    return out;
}

} // namespace mdeck::ui::drift
