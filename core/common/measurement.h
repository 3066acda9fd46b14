#pragma once

// Latency and throughput measured in windows, with the stability rule of
// Triton's perf_analyzer: stable once the last three windows agree within
// the stability fraction on both throughput and mean latency. Used by the
// in-process benchmark (`mdeck bench`) and the remote probe (`mdeck probe`),
// so both report alike. Not thread-safe: one measuring thread feeds it.

#include <cstdint>
#include <vector>

namespace mdeck {

struct MeasurementSummary
{
    double p50Us = 0, p90Us = 0, p99Us = 0, maxUs = 0, meanUs = 0;
    double meanCiLowUs = 0, meanCiHighUs = 0; // 95% confidence interval of the mean
    double throughput = 0, throughputCiLow = 0, throughputCiHigh = 0; // per second
    int windows = 0;
    bool stable = false;
    std::int64_t samples = 0; // latencies the statistics cover (the last three windows)
};

class WindowedMeasurement
{
public:
    explicit WindowedMeasurement(double stability = 0.10);

    void addLatency(double us) { m_latencies.push_back(us); }
    // Closes the current window with its throughput (units per second) and
    // returns whether the measurement is now stable. The window's mean
    // latency is that of the latencies added since the previous window.
    bool endWindow(double throughput);

    int windows() const { return static_cast<int>(m_windows.size()); }
    bool stable() const;
    // Statistics over the last three windows (fewer when fewer ran).
    MeasurementSummary summary() const;

private:
    struct Window
    {
        double throughput = 0;
        double meanUs = 0;
        std::size_t firstSample = 0;
    };
    double m_stability;
    std::vector<Window> m_windows;
    std::vector<double> m_latencies;
    std::size_t m_windowStart = 0;
};

// Linear interpolation between closest ranks, q in [0, 1]; 0 when empty.
double percentileOfSorted(const std::vector<double> &sorted, double q);

} // namespace mdeck
