#pragma once

// The JSON shape of deployments, timeline events, served states and rollouts,
// shared by `mdeck --json` and the server. Times are ISO 8601 UTC strings.
// Pure functions, callable from any thread.

#include "core/common/json.h"
#include "core/deploy/types.h"

#include <string_view>

namespace mdeck::deploy {

Json deploymentJson(const Deployment &deployment);
Json eventJson(const DeploymentEvent &event);
Json servedJson(const ServedState &served);
// `withEvidence` embeds the evidence document (it can be long).
Json rolloutJson(const Rollout &rollout, bool withEvidence = false);

// "2026-11-24", "2026-11-24T14:30", "2026-11-24T14:30:05Z", "…05.250Z", or
// milliseconds since the epoch; all UTC. Errors: InvalidArgument.
Result<std::int64_t> parseTimePoint(std::string_view text);

} // namespace mdeck::deploy
