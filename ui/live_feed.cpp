#include "ui/live_feed.h"

#include <QTimer>

namespace mdeck::ui {

LiveFeed::LiveFeed(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(kMergeMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        // Cleared before ready(): anything appended from here on schedules another round.
        m_pending = false;
        Q_EMIT ready();
    });
}

void LiveFeed::notify()
{
    if (m_pending.exchange(true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_timer->isActive())
                m_timer->start();
        },
        Qt::QueuedConnection);
}

} // namespace mdeck::ui
