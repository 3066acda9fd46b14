#pragma once

// The connection layer under the server: cpp-httplib parses HTTP and routes,
// but each plain-HTTP connection runs our own keep-alive loop with a
// DeadlineStream, so a request must arrive whole within a deadline
// (slow-client and slowloris defence), its bytes are capped, idle connections
// close, and connections beyond the limit get an immediate 503.
// Private to core/serving: httplib types never leave it.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mdeck::serving::detail {

struct TransportLimits
{
    std::size_t maxConnections = 256;
    std::size_t maxRequestBytes = 8u << 20;          // headers + body of one request
    std::chrono::milliseconds idleTimeout{5000};     // between requests on a connection
    std::chrono::milliseconds requestTimeout{10000}; // to receive one whole request
    std::chrono::milliseconds writeTimeout{10000};
    std::size_t keepAliveMaxRequests = 100000;
};

// Runs each connection on a thread of its own, created on demand and reused,
// at most maxConnections; beyond that the connection is refused on the
// accepting thread without reading from it.
class ConnectionPool : public httplib::TaskQueue
{
public:
    explicit ConnectionPool(std::size_t maxThreads);
    ~ConnectionPool() override;
    void enqueue(std::function<void()> fn) override;
    void shutdown() override;

    // True on the accepting thread while it runs a connection that must be refused.
    static bool refusing();

private:
    void worker();
    std::size_t m_max;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    std::size_t m_idle = 0;
    std::size_t m_busy = 0; // queued + running
    bool m_shutdown = false;
};

class HardenedServer : public httplib::Server
{
public:
    explicit HardenedServer(const TransportLimits &limits);
    std::uint64_t openConnections() const { return m_open.load(); }
    std::uint64_t refusedConnections() const { return m_refused.load(); }

private:
    bool process_and_close_socket(socket_t sock) override;
    TransportLimits m_limits;
    std::atomic<std::uint64_t> m_open{0};
    std::atomic<std::uint64_t> m_refused{0};
};

} // namespace mdeck::serving::detail
