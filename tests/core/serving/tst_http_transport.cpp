// The event-loop transport on its own, over real sockets on 127.0.0.1.

#include "raw_http.h"

#include "core/serving/http_transport_p.h"

#include <QtTest>

#include <sched.h>

#include <map>
#include <sstream>
#include <thread>

using namespace mdeck::serving::detail;

namespace {

// Sends one GET and returns the body of its answer ("" on failure).
std::string ask(int fd)
{
    if (!mdeck::test::sendText(fd, "GET /x HTTP/1.1\r\nHost: t\r\n\r\n"))
        return {};
    const auto answers = mdeck::test::readResponses(fd, 1, 10);
    return answers.empty() ? std::string() : answers[0].substr(answers[0].find("\r\n\r\n") + 4);
}

// Handlers whose refusals answer the transport's status and sentence as text.
TransportHandlers withRefusals()
{
    TransportHandlers h;
    h.refuse = [](int status, const std::string &why) {
        HttpResponse res;
        res.status = status;
        res.setContent(why, "text/plain");
        return res;
    };
    return h;
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
        const auto perLoop = connectionsPerLoop(limits);
        QCOMPARE(perLoop.size(), std::size_t(2));
        for (const auto &[loop, n] : perLoop)
            QCOMPARE(n, 4);
    }

    void loopsFollowTheCpuAffinity()
    {
        // By default there is a loop per core the process may use: pinned to
        // one core (taskset, a container's cpuset), one loop serves all.
        cpu_set_t saved, one;
        QCOMPARE(::sched_getaffinity(0, sizeof saved, &saved), 0);
        CPU_ZERO(&one);
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
            if (CPU_ISSET(cpu, &saved)) {
                CPU_SET(cpu, &one);
                break;
            }
        QCOMPARE(::sched_setaffinity(0, sizeof one, &one), 0); // the loops inherit it
        const auto pinned = connectionsPerLoop(TransportLimits{});
        QCOMPARE(::sched_setaffinity(0, sizeof saved, &saved), 0);
        QCOMPARE(pinned.size(), std::size_t(1));
        QCOMPARE(pinned.begin()->second, 8);
        if (CPU_COUNT(&saved) >= 2) {
            const auto free = connectionsPerLoop(TransportLimits{});
            QCOMPARE(free.size(), std::size_t(std::min(CPU_COUNT(&saved), 4)));
        }
    }

    void tinyChunksAreHeldToTheBodyLimitNotTheRawOne()
    {
        // One byte per chunk costs six bytes of framing per byte of body. The
        // body limit counts the body, so a body under it is served, however
        // many raw bytes its chunks take; one over it still gets 413.
        TransportLimits limits;
        limits.threads = 1;
        limits.maxBodyBytes = 64 * 1024;
        limits.maxHeaderBytes = 4096;
        TransportHandlers h = withRefusals();
        h.dispatch = [](HttpRequest &&req, Responder respond) {
            HttpResponse res;
            res.setContent(std::to_string(req.body.size()), "text/plain");
            respond(std::move(res));
        };
        auto transport = makeEventTransport(limits, h);
        auto port = transport->listen("127.0.0.1", 0);
        QVERIFY(port.ok());
        const auto send = [&](std::size_t bodyBytes) {
            const int fd = mdeck::test::connectTo(*port);
            std::string req = "POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
            req.reserve(req.size() + 6 * bodyBytes + 5);
            for (std::size_t i = 0; i < bodyBytes; ++i)
                req += "1\r\na\r\n";
            req += "0\r\n\r\n";
            mdeck::test::sendText(fd, req);
            const auto answers = mdeck::test::readResponses(fd, 1, 10);
            ::close(fd);
            return answers.empty() ? std::string() : answers[0];
        };
        // 60,000 bytes of body in 360,000 raw bytes: past the old raw cap.
        const std::string ok = send(60000);
        QVERIFY2(ok.starts_with("HTTP/1.1 200"), ok.c_str());
        QVERIFY2(ok.ends_with("\r\n\r\n60000"), ok.c_str());
        const std::string tooBig = send(64 * 1024 + 1);
        QVERIFY2(tooBig.starts_with("HTTP/1.1 413"), tooBig.c_str());
        QVERIFY2(tooBig.find("request body exceeds 65536 bytes") != std::string::npos,
                 tooBig.c_str());
        transport->stop();
    }

private:
    // Serves eight connections made at once, two requests each, and counts
    // them by the thread that answered.
    static std::map<std::string, int> connectionsPerLoop(const TransportLimits &limits)
    {
        TransportHandlers h = withRefusals();
        h.dispatch = [](HttpRequest &&, Responder respond) {
            std::ostringstream id;
            id << std::this_thread::get_id();
            HttpResponse res;
            res.setContent(id.str(), "text/plain");
            respond(std::move(res));
        };
        auto transport = makeEventTransport(limits, h);
        auto port = transport->listen("127.0.0.1", 0);
        if (!port.ok())
            return {};
        std::vector<int> fds;
        for (int i = 0; i < 8; ++i)
            fds.push_back(mdeck::test::connectTo(*port));
        std::map<std::string, int> perLoop;
        for (const int fd : fds) {
            const std::string loop = ask(fd);
            // The same connection stays on its loop.
            if (!loop.empty() && ask(fd) == loop)
                ++perLoop[loop];
        }
        for (const int fd : fds)
            if (fd >= 0)
                ::close(fd);
        transport->stop();
        return perLoop;
    }
};

QTEST_GUILESS_MAIN(tst_HttpTransport)
#include "tst_http_transport.moc"
