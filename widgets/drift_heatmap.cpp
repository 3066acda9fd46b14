#include "widgets/drift_heatmap.h"

#include "widgets/theme.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

namespace {

constexpr int kMargin = 6;
constexpr int kLegendWidth = 86;
constexpr int kMaxLabelWidth = 180;

QColor amber(const QPalette &pal)
{
    return isDark(pal) ? QColor(0xf0, 0xb4, 0x29) : QColor(0xf5, 0xa6, 0x23);
}

} // namespace

DriftHeatmap::DriftHeatmap(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("driftHeatmap"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setFocusPolicy(Qt::ClickFocus);
}

bool DriftHeatmap::setData(HeatmapData data)
{
    const std::size_t rows = std::size_t(data.features.size());
    const std::size_t cols = std::size_t(data.windows.size());
    if (data.scores.size() != rows * cols || data.thresholds.size() != rows) {
        clear();
        return false;
    }
    m_data = std::move(data);
    if (m_feature >= featureCount() || m_window >= windowCount())
        m_feature = m_window = -1;
    rebuildImage();
    updateGeometry();
    update();
    return true;
}

bool DriftHeatmap::appendWindows(const QStringList &labels, std::span<const double> scores)
{
    const std::size_t rows = std::size_t(featureCount());
    const std::size_t added = std::size_t(labels.size());
    if (scores.size() != rows * added || rows == 0)
        return false;
    const std::size_t cols = std::size_t(windowCount());
    std::vector<double> merged;
    merged.reserve(rows * (cols + added));
    for (std::size_t r = 0; r < rows; ++r) {
        merged.insert(merged.end(), m_data.scores.begin() + std::ptrdiff_t(r * cols),
                      m_data.scores.begin() + std::ptrdiff_t((r + 1) * cols));
        merged.insert(merged.end(), scores.begin() + std::ptrdiff_t(r * added),
                      scores.begin() + std::ptrdiff_t((r + 1) * added));
    }
    m_data.scores = std::move(merged);
    m_data.windows += labels;
    rebuildImage();
    update();
    return true;
}

void DriftHeatmap::clear()
{
    m_data = {};
    m_image = {};
    m_feature = m_window = -1;
    update();
}

void DriftHeatmap::setSelection(int feature, int window)
{
    m_feature = feature >= 0 && feature < featureCount() ? feature : -1;
    m_window = window >= 0 && window < windowCount() ? window : -1;
    update();
}

double DriftHeatmap::severity(int feature, int window) const
{
    if (feature < 0 || feature >= featureCount() || window < 0 || window >= windowCount())
        return NAN;
    const double score = m_data.scores[std::size_t(feature) * std::size_t(windowCount())
                                       + std::size_t(window)];
    const double threshold = m_data.thresholds[std::size_t(feature)];
    if (!std::isfinite(score) || !std::isfinite(threshold))
        return NAN;
    if (m_data.higherIsWorse)
        return threshold > 0 ? score / threshold : (score > threshold ? 2.0 : 0.0);
    // A p-value: at the threshold 1, each tenfold below it one more step.
    if (score <= 0)
        return 2.0;
    return threshold > 0 ? std::max(0.0, 1.0 + std::log10(threshold / score)) : 0.0;
}

QRect DriftHeatmap::gridRect() const
{
    const QFontMetrics fm = fontMetrics();
    const int bottom = fm.height() * 2 + 8;
    return QRect(kMargin + m_labelWidth, kMargin,
                 std::max(1, width() - 2 * kMargin - m_labelWidth - kLegendWidth),
                 std::max(1, height() - 2 * kMargin - bottom));
}

QPair<int, int> DriftHeatmap::cellAt(const QPoint &pos) const
{
    const QRect grid = gridRect();
    if (featureCount() == 0 || windowCount() == 0 || !grid.contains(pos))
        return {-1, -1};
    const int col = std::clamp(int((pos.x() - grid.left()) * windowCount() / double(grid.width())),
                               0, windowCount() - 1);
    const int row = std::clamp(int((pos.y() - grid.top()) * featureCount() / double(grid.height())),
                               0, featureCount() - 1);
    return {row, col};
}

QRect DriftHeatmap::cellRect(int feature, int window) const
{
    const QRect grid = gridRect();
    if (featureCount() == 0 || windowCount() == 0)
        return {};
    const double cw = grid.width() / double(windowCount());
    const double ch = grid.height() / double(featureCount());
    return QRectF(grid.left() + window * cw, grid.top() + feature * ch, cw, ch).toAlignedRect();
}

QString DriftHeatmap::toolTipFor(int feature, int window) const
{
    if (feature < 0 || feature >= featureCount() || window < 0 || window >= windowCount())
        return {};
    const double score = m_data.scores[std::size_t(feature) * std::size_t(windowCount())
                                       + std::size_t(window)];
    const double threshold = m_data.thresholds[std::size_t(feature)];
    const double s = severity(feature, window);
    const QString verdict = !std::isfinite(s) ? tr("no data")
        : s >= 1                              ? tr("drift")
                                              : tr("no drift");
    return tr("<b>%1</b><br>Window: %2<br>Method: %3<br>Score: %4<br>Threshold: %5<br>%6")
        .arg(m_data.features[feature].toHtmlEscaped(), m_data.windows[window].toHtmlEscaped(),
             m_data.method.toHtmlEscaped(),
             std::isfinite(score) ? QString::number(score, 'g', 4) : tr("no value"),
             QString::number(threshold, 'g', 4), verdict);
}

QString DriftHeatmap::toCsv() const
{
    auto quote = [](QString s) {
        if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"'))
            || s.contains(QLatin1Char('\n')))
            s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
        return s;
    };
    QString csv = QStringLiteral("feature");
    for (const QString &w : m_data.windows)
        csv += QLatin1Char(',') + quote(w);
    csv += QLatin1Char('\n');
    for (int r = 0; r < featureCount(); ++r) {
        csv += quote(m_data.features[r]);
        for (int c = 0; c < windowCount(); ++c) {
            const double v = m_data.scores[std::size_t(r) * std::size_t(windowCount()) + std::size_t(c)];
            csv += QLatin1Char(',') + (std::isfinite(v) ? QString::number(v, 'g', 6) : QString());
        }
        csv += QLatin1Char('\n');
    }
    return csv;
}

