// Windows over a real prediction log in a scratch workspace: the shipped
// TorchScript model with breast_cancer.csv as its reference; predictions
// written as the server writes them, drifted on purpose in later windows.

#include "core/common/files.h"
#include "core/data/csv_reader.h"
#include "core/monitor/monitor_service.h"
#include "core/monitor/rules.h"
#include "core/monitor/snapshot.h"
#include "core/store/database.h"
#include "core/store/prediction_store.h"
#include "tests/core/net/local_server.h"
#include "tests/core/test_support.h"

#include <QTest>

using namespace mdeck;
using namespace mdeck::monitor;

namespace {

// Answers 503 `failures` times, then 200; remembers the last body.
struct Receiver
{
    test::LocalServer server;
    std::atomic<int> count{0};
    std::mutex mutex;
    std::string body;

    explicit Receiver(int failures)
    {
        server.server().Post("/hook",
                             [this, failures](const httplib::Request &req, httplib::Response &res) {
                                 {
                                     std::lock_guard lock(mutex);
                                     body = req.body;
                                 }
                                 res.status = ++count <= failures ? 503 : 200;
                             });
        server.start();
    }
    std::string lastBody()
    {
        std::lock_guard lock(mutex);
        return body;
    }
};

struct Fixture
{
    test::ScratchWorkspace s;
    registry::ModelRegistry reg{*s.ws};
    MonitorService service{*s.ws, reg};
    std::int64_t versionId = 0;
    data::Table table;
    std::int64_t nextRequest = 0;

    Fixture()
    {
        registry::NewVersion v;
        v.model = "cancer";
        v.artifactPath = test::dataFile("models/breast_cancer_mlp.torchscript.pt");
        v.signature = test::shippedSignature();
        versionId = reg.registerVersion(s.admin, v).value().id;
        table = data::readCsv(test::dataFile("breast_cancer.csv")).value();
    }

    SeriesSpec spec(std::int64_t rows = 100) const
    {
        SeriesSpec sp;
        sp.deployment = "web";
        sp.model = "cancer";
        sp.version = 1;
        sp.size = rows;
        sp.referenceCsv = test::dataFile("breast_cancer.csv");
        return sp;
    }

    // `rows` predictions from the table (cycling), the first feature scaled
    // by `scale`, one per second from `time`; labels for every other row.
    void log(std::size_t rows, double scale, std::int64_t time, bool nullFirst = false)
    {
        auto &db = s.ws->db();
        auto tx = db.begin().value();
        store::PredictionBlockWriter log(db);
        auto fb = db.prepare("INSERT INTO feedback (request_id, row, label, time, source) "
                             "VALUES (?1, 0, ?2, ?3, 'test')")
                      .value();
        const std::size_t nf = table.columns.size() - 1;
        for (std::size_t i = 0; i < rows; ++i) {
            const std::size_t r = (nextRequest + i) % table.rows;
            Json inputs = Json::array();
            for (std::size_t f = 0; f < nf; ++f) {
                double x = table.columns[f].numbers[r];
                if (f == 0)
                    x *= scale;
                inputs.push_back(f == 0 && nullFirst ? Json(nullptr) : Json(x));
            }
            const bool benign = table.columns[nf].numbers[r] > 0.5;
            const Json outputs = benign ? Json::array({0.2, 0.8}) : Json::array({0.9, 0.1});
            const std::string id = "req-" + std::to_string(nextRequest + i);
            const std::string inputText = inputs.dump(), outputText = outputs.dump();
            store::PredictionEntry e;
            e.timeMs = time + static_cast<std::int64_t>(i) * 1000;
            e.deployment = "web";
            e.versionId = versionId;
            e.role = "stable";
            e.requestId = id;
            e.inputs = inputText;
            e.outputs = outputText;
            e.latencyUs = 100;
            QVERIFY(log.add(e).ok());
            if (i % 2 == 0) {
                fb.reset();
                fb.bind(1, id).bind(2, benign ? "benign" : "malignant").bind(3, time);
                QVERIFY(fb.run().ok());
            }
        }
        nextRequest += static_cast<std::int64_t>(rows);
        QVERIFY(log.flush().ok());
        QVERIFY(tx.commit().ok());
    }
};

} // namespace

