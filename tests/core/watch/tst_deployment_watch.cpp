// What the console watches: live traffic from the prediction log, the
// servers recorded in serve_instances (fresh heartbeats only), and the
// health of an endpoint, against a real workspace and a real HTTP server.

#include "../net/local_server.h"
#include "../test_support.h"

#include "core/store/prediction_store.h"
#include "core/watch/deployment_watch.h"

#include <QtTest>

using namespace mdeck;

namespace {

constexpr std::int64_t kNow = 1'800'000'000'000;

void run(store::Database &db, const std::string &sql)
{
    auto tx = db.begin();
    QVERIFY(tx.ok());
    QVERIFY(db.exec(sql).ok());
    QVERIFY(tx->commit().ok());
}

} // namespace

class tst_DeploymentWatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trafficOfTheLastMinute();
    void noTrafficIsZero();
    void recordedServersWithFreshHeartbeats();
    void healthOfAnEndpoint();
};

void tst_DeploymentWatch::trafficOfTheLastMinute()
{
    test::ScratchWorkspace s;
    registry::ModelRegistry reg(*s.ws);
    registry::NewVersion v;
    v.model = "m";
    v.format = "file";
    v.artifactPath = s.writeFile("a.bin", "bytes");
    v.artifactName = "a.bin";
    v.signature = test::shippedSignature();
    const auto version = reg.registerVersion(s.admin, v);
    MDECK_VERIFY_OK(version);
    // 60 requests of two rows in the last minute (latency 1..60 ms), and old ones outside it.
    {
        auto tx = s.ws->db().begin().value();
        store::PredictionBlockWriter log(s.ws->db());
        auto add = [&](std::int64_t time, const std::string &request, int row,
                       std::int64_t latencyUs) {
            store::PredictionEntry e;
            e.timeMs = time;
            e.deployment = "prod";
            e.versionId = version->id;
            e.role = "stable";
            e.requestId = request;
            e.row = row;
            e.inputs = "[]";
            e.outputs = "[]";
            e.latencyUs = latencyUs;
            MDECK_VERIFY_OK(log.add(e));
        };
        for (int i = 0; i < 60; ++i)
            for (int row = 0; row < 2; ++row)
                add(kNow - i * 1000, "r" + std::to_string(i), row, (i + 1) * 1000);
        add(kNow - 120'000, "old", 0, 9000000);
        MDECK_VERIFY_OK(log.flush());
        MDECK_VERIFY_OK(tx.commit());
    }
    auto t = watch::recentTraffic(s.ws->db(), "prod", kNow);
    MDECK_VERIFY_OK(t);
    QCOMPARE(t->requests, std::int64_t(60));
    QCOMPARE(t->rows, std::int64_t(120));
    QCOMPARE(t->requestsPerSecond, 1.0);
    QVERIFY(t->p99Ms > 58 && t->p99Ms <= 60);
    QVERIFY(t->p50Ms > 29 && t->p50Ms < 32);
}

void tst_DeploymentWatch::noTrafficIsZero()
{
    test::ScratchWorkspace s;
    auto t = watch::recentTraffic(s.ws->db(), "nothing", kNow);
    MDECK_VERIFY_OK(t);
    QCOMPARE(t->requests, std::int64_t(0));
    QCOMPARE(t->p99Ms, 0.0);
}

void tst_DeploymentWatch::recordedServersWithFreshHeartbeats()
{
    test::ScratchWorkspace s;
    auto none = watch::recordedServers(s.ws->db(), kNow);
    MDECK_VERIFY_OK(none);
    QVERIFY(none->empty());
    run(s.ws->db(),
        "INSERT INTO serve_instances(url, pid, host, started_at, heartbeat_at) VALUES "
        "('http://127.0.0.1:1', 1, 'h', 0, "
            + std::to_string(kNow - 5000) + "), ('http://127.0.0.1:2', 2, 'h', 0, "
            + std::to_string(kNow - 1000) + "), ('http://127.0.0.1:3', 3, 'h', 0, "
            + std::to_string(kNow - 600'000) + ");");
    auto servers = watch::recordedServers(s.ws->db(), kNow);
    MDECK_VERIFY_OK(servers);
    QCOMPARE(servers->size(), std::size_t(2)); // the stale one is left out
    QCOMPARE(servers->front().url, std::string("http://127.0.0.1:2"));
}

void tst_DeploymentWatch::healthOfAnEndpoint()
{
    test::LocalServer srv;
    std::atomic<int> status{200};
    srv.server().Get("/v2/health/ready", [&](const httplib::Request &, httplib::Response &res) {
        res.status = status.load();
    });
    srv.start();
    net::HttpClient client;
    watch::EndpointHealth h = watch::checkHealth(client, srv.url("/"));
    QVERIFY(h.reachable);
    QVERIFY(h.ready);
    QVERIFY(h.latencyMs > 0);
    status = 503;
    h = watch::checkHealth(client, srv.url("/"));
    QVERIFY(h.reachable);
    QVERIFY(!h.ready);
    QVERIFY(h.message.find("503") != std::string::npos);
    srv.stop();
    h = watch::checkHealth(client, srv.url("/"));
    QVERIFY(!h.reachable);
    QVERIFY(h.message.find("connection refused") != std::string::npos);
}

QTEST_GUILESS_MAIN(tst_DeploymentWatch)
#include "tst_deployment_watch.moc"
