#include "core/serving/server.h"

#include "core/common/system_info.h"
#include "core/common/text.h"
#include "core/serving/server_impl_p.h"

#include <algorithm>
#include <random>

namespace mdeck::serving {

Server::Impl::Impl(registry::ModelRegistry &reg, ServerOptions o)
    : registry(reg)
    , options(std::move(o))
{
    limits.maxBatchRows = options.maxBatchRows;
}

std::shared_ptr<const RouteTable> Server::Impl::snapshot() const
{
    const std::lock_guard lock(tableMutex);
    return table;
}

Result<ModelPtr> Server::Impl::loadVersion(const std::string &model, int version)
{
    const auto key = std::make_pair(model, version);
    if (auto it = cache.find(key); it != cache.end())
        return it->second;
    // A version that failed is retried every few seconds, not on every poll.
    if (auto f = failures.find(key); f != failures.end() && Clock::now() < f->second.first)
        return f->second.second;
    try {
        auto loaded = training::LoadedModel::load(registry, model, std::to_string(version));
        if (!loaded) {
            failures[key] = {Clock::now() + std::chrono::seconds(5), loaded.error()};
            return loaded.error();
        }
        auto ptr = std::make_shared<const training::LoadedModel>(std::move(*loaded));
        failures.erase(key);
        cache[key] = ptr;
        return ModelPtr(ptr);
    } catch (const std::exception &e) {
        Error err(ErrorCode::Internal,
                  "loading " + model + ":" + std::to_string(version) + " failed: " + e.what());
        failures[key] = {Clock::now() + std::chrono::seconds(5), err};
        return err;
    }
}

Server::Server(registry::ModelRegistry &registry, ServerOptions options)
    : d(std::make_unique<Impl>(registry, std::move(options)))
{}

Server::~Server()
{
    stop();
}

void Server::setRouteSource(RouteSource source, RouteGeneration generation)
{
    const std::lock_guard lock(d->pollMutex);
    d->source = std::move(source);
    d->generation = std::move(generation);
    d->lastGeneration.reset();
}

Result<void> Server::applyRoutes(const std::vector<Route> &routes)
{
    const std::lock_guard lock(d->applyMutex);
    auto next = std::make_shared<RouteTable>();
    std::optional<Error> first;
    for (const Route &r : routes) {
        if (r.deployment.empty() || next->count(r.deployment)) {
            first = first.value_or(Error(ErrorCode::InvalidArgument,
                                         "route for '" + r.deployment
                                             + "': deployment names must be unique and non-empty"));
            continue;
        }
        LiveRoute live;
        live.route = r;
        live.route.canaryPercent = std::clamp(r.canaryPercent, 0, 100);
        live.route.maxBatchSize = std::max(1, r.maxBatchSize);
        auto stable = d->loadVersion(r.model, r.stableVersion);
        if (stable)
            live.stable = *stable;
        else
            live.problem = stable.error().message;
        if (r.candidateVersion && r.mode != Route::CandidateMode::None) {
            auto candidate = d->loadVersion(r.model, *r.candidateVersion);
            if (candidate)
                live.candidate = *candidate;
            else if (live.problem.empty())
                live.problem = candidate.error().message;
        }
        if (!live.problem.empty() && !first)
            first = Error(ErrorCode::NotFound, "deployment '" + r.deployment + "': " + live.problem);
        next->emplace(r.deployment, std::move(live));
    }
    {
        const std::lock_guard tableLock(d->tableMutex);
        d->table = next;
    }
    // Forget versions no route uses; requests still running hold their own reference.
    for (auto it = d->cache.begin(); it != d->cache.end();) {
        bool used = false;
        for (const auto &[name, live] : *next)
            used = used || live.stable == it->second || live.candidate == it->second;
        it = used ? std::next(it) : d->cache.erase(it);
    }
    d->lastRoutes = routes;
    if (first)
        return *first;
    return success();
}

std::vector<RouteStatus> Server::routes() const
{
    std::vector<RouteStatus> out;
    const auto table = d->snapshot(); // held: a range-for would drop the temporary
    for (const auto &[name, live] : *table)
        out.push_back({live.route, live.stable != nullptr && live.problem.empty(), live.problem});
    return out;
}

void Server::Impl::pollLoop()
{
    std::unique_lock lock(pollMutex);
    while (!pollStop) {
        RouteSource src = source;
        RouteGeneration gen = generation;
        lock.unlock();
        if (src) {
            std::optional<std::uint64_t> g;
            if (gen)
                g = gen();
            bool retry = false;
            {
                const std::lock_guard applyLock(applyMutex);
                for (const auto &[key, f] : failures)
                    retry = retry || Clock::now() >= f.first;
            }
            if (!g || g != lastGeneration || retry) {
                auto routes = src();
                if (routes) {
                    bool same;
                    {
                        const std::lock_guard applyLock(applyMutex);
                        same = *routes == lastRoutes;
                    }
                    if (!same || retry)
                        (void) owner->applyRoutes(*routes);
                    lastGeneration = g;
                }
            }
        }
        lock.lock();
        pollCv.wait_for(lock, options.routePollInterval, [&] { return pollStop; });
    }
}

Result<void> Server::start()
{
    if (d->started)
        return Error(ErrorCode::Conflict, "the server is already running");
    const ServerOptions &o = d->options;
    if (o.tlsCertificate.empty() != o.tlsPrivateKey.empty())
        return Error(ErrorCode::InvalidArgument, "TLS needs both a certificate and a private key");
    if (o.port < 0 || o.port > 65535)
        return Error(ErrorCode::InvalidArgument,
                     "port " + std::to_string(o.port) + " is not between 0 and 65535");
    if (!o.logDatabasePath.empty()) {
        PredictionLogOptions lo;
        lo.capacity = o.logQueueRows;
        lo.maxLag = o.logMaxLag;
        auto log = PredictionLog::open(o.logDatabasePath, lo);
        if (!log)
            return log.error();
        d->log = std::move(*log);
    }
    detail::TransportLimits t;
    t.maxConnections = o.maxConnections;
    t.maxBodyBytes = o.maxBodyBytes;
    t.maxHeaderBytes = o.maxHeaderBytes;
    t.idleTimeout = o.idleTimeout;
    t.requestTimeout = o.requestTimeout;
    t.writeTimeout = o.writeTimeout;
    t.threads = o.ioThreads;
    detail::TransportHandlers handlers;
    handlers.dispatch = [impl = d.get()](detail::HttpRequest &&req, detail::Responder respond) {
        impl->dispatch(std::move(req), respond);
    };
    handlers.refuse = [impl = d.get()](int status, const std::string &why) {
        return impl->refuse(status, why);
    };
    handlers.roundDone = [impl = d.get()] {
        impl->runDeferred();
    };
    if (!o.tlsCertificate.empty()) {
        auto tls = detail::makeTlsTransport(t, std::move(handlers), o.tlsCertificate,
                                            o.tlsPrivateKey);
        if (!tls) {
            d->log.reset();
            return tls.error();
        }
        d->transport = std::move(*tls);
    } else {
        d->transport = detail::makeEventTransport(t, std::move(handlers));
    }
    const std::size_t workers = o.workers ? o.workers : usableCores();
    d->batcher = std::make_unique<BatchScheduler>(workers);
    auto port = d->transport->listen(o.host, o.port);
    if (!port) {
        d->transport.reset();
        d->batcher.reset();
        d->log.reset();
        return port.error();
    }
    d->boundPort = *port;
    d->pollStop = false;
    d->owner = this;
    d->poller = std::thread([this] { d->pollLoop(); });
    d->started = true;
    return success();
}

void Server::stop()
{
    if (!d->started)
        return;
    {
        const std::lock_guard lock(d->pollMutex);
        d->pollStop = true;
    }
    d->pollCv.notify_all();
    if (d->poller.joinable())
        d->poller.join();
    d->transport->stop();   // answers what is in flight, then closes every connection
    d->batcher->shutdown(); // runs what is queued (side calls find it stopping)
    d->batcher.reset();
    if (d->log)
        d->log->close();
    d->started = false;
}

bool Server::running() const
{
    return d->started && d->transport && d->transport->running();
}

int Server::port() const
{
    return d->boundPort;
}

std::string Server::url() const
{
    const std::string scheme = d->options.tlsCertificate.empty() ? "http" : "https";
    const std::string host = d->options.host.find(':') != std::string::npos
        ? "[" + d->options.host + "]"
        : d->options.host;
    return scheme + "://" + host + ":" + std::to_string(d->boundPort);
}

WindowStats Server::stats(const std::string &deployment, int version, std::int64_t sinceMs) const
{
    return d->stats.window(deployment, version, std::nullopt, sinceMs);
}

WindowStats Server::stats(const std::string &deployment, int version, Role role,
                          std::int64_t sinceMs) const
{
    return d->stats.window(deployment, version, role, sinceMs);
}

ServingStats::Gauges Server::Impl::gauges() const
{
    ServingStats::Gauges g;
    if (log) {
        g.logQueueDepth = log->depth();
        g.logDropped = log->dropped();
        g.logWritten = log->written();
        g.logSpoolBytes = log->spoolBytes();
        g.logFailed = log->failedWrites();
    }
    g.shadowDropped = shadowDropped.load();
    g.batchQueueRows = batcher ? batcher->queuedRows() : 0;
    if (transport) {
        g.connections = transport->openConnections();
        g.connectionsRefused = transport->refusedConnections();
    }
    return g;
}

std::string Server::metricsText() const
{
    return d->stats.prometheus(d->gauges());
}

Server::LogCounters Server::logCounters() const
{
    LogCounters c;
    if (d->log) {
        c.queued = d->log->depth();
        c.written = d->log->written();
        c.dropped = d->log->dropped();
        c.recovered = d->log->recovered();
        c.failed = d->log->failedWrites();
        c.lastError = d->log->lastError();
    }
    return c;
}

std::string newRequestId()
{
    // Unix milliseconds (11 hex digits), then a process-wide counter that
    // starts at random (13): unique within a process, ordered by time, and
    // cheap for the prediction log, whose request-id index then grows at its end.
    static std::atomic<std::uint64_t> counter{[] {
        std::random_device rd;
        return (std::uint64_t(rd()) << 32) ^ rd();
    }()};
    static const char *kHex = "0123456789abcdef";
    const auto ms = static_cast<std::uint64_t>(nowMillis());
    const std::uint64_t n = counter.fetch_add(1, std::memory_order_relaxed);
    std::string id(4 + 11 + 13, '0');
    id.replace(0, 4, "mdk-");
    for (int i = 0; i < 11; ++i)
        id[static_cast<std::size_t>(4 + i)] = kHex[(ms >> (4 * (10 - i))) & 15];
    for (int i = 0; i < 13; ++i)
        id[static_cast<std::size_t>(15 + i)] = kHex[(n >> (4 * (12 - i))) & 15];
    return id;
}

} // namespace mdeck::serving