class tst_MonitorService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void windowsByRowsAreIncremental();
    void driftQualityPerformance();
    void windowsByTime();
    void lateLabelsRefreshPerformance();
    void badInput();
    void rulesParse_data();
    void rulesParse();
    void rulesConsecutiveAndCooldown();
    void backtestMatchesEngine();
    void webhookDeliveredWithRetries();
    void snapshotRoundTrip();
    void snapshotRefusesBadFiles_data();
    void snapshotRefusesBadFiles();
};

void tst_MonitorService::windowsByRowsAreIncremental()
{
    Fixture f;
    f.log(250, 1.0, 1'700'000'000'000);
    auto first = f.service.update(f.spec(), f.s.admin);
    MDECK_VERIFY_OK(first);
    QCOMPARE(first->added.size(), std::size_t(2)); // 50 rows wait for the next window
    QCOMPARE(first->rowsRead, std::uint64_t(250));
    f.log(60, 1.0, 1'700'001'000'000);
    auto second = f.service.update(f.spec(), f.s.admin);
    MDECK_VERIFY_OK(second);
    QCOMPARE(second->added.size(), std::size_t(1));
    QCOMPARE(second->added[0].rows, std::uint64_t(100));
    auto again = f.service.update(f.spec(), f.s.admin);
    MDECK_VERIFY_OK(again);
    QCOMPARE(again->added.size(), std::size_t(0));
    auto flushed = f.service.update(f.spec(), f.s.admin, true);
    MDECK_VERIFY_OK(flushed);
    QCOMPARE(flushed->added.size(), std::size_t(1));
    QCOMPARE(flushed->added[0].rows, std::uint64_t(10));
    auto list = f.service.listWindows({f.spec().key(), 0, 0, 100});
    MDECK_VERIFY_OK(list);
    QCOMPARE(list->size(), std::size_t(4));
    auto series = f.service.listSeries();
    MDECK_VERIFY_OK(series);
    QCOMPARE(series->size(), std::size_t(1));
}

void tst_MonitorService::driftQualityPerformance()
{
    Fixture f;
    f.log(300, 1.0, 1'700'000'000'000);
    f.log(300, 1.8, 1'700'001'000'000); // mean_radius shifted far out
    auto up = f.service.update(f.spec(300), f.s.admin);
    MDECK_VERIFY_OK(up);
    QCOMPARE(up->added.size(), std::size_t(2));
    const WindowResult &calm = up->added[0], &drifted = up->added[1];
    QCOMPARE(calm.features.size(), std::size_t(30));
    QCOMPARE(calm.features[0].method, DriftMethod::KS); // 569 reference rows, numeric
    QVERIFY(!calm.features[0].drift);
    QVERIFY(drifted.features[0].drift);
    QVERIFY(drifted.features[0].outOfRange > 0);
    QVERIFY(drifted.features[0].score < 1e-6);
    QVERIFY(!drifted.features[1].drift);
    QVERIFY(calm.performance.has_value());
    QVERIFY(!calm.performance->estimated);
    QCOMPARE(calm.performance->labelled, std::uint64_t(150));
    QCOMPARE(calm.performance->metrics.at("accuracy"), 1.0);
    QVERIFY(drifted.output.has_value()); // output baseline = the first window
    QVERIFY(windowStatistic(drifted, "feature.mean_radius.drift") == 1.0);
    QVERIFY(windowStatistic(drifted, "feature.*.score") < 1e-6);
    QVERIFY(!windowStatistic(drifted, "feature.nope.score").has_value());
    QVERIFY(drifted.features[0].histogram.size() == 22);

    // A window whose first feature is all missing: a defined result, not a number.
    f.log(300, 1.0, 1'700'002'000'000, true);
    auto missing = f.service.update(f.spec(300), f.s.admin);
    MDECK_VERIFY_OK(missing);
    const FeatureStats &fs = missing->added.at(0).features[0];
    QVERIFY(std::isnan(fs.score));
    QCOMPARE(fs.error, std::string("all values missing"));
    QCOMPARE(fs.missingRate(), 1.0);
    QVERIFY(!fs.drift);
}

