#pragma once

// A drift statistic over time (QCustomPlot): the series, its alert
// threshold as a dashed line that the user can drag, the reference band of
// mean ± 3σ, markers on the windows that alerted, and a vertical marker on
// the selected window. x is seconds since the epoch. A long series is
// decimated to min/max per pixel column of the visible range on every pan,
// zoom and resize, so a million points stay fluid. Wheel zooms and drag
// pans the time axis. GUI thread only.

#include <QString>
#include <QVector>
#include <QWidget>

#include <span>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;

namespace mdeck::widgets {

class DriftLineChart : public QWidget
{
    Q_OBJECT

public:
    explicit DriftLineChart(QWidget *parent = nullptr);

    // `x` ascending; copied. Rescales both axes to the data.
    void setSeries(std::span<const double> x, std::span<const double> y);
    // Appends points after the last one (live windows); keeps the view unless it showed the end.
    void appendSeries(std::span<const double> x, std::span<const double> y);
    void clear();
    void setValueLabel(const QString &label);

    void setThreshold(double value);
    void clearThreshold();
    double threshold() const { return m_threshold; }
    bool hasThreshold() const { return m_hasThreshold; }
    // A logarithmic value axis, for p-values: values at or below zero sit on its floor.
    void setLogScale(bool log);
    bool isLogScale() const { return m_log; }
    // Dragging stays within [lower, upper] (a distance is never negative, a p-value at most 1).
    void setThresholdLimits(double lower, double upper);
    // Whether the user may drag the threshold line (off for read-only views).
    void setThresholdEditable(bool editable) { m_thresholdEditable = editable; }

    // The reference band: mean ± 3 sigma. A non-finite or negative sigma hides it.
    void setBand(double mean, double sigma);
    // Markers at these indexes of the series.
    void setAlerts(const std::vector<int> &indexes);
    // Vertical marker on the point at `index`; -1 hides it.
    void setSelectedIndex(int index);
    int selectedIndex() const { return m_selected; }

    // Off draws every point through QCustomPlot alone (for comparison in benchmarks).
    void setDecimationEnabled(bool enabled);
    int pointCount() const { return int(m_x.size()); }
    // Points handed to QCustomPlot after decimation.
    int drawnPointCount() const;
    int alertCount() const { return int(m_alerts.size()); }
    QCustomPlot *plot() const { return m_plot; }
    // The visible series as CSV: time (ISO 8601), value, alert.
    QString toCsv() const;
    // Pixel y of the threshold line in plot coordinates, for tests that drag it.
    int thresholdPixel() const;

Q_SIGNALS:
    // While the threshold line is dragged, and once more when it is released.
    void thresholdDragged(double value);
    void thresholdChanged(double value);
    void pointClicked(int index);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyPalette();
    void redecimate();
    void rescale();
    void updateThresholdItems();
    void updateBand();
    void updateAlerts();
    void updateSelection();
    int nearestIndex(double x) const;

    QCustomPlot *m_plot;
    QCPGraph *m_line;
    QCPGraph *m_alertGraph;
    QCPGraph *m_bandKey; // only a legend entry for the band
    QCPItemStraightLine *m_thresholdLine;
    QCPItemText *m_thresholdLabel;
    QCPItemRect *m_band;
    QCPItemStraightLine *m_selectionLine;
    std::vector<double> m_x;
    std::vector<double> m_y;
    std::vector<int> m_alerts;
    double m_threshold = 0;
    bool m_hasThreshold = false;
    bool m_thresholdEditable = true;
    double m_thresholdLower = -1e300;
    double m_thresholdUpper = 1e300;
    bool m_dragging = false;
    bool m_pressMoved = false;
    QPoint m_pressPos;
    double m_bandMean = 0;
    double m_bandSigma = -1;
    int m_selected = -1;
    bool m_decimate = true;
    bool m_log = false;
    bool m_inRedecimate = false;
};

} // namespace mdeck::widgets
