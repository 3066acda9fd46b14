#include "app/mdeck/alert_actions.h"

#include "core/deploy/deployment_store.h"
#include "core/deploy/rollout_service.h"
#include "core/pipeline/executor.h"
#include "core/pipeline/scheduler.h"

#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

namespace mdeck::cli {

namespace {

std::string describe(const monitor::Firing &f)
{
    std::ostringstream s;
    s << "alert rule '" << f.rule.name << "' on " << f.series << ": " << f.rule.statistic << " = "
      << f.value << " in window " << f.windowId;
    return s.str();
}

} // namespace

struct AlertActionRunner::Impl
{
    store::Workspace &workspace;
    registry::ModelRegistry &registry;
    auth::Actor actor;
    std::mutex mutex;
    std::vector<std::jthread> runs;
};

AlertActionRunner::AlertActionRunner(store::Workspace &workspace, registry::ModelRegistry &registry,
                                     auth::Actor actor, int webhookAttempts)
    : d(std::make_unique<Impl>(workspace, registry, std::move(actor)))
{
    m_handlers.webhook = monitor::makeWebhookHandler(webhookAttempts);
    Impl *impl = d.get();
    m_handlers.rollback = [impl](const monitor::Firing &f,
                                 const monitor::RuleAction &a) -> Result<void> {
        deploy::DeploymentStore deployments(impl->registry);
        deploy::RolloutService rollouts(deployments);
        auto done = rollouts.rollback(impl->actor, a.target, describe(f));
        if (!done)
            return done.error();
        return success();
    };
    m_handlers.pipeline = [impl](const monitor::Firing &f,
                                 const monitor::RuleAction &a) -> Result<void> {
        pipeline::RunStore store(impl->workspace);
        pipeline::AlertDetails alert{f.rule.name, describe(f), monitor::firingToJson(f)};
        auto runId = pipeline::startPipelineFromAlert(store, impl->actor, a.target, alert);
        if (!runId)
            return runId.error();
        std::lock_guard lock(impl->mutex);
        impl->runs.emplace_back([impl, id = *runId](std::stop_token stop) {
            pipeline::Executor executor(impl->workspace, impl->registry);
            // The run's outcome is stored with the run; a failure shows in `mdeck pipeline runs`.
            (void) executor.execute(impl->actor, id, stop);
        });
        return success();
    };
}

AlertActionRunner::~AlertActionRunner()
{
    std::lock_guard lock(d->mutex);
    // Join before destruction: a destroyed jthread would ask the run to stop first.
    for (auto &t : d->runs)
        if (t.joinable())
            t.join();
    d->runs.clear();
}

void AlertActionRunner::requestStop()
{
    std::lock_guard lock(d->mutex);
    for (auto &t : d->runs)
        t.request_stop();
}

} // namespace mdeck::cli
