#pragma once

// Several series over time on one QCustomPlot, for data quality and model
// performance per window. A series marked estimated (performance without
// labels) is drawn dashed with its confidence band shaded and "(estimated)"
// in its legend name, so nobody mistakes it for a measured value. x is
// seconds since the epoch; a click on the plot reports the nearest point
// index of the first series. GUI thread only.

#include <QList>
#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPItemStraightLine;

namespace mdeck::widgets {

struct TimeSeries
{
    QString name;
    std::vector<double> x; // ascending
    std::vector<double> y; // NaN = no value (a gap)
    bool estimated = false;
    std::vector<double> lower; // optional band, same length as y
    std::vector<double> upper;
    bool rightAxis = false; // e.g. counts beside shares
};

class TimeSeriesChart : public QWidget
{
    Q_OBJECT

public:
    explicit TimeSeriesChart(QWidget *parent = nullptr);

    void setSeries(const QList<TimeSeries> &series);
    void clear() { setSeries({}); }
    void setAxisLabels(const QString &left, const QString &right = {});
    // Whether the left axis starts at zero (shares) or fits the data (a metric near 0.85).
    void setZeroBased(bool zeroBased);
    // Vertical marker at this index of the first series; -1 hides it.
    void setSelectedIndex(int index);
    int seriesCount() const { return int(m_series.size()); }
    int estimatedCount() const;
    QCustomPlot *plot() const { return m_plot; }
    // time, then one column per series.
    QString toCsv() const;

Q_SIGNALS:
    void pointClicked(int index);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    QCustomPlot *m_plot;
    QCPItemStraightLine *m_selection = nullptr;
    QList<TimeSeries> m_series;
    int m_selected = -1;
    bool m_zeroBased = true;
};

} // namespace mdeck::widgets
