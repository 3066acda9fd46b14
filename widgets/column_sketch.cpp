#include "widgets/column_sketch.h"

#include "widgets/theme.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

namespace {

double cleanCount(double value)
{
    return std::isfinite(value) && value > 0 ? value : 0.0;
}

} // namespace

ColumnSketch::ColumnSketch(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
}

void ColumnSketch::setHistogram(const QList<double> &counts)
{
    m_values.clear();
    m_labels.clear();
    for (double c : counts)
        m_values.append(cleanCount(c));
    update();
}

void ColumnSketch::setCategories(const QList<QPair<QString, double>> &categories)
{
    m_values.clear();
    m_labels.clear();
    for (const auto &[label, count] : categories) {
        if (m_values.size() == kMaxCategories)
            break;
        m_values.append(cleanCount(count));
        m_labels.append(label);
    }
    update();
}

void ColumnSketch::clear()
{
    m_values.clear();
    m_labels.clear();
    update();
}

QSize ColumnSketch::sizeHint() const
{
    return {160, 28};
}

void ColumnSketch::paintEvent(QPaintEvent *)
{
    if (m_values.isEmpty())
        return;
    QPainter p(this);
    const QPalette pal = palette();
    const QColor bar = blend(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.75);
    const double top = *std::max_element(m_values.begin(), m_values.end());
    const QRectF area = QRectF(rect()).adjusted(2, 3, -2, -3);
    if (m_labels.isEmpty()) {
        // Histogram: equal-width columns, heights relative to the fullest bin.
        const double width = area.width() / m_values.size();
        for (int i = 0; i < m_values.size(); ++i) {
            const double h = top > 0 ? area.height() * m_values[i] / top : 0;
            p.fillRect(QRectF(area.left() + i * width, area.bottom() - h, std::max(1.0, width - 1),
                              h),
                       bar);
        }
        return;
    }
    // Categories: one labelled bar each, stacked left to right as shares of the row.
    double total = 0;
    for (double v : m_values)
        total += v;
    double x = area.left();
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
    p.setFont(small);
    for (int i = 0; i < m_values.size(); ++i) {
        const double w = total > 0 ? area.width() * m_values[i] / total : 0;
        const QRectF cell(x, area.top(), std::max(0.0, w - 1), area.height());
        p.fillRect(cell, i % 2 == 0 ? bar : bar.lighter(115));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(cell.adjusted(2, 0, -1, 0), Qt::AlignVCenter | Qt::AlignLeft,
                   p.fontMetrics().elidedText(m_labels[i], Qt::ElideRight,
                                              static_cast<int>(cell.width()) - 3));
        x += w;
    }
}

} // namespace mdeck::widgets
