#pragma once

// The model server: Open Inference Protocol (KServe V2) REST endpoints over
// HTTP/1.1 (optionally TLS) for the deployments a RouteSource names, with
// request validation, dynamic batching, canary and shadow traffic, hot swap
// of versions, Prometheus metrics, per-second statistics and the prediction
// log. start() and stop() from one controlling thread; everything else from
// any thread. Errors: InvalidArgument (options), Io (cannot listen), and
// those of loading a model version (NotFound, Integrity, Unsupported).

#include "core/auth/auth.h"
#include "core/registry/model_registry.h"
#include "core/serving/route.h"
#include "core/serving/serving_stats.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mdeck::serving {

struct ServerOptions
{
    std::string host = "127.0.0.1";
    int port = 0;               // 0: any free port (see Server::port())
    std::string tlsCertificate; // PEM files; both set = HTTPS
    std::string tlsPrivateKey;
    std::size_t workers = 0;   // model-call threads; 0 = one per core
    std::size_t ioThreads = 0; // HTTP event loops; 0 = one per core, at most four
    std::size_t maxBodyBytes = 8u << 20;
    std::size_t maxBatchRows = 1024; // rows in one request
    std::size_t maxHeaderBytes = 16384;
    std::size_t maxConnections = 256;
    std::size_t maxQueuedRows = 65536; // per batch queue; beyond it requests get 503
    std::chrono::milliseconds idleTimeout{5000};
    std::chrono::milliseconds requestTimeout{10000}; // to receive one whole request
    std::chrono::milliseconds writeTimeout{10000};
    std::chrono::milliseconds routePollInterval{250};
    // Where predicted rows are logged (the workspace database); "" = no prediction log.
    std::string logDatabasePath;
    std::size_t logQueueRows = 100000;
    // How far the prediction table may fall behind under load before loading
    // it competes with requests (see PredictionLog).
    std::chrono::milliseconds logMaxLag{10000};
    // When set, inference and feedback need "Authorization: Bearer <token>";
    // it returns the token's owner or an Unauthenticated error.
    std::function<Result<auth::Actor>(const std::string &token)> authenticate;
};

// A loaded route as the server sees it, for status displays.
struct RouteStatus
{
    Route route;
    bool ready = false;
    std::string problem; // why a version could not be loaded
};

class Server
{
public:
    // `registry` loads the versions the routes name; it must outlive the server.
    Server(registry::ModelRegistry &registry, ServerOptions options);
    ~Server(); // stop()
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    // Polled every routePollInterval; `generation`, when given, skips unchanged polls.
    void setRouteSource(RouteSource source, RouteGeneration generation = {});
    // Loads what `routes` need that is not loaded yet, then switches to them at
    // once; in-flight requests finish on the versions they started with. A
    // version that fails to load leaves its deployment not ready (503); the
    // first such error is returned.
    Result<void> applyRoutes(const std::vector<Route> &routes);
    std::vector<RouteStatus> routes() const;

    // Binds and starts serving; returns once the socket listens.
    Result<void> start();
    // Stops accepting, lets in-flight requests finish, drains the prediction log.
    void stop();
    bool running() const;

    int port() const;
    std::string url() const; // "http://127.0.0.1:8080"

    // Requests, errors, latency and canary comparisons of a version since a
    // Unix time in milliseconds (at most the last hour), all roles or one.
    WindowStats stats(const std::string &deployment, int version, std::int64_t sinceMs) const;
    WindowStats stats(const std::string &deployment, int version, Role role,
                      std::int64_t sinceMs) const;
    // The /metrics text.
    std::string metricsText() const;

    struct LogCounters
    {
        std::uint64_t queued = 0, written = 0, dropped = 0;
        std::uint64_t recovered = 0, failed = 0; // rows of a log that died; rows lost
        std::string lastError;                   // the log's last problem, if any
    };
    LogCounters logCounters() const;

    class Impl;

private:
    std::unique_ptr<Impl> d;
};

} // namespace mdeck::serving
