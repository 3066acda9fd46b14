#include "core/deploy/rollout_service.h"

#include "core/auth/audit_log.h"
#include "core/common/text.h"
#include "core/deploy/deploy_db_p.h"
#include "core/deploy/evidence.h"
#include "core/deploy/rollout_rows_p.h"

namespace mdeck::deploy {

namespace {

std::string stateList(std::initializer_list<RolloutState> states)
{
    std::string out;
    for (auto s : states)
        out += (out.empty() ? "" : " or ") + std::string(rolloutStateName(s));
    return out;
}

bool isOneOf(RolloutState s, std::initializer_list<RolloutState> states)
{
    for (auto x : states)
        if (x == s)
            return true;
    return false;
}

Error changedMeanwhile(std::int64_t id)
{
    return Error(ErrorCode::Conflict,
                 "rollout " + std::to_string(id) + " changed meanwhile; look again and retry");
}

// The deployment and its open rollout, which must be in one of `states`;
// the caller holds a transaction.
Result<std::pair<Deployment, Rollout>> findOpenRollout(store::Database &db,
                                                       const std::string &deployment,
                                                       std::initializer_list<RolloutState> states,
                                                       const char *verb)
{
    auto d = detail::readDeployment(db, deployment);
    if (!d)
        return d.error();
    auto r = detail::readOpenRollout(db, d->id);
    if (!r)
        return r.error();
    if (!*r || !isOneOf((*r)->state, states))
        return Error(ErrorCode::Conflict,
                     "deployment '" + deployment + "' has no " + stateList(states) + " rollout to "
                         + verb);
    return std::make_pair(std::move(*d), std::move(**r));
}

} // namespace

Result<void> checkComment(const std::string &comment)
{
    if (comment.empty())
        return Error(ErrorCode::InvalidArgument, "a comment is required (--comment)");
    if (comment.size() > 4096 || !isCleanText(comment))
        return Error(ErrorCode::InvalidArgument,
                     "the comment must be at most 4096 printable characters");
    return success();
}

RolloutService::RolloutService(DeploymentStore &deployments, Clock clock)
    : m_deployments(deployments)
    , m_registry(deployments.registry())
    , m_db(deployments.registry().workspace().db())
    , m_clock(clock ? std::move(clock) : Clock(nowMillis))
{}

Result<void> RolloutService::allowed(const auth::Actor &actor, const Rollout &r, Who who,
                                     const char *verb) const
{
    if (!actor.authenticated)
        return auth::require(actor, auth::Permission::ApproveRollout);
    const bool manager = auth::allows(actor.role, auth::Permission::ApproveRollout);
    const bool requester = actor.name == r.requestedBy;
    switch (who) {
    case Who::Manager:
        return auth::require(actor, auth::Permission::ApproveRollout);
    case Who::ManagerNotRequester:
        MDECK_TRY(auth::require(actor, auth::Permission::ApproveRollout));
        if (requester)
            return Error(ErrorCode::PermissionDenied,
                         std::string("'") + actor.name + "' requested rollout "
                             + std::to_string(r.id) + " and cannot " + verb
                             + " it; another release manager must");
        return success();
    case Who::ManagerOrRequester:
        if (manager || requester)
            return success();
        return Error(ErrorCode::PermissionDenied,
                     std::string("only a release manager, an admin or the requester ('")
                         + r.requestedBy + "') may " + verb + " rollout " + std::to_string(r.id));
    }
    return success();
}

Result<std::pair<Deployment, Rollout>> RolloutService::openRollout(
    const std::string &deployment, std::initializer_list<RolloutState> states, const char *verb)
{
    MDECK_TRY(checkName(deployment, "deployment"));
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    return findOpenRollout(m_db, deployment, states, verb);
}

Result<Rollout> RolloutService::request(const auth::Actor &actor, const RolloutRequest &req)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    MDECK_TRY(checkComment(req.comment));
    auto plan = buildPlan(req.plan, req.mode);
    if (!plan)
        return plan.error();
    auto d = m_deployments.get(req.deployment);
    if (!d)
        return d.error();
    if (d->activeRollout)
        return Error(ErrorCode::Conflict,
                     "deployment '" + req.deployment + "' already has an open rollout ("
                         + std::to_string(*d->activeRollout) + ")");
    if (req.version == d->stableVersion)
        return Error(ErrorCode::Conflict,
                     "version " + std::to_string(req.version)
                         + " is already the stable version of '" + req.deployment + "'");
    auto candidate = m_registry.getVersion(d->model, req.version);
    if (!candidate)
        return candidate.error();
    if (candidate->archived)
        return Error(ErrorCode::Conflict,
                     "version " + d->model + ":" + std::to_string(req.version) + " is archived");
    if (auto path = m_registry.artifactPath(*candidate); !path)
        return path.error();
    auto stable = m_registry.getVersion(d->model, d->stableVersion);
    if (!stable)
        return stable.error();
    auto evidence = computeEvidence(m_registry, d->name, *stable, *candidate);
    if (!evidence)
        return evidence.error();
    if (!evidence->signature.compatible) {
        std::string why;
        for (const auto &diff : evidence->signature.differences)
            why += "\n  " + diff;
        return Error(ErrorCode::Conflict,
                     "version " + std::to_string(req.version) + " cannot replace version "
                         + std::to_string(d->stableVersion)
                         + ": their signatures are incompatible:" + why);
    }
    const Json evidenceJson = evidenceToJson(*evidence);

    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto current = detail::readDeployment(m_db, req.deployment);
    if (!current)
        return current.error();
    if (current->stableVersion != d->stableVersion || current->activeRollout)
        return Error(ErrorCode::Conflict,
                     "deployment '" + req.deployment + "' changed meanwhile; request again");
    const auto now = m_clock();
    auto st = m_db.prepare(
        "INSERT INTO rollouts(deployment_id, from_version, to_version, mode, plan, state, "
        "requested_by, requested_at, request_comment, evidence, evidence_hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, 'requested', ?6, ?7, ?8, ?9, ?10)");
    if (!st)
        return st.error();
    st->bind(1, d->id).bind(2, d->stableVersion).bind(3, req.version);
    st->bind(4, rolloutModeName(req.mode)).bind(5, canonicalJson(planToJson(*plan)));
    st->bind(6, actor.name).bind(7, now).bind(8, req.comment);
    st->bind(9, canonicalJson(evidenceJson)).bind(10, evidenceHash(*evidence));
    if (auto r = st->run(); !r) {
        if (r.error().code == ErrorCode::Conflict)
            return Error(ErrorCode::Conflict,
                         "deployment '" + req.deployment + "' already has an open rollout");
        return r.error();
    }
    const auto id = m_db.lastInsertId();
    Json details{{"rollout", id},
                 {"candidate", req.version},
                 {"mode", rolloutModeName(req.mode)},
                 {"plan", describePlan(*plan)},
                 {"comment", req.comment},
                 {"evidence_hash", evidenceHash(*evidence)}};
    MDECK_TRY(
        detail::appendEvent(m_db, *current, EventKind::Requested, actor.name, id, details, now));
    details["deployment"] = req.deployment;
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "rollout.request", detail::rolloutSubject(id),
                                     details));
    auto out = detail::readRollout(m_db, id);
    if (!out)
        return out.error();
    MDECK_TRY(tx->commit());
    return out;
}

