#pragma once

// Outbound HTTP over libcurl: GET/POST with JSON bodies, per-call connect and
// total timeouts, retries with exponential backoff and jitter (idempotent
// calls only, or a POST the caller declares safe), TLS verification always on
// (optionally against a given CA file), bounded response size (refused, never
// truncated), limited redirects. An HttpClient is immutable after
// construction and callable from any number of threads at once: every call
// uses its own CURL easy handle. Errors name the URL and what failed:
// InvalidArgument (malformed URL, oversized response), Io (DNS, connect,
// timeout, TLS, transport, 5xx), the status's own code for a 4xx, Cancelled.

#include "core/base/result.h"

#include <cstddef>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace mdeck::net {

enum class Method { Get, Head, Post, Put, Delete };

const char *methodName(Method method);

// What went wrong with a call, beyond its Error's sentence.
enum class Failure {
    None,             // a response arrived (it may still carry a 4xx/5xx status)
    InvalidUrl,       // not an absolute http(s) URL, or unparsable
    Dns,              // the host name did not resolve
    ConnectRefused,   // nothing listens on that port
    Connect,          // other connect failures (unreachable network, connect timeout)
    Timeout,          // the total (or connect) time limit ran out
    Tls,              // certificate or handshake failure
    TooLarge,         // the response exceeded maxResponseBytes
    TooManyRedirects, // more than maxRedirects
    HttpStatus,       // a non-2xx status (only from the Result wrappers)
    Transport,        // connection reset, malformed response, anything else
    Cancelled,
};

const char *failureName(Failure failure);

struct RetryPolicy
{
    int maxAttempts = 1; // total attempts, the first included; 1 = no retry
    int initialBackoffMs = 200;
    double multiplier = 2.0;
    int maxBackoffMs = 10'000;
    // Fraction of each delay that is random: the delay is d*(1-jitter) +
    // uniform(0, d*jitter). 0 = fixed delays, 1 = "full jitter".
    double jitter = 0.5;
    // POST is retried only when the caller says a repeat is harmless. A
    // non-empty idempotencyKey also makes it so and is sent as the
    // Idempotency-Key header.
    bool retryNonIdempotent = false;
    std::string idempotencyKey;
    // Give up retrying once this much time has passed since the first
    // attempt began (0 = only maxAttempts limits).
    int maxTotalMs = 0;
};

// The wait before retry number `retry` (1 = the wait after the first
// attempt), before jitter is applied: initial * multiplier^(retry-1), capped.
int backoffBaseMs(const RetryPolicy &policy, int retry);
// The same with jitter; `unitRandom` is in [0, 1).
int backoffDelayMs(const RetryPolicy &policy, int retry, double unitRandom);

struct CallOptions
{
    int connectTimeoutMs = 5'000; // name resolution + TCP + TLS handshake
    int totalTimeoutMs = 30'000;  // the whole call, per attempt
    std::size_t maxResponseBytes = 16u << 20;
    int maxRedirects = 3; // 0 = redirects are not followed (the 3xx is the response)
    RetryPolicy retry;
};

struct HttpRequest
{
    Method method = Method::Get;
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string contentType = "application/json"; // sent when body is not empty
};

struct HttpResponse
{
    long status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case
    std::string effectiveUrl;                                 // after redirects
    double elapsedMs = 0;                                     // of the last attempt

    // The first header of that name (case-insensitive), or nullopt.
    std::optional<std::string> header(const std::string &name) const;
    bool success() const { return status >= 200 && status < 300; }
};

// Everything about one call, attempts included. `response` is meaningful
// when failure is None (whatever its status); otherwise `error` says why.
struct HttpOutcome
{
    Failure failure = Failure::None;
    HttpResponse response;
    Error error;
    int attempts = 0;
    long lastStatus = 0;        // the status of the last response seen, 0 when none came
    std::vector<int> backoffMs; // the waits between attempts, as slept
    bool ok() const { return failure == Failure::None; }
};

struct ClientConfig
{
    std::string userAgent = "ModelDeck";
    std::string caFile; // PEM bundle to verify servers against; empty = the system's
    CallOptions defaults;
};

class HttpClient
{
public:
    explicit HttpClient(ClientConfig config = {});

    const ClientConfig &config() const { return m_config; }

    // One call with its retries. Any HTTP status counts as a response.
    HttpOutcome perform(const HttpRequest &request, const CallOptions &options,
                        std::stop_token stop = {}) const;
    HttpOutcome perform(const HttpRequest &request, std::stop_token stop = {}) const
    {
        return perform(request, m_config.defaults, stop);
    }

    // Wrappers for the common case: a non-2xx status becomes an Error naming
    // the URL, the status and the first bytes of the body.
    Result<HttpResponse> get(const std::string &url, const CallOptions &options,
                             std::stop_token stop = {}) const;
    Result<HttpResponse> get(const std::string &url) const { return get(url, m_config.defaults); }
    Result<HttpResponse> postJson(const std::string &url, const std::string &jsonBody,
                                  const CallOptions &options, std::stop_token stop = {}) const;

    // Turns a finished outcome into the wrappers' Result.
    static Result<HttpResponse> requireSuccess(const HttpOutcome &outcome, const std::string &url);

private:
    ClientConfig m_config;
};

// The result of delivering a JSON document (an alert webhook, say).
struct DeliveryResult
{
    long status = 0;  // the last HTTP status seen, 0 when none arrived
    int attempts = 0; // how many times it was sent
    Failure failure = Failure::None;
    std::optional<Error> error; // empty when delivered (2xx)
    bool delivered() const { return !error.has_value(); }
};

// POSTs `jsonBody` to `url` under `policy`, with a process-wide client
// (system CA bundle, `options` for timeouts). Retries transient failures
// (connect, timeout, 408, 425, 429, 500, 502, 503, 504) only when the
// policy allows a POST to repeat. Callable from any thread.
DeliveryResult postJson(const std::string &url, const std::string &jsonBody,
                        const RetryPolicy &policy, CallOptions options = {},
                        std::stop_token stop = {});

// Checks that `url` is an absolute http:// or https:// URL with a host.
Result<void> validateUrl(const std::string &url);

} // namespace mdeck::net
