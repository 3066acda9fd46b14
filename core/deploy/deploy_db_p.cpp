#include "core/deploy/deploy_db_p.h"

namespace mdeck::deploy::detail {

namespace {

Error notFound(const std::string &name)
{
    return Error(ErrorCode::NotFound, "no deployment named '" + name + "'");
}

std::optional<int> optInt(const store::Statement &st, int column)
{
    if (st.isNull(column))
        return std::nullopt;
    return static_cast<int>(st.int64(column));
}

std::optional<std::int64_t> optInt64(const store::Statement &st, int column)
{
    if (st.isNull(column))
        return std::nullopt;
    return st.int64(column);
}

} // namespace

std::string deploymentSubject(const std::string &name)
{
    return "deployment:" + name;
}

Result<Deployment> readDeployment(store::Database &db, const std::string &name)
{
    auto st = db.prepare(
        "SELECT d.id, d.name, d.model, d.stable_version, d.candidate_version, d.candidate_mode, "
        "d.canary_percent, d.max_batch_size, d.max_queue_delay_us, d.previous_stable, "
        "d.created_at, d.created_by, d.updated_at, "
        "(SELECT v.id FROM versions v JOIN models m ON m.id = v.model_id "
        " WHERE m.name = d.model AND v.version = d.stable_version), "
        "(SELECT v.id FROM versions v JOIN models m ON m.id = v.model_id "
        " WHERE m.name = d.model AND v.version = d.candidate_version), "
        "(SELECT r.id FROM rollouts r WHERE r.deployment_id = d.id "
        " AND r.state IN ('requested', 'running', 'paused')) "
        "FROM deployments d WHERE d.name = ?1");
    if (!st)
        return st.error();
    st->bind(1, name);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return notFound(name);
    Deployment d;
    d.id = st->int64(0);
    d.name = st->text(1);
    d.model = st->text(2);
    d.stableVersion = static_cast<int>(st->int64(3));
    d.candidateVersion = optInt(*st, 4);
    auto mode = parseCandidateMode(st->text(5));
    d.candidateMode = mode ? *mode : CandidateMode::None;
    d.canaryPercent = static_cast<int>(st->int64(6));
    d.maxBatchSize = static_cast<int>(st->int64(7));
    d.maxQueueDelayUs = st->int64(8);
    d.previousStableVersion = optInt(*st, 9);
    d.createdAt = st->int64(10);
    d.createdBy = st->text(11);
    d.updatedAt = st->int64(12);
    d.stableVersionId = st->isNull(13) ? 0 : st->int64(13);
    d.candidateVersionId = optInt64(*st, 14);
    d.activeRollout = optInt64(*st, 15);
    st->reset();
    return d;
}

Result<std::vector<std::string>> deploymentNames(store::Database &db)
{
    auto st = db.prepare("SELECT name FROM deployments ORDER BY name");
    if (!st)
        return st.error();
    std::vector<std::string> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(st->text(0));
    }
    return out;
}

Result<void> writeServing(store::Database &db, Deployment &d, std::int64_t nowMs)
{
    if (d.candidateMode == CandidateMode::None) {
        d.candidateVersion.reset();
        d.candidateVersionId.reset();
        d.canaryPercent = 0;
    }
    if (d.candidateMode == CandidateMode::Shadow)
        d.canaryPercent = 0;
    auto st = db.prepare("UPDATE deployments SET stable_version = ?1, candidate_version = ?2, "
                         "candidate_mode = ?3, canary_percent = ?4, previous_stable = ?5, "
                         "updated_at = ?6 WHERE id = ?7");
    if (!st)
        return st.error();
    st->bind(1, d.stableVersion);
    if (d.candidateVersion)
        st->bind(2, *d.candidateVersion);
    else
        st->bindNull(2);
    st->bind(3, candidateModeName(d.candidateMode)).bind(4, d.canaryPercent);
    if (d.previousStableVersion)
        st->bind(5, *d.previousStableVersion);
    else
        st->bindNull(5);
    st->bind(6, nowMs).bind(7, d.id);
    MDECK_TRY(st->run());
    d.updatedAt = nowMs;
    return bumpGeneration(db);
}

Result<std::int64_t> readGeneration(store::Database &db)
{
    auto st = db.prepare("SELECT value FROM meta WHERE key = ?1");
    if (!st)
        return st.error();
    st->bind(1, kGenerationKey);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::int64_t(0);
    const std::string text = st->text(0);
    st->reset();
    try {
        return static_cast<std::int64_t>(std::stoll(text));
    } catch (const std::exception &) {
        return Error(ErrorCode::Integrity,
                     "the deployment generation in the workspace is not a number");
    }
}

Result<void> bumpGeneration(store::Database &db)
{
    auto st = db.prepare("INSERT INTO meta(key, value) VALUES (?1, '1') ON CONFLICT(key) DO "
                         "UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)");
    if (!st)
        return st.error();
    st->bind(1, kGenerationKey);
    return st->run();
}

Result<std::int64_t> appendEvent(store::Database &db, const Deployment &d, EventKind kind,
                                 const std::string &actor, std::optional<std::int64_t> rolloutId,
                                 const Json &details, std::int64_t nowMs)
{
    auto st = db.prepare(
        "INSERT INTO deployment_events(deployment_id, time, kind, rollout_id, stable_version, "
        "candidate_version, candidate_mode, percent, actor, details) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!st)
        return st.error();
    st->bind(1, d.id).bind(2, nowMs).bind(3, eventKindName(kind));
    st->bindOptional(4, rolloutId);
    st->bind(5, d.stableVersion);
    if (d.candidateVersion)
        st->bind(6, *d.candidateVersion);
    else
        st->bindNull(6);
    st->bind(7, candidateModeName(d.candidateMode)).bind(8, d.canaryPercent);
    st->bind(9, actor).bind(10, canonicalJson(details));
    MDECK_TRY(st->run());
    return db.lastInsertId();
}

Result<std::vector<DeploymentEvent>> readEvents(store::Database &db, const Deployment &d, int limit)
{
    // The newest `limit` events, returned oldest first.
    auto st = db.prepare("SELECT * FROM (SELECT id, time, kind, rollout_id, stable_version, "
                         "candidate_version, candidate_mode, percent, actor, details "
                         "FROM deployment_events WHERE deployment_id = ?1 "
                         "ORDER BY time DESC, id DESC LIMIT ?2) ORDER BY time, id");
    if (!st)
        return st.error();
    st->bind(1, d.id).bind(2, limit);
    std::vector<DeploymentEvent> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        DeploymentEvent e;
        e.id = st->int64(0);
        e.deployment = d.name;
        e.time = st->int64(1);
        auto kind = parseEventKind(st->text(2));
        if (!kind)
            return kind.error();
        e.kind = *kind;
        e.rolloutId = optInt64(*st, 3);
        e.stableVersion = static_cast<int>(st->int64(4));
        e.candidateVersion = optInt(*st, 5);
        auto mode = parseCandidateMode(st->text(6));
        e.candidateMode = mode ? *mode : CandidateMode::None;
        e.percent = static_cast<int>(st->int64(7));
        e.actor = st->text(8);
        e.detailsJson = st->text(9);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace mdeck::deploy::detail
