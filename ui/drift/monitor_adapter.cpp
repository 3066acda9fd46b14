#include "ui/drift/monitor_adapter.h"

#include "core/auth/user_directory.h"
#include "core/common/files.h"
#include "core/monitor/monitor_service.h"
#include "core/monitor/rules.h"
#include "core/registry/model_registry.h"
#include "core/store/workspace.h"
#include "core/training/training_job.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace mdeck::ui::drift {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(MonitorAdapter)
};

constexpr int kMaxCategories = 40;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString methodTitle(monitor::DriftMethod method)
{
    switch (method) {
    case monitor::DriftMethod::KS:
        return Tr::tr("KS p-value");
    case monitor::DriftMethod::ChiSquare:
        return Tr::tr("χ² p-value");
    case monitor::DriftMethod::ZTest:
        return Tr::tr("Z-test p-value");
    case monitor::DriftMethod::Wasserstein:
        return Tr::tr("Wasserstein (normed)");
    case monitor::DriftMethod::JensenShannon:
        return Tr::tr("Jensen–Shannon");
    case monitor::DriftMethod::PSI:
        return Tr::tr("PSI");
    case monitor::DriftMethod::Auto:
        break;
    }
    return Tr::tr("automatic");
}

// Reference counts over `edges` (values outside go to the end bins, as the monitor counts windows).
std::vector<double> countInto(const std::vector<double> &edges, const std::vector<double> &sorted)
{
    std::vector<double> counts(edges.size() > 1 ? edges.size() - 1 : 0, 0.0);
    if (counts.empty())
        return counts;
    for (double v : sorted) {
        const auto it = std::upper_bound(edges.begin(), edges.end(), v);
        const std::ptrdiff_t bin = std::clamp<std::ptrdiff_t>(it - edges.begin() - 1, 0,
                                                              std::ptrdiff_t(counts.size()) - 1);
        counts[std::size_t(bin)] += 1;
    }
    return counts;
}

Error scopeNotFound(const QString &scope)
{
    return Error(ErrorCode::NotFound, Tr::tr("No drift data for %1.").arg(scope).toStdString());
}

} // namespace

QString seriesTitle(const std::string &series)
{
    QString deployment, model, version, rows, ms;
    for (const QString &part : q(series).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString key = part.section(QLatin1Char('='), 0, 0);
        const QString value = part.section(QLatin1Char('='), 1);
        if (key == QLatin1String("deployment"))
            deployment = value;
        else if (key == QLatin1String("model"))
            model = value;
        else if (key == QLatin1String("version"))
            version = value;
        else if (key == QLatin1String("rows"))
            rows = value;
        else if (key == QLatin1String("ms"))
            ms = value;
    }
    QString what = !model.isEmpty() ? Tr::tr("%1 v%2").arg(model, version) : QString();
    if (!deployment.isEmpty())
        what = what.isEmpty() ? Tr::tr("deployment %1").arg(deployment)
                              : Tr::tr("deployment %1 (%2)").arg(deployment, what);
    if (what.isEmpty())
        return q(series);
    if (!rows.isEmpty())
        return Tr::tr("%1 · windows of %2 rows").arg(what, rows);
    if (!ms.isEmpty())
        return Tr::tr("%1 · windows of %2 min").arg(what).arg(ms.toLongLong() / 60000);
    return what;
}

