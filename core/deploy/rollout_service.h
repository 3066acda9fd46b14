#pragma once

// The people's side of rollouts: an engineer requests a change of what a
// deployment serves (with evidence computed at once), a release manager who is
// not the requester approves or rejects it, and release managers steer a
// running rollout (promote, pause, resume, roll back). Every action checks the
// actor in core and commits with its timeline event and audit entry. An
// approval binds the candidate's artifact digest and the evidence hash; both
// are verified again when the rollout starts or advances, and any difference
// refuses (recorded as an audit entry and a "refused" event).
//
// Who may do what:
//   request                 engineers, release managers, admins
//   approve, reject         release managers and admins, never the requester
//   promote                 release managers and admins, never the requester
//   resume                  release managers and admins
//   pause, rollback         release managers and admins, and the requester
//   rollback with no rollout in flight (revert to the previous stable
//   version)                release managers and admins
//
// Callable from any thread. Errors: InvalidArgument, NotFound, Conflict,
// PermissionDenied, Unauthenticated, Integrity (binding broken), Io.

#include "core/deploy/deployment_store.h"
#include "core/deploy/rollout_plan.h"

#include <functional>
#include <optional>
#include <vector>

namespace mdeck::deploy {

struct RolloutRequest
{
    std::string deployment;
    int version = 0; // the candidate, a version of the deployment's model
    RolloutMode mode = RolloutMode::Canary;
    PlanSpec plan;
    std::string comment;
};

using Clock = std::function<std::int64_t()>;

class RolloutService
{
public:
    explicit RolloutService(DeploymentStore &deployments, Clock clock = {});

    Result<Rollout> request(const auth::Actor &actor, const RolloutRequest &request);
    // Approving starts the rollout at once (a direct rollout is promoted at once).
    Result<Rollout> approve(const auth::Actor &actor, std::int64_t rolloutId,
                            const std::string &comment);
    Result<Rollout> reject(const auth::Actor &actor, std::int64_t rolloutId,
                           const std::string &comment);

    // Skips the remaining steps: the candidate becomes stable.
    Result<Rollout> promote(const auth::Actor &actor, const std::string &deployment,
                            const std::string &comment);
    // Stops the bake clock; the deployment keeps serving as it is.
    Result<Rollout> pause(const auth::Actor &actor, const std::string &deployment,
                          const std::string &comment);
    Result<Rollout> resume(const auth::Actor &actor, const std::string &deployment,
                           const std::string &comment);
    // With a rollout open: removes the candidate (or withdraws the request).
    // Without: reverts to the version that served before the last promotion.
    Result<Deployment> rollback(const auth::Actor &actor, const std::string &deployment,
                                const std::string &comment);

    Result<Rollout> get(std::int64_t rolloutId);
    // Newest first; `deployment` empty = all deployments'.
    Result<std::vector<Rollout>> list(const std::string &deployment = {}, int limit = 50);
    // The open rollout of a deployment, if any.
    Result<std::optional<Rollout>> open(const std::string &deployment);
    // The controller's last word on the running step and the analysis it was based on.
    Result<std::pair<std::string, std::string>> note(std::int64_t rolloutId);

    DeploymentStore &deployments() { return m_deployments; }
    std::int64_t now() const { return m_clock(); }

private:
    enum class Who { Manager, ManagerNotRequester, ManagerOrRequester };
    Result<void> allowed(const auth::Actor &actor, const Rollout &r, Who who,
                         const char *verb) const;
    // Reads the deployment and its open rollout, in states `states`.
    Result<std::pair<Deployment, Rollout>> openRollout(const std::string &deployment,
                                                       std::initializer_list<RolloutState> states,
                                                       const char *verb);

    DeploymentStore &m_deployments;
    registry::ModelRegistry &m_registry;
    store::Database &m_db;
    Clock m_clock;
};

// Comments are required: 1 to 4096 printable characters.
Result<void> checkComment(const std::string &comment);

} // namespace mdeck::deploy