void tst_MonitorService::windowsByTime()
{
    Fixture f;
    const std::int64_t hour = 3'600'000, t0 = 1'700'000'000'000 / hour * hour;
    f.log(100, 1.0, t0);            // 100 s into hour 0
    f.log(100, 1.0, t0 + hour + 5); // hour 1
    f.log(10, 1.0, t0 + 2 * hour);  // hour 2
    SeriesSpec sp = f.spec();
    QVERIFY(parseWindowSize("1h", sp).ok());
    auto up = f.service.update(sp, f.s.admin);
    MDECK_VERIFY_OK(up);
    QCOMPARE(up->added.size(), std::size_t(3)); // all three hours are in the past
    QCOMPARE(up->added[0].start, t0);
    QCOMPARE(up->added[0].end, t0 + hour);
    QCOMPARE(up->added[1].rows, std::uint64_t(100));
    QVERIFY(!parseWindowSize("0", sp).ok());
    QVERIFY(!parseWindowSize("5 parsecs", sp).ok());
    QVERIFY(!parseWindowSize("12x", sp).ok());
}

void tst_MonitorService::lateLabelsRefreshPerformance()
{
    Fixture f;
    f.log(100, 1.0, 1'700'000'000'000);
    auto up = f.service.update(f.spec(), f.s.admin);
    MDECK_VERIFY_OK(up);
    QCOMPARE(up->added.at(0).performance->labelled, std::uint64_t(50));
    {
        // The other half of the labels arrives later.
        auto tx = f.s.ws->db().begin().value();
        for (int i = 1; i < 100; i += 2) {
            auto st = f.s.ws->db()
                          .prepare("INSERT INTO feedback (request_id, row, label, time, source) "
                                   "VALUES (?1, 0, 'benign', 1, 'late')")
                          .value();
            st.bind(1, "req-" + std::to_string(i));
            QVERIFY(st.run().ok());
        }
        QVERIFY(tx.commit().ok());
    }
    auto refreshed = f.service.refreshPerformance(f.spec(), f.s.admin);
    MDECK_VERIFY_OK(refreshed);
    QCOMPARE(*refreshed, std::size_t(1));
    auto stored = f.service.window(up->added.at(0).id);
    MDECK_VERIFY_OK(stored);
    QCOMPARE(stored->performance->labelled, std::uint64_t(100));
    QCOMPARE(f.service.refreshPerformance(f.spec(), f.s.admin).value(), std::size_t(0));
}

