#pragma once

// What each step kind does, given its settings with every `${{ … }}`
// already resolved. A step writes its outputs as files into its own work
// folder; the executor stores them as artifacts. Called on executor worker
// threads, one step per call. Errors: those of the step (a failing
// expectation or comparison is not an Error but a StepResult with `failure`
// set, so its report is still kept).

#include "core/auth/auth.h"
#include "core/pipeline/definition.h"
#include "core/pipeline/step_log.h"
#include "core/registry/model_registry.h"

#include <functional>
#include <optional>
#include <stop_token>

namespace mdeck::pipeline {

// A rollout asked for by a `request-rollout` step.
struct RolloutRequest
{
    std::string model;
    int version = 0;
    std::string deployment; // "" = the model's name
    std::string strategy;   // "canary" unless the step says otherwise
    int traffic = 10;       // percent for the canary
    std::string note;
    std::int64_t runId = 0;
    std::string step;
};

// Files a rollout request with the deployment service; bound by the
// application. Returns the request as JSON (at least an "id").
using RolloutRequester
    = std::function<Result<Json>(const auth::Actor &actor, const RolloutRequest &request)>;

struct StepContext
{
    const Definition &definition;
    const StepDef &step;
    Json with; // resolved settings
    std::string outDir;
    StepLog &log;
    std::stop_token stop;
    registry::ModelRegistry &registry;
    const auth::Actor &actor;
    std::int64_t runId = 0;
    const RolloutRequester &rolloutRequester;
};

struct StepResult
{
    std::map<std::string, std::string> outputs; // output name -> file in outDir
    Json summary = Json::object();
    std::optional<std::string> failure; // the step ran but its check failed
};

Result<StepResult> runStepKind(StepContext &context);

} // namespace mdeck::pipeline
