#include "core/net/oip_probe.h"

#include "core/common/files.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

namespace mdeck::net {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char *kProbeId = "mdeck-probe-1";
constexpr std::int64_t kMaxProbeElements = 1'000'000;
constexpr std::size_t kMaxProbeResponse = 64u << 20;

const std::set<std::string> &datatypes()
{
    static const std::set<std::string> all{"BOOL", "UINT8", "UINT16", "UINT32", "UINT64",
                                           "INT8", "INT16", "INT32",  "INT64",  "FP16",
                                           "FP32", "FP64",  "BYTES",  "BF16"};
    return all;
}

std::string percentEncode(const std::string &s)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string prefixOf(const std::string &body, std::size_t n = 120)
{
    std::string out;
    for (std::size_t i = 0; i < body.size() && i < n; ++i) {
        const auto c = static_cast<unsigned char>(body[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : ' ';
    }
    if (body.size() > n)
        out += "...";
    return out.empty() ? std::string("(empty body)") : "'" + out + "'";
}

std::string millis(double us)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", us / 1000.0);
    return buf;
}

class Prober
{
public:
    Prober(const HttpClient &client, const ProbeOptions &options, const ProbeProgressFn &progress,
           std::stop_token stop)
        : m_client(client)
        , m_o(options)
        , m_progress(progress)
        , m_stop(std::move(stop))
    {
        m_base = m_o.url;
        while (!m_base.empty() && m_base.back() == '/')
            m_base.pop_back();
        m_call.connectTimeoutMs = std::min(m_o.timeoutMs, 5000);
        m_call.totalTimeoutMs = m_o.timeoutMs;
        m_call.maxResponseBytes = kMaxProbeResponse;
        m_call.retry.maxAttempts = 1; // a retry would hide the failure a probe looks for
    }

    Result<ProbeReport> run();

private:
    HttpOutcome call(Method method, const std::string &path, const std::string &body = {}) const
    {
        HttpRequest req;
        req.method = method;
        req.url = m_base + path;
        req.body = body;
        return m_client.perform(req, m_call, m_stop);
    }
    std::string modelPath() const
    {
        std::string p = "/v2/models/" + percentEncode(m_model);
        if (!m_o.modelVersion.empty())
            p += "/versions/" + percentEncode(m_o.modelVersion);
        return p;
    }
    void add(ProbeCheck check)
    {
        m_report.checks.push_back(std::move(check));
        if (m_progress)
            m_progress(&m_report.checks.back(), 0);
    }
    static ProbeCheck make(const std::string &id, const std::string &title)
    {
        ProbeCheck c;
        c.id = id;
        c.title = title;
        return c;
    }
    // Health endpoints: the status code is the answer; the body is ignored.
    void healthCheck(const std::string &id, const std::string &title, const std::string &path);
    void serverMetadata();
    void discoverModel();
    void modelMetadata();
    void infer();
    void errorShape(const std::string &id, const std::string &title, Method method,
                    const std::string &path, const std::string &body);
    void load();
    Result<Json> buildInputs(std::string &why) const;

    const HttpClient &m_client;
    const ProbeOptions &m_o;
    const ProbeProgressFn &m_progress;
    std::stop_token m_stop;
    std::string m_base;
    CallOptions m_call;
    ProbeReport m_report;
    std::string m_model;
    std::optional<Json> m_metadata; // the model metadata, when valid
    std::string m_inferBody;        // a request that worked, for the load phase
};

void failWith(ProbeCheck &c, const HttpOutcome &out)
{
    c.status = CheckStatus::Fail;
    c.detail = out.error.message;
}

// The answer was not HTTP 200.
void failStatus(ProbeCheck &c, const HttpOutcome &out)
{
    c.status = CheckStatus::Fail;
    c.detail = "HTTP " + std::to_string(out.response.status)
        + " (expected 200): " + prefixOf(out.response.body);
}

// Records the call's time in `c`. A transport failure or a status other than
// 200 fails `c` and returns false (the caller adds it). Otherwise the body is
// parsed: `body` holds it when it is a JSON object, else `problems` says why.
bool expectJsonObject(ProbeCheck &c, const HttpOutcome &out, const char *what,
                      std::optional<Json> &body, std::vector<std::string> &problems)
{
    c.elapsedMs = out.response.elapsedMs;
    if (!out.ok()) {
        failWith(c, out);
        return false;
    }
    if (out.response.status != 200) {
        failStatus(c, out);
        return false;
    }
    auto j = parseJson(out.response.body, what);
    if (!j)
        problems.push_back("the body is not JSON: " + j.error().message);
    else if (!j->is_object())
        problems.push_back("the body is not a JSON object");
    else
        body = std::move(*j);
    return true;
}

void Prober::healthCheck(const std::string &id, const std::string &title, const std::string &path)
{
    ProbeCheck c = make(id, title);
    const HttpOutcome out = call(Method::Get, path);
    c.elapsedMs = out.response.elapsedMs;
    if (!out.ok()) {
        failWith(c, out);
    } else if (out.response.status == 200) {
        c.status = CheckStatus::Pass;
        c.detail = "HTTP 200";
    } else {
        failStatus(c, out);
    }
    add(std::move(c));
}

// Problems with a metadata tensor list, one phrase each; empty when valid.
std::vector<std::string> tensorProblems(const Json &j, const std::string &field, bool required)
{
    std::vector<std::string> problems;
    if (!j.contains(field)) {
        if (required)
            problems.push_back("'" + field + "' is missing");
        return problems;
    }
    const Json &list = j.at(field);
    if (!list.is_array()) {
        problems.push_back("'" + field + "' is not an array");
        return problems;
    }
    if (required && list.empty())
        problems.push_back("'" + field + "' is empty");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json &t = list[i];
        const std::string where = field + "[" + std::to_string(i) + "]";
        if (!t.is_object()) {
            problems.push_back(where + " is not an object");
            continue;
        }
        if (!t.contains("name") || !t["name"].is_string())
            problems.push_back(where + ".name is not a string");
        if (!t.contains("datatype") || !t["datatype"].is_string())
            problems.push_back(where + ".datatype is not a string");
        else if (!datatypes().count(t["datatype"].get<std::string>()))
            problems.push_back(where + ".datatype '" + t["datatype"].get<std::string>()
                               + "' is not an Open Inference Protocol datatype");
        if (!t.contains("shape") || !t["shape"].is_array()) {
            problems.push_back(where + ".shape is not an array");
        } else {
            for (const Json &d : t["shape"])
                if (!d.is_number_integer() || d.get<std::int64_t>() < -1) {
                    problems.push_back(where + ".shape holds '" + d.dump()
                                       + "', not an integer >= -1");
                    break;
                }
        }
    }
    return problems;
}

std::string joinProblems(const std::vector<std::string> &p)
{
    std::string out;
    for (const auto &s : p)
        out += (out.empty() ? "" : "; ") + s;
    return out;
}

void Prober::serverMetadata()
{
    ProbeCheck c = make("server.metadata", "Server metadata (GET /v2)");
    const HttpOutcome out = call(Method::Get, "/v2");
    std::optional<Json> j;
    std::vector<std::string> problems;
    if (!expectJsonObject(c, out, "server metadata", j, problems))
        return add(std::move(c));
    if (j) {
        if (!j->contains("name") || !(*j)["name"].is_string())
            problems.push_back("'name' is missing or not a string");
        if (!j->contains("version") || !(*j)["version"].is_string())
            problems.push_back("'version' is missing or not a string");
        if (!j->contains("extensions") || !(*j)["extensions"].is_array())
            problems.push_back("'extensions' is missing or not an array");
        else
            for (const Json &e : (*j)["extensions"])
                if (!e.is_string()) {
                    problems.push_back("'extensions' holds a non-string");
                    break;
                }
    }
    if (problems.empty()) {
        c.status = CheckStatus::Pass;
        c.detail = (*j)["name"].get<std::string>() + " " + (*j)["version"].get<std::string>();
    } else {
        c.status = CheckStatus::Fail;
        c.detail = joinProblems(problems);
    }
    add(std::move(c));
}

void Prober::discoverModel()
{
    m_model = m_o.model;
    if (!m_model.empty())
        return;
    // Not part of the required protocol; Triton and ModelDeck offer it.
    const HttpOutcome out = call(Method::Post, "/v2/repository/index", "{}");
    if (!out.ok() || out.response.status != 200)
        return;
    auto j = parseJson(out.response.body, "repository index");
    if (!j || !j->is_array())
        return;
    for (const Json &m : *j)
        if (m.is_object() && m.contains("name") && m["name"].is_string()) {
            m_model = m["name"].get<std::string>();
            return;
        }
}

void Prober::modelMetadata()
{
    ProbeCheck c = make("model.metadata", "Model metadata (GET " + modelPath() + ")");
    const HttpOutcome out = call(Method::Get, modelPath());
    std::optional<Json> j;
    std::vector<std::string> problems;
    if (!expectJsonObject(c, out, "model metadata", j, problems))
        return add(std::move(c));
    if (j) {
        if (!j->contains("name") || !(*j)["name"].is_string())
            problems.push_back("'name' is missing or not a string");
        else if ((*j)["name"].get<std::string>() != m_model)
            problems.push_back("'name' is '" + (*j)["name"].get<std::string>() + "', not '"
                               + m_model + "'");
        if (!j->contains("platform") || !(*j)["platform"].is_string())
            problems.push_back("'platform' is missing or not a string");
        if (j->contains("versions")) {
            const Json &v = (*j)["versions"];
            if (!v.is_array()
                || std::any_of(v.begin(), v.end(), [](const Json &e) { return !e.is_string(); }))
                problems.push_back("'versions' is not an array of strings");
        }
        for (auto &p : tensorProblems(*j, "inputs", true))
            problems.push_back(p);
        for (auto &p : tensorProblems(*j, "outputs", true))
            problems.push_back(p);
    }
    if (problems.empty()) {
        c.status = CheckStatus::Pass;
        c.detail = std::to_string((*j)["inputs"].size()) + " input(s), "
            + std::to_string((*j)["outputs"].size()) + " output(s), platform "
            + (*j)["platform"].get<std::string>();
        m_metadata = *j;
    } else {
        c.status = CheckStatus::Fail;
        c.detail = joinProblems(problems);
    }
    add(std::move(c));
}

Json zeroOf(const std::string &datatype)
{
    if (datatype == "BOOL")
        return false;
    if (datatype == "BYTES")
        return "";
    if (datatype == "FP16" || datatype == "FP32" || datatype == "FP64" || datatype == "BF16")
        return 0.0;
    return 0;
}

Result<Json> Prober::buildInputs(std::string &why) const
{
    if (m_o.inputs) {
        const Json &given = *m_o.inputs;
        return given.is_object() && given.contains("inputs") ? given.at("inputs") : given;
    }
    if (!m_metadata) {
        why = "needs valid model metadata or --input-json";
        return Error(ErrorCode::InvalidArgument, why);
    }
    Json inputs = Json::array();
    for (const Json &t : m_metadata->at("inputs")) {
        Json shape = Json::array();
        std::int64_t count = 1;
        for (const Json &d : t.at("shape")) {
            const std::int64_t n = std::max<std::int64_t>(1, d.get<std::int64_t>());
            shape.push_back(n);
            count *= n;
            if (count > kMaxProbeElements) {
                why = "input '" + t.at("name").get<std::string>() + "' would hold more than "
                    + std::to_string(kMaxProbeElements) + " values; pass --input-json";
                return Error(ErrorCode::InvalidArgument, why);
            }
        }
        const std::string dt = t.at("datatype").get<std::string>();
        inputs.push_back({{"name", t.at("name")},
                          {"shape", shape},
                          {"datatype", dt},
                          {"data", Json(static_cast<std::size_t>(count), zeroOf(dt))}});
    }
    return inputs;
}

// Counts the scalar leaves of nested `data`.
std::int64_t leafCount(const Json &j)
{
    if (!j.is_array())
        return 1;
    std::int64_t n = 0;
    for (const Json &e : j)
        n += leafCount(e);
    return n;
}

void Prober::infer()
{
    ProbeCheck c = make("model.infer", "Inference (POST " + modelPath() + "/infer)");
    std::string why;
    auto inputs = buildInputs(why);
    if (!inputs) {
        c.status = CheckStatus::Fail;
        c.detail = "no request could be built: " + why;
        return add(std::move(c));
    }
    const std::string body = Json{{"id", kProbeId}, {"inputs", *inputs}}.dump();
    const HttpOutcome out = call(Method::Post, modelPath() + "/infer", body);
    std::optional<Json> j;
    std::vector<std::string> problems;
    if (!expectJsonObject(c, out, "inference response", j, problems))
        return add(std::move(c));
    if (j) {
        if (!j->contains("model_name") || !(*j)["model_name"].is_string())
            problems.push_back("'model_name' is missing or not a string");
        else if ((*j)["model_name"].get<std::string>() != m_model)
            problems.push_back("'model_name' is '" + (*j)["model_name"].get<std::string>()
                               + "', not '" + m_model + "'");
        if (!j->contains("id") || (*j)["id"] != kProbeId)
            problems.push_back(std::string("the request id '") + kProbeId + "' is not echoed");
        for (auto &p : tensorProblems(*j, "outputs", true))
            problems.push_back(p);
        const Json outputs = j->value("outputs", Json());
        for (std::size_t i = 0; outputs.is_array() && i < outputs.size(); ++i) {
            const Json &o = outputs[i];
            const std::string where = "outputs[" + std::to_string(i) + "]";
            if (!o.is_object() || !o.contains("shape") || !o["shape"].is_array())
                continue; // already named above
            if (!o.contains("data") || !o["data"].is_array()) {
                problems.push_back(where + ".data is not an array");
                continue;
            }
            std::int64_t expected = 1;
            for (const Json &d : o["shape"])
                expected *= d.is_number_integer() ? std::max<std::int64_t>(0, d.get<std::int64_t>())
                                                  : 0;
            if (const std::int64_t got = leafCount(o["data"]); got != expected)
                problems.push_back(where + " holds " + std::to_string(got)
                                   + " values but its shape says " + std::to_string(expected));
        }
    }
    if (problems.empty()) {
        c.status = CheckStatus::Pass;
        c.detail = std::to_string((*j)["outputs"].size()) + " output(s)";
        m_inferBody = Json{{"inputs", *inputs}}.dump();
    } else {
        c.status = CheckStatus::Fail;
        c.detail = joinProblems(problems);
    }
    add(std::move(c));
}

void Prober::errorShape(const std::string &id, const std::string &title, Method method,
                        const std::string &path, const std::string &body)
{
    ProbeCheck c = make(id, title);
    const HttpOutcome out = call(method, path, body);
    c.elapsedMs = out.response.elapsedMs;
    if (!out.ok()) {
        failWith(c, out);
        return add(std::move(c));
    }
    const long status = out.response.status;
    std::vector<std::string> problems;
    if (status < 400 || status > 499)
        problems.push_back("answered HTTP " + std::to_string(status) + ", not a 4xx");
    auto j = parseJson(out.response.body, "error body");
    if (!j || !j->is_object() || !j->contains("error") || !(*j)["error"].is_string())
        problems.push_back("the body is not {\"error\": \"...\"}: " + prefixOf(out.response.body));
    if (problems.empty()) {
        c.status = CheckStatus::Pass;
        c.detail = "HTTP " + std::to_string(status) + ": " + (*j)["error"].get<std::string>();
    } else {
        c.status = CheckStatus::Fail;
        c.detail = joinProblems(problems);
    }
    add(std::move(c));
}

void Prober::load()
{
    ProbeCheck c = make("load.errors", "Load phase without failed requests");
    if (m_inferBody.empty()) {
        c.status = CheckStatus::Skip;
        c.detail = "no working inference request to measure";
        return add(std::move(c));
    }
    const int windowMs = std::max(50, static_cast<int>(m_o.durationS * 1000 / m_o.maxWindows));
    struct Shared
    {
        std::mutex mutex;
        std::vector<double> latencies; // successful requests of the current window
        std::int64_t requests = 0, errors = 0;
        std::string firstError;
        std::atomic<bool> running{true};
    } shared;
    const std::string path = modelPath() + "/infer";
    std::vector<std::thread> workers;
    for (int i = 0; i < m_o.concurrency; ++i)
        workers.emplace_back([&] {
            while (shared.running.load() && !m_stop.stop_requested()) {
                const auto t0 = Clock::now();
                const HttpOutcome out = call(Method::Post, path, m_inferBody);
                const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0)
                                      .count();
                std::lock_guard lock(shared.mutex);
                ++shared.requests;
                if (out.ok() && out.response.status == 200) {
                    shared.latencies.push_back(us);
                } else {
                    ++shared.errors;
                    if (shared.firstError.empty())
                        shared.firstError = out.ok() ? "HTTP " + std::to_string(out.response.status)
                                + ": " + prefixOf(out.response.body)
                                                     : out.error.message;
                }
            }
        });
    std::mutex waitMutex;
    std::condition_variable_any cv;
    auto wait = [&](int ms) {
        std::unique_lock lock(waitMutex);
        cv.wait_for(lock, m_stop, std::chrono::milliseconds(ms), [] { return false; });
    };
    auto take = [&](std::int64_t &requests, std::int64_t &errors) {
        std::lock_guard lock(shared.mutex);
        std::vector<double> out;
        out.swap(shared.latencies);
        requests = shared.requests;
        errors = shared.errors;
        return out;
    };
    // Warm-up: connections, caches and the server's own lazy work.
    std::int64_t warmRequests = 0, warmErrors = 0, requests = 0, errors = 0;
    wait(std::min(windowMs, 500));
    take(warmRequests, warmErrors);
    WindowedMeasurement measurement(m_o.stability);
    while (measurement.windows() < m_o.maxWindows && !m_stop.stop_requested()) {
        const auto start = Clock::now();
        wait(windowMs);
        const std::vector<double> lat = take(requests, errors);
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        for (double us : lat)
            measurement.addLatency(us);
        const bool stable = measurement.endWindow(static_cast<double>(lat.size()) / seconds);
        if (m_progress)
            m_progress(nullptr, static_cast<double>(measurement.windows()) / m_o.maxWindows);
        if (stable)
            break;
    }
    shared.running = false;
    for (auto &w : workers)
        w.join();
    take(requests, errors);
    ProbeLoad load;
    load.concurrency = m_o.concurrency;
    load.stats = measurement.summary();
    load.requests = requests - warmRequests;
    load.errors = errors - warmErrors;
    {
        std::lock_guard lock(shared.mutex);
        load.firstError = shared.firstError;
    }
    m_report.load = load;
    if (errors > 0) {
        c.status = CheckStatus::Fail;
        c.detail = std::to_string(errors) + " of " + std::to_string(requests)
            + " requests failed; first: " + load.firstError;
    } else {
        c.status = CheckStatus::Pass;
        c.detail = std::to_string(load.requests) + " requests, p99 " + millis(load.stats.p99Us)
            + " ms";
    }
    add(std::move(c));
}

