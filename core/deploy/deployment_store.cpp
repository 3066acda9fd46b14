#include "core/deploy/deployment_store.h"

#include "core/auth/audit_log.h"
#include "core/common/text.h"
#include "core/deploy/deploy_db_p.h"

namespace mdeck::deploy {

std::vector<ServedShare> sharesOf(int stableVersion, std::optional<int> candidateVersion,
                                  CandidateMode mode, int percent)
{
    std::vector<ServedShare> out;
    if (!candidateVersion || mode == CandidateMode::None) {
        out.push_back({stableVersion, "stable", 100});
        return out;
    }
    if (mode == CandidateMode::Shadow) {
        out.push_back({stableVersion, "stable", 100});
        out.push_back({*candidateVersion, "shadow", 0});
        return out;
    }
    out.push_back({stableVersion, "stable", 100 - percent});
    out.push_back({*candidateVersion, "canary", percent});
    return out;
}

DeploymentStore::DeploymentStore(registry::ModelRegistry &registry)
    : m_registry(registry)
    , m_db(registry.workspace().db())
{}

Result<Deployment> DeploymentStore::create(const auth::Actor &actor, const NewDeployment &nd)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    MDECK_TRY(checkName(nd.name, "deployment"));
    MDECK_TRY(checkName(nd.model, "model"));
    if (nd.maxBatchSize < 1 || nd.maxBatchSize > kMaxBatchSize)
        return Error(ErrorCode::InvalidArgument,
                     "the maximum batch size must be between 1 and "
                         + std::to_string(kMaxBatchSize));
    if (nd.maxQueueDelayUs < 0 || nd.maxQueueDelayUs > kMaxQueueDelayUs)
        return Error(ErrorCode::InvalidArgument,
                     "the maximum queue delay must be between 0 and "
                         + std::to_string(kMaxQueueDelayUs) + " microseconds");
    if (nd.version.has_value() == !nd.alias.empty())
        return Error(ErrorCode::InvalidArgument,
                     "give either a version or an alias for the deployment's model");
    auto version = nd.version ? m_registry.getVersion(nd.model, *nd.version)
                              : m_registry.resolve(nd.model, "@" + nd.alias);
    if (!version)
        return version.error();
    if (version->archived)
        return Error(ErrorCode::Conflict,
                     "version " + nd.model + ":" + std::to_string(version->version)
                         + " is archived; unarchive it to deploy it");
    if (auto path = m_registry.artifactPath(*version); !path)
        return path.error();

    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    const auto now = nowMillis();
    auto st = m_db.prepare("INSERT INTO deployments(name, model, stable_version, max_batch_size, "
                           "max_queue_delay_us, created_at, created_by, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)");
    if (!st)
        return st.error();
    st->bind(1, nd.name).bind(2, nd.model).bind(3, version->version).bind(4, nd.maxBatchSize);
    st->bind(5, nd.maxQueueDelayUs).bind(6, now).bind(7, actor.name);
    if (auto r = st->run(); !r) {
        if (r.error().code == ErrorCode::Conflict)
            return Error(ErrorCode::Conflict, "a deployment named '" + nd.name + "' already exists");
        return r.error();
    }
    auto d = detail::readDeployment(m_db, nd.name);
    if (!d)
        return d.error();
    Json details{{"model", nd.model},
                 {"version", version->version},
                 {"artifact_sha256", version->artifactSha256},
                 {"max_batch_size", nd.maxBatchSize},
                 {"max_queue_delay_us", nd.maxQueueDelayUs}};
    if (!nd.alias.empty())
        details["alias"] = nd.alias;
    MDECK_TRY(
        detail::appendEvent(m_db, *d, EventKind::Created, actor.name, std::nullopt, details, now));
    MDECK_TRY(detail::bumpGeneration(m_db));
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "deployment.create",
                                     detail::deploymentSubject(nd.name), details));
    MDECK_TRY(tx->commit());
    return d;
}

Result<std::vector<Deployment>> DeploymentStore::list()
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto names = detail::deploymentNames(m_db);
    if (!names)
        return names.error();
    std::vector<Deployment> out;
    for (const auto &n : *names) {
        auto d = detail::readDeployment(m_db, n);
        if (!d)
            return d.error();
        out.push_back(std::move(*d));
    }
    return out;
}

Result<Deployment> DeploymentStore::get(const std::string &name)
{
    MDECK_TRY(checkName(name, "deployment"));
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    return detail::readDeployment(m_db, name);
}

Result<std::int64_t> DeploymentStore::generation()
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    return detail::readGeneration(m_db);
}

Result<std::vector<DeploymentEvent>> DeploymentStore::events(const std::string &name, int limit)
{
    MDECK_TRY(checkName(name, "deployment"));
    if (limit < 1 || limit > 100000)
        return Error(ErrorCode::InvalidArgument, "the event limit must be between 1 and 100000");
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto d = detail::readDeployment(m_db, name);
    if (!d)
        return d.error();
    return detail::readEvents(m_db, *d, limit);
}

Result<ServedState> DeploymentStore::servedAt(const std::string &name, std::int64_t timeMs)
{
    MDECK_TRY(checkName(name, "deployment"));
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto d = detail::readDeployment(m_db, name);
    if (!d)
        return d.error();
    auto st = m_db.prepare("SELECT id, time, stable_version, candidate_version, candidate_mode, "
                           "percent FROM deployment_events WHERE deployment_id = ?1 AND time <= ?2 "
                           "ORDER BY time DESC, id DESC LIMIT 1");
    if (!st)
        return st.error();
    st->bind(1, d->id).bind(2, timeMs);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound,
                     "deployment '" + name + "' did not exist at " + isoTime(timeMs) + " (created "
                         + isoTime(d->createdAt) + ")");
    ServedState s;
    s.deployment = name;
    s.at = timeMs;
    s.eventId = st->int64(0);
    s.since = st->int64(1);
    const int stable = static_cast<int>(st->int64(2));
    std::optional<int> candidate;
    if (!st->isNull(3))
        candidate = static_cast<int>(st->int64(3));
    auto mode = parseCandidateMode(st->text(4));
    if (!mode)
        return mode.error();
    s.shares = sharesOf(stable, candidate, *mode, static_cast<int>(st->int64(5)));
    st->reset();
    return s;
}

} // namespace mdeck::deploy
