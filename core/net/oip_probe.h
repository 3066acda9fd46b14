#pragma once

// Conformance and load probe for any Open Inference Protocol (KServe V2)
// REST server: ModelDeck's own, Triton, KServe, Seldon. Runs a checklist
// (health, metadata, an inference shaped by the model's metadata, the error
// shape of malformed requests), then measures latency and throughput under
// N concurrent clients with the stability rule of `mdeck bench`
// (WindowedMeasurement). Runs on the calling thread plus `concurrency`
// worker threads during the load phase. Errors: InvalidArgument (options,
// --input-json), Cancelled. A failing server is not an Error: its checks
// fail and the report says which and why.

#include "core/common/json.h"
#include "core/common/measurement.h"
#include "core/net/http_client.h"

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace mdeck::net {

struct ProbeOptions
{
    std::string url;          // the server's base URL, e.g. http://127.0.0.1:8080
    std::string model;        // empty: the first model of POST /v2/repository/index, if offered
    std::string modelVersion; // empty: the server's choice
    // The inference request's "inputs" (an array), or a whole request with
    // "inputs"; empty: zeros shaped by the model's metadata.
    std::optional<Json> inputs;
    int timeoutMs = 5000;    // per request
    double durationS = 10;   // longest load phase; 0 = no load phase
    int concurrency = 1;     // clients sending at once
    int maxWindows = 10;     // the duration is cut into this many windows
    double stability = 0.10; // as `mdeck bench`
};

enum class CheckStatus { Pass, Fail, Skip };

const char *checkStatusName(CheckStatus status);

struct ProbeCheck
{
    std::string id;    // stable, e.g. "server.metadata"
    std::string title; // e.g. "Server metadata (GET /v2)"
    CheckStatus status = CheckStatus::Skip;
    std::string detail; // why it failed or was skipped; what was seen when passed
    double elapsedMs = 0;
};

struct ProbeLoad
{
    int concurrency = 1;
    MeasurementSummary stats;  // throughput in requests per second
    std::int64_t requests = 0; // all requests sent in the load phase, warm-up excluded
    std::int64_t errors = 0;
    std::string firstError;
};

struct ProbeReport
{
    std::string url;
    std::string model;
    std::vector<ProbeCheck> checks;
    std::optional<ProbeLoad> load;

    int failed() const;
    bool passed() const { return failed() == 0; }
    const ProbeCheck *check(const std::string &id) const;
};

// Checks the options before any request: a valid URL, positive numbers.
Result<void> validateProbeOptions(const ProbeOptions &options);

// `progress` gets each check as it finishes, then nullptr with the load
// phase's fraction done.
using ProbeProgressFn = std::function<void(const ProbeCheck *check, double loadFraction)>;

Result<ProbeReport> runProbe(const HttpClient &client, const ProbeOptions &options,
                             const ProbeProgressFn &progress = {}, std::stop_token stop = {});

Json probeReportToJson(const ProbeReport &report);

// Reads an --input-json file: an array of inputs or an object with "inputs".
Result<Json> readProbeInputs(const std::string &path);

} // namespace mdeck::net
