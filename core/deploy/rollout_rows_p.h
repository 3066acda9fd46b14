#pragma once

// Row access and state transitions of rollouts, shared by RolloutService and
// RolloutController. Every function runs inside the caller's write
// transaction; the transitions write the deployment, the rollout, the
// timeline event and the audit entry together.

#include "core/auth/auth.h"
#include "core/common/json.h"
#include "core/deploy/types.h"
#include "core/registry/model_registry.h"
#include "core/store/database.h"

#include <optional>
#include <string>
#include <vector>

namespace mdeck::deploy::detail {

Result<Rollout> readRollout(store::Database &db, std::int64_t id);
// The open (requested, running or paused) rollout of a deployment, if any.
Result<std::optional<Rollout>> readOpenRollout(store::Database &db, std::int64_t deploymentId);
Result<std::vector<std::int64_t>> runningRolloutIds(store::Database &db);
Result<std::vector<Rollout>> readRollouts(store::Database &db, std::int64_t deploymentId, int limit);
// Writes the mutable fields: state, decision, binding, progress, reason.
Result<void> writeRollout(store::Database &db, const Rollout &r);
Result<void> writeNote(store::Database &db, std::int64_t id, const std::string &note,
                       const Json &observation, std::int64_t nowMs);

std::string rolloutSubject(std::int64_t id);
// Total bake time of the current step at `nowMs`, pauses excluded.
std::int64_t bakedAt(const Rollout &r, std::int64_t nowMs);

// The actor automated actions are recorded under: it names the plan's approver.
auth::Actor systemActor(const Rollout &r);

// Transitions. Each writes the deployment (bumping the generation when what it
// serves changes), the rollout, one timeline event and one audit entry.
struct Change
{
    const auth::Actor &actor;
    std::string comment;
    Json details = Json::object();
    std::int64_t nowMs = 0;
};

// Puts the candidate on the rollout's step `step` (0 = start).
Result<void> enterStep(store::Database &db, Deployment &d, Rollout &r, int step,
                       const Change &change);
Result<void> promote(store::Database &db, Deployment &d, Rollout &r, const Change &change);
Result<void> rollBack(store::Database &db, Deployment &d, Rollout &r, const std::string &reason,
                      const Change &change);
Result<void> pause(store::Database &db, Deployment &d, Rollout &r, const Change &change);
Result<void> resume(store::Database &db, Deployment &d, Rollout &r, const Change &change);
// Records a refusal (event and audit entry); pauses the rollout when running.
Result<void> refuse(store::Database &db, Deployment &d, Rollout &r, const std::string &why,
                    const Change &change);

// The binding of an approval: the candidate's artifact on disk must still hash
// to the approved digest, and the evidence's deterministic part must hash as it
// did. Runs outside any transaction. Integrity error naming the difference.
Result<void> verifyBinding(registry::ModelRegistry &registry, const Rollout &r,
                           const std::string &expectedSha256,
                           const std::string &expectedEvidenceHash);

} // namespace mdeck::deploy::detail
