#include "widgets/decimation.h"

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

DecimatedSeries decimateMinMax(std::span<const double> x, std::span<const double> y, double lower,
                               double upper, int columns)
{
    DecimatedSeries out;
    const std::size_t n = std::min(x.size(), y.size());
    if (n == 0 || !(upper >= lower))
        return out;
    std::size_t first = static_cast<std::size_t>(
        std::lower_bound(x.begin(), x.begin() + n, lower) - x.begin());
    std::size_t last = static_cast<std::size_t>(
        std::upper_bound(x.begin(), x.begin() + n, upper) - x.begin());
    if (first > 0)
        --first;
    if (last < n)
        ++last;
    const std::size_t count = last - first;
    auto keepAll = [&] {
        out.x.reserve(qsizetype(count));
        out.y.reserve(qsizetype(count));
        for (std::size_t i = first; i < last; ++i) {
            if (std::isfinite(y[i])) {
                out.x.append(x[i]);
                out.y.append(y[i]);
            }
        }
    };
    if (columns <= 0 || count <= std::size_t(columns) * 4 || upper <= lower) {
        keepAll();
        return out;
    }
    out.x.reserve(columns * 4 + 2);
    out.y.reserve(columns * 4 + 2);
    const double scale = columns / (upper - lower);
    std::size_t i = first;
    while (i < last) {
        // Points left of the range (the neighbour) form bucket -1, right of it bucket `columns`.
        const long bucket = std::clamp(long(std::floor((x[i] - lower) * scale)), -1L, long(columns));
        std::size_t firstIdx = n, lastIdx = n, minIdx = n, maxIdx = n;
        for (; i < last; ++i) {
            const long b
                = std::clamp(long(std::floor((x[i] - lower) * scale)), -1L, long(columns));
            if (b != bucket)
                break;
            if (!std::isfinite(y[i]))
                continue;
            if (firstIdx == n)
                firstIdx = minIdx = maxIdx = i;
            lastIdx = i;
            if (y[i] < y[minIdx])
                minIdx = i;
            if (y[i] > y[maxIdx])
                maxIdx = i;
        }
        if (firstIdx == n)
            continue;
        std::size_t picks[4] = {firstIdx, minIdx, maxIdx, lastIdx};
        std::sort(picks, picks + 4);
        std::size_t previous = n;
        for (std::size_t p : picks) {
            if (p == previous)
                continue;
            out.x.append(x[p]);
            out.y.append(y[p]);
            previous = p;
        }
    }
    return out;
}

} // namespace mdeck::widgets
