#pragma once

// A rollout's progress over time (QCustomPlot): the candidate's traffic
// share as steps (left axis, %), the observed error rate (left axis, %) and
// p99 latency (right axis, ms), with the plan's limits as dashed lines.
// Time is in seconds since the rollout began. Takes plain data; GUI thread only.

#include <QList>
#include <QPointF>
#include <QWidget>

#include <optional>

class QCustomPlot;

namespace mdeck::widgets {

struct RolloutChartData
{
    QList<QPointF> trafficPercent;   // (seconds, %) at each change
    QList<QPointF> errorRatePercent; // (seconds, %) observations
    QList<QPointF> p99Ms;            // (seconds, ms) observations
    std::optional<double> maxErrorRatePercent;
    std::optional<double> maxP99Ms;
    double nowSeconds = 0; // the traffic line is drawn up to here
};

class RolloutChart : public QWidget
{
    Q_OBJECT

public:
    explicit RolloutChart(QWidget *parent = nullptr);

    void setData(const RolloutChartData &data);
    const RolloutChartData &data() const { return m_data; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QCustomPlot *m_plot;
    RolloutChartData m_data;
};

} // namespace mdeck::widgets
