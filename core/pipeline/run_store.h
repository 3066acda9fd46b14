#pragma once

// Pipeline definitions, runs, step states, the step cache and trigger claims
// in the workspace database. Run-level changes (start, cancel, resume,
// finish) commit together with their audit entry; step updates are plain
// writes. A run whose executor died (no process holds its lock file) reads
// as interrupted. Callable from any thread.
// Errors: NotFound, Conflict, PermissionDenied, Unauthenticated, Io.

#include "core/auth/audit_log.h"
#include "core/pipeline/definition.h"
#include "core/pipeline/types.h"
#include "core/store/workspace.h"

#include <optional>

namespace mdeck::pipeline {

// An exclusive lock on a run, held by the process executing it (flock on a
// file under <workspace>/pipelines/locks). The kernel drops it when the
// process dies, which is how a crashed run is told from a running one.
class RunLock
{
public:
    static Result<RunLock> acquire(const std::string &workspaceDir, std::int64_t runId);
    // Whether some process holds the run's lock now.
    static bool held(const std::string &workspaceDir, std::int64_t runId);
    RunLock(RunLock &&other) noexcept;
    RunLock &operator=(RunLock &&) = delete;
    RunLock(const RunLock &) = delete;
    ~RunLock();

private:
    explicit RunLock(int fd)
        : m_fd(fd)
    {}
    int m_fd = -1;
};

class RunStore
{
public:
    explicit RunStore(store::Workspace &workspace);

    // Definitions stored for schedules, file triggers and the console.
    Result<void> saveDefinition(const auth::Actor &actor, const Definition &definition,
                                const std::string &path);
    Result<std::vector<DefinitionRecord>> listDefinitions();
    Result<DefinitionRecord> getDefinition(const std::string &name);

    // A new run in state queued with one pending row per step (audited).
    Result<std::int64_t> createRun(const auth::Actor &actor, const Definition &definition,
                                   const std::string &trigger, const Json &triggerDetails);
    // Claims a trigger slot and creates its run in one transaction; nothing
    // (std::nullopt) when another scheduler claimed the slot first.
    Result<std::optional<std::int64_t>> claimTrigger(
        const auth::Actor &actor, const Definition &definition, const std::string &triggerKey,
        const std::string &trigger, const Json &details, const std::string &claimedBy);
    // Compare-and-swap of a watched file's last hash; true when this caller moved it.
    Result<bool> moveWatchHash(const std::string &pipeline, const std::string &path,
                               const std::optional<std::string> &expected,
                               const std::string &sha256);
    Result<std::optional<std::string>> watchHash(const std::string &pipeline,
                                                 const std::string &path);

    Result<RunRecord> get(std::int64_t runId, bool withSteps = true);
    Result<std::vector<RunRecord>> list(const RunQuery &query);

    Result<void> markStarted(std::int64_t runId);
    Result<void> finishRun(std::int64_t runId, RunState state, const std::string &message);
    Result<void> requestCancel(const auth::Actor &actor, std::int64_t runId);
    Result<bool> cancelRequested(std::int64_t runId);
    // Moves an interrupted, failed or cancelled run back to queued: its finished
    // steps stay, the others return to pending (audited).
    Result<RunRecord> prepareResume(const auth::Actor &actor, std::int64_t runId,
                                    const std::string &fromStep = {});
    Result<void> recordFileHash(std::int64_t runId, const std::string &path,
                                const std::string &sha256);

    Result<void> updateStep(std::int64_t runId, const StepRecord &step);

    struct CacheEntry
    {
        std::vector<ArtifactRef> outputs;
        Json summary;
        std::int64_t runId = 0;
    };
    Result<std::optional<CacheEntry>> cacheLookup(const std::string &key);
    Result<void> cacheStore(const std::string &key, const std::string &pipeline,
                            const std::string &step, std::int64_t runId, const CacheEntry &entry);

    store::Workspace &workspace() { return m_ws; }

private:
    Result<std::int64_t> insertRun(const auth::Actor &actor, const Definition &definition,
                                   const std::string &trigger, const Json &details);
    void reconcile(RunRecord &run) const;

    store::Workspace &m_ws;
    store::Database &m_db;
};

std::string runSubject(std::int64_t runId);
Json artifactsToJson(const std::vector<ArtifactRef> &artifacts);
std::vector<ArtifactRef> artifactsFromJson(const Json &json);

} // namespace mdeck::pipeline
