// The adapter from core/monitor to the Drift panel: stored windows become a
// consistent view model (each feature with its own statistic, direction and
// threshold; histograms folded onto the reference bins; unseen categories
// kept; realized and estimated performance apart; fairness groups with the
// largest as reference); `mdeck drift export` files open read-only and a
// damaged one is refused; rules saved from the panel parse as rule files.

#include "workspace_fixture.h"

#include "ui/drift/drift_panel.h"
#include "ui/drift/monitor_adapter.h"
#include "widgets/inline_message.h"

#include "core/monitor/rules.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui::drift;

namespace {

monitor::Snapshot snapshot()
{
    monitor::Snapshot s;
    s.series = "deployment=web;model=weather;version=2;rows=100";
    s.model = "weather";
    s.version = 2;
    monitor::ReferenceColumn temp;
    temp.name = "temp";
    temp.kind = monitor::ColumnKind::Numeric;
    temp.sorted = {1, 2, 2, 3, 5, 7, 9};
    temp.rows = 7;
    temp.min = 1;
    temp.max = 9;
    temp.histogramEdges = {0, 2, 4, 6, 8, 10};
    temp.method = monitor::DriftMethod::PSI;
    temp.threshold = 0.1;
    temp.band = {0.0, 0.06, true};
    monitor::ReferenceColumn sky;
    sky.name = "sky";
    sky.kind = monitor::ColumnKind::Categorical;
    sky.categories = {{"sun", 50}, {"rain", 30}, {"fog", 5}};
    sky.rows = 85;
    sky.method = monitor::DriftMethod::ChiSquare;
    sky.threshold = 0.05;
    s.reference.columns = {temp, sky};
    s.reference.rows = 85;
    for (int w = 0; w < 3; ++w) {
        monitor::WindowResult r;
        r.id = w + 1;
        r.start = 1795132800000 + w * 3600000;
        r.end = r.start + 3600000;
        r.rows = 100;
        monitor::FeatureStats t;
        t.name = "temp";
        t.method = monitor::DriftMethod::PSI;
        t.score = 0.05 * (w + 1);
        t.threshold = 0.1;
        t.drift = t.score >= 0.1;
        t.count = 98;
        t.missing = 2;
        t.outOfRange = w;
        t.histogram = {1, 10, 20, 30, 20, 15, 2}; // below, 5 bins, above
        monitor::FeatureStats k;
        k.name = "sky";
        k.method = monitor::DriftMethod::ChiSquare;
        k.score = w == 2 ? 0.001 : 0.5;
        k.threshold = 0.05;
        k.drift = w == 2;
        k.count = 100;
        k.categories = {{"sun", 60}, {"rain", 30}, {"snow", 10}};
        r.features = {t, k};
        monitor::PerformanceStats p;
        p.estimated = w == 2;
        p.metrics = {{"accuracy", 0.9 - 0.05 * w}};
        r.performance = p;
        monitor::FairnessStats f;
        f.column = "sex";
        f.groups = {{"female", 40, 0.3, NAN}, {"male", 55, 0.2, NAN}, {"other", 5, 0.4, NAN}};
        r.fairness = f;
        s.windows.push_back(r);
    }
    return s;
}

} // namespace

