#pragma once

// What the parts of EngineBridge share (engine_bridge.cpp and
// engine_bridge_training.cpp): the open engine, the context handed to a
// task, and the template that runs a task on the pool. Include only there.

#include "ui/engine_bridge.h"
#include "ui/text_format.h"

#include "core/auth/user_directory.h"
#include "core/registry/model_registry.h"
#include "core/store/workspace.h"
#include "core/training/training_job.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent>

#include <exception>
#include <optional>
#include <stop_token>

namespace mdeck::ui {

namespace detail {

template<typename T>
struct Outcome
{
    std::optional<T> value;
    std::string error;
};

} // namespace detail

struct EngineBridge::Engine
{
    // Declared in this order so that the registry and users go before the workspace.
    std::unique_ptr<store::Workspace> workspace;
    std::unique_ptr<auth::UserDirectory> users;
    std::unique_ptr<registry::ModelRegistry> registry;

    static Result<std::shared_ptr<Engine>> open(const std::string &dir, bool create)
    {
        auto ws = create ? store::Workspace::create(dir) : store::Workspace::open(dir);
        if (!ws)
            return ws.error();
        auto engine = std::make_shared<Engine>();
        engine->workspace = std::move(*ws);
        engine->users = std::make_unique<auth::UserDirectory>(engine->workspace->db());
        engine->registry = std::make_unique<registry::ModelRegistry>(*engine->workspace,
                                                                     training::artifactValidator());
        return engine;
    }
};

// Handed to the work of a task: reports progress and turns a cancelled
// future into a stop request.
class EngineBridge::TaskContext
{
public:
    TaskContext(std::function<void(int, int)> report, std::function<bool()> cancelled)
        : m_report(std::move(report))
        , m_cancelled(std::move(cancelled))
    {}

    void step(int done, int total)
    {
        if (m_cancelled())
            m_stop.request_stop();
        m_report(done, total);
    }
    std::stop_token stopToken() const { return m_stop.get_token(); }
    // Whether the task's future was cancelled (the bridge is closing); callable from any thread.
    bool cancelled() const { return m_cancelled(); }

private:
    std::function<void(int, int)> m_report;
    std::function<bool()> m_cancelled;
    std::stop_source m_stop;
};

template<typename T, typename Work, typename Done>
quint64 EngineBridge::start(const QString &operation, Work work, Done done)
{
    const quint64 ticket = ++m_lastTicket;
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<detail::Outcome<T>>(this);
    connect(watcher, &QFutureWatcherBase::progressValueChanged, this,
            [this, watcher, operation](int value) {
                Q_EMIT progress(operation, value, watcher->progressMaximum());
            });
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, operation, ticket, generation, done = std::move(done)] {
                watcher->deleteLater();
                QFuture<detail::Outcome<T>> future = watcher->future();
                if (generation == m_generation && future.resultCount() > 0) {
                    detail::Outcome<T> outcome = future.takeResult();
                    if (outcome.value)
                        done(ticket, std::move(*outcome.value));
                    else
                        Q_EMIT failed(ticket, operation, toQ(outcome.error));
                }
                // Last, so that "not busy" means the answer is out, and follow-up requests
                // made by the receivers keep the bridge busy without a flicker.
                taskFinished();
            });
    taskStarted(operation);
    watcher->setFuture(
        QtConcurrent::run(&m_pool,
                          [work = std::move(work)](QPromise<detail::Outcome<T>> &promise) mutable {
                              TaskContext ctx(
                                  [&promise](int done, int total) {
                                      promise.setProgressRange(0, total);
                                      promise.setProgressValue(done);
                                  },
                                  [&promise] { return promise.isCanceled(); });
                              detail::Outcome<T> outcome;
                              try {
                                  Result<T> result = work(ctx);
                                  if (result)
                                      outcome.value = std::move(*result);
                                  else
                                      outcome.error = result.error().message;
                              } catch (const std::exception &e) {
                                  // Core returns errors as values; this is the last fence before the event loop.
                                  outcome.error = std::string("internal error: ") + e.what();
                              }
                              promise.addResult(std::move(outcome));
                          }));
    return ticket;
}

} // namespace mdeck::ui
