#include "core/net/http_client.h"

#include "core/common/text.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <random>

namespace mdeck::net {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kBodyPrefixBytes = 200;

void initCurlOnce()
{
    // curl_global_init is not thread-safe in every libcurl build; once is enough.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The URL as it may appear in a message: any user:password part is hidden.
std::string displayUrl(const std::string &url)
{
    const auto scheme = url.find("://");
    if (scheme == std::string::npos)
        return url;
    const auto hostStart = scheme + 3;
    const auto pathStart = url.find_first_of("/?#", hostStart);
    const auto at = url.rfind('@', pathStart == std::string::npos ? url.size() : pathStart);
    if (at == std::string::npos || at < hostStart)
        return url;
    return url.substr(0, hostStart) + "***@" + url.substr(at + 1);
}

std::string printablePrefix(const std::string &body)
{
    std::string out;
    for (std::size_t i = 0; i < body.size() && i < kBodyPrefixBytes; ++i) {
        const auto c = static_cast<unsigned char>(body[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : ' ';
    }
    if (body.size() > kBodyPrefixBytes)
        out += "...";
    return out;
}

bool isIdempotent(Method method, const RetryPolicy &policy)
{
    if (method == Method::Post)
        return policy.retryNonIdempotent || !policy.idempotencyKey.empty();
    return true;
}

bool isRetryableStatus(long status)
{
    return status == 408 || status == 425 || status == 429 || status == 500 || status == 502
        || status == 503 || status == 504;
}

bool isRetryableFailure(Failure f)
{
    switch (f) {
    case Failure::Dns:
    case Failure::ConnectRefused:
    case Failure::Connect:
    case Failure::Timeout:
    case Failure::Transport:
        return true;
    default:
        return false;
    }
}

ErrorCode codeForStatus(long status)
{
    switch (status) {
    case 400:
        return ErrorCode::InvalidArgument;
    case 401:
        return ErrorCode::Unauthenticated;
    case 403:
        return ErrorCode::PermissionDenied;
    case 404:
        return ErrorCode::NotFound;
    case 409:
        return ErrorCode::Conflict;
    default:
        return status >= 400 && status < 500 ? ErrorCode::InvalidArgument : ErrorCode::Io;
    }
}

struct Sink
{
    std::string *body = nullptr;
    std::size_t limit = 0;
    bool exceeded = false;
    std::vector<std::pair<std::string, std::string>> *headers = nullptr;
    const std::stop_token *stop = nullptr;
};

std::size_t writeBody(char *data, std::size_t size, std::size_t count, void *user)
{
    auto *sink = static_cast<Sink *>(user);
    const std::size_t n = size * count;
    if (sink->body->size() + n > sink->limit) {
        sink->exceeded = true;
        return 0; // makes curl fail with CURLE_WRITE_ERROR: refused, not truncated
    }
    sink->body->append(data, n);
    return n;
}

std::size_t writeHeader(char *data, std::size_t size, std::size_t count, void *user)
{
    auto *sink = static_cast<Sink *>(user);
    const std::size_t n = size * count;
    const std::string line(data, n);
    if (line.rfind("HTTP/", 0) == 0) {
        sink->headers->clear(); // a new response (after a redirect or a 100 Continue)
        return n;
    }
    const auto colon = line.find(':');
    if (colon != std::string::npos)
        sink->headers->emplace_back(asciiLower(trimmed(line.substr(0, colon), " \t\r\n")),
                                    std::string(trimmed(line.substr(colon + 1), " \t\r\n")));
    return n;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto *sink = static_cast<Sink *>(user);
    return sink->stop && sink->stop->stop_requested() ? 1 : 0;
}

struct CurlDeleter
{
    void operator()(CURL *h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter
{
    void operator()(curl_slist *l) const { curl_slist_free_all(l); }
};

double randomUnit()
{
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// Waits `ms`, or less when `stop` is requested. Returns false when stopped.
bool sleepFor(int ms, std::stop_token stop)
{
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait_for(lock, stop, std::chrono::milliseconds(ms), [] { return false; });
    return !stop.stop_requested();
}

HttpOutcome attemptOnce(const ClientConfig &config, const HttpRequest &request,
                        const CallOptions &options, const std::stop_token &stop)
{
    HttpOutcome out;
    const std::string what = std::string(methodName(request.method)) + " "
        + displayUrl(request.url);
    auto fail = [&](Failure f, ErrorCode code, const std::string &message) {
        out.failure = f;
        out.error = Error(code, what + ": " + message);
        return out;
    };

    std::unique_ptr<CURL, CurlDeleter> h(curl_easy_init());
    if (!h)
        return fail(Failure::Transport, ErrorCode::Internal, "libcurl could not start a call");
    CURL *c = h.get();
    char errbuf[CURL_ERROR_SIZE] = {0};
    Sink sink{&out.response.body, options.maxResponseBytes, false, &out.response.headers, &stop};

    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connectTimeoutMs));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.totalTimeoutMs));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!config.caFile.empty())
        curl_easy_setopt(c, CURLOPT_CAINFO, config.caFile.c_str());
    curl_easy_setopt(c, CURLOPT_USERAGENT, config.userAgent.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, options.maxRedirects > 0 ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(std::max(0, options.maxRedirects)));
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options.maxResponseBytes));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, writeBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, writeHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
    if (stop.stop_possible()) {
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, &sink);
    }

    curl_slist *raw = nullptr;
    raw = curl_slist_append(raw, "Expect:"); // no 100-continue round trip for large bodies
    if (!request.body.empty() || request.method == Method::Post)
        raw = curl_slist_append(raw, ("Content-Type: " + request.contentType).c_str());
    raw = curl_slist_append(raw, "Accept: application/json, */*");
    if (request.method == Method::Post && !options.retry.idempotencyKey.empty())
        raw = curl_slist_append(raw, ("Idempotency-Key: " + options.retry.idempotencyKey).c_str());
    for (const auto &[name, value] : request.headers)
        raw = curl_slist_append(raw, (name + ": " + value).c_str());
    std::unique_ptr<curl_slist, SlistDeleter> headerList(raw);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headerList.get());

    switch (request.method) {
    case Method::Get:
        break;
    case Method::Head:
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
        break;
    case Method::Post:
    case Method::Put:
    case Method::Delete:
        if (request.method != Method::Post)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, methodName(request.method));
        if (request.method == Method::Post || !request.body.empty()) {
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(request.body.size()));
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
        }
        break;
    }

    const auto t0 = Clock::now();
    const CURLcode rc = curl_easy_perform(c);
    const auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    out.response.elapsedMs = elapsed;
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    out.lastStatus = status;
    const std::string detail = errbuf[0] ? std::string(errbuf) : curl_easy_strerror(rc);
    const auto ms = static_cast<long long>(std::llround(elapsed));

    switch (rc) {
    case CURLE_OK:
        break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return fail(Failure::InvalidUrl, ErrorCode::InvalidArgument, "malformed URL: " + detail);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return fail(Failure::Dns, ErrorCode::Io, "DNS lookup failed: " + detail);
    case CURLE_COULDNT_CONNECT: {
        long osErrno = 0;
        curl_easy_getinfo(c, CURLINFO_OS_ERRNO, &osErrno);
        if (osErrno == ECONNREFUSED)
            return fail(Failure::ConnectRefused, ErrorCode::Io,
                        "connection refused (" + detail + ")");
        return fail(Failure::Connect, ErrorCode::Io, "could not connect: " + detail);
    }
    case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connectUs = 0;
        curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connectUs);
        if (connectUs == 0)
            return fail(Failure::Timeout, ErrorCode::Io,
                        "connect timed out after " + std::to_string(ms) + " ms (limit "
                            + std::to_string(options.connectTimeoutMs) + " ms)");
        return fail(Failure::Timeout, ErrorCode::Io,
                    "timed out after " + std::to_string(ms) + " ms (limit "
                        + std::to_string(options.totalTimeoutMs) + " ms)");
    }
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (sink.exceeded || rc == CURLE_FILESIZE_EXCEEDED)
            return fail(Failure::TooLarge, ErrorCode::InvalidArgument,
                        "response larger than the limit of "
                            + std::to_string(options.maxResponseBytes) + " bytes refused");
        return fail(Failure::Transport, ErrorCode::Io, detail);
    case CURLE_TOO_MANY_REDIRECTS: {
        char *last = nullptr;
        curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &last);
        return fail(Failure::TooManyRedirects, ErrorCode::Io,
                    "more than " + std::to_string(options.maxRedirects) + " redirects (last at "
                        + displayUrl(last ? last : "") + ")");
    }
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
        return fail(Failure::Tls, ErrorCode::Io, "TLS failed: " + detail);
    case CURLE_SSL_CACERT_BADFILE:
        return fail(Failure::Tls, ErrorCode::InvalidArgument,
                    "the CA file '" + config.caFile + "' could not be used: " + detail);
    case CURLE_ABORTED_BY_CALLBACK:
        return fail(Failure::Cancelled, ErrorCode::Cancelled, "cancelled");
    default:
        return fail(Failure::Transport, ErrorCode::Io, detail);
    }

    out.response.status = status;
    char *effective = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
    out.response.effectiveUrl = effective ? effective : request.url;
    return out;
}

} // namespace

