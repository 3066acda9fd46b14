#include "core/training/benchmark.h"

#include "core/common/system_info.h"
#include "core/ml/torchscript_check.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace mdeck::training {

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

struct Window
{
    double rowsPerSecond = 0;
    double meanUs = 0;
};

bool withinStability(const std::vector<Window> &w, double pct)
{
    if (w.size() < 3)
        return false;
    double tMin = 1e300, tMax = 0, lMin = 1e300, lMax = 0;
    for (std::size_t i = w.size() - 3; i < w.size(); ++i) {
        tMin = std::min(tMin, w[i].rowsPerSecond);
        tMax = std::max(tMax, w[i].rowsPerSecond);
        lMin = std::min(lMin, w[i].meanUs);
        lMax = std::max(lMax, w[i].meanUs);
    }
    return tMax <= tMin * (1 + pct) && lMax <= lMin * (1 + pct);
}

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
        std::vector<Window> windows;
        std::vector<double> latencies; // of the last three windows
        std::vector<std::size_t> windowStarts;
        BatchResult r;
        r.batch = batch;
        while (static_cast<int>(windows.size()) < options.maxWindows) {
            if (stop.stop_requested())
                return Error(ErrorCode::Cancelled, "benchmark cancelled");
            windowStarts.push_back(latencies.size());
            const auto start = Clock::now();
            const auto end = start + std::chrono::milliseconds(options.windowMs);
            std::int64_t calls = 0;
            double sumUs = 0;
            auto now = start;
            do {
                const auto t0 = Clock::now();
                MDECK_TRY(p.predict(x.data(), rows, y.data()));
                now = Clock::now();
                const double us = std::chrono::duration<double, std::micro>(now - t0).count();
                latencies.push_back(us);
                sumUs += us;
                ++calls;
            } while (now < end);
            const double seconds = std::chrono::duration<double>(now - start).count();
            windows.push_back(
                {static_cast<double>(calls) * batch / seconds, sumUs / static_cast<double>(calls)});
            r.calls += calls;
            if (progress) {
                const double within = static_cast<double>(windows.size()) / options.maxWindows;
                progress((static_cast<double>(bi) + within)
                             / static_cast<double>(options.batches.size()),
                         nullptr);
            }
            if (withinStability(windows, options.stability)) {
                r.stable = true;
                break;
            }
        }
        r.windows = static_cast<int>(windows.size());
        // Statistics over the last three windows: the stable ones when stable.
        const std::size_t from = windowStarts[windows.size() >= 3 ? windows.size() - 3 : 0];
        std::vector<double> lat(latencies.begin() + static_cast<std::ptrdiff_t>(from),
                                latencies.end());
        std::sort(lat.begin(), lat.end());
        double mean = 0;
        for (double v : lat)
            mean += v;
        mean /= static_cast<double>(lat.size());
        double var = 0;
        for (double v : lat)
            var += (v - mean) * (v - mean);
        const double sd = lat.size() > 1 ? std::sqrt(var / static_cast<double>(lat.size() - 1)) : 0;
        r.meanUs = mean;
        r.p50Us = percentile(lat, 0.50);
        r.p90Us = percentile(lat, 0.90);
        r.p99Us = percentile(lat, 0.99);
        r.maxUs = lat.back();
        const double half = 1.96 * sd / std::sqrt(static_cast<double>(lat.size()));
        r.latencyCiLowUs = mean - half;
        r.latencyCiHighUs = mean + half;
        const std::size_t k = std::min<std::size_t>(3, windows.size());
        double tMean = 0, tVar = 0;
        for (std::size_t i = windows.size() - k; i < windows.size(); ++i)
            tMean += windows[i].rowsPerSecond;
        tMean /= static_cast<double>(k);
        for (std::size_t i = windows.size() - k; i < windows.size(); ++i)
            tVar += (windows[i].rowsPerSecond - tMean) * (windows[i].rowsPerSecond - tMean);
        // Student's t for k-1 degrees of freedom (k = 3 → 4.303).
        const double t = k == 3 ? 4.303 : k == 2 ? 12.706 : 0;
        const double tHalf = k > 1
            ? t * std::sqrt(tVar / static_cast<double>(k - 1)) / std::sqrt(static_cast<double>(k))
            : 0;
        r.rowsPerSecond = tMean;
        r.rowsPerSecondCiLow = std::max(0.0, tMean - tHalf);
        r.rowsPerSecondCiHigh = tMean + tHalf;
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
