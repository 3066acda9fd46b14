// The plot widgets of the Train & Benchmark panel with plain data: points
// drawn, nothing on empty data, non-finite values skipped, shapes refused.

#include "widgets/column_sketch.h"
#include "widgets/confusion_heatmap.h"
#include "widgets/latency_chart.h"
#include "widgets/throughput_chart.h"
#include "widgets/training_chart.h"

#include <QTest>

#include <limits>

using namespace mdeck::widgets;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

} // namespace

class tst_PlotWidgets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trainingChartAppendsAndSkipsNaN()
    {
        TrainingChart chart;
        chart.resize(500, 300);
        QVERIFY(!chart.grab().isNull()); // empty
        chart.setMetricName(QStringLiteral("accuracy"));
        chart.appendPoints({{1, 1.0, 1.1, 0.5}, {2, 0.8, 0.9, 0.6}});
        QCOMPARE(chart.pointCount(), 2);
        chart.appendPoints({{3, kNaN, 0.8, 0.7}, {4, 0.6, kInf, 0.7}, {5, 0.5, 0.6, 0.8}});
        QCOMPARE(chart.pointCount(), 3);
        QVERIFY(!chart.grab().isNull());
        chart.clear();
        QCOMPARE(chart.pointCount(), 0);
    }

    void heatmapKeepsCountsAndRefusesBadShapes()
    {
        ConfusionHeatmap map;
        map.resize(300, 240);
        QVERIFY(!map.grab().isNull()); // empty
        const QStringList labels{QStringLiteral("a"), QStringLiteral("b")};
        QVERIFY(map.setMatrix(labels, {{5, 1}, {0, 7}}));
        QCOMPARE(map.classCount(), 2);
        QCOMPARE(map.count(0, 1), qint64(1));
        QCOMPARE(map.count(1, 1), qint64(7));
        QCOMPARE(map.count(2, 0), qint64(-1));
        QVERIFY(!map.grab().isNull());
        QVERIFY(!map.setMatrix(labels, {{5, 1}})); // one row short
        QCOMPARE(map.classCount(), 0);
        QVERIFY(!map.setMatrix(labels, {{5, 1}, {0}})); // ragged
        QVERIFY(!map.setMatrix(labels, {{5, -1}, {0, 7}}));
        QVERIFY(map.setMatrix({}, {}));
        QVERIFY(!map.grab().isNull());
    }

    void sketchDrawsHistogramsAndCategories()
    {
        ColumnSketch sketch;
        sketch.resize(160, 28);
        QVERIFY(!sketch.grab().isNull());
        sketch.setHistogram({1, 4, kNaN, -2, 3});
        QCOMPARE(sketch.barCount(), 5);
        QVERIFY(!sketch.showsCategories());
        QVERIFY(!sketch.grab().isNull());
        sketch.setCategories({{QStringLiteral("Adelie"), 152},
                              {QStringLiteral("Gentoo"), 124},
                              {QStringLiteral("Chinstrap"), 68},
                              {QStringLiteral("x"), 1},
                              {QStringLiteral("y"), 1}});
        QCOMPARE(sketch.barCount(), ColumnSketch::kMaxCategories);
        QVERIFY(sketch.showsCategories());
        QVERIFY(!sketch.grab().isNull());
        sketch.setHistogram({0, 0});
        QVERIFY(!sketch.grab().isNull());
    }

    void latencyChartSkipsUnusablePoints()
    {
        LatencyChart chart;
        chart.resize(400, 300);
        QVERIFY(!chart.grab().isNull());
        chart.setPoints({{1, 10, 12, 15, 20},
                         {8, 20, 25, 30, 40},
                         {64, kNaN, 1, 1, 1},
                         {0, 1, 1, 1, 1},
                         {512, 0, 1, 1, 1}});
        QCOMPARE(chart.pointCount(), 2);
        QVERIFY(!chart.grab().isNull());
        chart.setPoints({});
        QCOMPARE(chart.pointCount(), 0);
    }

    void throughputChartOverlaysRuns()
    {
        ThroughputChart chart;
        chart.resize(400, 300);
        QVERIFY(!chart.grab().isNull());
        chart.setCurrent({QStringLiteral("now"), {{1, 1e4, 9e3, 1.1e4}, {8, 5e4, kNaN, kNaN}}});
        QCOMPARE(chart.seriesCount(), 1);
        chart.setOverlays({{QStringLiteral("before"), {{1, 8e3, 7e3, 9e3}}},
                           {QStringLiteral("broken"), {{1, kNaN, 0, 0}, {-1, 5, 1, 2}}}});
        QCOMPARE(chart.seriesCount(), 2);
        QVERIFY(!chart.grab().isNull());
        chart.setCurrent({});
        chart.setOverlays({});
        QCOMPARE(chart.seriesCount(), 0);
    }
};

QTEST_MAIN(tst_PlotWidgets)
#include "tst_plot_widgets.moc"
