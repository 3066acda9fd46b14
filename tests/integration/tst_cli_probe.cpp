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
    void realMdeckServeConforms();
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

// `mdeck serve` as a user starts it, probed by `mdeck probe` with no --model:
// the model comes from the server's repository index.
void tst_CliProbe::realMdeckServeConforms()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(u"ws"_s);
    QCOMPARE(MdeckRunner().run({u"init"_s, ws}).exitCode, 0);
    MdeckRunner r(ws);
    const CliResult reg = r.run({u"model"_s, u"register"_s, u"bc"_s, u"--artifact"_s, modelFile(),
                                 u"--signature"_s, signatureFile()});
    QVERIFY2(reg.exitCode == 0, reg.describe());

    std::unique_ptr<QProcess> server(
        r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--model"_s, u"bc"_s}));
    QByteArray seen;
    QString url;
    server->waitForStarted(30000);
    for (int i = 0; i < 300 && url.isEmpty() && server->state() == QProcess::Running; ++i) {
        server->waitForReadyRead(100);
        seen += server->readAllStandardOutput();
        const int at = seen.indexOf("Serving on ");
        const int nl = seen.indexOf('\n', at);
        if (at >= 0 && nl > at)
            url = QString::fromUtf8(seen.mid(at + 11, nl - at - 11)).trimmed();
    }
    QVERIFY2(!url.isEmpty(), seen.constData());

    const CliResult probe = MdeckRunner().run({u"probe"_s, url, u"--model"_s, u"bc"_s,
                                               u"--duration"_s, u"1"_s, u"--concurrency"_s, u"2"_s,
                                               u"--json"_s});
    server->terminate();
    QVERIFY(server->waitForFinished(30000));
    QVERIFY2(probe.jsonParses(), probe.describe());
    QVERIFY2(probe.exitCode == 0, probe.describe());
    const QJsonObject j = probe.json();
    QCOMPARE(j[u"model"_s].toString(), u"bc"_s);
    QCOMPARE(j[u"failed"_s].toInt(), 0);
    QVERIFY(j[u"load"_s].toObject()[u"requests"_s].toInteger() > 0);
}

QTEST_GUILESS_MAIN(tst_CliProbe)
#include "tst_cli_probe.moc"
