#include "core/pipeline/run_store.h"

#include "core/common/files.h"
#include "core/common/text.h"
#include "core/pipeline/run_store_p.h"

namespace mdeck::pipeline {

namespace detail {

Json parseOr(const std::string &text, Json fallback)
{
    auto j = parseJson(text, "pipeline row");
    return j ? *j : fallback;
}

// Who may start a run: any workspace user, but a pipeline with a shell step
// runs arbitrary commands, so it needs an engineer or more.
Result<void> mayRun(const auth::Actor &actor, const Definition &def)
{
    if (!actor.authenticated)
        return auth::require(actor, auth::Permission::ManageModels);
    if (def.hasKind(StepKind::Shell) && !auth::allows(actor.role, auth::Permission::ManageModels))
        return Error(ErrorCode::PermissionDenied,
                     "user '" + actor.name + "' (" + auth::roleName(actor.role)
                         + ") may not run pipeline '" + def.name
                         + "': it has a shell step, which only engineers and above may run");
    return success();
}

} // namespace detail

using detail::mayRun;
using detail::parseOr;

namespace {

const char *kRunColumns = "id, pipeline, state, trigger, trigger_details, yaml, definition_sha256, "
                          "base_dir, params, file_hashes, created_by, created_at, "
                          "coalesce(started_at, 0), coalesce(finished_at, 0), cancel_requested, "
                          "attempt, message";

RunRecord runFromRow(const store::Statement &st)
{
    RunRecord r;
    r.id = st.int64(0);
    r.pipeline = st.text(1);
    r.state = parseRunState(st.text(2)).value();
    r.trigger = st.text(3);
    r.triggerDetails = parseOr(st.text(4), Json::object());
    r.yaml = st.text(5);
    r.definitionSha256 = st.text(6);
    r.baseDir = st.text(7);
    const Json params = parseOr(st.text(8), Json::object());
    for (const auto &[k, v] : params.items())
        r.params[k] = v.is_string() ? v.get<std::string>() : v.dump();
    const Json hashes = parseOr(st.text(9), Json::object());
    for (const auto &[k, v] : hashes.items())
        r.fileHashes[k] = v.is_string() ? v.get<std::string>() : v.dump();
    r.createdBy = st.text(10);
    r.createdAt = st.int64(11);
    r.startedAt = st.int64(12);
    r.finishedAt = st.int64(13);
    r.cancelRequested = st.int64(14) != 0;
    r.attempt = static_cast<int>(st.int64(15));
    r.message = st.text(16);
    return r;
}

} // namespace

std::string runSubject(std::int64_t runId)
{
    return "pipeline-run:" + std::to_string(runId);
}

Json artifactsToJson(const std::vector<ArtifactRef> &artifacts)
{
    Json list = Json::array();
    for (const auto &a : artifacts)
        list.push_back({{"name", a.name}, {"sha256", a.sha256}, {"size", a.size}});
    return list;
}

std::vector<ArtifactRef> artifactsFromJson(const Json &json)
{
    std::vector<ArtifactRef> out;
    if (!json.is_array())
        return out;
    for (const auto &a : json)
        if (a.is_object())
            out.push_back(
                {a.value("name", ""), a.value("sha256", ""), a.value("size", std::int64_t(0))});
    return out;
}

RunStore::RunStore(store::Workspace &workspace)
    : m_ws(workspace)
    , m_db(workspace.db())
{}

Result<std::int64_t> RunStore::insertRun(const auth::Actor &actor, const Definition &def,
                                         const std::string &trigger, const Json &details)
{
    Json params = Json::object();
    for (const auto &[k, v] : def.params)
        params[k] = v;
    auto st = m_db.prepare("INSERT INTO pipeline_runs(pipeline, state, trigger, trigger_details, "
                           "yaml, definition_sha256, base_dir, params, created_by, created_at) "
                           "VALUES (?1, 'queued', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!st)
        return st.error();
    st->bind(1, def.name).bind(2, trigger).bind(3, canonicalJson(details)).bind(4, def.yaml);
    st->bind(5, def.sha256).bind(6, def.baseDir).bind(7, canonicalJson(params));
    st->bind(8, actor.name).bind(9, nowMillis());
    MDECK_TRY(st->run());
    const std::int64_t id = m_db.lastInsertId();
    auto step = m_db.prepare("INSERT INTO pipeline_steps(run_id, name, position, kind, needs, "
                             "state) VALUES (?1, ?2, ?3, ?4, ?5, 'pending')");
    if (!step)
        return step.error();
    for (std::size_t i = 0; i < def.steps.size(); ++i) {
        const auto &s = def.steps[i];
        step->bind(1, id).bind(2, s.name).bind(3, static_cast<std::int64_t>(i));
        step->bind(4, stepKindName(s.kind)).bind(5, Json(s.needs).dump());
        MDECK_TRY(step->run());
        step->reset();
    }
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "pipeline.run.start", runSubject(id),
                                     {{"pipeline", def.name},
                                      {"trigger", trigger},
                                      {"details", details},
                                      {"params", params},
                                      {"definition_sha256", def.sha256}}));
    return id;
}