QRgb DriftHeatmap::colorFor(double s) const
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    if (!std::isfinite(s))
        return blend(base, pal.color(QPalette::Text), 0.07).rgb();
    const QColor warm = amber(pal);
    if (s < 1)
        return blend(base, warm, 0.06 + 0.4 * s).rgb();
    return blend(warm, negativeColor(pal), std::min(1.0, s - 1)).rgb();
}

void DriftHeatmap::rebuildImage()
{
    const int rows = featureCount();
    const int cols = windowCount();
    int labelWidth = 0;
    const QFontMetrics fm = fontMetrics();
    for (const QString &f : m_data.features)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(f));
    m_labelWidth = std::min(labelWidth + 10, kMaxLabelWidth);
    if (rows == 0 || cols == 0) {
        m_image = {};
        return;
    }
    m_image = QImage(cols, rows, QImage::Format_RGB32);
    // A small lookup table: 256 steps over severities 0..2.
    QRgb table[257];
    for (int i = 0; i <= 256; ++i)
        table[i] = colorFor(i / 128.0);
    const QRgb none = colorFor(NAN);
    for (int r = 0; r < rows; ++r) {
        auto *line = reinterpret_cast<QRgb *>(m_image.scanLine(r));
        for (int c = 0; c < cols; ++c) {
            const double s = severity(r, c);
            line[c] = std::isfinite(s) ? table[std::clamp(int(s * 128), 0, 256)] : none;
        }
    }
}

