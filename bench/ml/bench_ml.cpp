// Training and inference speed of ModelDeck's MLP path, printed as JSON for
// bench/ml/run.sh, which runs Python PyTorch on the same work in the same run.
//
//   bench_ml [--threads N] [--rows 200000]
//
// 1. one training epoch of a 16-64-64-2 MLP over `rows` rows at batch 256 (Adam)
// 2. single-row prediction latency: the lean native path and plain LibTorch
// 3. batch-4096 prediction throughput
// 4. the machine's matrix-multiply rate, for the compute floor of (1)

#include "core/common/system_info.h"
#include "core/ml/predictor.h"
#include "core/ml/trainer.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

using namespace mdeck;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

ml::TrainingSet makeData(std::size_t rows, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> n(0, 1);
    ml::TrainingSet s;
    s.rows = rows;
    s.cols = 16;
    s.numClasses = 2;
    s.x.resize(rows * 16);
    for (std::size_t r = 0; r < rows; ++r) {
        float sum = 0;
        for (int c = 0; c < 16; ++c) {
            s.x[r * 16 + c] = n(rng);
            sum += s.x[r * 16 + c] * (c % 3 == 0 ? 1.0f : -0.5f);
        }
        s.classes.push_back(sum > 0 ? 1 : 0);
    }
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    int threads = 1;
    std::size_t rows = 200000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads"))
            threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--rows"))
            rows = static_cast<std::size_t>(std::atol(argv[i + 1]));
    }
    ml::setTorchThreads(threads);
    const auto train = makeData(rows, 1);
    const auto val = makeData(256, 2);

    ml::TrainSpec spec;
    spec.task = ml::Task::BinaryClassification;
    spec.hidden = {64, 64};
    spec.batchSize = 256;
    spec.epochs = 1;
    spec.patience = 0;
    spec.threads = threads;
    double bestEpoch = 1e9;
    ml::NativeModel model;
    for (int rep = 0; rep < 3; ++rep) {
        const auto t0 = Clock::now();
        auto r = ml::train(spec, train, val);
        const auto t1 = Clock::now();
        if (!r) {
            std::fprintf(stderr, "training failed: %s\n", r.error().message.c_str());
            return 1;
        }
        bestEpoch = std::min(bestEpoch, seconds(t0, t1));
        model = r->model;
    }

    auto predictor = ml::makeNativePredictor(model);
    std::vector<float> out(4096 * 2);
    const int calls = 200000;
    auto t0 = Clock::now();
    for (int i = 0; i < calls; ++i)
        (void) predictor->predict(&train.x[static_cast<std::size_t>(i % 1000) * 16], 1, out.data());
    const double leanUs = seconds(t0, Clock::now()) / calls * 1e6;

    const int torchCalls = 20000;
    t0 = Clock::now();
    for (int i = 0; i < torchCalls; ++i)
        (void) ml::forwardWithTorch(model, &train.x[static_cast<std::size_t>(i % 1000) * 16], 1,
                                    out.data());
    const double torchUs = seconds(t0, Clock::now()) / torchCalls * 1e6;

    const int batchCalls = 300;
    (void) predictor->predict(train.x.data(), 4096, out.data());
    t0 = Clock::now();
    for (int i = 0; i < batchCalls; ++i)
        (void) predictor->predict(&train.x[static_cast<std::size_t>(i % 40) * 4096 * 16
                                           % (rows * 16 - 4096 * 16)],
                                  4096, out.data());
    const double batchRowsPerSec = 4096.0 * batchCalls / seconds(t0, Clock::now());

    // Compute floor: forward + backward of the epoch is about 3x the forward multiply-adds.
    const double flopsPerRow = 2.0 * (16 * 64 + 64 * 64 + 64 * 2) * 3;
    ml::DenseLayer big;
    big.in = big.out = 1024;
    big.weight.assign(1024 * 1024, 0.5f);
    big.bias.assign(1024, 0.0f);
    ml::NativeModel gemm({big}, ml::Activation::Relu, ml::Task::Regression);
    auto gemmPredictor = ml::makeNativePredictor(gemm);
    std::vector<float> gx(1024 * 1024, 0.25f), gy(1024 * 1024);
    (void) gemmPredictor->predict(gx.data(), 1024, gy.data());
    t0 = Clock::now();
    const int gemmReps = 20;
    for (int i = 0; i < gemmReps; ++i)
        (void) gemmPredictor->predict(gx.data(), 1024, gy.data());
    const double gflops = 2.0 * 1024 * 1024 * 1024 * gemmReps / seconds(t0, Clock::now()) / 1e9;
    const double floorSeconds = flopsPerRow * static_cast<double>(rows) / (gflops * 1e9);

    std::printf("{\"threads\": %d, \"rows\": %zu, \"epoch_s\": %.6f, \"lean_row_us\": %.4f, "
                "\"torch_row_us\": %.4f, \"batch4096_rows_per_s\": %.1f, \"gemm_gflops\": %.2f, "
                "\"epoch_floor_s\": %.6f, \"blas\": \"%s\"}\n",
                threads, rows, bestEpoch, leanUs, torchUs, batchRowsPerSec, gflops, floorSeconds,
                detectBlas().name.c_str());
    return 0;
}
