// `mdeck serve` as a user runs it: a real process on a free port, a Python
// client that speaks only the protocol's JSON, Ctrl-C/SIGTERM, tokens, and a
// SIGKILL while logging under load after which the workspace is intact.

#include "mdeck_runner.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <csignal>

using namespace mdeck::test;
using namespace Qt::StringLiterals;

namespace {

QString python()
{
    return u"/usr/bin/python3"_s;
}

QString client()
{
    return QStringLiteral(MDECK_SOURCE_DIR "/tests/integration/oip_client.py");
}

// Waits for "Serving on URL" on the server's stdout.
QString waitForUrl(QProcess &p)
{
    QByteArray seen;
    p.waitForStarted(30000);
    for (int i = 0; i < 300 && p.state() == QProcess::Running; ++i) {
        p.waitForReadyRead(100);
        seen += p.readAllStandardOutput();
        const int at = seen.indexOf("Serving on ");
        const int nl = seen.indexOf('\n', at);
        if (at >= 0 && nl > at)
            return QString::fromUtf8(seen.mid(at + 11, nl - at - 11)).trimmed();
    }
    qWarning("no URL; stdout: %s\nstderr: %s", seen.constData(),
             p.readAllStandardError().constData());
    return {};
}

qint64 scalar(const QString &db, const char *sql)
{
    sqlite3 *h = nullptr;
    qint64 v = -1;
    if (sqlite3_open_v2(db.toUtf8().constData(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK
            && sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

} // namespace

class tst_CliServe : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_ws;

    QString db() const { return m_ws + u"/modeldeck.db"_s; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.path() + u"/ws"_s;
        MdeckRunner init;
        QCOMPARE(init.run({u"init"_s, m_ws}).exitCode, 0);
        MdeckRunner r(m_ws);
        const CliResult reg = r.run({u"model"_s, u"register"_s, u"bc"_s, u"--artifact"_s,
                                     modelFile(), u"--signature"_s, signatureFile()});
        QVERIFY2(reg.exitCode == 0, reg.describe());
    }

    void pythonClientMatchesPredict()
    {
        MdeckRunner r(m_ws);
        const QString out = m_dir.path() + u"/pred.csv"_s;
        const CliResult pred = r.run({u"predict"_s, u"bc:1"_s, u"--in"_s,
                                      dataFile(u"breast_cancer.csv"_s), u"--out"_s, out, u"-q"_s});
        QVERIFY2(pred.exitCode == 0, pred.describe());
        const QList<QByteArray> lines = readBytes(out).split('\n');

        std::unique_ptr<QProcess> server(
            r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--model"_s, u"bc"_s}));
        const QString url = waitForUrl(*server);
        QVERIFY(url.startsWith(u"http://127.0.0.1:"_s));
        QTRY_COMPARE(scalar(db(), "SELECT COUNT(*) FROM serve_instances"), qint64(1));

        QProcess py;
        py.start(python(),
                 {client(), u"predict"_s, url, u"bc"_s, dataFile(u"breast_cancer.csv"_s), u"25"_s});
        QVERIFY(py.waitForFinished(120000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        const QJsonObject got = QJsonDocument::fromJson(py.readAllStandardOutput()).object();
        const QJsonArray probs = got.value(u"probabilities"_s).toArray();
        const QJsonArray labels = got.value(u"labels"_s).toArray();
        QCOMPARE(probs.size(), 25);
        const QList<QByteArray> header = lines[0].split(',');
        const int predCol = int(header.indexOf("prediction"));
        for (int i = 0; i < 25; ++i) {
            const QList<QByteArray> f = lines[i + 1].split(',');
            QCOMPARE(labels[i].toString(), QString::fromUtf8(f[predCol]));
            for (int c = 0; c < 2; ++c)
                QVERIFY(std::abs(probs[i].toArray()[c].toDouble() - f[predCol + 1 + c].toDouble())
                        < 1e-5);
        }

        ::kill(static_cast<pid_t>(server->processId()), SIGTERM);
        const CliResult stopped = MdeckRunner::collect(*server);
        QVERIFY2(stopped.exitCode == 0, stopped.describe());
        QVERIFY(stopped.err.contains("logged 25 predictions"));
        QCOMPARE(scalar(db(), "SELECT COUNT(*) FROM predictions WHERE request_id LIKE 'py-%'"),
                 qint64(25));
        QCOMPARE(scalar(db(), "SELECT COUNT(*) FROM serve_instances"), qint64(0));
        QVERIFY(r.run({u"audit"_s, u"verify"_s}).exitCode == 0);
    }

    void tokensAreRequiredWhenAsked()
    {
        MdeckRunner r(m_ws);
        const CliResult tok = r.run(
            {u"token"_s, u"create"_s, u"--label"_s, u"serve"_s, u"--json"_s});
        QVERIFY2(tok.exitCode == 0, tok.describe());
        const QString secret = tok.json().value(u"secret"_s).toString();
        QVERIFY(secret.startsWith(u"mdk_"_s));
        std::unique_ptr<QProcess> server(r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--model"_s,
                                                  u"bc"_s, u"--require-token"_s, u"--no-log"_s}));
        const QString url = waitForUrl(*server);
        QVERIFY(!url.isEmpty());
        QProcess bad;
        bad.start(python(),
                  {client(), u"predict"_s, url, u"bc"_s, dataFile(u"breast_cancer.csv"_s), u"1"_s});
        QVERIFY(bad.waitForFinished(60000));
        QVERIFY(bad.exitCode() != 0);
        QVERIFY(bad.readAllStandardError().contains("401"));
        QProcess good;
        good.start(python(),
                   {client(), u"predict"_s, url, u"bc"_s, dataFile(u"breast_cancer.csv"_s), u"2"_s,
                    secret});
        QVERIFY(good.waitForFinished(60000));
        QVERIFY2(good.exitCode() == 0, good.readAllStandardError().constData());
        server->terminate(); // SIGTERM
        QCOMPARE(MdeckRunner::collect(*server).exitCode, 0);
    }

    void sigkillUnderLoadLeavesTheWorkspaceIntact()
    {
        MdeckRunner r(m_ws);
        const qint64 before = scalar(db(), "SELECT COUNT(*) FROM predictions");
        const qint64 lastId = scalar(db(), "SELECT COALESCE(MAX(id), 0) FROM predictions");
        std::unique_ptr<QProcess> server(
            r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--model"_s, u"bc"_s}));
        const QString url = waitForUrl(*server);
        QVERIFY(!url.isEmpty());
        QProcess load;
        load.start(python(),
                   {client(), u"load"_s, url, u"bc"_s, dataFile(u"breast_cancer.csv"_s), u"6"_s,
                    u"8"_s});
        QTRY_VERIFY_WITH_TIMEOUT(scalar(db(), "SELECT COUNT(*) FROM predictions") > before + 200,
                                 30000);
        ::kill(static_cast<pid_t>(server->processId()), SIGKILL);
        server->waitForFinished(10000);
        QVERIFY(load.waitForFinished(60000));

        // The workspace opens, passes SQLite's check and the audit chain, and
        // every committed row is whole.
        QCOMPARE(
            scalar(db(),
                   "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"),
            qint64(0));
        const CliResult verify = r.run({u"audit"_s, u"verify"_s});
        QVERIFY2(verify.exitCode == 0, verify.describe());
        QVERIFY(r.run({u"model"_s, u"list"_s}).exitCode == 0);
        QCOMPARE(scalar(db(),
                        "SELECT COUNT(*) FROM predictions WHERE json_valid(inputs) = 0 "
                        "OR json_valid(outputs) = 0 OR json_array_length(inputs) <> 30"),
                 qint64(0));
        const qint64 atKill = scalar(db(), "SELECT COUNT(*) FROM predictions");
        QVERIFY(atKill > before + 200);
        // The dead server's row stays, with a heartbeat that stops ageing.
        QCOMPARE(scalar(db(), "SELECT COUNT(*) FROM serve_instances"), qint64(1));

        // The next server loads what the dead one had spooled, each row once.
        std::unique_ptr<QProcess> next(
            r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--model"_s, u"bc"_s}));
        QVERIFY(!waitForUrl(*next).isEmpty());
        next->terminate();
        const CliResult stopped = MdeckRunner::collect(*next);
        QVERIFY2(stopped.exitCode == 0, stopped.describe());
        QVERIFY(scalar(db(), "SELECT COUNT(*) FROM predictions") >= atKill);
        const QByteArray twice = "SELECT COUNT(*) FROM (SELECT 1 FROM predictions WHERE id > "
            + QByteArray::number(lastId) + " GROUP BY request_id, row, role HAVING COUNT(*) > 1)";
        QCOMPARE(scalar(db(), twice.constData()), qint64(0));
        QCOMPARE(scalar(db(), "SELECT COUNT(*) FROM prediction_spool"), qint64(0));
        QDir spool(m_ws + u"/spool/predictions"_s);
        QCOMPARE(spool.entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList());
    }

    void servesDeploymentsAndPicksUpNewOnes()
    {
        MdeckRunner r(m_ws);
        const CliResult created = r.run({u"deploy"_s, u"create"_s, u"scoring"_s, u"--model"_s,
                                         u"bc"_s, u"--version"_s, u"1"_s});
        QVERIFY2(created.exitCode == 0, created.describe());
        std::unique_ptr<QProcess> server(r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--no-log"_s}));
        const QString url = waitForUrl(*server);
        QVERIFY(!url.isEmpty());
        auto predictOn = [&](const QString &deployment) {
            QProcess py;
            py.start(python(),
                     {client(), u"predict"_s, url, deployment, dataFile(u"breast_cancer.csv"_s),
                      u"1"_s});
            py.waitForFinished(60000);
            return py.exitCode();
        };
        QCOMPARE(predictOn(u"scoring"_s), 0);
        QVERIFY(predictOn(u"later"_s) != 0);
        QCOMPARE(r.run({u"deploy"_s, u"create"_s, u"later"_s, u"--model"_s, u"bc"_s, u"--version"_s,
                        u"1"_s})
                     .exitCode,
                 0);
        QTRY_COMPARE_WITH_TIMEOUT(predictOn(u"later"_s), 0, 20000);
        server->terminate();
        QCOMPARE(MdeckRunner::collect(*server).exitCode, 0);
    }

    void refusesBadOptions()
    {
        MdeckRunner r(m_ws);
        QCOMPARE(r.run({u"serve"_s, u"--model"_s, u"nope"_s, u"--port"_s, u"0"_s}).exitCode, 1);
        QCOMPARE(r.run({u"serve"_s, u"--port"_s, u"70000"_s, u"--model"_s, u"bc"_s}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(tst_CliServe)
#include "tst_cli_serve.moc"
