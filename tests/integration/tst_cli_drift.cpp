// `mdeck drift` end to end: the real binary trains the Seattle weather model
// on the early days, the demo log replays the later days as traffic, and the
// drift verbs report, back-test, watch (with a webhook to 127.0.0.1) and
// export a snapshot that the reader opens without the workspace.

#include "mdeck_runner.h"

#include "core/auth/user_directory.h"
#include "core/monitor/demo_log.h"
#include "core/monitor/snapshot.h"
#include "core/registry/model_registry.h"
#include "core/store/workspace.h"
#include "tests/core/net/local_server.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace mdeck;
using namespace mdeck::test;

class tst_CliDrift : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reportJsonAndText();
    void rulesValidateListTest();
    void watchFiresWebhook();
    void exportSnapshot();
    void usageErrors();

private:
    QTemporaryDir m_tmp;
    QString m_ws;
    QString writeText(const QString &name, const QByteArray &text)
    {
        const QString path = m_tmp.filePath(name);
        writeBytes(path, text);
        return path;
    }
};

void tst_CliDrift::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_ws = m_tmp.filePath(u"ws"_s);
    MdeckRunner cli(m_ws);
    QCOMPARE(cli.run({u"init"_s}).exitCode, 0);
    const CliResult t = cli.run({u"train"_s, u"--data"_s, dataFile(u"seattle-weather.csv"_s),
                                 u"--target"_s, u"weather"_s, u"--time-column"_s, u"date"_s,
                                 u"--epochs"_s, u"5"_s, u"--hidden"_s, u"16"_s, u"--register"_s,
                                 u"seattle-weather"_s, u"--quiet"_s});
    QVERIFY2(t.exitCode == 0, t.describe().constData());
    // The console calls this when it builds the demo workspace.
    auto ws = store::Workspace::open(m_ws.toStdString()).value();
    registry::ModelRegistry reg(*ws);
    auth::UserDirectory users(ws->db());
    const auth::Actor actor = users.resolve(std::nullopt, auth::osLogin()).value();
    monitor::DemoLogOptions options;
    options.rowsPerDay = 4;
    auto written = monitor::writeDemoPredictionLog(*ws, reg, actor, "seattle-weather", "1",
                                                   dataFile(u"seattle-weather.csv"_s).toStdString(),
                                                   options);
    QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
    QVERIFY(*written > 1500);
}

void tst_CliDrift::reportJsonAndText()
{
    MdeckRunner cli(m_ws);
    const CliResult r = cli.run({u"drift"_s, u"report"_s, u"--deployment"_s, u"seattle-weather"_s,
                                 u"--window"_s, u"30d"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QJsonArray windows = r.json().value(u"windows"_s).toArray();
    QVERIFY(windows.size() >= 12);
    const QJsonObject first = windows.first().toObject();
    QCOMPARE(first.value(u"features"_s).toArray().size(), 4);
    QVERIFY(first.value(u"performance"_s).toObject().value(u"labelled"_s).toInt() > 0);
    // Seasonal drift: some month drifts on temperature against the all-year reference.
    bool anyDrift = false;
    for (const auto &w : windows)
        for (const auto &f : w.toObject().value(u"features"_s).toArray())
            anyDrift |= f.toObject().value(u"drift"_s).toBool();
    QVERIFY(anyDrift);
    const CliResult text = cli.run({u"drift"_s, u"report"_s, u"--deployment"_s,
                                    u"seattle-weather"_s, u"--window"_s, u"30d"_s});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("temp_max"));
    QVERIFY(text.out.contains("WINDOW"));
}

void tst_CliDrift::rulesValidateListTest()
{
    MdeckRunner cli(m_ws);
    const QString good = writeText(u"rules.yaml"_s,
                                   "rules:\n  - name: temp\n    statistic: feature.temp_max.drift\n"
                                   "    threshold: 1\n    for: 2\n");
    QCOMPARE(cli.run({u"drift"_s, u"rules"_s, u"validate"_s, good}).exitCode, 0);
    const CliResult list = cli.run({u"drift"_s, u"rules"_s, u"list"_s, good});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains("feature.temp_max.drift >= 1"));
    const QString bad = writeText(u"bad.yaml"_s,
                                  "rules:\n  - name: x\n    statistic: rows\n"
                                  "    threshold: 1\n    colour: red\n");
    const CliResult b = cli.run({u"drift"_s, u"rules"_s, u"validate"_s, bad});
    QCOMPARE(b.exitCode, 1);
    QVERIFY2(b.err.contains("bad.yaml:5"), b.err.constData());
    const CliResult t = cli.run({u"drift"_s, u"rules"_s, u"test"_s, good, u"--deployment"_s,
                                 u"seattle-weather"_s, u"--window"_s, u"30d"_s, u"--json"_s});
    QVERIFY2(t.exitCode == 0, t.describe().constData());
    const QJsonObject rule = t.json().value(u"rules"_s).toArray().first().toObject();
    QVERIFY(rule.value(u"windows"_s).toInt() >= 12);
    QVERIFY(rule.value(u"breaching"_s).toInt() >= rule.value(u"firings"_s).toInt());
}

