#include "core/serving/serving_stats.h"

#include "core/common/text.h"
#include "core/serving/inference_codec.h"

#include <algorithm>
#include <chrono>

namespace mdeck::serving {

const char *roleName(Role role)
{
    switch (role) {
    case Role::Stable:
        return "stable";
    case Role::Canary:
        return "canary";
    case Role::Shadow:
        return "shadow";
    }
    return "stable";
}

namespace {

constexpr std::size_t kBuckets = 3600; // one per second: the last hour

template<std::size_t N>
std::size_t bucketOf(const std::array<double, N> &bounds, double value)
{
    return static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), value)
                                    - bounds.begin());
}

struct Histogram
{
    std::array<std::uint64_t, kLatencyBounds.size() + 1> counts{};
    double sum = 0;
    std::uint64_t count = 0;
    void add(double v)
    {
        ++counts[bucketOf(kLatencyBounds, v)];
        sum += v;
        ++count;
    }
};

struct Second
{
    std::int64_t second = -1;
    std::uint64_t requests = 0, errors = 0, rows = 0, compared = 0, disagreed = 0;
    std::array<std::uint64_t, kLatencyBounds.size() + 1> latency{};
    double latencySum = 0;
};

} // namespace

struct ServingStats::Series
{
    std::mutex mutex;
    std::map<int, std::uint64_t> byStatus;
    std::uint64_t rows = 0, compared = 0, disagreed = 0;
    Histogram latency, queue;
    std::array<std::uint64_t, kBatchBounds.size() + 1> batch{};
    double batchSum = 0;
    std::uint64_t batchCount = 0;
    std::vector<Second> ring = std::vector<Second>(kBuckets);

    Second &now()
    {
        const std::int64_t s = nowMillis() / 1000;
        Second &b = ring[static_cast<std::size_t>(s) % kBuckets];
        if (b.second != s) {
            b = Second{};
            b.second = s;
        }
        return b;
    }
};

double WindowStats::latencyQuantileSeconds(double q) const
{
    if (requests == 0)
        return 0;
    const double target = q * static_cast<double>(requests);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kLatencyBounds.size(); ++i) {
        seen += latency[i];
        if (static_cast<double>(seen) >= target)
            return kLatencyBounds[i];
    }
    return kLatencyBounds.back() * 2;
}

ServingStats::ServingStats() = default;
ServingStats::~ServingStats() = default;

ServingStats::Series &ServingStats::series(const std::string &deployment, int version, Role role)
{
    Key key{deployment, version, role};
    {
        const std::shared_lock lock(m_mutex);
        if (auto it = m_series.find(key); it != m_series.end())
            return *it->second;
    }
    const std::unique_lock lock(m_mutex);
    auto &slot = m_series[key];
    if (!slot)
        slot = std::make_unique<Series>();
    return *slot;
}

void ServingStats::recordRequest(const std::string &deployment, int version, Role role, int status,
                                 double seconds, std::size_t rows)
{
    Series &s = series(deployment, version, role);
    const std::lock_guard lock(s.mutex);
    ++s.byStatus[status];
    s.rows += rows;
    s.latency.add(seconds);
    Second &b = s.now();
    ++b.requests;
    b.errors += status >= 400 ? 1 : 0;
    b.rows += rows;
    ++b.latency[bucketOf(kLatencyBounds, seconds)];
    b.latencySum += seconds;
}

void ServingStats::recordQueue(const std::string &deployment, int version, Role role, double seconds)
{
    Series &s = series(deployment, version, role);
    const std::lock_guard lock(s.mutex);
    s.queue.add(seconds);
}

void ServingStats::recordBatch(const std::string &deployment, int version, Role role,
                               std::size_t rows)
{
    Series &s = series(deployment, version, role);
    const std::lock_guard lock(s.mutex);
    ++s.batch[bucketOf(kBatchBounds, static_cast<double>(rows))];
    s.batchSum += static_cast<double>(rows);
    ++s.batchCount;
}

