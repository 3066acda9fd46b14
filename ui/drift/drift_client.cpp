#include "ui/drift/drift_client.h"

#include "ui/drift/drift_snapshot.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent>

#include <optional>

namespace mdeck::ui::drift {

namespace {

template<typename T>
struct Answer
{
    std::optional<T> value;
    QString error;
};

} // namespace

DriftClient::DriftClient(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_pool.setMaxThreadCount(1);
    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, &DriftClient::poll);
}

DriftClient::~DriftClient()
{
    m_pool.clear();
    for (QFutureWatcherBase *watcher : findChildren<QFutureWatcherBase *>())
        watcher->disconnect(this);
    m_pool.waitForDone();
}

void DriftClient::setSource(std::shared_ptr<DriftSource> source)
{
    ++m_generation;
    m_source = std::move(source);
    m_scope.clear();
    m_lastStartMs = 0;
    m_polling = false;
    m_timer->stop();
}

template<typename T>
void DriftClient::run(std::function<Result<T>(DriftSource &)> work, std::function<void(T)> done,
                      bool quiet)
{
    if (!m_source)
        return;
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<Answer<T>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, done, quiet] {
        watcher->deleteLater();
        if (!quiet && --m_running == 0)
            Q_EMIT busyChanged(false);
        if (quiet && generation == m_generation)
            m_polling = false;
        if (generation != m_generation || watcher->future().resultCount() == 0)
            return;
        Answer<T> answer = watcher->future().takeResult();
        if (answer.value)
            done(std::move(*answer.value));
        else
            Q_EMIT failed(answer.error);
    });
    if (!quiet && m_running++ == 0)
        Q_EMIT busyChanged(true);
    watcher->setFuture(QtConcurrent::run(&m_pool, [source = m_source, work] {
        Answer<T> answer;
        try {
            Result<T> result = work(*source);
            if (result)
                answer.value = std::move(*result);
            else
                answer.error = QString::fromStdString(result.error().message);
        } catch (const std::exception &e) {
            answer.error = QString::fromUtf8(e.what());
        }
        return answer;
    }));
}

void DriftClient::loadScopes()
{
    run<QList<DriftScope>>([](DriftSource &s) { return s.scopes(); },
                           [this](QList<DriftScope> scopes) { Q_EMIT scopesLoaded(scopes); });
}

void DriftClient::load(const QString &scope, qint64 fromMs, qint64 toMs)
{
    ++m_generation;
    m_scope = scope;
    m_polling = false;
    run<DriftViewModel>([scope, fromMs, toMs](DriftSource &s) { return s.load(scope, fromMs, toMs); },
                        [this](DriftViewModel model) {
                            m_lastStartMs = model.windows.empty() ? 0 : model.windows.back().startMs;
                            Q_EMIT loaded(model);
                            if (m_live && !m_source->isReadOnly())
                                m_timer->start();
                        });
}

void DriftClient::setLive(bool live)
{
    m_live = live;
    if (live && m_source && !m_source->isReadOnly() && !m_scope.isEmpty())
        m_timer->start();
    else
        m_timer->stop();
}

void DriftClient::setPollInterval(int ms)
{
    m_timer->setInterval(ms);
}

void DriftClient::saveRule(const RuleDraft &rule)
{
    run<QString>([rule](DriftSource &s) { return s.saveRule(rule); },
                 [this](QString name) { Q_EMIT ruleSaved(name); });
}

void DriftClient::openSnapshot(const QString &path)
{
    auto *watcher = new QFutureWatcher<Answer<std::shared_ptr<DriftSource>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (--m_running == 0)
            Q_EMIT busyChanged(false);
        if (watcher->future().resultCount() == 0)
            return;
        auto answer = watcher->future().takeResult();
        if (!answer.value) {
            Q_EMIT failed(answer.error);
            return;
        }
        setSource(*answer.value);
        Q_EMIT sourceChanged();
    });
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
    watcher->setFuture(QtConcurrent::run(&m_pool, [path] {
        Answer<std::shared_ptr<DriftSource>> answer;
        auto opened = SnapshotDriftSource::open(path);
        if (opened)
            answer.value = std::shared_ptr<DriftSource>(*opened);
        else
            answer.error = QString::fromStdString(opened.error().message);
        return answer;
    }));
}

void DriftClient::exportSnapshot(const DriftViewModel &model, const QString &path)
{
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        if (--m_running == 0)
            Q_EMIT busyChanged(false);
        const QString error = watcher->future().resultCount() ? watcher->future().result() : QString();
        if (error.isEmpty())
            Q_EMIT snapshotExported(path);
        else
            Q_EMIT failed(error);
    });
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
    watcher->setFuture(QtConcurrent::run(&m_pool, [model, path] {
        auto written = writeDriftSnapshot(model, path);
        return written ? QString() : QString::fromStdString(written.error().message);
    }));
}

void DriftClient::poll()
{
    // One poll at a time: a slow source is not queued up behind itself.
    if (m_polling || m_scope.isEmpty() || !m_source)
        return;
    m_polling = true;
    const QString scope = m_scope;
    const qint64 after = m_lastStartMs;
    run<DriftViewModel>(
        [scope, after](DriftSource &s) { return s.newWindows(scope, after); },
        [this](DriftViewModel windows) {
            if (windows.windows.empty())
                return;
            m_lastStartMs = windows.windows.back().startMs;
            Q_EMIT windowsArrived(windows);
        },
        true);
}

} // namespace mdeck::ui::drift
