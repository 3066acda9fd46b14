#include "widgets/rollout_chart.h"

#include "widgets/plot_style.h"

#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

namespace {

enum Series { Traffic, ErrorRate, P99, ErrorLimit, P99Limit };

} // namespace

RolloutChart::RolloutChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("rolloutPlot"));
    m_plot->xAxis->setLabel(tr("Time since the rollout began (s)"));
    m_plot->yAxis->setLabel(tr("Traffic and error rate (%)"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(tr("p99 latency (ms)"));
    const QString names[] = {tr("Candidate traffic"), tr("Error rate"), tr("p99 latency"),
                             tr("Error-rate limit"), tr("p99 limit")};
    for (int i = 0; i < 5; ++i) {
        QCPAxis *value = (i == P99 || i == P99Limit) ? m_plot->yAxis2 : m_plot->yAxis;
        QCPGraph *graph = m_plot->addGraph(m_plot->xAxis, value);
        graph->setName(names[i]);
        if (i == Traffic)
            graph->setLineStyle(QCPGraph::lsStepLeft);
        if (i == ErrorRate || i == P99)
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    }
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumHeight(180);
    setData({});
}

void RolloutChart::setData(const RolloutChartData &data)
{
    m_data = data;
    for (int i = 0; i < m_plot->graphCount(); ++i)
        m_plot->graph(i)->data()->clear();
    double end = std::max(1.0, data.nowSeconds);
    double p99High = data.maxP99Ms.value_or(1.0);
    double pctHigh = 100;
    auto add = [&](int series, const QList<QPointF> &points) {
        for (const QPointF &p : points) {
            if (!std::isfinite(p.x()) || !std::isfinite(p.y()))
                continue;
            m_plot->graph(series)->addData(p.x(), p.y());
            end = std::max(end, p.x());
            if (series == P99)
                p99High = std::max(p99High, p.y());
            else
                pctHigh = std::max(pctHigh, p.y());
        }
    };
    add(Traffic, data.trafficPercent);
    if (!data.trafficPercent.isEmpty()) // hold the last share up to now
        m_plot->graph(Traffic)->addData(end, data.trafficPercent.last().y());
    add(ErrorRate, data.errorRatePercent);
    add(P99, data.p99Ms);
    if (data.maxErrorRatePercent) {
        m_plot->graph(ErrorLimit)->addData(0, *data.maxErrorRatePercent);
        m_plot->graph(ErrorLimit)->addData(end, *data.maxErrorRatePercent);
    }
    if (data.maxP99Ms) {
        m_plot->graph(P99Limit)->addData(0, *data.maxP99Ms);
        m_plot->graph(P99Limit)->addData(end, *data.maxP99Ms);
    }
    m_plot->xAxis->setRange(0, end * 1.05);
    m_plot->yAxis->setRange(0, pctHigh * 1.05);
    m_plot->yAxis2->setRange(0, p99High * 1.2);
    applyPalette();
}

void RolloutChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void RolloutChart::applyPalette()
{
    const QPalette pal = palette();
    applyPlotPalette(m_plot, pal);
    m_plot->yAxis2->setBasePen(m_plot->yAxis->basePen());
    m_plot->yAxis2->setTickPen(m_plot->yAxis->tickPen());
    m_plot->yAxis2->setSubTickPen(m_plot->yAxis->subTickPen());
    m_plot->yAxis2->setTickLabelColor(m_plot->yAxis->tickLabelColor());
    m_plot->yAxis2->setLabelColor(m_plot->yAxis->labelColor());
    const QColor colours[] = {seriesColor(pal, 0), seriesColor(pal, 1), seriesColor(pal, 2),
                              seriesColor(pal, 1), seriesColor(pal, 2)};
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        QPen pen(colours[i], i == Traffic ? 2.5 : 1.5);
        if (i == ErrorLimit || i == P99Limit)
            pen.setStyle(Qt::DashLine);
        if (i == ErrorRate || i == P99)
            pen.setStyle(Qt::DotLine);
        m_plot->graph(i)->setPen(pen);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mdeck::widgets
