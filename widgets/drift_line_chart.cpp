#include "widgets/drift_line_chart.h"

#include "widgets/decimation.h"
#include "widgets/plot_style.h"
#include "widgets/theme.h"

#include <QDateTime>
#include <QMouseEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

namespace {

constexpr int kGrabPixels = 6; // how close to the threshold line a press starts a drag
constexpr double kLogFloor = 1e-12;

void setRatioX(QCPItemPosition *position, double ratio, double y)
{
    position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    position->setTypeY(QCPItemPosition::ptPlotCoords);
    position->setCoords(ratio, y);
}

} // namespace

DriftLineChart::DriftLineChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("driftLinePlot"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->setNoAntialiasingOnDrag(true);
    QSharedPointer<QCPAxisTickerDateTime> time(new QCPAxisTickerDateTime);
    time->setDateTimeFormat(QStringLiteral("MMM d\nhh:mm"));
    time->setTickCount(6);
    m_plot->xAxis->setTicker(time);

    m_band = new QCPItemRect(m_plot);
    m_band->setLayer(QStringLiteral("grid"));
    m_line = m_plot->addGraph();
    m_line->setName(tr("statistic"));
    m_alertGraph = m_plot->addGraph();
    m_alertGraph->setName(tr("alert"));
    m_alertGraph->setLineStyle(QCPGraph::lsNone);
    m_bandKey = m_plot->addGraph();
    m_bandKey->setName(tr("reference mean ± 3σ"));
    // The legend sits in its own row under the chart, so it never hides a point.
    m_plot->legend->setVisible(true);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setIconSize(18, 10);
    m_plot->legend->setRowSpacing(0);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->legend->setMargins(QMargins(4, 0, 4, 2));
    m_thresholdLine = new QCPItemStraightLine(m_plot);
    m_thresholdLabel = new QCPItemText(m_plot);
    m_thresholdLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_thresholdLabel->setPadding(QMargins(2, 0, 4, 2));
    m_selectionLine = new QCPItemStraightLine(m_plot);
    m_selectionLine->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_selectionLine->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);

    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [this] { redecimate(); });
    m_plot->installEventFilter(this);
    m_plot->setMouseTracking(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumSize(240, 160);
    applyPalette();
    clear();
}

void DriftLineChart::setSeries(std::span<const double> x, std::span<const double> y)
{
    const std::size_t n = std::min(x.size(), y.size());
    m_x.assign(x.begin(), x.begin() + n);
    m_y.assign(y.begin(), y.begin() + n);
    m_alerts.clear();
    m_selected = -1;
    if (!m_decimate) {
        QVector<double> qx(m_x.begin(), m_x.end());
        QVector<double> qy(m_y.begin(), m_y.end());
        m_line->setData(qx, qy, true);
    }
    updateAlerts();
    updateSelection();
    rescale();
}

void DriftLineChart::appendSeries(std::span<const double> x, std::span<const double> y)
{
    const std::size_t n = std::min(x.size(), y.size());
    if (n == 0)
        return;
    const bool showedEnd = m_x.empty() || m_plot->xAxis->range().upper >= m_x.back();
    for (std::size_t i = 0; i < n; ++i) {
        if (!m_x.empty() && x[i] < m_x.back())
            continue; // out of order: the series stays sorted
        m_x.push_back(x[i]);
        m_y.push_back(y[i]);
        if (!m_decimate)
            m_line->addData(x[i], y[i]);
    }
    if (showedEnd)
        rescale();
    else
        redecimate();
}

void DriftLineChart::clear()
{
    setSeries({}, {});
}

