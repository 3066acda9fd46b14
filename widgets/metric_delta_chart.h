#pragma once

// A horizontal bar chart of how much each metric changed between two
// versions, in percent of the first value. Bars are green where the change
// is an improvement and red where it is a regression (QCustomPlot).
// GUI thread only.

#include <QList>
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace mdeck::widgets {

struct MetricDelta
{
    QString name;
    double left = 0;
    double right = 0;
    bool lowerIsBetter = false;
};

class MetricDeltaChart : public QWidget
{
    Q_OBJECT

public:
    explicit MetricDeltaChart(QWidget *parent = nullptr);

    // Metrics whose first value is 0 have no relative change and get no bar.
    void setDeltas(const QList<MetricDelta> &deltas);
    int barCount() const { return m_barCount; }

    // (right - left) / |left| in percent; 0 when left is 0.
    static double relativeChange(double left, double right);
    static bool isImprovement(const MetricDelta &delta);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QCustomPlot *m_plot;
    QList<MetricDelta> m_deltas;
    int m_barCount = 0;
};

} // namespace mdeck::widgets
