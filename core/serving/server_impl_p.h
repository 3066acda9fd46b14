#pragma once

// Server internals shared by server.cpp (lifecycle, routes, polling) and
// server_handlers.cpp (the HTTP endpoints). Private to core/serving.

#include "core/serving/batcher.h"
#include "core/serving/http_transport_p.h"
#include "core/serving/inference_codec.h"
#include "core/serving/prediction_log.h"
#include "core/serving/server.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace mdeck::serving {

using ModelPtr = std::shared_ptr<const training::LoadedModel>;

// A route with its versions loaded (or the reason they are not).
struct LiveRoute
{
    Route route;
    ModelPtr stable;
    ModelPtr candidate;
    std::string problem;
};
using RouteTable = std::map<std::string, LiveRoute, std::less<>>;

// Which version answers a request, and as what.
struct Target
{
    const LiveRoute *live = nullptr;
    ModelPtr model;
    int version = 0;
    Role role = Role::Stable;
    bool split = false; // chosen by the canary split (not by an explicit version)
};

// One inference request between its dispatch and its answer (server_handlers.cpp).
struct InferCall;

class Server::Impl
{
public:
    Impl(registry::ModelRegistry &registry, ServerOptions options);

    // server_handlers.cpp
    // Routes a request to its endpoint; inference answers later, from the batcher.
    void dispatch(detail::HttpRequest &&req, const detail::Responder &respond);
    detail::HttpResponse refuse(int status, const std::string &why);
    void handleInfer(detail::HttpRequest &&req, const detail::Responder &respond);
    void completeInfer(InferCall &call, BatchOutcome &&outcome);
    void logRows(const std::string &deployment, const training::LoadedModel &model, Role role,
                 const std::string &requestId, const std::vector<std::string> &inputs,
                 const float *output, std::size_t rows, Clock::duration latency);
    // Answers an inference request that failed, counted against its version.
    void failInfer(const Target &t, Clock::time_point start, const detail::Responder &respond,
                   int status, const std::string &message);
    // Submits the inference an event loop deferred during its round, one
    // batch per deployment version.
    void runDeferred();
    void handleFeedback(const detail::HttpRequest &req, const detail::Responder &respond);
    // The labels of a feedback request, or false with the refusal in `res`.
    bool readFeedback(const detail::HttpRequest &req, detail::HttpResponse &res,
                      std::vector<FeedbackRecord> &records);
    void handleModelMetadata(const detail::HttpRequest &req, detail::HttpResponse &res);
    void handleModelReady(const detail::HttpRequest &req, detail::HttpResponse &res);
    bool authorized(const detail::HttpRequest &req, detail::HttpResponse &res);
    void sideCall(const std::string &body, const DecodedRequest &primary, const Target &target,
                  const std::vector<float> &primaryOutput, const std::string &requestId);

    // server.cpp
    std::shared_ptr<const RouteTable> snapshot() const;
    Result<ModelPtr> loadVersion(const std::string &model, int version);
    void pollLoop();
    ServingStats::Gauges gauges() const;

    registry::ModelRegistry &registry;
    ServerOptions options;
    CodecLimits limits;
    std::unique_ptr<detail::Transport> transport;
    int boundPort = 0;
    std::unique_ptr<BatchScheduler> batcher;
    ServingStats stats;
    std::unique_ptr<PredictionLog> log;
    std::atomic<std::uint64_t> shadowDropped{0};

    mutable std::mutex tableMutex;
    std::shared_ptr<const RouteTable> table = std::make_shared<RouteTable>();

    std::mutex applyMutex; // one applyRoutes at a time; guards cache and failures
    std::map<std::pair<std::string, int>, ModelPtr> cache;
    std::map<std::pair<std::string, int>, std::pair<Clock::time_point, Error>> failures;
    std::vector<Route> lastRoutes;

    std::mutex pollMutex;
    std::condition_variable pollCv;
    bool pollStop = false;
    RouteSource source;
    RouteGeneration generation;
    std::optional<std::uint64_t> lastGeneration;
    std::thread poller;
    bool started = false;
    Server *owner = nullptr;
};

// The protocol's error body.
void sendError(detail::HttpResponse &res, int status, const std::string &message);
// A fresh request id: "mdk-" and 24 hex digits, ordered by time.
std::string newRequestId();

} // namespace mdeck::serving
