#pragma once

// Owns the models, versions, aliases and artifacts of one workspace. Every
// mutation checks the actor's permission and commits together with its audit
// entry, or not at all. Registered versions are immutable (the database
// refuses updates); they can only be archived. Callable from any thread.
// Errors: InvalidArgument, NotFound, Conflict, PermissionDenied,
// Unauthenticated, Integrity (altered or missing artifacts), Io.

#include "core/auth/audit_log.h"
#include "core/auth/auth.h"
#include "core/registry/artifact_store.h"
#include "core/registry/types.h"
#include "core/store/workspace.h"

#include <functional>
#include <stop_token>

namespace mdeck::registry {

// Checks that an artifact really is what its format and signature claim
// (e.g. loads a TorchScript file and runs it once); supplied by core/ml.
using ArtifactValidator = std::function<
    Result<void>(const std::string &path, const std::string &format, const Signature &signature)>;

using ProgressFn = std::function<void(std::int64_t done, std::int64_t total)>;

struct VerifyProblem
{
    std::string subject; // "version iris:3", "audit log", "database"
    std::string message;
};

struct VerifyReport
{
    std::int64_t versionsChecked = 0;
    std::int64_t artifactsChecked = 0;
    std::int64_t auditEntriesChecked = 0;
    std::int64_t predictionBlocksChecked = 0;
    std::vector<VerifyProblem> problems;
    bool ok() const { return problems.empty(); }
};

class ModelRegistry
{
public:
    explicit ModelRegistry(store::Workspace &workspace, ArtifactValidator validator = {});

    Result<Model> createModel(const auth::Actor &actor, const std::string &name,
                              const std::string &description = {},
                              const std::map<std::string, std::string> &tags = {});
    Result<Model> getModel(const std::string &name);
    // Models whose name contains `filter` (case-insensitive), by name.
    Result<std::vector<Model>> listModels(const std::string &filter = {});

    Result<ModelVersion> registerVersion(const auth::Actor &actor, const NewVersion &version);
    Result<ModelVersion> getVersion(const std::string &model, int version);
    // "3", "latest", "@champion" or "champion" (an alias).
    Result<ModelVersion> resolve(const std::string &model, const std::string &reference);
    Result<VersionPage> searchVersions(const VersionQuery &query);

    // Points `alias` at `version`, moving it atomically if it pointed elsewhere.
    Result<void> setAlias(const auth::Actor &actor, const std::string &model,
                          const std::string &alias, int version);
    Result<void> removeAlias(const auth::Actor &actor, const std::string &model,
                             const std::string &alias);
    Result<void> setArchived(const auth::Actor &actor, const std::string &model, int version,
                             bool archived);

    // Benchmark results are evidence attached to a version; they are never edited.
    Result<BenchmarkRecord> addBenchmark(const auth::Actor &actor, const std::string &model,
                                         int version, const std::string &device,
                                         const std::string &hardwareJson,
                                         const std::string &resultsJson);
    // Newest first; `model` empty = every model's.
    Result<std::vector<BenchmarkRecord>> listBenchmarks(const std::string &model, int version = 0,
                                                        int limit = 200);

    // The verified path of a version's artifact.
    Result<std::string> artifactPath(const ModelVersion &version);
    Result<std::vector<auth::AuditEntry>> history(const std::string &model, int version = 0);

    // Database integrity, every version's artifact and the audit chain.
    Result<VerifyReport> verifyWorkspace(const ProgressFn &progress = {}, std::stop_token stop = {});

    store::Workspace &workspace() { return m_ws; }
    ArtifactStore &artifacts() { return m_artifacts; }

    static constexpr std::int64_t kMaxMetricsPerVersion = 10000;

private:
    Result<void> validateNew(const NewVersion &v) const;

    store::Workspace &m_ws;
    store::Database &m_db;
    ArtifactStore m_artifacts;
    ArtifactValidator m_validator;
};

// "accuracy>=0.9", "loss<0.2", "f1=1" -> MetricFilter.
Result<MetricFilter> parseMetricFilter(std::string_view text);
std::string versionSubject(const std::string &model, int version);

} // namespace mdeck::registry
