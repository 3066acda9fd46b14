#pragma once

// Runs the calls of a DriftSource off the GUI thread, one at a time, and
// answers with signals on the GUI thread. While live, it asks the source
// for new windows every `pollMs` (500 ms by default, so a window stored by
// `mdeck serve` shows within a second); each poll's windows arrive as one
// batch. Answers to a source or scope that has since been replaced are
// dropped, and a destroyed client waits for its running call and delivers
// nothing. GUI thread only.

#include "ui/drift/drift_source.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

class QTimer;

namespace mdeck::ui::drift {

class DriftClient : public QObject
{
    Q_OBJECT

public:
    explicit DriftClient(QObject *parent = nullptr);
    ~DriftClient() override;

    void setSource(std::shared_ptr<DriftSource> source);
    DriftSource *source() const { return m_source.get(); }
    bool hasSource() const { return m_source != nullptr; }

    void loadScopes();
    // Loads [fromMs, toMs) of `scope` (0, 0 = all) and, when `live`, keeps polling after it.
    void load(const QString &scope, qint64 fromMs, qint64 toMs);
    void setLive(bool live);
    bool isLive() const { return m_live; }
    void setPollInterval(int ms);
    void saveRule(const RuleDraft &rule);
    // Reads the file off the GUI thread; on success it becomes the source (sourceChanged()).
    void openSnapshot(const QString &path);
    void exportSnapshot(const DriftViewModel &model, const QString &path);
    bool isBusy() const { return m_running > 0; }

Q_SIGNALS:
    void scopesLoaded(const QList<mdeck::ui::drift::DriftScope> &scopes);
    void loaded(const mdeck::ui::drift::DriftViewModel &model);
    void windowsArrived(const mdeck::ui::drift::DriftViewModel &windows);
    void ruleSaved(const QString &name);
    void sourceChanged();
    void snapshotExported(const QString &path);
    void failed(const QString &message);
    void busyChanged(bool busy);

private:
    template<typename T>
    void run(std::function<Result<T>(DriftSource &)> work, std::function<void(T)> done,
             bool quiet = false);
    void poll();

    QThreadPool m_pool;
    std::shared_ptr<DriftSource> m_source;
    QTimer *m_timer;
    quint64 m_generation = 0;
    QString m_scope;
    qint64 m_lastStartMs = 0;
    bool m_live = false;
    bool m_polling = false;
    int m_running = 0;
};

} // namespace mdeck::ui::drift
