#pragma once

// The server's counters, per (deployment, version, role): requests by status
// code, rows, latency, queue time and batch-size histograms, and canary
// comparisons; kept as running totals for Prometheus and in one-second
// buckets for the last hour, so a rollout controller can judge a window.
// Thread-safe; recording takes one short per-series lock.

#include "core/serving/route.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <vector>

namespace mdeck::serving {

// Upper bounds, in seconds, of the latency and queue-time histogram buckets.
inline constexpr std::array<double, 14> kLatencyBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                          0.005,  0.01,    0.025,  0.05,  0.1,
                                                          0.25,   0.5,     1,      2.5};
// Upper bounds of the batch-size histogram (rows per model call).
inline constexpr std::array<double, 10> kBatchBounds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

// What happened in a window of time for one version (all roles, or one).
struct WindowStats
{
    std::uint64_t requests = 0;
    std::uint64_t errors = 0; // answers with a status >= 400 (and failed shadow calls)
    std::uint64_t rows = 0;
    std::uint64_t compared = 0;  // rows also answered by the other version
    std::uint64_t disagreed = 0; // of those, rows whose prediction differed
    std::array<std::uint64_t, kLatencyBounds.size() + 1> latency{}; // per bucket, last = above
    double latencySumSeconds = 0;

    double errorRate() const { return requests ? double(errors) / double(requests) : 0; }
    double disagreementRate() const { return compared ? double(disagreed) / double(compared) : 0; }
    double meanLatencySeconds() const
    {
        return requests ? latencySumSeconds / double(requests) : 0;
    }
    // An upper bound of the q-quantile (0..1) from the buckets; 0 without requests.
    double latencyQuantileSeconds(double q) const;
};

class ServingStats
{
public:
    ServingStats();
    ~ServingStats();

    void recordRequest(const std::string &deployment, int version, Role role, int status,
                       double seconds, std::size_t rows);
    void recordQueue(const std::string &deployment, int version, Role role, double seconds);
    void recordBatch(const std::string &deployment, int version, Role role, std::size_t rows);
    void recordComparison(const std::string &deployment, int version, Role role,
                          std::size_t compared, std::size_t disagreed);
    // Answers that reached no version (unknown deployment, bad path, auth), by status.
    void recordUnrouted(int status);

    WindowStats window(const std::string &deployment, int version, std::optional<Role> role,
                       std::int64_t sinceMs) const;

    // Gauges owned elsewhere, exported with the rest.
    struct Gauges
    {
        std::uint64_t logQueueDepth = 0;
        std::uint64_t logDropped = 0;
        std::uint64_t logWritten = 0;
        std::uint64_t logSpoolBytes = 0;
        std::uint64_t logFailed = 0;
        std::uint64_t shadowDropped = 0;
        std::uint64_t batchQueueRows = 0;
        std::uint64_t connections = 0;
        std::uint64_t connectionsRefused = 0;
    };
    // Prometheus text exposition format 0.0.4.
    std::string prometheus(const Gauges &gauges) const;

private:
    struct Series;
    using Key = std::tuple<std::string, int, Role>;
    Series &series(const std::string &deployment, int version, Role role);

    mutable std::shared_mutex m_mutex;
    std::map<Key, std::unique_ptr<Series>> m_series;
    mutable std::mutex m_unroutedMutex;
    std::map<int, std::uint64_t> m_unrouted;
};

} // namespace mdeck::serving
