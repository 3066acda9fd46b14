#pragma once

// The live chart of a training run (QCustomPlot): train and validation loss
// per epoch on the left axis, the validation metric (accuracy or RMSE) on
// the right. Points with a non-finite value are skipped. Appending is cheap;
// callers batch appends (the console merges them every 40 ms). GUI thread only.

#include <QList>
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace mdeck::widgets {

struct TrainingPoint
{
    int epoch = 0;
    double trainLoss = 0;
    double validationLoss = 0;
    double metric = 0;
};

class TrainingChart : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingChart(QWidget *parent = nullptr);

    // The name on the right axis ("accuracy", "rmse"); clears nothing.
    void setMetricName(const QString &name);
    void setPoints(const QList<TrainingPoint> &points);
    void appendPoints(const QList<TrainingPoint> &points);
    void clear();
    // Points drawn (those with finite values).
    int pointCount() const { return m_count; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void rescale();

    QCustomPlot *m_plot;
    int m_count = 0;
    int m_lastEpoch = 0;
};

} // namespace mdeck::widgets
