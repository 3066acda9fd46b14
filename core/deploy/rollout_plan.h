#pragma once

// Rollout plans: the canary steps (traffic share and bake time), the shadow
// phase and the analysis thresholds. Read from YAML (errors name the file,
// line and field) or from command-line flags; stored as JSON with the rollout.
// Pure functions: callable from any thread. Errors: InvalidArgument.

#include "core/common/json.h"
#include "core/deploy/types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mdeck::deploy {

// What a plan file or the flags say; unset fields take the defaults.
struct PlanSpec
{
    std::optional<std::vector<int>> percents;       // canary steps, e.g. 10, 50, 100
    std::optional<std::vector<std::int64_t>> bakes; // one bake for all steps, or one per step
    std::optional<std::int64_t> shadowBakeMs;
    std::optional<double> maxErrorRate;
    std::optional<double> maxP99Ms;
    std::optional<double> maxDisagreement;
    std::optional<double> minAccuracy;
    std::optional<std::int64_t> minLabelled;
    std::optional<std::int64_t> minRequests;
};

inline constexpr std::int64_t kDefaultBakeMs = 60'000;
inline constexpr std::int64_t kDefaultShadowBakeMs = 300'000;
inline constexpr std::int64_t kMaxBakeMs = 7LL * 24 * 3600 * 1000;
inline constexpr std::size_t kMaxPlanSteps = 20;
inline constexpr std::size_t kMaxPlanBytes = 64 * 1024;

// "500ms", "60s", "5m", "2h", "1d" or a bare number of seconds.
Result<std::int64_t> parseDuration(std::string_view text, std::string_view what);
std::string formatDuration(std::int64_t ms);
// "10,50,100" -> {10, 50, 100}
Result<std::vector<int>> parsePercents(std::string_view text);
// "60s" or "30s,5m,10m"
Result<std::vector<std::int64_t>> parseBakes(std::string_view text);

// Parses a plan file's text; `source` names it in errors ("plan.yaml").
Result<PlanSpec> parsePlanYaml(std::string_view text, const std::string &source);
// Fields set in `over` replace those of `base`.
PlanSpec mergePlanSpecs(PlanSpec base, const PlanSpec &over);
// The steps a mode runs: canary (default 10, 50, 100 %, each baking 60 s),
// shadow (a shadow phase, 5 min by default, then the canary steps given, if
// any) or direct (none). Checks the result.
Result<RolloutPlan> buildPlan(const PlanSpec &spec, RolloutMode mode);
Result<void> validatePlan(const RolloutPlan &plan, RolloutMode mode);

Json planToJson(const RolloutPlan &plan);
Result<RolloutPlan> planFromJson(const Json &json);
// "shadow 5m → 10% 60s → 50% 60s → 100% 60s"
std::string describePlan(const RolloutPlan &plan);

} // namespace mdeck::deploy
