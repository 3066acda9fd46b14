#include "widgets/training_chart.h"

#include "widgets/plot_style.h"

#include <QEvent>
#include <QVBoxLayout>

#include <cmath>

namespace mdeck::widgets {

namespace {

enum Series { TrainLoss = 0, ValidationLoss = 1, Metric = 2 };

} // namespace

TrainingChart::TrainingChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("trainingPlot"));
    m_plot->xAxis->setLabel(tr("Epoch"));
    m_plot->yAxis->setLabel(tr("Loss"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(tr("Validation metric"));
    QSharedPointer<QCPAxisTickerFixed> epochs(new QCPAxisTickerFixed);
    epochs->setTickStep(1);
    epochs->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(epochs);
    auto *train = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    train->setName(tr("train loss"));
    auto *validation = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    validation->setName(tr("validation loss"));
    auto *metric = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    metric->setName(tr("validation metric"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumHeight(180);
    applyPalette();
    clear();
}

void TrainingChart::setMetricName(const QString &name)
{
    m_plot->yAxis2->setLabel(tr("Validation %1").arg(name));
    m_plot->graph(Metric)->setName(tr("validation %1").arg(name));
    m_plot->replot();
}

void TrainingChart::setPoints(const QList<TrainingPoint> &points)
{
    for (int i = 0; i < m_plot->graphCount(); ++i)
        m_plot->graph(i)->data()->clear();
    m_count = 0;
    m_lastEpoch = 0;
    appendPoints(points);
}

void TrainingChart::appendPoints(const QList<TrainingPoint> &points)
{
    for (const TrainingPoint &p : points) {
        if (!std::isfinite(p.trainLoss) || !std::isfinite(p.validationLoss)
            || !std::isfinite(p.metric))
            continue;
        m_plot->graph(TrainLoss)->addData(p.epoch, p.trainLoss);
        m_plot->graph(ValidationLoss)->addData(p.epoch, p.validationLoss);
        m_plot->graph(Metric)->addData(p.epoch, p.metric);
        m_lastEpoch = std::max(m_lastEpoch, p.epoch);
        ++m_count;
    }
    rescale();
}

void TrainingChart::clear()
{
    setPoints({});
}

void TrainingChart::rescale()
{
    m_plot->xAxis->setRange(1, std::max(5, m_lastEpoch));
    if (m_count > 0) {
        bool found = false;
        QCPRange loss = m_plot->graph(TrainLoss)->data()->valueRange(found);
        loss.expand(m_plot->graph(ValidationLoss)->data()->valueRange(found));
        m_plot->yAxis->setRange(std::min(0.0, loss.lower), loss.upper * 1.08 + 1e-9);
        QCPRange metric = m_plot->graph(Metric)->data()->valueRange(found);
        const double pad = std::max(1e-3, metric.size() * 0.08);
        m_plot->yAxis2->setRange(metric.lower - pad, metric.upper + pad);
    } else {
        m_plot->yAxis->setRange(0, 1);
        m_plot->yAxis2->setRange(0, 1);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void TrainingChart::applyPalette()
{
    const QPalette pal = palette();
    applyPlotPalette(m_plot, pal);
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        QPen pen(seriesColor(pal, i), 2);
        if (i == Metric)
            pen.setStyle(Qt::DashLine);
        m_plot->graph(i)->setPen(pen);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mdeck::widgets
