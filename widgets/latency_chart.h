#pragma once

// Latency percentiles per batch size (QCustomPlot): one line each for p50,
// p90, p99 and max in microseconds over the batch size on a log axis.
// Points with a non-finite or non-positive value are skipped. GUI thread only.

#include <QList>
#include <QWidget>

class QCustomPlot;

namespace mdeck::widgets {

struct LatencyPoint
{
    int batch = 0;
    double p50Us = 0;
    double p90Us = 0;
    double p99Us = 0;
    double maxUs = 0;
};

class LatencyChart : public QWidget
{
    Q_OBJECT

public:
    explicit LatencyChart(QWidget *parent = nullptr);

    void setPoints(const QList<LatencyPoint> &points);
    int pointCount() const { return m_count; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QCustomPlot *m_plot;
    int m_count = 0;
};

} // namespace mdeck::widgets
