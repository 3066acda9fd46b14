#include "core/common/measurement.h"

#include <algorithm>
#include <cmath>

namespace mdeck {

double percentileOfSorted(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

WindowedMeasurement::WindowedMeasurement(double stability)
    : m_stability(stability)
{}

bool WindowedMeasurement::endWindow(double throughput)
{
    double sum = 0;
    for (std::size_t i = m_windowStart; i < m_latencies.size(); ++i)
        sum += m_latencies[i];
    const std::size_t n = m_latencies.size() - m_windowStart;
    m_windows.push_back({throughput, n ? sum / static_cast<double>(n) : 0, m_windowStart});
    m_windowStart = m_latencies.size();
    return stable();
}

bool WindowedMeasurement::stable() const
{
    if (m_windows.size() < 3)
        return false;
    double tMin = 1e300, tMax = 0, lMin = 1e300, lMax = 0;
    for (std::size_t i = m_windows.size() - 3; i < m_windows.size(); ++i) {
        tMin = std::min(tMin, m_windows[i].throughput);
        tMax = std::max(tMax, m_windows[i].throughput);
        lMin = std::min(lMin, m_windows[i].meanUs);
        lMax = std::max(lMax, m_windows[i].meanUs);
    }
    return tMax <= tMin * (1 + m_stability) && lMax <= lMin * (1 + m_stability);
}

MeasurementSummary WindowedMeasurement::summary() const
{
    MeasurementSummary r;
    r.windows = windows();
    r.stable = stable();
    if (m_windows.empty())
        return r;
    const std::size_t k = std::min<std::size_t>(3, m_windows.size());
    const std::size_t from = m_windows[m_windows.size() - k].firstSample;
    std::vector<double> lat(m_latencies.begin() + static_cast<std::ptrdiff_t>(from),
                            m_latencies.begin() + static_cast<std::ptrdiff_t>(m_windowStart));
    std::sort(lat.begin(), lat.end());
    r.samples = static_cast<std::int64_t>(lat.size());
    if (!lat.empty()) {
        double mean = 0;
        for (double v : lat)
            mean += v;
        mean /= static_cast<double>(lat.size());
        double var = 0;
        for (double v : lat)
            var += (v - mean) * (v - mean);
        const double sd = lat.size() > 1 ? std::sqrt(var / static_cast<double>(lat.size() - 1)) : 0;
        r.meanUs = mean;
        r.p50Us = percentileOfSorted(lat, 0.50);
        r.p90Us = percentileOfSorted(lat, 0.90);
        r.p99Us = percentileOfSorted(lat, 0.99);
        r.maxUs = lat.back();
        const double half = 1.96 * sd / std::sqrt(static_cast<double>(lat.size()));
        r.meanCiLowUs = mean - half;
        r.meanCiHighUs = mean + half;
    }
    double tMean = 0, tVar = 0;
    for (std::size_t i = m_windows.size() - k; i < m_windows.size(); ++i)
        tMean += m_windows[i].throughput;
    tMean /= static_cast<double>(k);
    for (std::size_t i = m_windows.size() - k; i < m_windows.size(); ++i)
        tVar += (m_windows[i].throughput - tMean) * (m_windows[i].throughput - tMean);
    // Student's t for k-1 degrees of freedom (k = 3 → 4.303).
    const double t = k == 3 ? 4.303 : k == 2 ? 12.706 : 0;
    const double tHalf = k > 1
        ? t * std::sqrt(tVar / static_cast<double>(k - 1)) / std::sqrt(static_cast<double>(k))
        : 0;
    r.throughput = tMean;
    r.throughputCiLow = std::max(0.0, tMean - tHalf);
    r.throughputCiHigh = tMean + tHalf;
    return r;
}

} // namespace mdeck