void tst_CliDrift::watchFiresWebhook()
{
    LocalServer server;
    std::atomic<int> hits{0};
    server.server().Post("/hook", [&](const httplib::Request &, httplib::Response &res) {
        res.status = ++hits == 1 ? 503 : 200; // the first delivery is retried
    });
    server.start();
    const QString rules = writeText(u"watch.yaml"_s,
                                    "rules:\n  - name: any rows\n    statistic: rows\n"
                                    "    threshold: 1\n    cooldown: 3650d\n    actions:\n"
                                    "      - webhook: "
                                        + QByteArray::fromStdString(server.url("/hook")) + "\n");
    MdeckRunner cli(m_ws);
    const CliResult r = cli.run({u"drift"_s, u"watch"_s, u"--deployment"_s, u"seattle-weather"_s,
                                 u"--window"_s, u"7d"_s, u"--rules"_s, rules, u"--cycles"_s, u"2"_s,
                                 u"--interval"_s, u"0.1"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QVERIFY(r.out.contains("ALERT any rows"));
    QCOMPARE(hits.load(), 2);
    const CliResult alerts = cli.run({u"drift"_s, u"alerts"_s, u"--json"_s});
    QCOMPARE(alerts.exitCode, 0);
    QVERIFY(alerts.out.contains("\"outcome\": \"ok\""));
}

void tst_CliDrift::exportSnapshot()
{
    MdeckRunner cli(m_ws);
    const QString out = m_tmp.filePath(u"drift.mdsnap"_s);
    const CliResult r = cli.run({u"drift"_s, u"export"_s, u"--deployment"_s, u"seattle-weather"_s,
                                 u"--window"_s, u"30d"_s, u"--from"_s, u"2015-01-01"_s, u"--out"_s,
                                 out});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    auto snap = monitor::readSnapshot(out.toStdString());
    QVERIFY2(snap.ok(), snap.ok() ? "" : snap.error().message.c_str());
    QVERIFY(snap->windows.size() >= 10);
    QCOMPARE(snap->model, std::string("seattle-weather"));
    QVERIFY(snap->windows.front().start >= 1420070400000 - 30LL * 86400000);
    QCOMPARE(snap->reference.columns.size(), std::size_t(4));
}

void tst_CliDrift::usageErrors()
{
    MdeckRunner cli(m_ws);
    QCOMPARE(cli.run({u"drift"_s, u"report"_s}).exitCode, 1); // no series named
    QCOMPARE(cli.run({u"drift"_s, u"report"_s, u"--deployment"_s, u"x"_s, u"--window"_s,
                      u"5 parsecs"_s})
                 .exitCode,
             1);
    QCOMPARE(cli.run({u"drift"_s, u"report"_s, u"--deployment"_s, u"x"_s, u"--method"_s, u"magic"_s})
                 .exitCode,
             2);
    const CliResult nothing = cli.run({u"drift"_s, u"report"_s, u"--deployment"_s, u"none"_s});
    QCOMPARE(nothing.exitCode, 1);
    QVERIFY(nothing.err.contains("no predictions"));
}

QTEST_GUILESS_MAIN(tst_CliDrift)
#include "tst_cli_drift.moc"