Result<Rollout> RolloutService::approve(const auth::Actor &actor, std::int64_t id,
                                        const std::string &comment)
{
    MDECK_TRY(checkComment(comment));
    auto r = get(id);
    if (!r)
        return r.error();
    MDECK_TRY(allowed(actor, *r, Who::ManagerNotRequester, "approve"));
    if (r->state != RolloutState::Requested)
        return Error(ErrorCode::Conflict,
                     "rollout " + std::to_string(id) + " is " + rolloutStateName(r->state)
                         + ", not awaiting a decision");
    // Bind the approval to what was requested: the artifact the evidence names
    // must still be on disk, and the evidence must compute as it did.
    std::string sha;
    if (auto ev = parseJson(r->evidenceJson, "the rollout's evidence"))
        sha = ev->value("candidate_sha256", "");
    auto binding = detail::verifyBinding(m_registry, *r, sha, r->evidenceHash);

    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto fresh = detail::readRollout(m_db, id);
    if (!fresh)
        return fresh.error();
    if (fresh->state != RolloutState::Requested)
        return changedMeanwhile(id);
    auto d = detail::readDeployment(m_db, fresh->deployment);
    if (!d)
        return d.error();
    const auto now = m_clock();
    if (!binding) {
        MDECK_TRY(detail::refuse(m_db, *d, *fresh, binding.error().message,
                                 {actor, comment, Json{{"action", "approve"}}, now}));
        MDECK_TRY(tx->commit());
        return binding.error();
    }
    if (d->stableVersion != fresh->fromVersion)
        return Error(ErrorCode::Conflict,
                     "deployment '" + d->name + "' no longer serves version "
                         + std::to_string(fresh->fromVersion) + "; request the rollout again");
    fresh->decidedBy = actor.name;
    fresh->decidedAt = now;
    fresh->decisionComment = comment;
    fresh->approvedSha256 = sha;
    fresh->approvedEvidenceHash = fresh->evidenceHash;
    MDECK_TRY(detail::writeRollout(m_db, *fresh));
    Json details{{"rollout", id},
                 {"candidate", fresh->toVersion},
                 {"comment", comment},
                 {"approved_sha256", sha},
                 {"evidence_hash", fresh->evidenceHash}};
    MDECK_TRY(detail::appendEvent(m_db, *d, EventKind::Approved, actor.name, id, details, now));
    details["deployment"] = d->name;
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "rollout.approve", detail::rolloutSubject(id),
                                     details));
    const detail::Change start{actor, comment, Json::object(), now};
    if (fresh->mode == RolloutMode::Direct)
        MDECK_TRY(detail::promote(m_db, *d, *fresh, start));
    else
        MDECK_TRY(detail::enterStep(m_db, *d, *fresh, 0, start));
    MDECK_TRY(tx->commit());
    return fresh;
}