DriftViewModel fromMonitor(const DriftScope &scope, const monitor::Reference &reference,
                           std::span<const monitor::WindowResult> windows)
{
    DriftViewModel m;
    m.scope = scope;
    m.methods = {{QStringLiteral("monitor"), Tr::tr("Column statistic"), true, 0}};
    MethodScores scores;
    const std::size_t nf = reference.columns.size();
    const std::size_t nw = windows.size();
    for (const monitor::ReferenceColumn &c : reference.columns) {
        FeatureInfo info;
        info.name = q(c.name);
        info.categorical = c.kind == monitor::ColumnKind::Categorical;
        if (info.categorical) {
            std::vector<std::pair<std::string, std::uint64_t>> cats(c.categories.begin(),
                                                                    c.categories.end());
            std::stable_sort(cats.begin(), cats.end(),
                             [](const auto &a, const auto &b) { return a.second > b.second; });
            for (const auto &[name, count] : cats) {
                if (info.categories.size() >= kMaxCategories)
                    break;
                info.categories.append(q(name));
                info.reference.push_back(double(count));
            }
            // Categories the reference never saw, as the windows bring them.
            for (const monitor::WindowResult &w : windows)
                for (const monitor::FeatureStats &f : w.features)
                    if (f.name == c.name)
                        for (const auto &entry : f.categories)
                            if (!info.categories.contains(q(entry.first))
                                && info.categories.size() < kMaxCategories) {
                                info.categories.append(q(entry.first));
                                info.reference.push_back(0);
                            }
        } else {
            info.edges = c.histogramEdges;
            if (info.edges.size() < 2) {
                const double lo = c.min, hi = c.max > c.min ? c.max : c.min + 1;
                info.edges.clear();
                for (int i = 0; i <= 20; ++i)
                    info.edges.push_back(lo + (hi - lo) * i / 20);
            }
            info.reference = countInto(info.edges, c.sorted);
        }
        m.features.append(info);
        scores.thresholds.push_back(c.threshold);
        scores.bandMean.push_back(c.band.valid ? (c.band.lower + c.band.upper) / 2 : NAN);
        scores.bandSigma.push_back(c.band.valid ? (c.band.upper - c.band.lower) / 6 : NAN);
        scores.featureMethods.append(methodTitle(c.method));
        scores.higherIsWorse.push_back(monitor::isPValueMethod(c.method) ? 0 : 1);
    }
    scores.scores.assign(nf * nw, NAN);
    m.current.assign(nf * nw, {});
    QualitySeries missing{Tr::tr("missing values"), {}}, range{Tr::tr("out of range"), {}},
        unseen{Tr::tr("unseen categories"), {}}, typeErrors{Tr::tr("type errors"), {}};
    std::vector<std::string> metricNames;
    QStringList groups;
    QString attribute;
    for (const monitor::WindowResult &w : windows) {
        if (w.performance)
            for (const auto &entry : w.performance->metrics)
                if (std::find(metricNames.begin(), metricNames.end(), entry.first)
                    == metricNames.end())
                    metricNames.push_back(entry.first);
        if (w.fairness) {
            attribute = q(w.fairness->column);
            for (const monitor::GroupStats &g : w.fairness->groups)
                if (!groups.contains(q(g.group)))
                    groups.append(q(g.group));
        }
    }
    for (std::size_t wi = 0; wi < nw; ++wi) {
        const monitor::WindowResult &w = windows[wi];
        m.windows.push_back({w.start, w.end, qint64(w.rows)});
        double values = 0, missed = 0, outside = 0, unknown = 0, wrong = 0;
        for (std::size_t fi = 0; fi < nf; ++fi) {
            const monitor::ReferenceColumn &c = reference.columns[fi];
            const auto stats = std::find_if(w.features.begin(), w.features.end(),
                                            [&c](const monitor::FeatureStats &f) {
                                                return f.name == c.name;
                                            });
            if (stats == w.features.end())
                continue;
            const std::size_t at = fi * nw + wi;
            scores.scores[at] = stats->score;
            values += double(stats->count);
            missed += double(stats->missing);
            outside += double(stats->outOfRange);
            unknown += double(stats->unseen);
            wrong += double(stats->typeErrors);
            if (stats->drift)
                m.alerts.push_back(
                    {int(fi), int(wi), 0, stats->score, stats->threshold, Tr::tr("drift verdict")});
            const FeatureInfo &info = m.features[qsizetype(fi)];
            std::vector<double> counts(info.reference.size(), 0.0);
            if (info.categorical) {
                for (const auto &[name, count] : stats->categories) {
                    const qsizetype i = info.categories.indexOf(q(name));
                    if (i >= 0)
                        counts[std::size_t(i)] = double(count);
                }
            } else if (stats->histogram.size() == counts.size() + 2 && !counts.empty()) {
                // The monitor adds a bin below and one above the reference edges: fold them in.
                for (std::size_t b = 0; b < counts.size(); ++b)
                    counts[b] = double(stats->histogram[b + 1]);
                counts.front() += double(stats->histogram.front());
                counts.back() += double(stats->histogram.back());
            }
            m.current[at] = std::move(counts);
        }
        const double all = values + missed;
        missing.values.push_back(all > 0 ? missed / all : NAN);
        range.values.push_back(values > 0 ? outside / values : NAN);
        unseen.values.push_back(values > 0 ? unknown / values : NAN);
        typeErrors.values.push_back(all > 0 ? wrong / all : NAN);
    }
    m.scores = {scores};
    m.quality = {missing, range, unseen, typeErrors};
    for (const std::string &metric : metricNames) {
        PerformanceSeries realized{q(metric), false, {}, {}, {}};
        PerformanceSeries estimated{q(metric), true, {}, {}, {}};
        bool anyRealized = false, anyEstimated = false;
        for (const monitor::WindowResult &w : windows) {
            double v = NAN;
            bool isEstimate = false;
            if (w.performance) {
                const auto it = w.performance->metrics.find(metric);
                if (it != w.performance->metrics.end())
                    v = it->second;
                isEstimate = w.performance->estimated;
            }
            realized.values.push_back(isEstimate ? NAN : v);
            estimated.values.push_back(isEstimate ? v : NAN);
            anyRealized = anyRealized || (!isEstimate && std::isfinite(v));
            anyEstimated = anyEstimated || (isEstimate && std::isfinite(v));
        }
        if (anyRealized)
            m.performance.append(realized);
        if (anyEstimated)
            m.performance.append(estimated);
    }
    if (!groups.isEmpty()) {
        m.fairness.attribute = attribute;
        m.fairness.minGroupSize = qint64(monitor::kMinGroupSize);
        qint64 largest = -1;
        for (const QString &g : groups) {
            GroupStats s{g, {}, {}, {}};
            qint64 total = 0;
            for (const monitor::WindowResult &w : windows) {
                const monitor::GroupStats *found = nullptr;
                if (w.fairness)
                    for (const monitor::GroupStats &x : w.fairness->groups)
                        if (q(x.group) == g)
                            found = &x;
                s.sizes.push_back(found ? qint64(found->size) : 0);
                s.positiveRate.push_back(found ? found->selectionRate : NAN);
                s.truePositiveRate.push_back(found ? found->truePositiveRate : NAN);
                total += found ? qint64(found->size) : 0;
            }
            // The largest group is the reference the others are compared with.
            if (total > largest) {
                largest = total;
                m.fairness.referenceGroup = g;
            }
            m.fairness.groups.append(s);
        }
    }
    return m;
}

