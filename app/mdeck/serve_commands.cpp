#include "app/mdeck/serve_commands.h"

#include "core/ml/predictor.h"
#include "core/serving/serve_instance.h"
#include "core/serving/server.h"
#include "core/training/loaded_model.h"

#include <csignal>
#include <map>
#include <mutex>
#include <ostream>
#include <pthread.h>

namespace mdeck::cli {

namespace {

// Routes for --model references, resolved again on every poll so that a moved
// alias (or a new latest version) is served within a poll interval.
serving::RouteSource modelRoutes(registry::ModelRegistry &registry,
                                 std::vector<std::pair<std::string, std::string>> refs,
                                 const ServeOptions &o)
{
    const int batch = o.maxBatchSize;
    const auto delay = std::chrono::microseconds(o.maxQueueDelayUs);
    return
        [&registry, refs = std::move(refs), batch, delay]() -> Result<std::vector<serving::Route>> {
            std::vector<serving::Route> routes;
            for (const auto &[name, ref] : refs) {
                auto v = registry.resolve(name, ref);
                if (!v)
                    return v.error();
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
    if (refs.empty())
        return Error(ErrorCode::InvalidArgument,
                     "nothing to serve: name at least one --model NAME[:VERSION|@ALIAS]");

    serving::ServerOptions so;
    so.host = o.host;
    so.port = o.port;
    so.tlsCertificate = o.tlsCert;
    so.tlsPrivateKey = o.tlsKey;
    so.workers = static_cast<std::size_t>(o.workers);
    so.maxBodyBytes = o.maxBody;
    so.maxBatchRows = static_cast<std::size_t>(o.maxBatchRows);
    so.maxConnections = static_cast<std::size_t>(o.maxConnections);
    so.idleTimeout = std::chrono::milliseconds(static_cast<long>(o.idleTimeout * 1000));
    so.requestTimeout = std::chrono::milliseconds(static_cast<long>(o.requestTimeout * 1000));
    if (!o.noLog)
        so.logDatabasePath = store::Workspace::databasePath((*ws)->dir());
    auto tokens = std::make_shared<TokenCheck>(**users);
    if (o.requireToken)
        so.authenticate = [tokens](const std::string &token) {
            return (*tokens)(token);
        };
    // Each worker runs its own model calls: one LibTorch thread each avoids oversubscription.
    ml::setTorchThreads(1);

    serving::Server server(**reg, so);
    auto source = modelRoutes(**reg, refs, o);
    auto routes = source();
    if (!routes)
        return routes.error();
    MDECK_TRY(server.applyRoutes(*routes));
    server.setRouteSource(source);

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

    int signal = 0;
    sigwait(&stopSignals, &signal);
    ctx.err() << "mdeck: stopping (" << (signal == SIGTERM ? "SIGTERM" : "SIGINT")
              << "), finishing requests and the prediction log\n";
    server.stop();
    const auto counters = server.logCounters();
    MDECK_TRY((*instance)->withdraw());
    if (!o.noLog)
        ctx.err() << "mdeck: logged " << counters.written << " predictions"
                  << (counters.dropped ? ", dropped " + std::to_string(counters.dropped) : "")
                  << '\n';
    return success();
}

} // namespace mdeck::cli
