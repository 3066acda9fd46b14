#pragma once

// A real HTTP server on 127.0.0.1 at a free port, run on its own thread for
// the lifetime of the object. Handlers are registered on server() before
// start(). Slow handlers should wait on released() so that the destructor
// does not wait for them.

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace mdeck::test {

class LocalServer
{
public:
    LocalServer() = default;
    LocalServer(const LocalServer &) = delete;
    LocalServer &operator=(const LocalServer &) = delete;
    ~LocalServer() { stop(); }

    httplib::Server &server() { return m_server; }

    // Binds a free port on 127.0.0.1 and serves until stop(). Returns the port.
    int start()
    {
        m_port = m_server.bind_to_any_port("127.0.0.1");
        if (m_port <= 0)
            throw std::runtime_error("cannot bind 127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!m_server.is_running() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return m_port;
    }

    void stop()
    {
        release();
        if (m_thread.joinable()) {
            m_server.stop();
            m_thread.join();
        }
    }

    // Wakes every handler blocked in waitReleased().
    void release()
    {
        {
            std::lock_guard lock(m_mutex);
            m_released = true;
        }
        m_cv.notify_all();
    }

    // Blocks a handler for up to `ms`, or until release(). Returns true when released.
    bool waitReleased(int ms)
    {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_released; });
    }

    int port() const { return m_port; }
    std::string url(const std::string &path = "/") const
    {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }

private:
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_released = false;
};

// A port on 127.0.0.1 where nothing listens (bound once, then closed).
inline int closedPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

} // namespace mdeck::test
