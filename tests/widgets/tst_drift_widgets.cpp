// The Drift panel's chart widgets with plain data: decimation keeps spikes
// and bounds the points drawn, the threshold line drags, cells and points
// click, shapes are refused, estimated series are marked, and charts export
// to PNG, PDF and CSV.

#include "widgets/chart_export.h"
#include "widgets/decimation.h"
#include "widgets/distribution_chart.h"
#include "widgets/drift_heatmap.h"
#include "widgets/drift_line_chart.h"
#include "widgets/group_ratio_chart.h"
#include "widgets/plot_style.h"
#include "widgets/time_series_chart.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <vector>

using namespace mdeck::widgets;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

HeatmapData smallHeatmap()
{
    HeatmapData d;
    d.features = {QStringLiteral("age"), QStringLiteral("income"), QStringLiteral("city")};
    d.windows = {QStringLiteral("w1"), QStringLiteral("w2"), QStringLiteral("w3"),
                 QStringLiteral("w4")};
    d.method = QStringLiteral("PSI");
    d.scores = {0.01, 0.05, 0.3, 0.5, 0.02, kNaN, 0.1, 0.2, 0.0, 0.0, 0.0, 0.9};
    d.thresholds = {0.2, 0.2, 0.3};
    return d;
}

} // namespace

