#include "app/mdeck/serve_commands.h"

#include "core/common/text.h"
#include "core/deploy/deployment_store.h"
#include "core/deploy/rollout_controller.h"
#include "core/ml/predictor.h"
#include "core/serving/serve_instance.h"
#include "core/serving/server.h"
#include "core/training/loaded_model.h"

#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>
#include <ostream>
#include <pthread.h>
#include <thread>

namespace mdeck::cli {

namespace {

serving::Route routeOf(const deploy::Deployment &d)
{
    serving::Route r;
    r.deployment = d.name;
    r.model = d.model;
    r.stableVersion = d.stableVersion;
    r.candidateVersion = d.candidateVersion;
    switch (d.candidateMode) {
    case deploy::CandidateMode::None:
        r.mode = serving::Route::CandidateMode::None;
        break;
    case deploy::CandidateMode::Canary:
        r.mode = serving::Route::CandidateMode::Canary;
        break;
    case deploy::CandidateMode::Shadow:
        r.mode = serving::Route::CandidateMode::Shadow;
        break;
    }
    r.canaryPercent = d.canaryPercent;
    r.maxBatchSize = d.maxBatchSize;
    r.maxQueueDelay = std::chrono::microseconds(d.maxQueueDelayUs);
    return r;
}

// The workspace's deployments, plus --model references resolved again on
// every poll so that a moved alias (or a new latest version) is served within
// a poll interval.
serving::RouteSource workspaceRoutes(deploy::DeploymentStore &deployments,
                                     std::vector<std::pair<std::string, std::string>> refs,
                                     const ServeOptions &o)
{
    const int batch = o.maxBatchSize;
    const auto delay = std::chrono::microseconds(o.maxQueueDelayUs);
    return [&deployments, refs = std::move(refs), batch,
            delay]() -> Result<std::vector<serving::Route>> {
        auto listed = deployments.list();
        if (!listed)
            return listed.error();
        std::vector<serving::Route> routes;
        for (const auto &d : *listed)
            routes.push_back(routeOf(d));
        for (const auto &[name, ref] : refs) {
            auto v = deployments.registry().resolve(name, ref);
            if (!v)
                return v.error();
            for (const auto &r : routes)
                if (r.deployment == name)
                    return Error(ErrorCode::Conflict,
                                 "--model " + name
                                     + ": a deployment of that name exists; serve "
                                       "it as a deployment instead");
            serving::Route r;
            r.deployment = name;
            r.model = name;
            r.stableVersion = v->version;
            r.maxBatchSize = batch;
            r.maxQueueDelay = delay;
            routes.push_back(std::move(r));
        }
        return routes;
    };
}

// Verifies bearer tokens through the user directory, remembering good ones
// for a few seconds so a busy server does not hash and query on every request.
class TokenCheck
{
public:
    explicit TokenCheck(auth::UserDirectory &users)
        : m_users(users)
    {}
    Result<auth::Actor> operator()(const std::string &token)
    {
        const auto now = std::chrono::steady_clock::now();
        const std::string key = auth::UserDirectory::hashToken(token);
        {
            const std::lock_guard lock(m_mutex);
            if (auto it = m_cache.find(key); it != m_cache.end() && it->second.second > now)
                return it->second.first;
        }
        auto actor = m_users.resolve(token, auth::osLogin());
        if (!actor)
            return actor.error();
        if (!actor->authenticated || actor->via != "token")
            return Error(ErrorCode::Unauthenticated, "the API token is not valid");
        const std::lock_guard lock(m_mutex);
        if (m_cache.size() > 10000)
            m_cache.clear();
        m_cache[key] = {*actor, now + std::chrono::seconds(5)};
        return *actor;
    }

private:
    auth::UserDirectory &m_users;
    std::mutex m_mutex;
    std::map<std::string, std::pair<auth::Actor, std::chrono::steady_clock::time_point>> m_cache;
};

} // namespace

Result<void> serve(CommandContext &ctx, const ServeOptions &o)
{
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    auto users = ctx.users();
    if (!users)
        return users.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    if (o.tlsCert.empty() != o.tlsKey.empty())
        return Error(ErrorCode::InvalidArgument, "--tls-cert and --tls-key go together");

    std::vector<std::pair<std::string, std::string>> refs;
    for (const auto &text : o.models) {
        auto ref = training::parseModelReference(text);
        if (!ref)
            return ref.error();
        for (const auto &[name, r] : refs)
            if (name == ref->first)
                return Error(ErrorCode::InvalidArgument,
                             "--model " + text + ": model '" + name + "' is already served");
        refs.push_back(*ref);
    }

    serving::ServerOptions so;
    so.host = o.host;
    so.port = o.port;
    so.tlsCertificate = o.tlsCert;
    so.tlsPrivateKey = o.tlsKey;
    so.workers = static_cast<std::size_t>(o.workers);
    so.ioThreads = static_cast<std::size_t>(o.ioThreads);
    so.maxBodyBytes = o.maxBody;
    so.maxBatchRows = static_cast<std::size_t>(o.maxBatchRows);
    so.maxConnections = static_cast<std::size_t>(o.maxConnections);
    so.maxHeaderBytes = static_cast<std::size_t>(o.maxHeaderBytes);
    so.idleTimeout = std::chrono::milliseconds(static_cast<long>(o.idleTimeout * 1000));
    so.requestTimeout = std::chrono::milliseconds(static_cast<long>(o.requestTimeout * 1000));
    if (!o.noLog)
        so.logDatabasePath = store::Workspace::databasePath((*ws)->dir());
    so.logMaxLag = std::chrono::milliseconds(static_cast<long>(o.logMaxLag * 1000));
    auto tokens = std::make_shared<TokenCheck>(**users);
    if (o.requireToken)
        so.authenticate = [tokens](const std::string &token) {
            return (*tokens)(token);
        };
    // Each worker runs its own model calls: one LibTorch thread each avoids oversubscription.
    ml::setTorchThreads(1);

    serving::Server server(**reg, so);
    deploy::DeploymentStore deployments(**reg);
    const bool onlyDeployments = refs.empty();
    auto source = workspaceRoutes(deployments, refs, o);
    auto routes = source();
    if (!routes)
        return routes.error();
    // A version that cannot load leaves its deployment answering 503; the others serve.
    if (auto applied = server.applyRoutes(*routes); !applied)
        ctx.warn(applied.error().message);
    // Deployments change only with the generation; --model aliases need a plain poll.
    serving::RouteGeneration generation;
    if (onlyDeployments)
        generation = [&deployments]() -> std::uint64_t {
            auto g = deployments.generation();
            return g ? static_cast<std::uint64_t>(*g) : ~std::uint64_t(0);
        };
    server.setRouteSource(source, generation);

    // Block the stop signals in every thread the server starts; sigwait() takes them here.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &stopSignals, &previous);
    struct Restore
    {
        sigset_t mask;
        ~Restore() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore{previous};

    MDECK_TRY(server.start());
    auto instance = serving::ServeInstance::announce((*ws)->db(), *actor, server.url());
    if (!instance) {
        server.stop();
        return instance.error();
    }
    if (ctx.json()) {
        ctx.printJson(Json{{"url", server.url()}, {"port", server.port()}});
    } else {
        ctx.out() << "Serving on " << server.url() << '\n';
        for (const auto &r : server.routes())
            ctx.out() << "  /v2/models/" << r.route.deployment << "  (" << r.route.model << ":"
                      << r.route.stableVersion << ")\n";
    }
    ctx.out().flush();

    // Running rollouts advance, promote or roll back on what this server observes.
    deploy::RolloutService rollouts(deployments);
    deploy::RolloutController controller(rollouts);
    std::jthread ticker([&](std::stop_token stop) {
        const deploy::ObservationSource observe =
            [&server](const std::string &deployment, int version,
                      std::int64_t sinceMs) -> Result<deploy::Observation> {
            const serving::WindowStats w = server.stats(deployment, version, sinceMs);
            deploy::Observation ob;
            ob.requests = static_cast<std::int64_t>(w.requests);
            ob.errors = static_cast<std::int64_t>(w.errors);
            ob.p99Ms = w.latencyQuantileSeconds(0.99) * 1000;
            ob.compared = static_cast<std::int64_t>(w.compared);
            ob.disagreed = static_cast<std::int64_t>(w.disagreed);
            return ob;
        };
        std::mutex m;
        std::condition_variable_any cv;
        std::unique_lock lock(m);
        while (!stop.stop_requested()) {
            cv.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
            if (!stop.stop_requested())
                (void) controller.tick(nowMillis(), observe);
        }
    });

    int signal = 0;
    sigwait(&stopSignals, &signal);
    ticker.request_stop();
    ticker.join();
    ctx.err() << "mdeck: stopping (" << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
              << "), finishing requests and the prediction log\n";
    server.stop();
    const auto counters = server.logCounters();
    MDECK_TRY((*instance)->withdraw());
    if (!o.noLog)
        ctx.err() << "mdeck: logged " << counters.written << " predictions"
                  << (counters.dropped ? ", dropped " + std::to_string(counters.dropped) : "")
                  << (counters.recovered ? ", and loaded " + std::to_string(counters.recovered)
                              + " left by a server that stopped abruptly"
                                         : "")
                  << '\n';
    if (!o.noLog && counters.failed)
        ctx.err() << "mdeck: " << counters.failed << " predictions could not be logged\n";
    if (!o.noLog && !counters.lastError.empty())
        ctx.err() << "mdeck: the prediction log's last problem: " << counters.lastError << '\n';
    return success();
}

} // namespace mdeck::cli
