// `mdeck train`, `predict` and `bench` end to end: the real binary trains on
// the test data sets, registers the result, predicts with it and with the
// imported TorchScript model, benchmarks and stores the run, refuses
// malformed data with its line, and cancels cleanly on Ctrl-C.

#include "mdeck_runner.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <signal.h>

using namespace mdeck::test;
using namespace Qt::StringLiterals;

class tst_CliTrain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trainRegistersBreastCancer();
    void trainPenguinsWithSensitiveColumn();
    void trainSeattleWeatherByTime();
    void trainRefused_data();
    void trainRefused();
    void predictTrainedModel();
    void predictTorchScriptModel();
    void predictBadRow();
    void benchStoresAndLists();
    void viewerBenchNeedsNoStore();
    void ctrlCCancelsTraining();

private:
    MdeckRunner workspace(const QString &name);
    // The shared workspace where "bc" (trained) and "bc-ts" (TorchScript) are registered.
    const MdeckRunner &trained();
    int versionCount(const MdeckRunner &cli);

    QTemporaryDir m_tmp;
    std::unique_ptr<MdeckRunner> m_trained;
};

void tst_CliTrain::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFile::exists(mdeckBinary()), qPrintable(mdeckBinary()));
}

MdeckRunner tst_CliTrain::workspace(const QString &name)
{
    MdeckRunner cli(m_tmp.filePath(name));
    const CliResult r = cli.run({u"init"_s});
    if (r.exitCode != 0)
        qWarning("mdeck init failed: %s", r.describe().constData());
    return cli;
}

const MdeckRunner &tst_CliTrain::trained()
{
    if (!m_trained) {
        m_trained = std::make_unique<MdeckRunner>(workspace(u"trained"_s));
        const CliResult r = m_trained->run(
            {u"train"_s, u"--data"_s, dataFile(u"breast_cancer.csv"_s), u"--target"_s, u"target"_s,
             u"--epochs"_s, u"5"_s, u"--register"_s, u"bc"_s, u"--quiet"_s});
        if (r.exitCode != 0)
            qWarning("train failed: %s", r.describe().constData());
        const CliResult s = m_trained->run({u"model"_s, u"register"_s, u"bc-ts"_s, u"--artifact"_s,
                                            modelFile(), u"--signature"_s, signatureFile()});
        if (s.exitCode != 0)
            qWarning("register failed: %s", s.describe().constData());
    }
    return *m_trained;
}

int tst_CliTrain::versionCount(const MdeckRunner &cli)
{
    const CliResult r = cli.run({u"model"_s, u"versions"_s, u"--all"_s, u"--json"_s});
    return r.exitCode == 0 ? r.json().value(u"total"_s).toInt(-1) : -1;
}

