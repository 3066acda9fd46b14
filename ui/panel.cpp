#include "ui/panel.h"

#include <QSettings>

namespace mdeck::ui {

void Panel::saveState(QSettings &) const {}

void Panel::restoreState(const QSettings &) {}

} // namespace mdeck::ui
