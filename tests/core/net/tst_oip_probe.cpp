#include "core/common/measurement.h"
#include "core/net/oip_probe.h"
#include "fake_oip_server.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mdeck;
using namespace mdeck::net;
using mdeck::test::FakeOipServer;
using mdeck::test::OipFaults;

namespace {

ProbeOptions quick(const std::string &url)
{
    ProbeOptions o;
    o.url = url;
    o.model = "iris";
    o.timeoutMs = 2000;
    o.durationS = 0; // checks only
    return o;
}

std::string describe(const ProbeReport &r)
{
    std::string s;
    for (const auto &c : r.checks)
        s += c.id + " " + checkStatusName(c.status) + ": " + c.detail + "\n";
    return s;
}

bool contains(const std::string &hay, const std::string &needle)
{
    return hay.find(needle) != std::string::npos;
}

} // namespace

class tst_OipProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stabilityRuleNeedsThreeAgreeingWindows();
    void summaryCoversTheLastThreeWindows();
    void conformingServerPassesEveryCheck();
    void modelIsFoundThroughTheRepositoryIndex();
    void brokenServerFailsEachNamedCheck();
    void inputJsonShapesTheRequest();
    void loadPhaseMeasuresLatencyAndThroughput();
    void loadPhaseCountsFailedRequests();
    void unreachableServerFailsWithoutHanging();
    void badOptionsAreRefused_data();
    void badOptionsAreRefused();
    void inputFileErrorsNameTheFile();
    void reportJsonHasEveryCheck();
};

void tst_OipProbe::stabilityRuleNeedsThreeAgreeingWindows()
{
    WindowedMeasurement m(0.10);
    m.addLatency(100);
    QVERIFY(!m.endWindow(1000));
    m.addLatency(105);
    QVERIFY(!m.endWindow(1050));
    m.addLatency(102);
    QVERIFY(m.endWindow(980)); // within 10% on both
    m.addLatency(300);
    QVERIFY(!m.endWindow(1000)); // latency tripled
    QCOMPARE(m.windows(), 4);

    WindowedMeasurement t(0.10);
    for (double tput : {1000.0, 1200.0, 1000.0}) {
        t.addLatency(100);
        t.endWindow(tput);
    }
    QVERIFY(!t.stable()); // throughput 20% apart
}

