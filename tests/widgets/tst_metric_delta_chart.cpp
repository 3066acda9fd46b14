#include "widgets/metric_delta_chart.h"

#include <QTest>

using mdeck::widgets::MetricDelta;
using mdeck::widgets::MetricDeltaChart;

class tst_MetricDeltaChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void relativeChange_data()
    {
        QTest::addColumn<double>("left");
        QTest::addColumn<double>("right");
        QTest::addColumn<double>("percent");
        QTest::addRow("rise") << 0.5 << 0.6 << 20.0;
        QTest::addRow("fall") << 2.0 << 1.0 << -50.0;
        QTest::addRow("negative base") << -2.0 << -1.0 << 50.0;
        QTest::addRow("zero base") << 0.0 << 1.0 << 0.0;
    }

    void relativeChange()
    {
        QFETCH(double, left);
        QFETCH(double, right);
        QFETCH(double, percent);
        QCOMPARE(MetricDeltaChart::relativeChange(left, right), percent);
    }

    void improvementFollowsDirection()
    {
        QVERIFY(MetricDeltaChart::isImprovement({QStringLiteral("accuracy"), 0.9, 0.95, false}));
        QVERIFY(!MetricDeltaChart::isImprovement({QStringLiteral("accuracy"), 0.95, 0.9, false}));
        QVERIFY(MetricDeltaChart::isImprovement({QStringLiteral("loss"), 0.3, 0.2, true}));
        QVERIFY(!MetricDeltaChart::isImprovement({QStringLiteral("loss"), 0.2, 0.3, true}));
        QVERIFY(!MetricDeltaChart::isImprovement({QStringLiteral("f1"), 0.5, 0.5, false}));
    }

    void barsSkipZeroBase()
    {
        MetricDeltaChart chart;
        chart.resize(400, 200);
        chart.setDeltas({{QStringLiteral("accuracy"), 0.9, 0.95, false},
                         {QStringLiteral("loss"), 0.3, 0.35, true},
                         {QStringLiteral("bias"), 0.0, 0.1, false}});
        QCOMPARE(chart.barCount(), 2);
        QVERIFY(!chart.grab().isNull());
        chart.setDeltas({});
        QCOMPARE(chart.barCount(), 0);
    }
};

QTEST_MAIN(tst_MetricDeltaChart)
#include "tst_metric_delta_chart.moc"
