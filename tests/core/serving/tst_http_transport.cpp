// The event-loop transport on its own, over real sockets on 127.0.0.1.

#include "core/serving/http_transport_p.h"

#include <QtTest>

#include <map>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace mdeck::serving::detail;

namespace {

int connectTo(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0)
        return fd;
    if (fd >= 0)
        ::close(fd);
    return -1;
}

// Sends one GET and returns the body of its answer ("" on failure).
std::string ask(int fd)
{
    const std::string request = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != ssize_t(request.size()))
        return {};
    std::string in;
    char buf[4096];
    for (;;) {
        const auto head = in.find("\r\n\r\n");
        if (head != std::string::npos) {
            const auto cl = in.find("Content-Length: ");
            if (cl != std::string::npos) {
                const std::size_t n = std::stoul(in.substr(cl + 16));
                if (in.size() >= head + 4 + n)
                    return in.substr(head + 4, n);
            }
        }
        const ssize_t got = ::recv(fd, buf, sizeof buf, 0);
        if (got <= 0)
            return {};
        in.append(buf, static_cast<std::size_t>(got));
    }
}

} // namespace

class tst_HttpTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectionsAreDealtToEveryLoop()
    {
        // Eight connections made at once, before any is served: each loop
        // gets its turn, whichever woke for them.
        TransportLimits limits;
        limits.threads = 2;
        TransportHandlers h;
        h.dispatch = [](HttpRequest &&, Responder respond) {
            std::ostringstream id;
            id << std::this_thread::get_id();
            HttpResponse res;
            res.setContent(id.str(), "text/plain");
            respond(std::move(res));
        };
        h.refuse = [](int status, const std::string &why) {
            HttpResponse res;
            res.status = status;
            res.setContent(why, "text/plain");
            return res;
        };
        auto transport = makeEventTransport(limits, h);
        auto port = transport->listen("127.0.0.1", 0);
        QVERIFY(port.ok());
        std::vector<int> fds;
        for (int i = 0; i < 8; ++i) {
            fds.push_back(connectTo(*port));
            QVERIFY(fds.back() >= 0);
        }
        std::map<std::string, int> perLoop;
        for (const int fd : fds) {
            const std::string loop = ask(fd);
            QVERIFY(!loop.empty());
            ++perLoop[loop];
            // The same connection stays on its loop.
            QCOMPARE(ask(fd), loop);
        }
        for (const int fd : fds)
            ::close(fd);
        transport->stop();
        QCOMPARE(perLoop.size(), std::size_t(2));
        for (const auto &[loop, n] : perLoop)
            QCOMPARE(n, 4);
    }
};

QTEST_GUILESS_MAIN(tst_HttpTransport)
#include "tst_http_transport.moc"