void tst_OipProbe::summaryCoversTheLastThreeWindows()
{
    WindowedMeasurement m(0.10);
    m.addLatency(10'000); // an outlier in the first window only
    m.endWindow(1);
    for (int w = 0; w < 3; ++w) {
        for (int i = 1; i <= 100; ++i)
            m.addLatency(i);
        m.endWindow(100);
    }
    const MeasurementSummary s = m.summary();
    QCOMPARE(s.windows, 4);
    QVERIFY(s.stable);
    QCOMPARE(s.samples, std::int64_t(300));
    QCOMPARE(s.maxUs, 100.0);
    QVERIFY(qAbs(s.p50Us - 50.5) < 1e-9);
    QCOMPARE(s.throughput, 100.0);
    QCOMPARE(s.throughputCiLow, 100.0);
    QCOMPARE(percentileOfSorted({1, 2, 3, 4, 5}, 0.5), 3.0);
    QCOMPARE(percentileOfSorted({}, 0.99), 0.0);
}

void tst_OipProbe::conformingServerPassesEveryCheck()
{
    FakeOipServer srv;
    HttpClient client;
    auto r = runProbe(client, quick(srv.url()));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY2(r->passed(), describe(*r).c_str());
    for (const char *id :
         {"server.live", "server.ready", "server.metadata", "model.ready", "model.metadata",
          "model.infer", "error.malformed-json", "error.shape-mismatch", "error.unknown-model"}) {
        const ProbeCheck *c = r->check(id);
        QVERIFY2(c, id);
        QVERIFY2(c->status == CheckStatus::Pass, (std::string(id) + ": " + c->detail).c_str());
    }
    QVERIFY(!r->load);
    QCOMPARE(r->model, std::string("iris"));
}

void tst_OipProbe::modelIsFoundThroughTheRepositoryIndex()
{
    FakeOipServer srv;
    ProbeOptions o = quick(srv.url() + "/"); // a trailing slash is fine
    o.model.clear();
    auto r = runProbe(HttpClient(), o);
    QVERIFY(r.ok());
    QCOMPARE(r->model, std::string("iris"));
    QVERIFY2(r->passed(), describe(*r).c_str());
}

void tst_OipProbe::brokenServerFailsEachNamedCheck()
{
    OipFaults f;
    f.readyIs500 = true;
    f.slowServerMetadata = true;
    f.wrongModelMetadata = true;
    f.plainTextErrors = true;
    f.unknownModelIs500 = true;
    f.inferDropsIdAndData = true;
    FakeOipServer srv(f);
    ProbeOptions o = quick(srv.url());
    o.timeoutMs = 300;
    // The metadata is broken, so the request comes from a file's worth of inputs.
    o.inputs = Json::array(
        {{{"name", "x"}, {"datatype", "FP32"}, {"shape", {2, 4}}, {"data", Json(8, 0.0)}}});
    auto r = runProbe(HttpClient(), o);
    srv.local().release();
    QVERIFY(r.ok());
    QVERIFY(!r->passed());
    const std::string all = describe(*r);
    auto failed = [&](const char *id, const char *phrase) {
        const ProbeCheck *c = r->check(id);
        return c && c->status == CheckStatus::Fail && contains(c->detail, phrase);
    };
    QVERIFY2(r->check("server.live")->status == CheckStatus::Pass, all.c_str());
    QVERIFY2(failed("server.ready", "HTTP 500"), all.c_str());
    QVERIFY2(failed("server.metadata", "timed out after"), all.c_str());
    QVERIFY2(failed("model.metadata", "'platform' is missing"), all.c_str());
    QVERIFY2(failed("model.metadata", "'FLOAT32' is not an Open Inference Protocol datatype"),
             all.c_str());
    QVERIFY2(failed("model.infer", "is not echoed"), all.c_str());
    QVERIFY2(failed("model.infer", "holds 1 values but its shape says 6"), all.c_str());
    QVERIFY2(failed("error.malformed-json", "not {\"error\""), all.c_str());
    QVERIFY2(failed("error.shape-mismatch", "'bad request'"), all.c_str());
    QVERIFY2(failed("error.unknown-model", "answered HTTP 500, not a 4xx"), all.c_str());
    QCOMPARE(r->failed(), 7);
}

void tst_OipProbe::inputJsonShapesTheRequest()
{
    FakeOipServer srv;
    ProbeOptions o = quick(srv.url());
    // A whole request is accepted too; 3 rows.
    o.inputs = Json{
        {"inputs",
         {{{"name", "x"}, {"datatype", "FP32"}, {"shape", {3, 4}}, {"data", Json(12, 1.5)}}}}};
    auto r = runProbe(HttpClient(), o);
    QVERIFY(r.ok());
    QVERIFY2(r->passed(), describe(*r).c_str());
    QCOMPARE(r->check("model.infer")->detail, std::string("1 output(s)"));
}

void tst_OipProbe::loadPhaseMeasuresLatencyAndThroughput()
{
    FakeOipServer srv;
    ProbeOptions o = quick(srv.url());
    o.durationS = 0.3;
    o.maxWindows = 3;
    o.concurrency = 2;
    int progressCalls = 0;
    auto r = runProbe(HttpClient(), o, [&](const ProbeCheck *, double) { ++progressCalls; });
    QVERIFY(r.ok());
    QVERIFY2(r->passed(), describe(*r).c_str());
    QVERIFY(r->load.has_value());
    QCOMPARE(r->load->concurrency, 2);
    QCOMPARE(r->load->stats.windows, 3);
    QCOMPARE(r->load->errors, std::int64_t(0));
    QVERIFY(r->load->requests > 0);
    QVERIFY(r->load->stats.samples > 0);
    QVERIFY(r->load->stats.p50Us > 0);
    QVERIFY(r->load->stats.p99Us >= r->load->stats.p50Us);
    QVERIFY(r->load->stats.throughput > 0);
    QVERIFY(progressCalls >= 10);
    QCOMPARE(r->check("load.errors")->status, CheckStatus::Pass);
}

void tst_OipProbe::loadPhaseCountsFailedRequests()
{
    OipFaults f;
    f.inferFailEvery = 3;
    FakeOipServer srv(f);
    ProbeOptions o = quick(srv.url());
    o.durationS = 0.15;
    o.maxWindows = 3;
    auto r = runProbe(HttpClient(), o);
    QVERIFY(r.ok());
    QVERIFY(r->load.has_value());
    QVERIFY(r->load->errors > 0);
    const ProbeCheck *c = r->check("load.errors");
    QVERIFY(c);
    QCOMPARE(c->status, CheckStatus::Fail);
    QVERIFY2(contains(c->detail, "model crashed"), c->detail.c_str());
}

void tst_OipProbe::unreachableServerFailsWithoutHanging()
{
    ProbeOptions o = quick("http://127.0.0.1:" + std::to_string(test::closedPort()));
    o.durationS = 5; // no load phase without a working inference
    auto r = runProbe(HttpClient(), o);
    QVERIFY(r.ok());
    QVERIFY(!r->passed());
    QVERIFY(!r->load);
    QVERIFY(contains(r->check("server.live")->detail, "connection refused"));
    QCOMPARE(r->check("load.errors")->status, CheckStatus::Skip);
}

void tst_OipProbe::badOptionsAreRefused_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("url") << "url";
    QTest::newRow("timeout") << "timeout";
    QTest::newRow("duration") << "duration";
    QTest::newRow("concurrency") << "concurrency";
    QTest::newRow("inputs") << "inputs";
}

