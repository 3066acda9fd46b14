#include "widgets/latency_chart.h"

#include "widgets/plot_style.h"

#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

namespace {

bool usable(double v)
{
    return std::isfinite(v) && v > 0;
}

} // namespace

LatencyChart::LatencyChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("latencyPlot"));
    m_plot->xAxis->setLabel(tr("Batch size"));
    m_plot->yAxis->setLabel(tr("Latency per call (µs)"));
    m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    const QString names[] = {tr("p50"), tr("p90"), tr("p99"), tr("max")};
    for (const QString &name : names) {
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(name);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    }
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumHeight(160);
    setPoints({});
}

void LatencyChart::setPoints(const QList<LatencyPoint> &points)
{
    for (int i = 0; i < m_plot->graphCount(); ++i)
        m_plot->graph(i)->data()->clear();
    m_count = 0;
    double low = 1e300;
    double high = 0;
    int minBatch = 1 << 30;
    int maxBatch = 0;
    for (const LatencyPoint &p : points) {
        const double values[] = {p.p50Us, p.p90Us, p.p99Us, p.maxUs};
        if (p.batch <= 0 || !std::all_of(std::begin(values), std::end(values), usable))
            continue;
        for (int i = 0; i < 4; ++i) {
            m_plot->graph(i)->addData(p.batch, values[i]);
            low = std::min(low, values[i]);
            high = std::max(high, values[i]);
        }
        minBatch = std::min(minBatch, p.batch);
        maxBatch = std::max(maxBatch, p.batch);
        ++m_count;
    }
    if (m_count > 0) {
        m_plot->xAxis->setRange(minBatch / 1.6, maxBatch * 1.6);
        m_plot->yAxis->setRange(low / 1.5, high * 1.5);
    } else {
        m_plot->xAxis->setRange(1, 4096);
        m_plot->yAxis->setRange(1, 1000);
    }
    applyPalette();
}

void LatencyChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void LatencyChart::applyPalette()
{
    const QPalette pal = palette();
    applyPlotPalette(m_plot, pal);
    for (int i = 0; i < m_plot->graphCount(); ++i)
        m_plot->graph(i)->setPen(QPen(seriesColor(pal, i), 2));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mdeck::widgets
