#include "core/ml/trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

namespace mdeck::ml {

namespace {

torch::nn::AnyModule activationModule(Activation a)
{
    switch (a) {
    case Activation::Relu:
        return torch::nn::AnyModule(torch::nn::ReLU());
    case Activation::Tanh:
        return torch::nn::AnyModule(torch::nn::Tanh());
    case Activation::Sigmoid:
        return torch::nn::AnyModule(torch::nn::Sigmoid());
    case Activation::Gelu:
        return torch::nn::AnyModule(torch::nn::GELU());
    }
    return torch::nn::AnyModule(torch::nn::ReLU());
}

std::vector<DenseLayer> extractLayers(torch::nn::Sequential &net)
{
    std::vector<DenseLayer> layers;
    for (const auto &child : net->children()) {
        auto *linear = child->as<torch::nn::Linear>();
        if (!linear)
            continue;
        const torch::Tensor w = linear->weight.detach().contiguous().to(torch::kFloat);
        const torch::Tensor b = linear->bias.detach().contiguous().to(torch::kFloat);
        DenseLayer l;
        l.out = static_cast<int>(w.size(0));
        l.in = static_cast<int>(w.size(1));
        l.weight.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
        l.bias.assign(b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
        layers.push_back(std::move(l));
    }
    return layers;
}

// Seeded Fisher–Yates: std::shuffle's sequence is not specified across standard libraries.
void shuffle(std::vector<std::int64_t> &v, std::mt19937_64 &rng)
{
    for (std::size_t i = v.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(rng() % i);
        std::swap(v[i - 1], v[j]);
    }
}

Result<void> checkSet(const TrainingSet &s, const TrainSpec &spec, const char *what)
{
    if (s.rows == 0)
        return Error(ErrorCode::InvalidArgument, std::string("the ") + what + " set has no rows");
    if (s.cols == 0 || s.x.size() != s.rows * s.cols)
        return Error(ErrorCode::InvalidArgument,
                     std::string("the ") + what + " matrix has the wrong size");
    for (float v : s.x)
        if (!std::isfinite(v))
            return Error(ErrorCode::InvalidArgument,
                         std::string("the ") + what + " set has NaN or infinite features");
    if (isClassification(spec.task)) {
        if (s.classes.size() != s.rows)
            return Error(ErrorCode::InvalidArgument,
                         std::string("the ") + what + " labels do not match its rows");
        for (auto c : s.classes)
            if (c < 0 || c >= s.numClasses)
                return Error(ErrorCode::InvalidArgument,
                             std::string("a ") + what + " label is out of range");
    } else {
        if (s.targets.size() != s.rows)
            return Error(ErrorCode::InvalidArgument,
                         std::string("the ") + what + " targets do not match its rows");
        for (float v : s.targets)
            if (!std::isfinite(v))
                return Error(ErrorCode::InvalidArgument,
                             std::string("the ") + what + " target has NaN or infinite values");
    }
    return success();
}

} // namespace

const char *modelKindName(ModelKind k)
{
    return k == ModelKind::Linear ? "linear" : "mlp";
}

Result<ModelKind> parseModelKind(std::string_view text)
{
    if (text == "linear" || text == "logistic")
        return ModelKind::Linear;
    if (text == "mlp")
        return ModelKind::Mlp;
    return Error(ErrorCode::InvalidArgument,
                 "unknown model '" + std::string(text.substr(0, 40)) + "' (expected linear or mlp)");
}

const char *optimizerName(OptimizerKind o)
{
    return o == OptimizerKind::Adam ? "adam" : "sgd";
}

Result<OptimizerKind> parseOptimizer(std::string_view text)
{
    if (text == "adam")
        return OptimizerKind::Adam;
    if (text == "sgd")
        return OptimizerKind::Sgd;
    return Error(ErrorCode::InvalidArgument,
                 "unknown optimizer '" + std::string(text.substr(0, 40))
                     + "' (expected adam or sgd)");
}

Result<void> validateSpec(const TrainSpec &s)
{
    auto bad = [](const std::string &what) {
        return Error(ErrorCode::InvalidArgument, what);
    };
    if (s.model == ModelKind::Mlp && s.hidden.empty())
        return bad("an MLP needs at least one hidden layer (e.g. --hidden 64,64)");
    if (s.hidden.size() > 16)
        return bad("at most 16 hidden layers");
    for (int h : s.hidden)
        if (h < 1 || h > 65536)
            return bad("hidden layer sizes must be 1 to 65536, not " + std::to_string(h));
    if (!(s.dropout >= 0 && s.dropout < 1))
        return bad("dropout must be in [0, 1)");
    if (!(s.learningRate > 0 && s.learningRate <= 10))
        return bad("the learning rate must be in (0, 10]");
    if (!(s.weightDecay >= 0 && s.weightDecay < 1))
        return bad("weight decay must be in [0, 1)");
    if (!(s.momentum >= 0 && s.momentum < 1))
        return bad("momentum must be in [0, 1)");
    if (s.batchSize < 1 || s.batchSize > 1 << 20)
        return bad("the batch size must be 1 to 1048576");
    if (s.epochs < 1 || s.epochs > 100000)
        return bad("epochs must be 1 to 100000");
    if (s.patience < 0)
        return bad("patience must not be negative");
    if (s.threads < 0 || s.threads > 1024)
        return bad("threads must be 0 to 1024");
    return success();
}

Result<TrainedModel> train(const TrainSpec &spec, const TrainingSet &trainSet,
                           const TrainingSet &validation, const EpochFn &onEpoch,
                           std::stop_token stop)
{
    MDECK_TRY(validateSpec(spec));
    MDECK_TRY(checkSet(trainSet, spec, "training"));
    MDECK_TRY(checkSet(validation, spec, "validation"));
    if (validation.cols != trainSet.cols)
        return Error(ErrorCode::InvalidArgument,
                     "training and validation sets have different widths");
    const bool classifier = isClassification(spec.task);
    if (classifier && trainSet.numClasses < 2)
        return Error(ErrorCode::InvalidArgument,
                     "the target has only one class; a classifier needs at least two");
    try {
        if (spec.threads > 0)
            torch::set_num_threads(spec.threads);
        torch::manual_seed(static_cast<std::uint64_t>(spec.seed));
        torch::NoGradGuard outer;
        (void) outer;
        const auto rows = static_cast<std::int64_t>(trainSet.rows);
        const auto cols = static_cast<std::int64_t>(trainSet.cols);
        const int outWidth = classifier ? trainSet.numClasses : 1;

        // Regression learns a standardised target; the model undoes it on output.
        float yMean = 0, yScale = 1;
        if (!classifier) {
            double sum = 0, sq = 0;
            for (float v : trainSet.targets)
                sum += v;
            yMean = static_cast<float>(sum / static_cast<double>(rows));
            for (float v : trainSet.targets)
                sq += (v - yMean) * (v - yMean);
            const double sd = std::sqrt(sq / static_cast<double>(rows));
            yScale = sd > 0 ? static_cast<float>(sd) : 1.0f;
        }
        auto makeTensors = [&](const TrainingSet &s) {
            torch::Tensor x = torch::from_blob(const_cast<float *>(s.x.data()),
                                               {static_cast<std::int64_t>(s.rows), cols},
                                               torch::kFloat)
                                  .clone();
            torch::Tensor y;
            if (classifier) {
                y = torch::from_blob(const_cast<std::int64_t *>(s.classes.data()),
                                     {static_cast<std::int64_t>(s.rows)}, torch::kLong)
                        .clone();
            } else {
                y = (torch::from_blob(const_cast<float *>(s.targets.data()),
                                      {static_cast<std::int64_t>(s.rows), 1}, torch::kFloat)
                     - yMean)
                    / yScale;
            }
            return std::make_pair(x, y);
        };
        auto [xTrain, yTrain] = makeTensors(trainSet);
        auto [xVal, yVal] = makeTensors(validation);

        torch::nn::Sequential net;
        std::int64_t in = cols;
        if (spec.model == ModelKind::Mlp) {
            for (int h : spec.hidden) {
                net->push_back(torch::nn::Linear(in, h));
                net->push_back(activationModule(spec.activation));
                if (spec.dropout > 0)
                    net->push_back(torch::nn::Dropout(spec.dropout));
                in = h;
            }
        }
        net->push_back(torch::nn::Linear(in, outWidth));

        std::unique_ptr<torch::optim::Optimizer> opt;
        if (spec.optimizer == OptimizerKind::Adam)
            opt = std::make_unique<torch::optim::Adam>(net->parameters(),
                                                       torch::optim::AdamOptions(spec.learningRate)
                                                           .weight_decay(spec.weightDecay));
        else
            opt = std::make_unique<torch::optim::SGD>(net->parameters(),
                                                      torch::optim::SGDOptions(spec.learningRate)
                                                          .momentum(spec.momentum)
                                                          .weight_decay(spec.weightDecay));
        auto lossOf = [&](const torch::Tensor &out, const torch::Tensor &y) {
            return classifier ? torch::nn::functional::cross_entropy(out, y)
                              : torch::mse_loss(out, y);
        };

        std::mt19937_64 rng(spec.seed);
        std::vector<std::int64_t> order(static_cast<std::size_t>(rows));
        std::iota(order.begin(), order.end(), 0);
        TrainedModel result;
        double bestLoss = std::numeric_limits<double>::infinity();
        int sinceBest = 0;
        const auto start = std::chrono::steady_clock::now();
        for (int epoch = 1; epoch <= spec.epochs; ++epoch) {
            net->train();
            shuffle(order, rng);
            // One gather per epoch, then contiguous slices: cheaper than a gather per batch.
            const torch::Tensor perm = torch::from_blob(order.data(), {rows}, torch::kLong);
            const torch::Tensor xEpoch = xTrain.index_select(0, perm);
            const torch::Tensor yEpoch = yTrain.index_select(0, perm);
            torch::Tensor lossSum = torch::zeros({}, torch::kDouble);
            for (std::int64_t b = 0; b < rows; b += spec.batchSize) {
                if (stop.stop_requested())
                    return Error(ErrorCode::Cancelled,
                                 "training cancelled in epoch " + std::to_string(epoch));
                const std::int64_t e = std::min<std::int64_t>(rows, b + spec.batchSize);
                const torch::Tensor xb = xEpoch.slice(0, b, e);
                const torch::Tensor yb = yEpoch.slice(0, b, e);
                torch::AutoGradMode enable(true);
                opt->zero_grad();
                torch::Tensor loss = lossOf(net->forward(xb), yb);
                loss.backward();
                opt->step();
                lossSum += loss.detach().to(torch::kDouble) * static_cast<double>(e - b);
            }
            net->eval();
            const torch::Tensor valOut = net->forward(xVal);
            const double valLoss = lossOf(valOut, yVal).item<double>();
            EpochReport r;
            r.epoch = epoch;
            r.epochs = spec.epochs;
            r.trainLoss = lossSum.item<double>() / static_cast<double>(rows);
            r.validationLoss = valLoss;
            if (classifier) {
                r.metricName = "accuracy";
                r.validationMetric
                    = valOut.argmax(1).eq(yVal).to(torch::kDouble).mean().item<double>();
            } else {
                r.metricName = "rmse";
                r.validationMetric = std::sqrt(valLoss) * yScale;
            }
            if (!std::isfinite(r.trainLoss) || !std::isfinite(valLoss))
                return Error(ErrorCode::InvalidArgument,
                             "training diverged in epoch " + std::to_string(epoch)
                                 + " (loss is not finite); lower the learning rate");
            r.elapsedSeconds
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            r.etaSeconds = r.elapsedSeconds / epoch * (spec.epochs - epoch);
            if (valLoss < bestLoss - 1e-12) {
                bestLoss = valLoss;
                sinceBest = 0;
                r.improved = true;
                result.bestEpoch = epoch;
                result.model = NativeModel(extractLayers(net), spec.activation, spec.task, yMean,
                                           yScale);
            } else {
                ++sinceBest;
            }
            result.history.push_back(r);
            if (onEpoch)
                onEpoch(r);
            if (spec.patience > 0 && sinceBest >= spec.patience && epoch < spec.epochs) {
                result.stoppedEarly = true;
                break;
            }
        }
        return result;
    } catch (const std::exception &e) {
        std::string what = e.what();
        return Error(ErrorCode::Internal,
                     "LibTorch failed during training: " + what.substr(0, what.find('\n')));
    }
}

} // namespace mdeck::ml
