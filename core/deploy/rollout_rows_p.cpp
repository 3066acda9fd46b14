#include "core/deploy/rollout_rows_p.h"

#include "core/auth/audit_log.h"
#include "core/deploy/deploy_db_p.h"
#include "core/deploy/evidence.h"
#include "core/deploy/rollout_plan.h"

namespace mdeck::deploy::detail {

namespace {

constexpr const char *kColumns
    = "r.id, d.name, d.model, r.from_version, r.to_version, r.mode, r.plan, r.state, "
      "r.requested_by, r.requested_at, r.request_comment, r.evidence, r.evidence_hash, "
      "r.decided_by, r.decided_at, r.decision_comment, r.approved_sha256, "
      "r.approved_evidence_hash, r.step, r.step_started_at, r.baked_ms, r.running_since, "
      "r.finished_at, r.reason "
      "FROM rollouts r JOIN deployments d ON d.id = r.deployment_id ";

std::optional<std::int64_t> optInt64(const store::Statement &st, int column)
{
    if (st.isNull(column))
        return std::nullopt;
    return st.int64(column);
}

Result<Rollout> fromRow(const store::Statement &st)
{
    Rollout r;
    r.id = st.int64(0);
    r.deployment = st.text(1);
    r.model = st.text(2);
    r.fromVersion = static_cast<int>(st.int64(3));
    r.toVersion = static_cast<int>(st.int64(4));
    auto mode = parseRolloutMode(st.text(5));
    if (!mode)
        return mode.error();
    r.mode = *mode;
    auto planJson = parseJson(st.text(6), "a stored rollout plan");
    if (!planJson)
        return planJson.error();
    auto plan = planFromJson(*planJson);
    if (!plan)
        return plan.error();
    r.plan = std::move(*plan);
    auto state = parseRolloutState(st.text(7));
    if (!state)
        return state.error();
    r.state = *state;
    r.requestedBy = st.text(8);
    r.requestedAt = st.int64(9);
    r.requestComment = st.text(10);
    r.evidenceJson = st.text(11);
    r.evidenceHash = st.text(12);
    r.decidedBy = st.text(13);
    r.decidedAt = optInt64(st, 14);
    r.decisionComment = st.text(15);
    r.approvedSha256 = st.text(16);
    r.approvedEvidenceHash = st.text(17);
    r.step = static_cast<int>(st.int64(18));
    r.stepStartedAt = optInt64(st, 19);
    r.bakedMs = st.int64(20);
    r.runningSince = optInt64(st, 21);
    r.finishedAt = optInt64(st, 22);
    r.reason = st.text(23);
    return r;
}

Result<std::vector<Rollout>> readMany(store::Statement &st)
{
    std::vector<Rollout> out;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        auto r = fromRow(st);
        if (!r)
            return r.error();
        out.push_back(std::move(*r));
    }
    return out;
}

Json servingJson(const Deployment &d)
{
    Json j{{"stable_version", d.stableVersion},
           {"candidate_mode", candidateModeName(d.candidateMode)},
           {"canary_percent", d.canaryPercent}};
    j["candidate_version"] = d.candidateVersion ? Json(*d.candidateVersion) : Json(nullptr);
    return j;
}

// The event, the audit entry and the rows, in the caller's transaction.
Result<void> record(store::Database &db, Deployment &d, const Rollout &r, EventKind kind,
                    const Change &change, bool servingChanged)
{
    if (servingChanged)
        MDECK_TRY(writeServing(db, d, change.nowMs));
    MDECK_TRY(writeRollout(db, r));
    Json details = change.details;
    details["rollout"] = r.id;
    details["candidate"] = r.toVersion;
    details["serving"] = servingJson(d);
    if (!change.comment.empty())
        details["comment"] = change.comment;
    if (!r.reason.empty() && (kind == EventKind::RolledBack || kind == EventKind::Paused))
        details["reason"] = r.reason;
    MDECK_TRY(appendEvent(db, d, kind, change.actor.name, r.id, details, change.nowMs));
    details["deployment"] = d.name;
    const std::string action = std::string("rollout.") + eventKindName(kind);
    MDECK_TRY(auth::AuditLog::append(db, change.actor, action, rolloutSubject(r.id), details));
    return success();
}

} // namespace

