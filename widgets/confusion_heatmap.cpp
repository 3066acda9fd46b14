#include "widgets/confusion_heatmap.h"

#include "widgets/theme.h"

#include <QPainter>

#include <algorithm>

namespace mdeck::widgets {

namespace {

constexpr int kCaption = 18; // room for the axis captions

} // namespace

ConfusionHeatmap::ConfusionHeatmap(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

bool ConfusionHeatmap::setMatrix(const QStringList &labels, const QList<QList<qint64>> &counts)
{
    bool ok = counts.size() == labels.size();
    for (const QList<qint64> &row : counts)
        ok = ok && row.size() == labels.size()
            && std::all_of(row.begin(), row.end(), [](qint64 c) { return c >= 0; });
    if (!ok) {
        clear();
        return false;
    }
    m_labels = labels;
    m_counts = counts;
    updateGeometry();
    update();
    return true;
}

void ConfusionHeatmap::clear()
{
    m_labels.clear();
    m_counts.clear();
    update();
}

qint64 ConfusionHeatmap::count(int trueClass, int predictedClass) const
{
    if (trueClass < 0 || trueClass >= m_counts.size() || predictedClass < 0
        || predictedClass >= m_counts[trueClass].size())
        return -1;
    return m_counts[trueClass][predictedClass];
}

QSize ConfusionHeatmap::sizeHint() const
{
    return {320, 260};
}

QSize ConfusionHeatmap::minimumSizeHint() const
{
    return {200, 160};
}

void ConfusionHeatmap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.brush(QPalette::Base));
    if (m_labels.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No confusion matrix"));
        return;
    }
    const QFontMetrics fm = p.fontMetrics();
    int labelWidth = 0;
    for (const QString &label : m_labels)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(label));
    labelWidth = std::min(labelWidth + 8, width() / 3);
    const int n = static_cast<int>(m_labels.size());
    const QRect grid(kCaption + labelWidth, kCaption + fm.height() + 4,
                     width() - kCaption - labelWidth - 4,
                     height() - 2 * kCaption - fm.height() - 8);
    if (grid.width() <= n || grid.height() <= n)
        return;
    const double cw = double(grid.width()) / n;
    const double ch = double(grid.height()) / n;
    const QColor base = pal.color(QPalette::Base);
    const QColor hot = pal.color(QPalette::Highlight);
    const QColor text = pal.color(QPalette::Text);

    p.setPen(text);
    p.drawText(QRect(grid.left(), 0, grid.width(), kCaption), Qt::AlignCenter, tr("Predicted"));
    p.save();
    p.translate(0, grid.center().y());
    p.rotate(-90);
    p.drawText(QRect(-grid.height() / 2, 0, grid.height(), kCaption), Qt::AlignCenter, tr("True"));
    p.restore();
    for (int i = 0; i < n; ++i) {
        const QString label = fm.elidedText(m_labels[i], Qt::ElideRight, int(cw) - 2);
        p.drawText(QRectF(grid.left() + i * cw, kCaption, cw, fm.height() + 4), Qt::AlignCenter,
                   label);
        p.drawText(QRectF(kCaption, grid.top() + i * ch, labelWidth - 6, ch),
                   Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(m_labels[i], Qt::ElideRight, labelWidth - 6));
    }
    for (int t = 0; t < n; ++t) {
        qint64 rowTotal = 0;
        for (qint64 c : m_counts[t])
            rowTotal += c;
        for (int pr = 0; pr < n; ++pr) {
            const double share = rowTotal > 0 ? double(m_counts[t][pr]) / rowTotal : 0;
            const QRectF cell(grid.left() + pr * cw, grid.top() + t * ch, cw - 1, ch - 1);
            const QColor fill = blend(base, hot, 0.08 + 0.92 * share);
            p.fillRect(cell, fill);
            // Dark text on light cells, light text on dark ones.
            p.setPen(fill.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white));
            p.drawText(cell, Qt::AlignCenter, QString::number(m_counts[t][pr]));
        }
    }
}

} // namespace mdeck::widgets