Result<ProbeReport> Prober::run()
{
    m_report.url = m_base;
    healthCheck("server.live", "Server live (GET /v2/health/live)", "/v2/health/live");
    healthCheck("server.ready", "Server ready (GET /v2/health/ready)", "/v2/health/ready");
    serverMetadata();
    if (m_stop.stop_requested())
        return Error(ErrorCode::Cancelled, "probe cancelled");
    discoverModel();
    m_report.model = m_model;
    if (m_model.empty()) {
        for (const auto &[id, title] : {std::pair{"model.ready", "Model ready"},
                                        std::pair{"model.metadata", "Model metadata"},
                                        std::pair{"model.infer", "Inference"}}) {
            ProbeCheck c = make(id, title);
            c.detail = "no --model given and the server lists no model "
                       "(POST /v2/repository/index)";
            add(std::move(c));
        }
    } else {
        healthCheck("model.ready", "Model ready (GET " + modelPath() + "/ready)",
                    modelPath() + "/ready");
        modelMetadata();
        infer();
        if (m_stop.stop_requested())
            return Error(ErrorCode::Cancelled, "probe cancelled");
        errorShape("error.malformed-json", "Malformed JSON gets a 4xx with {\"error\"}",
                   Method::Post, modelPath() + "/infer", "{\"inputs\": [");
        std::string why;
        auto inputs = buildInputs(why);
        if (inputs && inputs->is_array() && !inputs->empty() && (*inputs)[0].is_object()) {
            // One value where the shape promises many.
            Json bad = (*inputs)[0];
            bad["shape"] = Json::array({2, 3});
            bad["data"] = Json::array({zeroOf(bad.value("datatype", std::string("FP32")))});
            errorShape("error.shape-mismatch",
                       "A shape that disagrees with the data gets a 4xx with {\"error\"}",
                       Method::Post, modelPath() + "/infer", Json{{"inputs", {bad}}}.dump());
        } else {
            ProbeCheck c = make("error.shape-mismatch",
                                "A shape that disagrees with the data gets a 4xx with {\"error\"}");
            c.detail = "no input to distort: " + why;
            add(std::move(c));
        }
    }
    errorShape("error.unknown-model", "An unknown model gets a 4xx with {\"error\"}", Method::Get,
               "/v2/models/mdeck-probe-no-such-model", {});
    if (m_stop.stop_requested())
        return Error(ErrorCode::Cancelled, "probe cancelled");
    if (m_o.durationS > 0 && !m_model.empty())
        load();
    if (m_stop.stop_requested())
        return Error(ErrorCode::Cancelled, "probe cancelled");
    return m_report;
}

} // namespace

