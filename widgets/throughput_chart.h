#pragma once

// Throughput (rows per second) over the batch size on log axes
// (QCustomPlot), with the 95% confidence interval as error bars. Shows the
// current run and, optionally, earlier runs overlaid in other colours.
// Points with a non-finite or non-positive value are skipped. GUI thread only.

#include <QList>
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace mdeck::widgets {

struct ThroughputPoint
{
    int batch = 0;
    double rowsPerSecond = 0;
    double ciLow = 0;
    double ciHigh = 0;
};

struct ThroughputSeries
{
    QString name;
    QList<ThroughputPoint> points;
};

class ThroughputChart : public QWidget
{
    Q_OBJECT

public:
    explicit ThroughputChart(QWidget *parent = nullptr);

    void setCurrent(const ThroughputSeries &series);
    void setOverlays(const QList<ThroughputSeries> &overlays);
    // Series drawn with at least one point, current first.
    int seriesCount() const { return m_seriesCount; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    QCustomPlot *m_plot;
    ThroughputSeries m_current;
    QList<ThroughputSeries> m_overlays;
    int m_seriesCount = 0;
};

} // namespace mdeck::widgets
