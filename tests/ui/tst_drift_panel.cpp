// The Drift panel driven like a user: a click in the heatmap moves the line
// chart, histogram and other charts to that feature and window; changing or
// dragging the threshold and switching the method re-run the back-test at
// once; new windows of a live source appear without a reload; a snapshot
// opens read-only under a banner; a truncated snapshot says so; rules save;
// charts and snapshots export.

#include "workspace_fixture.h"

#include "drift_sample.h"
#include "ui/drift/drift_client.h"
#include "ui/drift/drift_feature_view.h"
#include "ui/drift/drift_panel.h"
#include "ui/drift/drift_snapshot.h"
#include "ui/drift/fairness_view.h"
#include "widgets/distribution_chart.h"
#include "widgets/drift_heatmap.h"
#include "widgets/drift_line_chart.h"
#include "widgets/inline_message.h"
#include "widgets/plot_style.h"
#include "widgets/time_series_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace mdeck;
using namespace mdeck::ui::drift;

namespace {

constexpr int kTimeout = 10000;

SampleOptions options()
{
    SampleOptions o;
    o.features = 8;
    o.windows = 72;
    return o;
}

} // namespace

class tst_DriftPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::prepareConsoleTest(QStringLiteral("tst_drift_panel")); }

    void heatmapSelectionDrivesTheOtherCharts()
    {
        DriftPanel panel;
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setSource(std::make_shared<MemoryDriftSource>(makeSampleDrift(options())));
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData() && !panel.isLoading(), kTimeout);
        QCOMPARE(panel.heatmap()->featureCount(), 8);
        QCOMPARE(panel.heatmap()->windowCount(), 72);
        // It opens on the most drifted feature, at the newest window.
        QCOMPARE(panel.model().features[panel.selectedFeature()].name,
                 QStringLiteral("monthly_charges"));
        QCOMPARE(panel.selectedWindow(), 71);

        widgets::DriftHeatmap *map = panel.heatmap();
        QTest::mouseClick(map, Qt::LeftButton, {}, map->cellRect(2, 10).center());
        QCOMPARE(panel.selectedFeature(), 2);
        QCOMPARE(panel.selectedWindow(), 10);
        DriftFeatureView *view = panel.featureView();
        QCOMPARE(view->lineChart()->selectedIndex(), 10);
        QCOMPARE(view->lineChart()->pointCount(), 72);
        // plan is categorical: the histogram shows its four categories, the window's counts.
        QVERIFY(view->distributionChart()->isCategorical());
        QCOMPARE(view->distributionChart()->binCount(), 4);
        const std::vector<double> &counts = panel.model().currentCounts(2, 10);
        double total = 0;
        for (double c : counts)
            total += c;
        QCOMPARE(view->distributionChart()->currentShare(0), counts[0] / total);
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("driftStatusLabel"))
                    ->text()
                    .contains(QStringLiteral("plan")));

        // A click in the line chart selects that window everywhere.
        QWidget *plot = view->lineChart()->plot();
        const QRect area = view->lineChart()->plot()->axisRect()->rect();
        QTest::mouseClick(plot, Qt::LeftButton, {}, QPoint(area.left() + 2, area.bottom() - 2));
        QCOMPARE(panel.selectedWindow(), 0);
        QCOMPARE(map->selectedWindow(), 0);
        QCOMPARE(map->selectedFeature(), 2);
        panel.selectWindow(40);
        QCOMPARE(view->lineChart()->selectedIndex(), 40);
        QVERIFY(panel.fairnessView()->table()->rowCount() == 3);
        QVERIFY(panel.fairnessView()->warningCount() >= 1); // "unknown" is always small
        QCOMPARE(panel.performanceChart()->estimatedCount(), 1);
    }

    void thresholdAndMethodReRunTheBacktest()
    {
        DriftPanel panel;
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setSource(std::make_shared<MemoryDriftSource>(makeSampleDrift(options())));
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData() && !panel.isLoading(), kTimeout);
        panel.selectFeature(1); // monthly_charges drifts from window 43 on
        DriftFeatureView *view = panel.featureView();
        const int atDefault = view->backtestResult().alerted;
        QVERIFY(atDefault > 0);
        auto *spin = panel.findChild<QDoubleSpinBox *>(QStringLiteral("driftThresholdSpin"));
        auto *label = panel.findChild<QLabel *>(QStringLiteral("driftBacktestLabel"));
        spin->setValue(100);
        QCOMPARE(view->backtestResult().alerted, 0);
        QVERIFY(label->text().contains(QStringLiteral("none")));
        spin->setValue(0.0);
        QCOMPARE(view->backtestResult().alerted, 72);
        QVERIFY(label->text().contains(QStringLiteral("72 of 72")));
        spin->setValue(0.2);
        QCOMPARE(view->backtestResult().alerted, atDefault);
        // The heatmap re-colours with the threshold being tried.
        spin->setValue(0.001);
        QVERIFY(panel.heatmap()->severity(1, 0) > 1);
        spin->setValue(0.2);

        // Dragging the dashed line down lowers the threshold: more windows alert.
        widgets::DriftLineChart *line = view->lineChart();
        line->plot()->replot();
        QWidget *plot = line->plot();
        const int x = line->plot()->axisRect()->rect().center().x();
        const int y = line->thresholdPixel();
        QTest::mousePress(plot, Qt::LeftButton, {}, QPoint(x, y));
        QTest::mouseMove(plot, QPoint(x, line->plot()->axisRect()->rect().bottom() - 3));
        QTest::mouseRelease(plot, Qt::LeftButton, {},
                            QPoint(x, line->plot()->axisRect()->rect().bottom() - 3));
        QVERIFY(line->threshold() < 0.2);
        QVERIFY(view->backtestResult().alerted > atDefault);
        QCOMPARE(spin->value(), std::round(line->threshold() * 1e4) / 1e4);

        // Another method: KS p-values alert below 0.05.
        auto *method = panel.findChild<QComboBox *>(QStringLiteral("driftMethodCombo"));
        QCOMPARE(method->count(), 3);
        method->setCurrentIndex(2);
        Q_EMIT method->activated(2);
        QCOMPARE(panel.selectedMethod(), 2);
        QCOMPARE(spin->value(), 0.05);
        QVERIFY(view->backtestResult().alerted > 0);
        QVERIFY(view->backtestResult().alertedWindows.back() >= 43); // the drift is caught
        QVERIFY(!panel.heatmap()->data().higherIsWorse);
    }

    void saveRuleStoresTheBacktestedThreshold()
    {
        DriftPanel panel;
        auto source = std::make_shared<MemoryDriftSource>(makeSampleDrift(options()));
        panel.setSource(source);
        panel.show();
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData() && !panel.isLoading(), kTimeout);
        panel.selectFeature(1);
        panel.featureView()->thresholdSpin()->setValue(0.3);
        QSignalSpy saved(&panel, &DriftPanel::ruleSaved);
        QTest::mouseClick(panel.featureView()->saveRuleButton(), Qt::LeftButton);
        QDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = panel.findChild<QDialog *>(QStringLiteral("saveRuleDialog"))));
        dialog->findChild<QLineEdit *>(QStringLiteral("ruleNameEdit"))
            ->setText(QStringLiteral("charges-psi"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("ruleSaveButton")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, kTimeout);
        const QList<RuleDraft> rules = source->savedRules();
        QCOMPARE(rules.size(), 1);
        QCOMPARE(rules[0].name, QStringLiteral("charges-psi"));
        QCOMPARE(rules[0].feature, QStringLiteral("monthly_charges"));
        QCOMPARE(rules[0].method, QStringLiteral("psi"));
        QCOMPARE(rules[0].threshold, 0.3);
    }

    void liveWindowsAppearWithoutAReload()
    {
        SampleOptions o = options();
        auto source = std::make_shared<MemoryDriftSource>(makeSampleDrift(o, 0, 60));
        DriftPanel panel;
        panel.client()->setPollInterval(100);
        panel.setSource(source);
        panel.show();
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData() && !panel.isLoading(), kTimeout);
        QCOMPARE(panel.model().windowCount(), 60);
        QSignalSpy loaded(panel.client(), &DriftClient::loaded);
        // The server stores windows from another thread, one at a time.
        std::thread writer([&source, o] {
            for (int w = 60; w < 66; ++w)
                source->appendWindows(makeSampleDrift(o, w, 1));
        });
        writer.join();
        QTRY_COMPARE_WITH_TIMEOUT(panel.model().windowCount(), 66, kTimeout);
        QCOMPARE(panel.heatmap()->windowCount(), 66);
        QCOMPARE(panel.featureView()->lineChart()->pointCount(), 66);
        QCOMPARE(panel.selectedWindow(), 65); // it follows the newest window
        QCOMPARE(loaded.count(), 0);          // appended, not reloaded
        QCOMPARE(panel.model().validate(), QString());
        // Not live: nothing more arrives.
        panel.setLive(false);
        source->appendWindows(makeSampleDrift(o, 66, 1));
        QTest::qWait(400);
        QCOMPARE(panel.model().windowCount(), 66);
    }

    void snapshotOpensReadOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("week.mdrift"));
        QVERIFY(writeDriftSnapshot(makeSampleDrift(options()), path).ok());
        DriftPanel panel;
        panel.show();
        QVERIFY(panel.banner()->text().contains(QStringLiteral("No drift data")));
        panel.openSnapshot(path);
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData() && !panel.isLoading(), kTimeout);
        QVERIFY(panel.isReadOnly());
        QCOMPARE(panel.banner()->kind(), widgets::InlineMessage::Kind::Warning);
        QVERIFY(panel.banner()->text().contains(QStringLiteral("Read-only snapshot")));
        QVERIFY(panel.banner()->text().contains(QStringLiteral("week.mdrift")));
        QVERIFY(!panel.featureView()->saveRuleButton()->isEnabled());
        QVERIFY(!panel.findChild<QCheckBox *>(QStringLiteral("driftLiveCheck"))->isEnabled());
        QCOMPARE(panel.heatmap()->windowCount(), 72);
        // Thresholds can still be tried out.
        panel.featureView()->thresholdSpin()->setValue(0.0);
        QCOMPARE(panel.featureView()->backtestResult().alerted, 72);
        // The time range cuts the view to the last day of the snapshot.
        auto *range = panel.findChild<QComboBox *>(QStringLiteral("driftRangeCombo"));
        range->setCurrentIndex(1);
        Q_EMIT range->activated(1);
        QTRY_COMPARE_WITH_TIMEOUT(panel.model().windowCount(), 24, kTimeout);
    }

    void truncatedSnapshotSaysSo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cut.mdrift"));
        const QByteArray whole = driftSnapshotJson(makeSampleDrift(options()), 0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(whole.left(whole.size() * 2 / 3));
        file.close();
        DriftPanel panel;
        panel.show();
        panel.openSnapshot(path);
        QTRY_COMPARE_WITH_TIMEOUT(panel.banner()->kind(), widgets::InlineMessage::Kind::Error,
                                  kTimeout);
        QVERIFY2(panel.banner()->text().contains(QStringLiteral("cut.mdrift")),
                 qPrintable(panel.banner()->text()));
        QVERIFY2(panel.banner()->text().contains(QStringLiteral("truncated")),
                 qPrintable(panel.banner()->text()));
        QVERIFY(!panel.hasData());
        QVERIFY(!panel.isReadOnly());
    }

    void chartsAndSnapshotsExport()
    {
        QTemporaryDir dir;
        DriftPanel panel;
        panel.resize(1200, 800);
        panel.setSource(std::make_shared<MemoryDriftSource>(makeSampleDrift(options())));
        panel.show();
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData() && !panel.isLoading(), kTimeout);
        using C = DriftPanel::Chart;
        for (C chart :
             {C::Heatmap, C::Line, C::Histogram, C::Quality, C::Performance, C::Fairness}) {
            for (const char *suffix : {"png", "pdf", "csv"}) {
                const QString path = dir.filePath(
                    QStringLiteral("chart%1.%2").arg(int(chart)).arg(QLatin1String(suffix)));
                QCOMPARE(panel.exportChart(chart, path), QString());
                QVERIFY(QFile(path).size() > 20);
            }
        }
        const QString snapshot = dir.filePath(QStringLiteral("out.mdrift"));
        panel.exportSnapshot(snapshot);
        QTRY_VERIFY_WITH_TIMEOUT(panel.banner()->text().contains(QStringLiteral("Exported")),
                                 kTimeout);
        auto read = readDriftSnapshot(snapshot);
        QVERIFY(read.ok());
        QCOMPARE(read->windowCount(), 72);
    }
};

QTEST_MAIN(tst_DriftPanel)
#include "tst_drift_panel.moc"
