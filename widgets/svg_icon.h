#pragma once

// Icons drawn from one-colour SVG sources at any size and device pixel
// ratio. Selected items draw the icon in the highlighted-text colour and
// disabled ones in grey, so an icon stays visible on a highlighted row.
// GUI thread only.

#include <QByteArray>
#include <QColor>
#include <QIcon>

namespace mdeck::widgets {

// `svg` draws with `color` (e.g. "#3d7bd9"); the other modes replace that text.
QIcon tintedSvgIcon(const QByteArray &svg, const QByteArray &color,
                    const QColor &selected = Qt::white,
                    const QColor &disabled = QColor(0x9a, 0xa0, 0xa8));

} // namespace mdeck::widgets