Result<Rollout> RolloutService::reject(const auth::Actor &actor, std::int64_t id,
                                       const std::string &comment)
{
    MDECK_TRY(checkComment(comment));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto r = detail::readRollout(m_db, id);
    if (!r)
        return r.error();
    MDECK_TRY(allowed(actor, *r, Who::ManagerNotRequester, "reject"));
    if (r->state != RolloutState::Requested)
        return Error(ErrorCode::Conflict,
                     "rollout " + std::to_string(id) + " is " + rolloutStateName(r->state)
                         + ", not awaiting a decision");
    auto d = detail::readDeployment(m_db, r->deployment);
    if (!d)
        return d.error();
    const auto now = m_clock();
    r->state = RolloutState::Rejected;
    r->decidedBy = actor.name;
    r->decidedAt = now;
    r->decisionComment = comment;
    r->finishedAt = now;
    MDECK_TRY(detail::writeRollout(m_db, *r));
    Json details{{"rollout", id}, {"candidate", r->toVersion}, {"comment", comment}};
    MDECK_TRY(detail::appendEvent(m_db, *d, EventKind::Rejected, actor.name, id, details, now));
    details["deployment"] = d->name;
    MDECK_TRY(
        auth::AuditLog::append(m_db, actor, "rollout.reject", detail::rolloutSubject(id), details));
    MDECK_TRY(tx->commit());
    return r;
}

Result<Rollout> RolloutService::promote(const auth::Actor &actor, const std::string &deployment,
                                        const std::string &comment)
{
    MDECK_TRY(checkComment(comment));
    auto open = openRollout(deployment, {RolloutState::Running, RolloutState::Paused}, "promote");
    if (!open)
        return open.error();
    const Rollout &seen = open->second;
    MDECK_TRY(allowed(actor, seen, Who::ManagerNotRequester, "promote"));
    auto binding = detail::verifyBinding(m_registry, seen, seen.approvedSha256,
                                         seen.approvedEvidenceHash);
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto d = detail::readDeployment(m_db, deployment);
    if (!d)
        return d.error();
    auto r = detail::readRollout(m_db, seen.id);
    if (!r)
        return r.error();
    if (r->state != seen.state || r->step != seen.step)
        return changedMeanwhile(seen.id);
    const auto now = m_clock();
    if (!binding) {
        MDECK_TRY(detail::refuse(m_db, *d, *r, binding.error().message,
                                 {actor, comment, Json{{"action", "promote"}}, now}));
        MDECK_TRY(tx->commit());
        return binding.error();
    }
    MDECK_TRY(detail::promote(m_db, *d, *r, {actor, comment, Json{{"manual", true}}, now}));
    MDECK_TRY(tx->commit());
    return r;
}

Result<Rollout> RolloutService::pause(const auth::Actor &actor, const std::string &deployment,
                                      const std::string &comment)
{
    MDECK_TRY(checkComment(comment));
    MDECK_TRY(checkName(deployment, "deployment"));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto open = findOpenRollout(m_db, deployment, {RolloutState::Running}, "pause");
    if (!open)
        return open.error();
    auto &[d, r] = *open;
    MDECK_TRY(allowed(actor, r, Who::ManagerOrRequester, "pause"));
    r.reason = "paused by " + actor.name + ": " + comment;
    MDECK_TRY(detail::pause(m_db, d, r, {actor, comment, Json::object(), m_clock()}));
    MDECK_TRY(tx->commit());
    return std::move(r);
}

