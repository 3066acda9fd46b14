#include "ui/startup.h"

#include "ui/app_settings.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTranslator>

#include <optional>

namespace mdeck::ui {

StartPlan planStart(const QString &workspaceArgument, bool demo, const AppSettings &settings)
{
    if (!workspaceArgument.isEmpty()) {
        const QString dir = QDir(workspaceArgument).absolutePath();
        if (demo && !isWorkspaceDir(dir))
            return {StartPlan::Action::CreateDemo, dir};
        return {StartPlan::Action::Open, dir};
    }
    const QString last = settings.lastWorkspace();
    if (!last.isEmpty() && isWorkspaceDir(last))
        return {StartPlan::Action::Open, last};
    const QString demoDir = demoWorkspaceDir();
    if (isWorkspaceDir(demoDir))
        return {StartPlan::Action::Open, demoDir};
    return {StartPlan::Action::CreateDemo, demoDir};
}

QString demoWorkspaceDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/demo");
}

bool isWorkspaceDir(const QString &dir)
{
    return QFileInfo::exists(dir + QStringLiteral("/modeldeck.db"));
}

QString installTranslations(QApplication &app, const QString &language)
{
    // An explicit choice also sets the number and date format; "system" keeps the system's.
    const bool chosen = language == QLatin1String("en") || language == QLatin1String("de");
    QString lang = language;
    if (!chosen)
        lang = QLocale().language() == QLocale::German ? QStringLiteral("de")
                                                       : QStringLiteral("en");
    if (chosen)
        QLocale::setDefault(lang == QLatin1String("de")
                                ? QLocale(QLocale::German, QLocale::Germany)
                                : QLocale(QLocale::English, QLocale::UnitedStates));
    // English has a translation too: it holds the plural forms ("1 model", "2 models").
    auto *own = new QTranslator(&app);
    if (own->load(QStringLiteral(":/i18n/modeldeck_%1.qm").arg(lang)))
        QCoreApplication::installTranslator(own);
    if (lang == QLatin1String("en"))
        return lang;
    // Qt's own strings: the buttons of standard dialogs, context menus of line edits.
    auto *qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_de"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return lang;
}

void applyTheme(QApplication &app, widgets::Theme theme)
{
    static std::optional<QPalette> systemPalette;
    if (!systemPalette)
        systemPalette = QApplication::palette();
    widgets::applyTheme(app, theme, *systemPalette);
}

} // namespace mdeck::ui
