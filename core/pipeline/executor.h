#pragma once

// Executes pipeline runs: independent steps in parallel on a bounded pool of
// worker threads, each step's outputs stored as content-addressed artifacts
// that later steps take as inputs, unchanged steps served from the cache,
// retries with exponential backoff, per-step timeouts, cancellation (a stop
// token here, or `mdeck pipeline cancel` from another process), input files
// checked for changes by hash, and every state change written to the
// workspace so a killed process leaves an interrupted run that resume()
// continues. One execute() per run at a time (a lock file enforces it
// across processes); an Executor may run several runs from several threads.
// Errors: NotFound, Conflict (run already running or finished),
// PermissionDenied, Io; a failed step is not an Error but a failed run.

#include "core/pipeline/run_store.h"
#include "core/pipeline/step_kinds.h"
#include "core/registry/model_registry.h"

#include <functional>
#include <stop_token>

namespace mdeck::pipeline {

struct RunEvent
{
    enum class Type { RunStarted, StepStarted, StepLog, StepFinished, RunFinished };
    Type type = Type::RunStarted;
    std::int64_t runId = 0;
    std::string step; // "" for run events
    StepState stepState = StepState::Pending;
    RunState runState = RunState::Running;
    std::string text; // log text, or the finishing message
};

using RunListener = std::function<void(const RunEvent &)>;

struct ExecutorOptions
{
    int workers = 0; // 0 = the number of cores, at most 8
    // For request-rollout steps; empty = deployRolloutRequester() (core/deploy).
    RolloutRequester rolloutRequester;
    RunListener listener;   // called from worker threads; keep it quick
    int logFlushMs = 1000;  // how often live logs reach the database
    int cancelPollMs = 250; // how often a cancel request from elsewhere is checked
};

class Executor
{
public:
    Executor(store::Workspace &workspace, registry::ModelRegistry &registry,
             ExecutorOptions options = {});

    RunStore &runs() { return m_runs; }

    // Creates a run of `definition` and executes it to the end.
    Result<RunRecord> run(const auth::Actor &actor, const Definition &definition,
                          std::stop_token stop = {}, const std::string &trigger = "manual",
                          const Json &triggerDetails = Json::object());
    // Executes a queued run (created by RunStore::createRun or a trigger).
    Result<RunRecord> execute(const auth::Actor &actor, std::int64_t runId,
                              std::stop_token stop = {});
    // Continues an interrupted, failed or cancelled run from its last finished
    // steps; with `fromStep`, that step and all after it run again.
    Result<RunRecord> resume(const auth::Actor &actor, std::int64_t runId,
                             const std::string &fromStep = {}, std::stop_token stop = {});

private:
    store::Workspace &m_ws;
    registry::ModelRegistry &m_registry;
    ExecutorOptions m_options;
    RunStore m_runs;
};

} // namespace mdeck::pipeline