DriftViewModel fromMonitorSnapshot(const monitor::Snapshot &snapshot)
{
    const DriftScope scope{q(snapshot.series), seriesTitle(snapshot.series)};
    return fromMonitor(scope, snapshot.reference, snapshot.windows);
}

MonitorSnapshotSource::MonitorSnapshotSource(QString path, DriftViewModel model)
    : m_path(std::move(path))
    , m_model(std::move(model))
{}

Result<std::shared_ptr<MonitorSnapshotSource>> MonitorSnapshotSource::open(const QString &path)
{
    auto snapshot = monitor::readSnapshot(QFile::encodeName(path).toStdString());
    if (!snapshot)
        return snapshot.error();
    return std::shared_ptr<MonitorSnapshotSource>(
        new MonitorSnapshotSource(QFileInfo(path).absoluteFilePath(),
                                  fromMonitorSnapshot(*snapshot)));
}

Result<QList<DriftScope>> MonitorSnapshotSource::scopes()
{
    return QList<DriftScope>{m_model.scope};
}

Result<DriftViewModel> MonitorSnapshotSource::load(const QString &scope, qint64 fromMs, qint64 toMs)
{
    if (scope != m_model.scope.id)
        return scopeNotFound(scope);
    return sliceWindows(m_model, fromMs, toMs);
}

Result<DriftViewModel> MonitorSnapshotSource::newWindows(const QString &scope, qint64)
{
    if (scope != m_model.scope.id)
        return scopeNotFound(scope);
    return sliceWindows(m_model, 1, 1);
}

Result<QString> MonitorSnapshotSource::saveRule(const RuleDraft &)
{
    return Error(ErrorCode::PermissionDenied,
                 Tr::tr("%1 is a read-only snapshot; open the workspace to save rules.")
                     .arg(m_path)
                     .toStdString());
}

MonitorDriftSource::MonitorDriftSource(QString workspaceDir)
    : m_dir(std::move(workspaceDir))
{}

MonitorDriftSource::~MonitorDriftSource() = default;

Result<bool> MonitorDriftSource::ensureOpen()
{
    if (m_service)
        return true;
    auto ws = store::Workspace::open(QFile::encodeName(m_dir).toStdString());
    if (!ws)
        return ws.error();
    m_workspace = std::move(*ws);
    m_registry = std::make_unique<registry::ModelRegistry>(*m_workspace,
                                                           training::artifactValidator());
    m_service = std::make_unique<monitor::MonitorService>(*m_workspace, *m_registry);
    auth::UserDirectory users(m_workspace->db());
    auto actor = users.resolve(std::nullopt, auth::osLogin());
    if (!actor)
        return actor.error();
    m_actor = std::make_unique<auth::Actor>(std::move(*actor));
    return true;
}

Result<QList<DriftScope>> MonitorDriftSource::scopes()
{
    const std::lock_guard lock(m_mutex);
    if (auto opened = ensureOpen(); !opened)
        return opened.error();
    auto series = m_service->listSeries();
    if (!series)
        return series.error();
    QList<DriftScope> out;
    for (const std::string &s : *series)
        out.append({q(s), seriesTitle(s)});
    return out;
}

