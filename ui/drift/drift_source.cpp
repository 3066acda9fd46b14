#include "ui/drift/drift_source.h"

#include "ui/drift/drift_snapshot.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <algorithm>
#include <limits>

namespace mdeck::ui::drift {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(DriftSource)
};

Error notFound(const QString &scope)
{
    return Error(ErrorCode::NotFound, Tr::tr("No drift data for %1.").arg(scope).toStdString());
}

} // namespace

DriftViewModel sliceWindows(const DriftViewModel &model, qint64 fromMs, qint64 toMs)
{
    if (fromMs == 0 && toMs == 0)
        return model;
    std::vector<int> keep;
    for (int w = 0; w < model.windowCount(); ++w)
        if (model.windows[std::size_t(w)].startMs >= fromMs && model.windows[std::size_t(w)].startMs < toMs)
            keep.push_back(w);
    DriftViewModel out;
    out.scope = model.scope;
    out.methods = model.methods;
    out.features = model.features;
    out.fairness.attribute = model.fairness.attribute;
    out.fairness.referenceGroup = model.fairness.referenceGroup;
    out.fairness.minGroupSize = model.fairness.minGroupSize;
    const std::size_t wn = model.windows.size();
    for (int w : keep)
        out.windows.push_back(model.windows[std::size_t(w)]);
    for (const MethodScores &s : model.scores) {
        MethodScores t{{}, s.thresholds, s.bandMean, s.bandSigma};
        for (int f = 0; f < model.featureCount(); ++f)
            for (int w : keep)
                t.scores.push_back(s.scores[std::size_t(f) * wn + std::size_t(w)]);
        out.scores.append(t);
    }
    if (!model.current.empty())
        for (int f = 0; f < model.featureCount(); ++f)
            for (int w : keep)
                out.current.push_back(model.current[std::size_t(f) * wn + std::size_t(w)]);
    auto pick = [&keep](const std::vector<double> &v) {
        std::vector<double> o;
        if (v.empty())
            return o;
        for (int w : keep)
            o.push_back(v[std::size_t(w)]);
        return o;
    };
    for (const QualitySeries &q : model.quality)
        out.quality.append({q.name, pick(q.values)});
    for (const PerformanceSeries &p : model.performance)
        out.performance.append({p.metric, p.estimated, pick(p.values), pick(p.lower), pick(p.upper)});
    for (const GroupStats &g : model.fairness.groups) {
        GroupStats t{g.group, {}, pick(g.positiveRate), pick(g.truePositiveRate)};
        for (int w : keep)
            t.sizes.push_back(g.sizes[std::size_t(w)]);
        out.fairness.groups.append(t);
    }
    for (const DriftAlert &a : model.alerts) {
        const auto it = std::find(keep.begin(), keep.end(), a.window);
        if (it != keep.end()) {
            DriftAlert b = a;
            b.window = int(it - keep.begin());
            out.alerts.push_back(b);
        }
    }
    return out;
}

MemoryDriftSource::MemoryDriftSource(DriftViewModel model, QString origin)
    : m_model(std::move(model))
    , m_origin(std::move(origin))
{}

Result<QList<DriftScope>> MemoryDriftSource::scopes()
{
    const std::lock_guard lock(m_mutex);
    return QList<DriftScope>{m_model.scope};
}

Result<DriftViewModel> MemoryDriftSource::load(const QString &scope, qint64 fromMs, qint64 toMs)
{
    const std::lock_guard lock(m_mutex);
    if (scope != m_model.scope.id)
        return notFound(scope);
    return sliceWindows(m_model, fromMs, toMs);
}

Result<DriftViewModel> MemoryDriftSource::newWindows(const QString &scope, qint64 afterMs)
{
    const std::lock_guard lock(m_mutex);
    if (scope != m_model.scope.id)
        return notFound(scope);
    return sliceWindows(m_model, afterMs + 1, std::numeric_limits<qint64>::max());
}

Result<QString> MemoryDriftSource::saveRule(const RuleDraft &rule)
{
    const std::lock_guard lock(m_mutex);
    for (const RuleDraft &r : m_rules)
        if (r.name == rule.name)
            return Error(ErrorCode::Conflict,
                         Tr::tr("A rule named %1 exists already.").arg(rule.name).toStdString());
    m_rules.append(rule);
    return rule.name;
}

bool MemoryDriftSource::appendWindows(const DriftViewModel &windows)
{
    const std::lock_guard lock(m_mutex);
    return m_model.append(windows);
}

QList<RuleDraft> MemoryDriftSource::savedRules() const
{
    const std::lock_guard lock(m_mutex);
    return m_rules;
}

SnapshotDriftSource::SnapshotDriftSource(QString path, DriftViewModel model)
    : m_path(std::move(path))
    , m_model(std::move(model))
{}

Result<std::shared_ptr<SnapshotDriftSource>> SnapshotDriftSource::open(const QString &path)
{
    auto model = readDriftSnapshot(path);
    if (!model)
        return model.error();
    return std::shared_ptr<SnapshotDriftSource>(
        new SnapshotDriftSource(QFileInfo(path).absoluteFilePath(), std::move(*model)));
}

Result<QList<DriftScope>> SnapshotDriftSource::scopes()
{
    return QList<DriftScope>{m_model.scope};
}

Result<DriftViewModel> SnapshotDriftSource::load(const QString &scope, qint64 fromMs, qint64 toMs)
{
    if (scope != m_model.scope.id)
        return notFound(scope);
    return sliceWindows(m_model, fromMs, toMs);
}

Result<DriftViewModel> SnapshotDriftSource::newWindows(const QString &scope, qint64)
{
    if (scope != m_model.scope.id)
        return notFound(scope);
    DriftViewModel none = sliceWindows(m_model, 1, 1);
    return none;
}

Result<QString> SnapshotDriftSource::saveRule(const RuleDraft &)
{
    return Error(ErrorCode::PermissionDenied,
                 Tr::tr("%1 is a read-only snapshot; open the workspace to save rules.")
                     .arg(m_path)
                     .toStdString());
}

} // namespace mdeck::ui::drift
