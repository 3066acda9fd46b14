#pragma once

// The console's embedded files (resources/modeldeck.qrc): icons and demo data.

#include <QIcon>
#include <QString>

namespace mdeck::ui {

// Registers the resources of this static library; call once before using them.
void initResources();
// An SVG icon from resources/icons, e.g. icon(u"registry").
QIcon icon(const QString &name);

} // namespace mdeck::ui