void ServingStats::recordComparison(const std::string &deployment, int version, Role role,
                                    std::size_t compared, std::size_t disagreed)
{
    Series &s = series(deployment, version, role);
    const std::lock_guard lock(s.mutex);
    s.compared += compared;
    s.disagreed += disagreed;
    Second &b = s.now();
    b.compared += compared;
    b.disagreed += disagreed;
}

void ServingStats::recordUnrouted(int status)
{
    const std::lock_guard lock(m_unroutedMutex);
    ++m_unrouted[status];
}

WindowStats ServingStats::window(const std::string &deployment, int version,
                                 std::optional<Role> role, std::int64_t sinceMs) const
{
    WindowStats w;
    const std::int64_t first = sinceMs / 1000, last = nowMillis() / 1000;
    const std::shared_lock lock(m_mutex);
    for (const auto &[key, s] : m_series) {
        if (std::get<0>(key) != deployment || std::get<1>(key) != version
            || (role && std::get<2>(key) != *role))
            continue;
        const std::lock_guard seriesLock(s->mutex);
        for (const Second &b : s->ring) {
            if (b.second < first || b.second > last || b.second < last - std::int64_t(kBuckets))
                continue;
            w.requests += b.requests;
            w.errors += b.errors;
            w.rows += b.rows;
            w.compared += b.compared;
            w.disagreed += b.disagreed;
            w.latencySumSeconds += b.latencySum;
            for (std::size_t i = 0; i < w.latency.size(); ++i)
                w.latency[i] += b.latency[i];
        }
    }
    return w;
}

namespace {

void labels(std::string &out, const std::string &deployment, int version, Role role)
{
    out += "deployment=";
    appendJsonString(out, deployment); // Prometheus escapes \ " and newline the same way
    out += ",version=\"" + std::to_string(version) + "\",role=\"" + roleName(role) + "\"";
}

void header(std::string &out, const char *name, const char *type, const char *help)
{
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

template<std::size_t N, std::size_t M>
void histogram(std::string &out, const char *name, const std::string &lbl,
               const std::array<double, N> &bounds, const std::array<std::uint64_t, M> &counts,
               double sum, std::uint64_t count)
{
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < N; ++i) {
        cumulative += counts[i];
        out += std::string(name) + "_bucket{" + lbl + ",le=\"";
        appendNumber(out, bounds[i]);
        out += "\"} " + std::to_string(cumulative) + "\n";
    }
    out += std::string(name) + "_bucket{" + lbl + ",le=\"+Inf\"} " + std::to_string(count) + "\n";
    out += std::string(name) + "_sum{" + lbl + "} ";
    appendNumber(out, sum);
    out += "\n" + std::string(name) + "_count{" + lbl + "} " + std::to_string(count) + "\n";
}

} // namespace

