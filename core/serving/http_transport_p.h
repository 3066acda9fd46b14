#pragma once

// The connection layer under the server. Plain HTTP runs on our own epoll
// event loops (one per core, at most four): accepted connections are dealt to
// the loops in turn, and each loop owns its connections, reads and parses HTTP/1.1 itself (keep-alive, pipelining,
// Content-Length and chunked bodies, Expect: 100-continue), and enforces the
// limits: header and body size (431/413), connection count (503 at accept),
// idle time, and a whole-request deadline against slow clients (408). With a
// certificate every connection speaks TLS (OpenSSL, non-blocking, in the same
// loops). Each whole request goes to one dispatch function, whose answer
// comes through a Responder that may be called later and from any thread:
// inference answers from the dynamic batcher's completion. Private to
// core/serving.

#include "core/base/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mdeck::serving::detail {

struct HttpRequest
{
    std::string method;
    std::string target;                                       // as sent, with any query
    std::string path;                                         // percent-decoded, without the query
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case
    std::string body;
    std::vector<std::string> params; // path parameters, set by the router

    // The first value of a header (name in lower case), or "".
    std::string_view header(std::string_view lowerName) const;
};

struct HttpResponse
{
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    void setContent(std::string text, std::string_view type)
    {
        body = std::move(text);
        contentType = type;
    }
    void setHeader(std::string name, std::string value)
    {
        headers.emplace_back(std::move(name), std::move(value));
    }
};

// Where a Responder delivers; implemented by the transports.
class ResponseSink
{
public:
    virtual ~ResponseSink() = default;
    virtual void deliver(std::uint64_t token, HttpResponse &&response) = 0;
};

// Answers one request, once, from any thread. Answering a connection that has
// gone away does nothing.
class Responder
{
public:
    Responder() = default;
    Responder(std::shared_ptr<ResponseSink> sink, std::uint64_t token)
        : m_sink(std::move(sink))
        , m_token(token)
    {}
    void operator()(HttpResponse &&response) const
    {
        if (m_sink)
            m_sink->deliver(m_token, std::move(response));
    }

private:
    std::shared_ptr<ResponseSink> m_sink;
    std::uint64_t m_token = 0;
};

struct TransportLimits
{
    std::size_t maxConnections = 256;
    std::size_t maxBodyBytes = 8u << 20;
    std::size_t maxHeaderBytes = 16384;              // request line + headers
    std::chrono::milliseconds idleTimeout{5000};     // between requests on a connection
    std::chrono::milliseconds requestTimeout{10000}; // to receive one whole request
    std::chrono::milliseconds writeTimeout{10000};   // for a response to drain
    std::size_t keepAliveMaxRequests = 100000;
    std::size_t threads = 0; // event loops; 0 = one per core, at most four
};

struct TransportHandlers
{
    // Every whole, well-formed request. May answer at once or later.
    std::function<void(HttpRequest &&, Responder)> dispatch;
    // The answer to a request the transport refuses itself (400, 408, 413,
    // 414, 431, 501, 503), with a sentence that says why.
    std::function<HttpResponse(int status, const std::string &why)> refuse;
    // Called by an event loop after each round of events, before it writes
    // the answers: work that dispatch deferred to the end of the round (so
    // that requests which arrived together run as one batch) starts here.
    std::function<void()> roundDone;
};

// True on an event-loop thread, inside dispatch: roundDone follows this round.
bool inEventLoop();

class Transport
{
public:
    virtual ~Transport() = default;
    // Binds host:port (0 = any free port) and starts serving; returns the port.
    virtual Result<int> listen(const std::string &host, int port) = 0;
    // Stops accepting, lets requests in flight be answered (a few seconds at
    // most), then closes every connection.
    virtual void stop() = 0;
    virtual bool running() const = 0;
    virtual std::uint64_t openConnections() const = 0;
    virtual std::uint64_t refusedConnections() const = 0;
};

std::unique_ptr<Transport> makeEventTransport(const TransportLimits &limits,
                                              TransportHandlers handlers);
// The same over TLS 1.2 or later with PEM files; InvalidArgument when they
// cannot be loaded or do not match. Ignores SIGPIPE if it was left at its default.
Result<std::unique_ptr<Transport>> makeTlsTransport(const TransportLimits &limits,
                                                    TransportHandlers handlers,
                                                    const std::string &certificate,
                                                    const std::string &privateKey);

// For tests of the parser: the reason phrase of a status.
const char *reasonPhrase(int status);

} // namespace mdeck::serving::detail