const char *checkStatusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass:
        return "pass";
    case CheckStatus::Fail:
        return "fail";
    case CheckStatus::Skip:
        return "skip";
    }
    return "skip";
}

int ProbeReport::failed() const
{
    return static_cast<int>(std::count_if(checks.begin(), checks.end(), [](const ProbeCheck &c) {
        return c.status == CheckStatus::Fail;
    }));
}

const ProbeCheck *ProbeReport::check(const std::string &id) const
{
    for (const auto &c : checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

Result<void> validateProbeOptions(const ProbeOptions &o)
{
    if (auto valid = validateUrl(o.url); !valid)
        return valid.error();
    if (o.timeoutMs < 1 || o.timeoutMs > 600'000)
        return Error(ErrorCode::InvalidArgument,
                     "the request timeout must be from 1 to 600000 ms, not "
                         + std::to_string(o.timeoutMs));
    if (!(o.durationS >= 0) || o.durationS > 3600)
        return Error(ErrorCode::InvalidArgument, "the duration must be from 0 to 3600 seconds");
    if (o.concurrency < 1 || o.concurrency > 256)
        return Error(ErrorCode::InvalidArgument, "the concurrency must be from 1 to 256");
    if (o.maxWindows < 3)
        return Error(ErrorCode::InvalidArgument, "a load phase needs at least 3 windows");
    if (!(o.stability > 0))
        return Error(ErrorCode::InvalidArgument, "the stability fraction must be positive");
    if (o.inputs) {
        const Json &i = *o.inputs;
        const Json &list = i.is_object() && i.contains("inputs") ? i.at("inputs") : i;
        if (!list.is_array() || list.empty())
            return Error(ErrorCode::InvalidArgument,
                         "the inputs must be a non-empty JSON array of request inputs, or an "
                         "object with one under \"inputs\"");
    }
    return success();
}

Result<ProbeReport> runProbe(const HttpClient &client, const ProbeOptions &options,
                             const ProbeProgressFn &progress, std::stop_token stop)
{
    MDECK_TRY(validateProbeOptions(options));
    try {
        return Prober(client, options, progress, std::move(stop)).run();
    } catch (const std::exception &e) {
        return Error(ErrorCode::Internal, std::string("probe failed: ") + e.what());
    }
}

Json probeReportToJson(const ProbeReport &r)
{
    Json checks = Json::array();
    for (const auto &c : r.checks)
        checks.push_back({{"id", c.id},
                          {"title", c.title},
                          {"status", checkStatusName(c.status)},
                          {"detail", c.detail},
                          {"elapsed_ms", c.elapsedMs}});
    Json j{{"url", r.url},
           {"model", r.model},
           {"passed", r.passed()},
           {"failed", r.failed()},
           {"checks", checks}};
    if (r.load) {
        const MeasurementSummary &s = r.load->stats;
        j["load"] = {{"concurrency", r.load->concurrency},
                     {"requests", r.load->requests},
                     {"errors", r.load->errors},
                     {"p50_us", s.p50Us},
                     {"p90_us", s.p90Us},
                     {"p99_us", s.p99Us},
                     {"max_us", s.maxUs},
                     {"mean_us", s.meanUs},
                     {"mean_us_ci95", {s.meanCiLowUs, s.meanCiHighUs}},
                     {"requests_per_s", s.throughput},
                     {"requests_per_s_ci95", {s.throughputCiLow, s.throughputCiHigh}},
                     {"windows", s.windows},
                     {"stable", s.stable}};
    } else {
        j["load"] = nullptr;
    }
    return j;
}

Result<Json> readProbeInputs(const std::string &path)
{
    auto text = readFile(path, 64u << 20);
    if (!text)
        return text.error();
    auto j = parseJson(*text, path);
    if (!j)
        return j.error();
    const Json &list = j->is_object() && j->contains("inputs") ? j->at("inputs") : *j;
    if (!list.is_array() || list.empty())
        return Error(ErrorCode::InvalidArgument,
                     path + ": expected a non-empty array of inputs, or an object with \"inputs\"");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json &t = list[i];
        const std::string where = path + ": inputs[" + std::to_string(i) + "]";
        if (!t.is_object() || !t.contains("name") || !t["name"].is_string() || !t.contains("shape")
            || !t["shape"].is_array() || !t.contains("datatype") || !t["datatype"].is_string()
            || !t.contains("data"))
            return Error(ErrorCode::InvalidArgument,
                         where + " needs \"name\", \"shape\", \"datatype\" and \"data\"");
    }
    return *j;
}

} // namespace mdeck::net
