#pragma once

// The one adapter between core/monitor and the Drift panel's view model:
// a series' reference and stored windows become a DriftViewModel (one
// statistic per feature, as the monitor chooses it, with its own direction
// and threshold); a monitor snapshot file opens read-only; a workspace's
// stored windows are read (and polled) through MonitorService. Sources run
// on the panel's worker thread; the workspace is opened there on first use.

#include "ui/drift/drift_source.h"

#include "core/monitor/snapshot.h"

#include <map>
#include <memory>
#include <mutex>
#include <span>

namespace mdeck::store {
class Workspace;
}
namespace mdeck::registry {
class ModelRegistry;
}
namespace mdeck::monitor {
class MonitorService;
struct SeriesSpec;
} // namespace mdeck::monitor
namespace mdeck::auth {
struct Actor;
}

namespace mdeck::ui::drift {

DriftViewModel fromMonitor(const DriftScope &scope, const monitor::Reference &reference,
                           std::span<const monitor::WindowResult> windows);
DriftViewModel fromMonitorSnapshot(const monitor::Snapshot &snapshot);
// "model=iris;version=3;rows=1000" -> "iris v3 · 1000 rows".
QString seriesTitle(const std::string &series);

// A file written by `mdeck drift export`, read-only.
class MonitorSnapshotSource : public DriftSource
{
public:
    static Result<std::shared_ptr<MonitorSnapshotSource>> open(const QString &path);

    bool isReadOnly() const override { return true; }
    QString origin() const override { return m_path; }
    Result<QList<DriftScope>> scopes() override;
    Result<DriftViewModel> load(const QString &scope, qint64 fromMs, qint64 toMs) override;
    Result<DriftViewModel> newWindows(const QString &scope, qint64 afterMs) override;
    Result<QString> saveRule(const RuleDraft &rule) override;

private:
    MonitorSnapshotSource(QString path, DriftViewModel model);
    QString m_path;
    DriftViewModel m_model;
};

// The stored windows of a workspace. Each poll first evaluates the
// predictions logged since the last stored window (MonitorService::update,
// incremental and audited), so windows appear while `mdeck serve` logs
// predictions, with nothing else running. Rules are appended to
// <workspace>/drift_rules.yaml, the file `mdeck drift rules` reads.
class MonitorDriftSource : public DriftSource
{
public:
    explicit MonitorDriftSource(QString workspaceDir);
    ~MonitorDriftSource() override;

    bool isReadOnly() const override { return false; }
    QString origin() const override { return m_dir; }
    Result<QList<DriftScope>> scopes() override;
    Result<DriftViewModel> load(const QString &scope, qint64 fromMs, qint64 toMs) override;
    Result<DriftViewModel> newWindows(const QString &scope, qint64 afterMs) override;
    Result<QString> saveRule(const RuleDraft &rule) override;

private:
    Result<bool> ensureOpen();
    Result<monitor::Reference> reference(const std::string &series);
    monitor::SeriesSpec spec(const std::string &series) const;
    Result<DriftViewModel> read(const QString &scope, qint64 fromMs, qint64 toMs);

    QString m_dir;
    std::mutex m_mutex;
    std::unique_ptr<store::Workspace> m_workspace;
    std::unique_ptr<registry::ModelRegistry> m_registry;
    std::unique_ptr<monitor::MonitorService> m_service;
    std::unique_ptr<auth::Actor> m_actor;
    std::map<std::string, monitor::Reference> m_references;
};

// Opens either kind of snapshot file: a monitor snapshot or the panel's own view file.
Result<std::shared_ptr<DriftSource>> openSnapshotFile(const QString &path);

} // namespace mdeck::ui::drift
