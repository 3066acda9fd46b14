#pragma once

// What the console does when it starts: which workspace it opens, which
// language and theme it uses. Kept apart from main() so it can be tested.

#include "widgets/theme.h"

#include <QString>

class QApplication;

namespace mdeck::ui {

class AppSettings;

struct StartPlan
{
    enum class Action { Open, CreateDemo };
    Action action = Action::Open;
    QString dir;
};

// --workspace wins (with --demo, a folder without a workspace gets the demo);
// then the last workspace, if it still exists; then the demo workspace.
StartPlan planStart(const QString &workspaceArgument, bool demo, const AppSettings &settings);
// <AppDataLocation>/demo
QString demoWorkspaceDir();
bool isWorkspaceDir(const QString &dir);

// Installs the translators for `language` ("system", "en" or "de") and
// returns the language in use ("en" or "de"). An explicit choice also sets
// the default QLocale, so numbers and dates follow the language.
QString installTranslations(QApplication &app, const QString &language);
// Applies `theme`; System goes back to the palette the application started with.
void applyTheme(QApplication &app, widgets::Theme theme);

} // namespace mdeck::ui
