#pragma once

// Row access shared by the deployment store, the rollout service and the
// rollout controller. Every function runs inside the caller's transaction.

#include "core/auth/auth.h"
#include "core/common/json.h"
#include "core/deploy/types.h"
#include "core/store/database.h"

#include <string>
#include <vector>

namespace mdeck::deploy::detail {

inline constexpr const char *kGenerationKey = "deploy.generation";

Result<Deployment> readDeployment(store::Database &db, const std::string &name);
Result<std::vector<std::string>> deploymentNames(store::Database &db);

// Writes the serving fields (stable, candidate, mode, percent, previous
// stable) of `d` and bumps the generation: the one way serving changes.
Result<void> writeServing(store::Database &db, Deployment &d, std::int64_t nowMs);
Result<std::int64_t> readGeneration(store::Database &db);
Result<void> bumpGeneration(store::Database &db);

// Appends a timeline event recording what `d` serves after it.
Result<std::int64_t> appendEvent(store::Database &db, const Deployment &d, EventKind kind,
                                 const std::string &actor, std::optional<std::int64_t> rolloutId,
                                 const Json &details, std::int64_t nowMs);

Result<std::vector<DeploymentEvent>> readEvents(store::Database &db, const Deployment &d, int limit);

std::string deploymentSubject(const std::string &name);

} // namespace mdeck::deploy::detail