class tst_DriftWidgets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decimationKeepsSpikesAndBoundsPoints()
    {
        const int n = 100000;
        std::vector<double> x(n), y(n);
        for (int i = 0; i < n; ++i) {
            x[std::size_t(i)] = i;
            y[std::size_t(i)] = std::sin(i * 0.001);
        }
        y[54321] = 50;  // a spike
        y[100] = kNaN;  // a gap
        const DecimatedSeries d = decimateMinMax(x, y, 0, n - 1, 500);
        QVERIFY(d.x.size() <= 500 * 4 + 8);
        QVERIFY(d.x.size() > 500);
        QVERIFY(std::is_sorted(d.x.begin(), d.x.end()));
        QVERIFY(d.y.contains(50.0));
        for (double v : d.y)
            QVERIFY(std::isfinite(v));
        // A zoomed range keeps one neighbour on each side.
        const DecimatedSeries z = decimateMinMax(x, y, 1000, 1010, 500);
        QCOMPARE(z.x.front(), 999.0);
        QCOMPARE(z.x.back(), 1011.0);
        QCOMPARE(z.x.size(), qsizetype(13));
        QVERIFY(decimateMinMax({}, {}, 0, 1, 10).x.isEmpty());
        QVERIFY(decimateMinMax(x, y, 5, 1, 10).x.isEmpty()); // reversed range
    }

    void lineChartDecimatesAMillionPoints()
    {
        DriftLineChart chart;
        chart.resize(800, 300);
        const int n = 1000000;
        std::vector<double> x(n), y(n);
        for (int i = 0; i < n; ++i) {
            x[std::size_t(i)] = 1.7e9 + i * 60.0;
            y[std::size_t(i)] = 0.1 + 0.05 * std::sin(i * 0.0001);
        }
        chart.setSeries(x, y);
        chart.plot()->replot();
        QCOMPARE(chart.pointCount(), n);
        QVERIFY(chart.drawnPointCount() <= chart.plot()->axisRect()->width() * 4 + 8);
        // Zooming in re-decimates the visible range only.
        chart.plot()->xAxis->setRange(x[1000], x[1100]);
        QVERIFY(chart.drawnPointCount() <= 110);
        chart.setDecimationEnabled(false);
        QCOMPARE(chart.drawnPointCount(), n);
        QVERIFY(!chart.grab().isNull());
    }

    void thresholdLineDragsAndPointsClick()
    {
        DriftLineChart chart;
        chart.resize(600, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        std::vector<double> x, y;
        for (int i = 0; i < 50; ++i) {
            x.push_back(1.7e9 + i * 3600.0);
            y.push_back(i % 10 == 0 ? 0.4 : 0.1);
        }
        chart.setSeries(x, y);
        chart.setThreshold(0.3);
        chart.setBand(0.1, 0.02);
        chart.setAlerts({0, 10, 20, 99});
        QCOMPARE(chart.alertCount(), 3);
        chart.plot()->replot();
        QSignalSpy dragged(&chart, &DriftLineChart::thresholdDragged);
        QSignalSpy changed(&chart, &DriftLineChart::thresholdChanged);
        QSignalSpy clicked(&chart, &DriftLineChart::pointClicked);
        QWidget *plot = chart.plot();
        const QRect area = chart.plot()->axisRect()->rect();
        const int px = area.center().x();
        const int py = chart.thresholdPixel();
        QTest::mousePress(plot, Qt::LeftButton, {}, QPoint(px, py));
        QTest::mouseMove(plot, QPoint(px, py + 40));
        QTest::mouseRelease(plot, Qt::LeftButton, {}, QPoint(px, py + 40));
        QCOMPARE(changed.count(), 1);
        QVERIFY(dragged.count() >= 1);
        QVERIFY(chart.threshold() < 0.3);
        QCOMPARE(clicked.count(), 0);
        // A click away from the line selects the nearest point.
        QTest::mouseClick(plot, Qt::LeftButton, {}, QPoint(area.left() + 5, area.top() + 5));
        QCOMPARE(clicked.count(), 1);
        QVERIFY(clicked.at(0).at(0).toInt() <= 2);
        // Read-only: the line stays put.
        chart.setThresholdEditable(false);
        const double before = chart.threshold();
        const int py2 = chart.thresholdPixel();
        QTest::mousePress(plot, Qt::LeftButton, {}, QPoint(px, py2));
        QTest::mouseMove(plot, QPoint(px, py2 + 30));
        QTest::mouseRelease(plot, Qt::LeftButton, {}, QPoint(px, py2 + 30));
        QCOMPARE(chart.threshold(), before);
        chart.setSelectedIndex(5);
        QCOMPARE(chart.selectedIndex(), 5);
        QVERIFY(chart.toCsv().startsWith(QStringLiteral("time,value,alert\n")));
        QCOMPARE(chart.toCsv().count(QLatin1Char('\n')), 51);
    }

    void heatmapColoursClicksAndExplains()
    {
        DriftHeatmap map;
        map.resize(600, 300);
        map.show();
        QVERIFY(QTest::qWaitForWindowExposed(&map));
        QVERIFY(!map.grab().isNull()); // empty
        QVERIFY(map.setData(smallHeatmap()));
        QCOMPARE(map.featureCount(), 3);
        QCOMPARE(map.windowCount(), 4);
        QCOMPARE(map.severity(0, 3), 2.5);
        QVERIFY(std::isnan(map.severity(1, 1)));
        QSignalSpy clicked(&map, &DriftHeatmap::cellClicked);
        QTest::mouseClick(&map, Qt::LeftButton, {}, map.cellRect(2, 3).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 2);
        QCOMPARE(clicked.at(0).at(1).toInt(), 3);
        QCOMPARE(map.selectedFeature(), 2);
        const QString tip = map.toolTipFor(0, 3);
        for (const char *part : {"age", "w4", "PSI", "0.5", "0.2", "drift"})
            QVERIFY2(tip.contains(QLatin1String(part)), qPrintable(tip));
        QVERIFY(map.toolTipFor(1, 1).contains(QStringLiteral("no data")));
        QVERIFY(map.toCsv().startsWith(QStringLiteral("feature,w1,w2,w3,w4\nage,")));
        // Live windows: one more column.
        QVERIFY(map.appendWindows({QStringLiteral("w5")}, std::vector<double>{0.1, 0.1, 0.1}));
        QCOMPARE(map.windowCount(), 5);
        QCOMPARE(map.severity(0, 4), 0.5);
        QVERIFY(!map.appendWindows({QStringLiteral("w6")}, std::vector<double>{0.1}));
        // p-values: the lower the score, the more drift.
        HeatmapData p = smallHeatmap();
        p.higherIsWorse = false;
        p.thresholds = {0.05, 0.05, 0.05};
        p.scores[0] = 0.005;
        QVERIFY(map.setData(p));
        QCOMPARE(map.severity(0, 0), 2.0);
        QVERIFY(map.severity(0, 2) < 1);
        HeatmapData bad = smallHeatmap();
        bad.scores.pop_back();
        QVERIFY(!map.setData(bad));
        QCOMPARE(map.featureCount(), 0);
    }

    void heatmapOfFiftyThousandCellsPaints()
    {
        HeatmapData d;
        for (int f = 0; f < 100; ++f)
            d.features.append(QStringLiteral("feature_%1").arg(f));
        for (int w = 0; w < 500; ++w)
            d.windows.append(QStringLiteral("w%1").arg(w));
        d.scores.resize(100 * 500, 0.1);
        d.thresholds.assign(100, 0.2);
        DriftHeatmap map;
        map.resize(1000, 500);
        QVERIFY(map.setData(std::move(d)));
        QVERIFY(!map.grab().isNull());
    }

    void distributionChartNumericAndCategorical()
    {
        DistributionChart chart;
        chart.resize(400, 260);
        QVERIFY(chart.setNumeric(std::vector<double>{0, 1, 2, 3}, std::vector<double>{10, 30, 60},
                                 std::vector<double>{1, 1, 2}));
        QCOMPARE(chart.binCount(), 3);
        QCOMPARE(chart.referenceShare(2), 0.6);
        QCOMPARE(chart.currentShare(2), 0.5);
        QVERIFY(!chart.isCategorical());
        QVERIFY(!chart.grab().isNull());
        QVERIFY(!chart.setNumeric(std::vector<double>{0, 1}, std::vector<double>{1, 2},
                                  std::vector<double>{1, 2}));
        QCOMPARE(chart.binCount(), 0);
        QVERIFY(!chart.setNumeric(std::vector<double>{2, 1, 0}, std::vector<double>{1, 2},
                                  std::vector<double>{1, 2})); // edges not ascending
        QVERIFY(chart.setCategorical({QStringLiteral("a"), QStringLiteral("b, c")},
                                     std::vector<double>{1, 3}, std::vector<double>{0, 0}));
        QVERIFY(chart.isCategorical());
        QCOMPARE(chart.currentShare(0), 0.0); // an empty window stays empty
        QVERIFY(chart.toCsv().contains(QStringLiteral("\"b, c\",0.75,0")));
        QVERIFY(!chart.setCategorical({QStringLiteral("a")}, std::vector<double>{1, 3},
                                      std::vector<double>{0, 0}));
        QVERIFY(!chart.grab().isNull());
    }

    void timeSeriesMarksEstimates()
    {
        TimeSeriesChart chart;
        chart.resize(400, 260);
        TimeSeries realized{QStringLiteral("accuracy"), {1, 2, 3}, {0.9, kNaN, 0.85}, false, {}, {}};
        TimeSeries estimated{QStringLiteral("accuracy"), {1, 2, 3}, {0.9, 0.88, 0.8}, true,
                             {0.85, 0.83, 0.75}, {0.95, 0.93, 0.85}};
        chart.setSeries({realized, estimated});
        QCOMPARE(chart.seriesCount(), 2);
        QCOMPARE(chart.estimatedCount(), 1);
        bool named = false;
        for (int i = 0; i < chart.plot()->graphCount(); ++i)
            named = named || chart.plot()->graph(i)->name().contains(QStringLiteral("(estimated)"));
        QVERIFY(named);
        QVERIFY(chart.toCsv().contains(QStringLiteral("accuracy (estimated)")));
        chart.setSelectedIndex(1);
        QVERIFY(!chart.grab().isNull());
    }

    void groupRatioChartCountsGroupsOutsideTheBand()
    {
        GroupRatioChart chart;
        chart.resize(400, 260);
        chart.setGroups(QStringLiteral("selection rate"),
                        {{QStringLiteral("female"), 1.0, 500, false},
                         {QStringLiteral("male"), 0.7, 480, false},
                         {QStringLiteral("other"), 0.3, 4, true},
                         {QStringLiteral("unknown"), kNaN, 0, true}});
        QCOMPARE(chart.groupCount(), 4);
        QCOMPARE(chart.outsideCount(), 1);
        QVERIFY(chart.toCsv().contains(QStringLiteral("\"other\",4,0.3,1")));
        QVERIFY(!chart.grab().isNull());
    }

    void chartsExportToPngPdfAndCsv()
    {
        QTemporaryDir dir;
        DriftLineChart chart;
        chart.resize(500, 300);
        chart.setSeries(std::vector<double>{1.7e9, 1.7e9 + 60}, std::vector<double>{0.1, 0.2});
        const QString png = dir.filePath(QStringLiteral("chart.png"));
        const QString pdf = dir.filePath(QStringLiteral("chart.pdf"));
        const QString csv = dir.filePath(QStringLiteral("chart.csv"));
        QCOMPARE(exportChart(&chart, chart.toCsv(), png), QString());
        QCOMPARE(exportChart(&chart, chart.toCsv(), pdf), QString());
        QCOMPARE(exportChart(&chart, chart.toCsv(), csv), QString());
        DriftHeatmap map;
        map.resize(400, 200);
        QVERIFY(map.setData(smallHeatmap()));
        const QString mapPdf = dir.filePath(QStringLiteral("map.pdf"));
        QCOMPARE(exportChart(&map, map.toCsv(), mapPdf), QString());
        auto head = [](const QString &path, int n) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
        };
        QCOMPARE(head(png, 4), QByteArray("\x89PNG"));
        QCOMPARE(head(pdf, 4), QByteArray("%PDF"));
        QCOMPARE(head(mapPdf, 4), QByteArray("%PDF"));
        QCOMPARE(head(csv, 16), QByteArray("time,value,alert"));
        QVERIFY(!exportChart(&chart, {}, dir.filePath(QStringLiteral("chart.gif"))).isEmpty());
        QVERIFY(!exportChart(&chart, {}, QStringLiteral("/nonexistent/dir/chart.png")).isEmpty());
    }
};

QTEST_MAIN(tst_DriftWidgets)
#include "tst_drift_widgets.moc"
