#pragma once

// HTTP over a plain socket to 127.0.0.1, for tests that must send bytes no
// client library would (hostile requests, pipelining) or watch connections.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace mdeck::test {

// A connected socket, or -1.
inline int connectTo(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Waits up to 100 ms for bytes and appends them to `got`; false once the
// peer has closed (or the socket failed).
inline bool receiveSome(int fd, std::string &got)
{
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0)
        return true;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0)
        return false;
    got.append(buf, static_cast<std::size_t>(n));
    return true;
}

// Reads until the peer closes or `seconds` pass; returns what came and whether it closed.
inline std::pair<std::string, bool> readAll(int fd, int seconds)
{
    std::string got;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end)
        if (!receiveSome(fd, got))
            return {got, true};
    return {got, false};
}

// Reads until `got` holds `n` whole responses (by Content-Length) or `seconds` pass.
inline std::vector<std::string> readResponses(int fd, std::size_t n, int seconds)
{
    std::string got;
    std::vector<std::string> out;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (out.size() < n && std::chrono::steady_clock::now() < end) {
        const std::size_t head = got.find("\r\n\r\n");
        if (head != std::string::npos) {
            const std::size_t cl = got.find("Content-Length: ");
            const std::size_t len = cl < head ? std::stoul(got.substr(cl + 16)) : 0;
            if (got.size() >= head + 4 + len) {
                out.push_back(got.substr(0, head + 4 + len));
                got.erase(0, head + 4 + len);
                continue;
            }
        }
        if (!receiveSome(fd, got))
            break;
    }
    return out;
}

inline bool sendText(int fd, const std::string &text)
{
    return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == ssize_t(text.size());
}

} // namespace mdeck::test
