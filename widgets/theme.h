#pragma once

// Light and dark palettes for the Fusion style, and the colours that mean
// "better" and "worse" on either. GUI thread only.

#include <QColor>
#include <QPalette>

class QApplication;

namespace mdeck::widgets {

enum class Theme { System, Light, Dark };

QPalette lightPalette();
QPalette darkPalette();

// Switches `app` to Fusion and the palette of `theme`; System restores `systemPalette`.
void applyTheme(QApplication &app, Theme theme, const QPalette &systemPalette);

bool isDark(const QPalette &palette);
QColor positiveColor(const QPalette &palette);
QColor negativeColor(const QPalette &palette);
// `a` moved towards `b` by `amount` (0..1).
QColor blend(const QColor &a, const QColor &b, double amount);

} // namespace mdeck::widgets
