#pragma once

// The answers EngineBridge hands to panels: core data gathered in one
// background call, so that a panel draws a whole state at once.

#include "core/auth/audit_log.h"
#include "core/data/profile.h"
#include "core/pipeline/types.h"
#include "core/registry/types.h"
#include "core/training/benchmark.h"
#include "core/training/training_job.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

namespace mdeck::ui {

// The Pipelines panel's lists: stored definitions and the newest runs.
struct PipelineOverview
{
    std::vector<pipeline::DefinitionRecord> definitions;
    std::vector<pipeline::RunRecord> runs;
};

struct VersionList
{
    std::vector<registry::VersionRow> rows;
    std::int64_t total = 0; // rows that match, even beyond the limit
};

struct VersionDetails
{
    registry::ModelVersion version;
    std::vector<auth::AuditEntry> history;
};

struct VersionComparison
{
    registry::ModelVersion left;
    registry::ModelVersion right;
};

// What the Register Version dialog asks for. The signature file is read and
// checked on the bridge's thread, before anything is written.
struct RegistrationRequest
{
    registry::NewVersion version; // everything but the signature
    QString signatureFile;
};

// A CSV file read with the chosen column types, and the profile of each column.
struct DatasetSchema
{
    QString path;
    std::uint64_t rows = 0;
    std::vector<data::ColumnProfile> columns;
};

// Merged progress of a training run: the latest stage and share done, and the
// epochs finished since the last update.
struct TrainingUpdate
{
    QString stage; // core's stage name: "reading", "preparing", "training", …
    double fraction = 0;
    double etaSeconds = 0;
    std::vector<ml::EpochReport> epochs;
};

// A finished training run, not yet registered. Shared so that the signal
// copies a pointer; registering moves its package into the workspace.
using TrainedModel = std::shared_ptr<training::TrainOutcome>;

// Merged progress of a benchmark: share done and the batch sizes finished since the last update.
struct BenchmarkUpdate
{
    double fraction = 0;
    std::vector<training::BatchResult> batches;
};

// A finished benchmark, as stored with the version.
struct BenchmarkRun
{
    registry::BenchmarkRecord record;
    training::BenchReport report;
};

struct BenchmarkHistory
{
    QString model;
    std::vector<registry::BenchmarkRecord> records; // newest first
};

} // namespace mdeck::ui

Q_DECLARE_METATYPE(mdeck::ui::VersionList)
Q_DECLARE_METATYPE(mdeck::ui::VersionDetails)
Q_DECLARE_METATYPE(mdeck::ui::VersionComparison)
Q_DECLARE_METATYPE(mdeck::registry::ModelVersion)
Q_DECLARE_METATYPE(std::vector<mdeck::registry::Model>)
Q_DECLARE_METATYPE(mdeck::ui::DatasetSchema)
Q_DECLARE_METATYPE(mdeck::ui::TrainingUpdate)
Q_DECLARE_METATYPE(mdeck::ui::TrainedModel)
Q_DECLARE_METATYPE(mdeck::ui::BenchmarkUpdate)
Q_DECLARE_METATYPE(mdeck::ui::BenchmarkRun)
Q_DECLARE_METATYPE(mdeck::ui::BenchmarkHistory)
