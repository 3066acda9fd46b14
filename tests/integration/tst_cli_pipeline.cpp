// `mdeck pipeline …` and `mdeck scheduler` through the real binary: CI exit
// statuses and JUnit reports, kill -9 and resume, cancel from a second
// process, and two schedulers racing for the same slot.

#include "mdeck_runner.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace mdeck::test;
using namespace Qt::StringLiterals;

namespace {

QString writeText(const QString &path, const QByteArray &text)
{
    writeBytes(path, text);
    return path;
}

QJsonArray jsonArray(const CliResult &r)
{
    return QJsonDocument::fromJson(r.out).array();
}

} // namespace

class tst_CliPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validateNamesTheLine()
    {
        QTemporaryDir dir;
        MdeckRunner cli;
        const QString good = writeText(dir.filePath(u"good.yaml"_s),
                                       "name: p\nsteps:\n  - {name: a, kind: noop}\n"
                                       "  - {name: b, kind: noop, needs: [a]}\n");
        CliResult ok = cli.run({u"pipeline"_s, u"validate"_s, good});
        QVERIFY2(ok.exitCode == 0, ok.describe());
        QVERIFY(ok.out.contains("order: a b"));
        const QString bad = writeText(dir.filePath(u"bad.yaml"_s),
                                      "name: p\nsteps:\n  - {name: a, kind: noop, needs: [b]}\n"
                                      "  - {name: b, kind: noop, needs: [a]}\n");
        CliResult cyc = cli.run({u"pipeline"_s, u"validate"_s, bad});
        QCOMPARE(cyc.exitCode, 1);
        QVERIFY2(cyc.err.contains("bad.yaml:") && cyc.err.contains("cycle"), cyc.describe());
        CliResult param = cli.run({u"pipeline"_s, u"validate"_s, good, u"--param"_s, u"x=1"_s});
        QCOMPARE(param.exitCode, 1);
        QVERIFY(param.err.contains("no parameter 'x'"));
    }

    void runGatesCiWithExitStatusAndJunit()
    {
        QTemporaryDir dir;
        MdeckRunner cli(dir.filePath(u"ws"_s));
        QCOMPARE(cli.run({u"init"_s}).exitCode, 0);
        const QString file = writeText(
            dir.filePath(u"ci.yaml"_s),
            "name: ci\nparams: {code: \"0\"}\nsteps:\n"
            "  - {name: build, kind: shell, with: {command: 'echo building'}}\n"
            "  - {name: test, kind: shell, needs: [build], with: {command: 'exit ${{ params.code "
            "}}'}}\n");
        const QString junit = dir.filePath(u"report.xml"_s);
        CliResult pass = cli.run({u"pipeline"_s, u"run"_s, file, u"--junit"_s, junit});
        QVERIFY2(pass.exitCode == 0, pass.describe());
        QVERIFY(pass.err.contains("[build] building"));
        QFile report(junit);
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray xml = report.readAll();
        QVERIFY(xml.contains("<testcase classname=\"ci\" name=\"build\""));
        QVERIFY(!xml.contains("<failure"));
        report.close();

        CliResult fail = cli.run({u"pipeline"_s, u"run"_s, file, u"--param"_s, u"code=4"_s,
                                  u"--junit"_s, junit, u"-q"_s});
        QCOMPARE(fail.exitCode, 1);
        QVERIFY2(fail.err.contains("run 2 failed: test: command exited with status 4"),
                 fail.describe());
        QVERIFY(report.open(QIODevice::ReadOnly));
        QVERIFY(report.readAll().contains("<failure message=\"command exited with status 4\""));

        CliResult runs = cli.run({u"pipeline"_s, u"runs"_s, u"--json"_s});
        QCOMPARE(jsonArray(runs).size(), 2);
        QCOMPARE(jsonArray(runs)[0].toObject()[u"state"_s].toString(), u"failed"_s);
        CliResult log = cli.run({u"pipeline"_s, u"show"_s, u"1"_s, u"--log"_s, u"build"_s});
        QCOMPARE(log.out, QByteArray("building\n"));
    }

    void killedRunIsInterruptedAndResumes()
    {
        QTemporaryDir dir;
        MdeckRunner cli(dir.filePath(u"ws"_s));
        QCOMPARE(cli.run({u"init"_s}).exitCode, 0);
        const QString started = dir.filePath(u"started"_s), flag = dir.filePath(u"flag"_s),
                      pid = dir.filePath(u"pid"_s), count = dir.filePath(u"count"_s);
        const QString file = writeText(
            dir.filePath(u"long.yaml"_s),
            (u"name: long\nsteps:\n"_s
             + u"  - {name: first, kind: shell, with: {command: 'echo x >> "_s + count
             + u"'}}\n  - {name: slow, kind: shell, needs: [first], with: {command: 'echo $$ > "_s
             + pid + u"; touch "_s + started + u"; [ -e "_s + flag + u" ] || exec sleep 120'}}\n"_s)
                .toUtf8());
        QProcess *run = cli.start({u"pipeline"_s, u"run"_s, file, u"-q"_s});
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(started), 30000);
        ::kill(static_cast<pid_t>(run->processId()), SIGKILL);
        QVERIFY(run->waitForFinished(10000));
        delete run;
        QFile pidFile(pid);
        QVERIFY(pidFile.open(QIODevice::ReadOnly));
        ::kill(static_cast<pid_t>(pidFile.readAll().trimmed().toLong()), SIGKILL);

        CliResult show = cli.run({u"pipeline"_s, u"show"_s, u"1"_s, u"--json"_s});
        QVERIFY2(show.exitCode == 0, show.describe());
        QCOMPARE(show.json()[u"state"_s].toString(), u"interrupted"_s);

        writeBytes(flag, "");
        CliResult resumed = cli.run({u"pipeline"_s, u"resume"_s, u"1"_s, u"--json"_s});
        QVERIFY2(resumed.exitCode == 0, resumed.describe());
        QCOMPARE(resumed.json()[u"state"_s].toString(), u"succeeded"_s);
        QCOMPARE(resumed.json()[u"attempt"_s].toInt(), 2);
        QFile counter(count);
        QVERIFY(counter.open(QIODevice::ReadOnly));
        QCOMPARE(counter.readAll(), QByteArray("x\n")); // the finished step did not run again
        CliResult audit = cli.run({u"audit"_s, u"list"_s, u"--subject"_s, u"pipeline-run:1"_s});
        QVERIFY(audit.out.contains("pipeline.run.resume"));
    }

    void cancelFromAnotherProcess()
    {
        QTemporaryDir dir;
        MdeckRunner cli(dir.filePath(u"ws"_s));
        QCOMPARE(cli.run({u"init"_s}).exitCode, 0);
        const QString started = dir.filePath(u"started"_s);
        const QString file = writeText(dir.filePath(u"c.yaml"_s),
                                       (u"name: c\nsteps:\n  - {name: wait, kind: shell, "
                                        u"with: {command: 'touch "_s
                                        + started + u"; sleep 120'}}\n"_s)
                                           .toUtf8());
        QProcess *run = cli.start({u"pipeline"_s, u"run"_s, file, u"-q"_s});
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(started), 30000);
        CliResult cancel = cli.run({u"pipeline"_s, u"cancel"_s, u"1"_s});
        QVERIFY2(cancel.exitCode == 0, cancel.describe());
        CliResult done = MdeckRunner::collect(*run, 30000);
        delete run;
        QCOMPARE(done.exitCode, 1);
        QVERIFY2(done.err.contains("cancelled"), done.describe());
        QCOMPARE(cli.run({u"pipeline"_s, u"cancel"_s, u"1"_s}).exitCode, 1); // already over
    }

    void twoSchedulersStartASlotOnce()
    {
        QTemporaryDir dir;
        MdeckRunner cli(dir.filePath(u"ws"_s));
        QCOMPARE(cli.run({u"init"_s}).exitCode, 0);
        const QString file
            = writeText(dir.filePath(u"s.yaml"_s),
                        "name: hourly\nschedule: '0 * * * *'\nsteps:\n"
                        "  - {name: a, kind: shell, with: {command: 'echo tick'}}\n");
        QCOMPARE(cli.run({u"pipeline"_s, u"add"_s, file}).exitCode, 0);
        CliResult list = cli.run({u"pipeline"_s, u"list"_s});
        QVERIFY(list.out.contains("0 * * * *"));
        // Both think it is 10:05 tomorrow: the 10:00 slot is due for each.
        const QString now = QDateTime::currentDateTimeUtc().addDays(1).toString(u"yyyy-MM-dd"_s)
            + u"T10:05"_s;
        QProcess *a = cli.start({u"scheduler"_s, u"--once"_s, u"--now"_s, now});
        QProcess *b = cli.start({u"scheduler"_s, u"--once"_s, u"--now"_s, now});
        CliResult ra = MdeckRunner::collect(*a), rb = MdeckRunner::collect(*b);
        delete a;
        delete b;
        QVERIFY2(ra.exitCode == 0, ra.describe());
        QVERIFY2(rb.exitCode == 0, rb.describe());
        CliResult runs = cli.run({u"pipeline"_s, u"runs"_s, u"--json"_s});
        const QJsonArray arr = jsonArray(runs);
        QCOMPARE(arr.size(), 1);
        QCOMPARE(arr[0].toObject()[u"trigger"_s].toString(), u"schedule"_s);
        QCOMPARE(arr[0].toObject()[u"state"_s].toString(), u"succeeded"_s);
    }
};

QTEST_GUILESS_MAIN(tst_CliPipeline)
#include "tst_cli_pipeline.moc"
