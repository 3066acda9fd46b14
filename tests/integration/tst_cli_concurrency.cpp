// Several `mdeck` processes on one workspace at once, as when a CI job
// registers while an engineer works: every write succeeds (SQLite WAL and the
// busy timeout serialise them), version numbers stay unique and dense, a
// reader running alongside never fails, and the audit chain stays intact.

#include "mdeck_runner.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mdeck::test;
using namespace Qt::StringLiterals;

class tst_CliConcurrency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void concurrentRegistrations();
};

void tst_CliConcurrency::concurrentRegistrations()
{
    constexpr int kRounds = 10;
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const MdeckRunner cli(tmp.filePath(u"ws"_s));
    QCOMPARE(cli.run({u"init"_s}).exitCode, 0);

    // Each round starts two writers and a reader together. The model does not
    // exist before the first round, so the first two writers also race to create it.
    for (int round = 0; round < kRounds; ++round) {
        std::vector<std::unique_ptr<QProcess>> writers;
        for (const char *who : {"a", "b"}) {
            writers.emplace_back(cli.start({u"model"_s, u"register"_s, u"shared"_s, u"--artifact"_s,
                                            modelFile(), u"--signature"_s, signatureFile(),
                                            u"--tag"_s, u"writer=%1"_s.arg(QLatin1String(who)),
                                            u"--metric"_s, u"round=%1"_s.arg(round)}));
        }
        std::unique_ptr<QProcess> reader(
            cli.start({u"model"_s, u"versions"_s, u"--all"_s, u"--json"_s}));
        for (auto &w : writers) {
            const CliResult r = MdeckRunner::collect(*w);
            QVERIFY2(r.exitCode == 0, r.describe());
        }
        const CliResult read = MdeckRunner::collect(*reader);
        QVERIFY2(read.exitCode == 0 && read.jsonParses(), read.describe());
    }

    const CliResult r = cli.run({u"model"_s, u"versions"_s, u"shared"_s, u"--sort"_s, u"version"_s,
                                 u"--asc"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(u"total"_s).toInt(), 2 * kRounds);
    const QJsonArray rows = r.json().value(u"versions"_s).toArray();
    for (int i = 0; i < rows.size(); ++i)
        QCOMPARE(rows.at(i).toObject().value(u"version"_s).toInt(), i + 1);

    // Both writers' versions are there, each once per round.
    for (const QString &who : {u"a"_s, u"b"_s}) {
        const CliResult w = cli.run(
            {u"model"_s, u"versions"_s, u"shared"_s, u"--tag"_s, u"writer="_s + who, u"--json"_s});
        QCOMPARE(w.json().value(u"total"_s).toInt(), kRounds);
    }
    QCOMPARE(cli.run({u"audit"_s, u"verify"_s}).exitCode, 0);
    const CliResult v = cli.run({u"verify"_s});
    QVERIFY2(v.exitCode == 0, v.describe());
}

QTEST_GUILESS_MAIN(tst_CliConcurrency)
#include "tst_cli_concurrency.moc"