void DriftHeatmap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.brush(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    if (m_image.isNull()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No drift windows to show"));
        return;
    }
    const QRect grid = gridRect();
    const int rows = featureCount();
    const int cols = windowCount();
    const double cw = grid.width() / double(cols);
    const double ch = grid.height() / double(rows);
    p.drawImage(grid, m_image);
    // Cell borders only where cells are big enough to need them.
    p.setPen(QPen(pal.color(QPalette::Base), 1));
    if (cw >= 8)
        for (int c = 1; c < cols; ++c)
            p.drawLine(QPointF(grid.left() + c * cw, grid.top()), QPointF(grid.left() + c * cw, grid.bottom() + 1));
    if (ch >= 8)
        for (int r = 1; r < rows; ++r)
            p.drawLine(QPointF(grid.left(), grid.top() + r * ch), QPointF(grid.right() + 1, grid.top() + r * ch));

    const QFontMetrics fm = p.fontMetrics();
    p.setPen(text);
    const int rowStep = std::max(1, int(std::ceil(fm.height() / ch)));
    for (int r = 0; r < rows; r += rowStep) {
        const QRectF label(kMargin, grid.top() + r * ch + ch / 2 - fm.height() / 2.0,
                           m_labelWidth - 8, fm.height());
        QFont f = p.font();
        f.setBold(r == m_feature);
        p.setFont(f);
        p.drawText(label, Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(m_data.features[r], Qt::ElideMiddle, m_labelWidth - 8));
    }
    p.setFont(font());
    // Window labels below, spaced so that they never overlap.
    int labelWidth = 0;
    for (const QString &w : m_data.windows)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(w));
    const int colStep = std::max(1, int(std::ceil((labelWidth + 16) / cw)));
    p.setPen(pal.color(QPalette::Mid));
    for (int c = 0; c < cols; c += colStep) {
        const double x = grid.left() + c * cw + cw / 2;
        p.drawLine(QPointF(x, grid.bottom() + 1), QPointF(x, grid.bottom() + 4));
    }
    p.setPen(text);
    for (int c = 0; c < cols; c += colStep) {
        const double x = grid.left() + c * cw + cw / 2;
        QRectF label(x - labelWidth / 2.0 - 4, grid.bottom() + 5, labelWidth + 8, fm.height());
        if (label.left() < grid.left() - m_labelWidth / 2 || label.right() > width() - 2)
            continue;
        p.drawText(label, Qt::AlignCenter, m_data.windows[c]);
    }
    p.drawText(QRect(grid.left(), grid.bottom() + 5 + fm.height(), grid.width(), fm.height() + 2),
               Qt::AlignCenter, tr("Windows (%1)").arg(m_data.method));

    // Selection: the row and column outlined, the cell stronger.
    const QColor hi = pal.color(QPalette::Highlight);
    p.setBrush(Qt::NoBrush);
    if (m_feature >= 0) {
        p.setPen(QPen(hi, 1.5));
        p.drawRect(QRectF(grid.left(), grid.top() + m_feature * ch, grid.width(), ch));
    }
    if (m_window >= 0) {
        p.setPen(QPen(hi, 1.5));
        p.drawRect(QRectF(grid.left() + m_window * cw, grid.top(), cw, grid.height()));
    }
    if (m_feature >= 0 && m_window >= 0) {
        p.setPen(QPen(text, 2.5));
        p.drawRect(QRectF(grid.left() + m_window * cw, grid.top() + m_feature * ch, cw, ch));
    }

    // The colour scale: no drift, the threshold, twice the threshold.
    const QRect bar(grid.right() + 14, grid.top(), 12, std::min(grid.height(), 220));
    for (int y = 0; y < bar.height(); ++y) {
        const double s = 2.0 * (bar.height() - 1 - y) / std::max(1, bar.height() - 1);
        p.setPen(QColor(colorFor(s)));
        p.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
    }
    p.setPen(pal.color(QPalette::Mid));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    p.setPen(text);
    const int tx = bar.right() + 5;
    const int tw = width() - tx - 2;
    p.drawText(QRect(tx, bar.top() - 2, tw, fm.height()), Qt::AlignLeft | Qt::AlignTop, tr("2× thr."));
    p.drawText(QRect(tx, bar.center().y() - fm.height() / 2, tw, fm.height()), Qt::AlignLeft,
               tr("threshold"));
    p.drawText(QRect(tx, bar.bottom() - fm.height() + 2, tw, fm.height()), Qt::AlignLeft, tr("none"));
}

void DriftHeatmap::mouseMoveEvent(QMouseEvent *event)
{
    const auto cell = cellAt(event->position().toPoint());
    setCursor(cell.first >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

void DriftHeatmap::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const auto cell = cellAt(event->position().toPoint());
    if (cell.first < 0)
        return;
    setSelection(cell.first, cell.second);
    Q_EMIT cellClicked(cell.first, cell.second);
}

bool DriftHeatmap::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const auto cell = cellAt(help->pos());
        if (cell.first >= 0)
            QToolTip::showText(help->globalPos(), toolTipFor(cell.first, cell.second), this,
                               cellRect(cell.first, cell.second));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void DriftHeatmap::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        rebuildImage();
        update();
    }
}

QSize DriftHeatmap::sizeHint() const
{
    return {640, 300};
}

QSize DriftHeatmap::minimumSizeHint() const
{
    return {320, 160};
}

} // namespace mdeck::widgets
