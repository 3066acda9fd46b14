#include "core/serving/http_transport_p.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mdeck::serving::detail {

namespace {

using Clock = std::chrono::steady_clock;

thread_local bool t_refusing = false;

// Waits until `fd` is ready for `events` or `deadline` passes, in slices so a
// stopping server is noticed.
bool waitFor(int fd, short events, Clock::time_point deadline, const httplib::Server *server)
{
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline
                                                                                - Clock::now());
        if (left.count() <= 0)
            return false;
        if (server && !server->is_running())
            return false;
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 200)));
        if (r > 0)
            return (p.revents & (events | POLLHUP | POLLERR)) != 0;
        if (r < 0 && errno != EINTR)
            return false;
    }
}

void addressOf(int fd, bool peer, std::string &ip, int &port)
{
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr *>(&addr), &len)
                       : ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    if (r != 0)
        return;
    char buf[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
        const auto *a = reinterpret_cast<sockaddr_in *>(&addr);
        ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
        port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto *a = reinterpret_cast<sockaddr_in6 *>(&addr);
        ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
        port = ntohs(a->sin6_port);
    }
    ip = buf;
}

// A buffered socket stream whose reads fail once the request's deadline or
// byte budget is spent.
class DeadlineStream : public httplib::Stream
{
public:
    DeadlineStream(int fd, const TransportLimits &limits, const httplib::Server &server)
        : m_fd(fd)
        , m_limits(limits)
        , m_server(server)
    {}

    void beginRequest()
    {
        m_deadline = Clock::now() + m_limits.requestTimeout;
        m_budget = m_limits.maxRequestBytes + 64 * 1024; // headers beyond the body limit
    }
    bool buffered() const { return m_pos < m_len; }
    bool waitIdle() const
    {
        return buffered() || waitFor(m_fd, POLLIN, Clock::now() + m_limits.idleTimeout, &m_server);
    }

    bool is_readable() const override
    {
        return buffered() || waitFor(m_fd, POLLIN, m_deadline, nullptr);
    }
    bool is_writable() const override
    {
        return waitFor(m_fd, POLLOUT, Clock::now() + m_limits.writeTimeout, nullptr);
    }
    ssize_t read(char *ptr, size_t size) override
    {
        if (!buffered()) {
            if (m_budget == 0 || !waitFor(m_fd, POLLIN, m_deadline, nullptr))
                return -1;
            ssize_t n;
            do
                n = ::recv(m_fd, m_buf, std::min(sizeof m_buf, m_budget), 0);
            while (n < 0 && errno == EINTR);
            if (n <= 0)
                return -1;
            m_budget -= static_cast<std::size_t>(n);
            m_pos = 0;
            m_len = static_cast<std::size_t>(n);
        }
        const std::size_t n = std::min(size, m_len - m_pos);
        std::memcpy(ptr, m_buf + m_pos, n);
        m_pos += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char *ptr, size_t size) override
    {
        std::size_t sent = 0;
        const auto deadline = Clock::now() + m_limits.writeTimeout;
        while (sent < size) {
            const ssize_t n = ::send(m_fd, ptr + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
                if (!waitFor(m_fd, POLLOUT, deadline, nullptr))
                    return -1;
            } else {
                return -1;
            }
        }
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string &ip, int &port) const override
    {
        addressOf(m_fd, true, ip, port);
    }
    void get_local_ip_and_port(std::string &ip, int &port) const override
    {
        addressOf(m_fd, false, ip, port);
    }
    socket_t socket() const override { return m_fd; }

private:
    int m_fd;
    const TransportLimits &m_limits;
    const httplib::Server &m_server;
    Clock::time_point m_deadline{};
    std::size_t m_budget = 0;
    char m_buf[16384];
    std::size_t m_pos = 0, m_len = 0;
};

void closeSocket(int fd)
{
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

} // namespace

ConnectionPool::ConnectionPool(std::size_t maxThreads)
    : m_max(std::max<std::size_t>(1, maxThreads))
{}

ConnectionPool::~ConnectionPool()
{
    shutdown();
}

bool ConnectionPool::refusing()
{
    return t_refusing;
}

void ConnectionPool::enqueue(std::function<void()> fn)
{
    {
        std::unique_lock lock(m_mutex);
        if (m_busy >= m_max || m_shutdown) {
            lock.unlock();
            t_refusing = true; // the connection answers 503 without reading
            fn();
            t_refusing = false;
            return;
        }
        ++m_busy;
        m_jobs.push_back(std::move(fn));
        if (m_idle == 0 && m_threads.size() < m_max)
            m_threads.emplace_back([this] { worker(); });
    }
    m_cv.notify_one();
}

void ConnectionPool::shutdown()
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

void ConnectionPool::worker()
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
        --m_busy;
    }
}

HardenedServer::HardenedServer(const TransportLimits &limits)
    : m_limits(limits)
{
    new_task_queue = [max = limits.maxConnections] {
        return new ConnectionPool(max);
    };
    set_keep_alive_max_count(limits.keepAliveMaxRequests);
    set_payload_max_length(limits.maxRequestBytes);
}

bool HardenedServer::process_and_close_socket(socket_t sock)
{
    if (ConnectionPool::refusing()) {
        ++m_refused;
        static const char kBusy[]
            = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
              "Content-Length: 45\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"
              "{\"error\":\"too many connections; retry later\"}";
        [[maybe_unused]] auto n = ::send(sock, kBusy, sizeof kBusy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        closeSocket(sock);
        return true;
    }
    ++m_open;
    {
        DeadlineStream stream(sock, m_limits, *this);
        std::size_t served = 0;
        while (is_running() && stream.waitIdle()) {
            stream.beginRequest();
            const bool last = ++served >= m_limits.keepAliveMaxRequests;
            bool closed = false;
            const bool ok = process_request(stream, last, closed, [](httplib::Request &) {});
            if (!ok || closed || last)
                break;
        }
    }
    closeSocket(sock);
    --m_open;
    return true;
}

} // namespace mdeck::serving::detail