std::string ServingStats::prometheus(const Gauges &g) const
{
    std::string out;
    const std::shared_lock lock(m_mutex);
    std::vector<std::pair<std::string, Series *>> all;
    for (const auto &[key, s] : m_series) {
        std::string lbl;
        labels(lbl, std::get<0>(key), std::get<1>(key), std::get<2>(key));
        all.emplace_back(std::move(lbl), s.get());
    }
    header(out, "modeldeck_inference_requests_total", "counter",
           "Inference requests answered, by deployment, version, role and HTTP status code.");
    for (const auto &[lbl, s] : all) {
        const std::lock_guard l(s->mutex);
        for (const auto &[code, n] : s->byStatus)
            out += "modeldeck_inference_requests_total{" + lbl + ",code=\"" + std::to_string(code)
                + "\"} " + std::to_string(n) + "\n";
    }
    header(out, "modeldeck_inference_rows_total", "counter", "Rows predicted.");
    for (const auto &[lbl, s] : all) {
        const std::lock_guard l(s->mutex);
        out += "modeldeck_inference_rows_total{" + lbl + "} " + std::to_string(s->rows) + "\n";
    }
    header(out, "modeldeck_inference_request_duration_seconds", "histogram",
           "Time from a parsed request to its response body, queue and model call included.");
    for (const auto &[lbl, s] : all) {
        const std::lock_guard l(s->mutex);
        histogram(out, "modeldeck_inference_request_duration_seconds", lbl, kLatencyBounds,
                  s->latency.counts, s->latency.sum, s->latency.count);
    }
    header(out, "modeldeck_inference_queue_duration_seconds", "histogram",
           "Time a request waited in the batch queue before its model call.");
    for (const auto &[lbl, s] : all) {
        const std::lock_guard l(s->mutex);
        histogram(out, "modeldeck_inference_queue_duration_seconds", lbl, kLatencyBounds,
                  s->queue.counts, s->queue.sum, s->queue.count);
    }
    header(out, "modeldeck_inference_batch_rows", "histogram", "Rows per model call.");
    for (const auto &[lbl, s] : all) {
        const std::lock_guard l(s->mutex);
        histogram(out, "modeldeck_inference_batch_rows", lbl, kBatchBounds, s->batch, s->batchSum,
                  s->batchCount);
    }
    auto comparisons = [&](const char *name, const char *help, bool disagreedRows) {
        header(out, name, "counter", help);
        for (const auto &[lbl, s] : all) {
            const std::lock_guard l(s->mutex);
            if (s->compared > 0)
                out += std::string(name) + "{" + lbl + "} "
                    + std::to_string(disagreedRows ? s->disagreed : s->compared) + "\n";
        }
    };
    comparisons("modeldeck_canary_compared_rows_total",
                "Rows answered by both the candidate and the stable version.", false);
    comparisons("modeldeck_canary_disagreed_rows_total",
                "Compared rows whose predictions differed.", true);
    {
        const std::lock_guard l(m_unroutedMutex);
        header(out, "modeldeck_http_unrouted_responses_total", "counter",
               "Answers that reached no model version (unknown deployment, bad path, refused "
               "token, overload), by status code.");
        for (const auto &[code, n] : m_unrouted)
            out += "modeldeck_http_unrouted_responses_total{code=\"" + std::to_string(code) + "\"} "
                + std::to_string(n) + "\n";
    }
    auto gauge = [&](const char *name, const char *type, const char *help, std::uint64_t v) {
        header(out, name, type, help);
        out += std::string(name) + " " + std::to_string(v) + "\n";
    };
    gauge("modeldeck_prediction_log_queue_rows", "gauge",
          "Predicted rows the workspace does not point at yet: queued in memory, or appended "
          "to a segment file and not yet loaded.",
          g.logQueueDepth);
    gauge("modeldeck_prediction_log_spool_bytes", "gauge",
          "Bytes of predictions appended to segment files and not yet loaded into the "
          "workspace.",
          g.logSpoolBytes);
    gauge("modeldeck_prediction_log_failed_rows_total", "counter",
          "Predicted rows lost to a spool or database failure.", g.logFailed);
    gauge("modeldeck_prediction_log_dropped_rows_total", "counter",
          "Predicted rows not logged because the log queue was full.", g.logDropped);
    gauge("modeldeck_prediction_log_written_rows_total", "counter",
          "Predicted rows written to the prediction log.", g.logWritten);
    gauge("modeldeck_shadow_dropped_requests_total", "counter",
          "Shadow and comparison calls skipped because the candidate's queue was full.",
          g.shadowDropped);
    gauge("modeldeck_batch_queue_rows", "gauge", "Rows waiting in the batch queues.",
          g.batchQueueRows);
    gauge("modeldeck_http_connections", "gauge", "Open client connections.", g.connections);
    gauge("modeldeck_http_refused_connections_total", "counter",
          "Connections refused with 503 because the connection limit was reached.",
          g.connectionsRefused);
    return out;
}

} // namespace mdeck::serving
