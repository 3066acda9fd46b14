// bench_csv: how fast readCsv turns a ~100 MB CSV into a Table, next to the
// machine's memory-read bandwidth (the ceiling for any single pass).
//
//   bench_csv generate FILE [MB]   writes numeric columns and one categorical column
//   bench_csv read FILE [REPEATS] [THREADS]  best of REPEATS readCsv calls
//                                  (THREADS as CsvOptions::threads, default 0 = automatic)
//   bench_csv bandwidth            memcpy and sum over a 1 GiB buffer
//
// Results are printed as key=value lines for bench/csv/run.sh.

#include "core/data/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace mdeck;

namespace {

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int generate(const char *path, double megabytes)
{
    std::FILE *f = std::fopen(path, "wb");
    if (!f) {
        std::perror(path);
        return 1;
    }
    constexpr int kNumeric = 8;
    static const char *const kColours[] = {"red", "green", "blue", "cyan", "magenta", "yellow"};
    std::string header;
    for (int c = 0; c < kNumeric; ++c)
        header += "x" + std::to_string(c) + ",";
    header += "count,colour\n";
    std::fwrite(header.data(), 1, header.size(), f);
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal(0.0, 100.0);
    const auto target = static_cast<std::uint64_t>(megabytes * 1e6);
    std::uint64_t written = header.size();
    std::string buffer;
    buffer.reserve(1 << 20);
    char number[64];
    while (written < target) {
        buffer.clear();
        while (buffer.size() < (1u << 20) - 256) {
            for (int c = 0; c < kNumeric; ++c) {
                // Six decimals, as a measurement would be written.
                const double v = std::round(normal(rng) * 1e6) / 1e6;
                const auto r = std::to_chars(number, number + sizeof number, v,
                                             std::chars_format::fixed, 6);
                buffer.append(number, r.ptr);
                buffer.push_back(',');
            }
            buffer += std::to_string(rng() % 1000);
            buffer.push_back(',');
            buffer += kColours[rng() % 6];
            buffer.push_back('\n');
        }
        std::fwrite(buffer.data(), 1, buffer.size(), f);
        written += buffer.size();
    }
    std::fclose(f);
    std::printf("generated_bytes=%llu\n", static_cast<unsigned long long>(written));
    return 0;
}

int read(const char *path, int repeats, unsigned threads)
{
    data::CsvOptions options;
    options.threads = threads;
    double best = 1e300;
    std::size_t rows = 0;
    std::uint64_t bytes = 0;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        auto table = data::readCsv(path, options);
        const double t = seconds(start);
        if (!table) {
            std::fprintf(stderr, "%s\n", table.error().message.c_str());
            return 1;
        }
        rows = table->rows;
        best = std::min(best, t);
        if (i == 0) {
            std::FILE *f = std::fopen(path, "rb");
            std::fseek(f, 0, SEEK_END);
            bytes = static_cast<std::uint64_t>(std::ftell(f));
            std::fclose(f);
        }
    }
    std::printf("mdeck_rows=%zu\nmdeck_seconds=%.4f\nmdeck_mb_per_s=%.1f\n", rows, best,
                static_cast<double>(bytes) / 1e6 / best);
    return 0;
}

int bandwidth()
{
    constexpr std::size_t kBytes = std::size_t(1) << 30;
    const std::size_t words = kBytes / sizeof(std::uint64_t);
    std::unique_ptr<std::uint64_t[]> a(new std::uint64_t[words]);
    for (std::size_t i = 0; i < words; ++i)
        a[i] = i; // touch every page before timing
    double bestSum = 1e300;
    std::uint64_t sink = 0;
    for (int r = 0; r < 3; ++r) {
        const auto start = std::chrono::steady_clock::now();
        std::uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (std::size_t i = 0; i < words; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        sink += s0 + s1 + s2 + s3;
        bestSum = std::min(bestSum, seconds(start));
    }
    // memcpy of half the buffer onto the other half: reads 512 MiB, writes 512 MiB.
    double bestCopy = 1e300;
    auto *bytes = reinterpret_cast<char *>(a.get());
    for (int r = 0; r < 3; ++r) {
        const auto start = std::chrono::steady_clock::now();
        std::memcpy(bytes, bytes + kBytes / 2, kBytes / 2);
        bestCopy = std::min(bestCopy, seconds(start));
    }
    sink += a[words / 3];
    std::printf("memory_sum_mb_per_s=%.1f\nmemory_memcpy_read_mb_per_s=%.1f\nsink=%llu\n",
                static_cast<double>(kBytes) / 1e6 / bestSum,
                static_cast<double>(kBytes / 2) / 1e6 / bestCopy,
                static_cast<unsigned long long>(sink & 1));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const std::string verb = argc > 1 ? argv[1] : "";
    if (verb == "generate" && argc >= 3)
        return generate(argv[2], argc > 3 ? std::atof(argv[3]) : 100.0);
    if (verb == "read" && argc >= 3)
        return read(argv[2], argc > 3 ? std::atoi(argv[3]) : 3,
                    argc > 4 ? static_cast<unsigned>(std::atoi(argv[4])) : 0);
    if (verb == "bandwidth")
        return bandwidth();
    std::fprintf(
        stderr, "usage: bench_csv generate FILE [MB] | read FILE [REPEATS] [THREADS] | bandwidth\n");
    return 2;
}
