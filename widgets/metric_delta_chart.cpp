#include "widgets/metric_delta_chart.h"

#include "widgets/theme.h"

#include <QEvent>
#include <QVBoxLayout>

// qcustomplot.h is written with Qt's keywords, which QT_NO_KEYWORDS turns off here.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach

#include <cmath>

namespace mdeck::widgets {

MetricDeltaChart::MetricDeltaChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("metricDeltaPlot"));
    m_plot->xAxis->setLabel(tr("Change from the first version (%)"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumHeight(120);
    applyPalette();
}

double MetricDeltaChart::relativeChange(double left, double right)
{
    if (left == 0)
        return 0;
    return (right - left) / std::abs(left) * 100.0;
}

bool MetricDeltaChart::isImprovement(const MetricDelta &delta)
{
    return delta.lowerIsBetter ? delta.right < delta.left : delta.right > delta.left;
}

void MetricDeltaChart::setDeltas(const QList<MetricDelta> &deltas)
{
    m_deltas = deltas;
    m_plot->clearPlottables();
    auto *better = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    auto *worse = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    better->setName(tr("better"));
    worse->setName(tr("worse"));
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double low = 0;
    double high = 0;
    m_barCount = 0;
    for (const MetricDelta &d : deltas) {
        if (d.left == 0)
            continue;
        const double key = m_barCount++;
        const double change = relativeChange(d.left, d.right);
        ticker->addTick(key, d.name);
        (isImprovement(d) ? better : worse)->addData(key, change);
        low = std::min(low, change);
        high = std::max(high, change);
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.6, std::max(0.6, m_barCount - 0.4));
    const double margin = std::max(1.0, (high - low) * 0.1);
    m_plot->xAxis->setRange(low - margin, high + margin);
    applyPalette();
    m_plot->replot();
}

void MetricDeltaChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void MetricDeltaChart::applyPalette()
{
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    m_plot->setBackground(pal.brush(QPalette::Base));
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setBasePen(QPen(pal.color(QPalette::Mid)));
        axis->setTickPen(QPen(pal.color(QPalette::Mid)));
        axis->setSubTickPen(QPen(pal.color(QPalette::Mid)));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(blend(pal.color(QPalette::Base), text, 0.15), 1, Qt::DotLine));
    }
    const QColor colors[] = {positiveColor(pal), negativeColor(pal)};
    for (int i = 0; i < m_plot->plottableCount() && i < 2; ++i) {
        auto *bars = qobject_cast<QCPBars *>(m_plot->plottable(i));
        bars->setPen(QPen(colors[i]));
        bars->setBrush(blend(pal.color(QPalette::Base), colors[i], 0.7));
        bars->setWidth(0.6);
    }
    m_plot->replot();
}

} // namespace mdeck::widgets
