// `mdeck probe` end to end: the real binary against in-test Open Inference
// Protocol servers on 127.0.0.1, one that follows the protocol and one that
// breaks it; no workspace is needed.

#include "../core/net/fake_oip_server.h"
#include "mdeck_runner.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace mdeck::test;
using namespace Qt::StringLiterals;

class tst_CliProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void conformingServerPassesWithLoadFigures();
    void brokenServerExitsOneNamingEachFailure();
    void malformedUrlIsAUsageError();
    void malformedInputFileIsNamed();
};

void tst_CliProbe::conformingServerPassesWithLoadFigures()
{
    FakeOipServer srv;
    MdeckRunner cli;
    CliResult r = cli.run({u"probe"_s, QString::fromStdString(srv.url()), u"--model"_s, u"iris"_s,
                           u"--duration"_s, u"0.3"_s, u"--concurrency"_s, u"2"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.jsonParses(), r.describe());
    const QJsonObject j = r.json();
    QCOMPARE(j[u"passed"_s].toBool(), true);
    QCOMPARE(j[u"checks"_s].toArray().size(), 10);
    QVERIFY(j[u"load"_s].toObject()[u"p99_us"_s].toDouble() > 0);
    QVERIFY(j[u"load"_s].toObject()[u"requests_per_s"_s].toDouble() > 0);
    QVERIFY(srv.inferCalls() > 3);

    r = cli.run({u"probe"_s, QString::fromStdString(srv.url()), u"--duration"_s, u"0"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.contains("PASS") && r.out.contains("(model iris)"), r.describe());
    QVERIFY2(r.out.contains("0 failed"), r.describe());
}

void tst_CliProbe::brokenServerExitsOneNamingEachFailure()
{
    OipFaults f;
    f.readyIs500 = true;
    f.plainTextErrors = true;
    f.unknownModelIs500 = true;
    FakeOipServer srv(f);
    MdeckRunner cli;
    const CliResult r = cli.run({u"probe"_s, QString::fromStdString(srv.url()), u"--model"_s,
                                 u"iris"_s, u"--duration"_s, u"0"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("FAIL  Server ready"), r.describe());
    QVERIFY2(r.out.contains("answered HTTP 500, not a 4xx"), r.describe());
    QVERIFY2(r.out.contains("'bad request'"), r.describe());
    QVERIFY2(r.err.contains("4 of 9 conformance checks failed"), r.describe());
}

void tst_CliProbe::malformedUrlIsAUsageError()
{
    MdeckRunner cli;
    const CliResult r = cli.run({u"probe"_s, u"localhost:8080"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("malformed URL"), r.describe());
}

void tst_CliProbe::malformedInputFileIsNamed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"inputs.json"_s);
    QVERIFY(writeBytes(path, "[{\"name\": \"x\", \"shape\": [1, 4]}]"));
    MdeckRunner cli;
    const CliResult r = cli.run({u"probe"_s, u"http://127.0.0.1:9/"_s, u"--input-json"_s, path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(path.toUtf8()) && r.err.contains("inputs[0]"), r.describe());
}

QTEST_GUILESS_MAIN(tst_CliProbe)
#include "tst_cli_probe.moc"