void DriftLineChart::setValueLabel(const QString &label)
{
    m_plot->yAxis->setLabel(label);
    m_line->setName(label);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DriftLineChart::setThreshold(double value)
{
    m_hasThreshold = std::isfinite(value);
    m_threshold = m_hasThreshold ? value : 0;
    updateThresholdItems();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DriftLineChart::clearThreshold()
{
    m_hasThreshold = false;
    updateThresholdItems();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DriftLineChart::setLogScale(bool log)
{
    if (m_log == log)
        return;
    m_log = log;
    m_plot->yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    m_plot->yAxis->setTicker(log ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                                 : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_plot->yAxis->setNumberFormat(log ? QStringLiteral("gb") : QStringLiteral("g"));
    rescale();
}

void DriftLineChart::setThresholdLimits(double lower, double upper)
{
    m_thresholdLower = lower;
    m_thresholdUpper = std::max(lower, upper);
}

void DriftLineChart::setBand(double mean, double sigma)
{
    m_bandMean = mean;
    m_bandSigma = std::isfinite(mean) && std::isfinite(sigma) ? sigma : -1;
    updateBand();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DriftLineChart::setAlerts(const std::vector<int> &indexes)
{
    m_alerts.clear();
    for (int i : indexes)
        if (i >= 0 && std::size_t(i) < m_x.size())
            m_alerts.push_back(i);
    updateAlerts();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DriftLineChart::setSelectedIndex(int index)
{
    m_selected = index >= 0 && std::size_t(index) < m_x.size() ? index : -1;
    updateSelection();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DriftLineChart::setDecimationEnabled(bool enabled)
{
    m_decimate = enabled;
    const std::vector<double> x = std::move(m_x);
    const std::vector<double> y = std::move(m_y);
    setSeries(x, y);
}

int DriftLineChart::drawnPointCount() const
{
    return m_line->data()->size();
}

QString DriftLineChart::toCsv() const
{
    QString csv = QStringLiteral("time,value,alert\n");
    std::vector<bool> alerted(m_x.size(), false);
    for (int i : m_alerts)
        alerted[std::size_t(i)] = true;
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        csv += QDateTime::fromMSecsSinceEpoch(qint64(m_x[i] * 1000), Qt::UTC)
                   .toString(Qt::ISODate)
            + QLatin1Char(',') + QString::number(m_y[i], 'g', 10) + QLatin1Char(',')
            + (alerted[i] ? QLatin1Char('1') : QLatin1Char('0')) + QLatin1Char('\n');
    }
    return csv;
}

int DriftLineChart::thresholdPixel() const
{
    return int(std::lround(m_plot->yAxis->coordToPixel(m_threshold)));
}

void DriftLineChart::redecimate()
{
    if (!m_decimate || m_inRedecimate)
        return;
    m_inRedecimate = true;
    const QCPRange range = m_plot->xAxis->range();
    const int columns = std::max(1, m_plot->axisRect()->width());
    DecimatedSeries d = decimateMinMax(m_x, m_y, range.lower, range.upper, columns);
    if (m_log)
        for (double &v : d.y)
            v = std::max(v, kLogFloor);
    m_line->setData(d.x, d.y, true);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_inRedecimate = false;
}

void DriftLineChart::rescale()
{
    if (m_x.empty()) {
        const double now = double(QDateTime::currentSecsSinceEpoch());
        m_plot->xAxis->setRange(now - 86400, now);
        m_plot->yAxis->setRange(0, 1);
        redecimate();
        return;
    }
    double lo = m_x.front(), hi = m_x.back();
    if (hi <= lo) {
        lo -= 3600;
        hi += 3600;
    }
    const double pad = (hi - lo) * 0.01;
    double ymin = INFINITY, ymax = -INFINITY;
    for (double v : m_y) {
        if (std::isfinite(v)) {
            ymin = std::min(ymin, v);
            ymax = std::max(ymax, v);
        }
    }
    if (m_hasThreshold) {
        ymin = std::min(ymin, m_threshold);
        ymax = std::max(ymax, m_threshold);
    }
    if (m_bandSigma >= 0) {
        ymin = std::min(ymin, m_bandMean - 3 * m_bandSigma);
        ymax = std::max(ymax, m_bandMean + 3 * m_bandSigma);
    }
    if (!std::isfinite(ymin) || !std::isfinite(ymax)) {
        ymin = 0;
        ymax = 1;
    }
    if (m_log) {
        double lowest = INFINITY;
        for (double v : m_y)
            if (v > 0)
                lowest = std::min(lowest, v);
        ymin = std::max(kLogFloor, std::min(lowest, m_hasThreshold && m_threshold > 0 ? m_threshold : lowest));
        if (!std::isfinite(ymin))
            ymin = 1e-6;
        m_plot->yAxis->setRange(ymin / 3, std::max(ymax, ymin * 10) * 1.5);
    } else {
        const double ypad = std::max(1e-9, (ymax - ymin) * 0.08);
        // Statistics that are never negative start at zero; the band does not pull the axis below it.
        bool negative = false;
        for (double v : m_y)
            negative = negative || v < 0;
        const double lower = negative ? ymin - ypad : std::max(0.0, std::min(0.0, ymin - ypad));
        m_plot->yAxis->setRange(lower, ymax + ypad);
    }
    m_plot->xAxis->setRange(lo - pad, hi + pad);
    redecimate();
}

void DriftLineChart::updateThresholdItems()
{
    m_thresholdLine->setVisible(m_hasThreshold);
    m_thresholdLabel->setVisible(m_hasThreshold);
    setRatioX(m_thresholdLine->point1, 0, m_threshold);
    setRatioX(m_thresholdLine->point2, 1, m_threshold);
    setRatioX(m_thresholdLabel->position, 1, m_threshold);
    m_thresholdLabel->setText(tr("threshold %1").arg(QString::number(m_threshold, 'g', 3)));
}

void DriftLineChart::updateBand()
{
    const bool visible = m_bandSigma >= 0;
    m_band->setVisible(visible);
    if (!visible)
        return;
    setRatioX(m_band->topLeft, 0, m_bandMean + 3 * m_bandSigma);
    setRatioX(m_band->bottomRight, 1, m_bandMean - 3 * m_bandSigma);
}

void DriftLineChart::updateAlerts()
{
    QVector<double> ax, ay;
    for (int i : m_alerts) {
        ax.append(m_x[std::size_t(i)]);
        ay.append(m_y[std::size_t(i)]);
    }
    m_alertGraph->setData(ax, ay, true);
}

void DriftLineChart::updateSelection()
{
    m_selectionLine->setVisible(m_selected >= 0);
    if (m_selected < 0)
        return;
    const double x = m_x[std::size_t(m_selected)];
    m_selectionLine->point1->setCoords(x, 0);
    m_selectionLine->point2->setCoords(x, 1);
}

int DriftLineChart::nearestIndex(double x) const
{
    if (m_x.empty())
        return -1;
    auto it = std::lower_bound(m_x.begin(), m_x.end(), x);
    if (it == m_x.end())
        return int(m_x.size()) - 1;
    if (it != m_x.begin() && x - *(it - 1) < *it - x)
        --it;
    return int(it - m_x.begin());
}

bool DriftLineChart::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_plot)
        return QWidget::eventFilter(watched, event);
    const auto type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove
        && type != QEvent::MouseButtonRelease)
        return false;
    auto *mouse = static_cast<QMouseEvent *>(event);
    const QPoint pos = mouse->position().toPoint();
    const bool inside = m_plot->axisRect()->rect().contains(pos);
    const bool nearLine = m_hasThreshold && m_thresholdEditable && inside
        && std::abs(pos.y() - thresholdPixel()) <= kGrabPixels;
    if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
        m_pressPos = pos;
        m_pressMoved = false;
        if (nearLine) {
            m_dragging = true;
            return true; // no panning while the line moves
        }
        return false;
    }
    if (type == QEvent::MouseMove) {
        if (m_dragging) {
            m_threshold = std::clamp(m_plot->yAxis->pixelToCoord(pos.y()), m_thresholdLower,
                                     m_thresholdUpper);
            updateThresholdItems();
            m_plot->replot(QCustomPlot::rpQueuedReplot);
            Q_EMIT thresholdDragged(m_threshold);
            return true;
        }
        if ((mouse->buttons() & Qt::LeftButton) && (pos - m_pressPos).manhattanLength() > 4)
            m_pressMoved = true;
        m_plot->setCursor(nearLine ? Qt::SplitVCursor : Qt::ArrowCursor);
        return false;
    }
    if (mouse->button() != Qt::LeftButton)
        return false;
    if (m_dragging) {
        m_dragging = false;
        Q_EMIT thresholdChanged(m_threshold);
        return true;
    }
    if (!m_pressMoved && inside) {
        const int index = nearestIndex(m_plot->xAxis->pixelToCoord(pos.x()));
        if (index >= 0)
            Q_EMIT pointClicked(index);
    }
    return false;
}

void DriftLineChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    redecimate();
}

void DriftLineChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void DriftLineChart::applyPalette()
{
    const QPalette pal = palette();
    applyPlotPalette(m_plot, pal);
    const QColor text = pal.color(QPalette::Text);
    const QColor series = seriesColor(pal, 0);
    const QColor bad = negativeColor(pal);
    const QColor bandFill = blend(pal.color(QPalette::Base), series, isDark(pal) ? 0.22 : 0.12);
    // Width 1: a wider pen makes Qt stroke the min/max zigzag as a path, many times slower.
    m_line->setPen(QPen(series, 1));
    m_bandKey->setPen(QPen(blend(bandFill, text, 0.15), 1, Qt::DotLine));
    m_bandKey->setBrush(bandFill);
    m_alertGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssTriangle, bad, blend(bad, pal.color(QPalette::Base), 0.3), 7));
    m_thresholdLine->setPen(QPen(bad, 1.5, Qt::DashLine));
    m_thresholdLine->setSelectedPen(QPen(bad, 2, Qt::DashLine));
    m_thresholdLabel->setColor(bad);
    m_band->setBrush(bandFill);
    m_band->setPen(QPen(blend(bandFill, text, 0.15), 1, Qt::DotLine));
    m_selectionLine->setPen(QPen(blend(pal.color(QPalette::Highlight), text, 0.1), 1.5));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mdeck::widgets
