// Drift statistics on large windows, for bench/monitor/run.sh:
//   bench_monitor generate FILE_PREFIX ROWS   writes FILE_PREFIX.ref / .cur (raw float64)
//   bench_monitor run FILE_PREFIX             times KS, Wasserstein, PSI, JS, chi-square
// and the memory-read floor (one pass summing the window), printing key=value lines.
// Times are the best process CPU time of REPEATS runs (the peer measures the same way).
// The reference is sorted and binned once, as when a version is profiled; the
// timed part is what a new window costs: radix sort + merge (KS, Wasserstein),
// binning against stored edges (PSI, JS) or counting codes (chi-square).

#include "core/monitor/radix_sort.h"
#include "core/monitor/reference.h"
#include "core/monitor/stats.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

using namespace mdeck::monitor;

namespace {

// Process CPU time: on a shared machine wall time mostly measures the neighbours.
double cpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

template<typename Fn>
double best(int repeats, Fn fn)
{
    double t = 1e30;
    for (int i = 0; i < repeats; ++i) {
        const double a = cpuSeconds();
        fn();
        t = std::min(t, cpuSeconds() - a);
    }
    return t;
}

bool writeRaw(const std::string &path, const std::vector<double> &v)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(v.data()),
              static_cast<std::streamsize>(v.size() * sizeof(double)));
    return static_cast<bool>(out);
}

std::vector<double> readRaw(const std::string &path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const auto size = static_cast<std::size_t>(in.tellg());
    std::vector<double> v(size / sizeof(double));
    in.seekg(0);
    in.read(reinterpret_cast<char *>(v.data()), static_cast<std::streamsize>(size));
    return v;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc >= 4 && std::string(argv[1]) == "generate") {
        const std::size_t n = std::stoull(argv[3]);
        std::mt19937_64 rng(42);
        std::normal_distribution<double> ref(0.0, 1.0), cur(0.02, 1.05);
        std::vector<double> a(n), b(n);
        for (auto &x : a)
            x = ref(rng);
        for (auto &x : b)
            x = cur(rng);
        const std::string prefix = argv[2];
        return writeRaw(prefix + ".ref", a) && writeRaw(prefix + ".cur", b) ? 0 : 1;
    }
    if (argc < 3 || std::string(argv[1]) != "run") {
        std::cerr << "usage: bench_monitor generate PREFIX ROWS | run PREFIX [REPEATS]\n";
        return 2;
    }
    const std::string prefix = argv[2];
    const int repeats = argc > 3 ? std::stoi(argv[3]) : 3;
    const std::vector<double> reference = readRaw(prefix + ".ref");
    const std::vector<double> window = readRaw(prefix + ".cur");

    // Profiling: once per version, not per window.
    const double p0 = cpuSeconds();
    std::vector<double> refSorted = reference;
    radixSort(refSorted);
    const Binning binning = quantileBinning(refSorted, 10);
    const double profileS = cpuSeconds() - p0;

    // The floor: read the window once through memory.
    volatile double sink = 0;
    const double floorS = best(repeats, [&] {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        const std::size_t n = window.size();
        std::size_t i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += window[i];
            s1 += window[i + 1];
            s2 += window[i + 2];
            s3 += window[i + 3];
        }
        for (; i < n; ++i)
            s0 += window[i];
        sink = s0 + s1 + s2 + s3;
    });

    KsResult ks;
    double wd = 0;
    std::vector<double> cur;
    std::vector<std::uint64_t> scratch; // kept between windows, as a watcher would
    const double sortS = best(repeats, [&] {
        cur = window;
        radixSort(cur, scratch);
    });
    const double ksS = best(repeats, [&] {
        cur = window;
        radixSort(cur, scratch);
        ks = *ksTwoSampleSorted(refSorted, cur);
    });
    const double wdS = best(repeats, [&] {
        cur = window;
        radixSort(cur, scratch);
        wd = *wassersteinSorted(refSorted, cur);
    });
    double psi = 0, js = 0;
    const double psiS = best(repeats,
                             [&] { psi = *psiBinned(binning, binCounts(binning, window)); });
    const double jsS = best(repeats, [&] {
        js = *jensenShannonBinned(binning, binCounts(binning, window));
    });
    // Chi-square over category codes (e.g. a 10-category column), reference counts stored.
    std::vector<std::int32_t> codes(window.size());
    for (std::size_t i = 0; i < window.size(); ++i)
        codes[i] = static_cast<std::int32_t>(std::abs(window[i]) * 3) % 10;
    std::vector<double> refCounts(10, 0);
    for (double x : reference)
        refCounts[static_cast<std::size_t>(static_cast<std::int32_t>(std::abs(x) * 3) % 10)] += 1;
    double chiP = 0;
    const double chiS = best(repeats, [&] {
        std::uint64_t counts[4][10] = {};
        const std::size_t n = codes.size();
        std::size_t i = 0;
        for (; i + 4 <= n; i += 4) {
            ++counts[0][codes[i]];
            ++counts[1][codes[i + 1]];
            ++counts[2][codes[i + 2]];
            ++counts[3][codes[i + 3]];
        }
        for (; i < n; ++i)
            ++counts[0][codes[i]];
        std::vector<double> observed(10), expected(10);
        const double scale = static_cast<double>(n) / static_cast<double>(reference.size());
        for (int k = 0; k < 10; ++k) {
            observed[k] = static_cast<double>(counts[0][k] + counts[1][k] + counts[2][k]
                                              + counts[3][k]);
            expected[k] = refCounts[k] * scale;
        }
        chiP = chiSquareCounts(observed, expected)->pValue;
    });
    const double codesFloorS = best(repeats, [&] {
        std::int64_t s = 0;
        for (std::int32_t c : codes)
            s += c;
        sink = static_cast<double>(s);
    });

    std::printf("rows=%zu\n", window.size());
    std::printf("profile_seconds=%.4f\n", profileS);
    std::printf("memory_floor_seconds=%.5f\n", floorS);
    std::printf("codes_floor_seconds=%.5f\n", codesFloorS);
    std::printf("radix_sort_seconds=%.4f\n", sortS);
    std::printf("ks_seconds=%.4f\nks_statistic=%.17g\nks_pvalue=%.17g\n", ksS, ks.statistic,
                ks.pValue);
    std::printf("wasserstein_seconds=%.4f\nwasserstein=%.17g\n", wdS, wd);
    std::printf("psi_seconds=%.5f\npsi=%.17g\n", psiS, psi);
    std::printf("js_seconds=%.5f\njs=%.17g\n", jsS, js);
    std::printf("chisquare_seconds=%.5f\nchisquare_pvalue=%.17g\n", chiS, chiP);
    return 0;
}
