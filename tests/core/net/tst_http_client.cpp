#include "core/net/http_client.h"
#include "local_server.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace mdeck;
using namespace mdeck::net;
using mdeck::test::LocalServer;

namespace {

CallOptions fastRetries(int attempts)
{
    CallOptions o;
    o.connectTimeoutMs = 2000;
    o.totalTimeoutMs = 5000;
    o.retry.maxAttempts = attempts;
    o.retry.initialBackoffMs = 1;
    o.retry.maxBackoffMs = 5;
    return o;
}

bool contains(const std::string &hay, const std::string &needle)
{
    return hay.find(needle) != std::string::npos;
}

} // namespace

class tst_HttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void getReturnsBodyAndHeaders();
    void postJsonSendsBody();
    void httpStatusErrorNamesUrlStatusAndBody();
    void timeoutNamesTheLimit();
    void retriesCountAttempts();
    void retriesGiveUpAfterMaxAttempts();
    void retryAfterIsHonouredUpToTheCap();
    void backoffGrowsWithJitterInBounds();
    void clientErrorsAreNotRetried();
    void postIsNotRetriedUnlessDeclaredSafe();
    void oversizedResponseIsRefused();
    void oversizedChunkedResponseIsRefused();
    void redirectsAreFollowedWithinTheLimit();
    void redirectLoopIsRefused();
    void malformedUrl_data();
    void malformedUrl();
    void connectionRefused();
    void unknownHostFails();
    void tlsToPlainServerFails();
    void missingCaFileIsNamed();
    void cancelStopsWaitingToRetry();
    void concurrentCallsFromManyThreads();
    void webhookHelperReportsStatusAndAttempts();
    void webhookHelperReportsFailure();
};

void tst_HttpClient::getReturnsBodyAndHeaders()
{
    LocalServer srv;
    srv.server().Get("/hello", [](const httplib::Request &, httplib::Response &res) {
        res.set_header("X-Thing", "42");
        res.set_content(R"({"hi":1})", "application/json");
    });
    srv.start();
    HttpClient client;
    auto r = client.get(srv.url("/hello"));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->status, 200L);
    QCOMPARE(r->body, std::string(R"({"hi":1})"));
    QCOMPARE(r->header("x-thing").value_or(""), std::string("42"));
    QCOMPARE(r->header("Content-Type").value_or(""), std::string("application/json"));
}

void tst_HttpClient::postJsonSendsBody()
{
    LocalServer srv;
    srv.server().Post("/echo", [](const httplib::Request &req, httplib::Response &res) {
        res.set_content(req.get_header_value("Content-Type") + "|" + req.body, "text/plain");
    });
    srv.start();
    HttpClient client;
    const std::string big(5000, 'x'); // over 1 KiB: no 100-continue stall
    auto r = client.postJson(srv.url("/echo"), "{\"a\":\"" + big + "\"}", CallOptions{});
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->body, "application/json|{\"a\":\"" + big + "\"}");
}

