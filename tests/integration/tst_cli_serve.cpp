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

// The predictions `mdeck predictions --format jsonl` exports, one object
// each; a line that is not a JSON object fails the test.
QList<QJsonObject> exported(const MdeckRunner &r)
{
    const CliResult res = r.run({u"predictions"_s, u"--format"_s, u"jsonl"_s});
    if (res.exitCode != 0) {
        qWarning("%s", res.describe().constData());
        return {};
    }
    QList<QJsonObject> out;
    for (const QByteArray &line : res.out.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &e);
        if (e.error != QJsonParseError::NoError || !doc.isObject()) {
            qWarning("not a JSON object: %s", line.left(300).constData());
            return {};
        }
        out.append(doc.object());
    }
    return out;
}

qint64 storedRows(const QString &db)
{
    return scalar(db, "SELECT COALESCE(SUM(row_count), 0) FROM prediction_blocks");
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
        QCOMPARE(scalar(db(), "SELECT COUNT(*) FROM serve_instances"), qint64(0));
        QVERIFY(r.run({u"audit"_s, u"verify"_s}).exitCode == 0);

        // What was logged, as `mdeck predictions` shows and exports it.
        const QList<QJsonObject> logged = exported(r);
        QCOMPARE(logged.size(), 25);
        for (int i = 0; i < logged.size(); ++i) {
            const QJsonObject &p = logged[i];
            QVERIFY(p.value(u"request_id"_s).toString().startsWith(u"py-"_s));
            QCOMPARE(p.value(u"deployment"_s).toString(), u"bc"_s);
            QCOMPARE(p.value(u"model"_s).toString(), u"bc"_s);
            QCOMPARE(p.value(u"version"_s).toInt(), 1);
            QCOMPARE(p.value(u"role"_s).toString(), u"stable"_s);
            QCOMPARE(p.value(u"inputs"_s).toArray().size(), 30);
            QCOMPARE(p.value(u"outputs"_s).toArray().size(), 2);
            if (i > 0)
                QVERIFY(p.value(u"id"_s).toDouble() > logged[i - 1].value(u"id"_s).toDouble());
        }
        const CliResult shown = r.run({u"predictions"_s, u"--limit"_s, u"3"_s});
        QVERIFY2(shown.exitCode == 0, shown.describe());
        QCOMPARE(shown.out.count('\n'), 4); // a header and the newest three
        QVERIFY2(shown.out.contains("bc:1") && shown.out.contains("stable"), shown.describe());
        const CliResult json = r.run({u"predictions"_s, u"--json"_s, u"--role"_s, u"stable"_s});
        QVERIFY2(json.jsonParses(), json.describe());
        const QJsonArray newest = json.json().value(u"predictions"_s).toArray();
        QCOMPARE(newest.size(), 20);
        QCOMPARE(newest.first().toObject().value(u"id"_s), logged.last().value(u"id"_s));
        const CliResult csv = r.run(
            {u"predictions"_s, u"--format"_s, u"csv"_s, u"--limit"_s, u"2"_s});
        QVERIFY2(csv.exitCode == 0, csv.describe());
        QVERIFY(csv.out.startsWith("id,time,deployment,model,version,role,request_id,row,"));
        QCOMPARE(csv.out.count("\r\n"), 3);
        const CliResult none = r.run({u"predictions"_s, u"--deployment"_s, u"nobody"_s});
        QVERIFY2(none.exitCode == 0 && none.out.contains("No predictions match"), none.describe());
        const CliResult future = r.run(
            {u"predictions"_s, u"--from"_s, u"2999-01-01"_s, u"--format"_s, u"jsonl"_s});
        QVERIFY2(future.exitCode == 0 && future.out.isEmpty(), future.describe());
        // Bad arguments are named.
        const CliResult badTime = r.run(
            {u"predictions"_s, u"--from"_s, u"99999999999999999999999"_s});
        QCOMPARE(badTime.exitCode, 1);
        QVERIFY2(badTime.err.contains("--from"), badTime.describe());
        const CliResult badRole = r.run({u"predictions"_s, u"--role"_s, u"boss"_s});
        QCOMPARE(badRole.exitCode, 2);
        QVERIFY2(badRole.err.contains("--role"), badRole.describe());
    }

    // Request ids are the client's text: the exports quote and escape them.
    void exportsKeepHostileRequestIds()
    {
        MdeckRunner r(m_ws);
        std::unique_ptr<QProcess> server(
            r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--model"_s, u"bc"_s}));
        const QString url = waitForUrl(*server);
        QVERIFY(!url.isEmpty());
        const QStringList ids{u"evil,\"quoted\"\n\tline"_s, u"caf\u00e9 \u20ac\\"_s,
                              u"=cmd|' /C calc'!A0"_s};
        QProcess send;
        send.start(python(),
                   QStringList{client(), u"ids"_s, url, u"bc"_s, dataFile(u"breast_cancer.csv"_s)}
                       + ids);
        QVERIFY(send.waitForFinished(60000));
        QVERIFY2(send.exitCode() == 0, send.readAllStandardError().constData());
        server->terminate();
        QCOMPARE(MdeckRunner::collect(*server).exitCode, 0);

        QStringList fromJson;
        for (const QJsonObject &p : exported(r))
            if (ids.contains(p.value(u"request_id"_s).toString()))
                fromJson << p.value(u"request_id"_s).toString();
        QCOMPARE(fromJson, ids);
        const CliResult csv = r.run(
            {u"predictions"_s, u"--format"_s, u"csv"_s, u"--limit"_s, u"3"_s});
        QVERIFY2(csv.exitCode == 0, csv.describe());
        const QString file = m_dir.path() + u"/hostile.csv"_s;
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(csv.out);
        out.close();
        QProcess parse; // Python's csv module reads the export back
        parse.start(python(),
                    {u"-c"_s,
                     u"import csv, json, sys; print(json.dumps([r['request_id'] for r in "
                     "csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))]))"_s,
                     file});
        QVERIFY(parse.waitForFinished(30000));
        const QJsonArray fromCsv = QJsonDocument::fromJson(parse.readAllStandardOutput()).array();
        QCOMPARE(fromCsv.toVariantList(), QVariant(ids).toList());
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
        const QList<QJsonObject> earlier = exported(r);
        const qint64 before = earlier.size();
        QCOMPARE(storedRows(db()), before);
        const double lastId = earlier.isEmpty() ? 0 : earlier.last().value(u"id"_s).toDouble();
        std::unique_ptr<QProcess> server(
            r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--model"_s, u"bc"_s}));
        const QString url = waitForUrl(*server);
        QVERIFY(!url.isEmpty());
        QProcess load;
        load.start(python(),
                   {client(), u"load"_s, url, u"bc"_s, dataFile(u"breast_cancer.csv"_s), u"6"_s,
                    u"8"_s});
        QTRY_VERIFY_WITH_TIMEOUT(storedRows(db()) > before + 200, 30000);
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
        // Every stored row reads back whole, under its block's checksum.
        const QList<QJsonObject> atKillRows = exported(r);
        const qint64 atKill = atKillRows.size();
        QCOMPARE(atKill, storedRows(db()));
        QVERIFY(atKill > before + 200);
        for (const QJsonObject &p : atKillRows) {
            QCOMPARE(p.value(u"inputs"_s).toArray().size(), 30);
            QCOMPARE(p.value(u"outputs"_s).toArray().size(), 2);
        }
        // The dead server's row stays, with a heartbeat that stops ageing.
        QCOMPARE(scalar(db(), "SELECT COUNT(*) FROM serve_instances"), qint64(1));

        // The next server loads what the dead one had spooled, each row once.
        std::unique_ptr<QProcess> next(
            r.start({u"serve"_s, u"--port"_s, u"0"_s, u"--model"_s, u"bc"_s}));
        QVERIFY(!waitForUrl(*next).isEmpty());
        next->terminate();
        const CliResult stopped = MdeckRunner::collect(*next);
        QVERIFY2(stopped.exitCode == 0, stopped.describe());
        const QList<QJsonObject> after = exported(r);
        QVERIFY(after.size() >= atKill);
        QSet<QString> seen;
        for (const QJsonObject &p : after) {
            if (p.value(u"id"_s).toDouble() <= lastId)
                continue;
            const QString key = p.value(u"request_id"_s).toString() + u'/'
                + QString::number(p.value(u"row"_s).toInt()) + u'/' + p.value(u"role"_s).toString();
            QVERIFY2(!seen.contains(key), qPrintable(key)); // no row loaded twice
            seen.insert(key);
        }
        // Every segment left holds loaded rows, sealed, and no folder is
        // locked: nothing waits to be loaded.
        QCOMPARE(scalar(db(), "SELECT COUNT(*) FROM prediction_segments WHERE sealed = 0"),
                 qint64(0));
        QDir spool(m_ws + u"/predictions"_s);
        qint64 segments = 0;
        for (const QString &dir : spool.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const QStringList files = QDir(spool.filePath(dir)).entryList(QDir::Files);
            QVERIFY2(!files.contains(u"lock"_s), qPrintable(dir));
            segments += files.filter(u".seg"_s).size();
        }
        QCOMPARE(segments, scalar(db(), "SELECT COUNT(*) FROM prediction_segments"));

        // `mdeck verify` reads every block under its CRC, and names one whose
        // bytes changed on disk; so does reading the predictions.
        const CliResult verified = r.run({u"verify"_s});
        QVERIFY2(verified.exitCode == 0 && verified.out.contains("prediction blocks"),
                 verified.describe());
        const QString dir = spool.entryList(QDir::Dirs | QDir::NoDotAndDotDot).first();
        QFile segment(spool.filePath(dir + u"/00000001.seg"_s));
        QVERIFY(segment.open(QIODevice::ReadWrite));
        QVERIFY(segment.seek(100));
        const QByteArray was = segment.read(1);
        QVERIFY(segment.seek(100));
        segment.write(QByteArray(1, static_cast<char>(was[0] ^ 0x20)));
        segment.flush();
        const CliResult broken = r.run({u"verify"_s});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.out.contains("prediction block") && broken.out.contains("checksum"),
                 broken.describe());
        const CliResult unreadable = r.run({u"predictions"_s, u"--format"_s, u"jsonl"_s});
        QCOMPARE(unreadable.exitCode, 1);
        QVERIFY2(unreadable.err.contains("00000001.seg"), unreadable.describe());
        QVERIFY(segment.seek(100));
        segment.write(was);
        segment.close();
        QCOMPARE(r.run({u"verify"_s}).exitCode, 0);
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
