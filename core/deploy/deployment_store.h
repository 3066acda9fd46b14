#pragma once

// Owns the deployments of one workspace: their creation, what each serves, the
// timeline of changes and the generation counter a server polls to notice a
// change cheaply. What an existing deployment serves changes only through
// RolloutService and RolloutController. Callable from any thread.
// Errors: InvalidArgument, NotFound, Conflict, PermissionDenied,
// Unauthenticated, Integrity (altered artifact), Io.

#include "core/auth/auth.h"
#include "core/deploy/types.h"
#include "core/registry/model_registry.h"

#include <vector>

namespace mdeck::deploy {

class DeploymentStore
{
public:
    explicit DeploymentStore(registry::ModelRegistry &registry);

    static constexpr int kMaxBatchSize = 4096;
    static constexpr std::int64_t kMaxQueueDelayUs = 10'000'000; // 10 s

    // Engineers and above; needs no approval. The version must exist, be
    // active and have its artifact intact.
    Result<Deployment> create(const auth::Actor &actor, const NewDeployment &deployment);
    Result<std::vector<Deployment>> list();
    Result<Deployment> get(const std::string &name);

    // Bumped in every transaction that changes what any deployment serves.
    Result<std::int64_t> generation();

    // The newest `limit` events of a deployment, oldest first.
    Result<std::vector<DeploymentEvent>> events(const std::string &name, int limit = 50);
    // What the deployment served at `timeMs`: which versions, with what share.
    Result<ServedState> servedAt(const std::string &name, std::int64_t timeMs);

    registry::ModelRegistry &registry() { return m_registry; }

private:
    registry::ModelRegistry &m_registry;
    store::Database &m_db;
};

// The shares a deployment state gives each version: stable 100 - percent,
// canary percent, a shadow 0 (it answers nobody).
std::vector<ServedShare> sharesOf(int stableVersion, std::optional<int> candidateVersion,
                                  CandidateMode mode, int percent);

} // namespace mdeck::deploy