const char *methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Head:
        return "HEAD";
    case Method::Post:
        return "POST";
    case Method::Put:
        return "PUT";
    case Method::Delete:
        return "DELETE";
    }
    return "GET";
}

const char *failureName(Failure failure)
{
    switch (failure) {
    case Failure::None:
        return "none";
    case Failure::InvalidUrl:
        return "invalid-url";
    case Failure::Dns:
        return "dns";
    case Failure::ConnectRefused:
        return "connection-refused";
    case Failure::Connect:
        return "connect";
    case Failure::Timeout:
        return "timeout";
    case Failure::Tls:
        return "tls";
    case Failure::TooLarge:
        return "too-large";
    case Failure::TooManyRedirects:
        return "too-many-redirects";
    case Failure::HttpStatus:
        return "http-status";
    case Failure::Transport:
        return "transport";
    case Failure::Cancelled:
        return "cancelled";
    }
    return "transport";
}

int backoffBaseMs(const RetryPolicy &policy, int retry)
{
    const double base = std::max(0, policy.initialBackoffMs)
        * std::pow(std::max(1.0, policy.multiplier), std::max(0, retry - 1));
    return static_cast<int>(std::min<double>(base, std::max(0, policy.maxBackoffMs)));
}

int backoffDelayMs(const RetryPolicy &policy, int retry, double unitRandom)
{
    const double d = backoffBaseMs(policy, retry);
    const double j = std::clamp(policy.jitter, 0.0, 1.0);
    const double u = std::clamp(unitRandom, 0.0, 1.0);
    return static_cast<int>(std::lround(d * (1 - j) + d * j * u));
}

