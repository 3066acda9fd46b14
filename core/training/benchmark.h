#pragma once

// In-process inference benchmark of a loaded model: a warm-up, then, for
// each batch size, measurement windows until three in a row agree within
// the stability percentage on both throughput and mean latency (the rule of
// Triton's perf_analyzer), or the window budget runs out (then marked
// unstable). Reports latency percentiles, rows/s and 95% confidence
// intervals, with a fingerprint of the machine so results can be compared
// across machines. Runs on the calling thread. Errors: Cancelled, those of
// the predictor.

#include "core/common/json.h"
#include "core/training/loaded_model.h"

#include <functional>
#include <stop_token>

namespace mdeck::training {

struct BenchOptions
{
    std::vector<int> batches{1, 8, 64, 512, 4096};
    int threads = 0; // LibTorch intra-op threads; 0 = leave as is
    ml::Device device = ml::Device::Cpu;
    int windowMs = 1000;
    int maxWindows = 10;
    double stability = 0.10;
    int warmupMs = 200;
};

struct BatchResult
{
    int batch = 0;
    double p50Us = 0, p90Us = 0, p99Us = 0, maxUs = 0, meanUs = 0;
    double latencyCiLowUs = 0, latencyCiHighUs = 0;
    double rowsPerSecond = 0, rowsPerSecondCiLow = 0, rowsPerSecondCiHigh = 0;
    int windows = 0;
    bool stable = false;
    std::int64_t calls = 0;
};

struct BenchReport
{
    std::string device;
    int threads = 0;
    Json hardware;
    std::vector<BatchResult> results;
};

using BenchProgressFn = std::function<void(double fraction, const BatchResult *finished)>;

Result<BenchReport> runBenchmark(const LoadedModel &model, const BenchOptions &options,
                                 const BenchProgressFn &progress = {}, std::stop_token stop = {});

Result<std::vector<int>> parseBatchList(const std::string &text);
Json hardwareFingerprint(ml::Device device);
Json benchResultsToJson(const BenchReport &report);
Result<std::vector<BatchResult>> benchResultsFromJson(const Json &json);

} // namespace mdeck::training
