// Drift snapshot files and the view model: a snapshot round-trips exactly,
// every malformed file is refused with a message that names the file and
// what is wrong (truncated, damaged, foreign, too new, a field of the wrong
// type, shapes that do not match), the back-test counts what would have
// alerted, and live windows append to a model.

#include "drift_sample.h"
#include "ui/drift/drift_snapshot.h"
#include "ui/drift/drift_source.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui::drift;

namespace {

DriftViewModel small()
{
    SampleOptions o;
    o.features = 4;
    o.windows = 24;
    return makeSampleDrift(o);
}

QByteArray edited(const std::function<void(QJsonObject &)> &edit)
{
    QJsonObject root = QJsonDocument::fromJson(driftSnapshotJson(small(), 0)).object();
    edit(root);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_DriftSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sampleIsConsistent()
    {
        const DriftViewModel m = small();
        QCOMPARE(m.validate(), QString());
        QCOMPARE(m.featureCount(), 4);
        QCOMPARE(m.windowCount(), 24);
        QVERIFY(!m.alerts.empty()); // monthly_charges drifts in the last 40 %
    }

    void roundTrips()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.mdrift"));
        const DriftViewModel m = small();
        QVERIFY(writeDriftSnapshot(m, path).ok());
        auto read = readDriftSnapshot(path);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().message.c_str());
        QCOMPARE(read->featureCount(), m.featureCount());
        QCOMPARE(read->windowCount(), m.windowCount());
        QCOMPARE(read->scope.title, m.scope.title);
        QCOMPARE(read->score(0, 1, 20), m.score(0, 1, 20));
        QCOMPARE(read->currentCounts(2, 5), m.currentCounts(2, 5));
        QCOMPARE(read->alerts.size(), m.alerts.size());
        // NaN (no label yet) survives as null.
        QVERIFY(std::isnan(read->performance[0].values.back()));
        QCOMPARE(driftSnapshotJson(*read, 0), driftSnapshotJson(m, 0));
    }

    void refusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray whole = driftSnapshotJson(small(), 0);
        QTest::addRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::addRow("truncated") << whole.left(whole.size() / 2) << QStringLiteral("truncated");
        QTest::addRow("truncated by one byte") << whole.chopped(1) << QStringLiteral("truncated");
        QTest::addRow("not json") << QByteArray("PK\x03\x04 zip file")
                                  << QStringLiteral("damaged at byte");
        QTest::addRow("embedded NUL")
            << QByteArray("{\"format\":\0}", 12) << QStringLiteral("s.mdrift");
        QTest::addRow("a list") << QByteArray("[1,2]") << QStringLiteral("not an object");
        QTest::addRow("foreign json")
            << QByteArray("{\"name\":\"x\"}") << QStringLiteral("not a ModelDeck drift snapshot");
        QTest::addRow("newer version")
            << edited([](QJsonObject &r) { r[QStringLiteral("version")] = 99; })
            << QStringLiteral("newer ModelDeck");
        QTest::addRow("text where numbers belong") << edited([](QJsonObject &r) {
            QJsonArray f = r[QStringLiteral("features")].toArray();
            QJsonObject first = f[0].toObject();
            first[QStringLiteral("reference")] = QJsonArray{QStringLiteral("many")};
            f[0] = first;
            r[QStringLiteral("features")] = f;
        }) << QStringLiteral("features[0].reference[0]");
        QTest::addRow("scores missing")
            << edited([](QJsonObject &r) { r.remove(QStringLiteral("scores")); })
            << QStringLiteral("field scores");
        QTest::addRow("window dropped") << edited([](QJsonObject &r) {
            QJsonArray w = r[QStringLiteral("windows")].toArray();
            w.removeLast();
            r[QStringLiteral("windows")] = w;
        }) << QStringLiteral("scores for 4 features × 23 windows");
        QTest::addRow("alert beyond the windows") << edited([](QJsonObject &r) {
            QJsonArray a = r[QStringLiteral("alerts")].toArray();
            QJsonObject first = a[0].toObject();
            first[QStringLiteral("window")] = 5000;
            a[0] = first;
            r[QStringLiteral("alerts")] = a;
        }) << QStringLiteral("alerts[0]");
    }

    void refusesMalformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        auto read = parseDriftSnapshot(bytes, QStringLiteral("s.mdrift"));
        QVERIFY(!read.ok());
        const QString message = QString::fromStdString(read.error().message);
        QVERIFY2(message.startsWith(QStringLiteral("s.mdrift")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void missingFileIsNamed()
    {
        auto read = readDriftSnapshot(QStringLiteral("/nonexistent/x.mdrift"));
        QVERIFY(!read.ok());
        QVERIFY(QString::fromStdString(read.error().message)
                    .contains(QStringLiteral("/nonexistent/x.mdrift")));
    }

    void backtestCountsAndFindsTheFirst()
    {
        const DriftViewModel m = small();
        const int psi = m.methodIndex(QStringLiteral("psi"));
        const BacktestResult strict = backtest(m, psi, 1, 10.0);
        QCOMPARE(strict.alerted, 0);
        QCOMPARE(strict.firstWindow, -1);
        QCOMPARE(strict.windows, 24);
        const BacktestResult loose = backtest(m, psi, 1, 0.0);
        QCOMPARE(loose.alerted, 24);
        QCOMPARE(loose.firstWindow, 0);
        const BacktestResult def = backtest(m, psi, 1, 0.2);
        QVERIFY(def.alerted > 0 && def.alerted < 24);
        QVERIFY(def.firstWindow >= 24 * 6 / 10 - 1);
        // p-values alert below the threshold.
        const int ks = m.methodIndex(QStringLiteral("ks"));
        QVERIFY(backtest(m, ks, 1, 1.01).alerted == 24);
        QCOMPARE(backtest(m, ks, 1, 0.0).alerted, 0);
        QCOMPARE(backtest(m, 9, 1, 0.2).windows, 0);
    }

    void windowsAppendAndSlice()
    {
        SampleOptions o;
        o.features = 4;
        o.windows = 30;
        DriftViewModel m = makeSampleDrift(o, 0, 20);
        const DriftViewModel more = makeSampleDrift(o, 20, 10);
        QVERIFY(m.append(more));
        QCOMPARE(m.validate(), QString());
        const DriftViewModel whole = makeSampleDrift(o);
        QCOMPARE(m.windowCount(), 30);
        QCOMPARE(m.score(0, 3, 25), whole.score(0, 3, 25));
        QCOMPARE(m.currentCounts(1, 29), whole.currentCounts(1, 29));
        QVERIFY(!m.append(makeSampleDrift(o, 5, 2))); // earlier than the last window
        const DriftViewModel last = sliceWindows(whole, whole.windows[25].startMs,
                                                 whole.windows[29].endMs);
        QCOMPARE(last.windowCount(), 5);
        QCOMPARE(last.validate(), QString());
        QCOMPARE(last.score(0, 2, 0), whole.score(0, 2, 25));
        MemoryDriftSource source(makeSampleDrift(o, 0, 20));
        QCOMPARE(source.newWindows(whole.scope.id, whole.windows[19].startMs)->windowCount(), 0);
        QVERIFY(source.appendWindows(more));
        QCOMPARE(source.newWindows(whole.scope.id, whole.windows[19].startMs)->windowCount(), 10);
        QVERIFY(!source.load(QStringLiteral("nope"), 0, 0).ok());
    }
};

QTEST_GUILESS_MAIN(tst_DriftSnapshot)
#include "tst_drift_snapshot.moc"