Result<std::int64_t> RunStore::createRun(const auth::Actor &actor, const Definition &def,
                                         const std::string &trigger, const Json &details)
{
    MDECK_TRY(mayRun(actor, def));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto id = insertRun(actor, def, trigger, details);
    if (!id)
        return id.error();
    MDECK_TRY(tx->commit());
    return *id;
}

void RunStore::reconcile(RunRecord &run) const
{
    if ((run.state == RunState::Running || run.state == RunState::Queued) && run.startedAt != 0
        && !RunLock::held(m_ws.dir(), run.id)) {
        run.state = RunState::Interrupted;
        if (run.message.empty())
            run.message = "the process running it stopped before it finished";
    }
}

Result<RunRecord> RunStore::get(std::int64_t runId, bool withSteps)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(std::string("SELECT ") + kRunColumns
                           + " FROM pipeline_runs WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, runId);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, "no pipeline run " + std::to_string(runId));
    RunRecord run = runFromRow(*st);
    if (withSteps) {
        auto ss = m_db.prepare(
            "SELECT name, kind, position, needs, state, attempts, coalesce(started_at, 0), "
            "coalesce(finished_at, 0), cache_key, message, log_head, log_tail, log_dropped, "
            "outputs, summary FROM pipeline_steps WHERE run_id = ?1 ORDER BY position");
        if (!ss)
            return ss.error();
        ss->bind(1, runId);
        while (true) {
            auto r = ss->step();
            if (!r)
                return r.error();
            if (!*r)
                break;
            StepRecord s;
            s.name = ss->text(0);
            s.kind = ss->text(1);
            s.position = static_cast<int>(ss->int64(2));
            const Json needs = parseOr(ss->text(3), Json::array());
            for (const auto &n : needs)
                if (n.is_string())
                    s.needs.push_back(n.get<std::string>());
            s.state = parseStepState(ss->text(4)).value();
            s.attempts = static_cast<int>(ss->int64(5));
            s.startedAt = ss->int64(6);
            s.finishedAt = ss->int64(7);
            s.cacheKey = ss->text(8);
            s.message = ss->text(9);
            s.logHead = ss->text(10);
            s.logTail = ss->text(11);
            s.logDropped = ss->int64(12);
            s.outputs = artifactsFromJson(parseOr(ss->text(13), Json::array()));
            s.summary = parseOr(ss->text(14), Json::object());
            run.steps.push_back(std::move(s));
        }
    }
    reconcile(run);
    return run;
}

Result<std::vector<RunRecord>> RunStore::list(const RunQuery &query)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(std::string("SELECT ") + kRunColumns
                           + " FROM pipeline_runs WHERE (?1 = '' OR pipeline = ?1) "
                             "ORDER BY id DESC LIMIT ?2");
    if (!st)
        return st.error();
    st->bind(1, query.pipeline).bind(2, query.limit);
    std::vector<RunRecord> out;
    while (true) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(runFromRow(*st));
        reconcile(out.back());
    }
    return out;
}

Result<void> RunStore::markStarted(std::int64_t runId)
{
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("UPDATE pipeline_runs SET state = 'running', started_at = ?2, "
                           "finished_at = NULL, message = '' WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, runId).bind(2, nowMillis());
    MDECK_TRY(st->run());
    return tx->commit();
}

Result<void> RunStore::finishRun(std::int64_t runId, RunState state, const std::string &message)
{
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(
        "UPDATE pipeline_runs SET state = ?2, finished_at = ?3, message = ?4 WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, runId).bind(2, runStateName(state)).bind(3, nowMillis()).bind(4, message);
    MDECK_TRY(st->run());
    auth::Actor system;
    system.name = "pipeline-executor";
    MDECK_TRY(auth::AuditLog::append(m_db, system, "pipeline.run.finish", runSubject(runId),
                                     {{"state", runStateName(state)}, {"message", message}}));
    return tx->commit();
}

Result<void> RunStore::requestCancel(const auth::Actor &actor, std::int64_t runId)
{
    auto run = get(runId, false);
    if (!run)
        return run.error();
    if (run->createdBy != actor.name)
        MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    else if (!actor.authenticated)
        MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    if (isFinished(run->state))
        return Error(ErrorCode::Conflict,
                     "run " + std::to_string(runId) + " has already " + runStateName(run->state));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("UPDATE pipeline_runs SET cancel_requested = 1 WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, runId);
    MDECK_TRY(st->run());
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "pipeline.run.cancel", runSubject(runId),
                                     Json::object()));
    return tx->commit();
}

Result<bool> RunStore::cancelRequested(std::int64_t runId)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("SELECT cancel_requested FROM pipeline_runs WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, runId);
    auto row = st->step();
    if (!row)
        return row.error();
    return *row && st->int64(0) != 0;
}

Result<RunRecord> RunStore::prepareResume(const auth::Actor &actor, std::int64_t runId,
                                          const std::string &fromStep)
{
    auto run = get(runId);
    if (!run)
        return run.error();
    auto def = parseDefinition(run->yaml, run->pipeline, run->params, run->baseDir);
    if (!def)
        return def.error();
    MDECK_TRY(mayRun(actor, *def));
    if (run->state == RunState::Succeeded && fromStep.empty())
        return Error(ErrorCode::Conflict,
                     "run " + std::to_string(runId) + " succeeded; there is nothing to resume");
    if (!isFinished(run->state))
        return Error(ErrorCode::Conflict,
                     "run " + std::to_string(runId) + " is still " + runStateName(run->state));
    // Steps from `fromStep` on (it and every step that depends on it) run again.
    std::vector<bool> rerun(def->steps.size(), false);
    if (!fromStep.empty()) {
        const int from = def->stepIndex(fromStep);
        if (from < 0)
            return Error(ErrorCode::NotFound,
                         "run " + std::to_string(runId) + " has no step '" + fromStep + "'");
        for (std::size_t i = 0; i < def->steps.size(); ++i)
            rerun[i] = static_cast<int>(i) == from || dependsOn(*def, static_cast<int>(i), from);
    }
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(
        "UPDATE pipeline_steps SET state = 'pending', message = '', started_at = NULL, "
        "finished_at = NULL WHERE run_id = ?1 AND name = ?2");
    if (!st)
        return st.error();
    for (const auto &s : run->steps) {
        const int i = def->stepIndex(s.name);
        if (isDone(s.state) && !(i >= 0 && rerun[static_cast<std::size_t>(i)]))
            continue;
        st->bind(1, runId).bind(2, s.name);
        MDECK_TRY(st->run());
        st->reset();
    }
    auto up = m_db.prepare("UPDATE pipeline_runs SET state = 'queued', cancel_requested = 0, "
                           "attempt = attempt + 1, message = '', "
                           "finished_at = NULL WHERE id = ?1");
    if (!up)
        return up.error();
    up->bind(1, runId);
    MDECK_TRY(up->run());
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "pipeline.run.resume", runSubject(runId),
                                     {{"from_step", fromStep},
                                      {"previous_state", runStateName(run->state)}}));
    MDECK_TRY(tx->commit());
    return get(runId);
}