std::string rolloutSubject(std::int64_t id)
{
    return "rollout:" + std::to_string(id);
}

std::int64_t bakedAt(const Rollout &r, std::int64_t nowMs)
{
    std::int64_t baked = r.bakedMs;
    if (r.state == RolloutState::Running && r.runningSince)
        baked += std::max<std::int64_t>(0, nowMs - *r.runningSince);
    return baked;
}

auth::Actor systemActor(const Rollout &r)
{
    auth::Actor a;
    a.name = "rollout-controller (plan approved by " + r.decidedBy + ")";
    a.role = auth::Role::ReleaseManager;
    a.authenticated = true;
    a.via = "system";
    return a;
}

Result<Rollout> readRollout(store::Database &db, std::int64_t id)
{
    auto st = db.prepare(std::string("SELECT ") + kColumns + "WHERE r.id = ?1");
    if (!st)
        return st.error();
    st->bind(1, id);
    auto all = readMany(*st);
    if (!all)
        return all.error();
    if (all->empty())
        return Error(ErrorCode::NotFound, "no rollout with id " + std::to_string(id));
    return std::move(all->front());
}

Result<std::optional<Rollout>> readOpenRollout(store::Database &db, std::int64_t deploymentId)
{
    auto st = db.prepare(std::string("SELECT ") + kColumns
                         + "WHERE r.deployment_id = ?1 AND r.state IN ('requested', 'running', "
                           "'paused')");
    if (!st)
        return st.error();
    st->bind(1, deploymentId);
    auto all = readMany(*st);
    if (!all)
        return all.error();
    if (all->empty())
        return std::optional<Rollout>();
    return std::optional<Rollout>(std::move(all->front()));
}

Result<std::vector<std::int64_t>> runningRolloutIds(store::Database &db)
{
    auto st = db.prepare("SELECT id FROM rollouts WHERE state = 'running' ORDER BY id");
    if (!st)
        return st.error();
    std::vector<std::int64_t> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(st->int64(0));
    }
    return out;
}

Result<std::vector<Rollout>> readRollouts(store::Database &db, std::int64_t deploymentId, int limit)
{
    auto st = db.prepare(std::string("SELECT ") + kColumns
                         + "WHERE (?1 = 0 OR r.deployment_id = ?1) ORDER BY r.id DESC LIMIT ?2");
    if (!st)
        return st.error();
    st->bind(1, deploymentId).bind(2, limit);
    return readMany(*st);
}