class tst_MonitorAdapter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::prepareConsoleTest(QStringLiteral("tst_monitor_adapter")); }

    void windowsBecomeAConsistentViewModel()
    {
        const DriftViewModel m = fromMonitorSnapshot(snapshot());
        QCOMPARE(m.validate(), QString());
        QCOMPARE(m.scope.title, QStringLiteral("deployment web (weather v2) · windows of 100 rows"));
        QCOMPARE(m.featureCount(), 2);
        QCOMPARE(m.windowCount(), 3);
        QCOMPARE(m.methodTitle(0, 0), QStringLiteral("PSI"));
        QVERIFY(m.higherIsWorse(0, 0));
        QVERIFY(!m.higherIsWorse(0, 1)); // chi-square p-values alert below the threshold
        QCOMPARE(m.score(0, 0, 2), 0.15000000000000002);
        QCOMPARE(m.scores[0].thresholds[1], 0.05);
        QCOMPARE(m.scores[0].bandMean[0], 0.03);
        // The reference sample counted into the edges; the window's end bins folded in.
        QCOMPARE(m.features[0].reference, (std::vector<double>{1, 3, 1, 1, 1}));
        QCOMPARE(m.currentCounts(0, 0), (std::vector<double>{11, 20, 30, 20, 17}));
        // Categories by reference count, then the unseen one.
        QCOMPARE(m.features[1].categories,
                 (QStringList{QStringLiteral("sun"), QStringLiteral("rain"), QStringLiteral("fog"),
                              QStringLiteral("snow")}));
        QCOMPARE(m.currentCounts(1, 1), (std::vector<double>{60, 30, 0, 10}));
        QCOMPARE(m.quality.size(), 4);
        QCOMPARE(m.quality[0].values[0], 2.0 / 200.0);
        QCOMPARE(m.performance.size(), 2);
        QVERIFY(!m.performance[0].estimated);
        QVERIFY(std::isnan(m.performance[0].values[2]));
        QVERIFY(m.performance[1].estimated);
        QCOMPARE(m.performance[1].values[2], 0.8);
        QCOMPARE(m.fairness.referenceGroup, QStringLiteral("male"));
        QCOMPARE(m.fairness.groups.size(), 3);
        QCOMPARE(m.alerts.size(), std::size_t(3)); // temp in windows 2 and 3, sky in 3
        // The back-test follows each feature's direction.
        QCOMPARE(backtest(m, 0, 0, 0.1).alerted, 2);
        QCOMPARE(backtest(m, 0, 1, 0.05).alerted, 1);
    }

    void exportedSnapshotsOpenReadOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("web.snapshot"));
        QVERIFY(monitor::writeSnapshot(snapshot(), path.toStdString()).ok());
        auto source = openSnapshotFile(path);
        QVERIFY2(source.ok(), source.ok() ? "" : source.error().message.c_str());
        QVERIFY((*source)->isReadOnly());
        QCOMPARE((*source)->scopes()->size(), 1);
        DriftPanel panel;
        panel.show();
        panel.openSnapshot(path);
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData() && !panel.isLoading(), 10000);
        QVERIFY(panel.isReadOnly());
        QVERIFY(panel.banner()->text().contains(QStringLiteral("web.snapshot")));
        QCOMPARE(panel.model().windowCount(), 3);

        // A cut copy is refused with the monitor's own explanation.
        QFile whole(path);
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QByteArray bytes = whole.readAll();
        const QString cut = dir.filePath(QStringLiteral("cut.snapshot"));
        QFile out(cut);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes.left(bytes.size() - 40));
        out.close();
        auto refused = openSnapshotFile(cut);
        QVERIFY(!refused.ok());
        QVERIFY2(QString::fromStdString(refused.error().message)
                     .contains(QStringLiteral("truncated")),
                 refused.error().message.c_str());
    }

    void workspaceSourceListsSeriesAndSavesRules()
    {
        test::WorkspaceFixture fixture;
        QVERIFY2(fixture.create(), qPrintable(fixture.error()));
        MonitorDriftSource source(fixture.path());
        auto scopes = source.scopes();
        QVERIFY2(scopes.ok(), scopes.ok() ? "" : scopes.error().message.c_str());
        QCOMPARE(scopes->size(), 0);
        RuleDraft rule{QStringLiteral("temp drift"),
                       QStringLiteral("model=iris;version=1;rows=100"),
                       QStringLiteral("temp"),
                       QStringLiteral("monitor"),
                       0.12,
                       3};
        QVERIFY(source.saveRule(rule).ok());
        rule.name = QStringLiteral("sky \"quoted\"");
        QVERIFY(source.saveRule(rule).ok());
        QCOMPARE(source.saveRule(rule).error().code, ErrorCode::Conflict);
        auto rules = monitor::loadRules(
            (fixture.path() + QStringLiteral("/drift_rules.yaml")).toStdString());
        QVERIFY2(rules.ok(), rules.ok() ? "" : rules.error().message.c_str());
        QCOMPARE(rules->size(), std::size_t(2));
        QCOMPARE((*rules)[0].statistic, std::string("feature.temp.score"));
        QCOMPARE((*rules)[0].threshold, 0.12);
        QCOMPARE((*rules)[0].consecutive, 3);
        QCOMPARE((*rules)[1].name, std::string("sky \"quoted\""));
    }
};

QTEST_MAIN(tst_MonitorAdapter)
#include "tst_monitor_adapter.moc"
