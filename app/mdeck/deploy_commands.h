#pragma once

// The `mdeck deploy …` and `mdeck rollout …` verbs: their option structs and
// functions. deploy_cli.cpp wires them to CLI11; deploy_commands.cpp and
// rollout_commands.cpp implement them over core/deploy.

#include "app/mdeck/command_context.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mdeck::cli {

// ---- deploy_commands.cpp ----
struct DeployCreateOptions
{
    std::string name;
    std::string model;
    std::optional<int> version;
    std::string alias;
    int maxBatch = 32;
    std::int64_t maxDelayUs = 2000;
};
struct DeployShowOptions
{
    std::string name;
    int events = 10; // timeline lines to show
};
struct DeployHistoryOptions
{
    std::string name;
    std::string at; // "" = the whole timeline
    int limit = 200;
};
Result<void> deployCreate(CommandContext &ctx, const DeployCreateOptions &o);
Result<void> deployList(CommandContext &ctx);
Result<void> deployShow(CommandContext &ctx, const DeployShowOptions &o);
Result<void> deployHistory(CommandContext &ctx, const DeployHistoryOptions &o);

// ---- rollout_commands.cpp ----
struct RolloutRequestOptions
{
    std::string deployment;
    int version = 0;
    std::string mode = "canary";
    std::string planFile;
    std::string steps; // "10,50,100"
    std::string bake;  // "60s" or one per step
    std::string shadowBake;
    std::optional<double> maxErrorRate;
    std::optional<double> maxP99Ms;
    std::optional<double> maxDisagreement;
    std::optional<double> minAccuracy;
    std::optional<std::int64_t> minLabelled;
    std::optional<std::int64_t> minRequests;
    std::string comment;
};
struct RolloutDecisionOptions
{
    std::int64_t id = 0;
    std::string comment;
    bool approve = true;
};
// promote, pause, resume, rollback
struct RolloutActionOptions
{
    std::string verb;
    std::string deployment;
    std::string comment;
};
struct RolloutListOptions
{
    std::string deployment; // "" = all
    int limit = 50;
};
struct RolloutShowOptions
{
    std::int64_t id = 0;
};
struct RolloutStatusOptions
{
    std::string deployment;
};
Result<void> rolloutRequest(CommandContext &ctx, const RolloutRequestOptions &o);
Result<void> rolloutDecide(CommandContext &ctx, const RolloutDecisionOptions &o);
Result<void> rolloutAction(CommandContext &ctx, const RolloutActionOptions &o);
Result<void> rolloutList(CommandContext &ctx, const RolloutListOptions &o);
Result<void> rolloutShow(CommandContext &ctx, const RolloutShowOptions &o);
Result<void> rolloutStatus(CommandContext &ctx, const RolloutStatusOptions &o);

} // namespace mdeck::cli
