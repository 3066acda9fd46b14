#include "widgets/time_series_chart.h"

#include "widgets/plot_style.h"
#include "widgets/theme.h"

#include <QDateTime>
#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

TimeSeriesChart::TimeSeriesChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("timeSeriesPlot"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    QSharedPointer<QCPAxisTickerDateTime> time(new QCPAxisTickerDateTime);
    time->setDateTimeFormat(QStringLiteral("MMM d\nhh:mm"));
    time->setTickCount(6);
    m_plot->xAxis->setTicker(time);
    // The legend sits in its own row under the chart, so it never hides a point.
    m_plot->legend->setVisible(true);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setIconSize(24, 10);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->legend->setMargins(QMargins(4, 0, 4, 2));
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent *event) {
        if (m_series.isEmpty() || m_series.front().x.empty())
            return;
        const double x = m_plot->xAxis->pixelToCoord(event->position().x());
        const std::vector<double> &xs = m_series.front().x;
        auto it = std::lower_bound(xs.begin(), xs.end(), x);
        if (it == xs.end())
            --it;
        else if (it != xs.begin() && x - *(it - 1) < *it - x)
            --it;
        Q_EMIT pointClicked(int(it - xs.begin()));
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumSize(240, 160);
    rebuild();
}

void TimeSeriesChart::setSeries(const QList<TimeSeries> &series)
{
    m_series = series;
    if (m_selected >= 0 && (m_series.isEmpty() || std::size_t(m_selected) >= m_series.front().x.size()))
        m_selected = -1;
    rebuild();
}

void TimeSeriesChart::setAxisLabels(const QString &left, const QString &right)
{
    m_plot->yAxis->setLabel(left);
    m_plot->yAxis2->setLabel(right);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TimeSeriesChart::setZeroBased(bool zeroBased)
{
    m_zeroBased = zeroBased;
    rebuild();
}

void TimeSeriesChart::setSelectedIndex(int index)
{
    m_selected = !m_series.isEmpty() && index >= 0
            && std::size_t(index) < m_series.front().x.size()
        ? index
        : -1;
    rebuild();
}

int TimeSeriesChart::estimatedCount() const
{
    return int(std::count_if(m_series.begin(), m_series.end(),
                             [](const TimeSeries &s) { return s.estimated; }));
}

QString TimeSeriesChart::toCsv() const
{
    QString csv = QStringLiteral("time");
    for (const TimeSeries &s : m_series) {
        QString name = s.name;
        if (s.estimated)
            name += QStringLiteral(" (estimated)");
        csv += QStringLiteral(",\"") + name.replace(QLatin1Char('"'), QStringLiteral("\"\""))
            + QLatin1Char('"');
    }
    csv += QLatin1Char('\n');
    if (m_series.isEmpty())
        return csv;
    const TimeSeries &first = m_series.front();
    for (std::size_t i = 0; i < first.x.size(); ++i) {
        csv += QDateTime::fromMSecsSinceEpoch(qint64(first.x[i] * 1000), Qt::UTC).toString(Qt::ISODate);
        for (const TimeSeries &s : m_series) {
            csv += QLatin1Char(',');
            if (i < s.y.size() && std::isfinite(s.y[i]))
                csv += QString::number(s.y[i], 'g', 6);
        }
        csv += QLatin1Char('\n');
    }
    return csv;
}

void TimeSeriesChart::rebuild()
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_selection = nullptr;
    const QPalette pal = palette();
    applyPlotPalette(m_plot, pal);
    bool right = false;
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < m_series.size(); ++i) {
        const TimeSeries &s = m_series[i];
        QCPAxis *valueAxis = s.rightAxis ? m_plot->yAxis2 : m_plot->yAxis;
        right = right || s.rightAxis;
        const QColor color = seriesColor(pal, i);
        const std::size_t n = std::min(s.x.size(), s.y.size());
        QCPGraph *graph = m_plot->addGraph(m_plot->xAxis, valueAxis);
        if (s.lower.size() == n && s.upper.size() == n && n > 0) {
            QCPGraph *low = m_plot->addGraph(m_plot->xAxis, valueAxis);
            QCPGraph *high = m_plot->addGraph(m_plot->xAxis, valueAxis);
            for (std::size_t k = 0; k < n; ++k) {
                low->addData(s.x[k], s.lower[k]);
                high->addData(s.x[k], s.upper[k]);
            }
            low->setPen(Qt::NoPen);
            high->setPen(Qt::NoPen);
            QColor fill = color;
            fill.setAlpha(isDark(pal) ? 70 : 45);
            high->setBrush(fill);
            high->setChannelFillGraph(low);
            low->removeFromLegend();
            high->removeFromLegend();
        }
        for (std::size_t k = 0; k < n; ++k) {
            graph->addData(s.x[k], std::isfinite(s.y[k]) ? s.y[k] : qQNaN());
            if (!s.rightAxis && std::isfinite(s.y[k])) {
                lo = std::min(lo, s.y[k]);
                hi = std::max(hi, s.y[k]);
            }
            if (!s.rightAxis && k < s.lower.size() && k < s.upper.size() && std::isfinite(s.lower[k])
                && std::isfinite(s.upper[k])) {
                lo = std::min(lo, s.lower[k]);
                hi = std::max(hi, s.upper[k]);
            }
        }
        graph->setName(s.estimated ? tr("%1 (estimated)").arg(s.name) : s.name);
        graph->setPen(QPen(color, 2, s.estimated ? Qt::DashLine : Qt::SolidLine));
        graph->setScatterStyle(QCPScatterStyle(s.estimated ? QCPScatterStyle::ssNone
                                                           : QCPScatterStyle::ssDisc,
                                               n > 80 ? 0 : 4));
        if (s.rightAxis)
            graph->rescaleValueAxis(false, true);
    }
    m_plot->yAxis2->setVisible(right);
    if (std::isfinite(lo)) {
        const double pad = std::max(1e-6, (hi - lo) * 0.1);
        m_plot->yAxis->setRange(m_zeroBased ? std::min(0.0, lo - pad) : lo - pad, hi + pad);
    } else {
        m_plot->yAxis->setRange(0, 1);
    }
    if (!m_series.isEmpty() && !m_series.front().x.empty()) {
        const auto &xs = m_series.front().x;
        const double pad = std::max(60.0, (xs.back() - xs.front()) * 0.01);
        m_plot->xAxis->setRange(xs.front() - pad, xs.back() + pad);
    }
    if (m_selected >= 0) {
        m_selection = new QCPItemStraightLine(m_plot);
        const double x = m_series.front().x[std::size_t(m_selected)];
        m_selection->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_selection->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_selection->point1->setCoords(x, 0);
        m_selection->point2->setCoords(x, 1);
        m_selection->setPen(QPen(pal.color(QPalette::Highlight), 1.5));
    }
    m_plot->legend->setVisible(!m_series.isEmpty());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TimeSeriesChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

} // namespace mdeck::widgets
