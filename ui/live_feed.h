#pragma once

// The notification half of the live-chart pattern: a worker appends to its
// own buffer under a mutex and calls notify() (any thread); the feed merges
// a burst of notifications into one ready() on the GUI thread, 40 ms after
// the first, where the receiver swaps the buffer and draws outside the lock.

#include <QObject>

#include <atomic>

class QTimer;

namespace mdeck::ui {

class LiveFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMergeMs = 40;

    explicit LiveFeed(QObject *parent = nullptr);

    // Any thread. The feed must outlive the call (the bridge keeps it until its task ends).
    void notify();

Q_SIGNALS:
    void ready();

private:
    QTimer *m_timer;
    std::atomic<bool> m_pending{false};
};

} // namespace mdeck::ui
