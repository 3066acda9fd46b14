#pragma once

// Shared look of the console's QCustomPlot charts: palette-aware axes, grid
// and legend, and the series colours. Include this instead of qcustomplot.h:
// it turns Qt's keywords back on around that header. GUI thread only.

#include <QColor>
#include <QPalette>

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

namespace mdeck::widgets {

// Colours the background, every axis of the plot's main axis rect and the legend from `palette`.
void applyPlotPalette(QCustomPlot *plot, const QPalette &palette);
// The i-th series colour, readable on light and dark backgrounds.
QColor seriesColor(const QPalette &palette, int index);

} // namespace mdeck::widgets