void tst_MonitorService::badInput()
{
    Fixture f;
    SeriesSpec sp = f.spec();
    sp.referenceCsv.clear();
    auto noRef = f.service.update(sp, f.s.admin);
    QVERIFY(!noRef.ok());
    QVERIFY(noRef.error().message.find("reference") != std::string::npos);
    sp.referenceCsv = test::dataFile("penguins.csv"); // lacks the features
    auto wrongRef = f.service.update(sp, f.s.admin);
    QVERIFY(!wrongRef.ok());
    QVERIFY(wrongRef.error().message.find("mean_radius") != std::string::npos);
    SeriesSpec unknown = f.spec();
    unknown.model.clear();
    unknown.version = 0;
    unknown.deployment = "nowhere";
    QCOMPARE(f.service.update(unknown, f.s.admin).error().code, ErrorCode::NotFound);
    // A row with the wrong number of inputs counts as a bad row.
    {
        auto tx = f.s.ws->db().begin().value();
        store::PredictionBlockWriter log(f.s.ws->db());
        store::PredictionEntry e;
        e.timeMs = 1;
        e.deployment = "web";
        e.versionId = f.versionId;
        e.role = "stable";
        e.requestId = "x";
        e.inputs = "[1,2]";
        e.outputs = "not json";
        e.latencyUs = 1;
        QVERIFY(log.add(e).ok());
        QVERIFY(log.flush().ok());
        QVERIFY(tx.commit().ok());
    }
    auto up = f.service.update(f.spec(), f.s.admin, true);
    MDECK_VERIFY_OK(up);
    QCOMPARE(up->added.at(0).badRows, std::uint64_t(1));
    ModelInfo info;
    info.features = {"a"};
    QVERIFY(!evaluateWindow(Reference{}, info, {}).ok()); // empty window
}

void tst_MonitorService::rulesParse_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addRow("not yaml") << QByteArray("rules: [\n") << 2;
    QTest::addRow("no rules key") << QByteArray("alerts: []\n") << 1;
    QTest::addRow("unknown field") << QByteArray("rules:\n  - name: a\n    colour: red\n") << 3;
    QTest::addRow("unknown statistic")
        << QByteArray("rules:\n  - name: a\n    statistic: feature.x.colour\n    threshold: 1\n")
        << 2;
    QTest::addRow("threshold text")
        << QByteArray("rules:\n  - name: a\n    statistic: rows\n    threshold: high\n") << 4;
    QTest::addRow("bad op") << QByteArray(
        "rules:\n  - name: a\n    statistic: rows\n    threshold: 1\n    op: '=='\n")
                            << 5;
    QTest::addRow("bad cooldown") << QByteArray("rules:\n  - name: a\n    statistic: rows\n    "
                                                "threshold: 1\n    cooldown: soon\n")
                                  << 5;
    QTest::addRow("for zero") << QByteArray(
        "rules:\n  - name: a\n    statistic: rows\n    threshold: 1\n    for: 0\n")
                              << 2;
    QTest::addRow("bad webhook url")
        << QByteArray("rules:\n  - name: a\n    statistic: rows\n    threshold: 1\n    actions:\n"
                      "      - webhook: ftp://x\n")
        << 6;
    QTest::addRow("unknown action")
        << QByteArray("rules:\n  - name: a\n    statistic: rows\n    threshold: 1\n    actions:\n"
                      "      - email: me\n")
        << 6;
    QTest::addRow("duplicate name") << QByteArray("rules:\n  - {name: a, statistic: rows, "
                                                  "threshold: 1}\n  - {name: a, statistic: rows, "
                                                  "threshold: 2}\n")
                                    << 3;
    QTest::addRow("missing threshold")
        << QByteArray("rules:\n  - name: a\n    statistic: rows\n") << 2;
}

void tst_MonitorService::rulesParse()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    auto r = parseRules(yaml.toStdString(), "rules.yaml");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(r.error().message.rfind("rules.yaml:", 0) == 0, r.error().message.c_str());
    QCOMPARE(r.error().line, line);
    auto good = parseRules("rules:\n  - name: drift\n    statistic: feature.*.drift\n    "
                           "threshold: 1\n    for: 2\n    cooldown: 1h\n    actions:\n      - "
                           "webhook: http://127.0.0.1:1/x\n      - rollback: web\n",
                           "ok.yaml");
    MDECK_VERIFY_OK(good);
    QCOMPARE(good->at(0).consecutive, 2);
    QCOMPARE(good->at(0).cooldownMs, std::int64_t(3'600'000));
    QCOMPARE(good->at(0).actions.size(), std::size_t(2));
}