Result<void> validateUrl(const std::string &url)
{
    initCurlOnce();
    if (url.empty())
        return Error(ErrorCode::InvalidArgument, "malformed URL: it is empty");
    for (unsigned char ch : url)
        if (ch <= 0x20 || ch == 0x7f)
            return Error(ErrorCode::InvalidArgument,
                         "malformed URL '" + displayUrl(url)
                             + "': it contains a space or control character");
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), &curl_url_cleanup);
    if (const CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK)
        return Error(ErrorCode::InvalidArgument,
                     "malformed URL '" + displayUrl(url) + "': " + curl_url_strerror(rc));
    char *scheme = nullptr;
    curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0);
    const std::string s = scheme ? asciiLower(scheme) : std::string();
    curl_free(scheme);
    if (s != "http" && s != "https")
        return Error(ErrorCode::InvalidArgument,
                     "malformed URL '" + displayUrl(url)
                         + "': only http:// and https:// are supported");
    char *host = nullptr;
    curl_url_get(u.get(), CURLUPART_HOST, &host, 0);
    const bool hasHost = host && *host;
    curl_free(host);
    if (!hasHost)
        return Error(ErrorCode::InvalidArgument,
                     "malformed URL '" + displayUrl(url) + "': it names no host");
    return success();
}

std::optional<std::string> HttpResponse::header(const std::string &name) const
{
    const std::string key = asciiLower(name);
    for (const auto &[k, v] : headers)
        if (k == key)
            return v;
    return std::nullopt;
}

HttpClient::HttpClient(ClientConfig config)
    : m_config(std::move(config))
{
    initCurlOnce();
}

