#include "core/training/benchmark.h"

#include "core/common/measurement.h"
#include "core/common/system_info.h"
#include "core/ml/torchscript_check.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace mdeck::training {

namespace {

using Clock = std::chrono::steady_clock;

} // namespace

Result<std::vector<int>> parseBatchList(const std::string &text)
{
    std::vector<int> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string part = text.substr(start,
                                             comma == std::string::npos ? std::string::npos
                                                                        : comma - start);
        char *end = nullptr;
        const long v = std::strtol(part.c_str(), &end, 10);
        if (part.empty() || *end != '\0' || v < 1 || v > 1'000'000)
            return Error(
                ErrorCode::InvalidArgument,
                "batch sizes must be a comma-separated list of numbers from 1 to 1000000, not '"
                    + text + "'");
        out.push_back(static_cast<int>(v));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

Json hardwareFingerprint(ml::Device device)
{
    const HardwareInfo hw = detectHardware();
    const BlasInfo blas = detectBlas();
    Json j{{"cpu", hw.cpuModel},
           {"cores", hw.logicalCores},
           {"memory_bytes", hw.memoryBytes},
           {"os", hw.os},
           {"libtorch", ml::torchVersion()},
           {"blas", blas.name},
           {"blas_details", blas.details},
           {"torch_threads", ml::torchThreads()}};
    j["gpu"] = device == ml::Device::Cuda ? ml::cudaDeviceName() : "";
    return j;
}

Result<BenchReport> runBenchmark(const LoadedModel &model, const BenchOptions &options,
                                 const BenchProgressFn &progress, std::stop_token stop)
{
    if (options.batches.empty())
        return Error(ErrorCode::InvalidArgument, "no batch sizes to measure");
    if (options.windowMs < 10 || options.maxWindows < 3 || !(options.stability > 0))
        return Error(ErrorCode::InvalidArgument,
                     "a benchmark needs windows of at least 10 ms, at least 3 windows "
                     "and a positive stability percentage");
    if (options.device == ml::Device::Cuda && !ml::cudaAvailable())
        return Error(ErrorCode::Unsupported, "no CUDA device is available to this LibTorch build");
    ml::setTorchThreads(options.threads);
    BenchReport report;
    report.device = options.device == ml::Device::Cuda ? "cuda" : "cpu";
    report.threads = ml::torchThreads();
    report.hardware = hardwareFingerprint(options.device);
    const std::size_t inW = model.inputWidth(), outW = model.outputWidth();
    const int maxBatch = *std::max_element(options.batches.begin(), options.batches.end());
    // Standardised-looking inputs: the values a preprocessed row holds.
    std::mt19937_64 rng(7);
    std::normal_distribution<float> normal(0, 1);
    std::vector<float> x(static_cast<std::size_t>(maxBatch) * inW),
        y(static_cast<std::size_t>(maxBatch) * outW);
    for (auto &v : x)
        v = normal(rng);
    const ml::Predictor &p = model.predictor();

    for (std::size_t bi = 0; bi < options.batches.size(); ++bi) {
        const int batch = options.batches[bi];
        const auto rows = static_cast<std::size_t>(batch);
        const auto warmEnd = Clock::now() + std::chrono::milliseconds(options.warmupMs);
        do {
            MDECK_TRY(p.predict(x.data(), rows, y.data()));
        } while (Clock::now() < warmEnd);
        WindowedMeasurement measurement(options.stability);
        BatchResult r;
        r.batch = batch;
        while (measurement.windows() < options.maxWindows) {
            if (stop.stop_requested())
                return Error(ErrorCode::Cancelled, "benchmark cancelled");
            const auto start = Clock::now();
            const auto end = start + std::chrono::milliseconds(options.windowMs);
            std::int64_t calls = 0;
            auto now = start;
            do {
                const auto t0 = Clock::now();
                MDECK_TRY(p.predict(x.data(), rows, y.data()));
                now = Clock::now();
                measurement.addLatency(std::chrono::duration<double, std::micro>(now - t0).count());
                ++calls;
            } while (now < end);
            const double seconds = std::chrono::duration<double>(now - start).count();
            const bool stable = measurement.endWindow(static_cast<double>(calls) * batch / seconds);
            r.calls += calls;
            if (progress) {
                const double within = static_cast<double>(measurement.windows())
                    / options.maxWindows;
                progress((static_cast<double>(bi) + within)
                             / static_cast<double>(options.batches.size()),
                         nullptr);
            }
            if (stable)
                break;
        }
        // Statistics over the last three windows: the stable ones when stable.
        const MeasurementSummary m = measurement.summary();
        r.windows = m.windows;
        r.stable = m.stable;
        r.meanUs = m.meanUs;
        r.p50Us = m.p50Us;
        r.p90Us = m.p90Us;
        r.p99Us = m.p99Us;
        r.maxUs = m.maxUs;
        r.latencyCiLowUs = m.meanCiLowUs;
        r.latencyCiHighUs = m.meanCiHighUs;
        r.rowsPerSecond = m.throughput;
        r.rowsPerSecondCiLow = m.throughputCiLow;
        r.rowsPerSecondCiHigh = m.throughputCiHigh;
        report.results.push_back(r);
        if (progress)
            progress(static_cast<double>(bi + 1) / static_cast<double>(options.batches.size()),
                     &report.results.back());
    }
    return report;
}

Json benchResultsToJson(const BenchReport &report)
{
    Json rows = Json::array();
    for (const auto &r : report.results)
        rows.push_back({{"batch", r.batch},
                        {"p50_us", r.p50Us},
                        {"p90_us", r.p90Us},
                        {"p99_us", r.p99Us},
                        {"max_us", r.maxUs},
                        {"mean_us", r.meanUs},
                        {"mean_us_ci95", {r.latencyCiLowUs, r.latencyCiHighUs}},
                        {"rows_per_s", r.rowsPerSecond},
                        {"rows_per_s_ci95", {r.rowsPerSecondCiLow, r.rowsPerSecondCiHigh}},
                        {"windows", r.windows},
                        {"stable", r.stable},
                        {"calls", r.calls}});
    return Json{{"threads", report.threads}, {"results", rows}};
}

Result<std::vector<BatchResult>> benchResultsFromJson(const Json &j)
{
    std::vector<BatchResult> out;
    try {
        for (const auto &r : j.at("results")) {
            BatchResult b;
            b.batch = r.at("batch").get<int>();
            b.p50Us = r.at("p50_us").get<double>();
            b.p90Us = r.at("p90_us").get<double>();
            b.p99Us = r.at("p99_us").get<double>();
            b.maxUs = r.at("max_us").get<double>();
            b.meanUs = r.at("mean_us").get<double>();
            b.latencyCiLowUs = r.at("mean_us_ci95").at(0).get<double>();
            b.latencyCiHighUs = r.at("mean_us_ci95").at(1).get<double>();
            b.rowsPerSecond = r.at("rows_per_s").get<double>();
            b.rowsPerSecondCiLow = r.at("rows_per_s_ci95").at(0).get<double>();
            b.rowsPerSecondCiHigh = r.at("rows_per_s_ci95").at(1).get<double>();
            b.windows = r.at("windows").get<int>();
            b.stable = r.at("stable").get<bool>();
            b.calls = r.at("calls").get<std::int64_t>();
            out.push_back(b);
        }
    } catch (const std::exception &e) {
        return Error(ErrorCode::InvalidArgument,
                     std::string("malformed benchmark results: ") + e.what());
    }
    return out;
}

} // namespace mdeck::training