monitor::SeriesSpec MonitorDriftSource::spec(const std::string &series) const
{
    monitor::SeriesSpec spec;
    for (const QString &part : q(series).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const std::string key = part.section(QLatin1Char('='), 0, 0).toStdString();
        const std::string value = part.section(QLatin1Char('='), 1).toStdString();
        if (key == "deployment")
            spec.deployment = value;
        else if (key == "model")
            spec.model = value;
        else if (key == "version")
            spec.version = std::atoi(value.c_str());
        else if (key == "rows" || key == "ms") {
            spec.by = key == "rows" ? monitor::WindowBy::Rows : monitor::WindowBy::Time;
            spec.size = std::atoll(value.c_str());
        }
    }
    return spec;
}

Result<monitor::Reference> MonitorDriftSource::reference(const std::string &series)
{
    if (const auto it = m_references.find(series); it != m_references.end())
        return it->second;
    auto resolved = m_service->resolve(spec(series));
    if (!resolved)
        return resolved.error();
    m_references[series] = resolved->reference;
    return resolved->reference;
}

Result<DriftViewModel> MonitorDriftSource::read(const QString &scope, qint64 fromMs, qint64 toMs)
{
    const std::lock_guard lock(m_mutex);
    if (auto opened = ensureOpen(); !opened)
        return opened.error();
    const std::string series = scope.toStdString();
    auto ref = reference(series);
    if (!ref)
        return ref.error();
    monitor::WindowQuery query;
    query.series = series;
    query.from = fromMs;
    query.to = toMs;
    auto windows = m_service->windows(query);
    if (!windows)
        return windows.error();
    return fromMonitor({scope, seriesTitle(series)}, *ref, *windows);
}

Result<DriftViewModel> MonitorDriftSource::load(const QString &scope, qint64 fromMs, qint64 toMs)
{
    return read(scope, fromMs, toMs);
}

Result<DriftViewModel> MonitorDriftSource::newWindows(const QString &scope, qint64 afterMs)
{
    {
        const std::lock_guard lock(m_mutex);
        if (auto opened = ensureOpen(); !opened)
            return opened.error();
        // Windows of predictions logged since the last poll are evaluated and stored first.
        if (auto updated = m_service->update(spec(scope.toStdString()), *m_actor); !updated)
            return updated.error();
    }
    return read(scope, afterMs + 1, 0);
}

Result<QString> MonitorDriftSource::saveRule(const RuleDraft &rule)
{
    const std::lock_guard lock(m_mutex);
    const std::string path = QDir(m_dir).filePath(QStringLiteral("drift_rules.yaml")).toStdString();
    std::string text;
    if (fileExists(path)) {
        auto existing = readFile(path, 4u << 20);
        if (!existing)
            return existing.error();
        text = *existing;
        auto parsed = monitor::parseRules(text, path);
        if (!parsed)
            return parsed.error();
        for (const monitor::AlertRule &r : *parsed)
            if (r.name == rule.name.toStdString())
                return Error(ErrorCode::Conflict,
                             "a rule named " + r.name + " exists already in " + path);
    }
    if (text.find("rules:") == std::string::npos)
        text = "rules:\n";
    if (!text.empty() && text.back() != '\n')
        text += '\n';
    // Names and statistics are quoted: they may hold YAML's special characters.
    auto quoted = [](const QString &s) {
        QString escaped = s;
        escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('"'), QStringLiteral("\\\""));
        return (QLatin1Char('"') + escaped + QLatin1Char('"')).toStdString();
    };
    text += "  - name: " + quoted(rule.name) + "\n";
    text += "    series: " + quoted(rule.scope) + "\n";
    text += "    statistic: " + quoted(QStringLiteral("feature.%1.score").arg(rule.feature)) + "\n";
    text += "    threshold: " + QString::number(rule.threshold, 'g', 17).toStdString() + "\n";
    text += "    for: " + std::to_string(std::max(1, rule.consecutive)) + "\n";
    // The whole file must still parse before it replaces the old one.
    if (auto check = monitor::parseRules(text, path); !check)
        return check.error();
    if (auto written = writeFileAtomic(path, text); !written)
        return written.error();
    return rule.name;
}

Result<std::shared_ptr<DriftSource>> openSnapshotFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Io,
                     Tr::tr("Cannot open %1: %2").arg(path, file.errorString()).toStdString());
    const QByteArray head = file.read(32);
    file.close();
    if (head.startsWith(monitor::kSnapshotMagic)) {
        auto opened = MonitorSnapshotSource::open(path);
        if (!opened)
            return opened.error();
        return std::shared_ptr<DriftSource>(*opened);
    }
    auto opened = SnapshotDriftSource::open(path);
    if (!opened)
        return opened.error();
    return std::shared_ptr<DriftSource>(*opened);
}

} // namespace mdeck::ui::drift
