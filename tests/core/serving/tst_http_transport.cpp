// The event-loop transport on its own, over real sockets on 127.0.0.1.

#include "raw_http.h"

#include "core/serving/http_transport_p.h"

#include <QtTest>

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
            fds.push_back(mdeck::test::connectTo(*port));
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
