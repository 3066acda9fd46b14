#include "core/monitor/radix_sort.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

namespace mdeck::monitor {

namespace {

// Maps a double to an unsigned key with the same order: flip all bits of
// negatives, only the sign bit of positives.
inline std::uint64_t toKey(double d)
{
    std::uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    return (u & 0x8000000000000000ull) ? ~u : (u | 0x8000000000000000ull);
}

inline double fromKey(std::uint64_t k)
{
    const std::uint64_t u = (k & 0x8000000000000000ull) ? (k & ~0x8000000000000000ull) : ~k;
    double d;
    std::memcpy(&d, &u, sizeof d);
    return d;
}

} // namespace

void radixSort(std::vector<double> &values)
{
    std::vector<std::uint64_t> scratch;
    radixSort(values, scratch);
}

void radixSort(std::vector<double> &values, std::vector<std::uint64_t> &scratch)
{
    const std::size_t n = values.size();
    if (n < 256) {
        std::sort(values.begin(), values.end());
        return;
    }
    // 11-bit digits keep the 2,048 scatter targets of a pass within the caches.
    constexpr int kBits = 11, kPasses = 6, kBuckets = 1 << kBits;
    static_assert(sizeof(double) == sizeof(std::uint64_t));
    // The keys live in the values' own storage (copied bitwise), so only one
    // extra buffer is needed; the caller may keep it between windows.
    if (scratch.size() < n)
        scratch.resize(n);
    std::uint64_t *keys = reinterpret_cast<std::uint64_t *>(values.data());
    std::vector<std::uint32_t> hist(static_cast<std::size_t>(kPasses) * kBuckets, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t k = toKey(values[i]);
        std::memcpy(&keys[i], &k, sizeof k);
        for (int p = 0; p < kPasses; ++p)
            ++hist[static_cast<std::size_t>(p) * kBuckets + ((k >> (p * kBits)) & (kBuckets - 1))];
    }
    std::uint64_t *src = keys, *dst = scratch.data();
    std::array<std::size_t, kBuckets> offset;
    for (int p = 0; p < kPasses; ++p) {
        const std::uint32_t *h = &hist[static_cast<std::size_t>(p) * kBuckets];
        // A digit shared by every key needs no pass.
        if (h[(src[0] >> (p * kBits)) & (kBuckets - 1)] == n)
            continue;
        std::size_t sum = 0;
        for (int d = 0; d < kBuckets; ++d) {
            offset[static_cast<std::size_t>(d)] = sum;
            sum += h[d];
        }
        const int shift = p * kBits;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t k = src[i];
            dst[offset[(k >> shift) & (kBuckets - 1)]++] = k;
        }
        std::swap(src, dst);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double d = fromKey(src[i]);
        std::memcpy(&keys[i], &d, sizeof d);
    }
}

namespace {

// For each inner edge, how many of the n values are >= it: one compare-and-add
// per value and edge, which the compiler turns into SIMD (AVX2 where the CPU has it).
__attribute__((target_clones("avx2", "default"), optimize("O3"))) void countAtLeast(
    const double *values, std::size_t n, const double *inner, std::size_t edges,
    std::uint64_t *atLeast)
{
    for (std::size_t k = 0; k < edges; ++k) {
        const double e = inner[k];
        std::int64_t c = 0;
        for (std::size_t i = 0; i < n; ++i)
            c += values[i] >= e ? 1 : 0;
        atLeast[k] += static_cast<std::uint64_t>(c);
    }
}

} // namespace

void countIntoBins(std::span<const double> edges, std::span<const double> values,
                   std::span<std::uint64_t> counts)
{
    const std::size_t bins = edges.size() - 1;
    constexpr std::size_t kMaxCompareBins = 16;
    if (bins <= kMaxCompareBins) {
        // Bin k = number of inner edges <= x; count "x >= edge" per edge over
        // cache-sized blocks and take differences.
        std::uint64_t atLeast[kMaxCompareBins] = {};
        const std::size_t inner = bins - 1;
        constexpr std::size_t kBlock = 2048;
        for (std::size_t i = 0; i < values.size(); i += kBlock)
            countAtLeast(values.data() + i, std::min(kBlock, values.size() - i), edges.data() + 1,
                         inner, atLeast);
        std::uint64_t previous = values.size();
        for (std::size_t k = 0; k < inner; ++k) {
            counts[k] += previous - atLeast[k];
            previous = atLeast[k];
        }
        counts[bins - 1] += previous;
        return;
    }
    const double lo = edges.front(), hi = edges.back();
    // The inner edges, padded with +inf to a power of two for a fixed-step search.
    std::size_t width = 1;
    while (width < bins)
        width *= 2;
    std::vector<double> inner(width, std::numeric_limits<double>::infinity());
    for (std::size_t i = 1; i < bins; ++i)
        inner[i - 1] = edges[i];
    const double *e = inner.data();
    auto search = [e, width, bins](double x) {
        std::size_t pos = 0; // number of inner edges <= x
        for (std::size_t step = width / 2; step > 0; step /= 2)
            pos += (e[pos + step - 1] <= x) ? step : 0;
        pos += (e[pos] <= x) ? 1 : 0;
        return pos > bins - 1 ? bins - 1 : pos;
    };
    // A fine equal-width grid over [lo, hi]: a cell that holds no inner edge
    // answers its bin directly; the few cells with an edge fall back to the search.
    constexpr std::size_t kCellsPerBin = 64;
    const std::size_t cells = std::max<std::size_t>(1, bins * kCellsPerBin);
    const double scale = hi > lo ? static_cast<double>(cells) / (hi - lo) : 0.0;
    std::vector<std::int32_t> cellBin(cells + 1);
    for (std::size_t c = 0; c <= cells; ++c) {
        const double a = lo + static_cast<double>(c) / scale;
        const double b = lo + static_cast<double>(c + 1) / scale;
        const std::size_t ba = search(a), bb = search(std::nextafter(b, -1e308));
        cellBin[c] = (scale > 0 && ba == bb && c < cells) ? static_cast<std::int32_t>(ba) : -1;
    }
    // Four count arrays break the dependency between consecutive increments.
    std::vector<std::uint64_t> local(4 * bins, 0);
    auto binOf = [&](double x) -> std::size_t {
        if (!(x > lo))
            return 0;
        if (!(x < hi))
            return bins - 1;
        const auto c = static_cast<std::size_t>((x - lo) * scale);
        const std::int32_t b = c < cells ? cellBin[c] : -1;
        return b >= 0 ? static_cast<std::size_t>(b) : search(x);
    };
    const std::size_t n = values.size();
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        ++local[binOf(values[i])];
        ++local[bins + binOf(values[i + 1])];
        ++local[2 * bins + binOf(values[i + 2])];
        ++local[3 * bins + binOf(values[i + 3])];
    }
    for (; i < n; ++i)
        ++local[binOf(values[i])];
    for (std::size_t k = 0; k < bins; ++k)
        counts[k] += local[k] + local[bins + k] + local[2 * bins + k] + local[3 * bins + k];
}

} // namespace mdeck::monitor