void tst_CliTrain::trainRegistersBreastCancer()
{
    const MdeckRunner cli = workspace(u"bc"_s);
    CliResult r = cli.run({u"train"_s, u"--data"_s, dataFile(u"breast_cancer.csv"_s), u"--target"_s,
                           u"target"_s, u"--epochs"_s, u"5"_s, u"--register"_s, u"bc"_s,
                           u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.jsonParses(), r.describe());
    QCOMPARE(r.json().value(u"task"_s).toString(), u"binary"_s);
    QCOMPARE(r.json().value(u"registered"_s).toObject().value(u"version"_s).toInt(), 1);
    const QJsonObject rows = r.json().value(u"rows"_s).toObject();
    QCOMPARE(rows.value(u"train"_s).toInt() + rows.value(u"validation"_s).toInt()
                 + rows.value(u"test"_s).toInt() + rows.value(u"dropped"_s).toInt(),
             569);
    QVERIFY2(r.err.contains("epoch 5/5"), r.describe()); // progress goes to stderr

    r = cli.run({u"model"_s, u"show"_s, u"bc:1"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(u"format"_s).toString(), u"modeldeck"_s);
    const QJsonObject metrics = r.json().value(u"metrics"_s).toObject();
    QVERIFY2(metrics.contains(u"accuracy"_s), r.describe());
    QVERIFY(metrics.contains(u"val_accuracy"_s));
}

void tst_CliTrain::trainPenguinsWithSensitiveColumn()
{
    const MdeckRunner cli = workspace(u"penguins"_s);
    const CliResult r = cli.run({u"train"_s, u"--data"_s, dataFile(u"penguins.csv"_s),
                                 u"--target"_s, u"species"_s, u"--sensitive"_s, u"sex"_s,
                                 u"--epochs"_s, u"3"_s, u"--quiet"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.contains("multiclass") && r.out.contains("Confusion matrix")
                 && r.out.contains("Adelie"),
             r.describe());
    QVERIFY2(r.out.contains("Not registered"), r.describe());
    QVERIFY(r.err.isEmpty());
    QCOMPARE(versionCount(cli), 0);
}

void tst_CliTrain::trainSeattleWeatherByTime()
{
    const MdeckRunner cli = workspace(u"weather"_s);
    const CliResult r = cli.run({u"train"_s, u"--data"_s, dataFile(u"seattle-weather.csv"_s),
                                 u"--target"_s, u"weather"_s, u"--time-column"_s, u"date"_s,
                                 u"--epochs"_s, u"3"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.jsonParses(), r.describe());
    QVERIFY(r.json().value(u"rows"_s).toObject().value(u"test"_s).toInt() > 0);
    QVERIFY(!r.json().value(u"features"_s).toArray().contains(u"date"_s));
    QVERIFY(r.json().value(u"registered"_s).isNull());
}

void tst_CliTrain::trainRefused_data()
{
    QTest::addColumn<QByteArray>("csv"); // empty: breast_cancer.csv
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("message");

    QByteArray oneClass("a,b,y\n");
    QByteArray numericText("a,b,y\n");
    for (int i = 0; i < 40; ++i) {
        oneClass += QByteArray::number(i) + "," + QByteArray::number(i * 2) + ",1\n";
        numericText += (i == 5 ? QByteArray("n/a") : QByteArray::number(i)) + ","
            + QByteArray::number(i % 3) + "," + QByteArray::number(i % 2) + "\n";
    }
    QTest::addRow("missing --target")
        << QByteArray() << QStringList{} << 2 << QByteArray("--target");
    QTest::addRow("unknown target column")
        << QByteArray() << QStringList{u"--target"_s, u"no_such_column"_s} << 1
        << QByteArray("no_such_column");
    QTest::addRow("header-only CSV")
        << QByteArray("a,b,y\n") << QStringList{u"--target"_s, u"y"_s} << 1 << QByteArray("rows");
    QTest::addRow("ragged CSV") << QByteArray("a,b,y\n1,2,0\n3,4\n5,6,1\n")
                                << QStringList{u"--target"_s, u"y"_s} << 1 << QByteArray("line 3");
    QTest::addRow("one-class target")
        << oneClass << QStringList{u"--target"_s, u"y"_s} << 1 << QByteArray("class");
    QTest::addRow("text in numeric --type")
        << numericText << QStringList{u"--target"_s, u"y"_s, u"--type"_s, u"a=numeric"_s} << 1
        << QByteArray(":7:1: value 'n/a' in column 'a'");
    QTest::addRow("bad --split") << QByteArray()
                                 << QStringList{u"--target"_s, u"target"_s, u"--split"_s,
                                                u"0.5,0.5"_s}
                                 << 2 << QByteArray("--split");
}

void tst_CliTrain::trainRefused()
{
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, message);
    const MdeckRunner cli = workspace(u"refused-"_s + QString::fromLatin1(QTest::currentDataTag()));
    QString data = dataFile(u"breast_cancer.csv"_s);
    if (!csv.isEmpty()) {
        data = m_tmp.filePath(u"input-"_s + QString::number(qHash(csv)) + u".csv"_s);
        QVERIFY(writeBytes(data, csv));
    }
    const CliResult r = cli.run(QStringList{u"train"_s, u"--data"_s, data, u"--epochs"_s, u"2"_s,
                                            u"--register"_s, u"m"_s, u"--quiet"_s}
                                + args);
    QVERIFY2(r.exitCode == exitCode, r.describe());
    QVERIFY2(r.err.contains("mdeck: error: ") && r.err.contains(message), r.describe());
    // Errors about a line of the file name the file too.
    if (message.contains("line ") || message.startsWith(':'))
        QVERIFY2(r.err.contains(QFileInfo(data).fileName().toUtf8()), r.describe());
    QCOMPARE(versionCount(cli), 0);
}

void tst_CliTrain::predictTrainedModel()
{
    const MdeckRunner &cli = trained();
    const QString out = m_tmp.filePath(u"bc-predictions.csv"_s);
    const CliResult r = cli.run({u"predict"_s, u"bc:1"_s, u"--in"_s,
                                 dataFile(u"breast_cancer.csv"_s), u"--out"_s, out, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(u"rows_written"_s).toInt(), 569);
    const QList<QByteArray> lines = readBytes(out).trimmed().split('\n');
    QCOMPARE(lines.size(), 570);
    QVERIFY2(lines.first().contains("prediction") && lines.first().contains("prob_"), lines.first());
}

void tst_CliTrain::predictTorchScriptModel()
{
    const MdeckRunner &cli = trained();
    const QString out = m_tmp.filePath(u"ts-predictions.csv"_s);
    const CliResult r = cli.run({u"predict"_s, u"bc-ts"_s + u":1"_s, u"--in"_s,
                                 dataFile(u"breast_cancer.csv"_s), u"--out"_s, out});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.contains("Rows written") && r.out.contains("569"), r.describe());
    QVERIFY2(r.err.contains("100%"), r.describe());
    const QList<QByteArray> lines = readBytes(out).trimmed().split('\n');
    QCOMPARE(lines.size(), 570);
    QVERIFY2(lines.first().contains("prediction") && lines.first().contains("prob_"), lines.first());
}

void tst_CliTrain::predictBadRow()
{
    const MdeckRunner &cli = trained();
    QList<QByteArray> lines = readBytes(dataFile(u"breast_cancer.csv"_s)).split('\n');
    QList<QByteArray> fields = lines[2].split(',');
    fields[0] = "not-a-number";
    lines[2] = fields.join(',');
    const QString in = m_tmp.filePath(u"bad-row.csv"_s);
    QVERIFY(writeBytes(in, lines.join('\n')));
    const QString out = m_tmp.filePath(u"bad-row-out.csv"_s);

    CliResult r = cli.run({u"predict"_s, u"bc:1"_s, u"--in"_s, in, u"--out"_s, out});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.err.contains("bad-row.csv:3:") && r.err.contains("--skip-bad"), r.describe());
    QVERIFY(!QFile::exists(out)); // all or nothing

    r = cli.run(
        {u"predict"_s, u"bc:1"_s, u"--in"_s, in, u"--out"_s, out, u"--skip-bad"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(u"rows_skipped"_s).toInt(), 1);
    QCOMPARE(r.json().value(u"rows_written"_s).toInt(), 568);
    QVERIFY2(r.json()
                 .value(u"skipped_examples"_s)
                 .toArray()
                 .first()
                 .toString()
                 .contains(u"bad-row.csv:3:"_s),
             r.describe());
}

void tst_CliTrain::benchStoresAndLists()
{
    const MdeckRunner &cli = trained();
    CliResult r = cli.run({u"bench"_s, u"bc:1"_s, u"--batch"_s, u"1,8"_s, u"--window-ms"_s, u"20"_s,
                           u"--max-windows"_s, u"5"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.contains("Hardware: ") && r.out.contains("LibTorch"), r.describe());
    QVERIFY2(r.out.contains("P99") && r.out.contains("Stored as benchmark"), r.describe());

    r = cli.run({u"bench"_s, u"history"_s, u"bc"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonArray runs = r.json().value(u"benchmarks"_s).toArray();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first().toObject().value(u"results"_s).toArray().size(), 2);
    r = cli.run({u"bench"_s, u"history"_s, u"bc:1"_s});
    QVERIFY2(r.exitCode == 0 && r.out.contains("ROWS/S"), r.describe());

    r = cli.run({u"bench"_s, u"bc:1"_s, u"--device"_s, u"cuda"_s, u"--batch"_s, u"1"_s,
                 u"--window-ms"_s, u"20"_s, u"--max-windows"_s, u"3"_s, u"--no-store"_s});
    if (r.exitCode == 1)
        QVERIFY2(r.err.contains("CUDA is not available"), r.describe());
    else
        QVERIFY2(r.exitCode == 0, r.describe()); // a machine with a GPU
}

void tst_CliTrain::viewerBenchNeedsNoStore()
{
    const MdeckRunner &admin = trained();
    QCOMPARE(admin.run({u"user"_s, u"add"_s, u"vic"_s, u"--role"_s, u"viewer"_s}).exitCode, 0);
    const CliResult t = admin.run({u"token"_s, u"create"_s, u"--user"_s, u"vic"_s, u"--json"_s});
    QVERIFY2(t.exitCode == 0, t.describe());
    MdeckRunner viewer(admin.workspace());
    viewer.environment().insert(u"MODELDECK_TOKEN"_s, t.json().value(u"secret"_s).toString());
    const QStringList bench{u"bench"_s,       u"bc:1"_s, u"--batch"_s,       u"1"_s,
                            u"--window-ms"_s, u"20"_s,   u"--max-windows"_s, u"3"_s};
    CliResult r = viewer.run(bench);
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.err.contains("viewer") && r.err.contains("--no-store"), r.describe());
    r = viewer.run(bench + QStringList{u"--no-store"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.contains("Not stored"), r.describe());
}

void tst_CliTrain::ctrlCCancelsTraining()
{
    const MdeckRunner cli = workspace(u"cancel"_s);
    std::unique_ptr<QProcess> p(cli.start(
        {u"train"_s, u"--data"_s, dataFile(u"breast_cancer.csv"_s), u"--target"_s, u"target"_s,
         u"--epochs"_s, u"100000"_s, u"--patience"_s, u"0"_s, u"--register"_s, u"bc"_s}));
    QVERIFY(p->waitForStarted());
    p->setReadChannel(QProcess::StandardError);
    QByteArray err;
    const QDeadlineTimer deadline(120000);
    while (!err.contains("epoch ") && !deadline.hasExpired() && p->state() == QProcess::Running) {
        p->waitForReadyRead(1000);
        err += p->readAllStandardError();
    }
    QVERIFY2(err.contains("epoch "), err);
    QCOMPARE(::kill(static_cast<pid_t>(p->processId()), SIGINT), 0);
    CliResult r = MdeckRunner::collect(*p);
    r.err.prepend(err);
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.err.contains("cancelled"), r.describe());
    QCOMPARE(versionCount(cli), 0);
    // No package left behind in the workspace's scratch folder.
    QVERIFY(filesUnder(cli.workspace() + u"/artifacts/tmp"_s).isEmpty());
}

QTEST_GUILESS_MAIN(tst_CliTrain)
#include "tst_cli_train.moc"
