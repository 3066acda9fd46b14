#pragma once

// Trains linear / logistic models and MLPs with LibTorch on dense float
// matrices (already preprocessed), with Adam or SGD, weight decay, dropout,
// mini-batches, early stopping on the validation loss, a per-epoch progress
// callback and cancellation that takes effect within one batch. Same seed,
// data and thread count give the same weights. One training at a time per
// thread; the LibTorch thread count is process-wide.
// Errors: InvalidArgument (bad spec or data), Cancelled.

#include "core/ml/native_model.h"

#include <functional>
#include <stop_token>

namespace mdeck::ml {

enum class ModelKind { Linear, Mlp };
enum class OptimizerKind { Adam, Sgd };

const char *modelKindName(ModelKind k);
Result<ModelKind> parseModelKind(std::string_view text);
const char *optimizerName(OptimizerKind o);
Result<OptimizerKind> parseOptimizer(std::string_view text);

struct TrainSpec
{
    Task task = Task::BinaryClassification;
    ModelKind model = ModelKind::Mlp;
    std::vector<int> hidden{64, 64};
    Activation activation = Activation::Relu;
    double dropout = 0;
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = 1e-3;
    double momentum = 0.9; // SGD only
    double weightDecay = 0;
    int batchSize = 64;
    int epochs = 100;
    int patience = 10; // epochs without a better validation loss before stopping; 0 = never
    std::uint64_t seed = 42;
    int threads = 0; // 0 = leave LibTorch's setting alone
};

Result<void> validateSpec(const TrainSpec &spec);

struct TrainingSet
{
    std::vector<float> x; // rows x cols, row-major
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<std::int64_t> classes; // classification: labels in [0, numClasses)
    std::vector<float> targets;        // regression
    int numClasses = 0;
};

struct EpochReport
{
    int epoch = 0; // 1-based
    int epochs = 0;
    double trainLoss = 0;
    double validationLoss = 0;
    double validationMetric = 0; // accuracy for classifiers, RMSE for regression
    std::string metricName;
    double elapsedSeconds = 0;
    double etaSeconds = 0;
    bool improved = false;
};

using EpochFn = std::function<void(const EpochReport &)>;

struct TrainedModel
{
    NativeModel model; // the weights of the best validation epoch
    std::vector<EpochReport> history;
    int bestEpoch = 0;
    bool stoppedEarly = false;
};

Result<TrainedModel> train(const TrainSpec &spec, const TrainingSet &trainSet,
                           const TrainingSet &validation, const EpochFn &onEpoch = {},
                           std::stop_token stop = {});

} // namespace mdeck::ml
