#include "core/serving/server_impl_p.h"

#include "core/common/json.h"
#include "core/common/text.h"

#include <mdeck/version.h>

#include <cmath>

namespace mdeck::serving {

namespace {

constexpr const char *kJson = "application/json";
constexpr std::size_t kMaxScratch = 1 << 20; // bytes of log scratch a thread keeps

std::uint64_t fnv1a(std::string_view text)
{
    std::uint64_t h = 1469598103934665603ull;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

std::optional<int> parseVersion(const std::string &text)
{
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoi(text);
}

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

Json tensorJson(const TensorSpec &t)
{
    return Json{{"name", t.name}, {"datatype", t.datatype}, {"shape", t.shape}};
}

std::string platformOf(const training::LoadedModel &m)
{
    return m.version().format == "torchscript" ? "pytorch_torchscript" : "modeldeck_native";
}

// Rows whose predictions differ: the class for classifiers, else the value
// beyond a relative 1e-6.
std::size_t disagreements(const training::LoadedModel &a, const std::vector<float> &outA,
                          const training::LoadedModel &b, const std::vector<float> &outB,
                          std::size_t rows)
{
    std::size_t n = 0;
    const std::size_t wa = a.outputWidth(), wb = b.outputWidth();
    for (std::size_t r = 0; r < rows; ++r) {
        if (isClassifier(a) && isClassifier(b)) {
            const int ca = predictedClass(a, &outA[r * wa]), cb = predictedClass(b, &outB[r * wb]);
            n += a.classes()[ca] != b.classes()[cb] ? 1 : 0;
        } else {
            const float x = outA[r * wa], y = outB[r * wb];
            n += std::fabs(x - y) > 1e-6f * std::max(1.0f, std::fabs(x)) ? 1 : 0;
        }
    }
    return n;
}

} // namespace

namespace {

// sendError(), for readers that return false on a refusal.
bool failWith(detail::HttpResponse &res, int status, const std::string &message)
{
    sendError(res, status, message);
    return false;
}

} // namespace

void sendError(detail::HttpResponse &res, int status, const std::string &message)
{
    std::string body = "{\"error\":";
    appendJsonString(body, message);
    body.push_back('}');
    res.status = status;
    res.setContent(std::move(body), kJson);
}

bool Server::Impl::authorized(const detail::HttpRequest &req, detail::HttpResponse &res)
{
    if (!options.authenticate)
        return true;
    const std::string header(req.header("authorization"));
    if (header.rfind("Bearer ", 0) != 0 || header.size() <= 7) {
        res.setHeader("WWW-Authenticate", "Bearer");
        sendError(res, 401, "this server needs an API token: Authorization: Bearer mdk_...");
        return false;
    }
    auto actor = options.authenticate(header.substr(7));
    if (!actor) {
        res.setHeader("WWW-Authenticate", "Bearer");
        sendError(res, 401, actor.error().message);
        return false;
    }
    return true;
}

detail::HttpResponse Server::Impl::refuse(int status, const std::string &why)
{
    stats.recordUnrouted(status);
    detail::HttpResponse res;
    sendError(res, status, why);
    return res;
}

namespace {

enum class Endpoint { None, Live, Ready, Server, Metrics, Metadata, ModelReady, Infer, Feedback };

// The endpoint a path names, with its parameters: the deployment and, when
// the path has one, the version.
Endpoint route(std::string_view path, std::vector<std::string> &params)
{
    if (path == "/v2/health/live")
        return Endpoint::Live;
    if (path == "/v2/health/ready")
        return Endpoint::Ready;
    if (path == "/v2" || path == "/v2/")
        return Endpoint::Server;
    if (path == "/metrics")
        return Endpoint::Metrics;
    constexpr std::string_view kModels = "/v2/models/";
    if (path.substr(0, kModels.size()) != kModels)
        return Endpoint::None;
    std::vector<std::string_view> parts;
    for (std::string_view rest = path.substr(kModels.size());;) {
        const std::size_t slash = rest.find('/');
        parts.push_back(rest.substr(0, slash));
        if (parts.back().empty())
            return Endpoint::None;
        if (slash == std::string_view::npos)
            break;
        rest.remove_prefix(slash + 1);
    }
    params.emplace_back(parts[0]);
    std::size_t next = 1;
    if (parts.size() >= 3 && parts[1] == "versions") {
        params.emplace_back(parts[2]);
        next = 3;
    }
    if (next == parts.size())
        return Endpoint::Metadata;
    if (next + 1 != parts.size())
        return Endpoint::None;
    if (parts[next] == "ready")
        return Endpoint::ModelReady;
    if (parts[next] == "infer")
        return Endpoint::Infer;
    if (parts[next] == "feedback" && params.size() == 1)
        return Endpoint::Feedback;
    return Endpoint::None;
}

} // namespace

void Server::Impl::dispatch(detail::HttpRequest &&req, const detail::Responder &respond)
{
    const Endpoint e = route(req.path, req.params);
    const bool post = e == Endpoint::Infer || e == Endpoint::Feedback;
    detail::HttpResponse res;
    if (e == Endpoint::None) {
        respond(refuse(404, "no such endpoint"));
        return;
    }
    if (req.method != (post ? "POST" : "GET")) {
        res = refuse(405,
                     "use " + std::string(post ? "POST" : "GET") + " for "
                         + req.path.substr(0, 128));
        res.setHeader("Allow", post ? "POST" : "GET");
        respond(std::move(res));
        return;
    }
    switch (e) {
    case Endpoint::Infer:
        handleInfer(std::move(req), respond);
        return;
    case Endpoint::Live:
        res.setContent("{\"live\":true}", kJson);
        break;
    case Endpoint::Ready: {
        bool ready = true;
        const auto table = snapshot(); // held: a range-for would drop the temporary
        for (const auto &[name, live] : *table)
            ready = ready && live.stable && live.problem.empty();
        res.status = ready ? 200 : 503;
        res.setContent(ready ? "{\"ready\":true}" : "{\"ready\":false}", kJson);
        break;
    }
    case Endpoint::Server:
        res.setContent(Json{{"name", "modeldeck"},
                            {"version", MDECK_VERSION},
                            {"extensions", {"modeldeck_feedback", "modeldeck_metrics"}}}
                           .dump(),
                       kJson);
        break;
    case Endpoint::Metrics:
        res.setContent(stats.prometheus(gauges()), "text/plain; version=0.0.4; charset=utf-8");
        break;
    case Endpoint::Metadata:
        handleModelMetadata(req, res);
        break;
    case Endpoint::ModelReady:
        handleModelReady(req, res);
        break;
    case Endpoint::Feedback:
        handleFeedback(req, respond);
        return;
    case Endpoint::None:
        break;
    }
    respond(std::move(res));
}

namespace {

// Resolves {name} and the optional version of the path against the table.
// Returns an HTTP status other than 200 (with `why`) when it cannot.
int resolveTarget(const RouteTable &table, const detail::HttpRequest &req, Target &t,
                  std::string &why)
{
    const std::string &name = req.params[0];
    auto it = table.find(name);
    if (it == table.end()) {
        why = "unknown deployment '" + name.substr(0, 128) + "'";
        return 404;
    }
    const LiveRoute &live = it->second;
    t.live = &live;
    t.model = live.stable;
    t.version = live.route.stableVersion;
    if (req.params.size() > 1) {
        const auto v = parseVersion(req.params[1]);
        const Route &r = live.route;
        if (v && *v == r.stableVersion) {
        } else if (v && r.candidateVersion && *v == *r.candidateVersion
                   && r.mode != Route::CandidateMode::None) {
            t.model = live.candidate;
            t.version = *v;
            t.role = r.mode == Route::CandidateMode::Shadow ? Role::Shadow : Role::Canary;
        } else {
            why = "deployment '" + name + "' does not serve version '" + req.params[1].substr(0, 32)
                + "'";
            return 404;
        }
    }
    if (!t.model) {
        why = "deployment '" + name + "' is not ready"
            + (live.problem.empty() ? std::string() : ": " + live.problem);
        return 503;
    }
    return 200;
}

} // namespace

void Server::Impl::handleModelMetadata(const detail::HttpRequest &req, detail::HttpResponse &res)
{
    auto table = snapshot();
    Target t;
    std::string why;
    if (const int status = resolveTarget(*table, req, t, why); status != 200) {
        res = refuse(status, why);
        return;
    }
    const training::LoadedModel &m = *t.model;
    Json versions = Json::array({std::to_string(t.version)});
    if (req.params.size() < 2 && t.live->candidate)
        versions.push_back(std::to_string(*t.live->route.candidateVersion));
    Json inputs = Json::array(), outputs = Json::array();
    for (const auto &in : m.version().signature.inputs)
        inputs.push_back(tensorJson(in));
    for (const auto &out : servedOutputs(m))
        outputs.push_back(tensorJson(out));
    res.setContent(Json{{"name", t.live->route.deployment},
                        {"versions", versions},
                        {"platform", platformOf(m)},
                        {"inputs", inputs},
                        {"outputs", outputs}}
                       .dump(),
                   kJson);
}

void Server::Impl::handleModelReady(const detail::HttpRequest &req, detail::HttpResponse &res)
{
    auto table = snapshot();
    Target t;
    std::string why;
    const int status = resolveTarget(*table, req, t, why);
    if (status == 404)
        return sendError(res, 404, why);
    res.status = status == 200 ? 200 : 503;
    res.setContent(Json{{"name", req.params[0]}, {"ready", status == 200}}.dump(), kJson);
}

namespace {

std::string overloaded(const std::string &deployment)
{
    return "deployment '" + deployment + "' is overloaded; retry later";
}

} // namespace

void Server::Impl::failInfer(const Target &t, Clock::time_point start,
                             const detail::Responder &respond, int status,
                             const std::string &message)
{
    stats.recordRequest(t.live->route.deployment, t.version, t.role, status, secondsSince(start), 0);
    detail::HttpResponse res;
    sendError(res, status, message);
    respond(std::move(res));
}

struct InferCall
{
    std::shared_ptr<const RouteTable> table; // keeps target.live valid
    Target target;
    DecodedRequest decoded;
    std::string requestId;
    bool sideCall = false; // a canary comparison or shadow copy follows the answer
    std::string body;      // for a side call that must decode it again
    Clock::time_point start;
    detail::Responder respond;
};

namespace {

// Inference dispatched on an event loop during its current round.
struct DeferredInfer
{
    std::string key;
    QueueConfig config;
    BatchJob job;
    std::shared_ptr<InferCall> call;
};
thread_local std::vector<DeferredInfer> t_deferred;

} // namespace

void Server::Impl::handleInfer(detail::HttpRequest &&req, const detail::Responder &respond)
{
    const auto start = Clock::now();
    detail::HttpResponse res;
    if (!authorized(req, res)) {
        stats.recordUnrouted(res.status);
        return respond(std::move(res));
    }
    auto table = snapshot();
    Target t;
    std::string why;
    const int status = resolveTarget(*table, req, t, why);
    if (status == 404)
        return respond(refuse(404, why));
    const Route &route = t.live->route;
    auto fail = [&](int code, const std::string &message) {
        failInfer(t, start, respond, code, message);
    };
    if (status != 200)
        return fail(status, why);
    auto decoded = decodeInferRequest(req.body, *t.model, limits, log != nullptr);
    // The canary split, by request id when there is one (the same id always goes the same way).
    if (decoded && req.params.size() < 2 && route.mode == Route::CandidateMode::Canary
        && t.live->candidate && route.canaryPercent > 0) {
        thread_local std::uint64_t counter = fnv1a(newRequestId());
        const std::uint64_t h = decoded->id.empty()
            ? (counter = counter * 6364136223846793005ull + 1442695040888963407ull) >> 17
            : fnv1a(decoded->id);
        if (static_cast<int>(h % 100) < route.canaryPercent) {
            t.model = t.live->candidate;
            t.version = *route.candidateVersion;
            t.role = Role::Canary;
            t.split = true;
            decoded = decodeInferRequest(req.body, *t.model, limits, log != nullptr);
        }
    }
    if (!decoded)
        return fail(400, decoded.error().message);
    const bool sideCallFollows = (t.split && t.live->stable)
        || (t.role == Role::Stable && route.mode == Route::CandidateMode::Shadow
            && t.live->candidate);
    auto call = std::make_shared<InferCall>();
    call->requestId = decoded->id.empty() ? newRequestId() : decoded->id;
    call->start = start;
    call->respond = respond;
    QueueConfig qc;
    qc.maxBatchRows = static_cast<std::size_t>(route.maxBatchSize);
    qc.maxQueueDelay = route.maxQueueDelay;
    qc.maxQueuedRows = options.maxQueuedRows;
    BatchJob job;
    job.model = t.model;
    job.rows = decoded->rows;
    if (sideCallFollows) {
        job.input = decoded->input; // the side call uses it too
        call->body = std::move(req.body);
        call->sideCall = true;
    } else {
        job.input = std::move(decoded->input);
    }
    job.done = [this, call](BatchOutcome &&outcome) {
        try {
            completeInfer(*call, std::move(outcome));
        } catch (const std::exception &e) {
            // Answered at most once: a second answer to the same request is dropped.
            detail::HttpResponse failed;
            sendError(failed, 500, std::string("internal error: ") + e.what());
            call->respond(std::move(failed));
        }
    };
    const std::string key = route.deployment + "/" + std::to_string(t.version);
    call->decoded = std::move(*decoded);
    call->target = t;
    call->table = std::move(table);
    if (detail::inEventLoop()) {
        t_deferred.push_back({key, qc, std::move(job), std::move(call)});
        return;
    }
    if (!batcher->submit(key, qc, std::move(job), true))
        fail(503, overloaded(route.deployment));
}

void Server::Impl::runDeferred()
{
    if (t_deferred.empty())
        return;
    std::vector<DeferredInfer> all;
    all.swap(t_deferred);
    std::vector<bool> taken(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (taken[i])
            continue;
        std::vector<BatchJob> jobs;
        std::vector<std::shared_ptr<InferCall>> calls;
        for (std::size_t j = i; j < all.size(); ++j) {
            if (taken[j] || all[j].key != all[i].key)
                continue;
            taken[j] = true;
            jobs.push_back(std::move(all[j].job));
            calls.push_back(all[j].call);
        }
        const auto refused = batcher->submitMany(all[i].key, all[i].config, std::move(jobs), true);
        // Refused jobs are the last ones, in order: a full queue takes no more.
        for (std::size_t k = calls.size() - refused.size(); k < calls.size(); ++k) {
            const InferCall &call = *calls[k];
            failInfer(call.target, call.start, call.respond, 503,
                      overloaded(call.target.live->route.deployment));
        }
    }
}

// Logs predicted rows: their inputs as the request sent them (as the codec
// checked them: valid JSON), their outputs as JSON arrays. The log copies
// the text, so nothing here outlives the call.
void Server::Impl::logRows(const std::string &deployment, const training::LoadedModel &model,
                           Role role, const std::string &requestId,
                           const std::vector<std::string> &inputs, const float *output,
                           std::size_t rows, Clock::duration latency)
{
    const std::size_t w = model.outputWidth();
    // Scratch kept by each thread: no allocation on a request's way out.
    thread_local std::string outputs;
    thread_local std::vector<std::size_t> ends;
    thread_local std::vector<PredictionRow> logged;
    outputs.clear();
    ends.resize(rows);
    logged.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        appendOutputRowJson(outputs, output + r * w, w);
        ends[r] = outputs.size();
    }
    const std::int64_t now = nowMillis();
    const auto latencyUs = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
    for (std::size_t r = 0; r < rows; ++r) {
        PredictionRow &p = logged[r];
        p.timeMs = now;
        p.deployment = deployment;
        p.versionId = model.version().id;
        p.role = role;
        p.requestId = requestId;
        p.row = static_cast<int>(r);
        p.inputs = inputs[r];
        const std::size_t from = r ? ends[r - 1] : 0;
        p.outputs = std::string_view(outputs).substr(from, ends[r] - from);
        p.latencyUs = latencyUs;
        // The codec wrote or checked every raw row as JSON; without strings
        // it is numbers and nulls, which the log need not check again.
        p.plainJson = p.inputs.find('"') == std::string_view::npos;
    }
    log->push(logged.data(), rows);
    // A huge request's scratch is not kept: the rows' array grows ~100 bytes a
    // row, the outputs' text only a few.
    if (outputs.capacity() + ends.capacity() * sizeof(std::size_t)
            + logged.capacity() * sizeof(PredictionRow)
        > kMaxScratch) {
        std::string().swap(outputs);
        std::vector<std::size_t>().swap(ends);
        std::vector<PredictionRow>().swap(logged);
    }
}

void Server::Impl::completeInfer(InferCall &call, BatchOutcome &&outcome)
{
    const Target &t = call.target;
    const Route &route = t.live->route;
    DecodedRequest &decoded = call.decoded;
    if (!outcome.status)
        return failInfer(t, call.start, call.respond, 500, outcome.status.error().message);
    detail::HttpResponse res;
    res.setContent(encodeInferResponse(*t.model, route.deployment, call.requestId, decoded.outputs,
                                       outcome.output.data(), decoded.rows),
                   kJson);
    call.respond(std::move(res));
    const auto latency = Clock::now() - call.start;
    stats.recordQueue(route.deployment, t.version, t.role,
                      std::chrono::duration<double>(outcome.queued).count());
    if (outcome.batchRows > 0)
        stats.recordBatch(route.deployment, t.version, t.role, outcome.batchRows);
    if (log)
        logRows(route.deployment, *t.model, t.role, call.requestId, decoded.rawRows,
                outcome.output.data(), decoded.rows, latency);
    stats.recordRequest(route.deployment, t.version, t.role, 200,
                        std::chrono::duration<double>(latency).count(), decoded.rows);
    if (call.sideCall)
        sideCall(call.body, decoded, t, outcome.output, call.requestId);
}

// Off the response path: the stable answer for a canary-routed request (to
// count disagreement), or the candidate's answer to a copy of a stable one (shadow).
void Server::Impl::sideCall(const std::string &body, const DecodedRequest &primary, const Target &t,
                            const std::vector<float> &primaryOutput, const std::string &requestId)
{
    const LiveRoute &live = *t.live;
    const Route &route = live.route;
    ModelPtr other;
    int otherVersion = 0;
    Role role = Role::Stable;
    if (t.split && live.stable) {
        other = live.stable;
        otherVersion = route.stableVersion;
        role = Role::Stable;
    } else if (t.role == Role::Stable && route.mode == Route::CandidateMode::Shadow
               && live.candidate) {
        other = live.candidate;
        otherVersion = *route.candidateVersion;
        role = Role::Shadow;
    } else {
        return;
    }
    const bool shadow = role == Role::Shadow;
    BatchJob job;
    job.model = other;
    job.rows = primary.rows;
    std::vector<std::string> raw = primary.rawRows;
    if (other->inputWidth() == t.model->inputWidth()
        && other->version().signature.inputs == t.model->version().signature.inputs
        && !other->package() && !t.model->package()) {
        job.input = primary.input;
    } else {
        auto again = decodeInferRequest(body, *other, limits, shadow && log);
        if (!again) {
            if (shadow)
                stats.recordRequest(route.deployment, otherVersion, Role::Shadow, 400, 0, 0);
            return;
        }
        job.input = std::move(again->input);
        raw = std::move(again->rawRows);
    }
    const auto start = Clock::now();
    ModelPtr primaryModel = t.model;
    const std::string deployment = route.deployment;
    const int judgedVersion = shadow ? otherVersion : t.version;
    const Role judgedRole = shadow ? Role::Shadow : Role::Canary;
    job.done = [this, other, primaryModel, primaryOutput, deployment, otherVersion, shadow,
                judgedVersion, judgedRole, start, raw = std::move(raw), requestId,
                rows = primary.rows](BatchOutcome &&out) mutable {
        if (shadow)
            stats.recordRequest(deployment, otherVersion, Role::Shadow, out.status ? 200 : 500,
                                secondsSince(start), out.status ? rows : 0);
        if (!out.status)
            return;
        const std::size_t differ = disagreements(*primaryModel, primaryOutput, *other, out.output,
                                                 rows);
        stats.recordComparison(deployment, judgedVersion, judgedRole, rows, differ);
        if (shadow && log && raw.size() == rows)
            logRows(deployment, *other, Role::Shadow, requestId, raw, out.output.data(), rows,
                    Clock::now() - start);
    };
    QueueConfig qc;
    qc.maxBatchRows = static_cast<std::size_t>(route.maxBatchSize);
    qc.maxQueueDelay = route.maxQueueDelay;
    qc.maxQueuedRows = options.maxQueuedRows / 4; // side calls give way to real traffic
    if (!batcher->submit(deployment + "/" + std::to_string(otherVersion), qc, std::move(job)))
        ++shadowDropped;
}

bool Server::Impl::readFeedback(const detail::HttpRequest &req, detail::HttpResponse &res,
                                std::vector<FeedbackRecord> &records)
{
    if (!authorized(req, res)) {
        stats.recordUnrouted(res.status);
        return false;
    }
    auto table = snapshot();
    const std::string &name = req.params[0];
    if (!table->count(name)) {
        stats.recordUnrouted(404);
        return failWith(res, 404, "unknown deployment '" + name.substr(0, 128) + "'");
    }
    if (!log)
        return failWith(res, 503, "feedback needs the prediction log, which is off");
    Result<Json> parsed = Json();
    try {
        parsed = parseJson(req.body, "request body");
    } catch (const std::exception &e) {
        return failWith(res, 400, std::string("request body: invalid JSON: ") + e.what());
    }
    if (!parsed)
        return failWith(res, 400, parsed.error().message);
    const Json &j = *parsed;
    auto labelText = [](const Json &v, std::string &out) {
        if (v.is_string())
            out = v.get<std::string>();
        else if (v.is_number() && std::isfinite(v.get<double>()))
            out = v.dump();
        else if (v.is_boolean())
            out = v.get<bool>() ? "true" : "false";
        else
            return false;
        return true;
    };
    const std::string source = j.is_object() && j.contains("source") && j["source"].is_string()
        ? j["source"].get<std::string>().substr(0, 128)
        : "api";
    const std::int64_t now = nowMillis();
    if (j.is_object() && j.contains("labels")) {
        if (!j.contains("id") || !j["id"].is_string() || j["id"].get<std::string>().empty())
            return failWith(res, 400, "id: must be the request id the labels belong to");
        if (!j["labels"].is_array() || j["labels"].empty() || j["labels"].size() > 100000)
            return failWith(res, 400, "labels: must be a non-empty array, one label per row");
        for (std::size_t r = 0; r < j["labels"].size(); ++r) {
            FeedbackRecord f{j["id"].get<std::string>(), static_cast<int>(r), {}, now, source};
            if (!labelText(j["labels"][r], f.label))
                return failWith(res, 400,
                                "labels[" + std::to_string(r)
                                    + "]: must be a string, number or boolean");
            records.push_back(std::move(f));
        }
    } else if (j.is_object() && j.contains("feedback") && j["feedback"].is_array()
               && !j["feedback"].empty() && j["feedback"].size() <= 100000) {
        const Json &items = j["feedback"];
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string field = "feedback[" + std::to_string(i) + "]";
            const Json &it = items[i];
            if (!it.is_object() || !it.contains("id") || !it["id"].is_string()
                || it["id"].get<std::string>().empty())
                return failWith(res, 400, field + ".id: must be a request id");
            FeedbackRecord f{it["id"].get<std::string>(), 0, {}, now, source};
            if (it.contains("row")) {
                if (!it["row"].is_number_integer() || it["row"].get<std::int64_t>() < 0
                    || it["row"].get<std::int64_t>() > 1000000)
                    return failWith(res, 400, field + ".row: must be an integer >= 0");
                f.row = it["row"].get<int>();
            }
            if (!it.contains("label") || !labelText(it["label"], f.label))
                return failWith(res, 400, field + ".label: must be a string, number or boolean");
            records.push_back(std::move(f));
        }
    } else {
        return failWith(res, 400,
                        "request body: needs {\"id\", \"labels\"} or a non-empty "
                        "\"feedback\" array");
    }
    return true;
}

void Server::Impl::handleFeedback(const detail::HttpRequest &req, const detail::Responder &respond)
{
    detail::HttpResponse res;
    std::vector<FeedbackRecord> records;
    if (!readFeedback(req, res, records))
        return respond(std::move(res));
    const std::size_t n = records.size();
    log->submitFeedback(std::move(records), [respond, n](Result<void> written) {
        detail::HttpResponse answer;
        if (written)
            answer.setContent(Json{{"written", n}}.dump(), kJson);
        else
            sendError(answer, 500, written.error().message);
        respond(std::move(answer));
    });
}

} // namespace mdeck::serving
