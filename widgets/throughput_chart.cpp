#include "widgets/throughput_chart.h"

#include "widgets/plot_style.h"

#include <QEvent>
#include <QVBoxLayout>

#include <cmath>

namespace mdeck::widgets {

ThroughputChart::ThroughputChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("throughputPlot"));
    m_plot->xAxis->setLabel(tr("Batch size"));
    m_plot->yAxis->setLabel(tr("Rows per second"));
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    }
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumHeight(160);
    rebuild();
}

void ThroughputChart::setCurrent(const ThroughputSeries &series)
{
    m_current = series;
    rebuild();
}

void ThroughputChart::setOverlays(const QList<ThroughputSeries> &overlays)
{
    m_overlays = overlays;
    rebuild();
}

void ThroughputChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

void ThroughputChart::rebuild()
{
    m_plot->clearPlottables();
    const QPalette pal = palette();
    applyPlotPalette(m_plot, pal);
    m_seriesCount = 0;
    double low = 1e300;
    double high = 0;
    int minBatch = 1 << 30;
    int maxBatch = 0;
    QList<ThroughputSeries> all{m_current};
    all.append(m_overlays);
    for (int s = 0; s < all.size(); ++s) {
        QVector<double> keys, values, errLow, errHigh;
        for (const ThroughputPoint &p : all[s].points) {
            if (p.batch <= 0 || !std::isfinite(p.rowsPerSecond) || p.rowsPerSecond <= 0)
                continue;
            keys.append(p.batch);
            values.append(p.rowsPerSecond);
            // A missing interval draws no error bar rather than a wrong one.
            const bool ci = std::isfinite(p.ciLow) && std::isfinite(p.ciHigh) && p.ciLow > 0
                && p.ciLow <= p.rowsPerSecond && p.ciHigh >= p.rowsPerSecond;
            errLow.append(ci ? p.rowsPerSecond - p.ciLow : 0);
            errHigh.append(ci ? p.ciHigh - p.rowsPerSecond : 0);
            low = std::min(low, ci ? p.ciLow : p.rowsPerSecond);
            high = std::max(high, ci ? p.ciHigh : p.rowsPerSecond);
            minBatch = std::min(minBatch, p.batch);
            maxBatch = std::max(maxBatch, p.batch);
        }
        if (keys.isEmpty())
            continue;
        // The current run in the first colour; overlays after it, dashed.
        const QColor color = seriesColor(pal, s);
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(all[s].name);
        graph->setData(keys, values, true);
        graph->setPen(QPen(color, 2, s == 0 ? Qt::SolidLine : Qt::DashLine));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
        auto *bars = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
        bars->removeFromLegend();
        bars->setDataPlottable(graph);
        bars->setData(errLow, errHigh);
        bars->setPen(QPen(color, 1));
        ++m_seriesCount;
    }
    if (m_seriesCount > 0) {
        m_plot->xAxis->setRange(minBatch / 1.6, maxBatch * 1.6);
        m_plot->yAxis->setRange(low / 1.6, high * 1.6);
    } else {
        m_plot->xAxis->setRange(1, 4096);
        m_plot->yAxis->setRange(1e3, 1e7);
    }
    m_plot->legend->setVisible(m_seriesCount > 0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mdeck::widgets