Result<Rollout> RolloutService::resume(const auth::Actor &actor, const std::string &deployment,
                                       const std::string &comment)
{
    MDECK_TRY(checkComment(comment));
    MDECK_TRY(checkName(deployment, "deployment"));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto open = findOpenRollout(m_db, deployment, {RolloutState::Paused}, "resume");
    if (!open)
        return open.error();
    auto &[d, r] = *open;
    MDECK_TRY(allowed(actor, r, Who::Manager, "resume"));
    MDECK_TRY(detail::resume(m_db, d, r, {actor, comment, Json::object(), m_clock()}));
    MDECK_TRY(tx->commit());
    return std::move(r);
}

Result<Deployment> RolloutService::rollback(const auth::Actor &actor, const std::string &deployment,
                                            const std::string &comment)
{
    MDECK_TRY(checkComment(comment));
    MDECK_TRY(checkName(deployment, "deployment"));
    std::optional<registry::ModelVersion> previous;
    {
        auto seen = m_deployments.get(deployment);
        if (!seen)
            return seen.error();
        if (!seen->activeRollout) {
            MDECK_TRY(auth::require(actor, auth::Permission::ApproveRollout));
            if (!seen->previousStableVersion)
                return Error(ErrorCode::Conflict,
                             "deployment '" + deployment
                                 + "' has no rollout in flight and no previous stable version "
                                   "to roll back to");
            auto v = m_registry.getVersion(seen->model, *seen->previousStableVersion);
            if (!v)
                return v.error();
            if (auto path = m_registry.artifactPath(*v); !path)
                return path.error();
            previous = std::move(*v);
        }
    }
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto d = detail::readDeployment(m_db, deployment);
    if (!d)
        return d.error();
    auto r = detail::readOpenRollout(m_db, d->id);
    if (!r)
        return r.error();
    const auto now = m_clock();
    if (*r) {
        if (previous)
            return Error(ErrorCode::Conflict,
                         "deployment '" + deployment + "' changed meanwhile; retry");
        MDECK_TRY(allowed(actor, **r, Who::ManagerOrRequester, "roll back"));
        const std::string reason = (*r)->state == RolloutState::Requested
            ? "withdrawn by " + actor.name + ": " + comment
            : "rolled back by " + actor.name + ": " + comment;
        MDECK_TRY(detail::rollBack(m_db, *d, **r, reason, {actor, comment, Json::object(), now}));
    } else {
        if (!previous || d->previousStableVersion != previous->version)
            return Error(ErrorCode::Conflict,
                         "deployment '" + deployment + "' changed meanwhile; retry");
        const int from = d->stableVersion;
        d->stableVersion = previous->version;
        d->previousStableVersion.reset(); // one step back; a second rollback needs a rollout
        MDECK_TRY(detail::writeServing(m_db, *d, now));
        Json details{{"from_version", from},
                     {"to_version", previous->version},
                     {"comment", comment}};
        MDECK_TRY(detail::appendEvent(m_db, *d, EventKind::RolledBack, actor.name, std::nullopt,
                                      details, now));
        details["deployment"] = deployment;
        MDECK_TRY(auth::AuditLog::append(m_db, actor, "deployment.rollback",
                                         detail::deploymentSubject(deployment), details));
    }
    MDECK_TRY(tx->commit());
    return d;
}

Result<Rollout> RolloutService::get(std::int64_t id)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    return detail::readRollout(m_db, id);
}

Result<std::vector<Rollout>> RolloutService::list(const std::string &deployment, int limit)
{
    if (limit < 1 || limit > 10000)
        return Error(ErrorCode::InvalidArgument, "the limit must be between 1 and 10000");
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    std::int64_t id = 0;
    if (!deployment.empty()) {
        MDECK_TRY(checkName(deployment, "deployment"));
        auto d = detail::readDeployment(m_db, deployment);
        if (!d)
            return d.error();
        id = d->id;
    }
    return detail::readRollouts(m_db, id, limit);
}

Result<std::optional<Rollout>> RolloutService::open(const std::string &deployment)
{
    MDECK_TRY(checkName(deployment, "deployment"));
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto d = detail::readDeployment(m_db, deployment);
    if (!d)
        return d.error();
    return detail::readOpenRollout(m_db, d->id);
}

Result<std::pair<std::string, std::string>> RolloutService::note(std::int64_t id)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("SELECT note, observation FROM rollouts WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, "no rollout with id " + std::to_string(id));
    auto out = std::make_pair(st->text(0), st->text(1));
    st->reset();
    return out;
}

} // namespace mdeck::deploy