HttpOutcome HttpClient::perform(const HttpRequest &request, const CallOptions &options,
                                std::stop_token stop) const
{
    if (auto valid = validateUrl(request.url); !valid) {
        HttpOutcome out;
        out.failure = Failure::InvalidUrl;
        out.error = Error(valid.error().code,
                          std::string(methodName(request.method)) + " " + valid.error().message);
        return out;
    }
    if (options.connectTimeoutMs <= 0 || options.totalTimeoutMs <= 0
        || options.maxResponseBytes == 0) {
        HttpOutcome out;
        out.failure = Failure::InvalidUrl;
        out.error = Error(ErrorCode::InvalidArgument,
                          "HTTP call options need positive timeouts and a response limit");
        return out;
    }
    const RetryPolicy &policy = options.retry;
    const int maxAttempts = isIdempotent(request.method, policy) ? std::max(1, policy.maxAttempts)
                                                                 : 1;
    const auto start = Clock::now();
    std::vector<int> waits;
    long lastStatus = 0;
    for (int attempt = 1;; ++attempt) {
        HttpOutcome out = attemptOnce(m_config, request, options, stop);
        out.attempts = attempt;
        if (out.lastStatus != 0)
            lastStatus = out.lastStatus;
        out.lastStatus = lastStatus;
        out.backoffMs = waits;
        const bool retryable = out.ok() ? isRetryableStatus(out.response.status)
                                        : isRetryableFailure(out.failure);
        if (!retryable || attempt >= maxAttempts || stop.stop_requested())
            return out;
        int delay = backoffDelayMs(policy, attempt, randomUnit());
        if (out.ok()) {
            // Retry-After in seconds is honoured up to the policy's cap.
            if (const auto ra = out.response.header("retry-after")) {
                char *end = nullptr;
                const long secs = std::strtol(ra->c_str(), &end, 10);
                if (end && *end == '\0' && secs > 0)
                    delay = std::max(delay,
                                     static_cast<int>(
                                         std::min<long>(secs * 1000L, policy.maxBackoffMs)));
            }
        }
        if (policy.maxTotalMs > 0) {
            const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now()
                                                                                     - start)
                                   .count();
            if (spent + delay >= policy.maxTotalMs)
                return out;
        }
        waits.push_back(delay);
        if (!sleepFor(delay, stop)) {
            out.failure = Failure::Cancelled;
            out.error = Error(ErrorCode::Cancelled,
                              std::string(methodName(request.method)) + " "
                                  + displayUrl(request.url) + ": cancelled while waiting to retry");
            out.backoffMs = waits;
            return out;
        }
    }
}

Result<HttpResponse> HttpClient::requireSuccess(const HttpOutcome &outcome, const std::string &url)
{
    const std::string tries = outcome.attempts > 1
        ? " (after " + std::to_string(outcome.attempts) + " attempts)"
        : std::string();
    if (!outcome.ok())
        return Error(outcome.error.code, outcome.error.message + tries);
    const HttpResponse &r = outcome.response;
    if (!r.success()) {
        const std::string prefix = printablePrefix(r.body);
        return Error(codeForStatus(r.status),
                     displayUrl(url) + ": HTTP " + std::to_string(r.status)
                         + (prefix.empty() ? std::string() : ": " + prefix) + tries);
    }
    return r;
}

Result<HttpResponse> HttpClient::get(const std::string &url, const CallOptions &options,
                                     std::stop_token stop) const
{
    HttpRequest req;
    req.method = Method::Get;
    req.url = url;
    return requireSuccess(perform(req, options, stop), url);
}

Result<HttpResponse> HttpClient::postJson(const std::string &url, const std::string &jsonBody,
                                          const CallOptions &options, std::stop_token stop) const
{
    HttpRequest req;
    req.method = Method::Post;
    req.url = url;
    req.body = jsonBody;
    return requireSuccess(perform(req, options, stop), url);
}

DeliveryResult postJson(const std::string &url, const std::string &jsonBody,
                        const RetryPolicy &policy, CallOptions options, std::stop_token stop)
{
    static const HttpClient client;
    options.retry = policy;
    HttpRequest req;
    req.method = Method::Post;
    req.url = url;
    req.body = jsonBody;
    const HttpOutcome outcome = client.perform(req, options, stop);
    DeliveryResult result;
    result.attempts = outcome.attempts;
    result.status = outcome.lastStatus;
    auto checked = HttpClient::requireSuccess(outcome, url);
    if (!checked) {
        result.error = checked.error();
        result.failure = outcome.ok() ? Failure::HttpStatus : outcome.failure;
    }
    return result;
}

} // namespace mdeck::net