Result<void> writeRollout(store::Database &db, const Rollout &r)
{
    auto st = db.prepare(
        "UPDATE rollouts SET state = ?2, decided_by = ?3, decided_at = ?4, decision_comment = ?5, "
        "approved_sha256 = ?6, approved_evidence_hash = ?7, step = ?8, step_started_at = ?9, "
        "baked_ms = ?10, running_since = ?11, finished_at = ?12, reason = ?13 WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, r.id).bind(2, rolloutStateName(r.state));
    if (r.decidedBy.empty())
        st->bindNull(3);
    else
        st->bind(3, r.decidedBy);
    st->bindOptional(4, r.decidedAt);
    st->bind(5, r.decisionComment).bind(6, r.approvedSha256).bind(7, r.approvedEvidenceHash);
    st->bind(8, r.step).bindOptional(9, r.stepStartedAt).bind(10, r.bakedMs);
    st->bindOptional(11, r.runningSince).bindOptional(12, r.finishedAt).bind(13, r.reason);
    return st->run();
}

Result<void> writeNote(store::Database &db, std::int64_t id, const std::string &note,
                       const Json &observation, std::int64_t nowMs)
{
    auto st = db.prepare(
        "UPDATE rollouts SET note = ?2, observation = ?3, observed_at = ?4 WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, id).bind(2, note).bind(3, canonicalJson(observation)).bind(4, nowMs);
    return st->run();
}

Result<void> enterStep(store::Database &db, Deployment &d, Rollout &r, int step,
                       const Change &change)
{
    MDECK_ASSERT(step >= 0 && step < static_cast<int>(r.plan.steps.size()));
    const PlanStep &s = r.plan.steps[static_cast<std::size_t>(step)];
    r.state = RolloutState::Running;
    r.step = step;
    r.stepStartedAt = change.nowMs;
    r.runningSince = change.nowMs;
    r.bakedMs = 0;
    r.reason.clear();
    d.candidateVersion = r.toVersion;
    d.candidateMode = s.mode;
    d.canaryPercent = s.mode == CandidateMode::Canary ? s.percent : 0;
    MDECK_TRY(writeNote(db, r.id, "", Json::object(), change.nowMs));
    return record(db, d, r, step == 0 ? EventKind::Started : EventKind::Step, change, true);
}

Result<void> promote(store::Database &db, Deployment &d, Rollout &r, const Change &change)
{
    d.previousStableVersion = d.stableVersion;
    d.stableVersion = r.toVersion;
    d.candidateVersion.reset();
    d.candidateMode = CandidateMode::None;
    d.canaryPercent = 0;
    r.state = RolloutState::Promoted;
    r.runningSince.reset();
    r.finishedAt = change.nowMs;
    return record(db, d, r, EventKind::Promoted, change, true);
}

Result<void> rollBack(store::Database &db, Deployment &d, Rollout &r, const std::string &reason,
                      const Change &change)
{
    const bool serving = d.candidateVersion.has_value();
    d.candidateVersion.reset();
    d.candidateMode = CandidateMode::None;
    d.canaryPercent = 0;
    r.state = RolloutState::RolledBack;
    r.runningSince.reset();
    r.finishedAt = change.nowMs;
    r.reason = reason;
    return record(db, d, r, EventKind::RolledBack, change, serving);
}

Result<void> pause(store::Database &db, Deployment &d, Rollout &r, const Change &change)
{
    r.bakedMs = bakedAt(r, change.nowMs);
    r.runningSince.reset();
    r.state = RolloutState::Paused;
    return record(db, d, r, EventKind::Paused, change, false);
}

Result<void> resume(store::Database &db, Deployment &d, Rollout &r, const Change &change)
{
    r.state = RolloutState::Running;
    r.runningSince = change.nowMs;
    r.reason.clear();
    return record(db, d, r, EventKind::Resumed, change, false);
}

Result<void> refuse(store::Database &db, Deployment &d, Rollout &r, const std::string &why,
                    const Change &change)
{
    Change c = change;
    c.details["refused"] = why;
    if (r.state == RolloutState::Running) {
        r.bakedMs = bakedAt(r, change.nowMs);
        r.runningSince.reset();
        r.state = RolloutState::Paused;
        r.reason = "refused: " + why;
    }
    return record(db, d, r, EventKind::Refused, c, false);
}

Result<void> verifyBinding(registry::ModelRegistry &registry, const Rollout &r,
                           const std::string &expectedSha256,
                           const std::string &expectedEvidenceHash)
{
    auto candidate = registry.getVersion(r.model, r.toVersion);
    if (!candidate)
        return candidate.error();
    if (candidate->artifactSha256 != expectedSha256)
        return Error(ErrorCode::Integrity,
                     "version " + r.model + ":" + std::to_string(r.toVersion)
                         + " no longer has the approved artifact (approved sha256 "
                         + expectedSha256.substr(0, 12) + "…, now "
                         + candidate->artifactSha256.substr(0, 12) + "…)");
    if (auto path = registry.artifactPath(*candidate); !path)
        return Error(ErrorCode::Integrity,
                     "the approved artifact of version " + r.model + ":"
                         + std::to_string(r.toVersion)
                         + " failed verification: " + path.error().message);
    auto stable = registry.getVersion(r.model, r.fromVersion);
    if (!stable)
        return stable.error();
    auto evidence = computeEvidence(registry, r.deployment, *stable, *candidate);
    if (!evidence)
        return evidence.error();
    if (const auto now = evidenceHash(*evidence); now != expectedEvidenceHash)
        return Error(ErrorCode::Integrity,
                     "the evidence of rollout " + std::to_string(r.id)
                         + " changed since it was approved (metrics, benchmarks or signature "
                           "differ: hash "
                         + expectedEvidenceHash.substr(0, 12) + "… became " + now.substr(0, 12)
                         + "…); request the rollout again");
    return success();
}

} // namespace mdeck::deploy::detail
