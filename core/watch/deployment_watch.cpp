#include "core/watch/deployment_watch.h"

#include "core/common/measurement.h"
#include "core/store/prediction_store.h"

#include <algorithm>
#include <set>

namespace mdeck::watch {

Result<TrafficStats> recentTraffic(store::Database &db, const std::string &deployment,
                                   std::int64_t nowMs, std::int64_t windowMs)
{
    TrafficStats t;
    t.windowMs = windowMs;
    auto read = db.beginRead();
    if (!read)
        return read.error();
    store::PredictionFilter f;
    f.deployment = deployment;
    f.fromMs = nowMs - windowMs + 1; // (now - window, now]
    f.toMs = nowMs + 1;
    std::set<std::string, std::less<>> requests;
    std::vector<double> latencies;
    auto scanned = store::forEachPrediction(db, f, [&](const store::PredictionEntry &p) {
        if (requests.find(p.requestId) == requests.end())
            requests.emplace(p.requestId);
        latencies.push_back(static_cast<double>(p.latencyUs) / 1000.0);
        return true;
    });
    if (!scanned)
        return scanned.error();
    std::sort(latencies.begin(), latencies.end());
    t.rows = static_cast<std::int64_t>(latencies.size());
    t.requests = static_cast<std::int64_t>(requests.size());
    t.requestsPerSecond = windowMs > 0
        ? static_cast<double>(t.requests) * 1000.0 / static_cast<double>(windowMs)
        : 0;
    t.p50Ms = percentileOfSorted(latencies, 0.50);
    t.p99Ms = percentileOfSorted(latencies, 0.99);
    return t;
}

Result<std::vector<ServerInstance>> recordedServers(store::Database &db, std::int64_t nowMs,
                                                    std::int64_t maxAgeMs)
{
    std::vector<ServerInstance> out;
    auto read = db.beginRead();
    if (!read)
        return read.error();
    // The table belongs to the server's migration; find its heartbeat column by name.
    auto cols = db.prepare("SELECT name FROM pragma_table_info('serve_instances')");
    if (!cols)
        return cols.error();
    std::string heartbeat;
    bool hasUrl = false;
    for (;;) {
        auto row = cols->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const std::string name = cols->text(0);
        if (name == "url")
            hasUrl = true;
        else if (heartbeat.empty() && name.find("heartbeat") != std::string::npos)
            heartbeat = name;
    }
    if (!hasUrl || heartbeat.empty())
        return out;
    auto st = db.prepare("SELECT url, \"" + heartbeat + "\" FROM serve_instances WHERE \""
                         + heartbeat + "\" >= ?1 ORDER BY \"" + heartbeat + "\" DESC LIMIT 50");
    if (!st)
        return st.error();
    st->bind(1, nowMs - maxAgeMs);
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back({st->text(0), st->int64(1)});
    }
    return out;
}

EndpointHealth checkHealth(const net::HttpClient &client, const std::string &baseUrl, int timeoutMs)
{
    EndpointHealth h;
    h.url = baseUrl;
    std::string base = baseUrl;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    net::CallOptions o;
    o.connectTimeoutMs = timeoutMs;
    o.totalTimeoutMs = timeoutMs;
    o.maxResponseBytes = 64 * 1024;
    net::HttpRequest req;
    req.url = base + "/v2/health/ready";
    const net::HttpOutcome out = client.perform(req, o);
    h.latencyMs = out.response.elapsedMs;
    if (!out.ok()) {
        h.message = out.error.message;
        return h;
    }
    h.reachable = true;
    h.status = out.response.status;
    h.ready = out.response.status == 200;
    if (!h.ready)
        h.message = "not ready: HTTP " + std::to_string(out.response.status);
    return h;
}

} // namespace mdeck::watch
