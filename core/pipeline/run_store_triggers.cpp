#include "core/pipeline/run_store.h"

#include "core/common/files.h"
#include "core/common/text.h"
#include "core/pipeline/run_store_p.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

// Stored definitions, trigger claims, watched-file hashes and run locks.

namespace mdeck::pipeline {

namespace {

std::string lockPath(const std::string &workspaceDir, std::int64_t runId)
{
    return workspaceDir + "/pipelines/locks/run-" + std::to_string(runId) + ".lock";
}

} // namespace

using detail::mayRun;
using detail::parseOr;

Result<RunLock> RunLock::acquire(const std::string &workspaceDir, std::int64_t runId)
{
    MDECK_TRY(makeDirs(workspaceDir + "/pipelines/locks"));
    const std::string path = lockPath(workspaceDir, runId);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return Error(ErrorCode::Io, "cannot open the run lock " + path);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return Error(ErrorCode::Conflict,
                     "run " + std::to_string(runId) + " is being executed by another process");
    }
    return RunLock(fd);
}

bool RunLock::held(const std::string &workspaceDir, std::int64_t runId)
{
    const int fd = ::open(lockPath(workspaceDir, runId).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool free = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
    ::close(fd); // also releases the shared lock taken to test
    return !free;
}

RunLock::RunLock(RunLock &&other) noexcept
    : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

RunLock::~RunLock()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<void> RunStore::saveDefinition(const auth::Actor &actor, const Definition &def,
                                      const std::string &path)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    const auto now = nowMillis();
    auto st = m_db.prepare(
        "INSERT INTO pipeline_definitions(name, path, base_dir, yaml, sha256, schedule, watch, "
        "created_at, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9) "
        "ON CONFLICT(name) DO UPDATE SET path = ?2, base_dir = ?3, yaml = ?4, sha256 = ?5, "
        "schedule = ?6, watch = ?7, updated_at = ?8, updated_by = ?9");
    if (!st)
        return st.error();
    st->bind(1, def.name).bind(2, path).bind(3, def.baseDir).bind(4, def.yaml).bind(5, def.sha256);
    st->bind(6, def.schedule).bind(7, Json(def.watch).dump()).bind(8, now).bind(9, actor.name);
    MDECK_TRY(st->run());
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "pipeline.save", "pipeline:" + def.name,
                                     {{"sha256", def.sha256},
                                      {"path", path},
                                      {"schedule", def.schedule}}));
    return tx->commit();
}

Result<std::vector<DefinitionRecord>> RunStore::listDefinitions()
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("SELECT name, path, base_dir, yaml, sha256, schedule, watch, "
                           "created_at, updated_at, updated_by FROM pipeline_definitions "
                           "ORDER BY name");
    if (!st)
        return st.error();
    std::vector<DefinitionRecord> out;
    while (true) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        DefinitionRecord d;
        d.name = st->text(0);
        d.path = st->text(1);
        d.baseDir = st->text(2);
        d.yaml = st->text(3);
        d.sha256 = st->text(4);
        d.schedule = st->text(5);
        const Json watch = parseOr(st->text(6), Json::array());
        for (const auto &w : watch)
            if (w.is_string())
                d.watch.push_back(w.get<std::string>());
        d.createdAt = st->int64(7);
        d.updatedAt = st->int64(8);
        d.updatedBy = st->text(9);
        out.push_back(std::move(d));
    }
    return out;
}

Result<DefinitionRecord> RunStore::getDefinition(const std::string &name)
{
    auto all = listDefinitions();
    if (!all)
        return all.error();
    for (auto &d : *all)
        if (d.name == name)
            return d;
    return Error(ErrorCode::NotFound, "no pipeline named '" + name + "' in this workspace");
}

Result<std::optional<std::int64_t>> RunStore::claimTrigger(
    const auth::Actor &actor, const Definition &def, const std::string &triggerKey,
    const std::string &trigger, const Json &details, const std::string &claimedBy)
{
    MDECK_TRY(mayRun(actor, def));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto claim = m_db.prepare("INSERT INTO pipeline_triggers(pipeline, trigger_key, claimed_at, "
                              "claimed_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
    if (!claim)
        return claim.error();
    claim->bind(1, def.name).bind(2, triggerKey).bind(3, nowMillis()).bind(4, claimedBy);
    MDECK_TRY(claim->run());
    if (m_db.changes() == 0)
        return std::optional<std::int64_t>();
    auto id = insertRun(actor, def, trigger, details);
    if (!id)
        return id.error();
    auto link = m_db.prepare(
        "UPDATE pipeline_triggers SET run_id = ?3 WHERE pipeline = ?1 AND trigger_key = ?2");
    if (!link)
        return link.error();
    link->bind(1, def.name).bind(2, triggerKey).bind(3, *id);
    MDECK_TRY(link->run());
    MDECK_TRY(tx->commit());
    return std::optional<std::int64_t>(*id);
}

Result<std::optional<std::string>> RunStore::watchHash(const std::string &pipeline,
                                                       const std::string &path)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("SELECT sha256 FROM pipeline_watch WHERE pipeline = ?1 AND path = ?2");
    if (!st)
        return st.error();
    st->bind(1, pipeline).bind(2, path);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

Result<bool> RunStore::moveWatchHash(const std::string &pipeline, const std::string &path,
                                     const std::optional<std::string> &expected,
                                     const std::string &sha256)
{
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = expected ? m_db.prepare("UPDATE pipeline_watch SET sha256 = ?3 WHERE pipeline = ?1 "
                                      "AND path = ?2 AND sha256 = ?4")
                       : m_db.prepare("INSERT INTO pipeline_watch(pipeline, path, sha256) VALUES "
                                      "(?1, ?2, ?3) ON CONFLICT DO NOTHING");
    if (!st)
        return st.error();
    st->bind(1, pipeline).bind(2, path).bind(3, sha256);
    if (expected)
        st->bind(4, *expected);
    MDECK_TRY(st->run());
    const bool moved = m_db.changes() == 1;
    MDECK_TRY(tx->commit());
    return moved;
}

} // namespace mdeck::pipeline