void tst_HttpClient::httpStatusErrorNamesUrlStatusAndBody()
{
    LocalServer srv;
    srv.server().Get("/missing", [](const httplib::Request &, httplib::Response &res) {
        res.status = 404;
        res.set_content(R"({"error":"no model named iris"})", "application/json");
    });
    srv.start();
    HttpClient client;
    auto r = client.get(srv.url("/missing"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::NotFound);
    const std::string &m = r.error().message;
    QVERIFY2(contains(m, srv.url("/missing")), m.c_str());
    QVERIFY2(contains(m, "HTTP 404"), m.c_str());
    QVERIFY2(contains(m, "no model named iris"), m.c_str());
}

void tst_HttpClient::timeoutNamesTheLimit()
{
    LocalServer srv;
    srv.server().Get("/slow", [&srv](const httplib::Request &, httplib::Response &res) {
        srv.waitReleased(10'000);
        res.set_content("late", "text/plain");
    });
    srv.start();
    HttpClient client;
    CallOptions o;
    o.totalTimeoutMs = 200;
    HttpRequest req;
    req.url = srv.url("/slow");
    const HttpOutcome out = client.perform(req, o);
    srv.release();
    QCOMPARE(out.failure, Failure::Timeout);
    QCOMPARE(out.attempts, 1);
    QVERIFY2(contains(out.error.message, "timed out after"), out.error.message.c_str());
    QVERIFY2(contains(out.error.message, "limit 200 ms"), out.error.message.c_str());
    QVERIFY2(contains(out.error.message, srv.url("/slow")), out.error.message.c_str());
}

void tst_HttpClient::retriesCountAttempts()
{
    LocalServer srv;
    std::atomic<int> calls{0};
    srv.server().Get("/flaky", [&](const httplib::Request &, httplib::Response &res) {
        if (++calls <= 2) {
            res.status = 503;
            res.set_content("busy", "text/plain");
        } else {
            res.set_content("ok", "text/plain");
        }
    });
    srv.start();
    HttpClient client;
    HttpRequest req;
    req.url = srv.url("/flaky");
    const HttpOutcome out = client.perform(req, fastRetries(5));
    QVERIFY(out.ok());
    QCOMPARE(out.response.status, 200L);
    QCOMPARE(out.attempts, 3);
    QCOMPARE(calls.load(), 3);
    QCOMPARE(out.backoffMs.size(), std::size_t(2));
}

void tst_HttpClient::retriesGiveUpAfterMaxAttempts()
{
    LocalServer srv;
    std::atomic<int> calls{0};
    srv.server().Get("/down", [&](const httplib::Request &, httplib::Response &res) {
        ++calls;
        res.status = 502;
    });
    srv.start();
    HttpClient client;
    auto r = client.get(srv.url("/down"), fastRetries(4));
    QVERIFY(!r.ok());
    QCOMPARE(calls.load(), 4);
    QVERIFY2(contains(r.error().message, "HTTP 502"), r.error().message.c_str());
    QVERIFY2(contains(r.error().message, "after 4 attempts"), r.error().message.c_str());
}

void tst_HttpClient::retryAfterIsHonouredUpToTheCap()
{
    LocalServer srv;
    std::atomic<int> calls{0};
    srv.server().Get("/limited", [&](const httplib::Request &, httplib::Response &res) {
        if (++calls == 1) {
            res.status = 429;
            res.set_header("Retry-After", "3600");
        }
    });
    srv.start();
    HttpClient client;
    CallOptions o = fastRetries(3);
    o.retry.maxBackoffMs = 20; // an hour asked for, 20 ms allowed
    HttpRequest req;
    req.url = srv.url("/limited");
    const HttpOutcome out = client.perform(req, o);
    QVERIFY(out.ok());
    QCOMPARE(out.attempts, 2);
    QCOMPARE(out.backoffMs, std::vector<int>{20});
}

void tst_HttpClient::backoffGrowsWithJitterInBounds()
{
    RetryPolicy p;
    p.initialBackoffMs = 100;
    p.multiplier = 2;
    p.maxBackoffMs = 1000;
    QCOMPARE(backoffBaseMs(p, 1), 100);
    QCOMPARE(backoffBaseMs(p, 2), 200);
    QCOMPARE(backoffBaseMs(p, 3), 400);
    QCOMPARE(backoffBaseMs(p, 4), 800);
    QCOMPARE(backoffBaseMs(p, 5), 1000);
    QCOMPARE(backoffBaseMs(p, 60), 1000);
    p.jitter = 0.5;
    QCOMPARE(backoffDelayMs(p, 3, 0.0), 200);
    QCOMPARE(backoffDelayMs(p, 3, 0.999999), 400);
    p.jitter = 0;
    QCOMPARE(backoffDelayMs(p, 2, 0.7), 200);

    // The waits actually slept stay within [base*(1-jitter), base].
    LocalServer srv;
    srv.server().Get("/down",
                     [](const httplib::Request &, httplib::Response &res) { res.status = 503; });
    srv.start();
    HttpClient client;
    CallOptions o = fastRetries(4);
    o.retry.initialBackoffMs = 4;
    o.retry.maxBackoffMs = 100;
    o.retry.jitter = 0.5;
    HttpRequest req;
    req.url = srv.url("/down");
    const HttpOutcome out = client.perform(req, o);
    QCOMPARE(out.attempts, 4);
    QCOMPARE(out.backoffMs.size(), std::size_t(3));
    for (int i = 0; i < 3; ++i) {
        const int base = backoffBaseMs(o.retry, i + 1);
        QVERIFY(out.backoffMs[i] >= base / 2);
        QVERIFY(out.backoffMs[i] <= base);
    }
}

void tst_HttpClient::clientErrorsAreNotRetried()
{
    LocalServer srv;
    std::atomic<int> calls{0};
    srv.server().Get("/bad", [&](const httplib::Request &, httplib::Response &res) {
        ++calls;
        res.status = 400;
        res.set_content(R"({"error":"bad"})", "application/json");
    });
    srv.start();
    HttpClient client;
    auto r = client.get(srv.url("/bad"), fastRetries(5));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
    QCOMPARE(calls.load(), 1);
}

void tst_HttpClient::postIsNotRetriedUnlessDeclaredSafe()
{
    LocalServer srv;
    std::atomic<int> calls{0};
    std::string key;
    std::mutex keyMutex;
    srv.server().Post("/hook", [&](const httplib::Request &req, httplib::Response &res) {
        ++calls;
        std::lock_guard lock(keyMutex);
        key = req.get_header_value("Idempotency-Key");
        res.status = 503;
    });
    srv.start();
    HttpClient client;
    HttpRequest req;
    req.method = Method::Post;
    req.url = srv.url("/hook");
    req.body = "{}";
    HttpOutcome out = client.perform(req, fastRetries(5));
    QCOMPARE(out.attempts, 1);
    QCOMPARE(calls.load(), 1);

    CallOptions safe = fastRetries(3);
    safe.retry.idempotencyKey = "alert-17";
    out = client.perform(req, safe);
    QCOMPARE(out.attempts, 3);
    QCOMPARE(calls.load(), 4);
    {
        std::lock_guard lock(keyMutex);
        QCOMPARE(key, std::string("alert-17"));
    }

    CallOptions vouched = fastRetries(2);
    vouched.retry.retryNonIdempotent = true;
    out = client.perform(req, vouched);
    QCOMPARE(out.attempts, 2);
    QCOMPARE(calls.load(), 6);
}

void tst_HttpClient::oversizedResponseIsRefused()
{
    LocalServer srv;
    srv.server().Get("/big", [](const httplib::Request &, httplib::Response &res) {
        res.set_content(std::string(300'000, 'a'), "text/plain");
    });
    srv.start();
    HttpClient client;
    CallOptions o;
    o.maxResponseBytes = 100'000;
    HttpRequest req;
    req.url = srv.url("/big");
    const HttpOutcome out = client.perform(req, o);
    QCOMPARE(out.failure, Failure::TooLarge);
    QVERIFY2(contains(out.error.message, "100000 bytes"), out.error.message.c_str());
    QVERIFY(out.response.body.empty() || out.response.body.size() <= 100'000);
    // At the limit exactly it passes.
    o.maxResponseBytes = 300'000;
    QVERIFY(client.perform(req, o).ok());
}

void tst_HttpClient::oversizedChunkedResponseIsRefused()
{
    LocalServer srv;
    srv.server().Get("/stream", [](const httplib::Request &, httplib::Response &res) {
        res.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink &sink) {
            if (offset >= 1'000'000) {
                sink.done();
                return true;
            }
            const std::string chunk(10'000, 'b');
            return sink.write(chunk.data(), chunk.size());
        });
    });
    srv.start();
    HttpClient client;
    CallOptions o;
    o.maxResponseBytes = 50'000;
    HttpRequest req;
    req.url = srv.url("/stream");
    const HttpOutcome out = client.perform(req, o);
    QCOMPARE(out.failure, Failure::TooLarge);
}

void tst_HttpClient::redirectsAreFollowedWithinTheLimit()
{
    LocalServer srv;
    srv.server().Get("/old", [](const httplib::Request &, httplib::Response &res) {
        res.set_redirect("/new");
    });
    srv.server().Get("/new", [](const httplib::Request &, httplib::Response &res) {
        res.set_content("moved here", "text/plain");
    });
    srv.start();
    HttpClient client;
    auto r = client.get(srv.url("/old"));
    QVERIFY(r.ok());
    QCOMPARE(r->body, std::string("moved here"));
    QCOMPARE(r->effectiveUrl, srv.url("/new"));

    CallOptions noFollow;
    noFollow.maxRedirects = 0;
    HttpRequest req;
    req.url = srv.url("/old");
    const HttpOutcome out = HttpClient().perform(req, noFollow);
    QVERIFY(out.ok());
    QCOMPARE(out.response.status, 302L);
}

void tst_HttpClient::redirectLoopIsRefused()
{
    LocalServer srv;
    srv.server().Get("/a", [](const httplib::Request &, httplib::Response &res) {
        res.set_redirect("/b");
    });
    srv.server().Get("/b", [](const httplib::Request &, httplib::Response &res) {
        res.set_redirect("/a");
    });
    srv.start();
    HttpClient client;
    HttpRequest req;
    req.url = srv.url("/a");
    const HttpOutcome out = client.perform(req, fastRetries(3));
    QCOMPARE(out.failure, Failure::TooManyRedirects);
    QCOMPARE(out.attempts, 1);
    QVERIFY2(contains(out.error.message, "more than 3 redirects"), out.error.message.c_str());
}

void tst_HttpClient::malformedUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("empty") << QString();
    QTest::newRow("no-scheme") << QStringLiteral("not a url");
    QTest::newRow("no-scheme-host") << QStringLiteral("example.com/v2");
    QTest::newRow("ftp") << QStringLiteral("ftp://example.com/file");
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd");
    QTest::newRow("no-host") << QStringLiteral("http://");
    QTest::newRow("space") << QStringLiteral("http://exa mple.com/");
    QTest::newRow("bad-ipv6") << QStringLiteral("http://[::1/");
    QTest::newRow("bad-port") << QStringLiteral("http://127.0.0.1:99999/");
    QTest::newRow("newline") << QStringLiteral("http://a/\r\nX-Injected: 1");
}

void tst_HttpClient::malformedUrl()
{
    QFETCH(QString, url);
    HttpClient client;
    HttpRequest req;
    req.url = url.toStdString();
    const HttpOutcome out = client.perform(req, fastRetries(3));
    QCOMPARE(out.failure, Failure::InvalidUrl);
    QCOMPARE(out.error.code, ErrorCode::InvalidArgument);
    QCOMPARE(out.attempts, 0);
    QVERIFY2(contains(out.error.message, "malformed URL"), out.error.message.c_str());
}

void tst_HttpClient::connectionRefused()
{
    const int port = test::closedPort();
    QVERIFY(port > 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/v2/health/ready";
    HttpClient client;
    HttpRequest req;
    req.url = url;
    const HttpOutcome out = client.perform(req, fastRetries(3));
    QCOMPARE(out.failure, Failure::ConnectRefused);
    QCOMPARE(out.attempts, 3); // transient: retried
    QVERIFY2(contains(out.error.message, "connection refused"), out.error.message.c_str());
    QVERIFY2(contains(out.error.message, url), out.error.message.c_str());
}

void tst_HttpClient::unknownHostFails()
{
    HttpClient client;
    CallOptions o;
    o.connectTimeoutMs = 3000;
    HttpRequest req;
    req.url = "http://no-such-host.invalid/v2";
    const HttpOutcome out = client.perform(req, o);
    // Without a reachable resolver the lookup may time out instead.
    QVERIFY2(out.failure == Failure::Dns || out.failure == Failure::Timeout,
             out.error.message.c_str());
    QVERIFY(contains(out.error.message, "no-such-host.invalid"));
}

void tst_HttpClient::tlsToPlainServerFails()
{
    LocalServer srv;
    srv.server().Get("/", [](const httplib::Request &, httplib::Response &res) {
        res.set_content("plain", "text/plain");
    });
    const int port = srv.start();
    HttpClient client;
    HttpRequest req;
    req.url = "https://127.0.0.1:" + std::to_string(port) + "/";
    const HttpOutcome out = client.perform(req, CallOptions{});
    QVERIFY(!out.ok());
    QVERIFY2(out.failure == Failure::Tls || out.failure == Failure::Transport,
             out.error.message.c_str());
}

void tst_HttpClient::missingCaFileIsNamed()
{
    LocalServer srv;
    const int port = srv.start();
    ClientConfig cfg;
    cfg.caFile = "/nonexistent/ca.pem";
    HttpClient client(cfg);
    HttpRequest req;
    req.url = "https://127.0.0.1:" + std::to_string(port) + "/";
    const HttpOutcome out = client.perform(req, CallOptions{});
    QVERIFY(!out.ok());
    QVERIFY2(out.failure == Failure::Tls || out.failure == Failure::Transport,
             out.error.message.c_str());
}

void tst_HttpClient::cancelStopsWaitingToRetry()
{
    LocalServer srv;
    srv.server().Get("/down",
                     [](const httplib::Request &, httplib::Response &res) { res.status = 503; });
    srv.start();
    HttpClient client;
    CallOptions o;
    o.retry.maxAttempts = 10;
    o.retry.initialBackoffMs = 60'000; // would wait a minute
    o.retry.maxBackoffMs = 60'000;
    std::stop_source stop;
    HttpRequest req;
    req.url = srv.url("/down");
    HttpOutcome out;
    std::thread t([&] { out = client.perform(req, o, stop.get_token()); });
    QTest::qWait(100);
    stop.request_stop();
    t.join();
    QCOMPARE(out.failure, Failure::Cancelled);
    QCOMPARE(out.attempts, 1);
}

void tst_HttpClient::concurrentCallsFromManyThreads()
{
    LocalServer srv;
    std::atomic<int> calls{0};
    srv.server().Get(R"(/n/(\d+))", [&](const httplib::Request &req, httplib::Response &res) {
        ++calls;
        res.set_content(req.matches[1].str(), "text/plain");
    });
    srv.start();
    const HttpClient client;
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 15; ++i) {
                const std::string n = std::to_string(t * 100 + i);
                auto r = client.get(srv.url("/n/" + n));
                if (r.ok() && r->body == n)
                    ++good;
            }
        });
    for (auto &t : threads)
        t.join();
    QCOMPARE(good.load(), 90);
    QCOMPARE(calls.load(), 90);
}

void tst_HttpClient::webhookHelperReportsStatusAndAttempts()
{
    LocalServer srv;
    std::atomic<int> calls{0};
    srv.server().Post("/hook", [&](const httplib::Request &req, httplib::Response &res) {
        if (++calls == 1) {
            res.status = 500;
            return;
        }
        res.status = req.body == R"({"alert":"drift"})" ? 202 : 400;
    });
    srv.start();
    RetryPolicy p;
    p.maxAttempts = 4;
    p.initialBackoffMs = 1;
    p.idempotencyKey = "alert-1";
    const DeliveryResult d = postJson(srv.url("/hook"), R"({"alert":"drift"})", p);
    QVERIFY(d.delivered());
    QCOMPARE(d.status, 202L);
    QCOMPARE(d.attempts, 2);
}

void tst_HttpClient::webhookHelperReportsFailure()
{
    LocalServer srv;
    srv.server().Post("/hook", [](const httplib::Request &, httplib::Response &res) {
        res.status = 500;
        res.set_content("receiver broke", "text/plain");
    });
    srv.start();
    RetryPolicy p; // no key, no declaration: a POST is sent once
    p.maxAttempts = 4;
    p.initialBackoffMs = 1;
    const DeliveryResult d = postJson(srv.url("/hook"), "{}", p);
    QVERIFY(!d.delivered());
    QCOMPARE(d.status, 500L);
    QCOMPARE(d.attempts, 1);
    QCOMPARE(d.failure, Failure::HttpStatus);
    QVERIFY2(contains(d.error->message, "receiver broke"), d.error->message.c_str());

    const DeliveryResult refused = postJson("http://127.0.0.1:" + std::to_string(test::closedPort())
                                                + "/hook",
                                            "{}", p);
    QCOMPARE(refused.failure, Failure::ConnectRefused);
    QCOMPARE(refused.status, 0L);
}

QTEST_GUILESS_MAIN(tst_HttpClient)
#include "tst_http_client.moc"
