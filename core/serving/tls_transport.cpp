// HTTPS: cpp-httplib's SSLServer runs the TLS handshake and HTTP parsing on
// one thread per connection (at most maxConnections, the rest wait), and one
// catch-all route hands each request to the same dispatch as plain HTTP,
// waiting for its answer. Only this file sees httplib.

#include "core/serving/http_transport_p.h"

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace mdeck::serving::detail {

namespace {

// Runs each connection on a thread of its own, created on demand and reused,
// at most `max`; beyond that, connections wait for a free thread.
class ConnectionPool : public httplib::TaskQueue
{
public:
    explicit ConnectionPool(std::size_t max)
        : m_max(std::max<std::size_t>(1, max))
    {}
    ~ConnectionPool() override { shutdown(); }

    void enqueue(std::function<void()> fn) override
    {
        {
            const std::lock_guard lock(m_mutex);
            m_jobs.push_back(std::move(fn));
            if (m_idle == 0 && m_threads.size() < m_max)
                m_threads.emplace_back([this] { worker(); });
        }
        m_cv.notify_one();
    }

    void shutdown() override
    {
        {
            const std::lock_guard lock(m_mutex);
            if (m_shutdown)
                return;
            m_shutdown = true;
        }
        m_cv.notify_all();
        for (auto &t : m_threads)
            t.join();
        m_threads.clear();
    }

private:
    void worker()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            ++m_idle;
            m_cv.wait(lock, [&] { return !m_jobs.empty() || m_shutdown; });
            --m_idle;
            if (m_jobs.empty())
                return;
            auto fn = std::move(m_jobs.front());
            m_jobs.pop_front();
            lock.unlock();
            fn();
            lock.lock();
        }
    }

    std::size_t m_max;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    std::size_t m_idle = 0;
    bool m_shutdown = false;
};

// Takes one answer for a connection thread that waits on it.
class PromiseSink final : public ResponseSink
{
public:
    void deliver(std::uint64_t, HttpResponse &&response) override
    {
        const std::lock_guard lock(m_mutex);
        if (!m_set) {
            m_set = true;
            m_promise.set_value(std::move(response));
        }
    }
    std::future<HttpResponse> future() { return m_promise.get_future(); }

private:
    std::mutex m_mutex;
    bool m_set = false;
    std::promise<HttpResponse> m_promise;
};

void copyInto(HttpResponse &&from, httplib::Response &to)
{
    to.status = from.status;
    for (auto &[name, value] : from.headers)
        to.set_header(name, value);
    to.set_content(std::move(from.body), from.contentType);
}

class TlsTransport final : public Transport
{
public:
    TlsTransport(const TransportLimits &limits, TransportHandlers handlers,
                 std::unique_ptr<httplib::SSLServer> server)
        : m_limits(limits)
        , m_handlers(std::move(handlers))
        , m_server(std::move(server))
    {
        httplib::SSLServer &s = *m_server;
        s.new_task_queue = [max = limits.maxConnections] {
            return new ConnectionPool(max);
        };
        s.set_payload_max_length(limits.maxBodyBytes);
        s.set_keep_alive_max_count(limits.keepAliveMaxRequests);
        s.set_keep_alive_timeout(std::max<time_t>(1, limits.idleTimeout.count() / 1000));
        s.set_read_timeout(
            std::chrono::duration_cast<std::chrono::microseconds>(limits.requestTimeout));
        s.set_write_timeout(
            std::chrono::duration_cast<std::chrono::microseconds>(limits.writeTimeout));
        s.set_tcp_nodelay(true);
        s.set_pre_routing_handler([this](const httplib::Request &req, httplib::Response &res) {
            std::size_t bytes = req.method.size() + req.target.size() + 12;
            for (const auto &[k, v] : req.headers)
                bytes += k.size() + v.size() + 4;
            if (bytes <= m_limits.maxHeaderBytes)
                return httplib::Server::HandlerResponse::Unhandled;
            copyInto(m_handlers.refuse(431,
                                       "request headers exceed "
                                           + std::to_string(m_limits.maxHeaderBytes) + " bytes"),
                     res);
            return httplib::Server::HandlerResponse::Handled;
        });
        s.set_error_handler(httplib::Server::HandlerWithResponse(
            [this](const httplib::Request &, httplib::Response &res) {
                if (!res.body.empty())
                    return httplib::Server::HandlerResponse::Unhandled;
                const std::string why = res.status == 413
                    ? "request body exceeds " + std::to_string(m_limits.maxBodyBytes) + " bytes"
                    : res.status == 404 ? "no such endpoint"
                                        : "bad request";
                copyInto(m_handlers.refuse(res.status, why), res);
                return httplib::Server::HandlerResponse::Handled;
            }));
        const auto forward = [this](const httplib::Request &req, httplib::Response &res) {
            HttpRequest r;
            r.method = req.method;
            r.target = req.target;
            r.path = req.path;
            for (const auto &[name, value] : req.headers) {
                std::string key = name;
                for (char &c : key)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                r.headers.emplace_back(std::move(key), value);
            }
            r.body = req.body;
            auto sink = std::make_shared<PromiseSink>();
            auto answer = sink->future();
            try {
                m_handlers.dispatch(std::move(r), Responder(sink, 0));
            } catch (const std::exception &e) {
                sink->deliver(0, m_handlers.refuse(500, std::string("internal error: ") + e.what()));
            }
            copyInto(answer.get(), res);
        };
        s.Get(".*", forward);
        s.Post(".*", forward);
    }
    ~TlsTransport() override { stop(); }

    Result<int> listen(const std::string &host, int port) override
    {
        const int bound = port == 0 ? m_server->bind_to_any_port(host)
                                    : (m_server->bind_to_port(host, port) ? port : -1);
        if (bound <= 0)
            return Error(ErrorCode::Io,
                         "cannot listen on " + host + ":" + std::to_string(port)
                             + " (in use, or not an address of this machine)");
        m_listener = std::thread([this] { m_server->listen_after_bind(); });
        return bound;
    }
    void stop() override
    {
        if (!m_listener.joinable())
            return;
        m_server->stop();
        m_listener.join(); // returns once every connection thread has finished
    }
    bool running() const override { return m_listener.joinable() && m_server->is_running(); }
    std::uint64_t openConnections() const override { return 0; }
    std::uint64_t refusedConnections() const override { return 0; }

private:
    TransportLimits m_limits;
    TransportHandlers m_handlers;
    std::unique_ptr<httplib::SSLServer> m_server;
    std::thread m_listener;
};

} // namespace

Result<std::unique_ptr<Transport>> makeTlsTransport(const TransportLimits &limits,
                                                    TransportHandlers handlers,
                                                    const std::string &certificate,
                                                    const std::string &privateKey)
{
    auto server = std::make_unique<httplib::SSLServer>(certificate.c_str(), privateKey.c_str());
    if (!server->is_valid())
        return Error(ErrorCode::InvalidArgument,
                     "cannot load the TLS certificate " + certificate + " or key " + privateKey);
    return std::unique_ptr<Transport>(
        std::make_unique<TlsTransport>(limits, std::move(handlers), std::move(server)));
}

} // namespace mdeck::serving::detail