void tst_MonitorService::rulesConsecutiveAndCooldown()
{
    test::ScratchWorkspace s;
    std::vector<WindowResult> windows(8);
    const double values[8] = {0.5, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    for (int i = 0; i < 8; ++i) {
        windows[i].id = i + 1;
        windows[i].start = i * 60'000;
        windows[i].driftShare = values[i];
    }
    AlertRule rule;
    rule.name = "share";
    rule.statistic = "drift_share";
    rule.threshold = 0.5;
    rule.consecutive = 2;
    rule.cooldownMs = 3 * 60'000;
    rule.actions = {{"rollback", "web", 0}, {"pipeline", "retrain", 0}};
    int rollbacks = 0;
    ActionHandlers handlers;
    handlers.rollback = [&](const Firing &, const RuleAction &) -> Result<void> {
        ++rollbacks;
        return success();
    };
    AlertEngine engine(s.ws->db(), handlers);
    // Windows 3,4 breach → fire at 4 (t=3m); the run 5,6 meets `for` during the
    // cooldown (until t=6m), so the rule fires again at 7 (t=6m), the first window after it.
    auto firstHalf = engine.evaluate({rule}, "s", std::span(windows).first(5), s.admin);
    MDECK_VERIFY_OK(firstHalf);
    QCOMPARE(firstHalf->size(), std::size_t(1));
    QCOMPARE(firstHalf->at(0).windowId, std::int64_t(4));
    auto rest = engine.evaluate({rule}, "s", windows, s.admin); // seen windows are skipped
    MDECK_VERIFY_OK(rest);
    QCOMPARE(rest->size(), std::size_t(1));
    QCOMPARE(rest->at(0).windowId, std::int64_t(7));
    QCOMPARE(rollbacks, 2);
    auto history = engine.history("share");
    MDECK_VERIFY_OK(history);
    QCOMPARE(history->size(), std::size_t(6)); // 2 × (fire, rollback ok, pipeline unbound)
    QCOMPARE(history->at(2).outcome, std::string("unbound"));
    auto audit = auth::AuditLog::list(s.ws->db(), {});
    MDECK_VERIFY_OK(audit);
    int alertEntries = 0;
    for (const auto &e : *audit)
        alertEntries += e.action.rfind("alert.", 0) == 0;
    QCOMPARE(alertEntries, 6);
}

void tst_MonitorService::backtestMatchesEngine()
{
    StatisticSeries series;
    for (int i = 0; i < 8; ++i) {
        series.windowIds.push_back(i + 1);
        series.starts.push_back(i * 60'000);
    }
    series.values = {0.5, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    auto r = backtest(series, CompareOp::GreaterEqual, 0.5, 2, 3 * 60'000);
    QCOMPARE(r.firings, std::size_t(2));
    QCOMPARE(r.firstFiredWindow, std::int64_t(4));
    QCOMPARE(r.breaching, std::size_t(7));
    QCOMPARE(backtest(series, CompareOp::GreaterEqual, 0.6).firings, std::size_t(0));
    QCOMPARE(backtest(series, CompareOp::Greater, 0.1).firings, std::size_t(7));
    series.values[3] = std::nan("");
    QCOMPARE(backtest(series, CompareOp::GreaterEqual, 0.5, 2).firstFiredWindow, std::int64_t(6));
}

void tst_MonitorService::webhookDeliveredWithRetries()
{
    Receiver receiver(2);
    AlertRule rule;
    rule.name = "rows";
    rule.statistic = "rows";
    rule.threshold = 1;
    rule.actions = {{"webhook", receiver.server.url("/hook"), 0}};
    QVERIFY(validateRule(rule).ok());
    test::ScratchWorkspace s;
    ActionHandlers handlers;
    handlers.webhook = makeWebhookHandler(3, 10);
    AlertEngine engine(s.ws->db(), handlers);
    WindowResult w;
    w.id = 1;
    w.rows = 5;
    auto fired = engine.evaluate({rule}, "s", std::span(&w, 1), s.admin);
    MDECK_VERIFY_OK(fired);
    QCOMPARE(fired->size(), std::size_t(1));
    QCOMPARE(receiver.count.load(), 3);
    const Json body = Json::parse(receiver.lastBody());
    QCOMPARE(body["rule"].get<std::string>(), std::string("rows"));
    QCOMPARE(body["value"].get<double>(), 5.0);
    auto history = engine.history("rows");
    MDECK_VERIFY_OK(history);
    QCOMPARE(history->back().action, std::string("webhook"));
    QCOMPARE(history->back().outcome, std::string("ok"));

    // A receiver that never answers 2xx: the failure is recorded, nothing throws.
    Receiver failing(100);
    rule.name = "rows2";
    rule.actions = {{"webhook", failing.server.url("/hook"), 0}};
    auto failed = engine.evaluate({rule}, "s", std::span(&w, 1), s.admin);
    MDECK_VERIFY_OK(failed);
    auto h2 = engine.history("rows2");
    QCOMPARE(h2->back().outcome, std::string("failed"));
}

void tst_MonitorService::snapshotRoundTrip()
{
    Fixture f;
    f.log(250, 1.0, 1'700'000'000'000);
    auto snap = f.service.snapshot(f.spec(), f.s.admin);
    MDECK_VERIFY_OK(snap);
    QCOMPARE(snap->windows.size(), std::size_t(2));
    const std::string path = f.s.path("drift.mdsnap");
    MDECK_VERIFY_OK(writeSnapshot(*snap, path));
    auto back = readSnapshot(path);
    MDECK_VERIFY_OK(back);
    QCOMPARE(back->windows.size(), std::size_t(2));
    QCOMPARE(back->model, std::string("cancer"));
    QCOMPARE(back->reference.columns.size(), std::size_t(30));
    QCOMPARE(back->windows[1].features[0].score, snap->windows[1].features[0].score);
    QCOMPARE(back->windows[0].features[0].sample.size(), std::size_t(100));
}

void tst_MonitorService::snapshotRefusesBadFiles_data()
{
    QTest::addColumn<int>("cut"); // bytes removed from the end, or -1 foreign, -2 flipped byte
    QTest::addColumn<int>("code");
    QTest::addRow("truncated") << 10 << int(ErrorCode::InvalidArgument);
    QTest::addRow("foreign") << -1 << int(ErrorCode::InvalidArgument);
    QTest::addRow("corrupted") << -2 << int(ErrorCode::Integrity);
    QTest::addRow("newer format") << -3 << int(ErrorCode::Unsupported);
    QTest::addRow("empty") << -4 << int(ErrorCode::InvalidArgument);
}

void tst_MonitorService::snapshotRefusesBadFiles()
{
    QFETCH(int, cut);
    QFETCH(int, code);
    Snapshot s;
    s.model = "m";
    WindowResult w;
    w.rows = 3;
    s.windows.push_back(w);
    std::string bytes = encodeSnapshot(s).value();
    MDECK_VERIFY_OK(decodeSnapshot(bytes, "x"));
    if (cut > 0)
        bytes.resize(bytes.size() - static_cast<std::size_t>(cut));
    else if (cut == -1)
        bytes = "PK\x03\x04 this is a zip file";
    else if (cut == -2)
        bytes[bytes.size() - 5] ^= 1;
    else if (cut == -3)
        bytes.replace(0, std::strlen(kSnapshotMagic) + 2, std::string(kSnapshotMagic) + " 9");
    else
        bytes.clear();
    auto r = decodeSnapshot(bytes, "drift.mdsnap");
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().code), code);
    QVERIFY(r.error().message.rfind("drift.mdsnap: ", 0) == 0);
}

QTEST_GUILESS_MAIN(tst_MonitorService)
#include "tst_monitor_service.moc"
