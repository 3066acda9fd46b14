#pragma once

// From a CSV file to a registered model version: read and type the data,
// split it (stratified random or by time), fit preprocessing on the training
// rows only, train with LibTorch, evaluate on the held-out test rows, profile
// the training rows as the drift reference, and write the model package.
// Nothing reaches the registry until registerOutcome(); a failed or
// cancelled run leaves nothing behind. One job per thread.
// Errors: InvalidArgument (data or spec, naming file, line or column),
// Cancelled, Io.

#include "core/auth/auth.h"
#include "core/data/split.h"
#include "core/ml/trainer.h"
#include "core/registry/model_registry.h"
#include "core/training/model_package.h"

#include <optional>
#include <stop_token>

namespace mdeck::training {

struct TrainRequest
{
    std::string dataPath;
    std::string target;
    std::vector<std::string>
        features; // empty: every other column except ignored, time and sensitive ones
    std::vector<std::string> ignore;
    std::string timeColumn;       // non-empty: split by time instead of at random
    std::string sensitiveColumn;  // kept out of the features, profiled for fairness
    std::optional<ml::Task> task; // inferred from the target when empty
    std::map<std::string, data::ColumnType> typeOverrides;
    ml::TrainSpec spec; // spec.task is set from `task`
    data::SplitFractions fractions;
};

struct TrainProgress
{
    std::string stage;   // "reading", "preparing", "training", "evaluating", "packaging"
    double fraction = 0; // 0..1 over the whole job
    std::optional<ml::EpochReport> epoch;
};

using TrainProgressFn = std::function<void(const TrainProgress &)>;

struct TrainOutcome
{
    ModelPackage package;
    std::string packagePath; // a temporary file; removed by the caller or by registerOutcome
    std::map<std::string, double> testMetrics;
    std::map<std::string, double> validationMetrics;
    std::vector<ml::EpochReport> history;
    std::size_t trainRows = 0, validationRows = 0, testRows = 0, droppedRows = 0;
    std::string datasetSha256;
    std::string runId;
};

// Infers the task from a target column: categorical or boolean targets, and
// integer-valued numeric targets with at most 10 distinct values, are
// classification (binary with two classes); other numeric targets are regression.
Result<ml::Task> inferTask(const data::Column &target);

Result<TrainOutcome> runTraining(const TrainRequest &request, const std::string &workDir,
                                 const TrainProgressFn &progress = {}, std::stop_token stop = {});

Result<registry::ModelVersion> registerOutcome(registry::ModelRegistry &registry,
                                               const auth::Actor &actor, const std::string &model,
                                               TrainOutcome &outcome,
                                               const std::string &description = {});

// Accepts "modeldeck" packages (they load and their signature matches) and
// "torchscript" files (ml::checkTorchScript); "file" artifacts pass.
registry::ArtifactValidator artifactValidator();

} // namespace mdeck::training