void tst_OipProbe::badOptionsAreRefused()
{
    QFETCH(QString, field);
    ProbeOptions o = quick("http://127.0.0.1:1");
    if (field == u"url")
        o.url = "127.0.0.1:8080";
    else if (field == u"timeout")
        o.timeoutMs = 0;
    else if (field == u"duration")
        o.durationS = -1;
    else if (field == u"concurrency")
        o.concurrency = 0;
    else
        o.inputs = Json::object({{"x", 1}});
    auto r = runProbe(HttpClient(), o);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
}

void tst_OipProbe::inputFileErrorsNameTheFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("in.json")).toStdString();
    auto write = [&](const std::string &text) {
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.data(), static_cast<qint64>(text.size()));
    };
    write("{\"inputs\": [\n  {\"name\": \"x\",\n");
    auto r = readProbeInputs(path);
    QVERIFY(!r.ok());
    QVERIFY2(contains(r.error().message, path), r.error().message.c_str());
    write(R"([{"name": "x", "shape": [1]}])");
    r = readProbeInputs(path);
    QVERIFY(!r.ok());
    QVERIFY2(contains(r.error().message, "inputs[0]"), r.error().message.c_str());
    write(R"([{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}])");
    QVERIFY(readProbeInputs(path).ok());
    QVERIFY(!readProbeInputs(path + ".missing").ok());
}

void tst_OipProbe::reportJsonHasEveryCheck()
{
    FakeOipServer srv;
    ProbeOptions o = quick(srv.url());
    o.durationS = 0.15;
    o.maxWindows = 3;
    auto r = runProbe(HttpClient(), o);
    QVERIFY(r.ok());
    const Json j = probeReportToJson(*r);
    QCOMPARE(j["passed"].get<bool>(), true);
    QCOMPARE(j["checks"].size(), r->checks.size());
    QCOMPARE(j["checks"][0]["id"].get<std::string>(), std::string("server.live"));
    QVERIFY(j["load"].contains("p99_us"));
    QVERIFY(j["load"].contains("requests_per_s"));
}

QTEST_GUILESS_MAIN(tst_OipProbe)
#include "tst_oip_probe.moc"
