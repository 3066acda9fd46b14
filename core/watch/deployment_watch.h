#pragma once

// What the console watches about running deployments, read-only: the live
// request rate and latency of a deployment from the prediction log, the
// server instances `mdeck serve` records in the workspace, and the health of
// any Open Inference Protocol endpoint. Callable from any thread; never
// inside a transaction of the same database. Errors: Io (the database).

#include "core/net/http_client.h"
#include "core/store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mdeck::watch {

// The prediction log of one deployment over a recent window.
struct TrafficStats
{
    std::int64_t windowMs = 0;
    std::int64_t requests = 0; // distinct request ids
    std::int64_t rows = 0;
    double requestsPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0; // of the logged per-row latencies
};

Result<TrafficStats> recentTraffic(store::Database &db, const std::string &deployment,
                                   std::int64_t nowMs, std::int64_t windowMs = 60'000);

// A server that recorded itself in the workspace (`serve_instances`).
struct ServerInstance
{
    std::string url;
    std::int64_t heartbeatMs = 0; // its last heartbeat, ms since epoch
};

// Newest heartbeat first; those older than `maxAgeMs` are left out. Empty,
// not an error, for a workspace that no server has used.
Result<std::vector<ServerInstance>> recordedServers(store::Database &db, std::int64_t nowMs,
                                                    std::int64_t maxAgeMs = 30'000);

struct EndpointHealth
{
    std::string url;
    bool reachable = false; // an HTTP answer came
    bool ready = false;     // GET /v2/health/ready answered 200
    long status = 0;
    double latencyMs = 0;
    std::string message; // why not ready, in English
};

// GET <baseUrl>/v2/health/ready once, no retries.
EndpointHealth checkHealth(const net::HttpClient &client, const std::string &baseUrl,
                           int timeoutMs = 2000);

} // namespace mdeck::watch
