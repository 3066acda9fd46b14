#include "widgets/plot_style.h"

#include "widgets/theme.h"

namespace mdeck::widgets {

void applyPlotPalette(QCustomPlot *plot, const QPalette &pal)
{
    const QColor text = pal.color(QPalette::Text);
    const QColor mid = pal.color(QPalette::Mid);
    plot->setBackground(pal.brush(QPalette::Base));
    for (QCPAxis *axis : plot->axisRect()->axes()) {
        axis->setBasePen(QPen(mid));
        axis->setTickPen(QPen(mid));
        axis->setSubTickPen(QPen(mid));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(blend(pal.color(QPalette::Base), text, 0.15), 1, Qt::DotLine));
        axis->grid()->setSubGridPen(Qt::NoPen);
    }
    plot->legend->setBrush(pal.brush(QPalette::Base));
    plot->legend->setBorderPen(QPen(mid));
    plot->legend->setTextColor(text);
}

QColor seriesColor(const QPalette &palette, int index)
{
    // Tableau-like hues; lighter on a dark background so that lines keep their contrast.
    static const QColor kColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                     QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                     QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b)};
    const QColor c = kColors[index % 6];
    return isDark(palette) ? c.lighter(140) : c;
}

} // namespace mdeck::widgets
