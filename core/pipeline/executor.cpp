#include "core/pipeline/executor.h"

#include "core/pipeline/deploy_requester.h"
#include "core/pipeline/executor_p.h"

namespace mdeck::pipeline {

Executor::Executor(store::Workspace &workspace, registry::ModelRegistry &registry,
                   ExecutorOptions options)
    : m_ws(workspace)
    , m_registry(registry)
    , m_options(std::move(options))
    , m_runs(workspace)
{
    if (!m_options.rolloutRequester)
        m_options.rolloutRequester = deployRolloutRequester(registry);
}

Result<RunRecord> Executor::run(const auth::Actor &actor, const Definition &definition,
                                std::stop_token stop, const std::string &trigger,
                                const Json &triggerDetails)
{
    auto id = m_runs.createRun(actor, definition, trigger, triggerDetails);
    if (!id)
        return id.error();
    return execute(actor, *id, std::move(stop));
}

Result<RunRecord> Executor::execute(const auth::Actor &actor, std::int64_t runId,
                                    std::stop_token stop)
{
    auto lock = RunLock::acquire(m_ws.dir(), runId);
    if (!lock)
        return lock.error();
    auto run = m_runs.get(runId);
    if (!run)
        return run.error();
    if (run->state != RunState::Queued)
        return Error(ErrorCode::Conflict,
                     "run " + std::to_string(runId) + " is " + runStateName(run->state)
                         + ", not queued");
    auto def = parseDefinition(run->yaml, run->pipeline, run->params, run->baseDir);
    if (!def)
        return def.error();
    def->source = run->pipeline;
    try {
        return detail::executeRun(m_ws, m_registry, m_runs, m_options, actor, std::move(*run),
                                  std::move(*def), std::move(stop));
    } catch (const std::exception &e) {
        (void) m_runs.finishRun(runId, RunState::Failed, std::string("internal error: ") + e.what());
        return Error(ErrorCode::Internal, std::string("run failed: ") + e.what());
    }
}

Result<RunRecord> Executor::resume(const auth::Actor &actor, std::int64_t runId,
                                   const std::string &fromStep, std::stop_token stop)
{
    if (RunLock::held(m_ws.dir(), runId))
        return Error(ErrorCode::Conflict,
                     "run " + std::to_string(runId) + " is being executed by another process");
    auto prepared = m_runs.prepareResume(actor, runId, fromStep);
    if (!prepared)
        return prepared.error();
    return execute(actor, runId, std::move(stop));
}

} // namespace mdeck::pipeline