Result<void> RunStore::recordFileHash(std::int64_t runId, const std::string &path,
                                      const std::string &sha256)
{
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto read = m_db.prepare("SELECT file_hashes FROM pipeline_runs WHERE id = ?1");
    if (!read)
        return read.error();
    read->bind(1, runId);
    auto row = read->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, "no pipeline run " + std::to_string(runId));
    Json hashes = parseOr(read->text(0), Json::object());
    read->reset();
    hashes[path] = sha256;
    auto st = m_db.prepare("UPDATE pipeline_runs SET file_hashes = ?2 WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, runId).bind(2, canonicalJson(hashes));
    MDECK_TRY(st->run());
    return tx->commit();
}

Result<void> RunStore::updateStep(std::int64_t runId, const StepRecord &s)
{
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(
        "UPDATE pipeline_steps SET state = ?3, attempts = ?4, started_at = nullif(?5, 0), "
        "finished_at = nullif(?6, 0), cache_key = ?7, message = ?8, log_head = ?9, "
        "log_tail = ?10, log_dropped = ?11, outputs = ?12, summary = ?13 "
        "WHERE run_id = ?1 AND name = ?2");
    if (!st)
        return st.error();
    st->bind(1, runId).bind(2, s.name).bind(3, stepStateName(s.state)).bind(4, s.attempts);
    st->bind(5, s.startedAt).bind(6, s.finishedAt).bind(7, s.cacheKey).bind(8, s.message);
    st->bind(9, s.logHead).bind(10, s.logTail).bind(11, s.logDropped);
    st->bind(12, canonicalJson(artifactsToJson(s.outputs))).bind(13, canonicalJson(s.summary));
    MDECK_TRY(st->run());
    return tx->commit();
}

Result<std::optional<RunStore::CacheEntry>> RunStore::cacheLookup(const std::string &key)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(
        "SELECT outputs, summary, run_id FROM pipeline_cache WHERE cache_key = ?1");
    if (!st)
        return st.error();
    st->bind(1, key);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<CacheEntry>();
    CacheEntry e;
    e.outputs = artifactsFromJson(parseOr(st->text(0), Json::array()));
    e.summary = parseOr(st->text(1), Json::object());
    e.runId = st->int64(2);
    return std::optional<CacheEntry>(std::move(e));
}

Result<void> RunStore::cacheStore(const std::string &key, const std::string &pipeline,
                                  const std::string &step, std::int64_t runId,
                                  const CacheEntry &entry)
{
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("INSERT OR REPLACE INTO pipeline_cache(cache_key, pipeline, step, "
                           "run_id, outputs, summary, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                           "?6, ?7)");
    if (!st)
        return st.error();
    st->bind(1, key).bind(2, pipeline).bind(3, step).bind(4, runId);
    st->bind(5, canonicalJson(artifactsToJson(entry.outputs)))
        .bind(6, canonicalJson(entry.summary))
        .bind(7, nowMillis());
    MDECK_TRY(st->run());
    return tx->commit();
}

} // namespace mdeck::pipeline
