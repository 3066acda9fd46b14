#pragma once

// Where the Drift panel's data comes from, behind one narrow interface: the
// workspace's monitor (live), a snapshot file (read-only, no workspace or
// engine needed) or memory (tests, samples). Calls run on the panel's worker
// thread, so implementations are thread-safe. Errors are English or
// translated sentences that name the file or the scope.

#include "ui/drift/drift_view_model.h"

#include "core/base/result.h"

#include <QString>

#include <memory>
#include <mutex>

namespace mdeck::ui::drift {

struct RuleDraft
{
    QString name;
    QString scope;   // DriftScope::id
    QString feature;
    QString method;  // DriftMethod::id
    double threshold = 0;
    int consecutive = 1; // windows in a row before it fires
};

class DriftSource
{
public:
    virtual ~DriftSource() = default;

    // A snapshot cannot change: no live windows, no rules.
    virtual bool isReadOnly() const = 0;
    // What the banner names: the snapshot file or the workspace folder.
    virtual QString origin() const = 0;
    virtual Result<QList<DriftScope>> scopes() = 0;
    // Windows that start in [fromMs, toMs); fromMs = toMs = 0 means all.
    virtual Result<DriftViewModel> load(const QString &scope, qint64 fromMs, qint64 toMs) = 0;
    // Windows that start after `afterMs` (empty when none), for live updates.
    virtual Result<DriftViewModel> newWindows(const QString &scope, qint64 afterMs) = 0;
    // Stores an alert rule; returns its name.
    virtual Result<QString> saveRule(const RuleDraft &rule) = 0;
};

// Holds a view model; appendWindows() from any thread makes them "arrive".
class MemoryDriftSource : public DriftSource
{
public:
    explicit MemoryDriftSource(DriftViewModel model, QString origin = {});

    bool isReadOnly() const override { return false; }
    QString origin() const override { return m_origin; }
    Result<QList<DriftScope>> scopes() override;
    Result<DriftViewModel> load(const QString &scope, qint64 fromMs, qint64 toMs) override;
    Result<DriftViewModel> newWindows(const QString &scope, qint64 afterMs) override;
    Result<QString> saveRule(const RuleDraft &rule) override;

    bool appendWindows(const DriftViewModel &windows);
    QList<RuleDraft> savedRules() const;

private:
    mutable std::mutex m_mutex;
    DriftViewModel m_model;
    QString m_origin;
    QList<RuleDraft> m_rules;
};

// A snapshot file opened read-only.
class SnapshotDriftSource : public DriftSource
{
public:
    // Reads and checks the whole file.
    static Result<std::shared_ptr<SnapshotDriftSource>> open(const QString &path);

    bool isReadOnly() const override { return true; }
    QString origin() const override { return m_path; }
    Result<QList<DriftScope>> scopes() override;
    Result<DriftViewModel> load(const QString &scope, qint64 fromMs, qint64 toMs) override;
    Result<DriftViewModel> newWindows(const QString &scope, qint64 afterMs) override;
    Result<QString> saveRule(const RuleDraft &rule) override;

private:
    SnapshotDriftSource(QString path, DriftViewModel model);

    QString m_path;
    DriftViewModel m_model;
};

// The windows of `model` that start in [fromMs, toMs) (all when both are 0).
DriftViewModel sliceWindows(const DriftViewModel &model, qint64 fromMs, qint64 toMs);

} // namespace mdeck::ui::drift
