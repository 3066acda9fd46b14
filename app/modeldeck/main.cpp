// modeldeck: the desktop console. Parses the command line and wires the
// engine bridge, the main window and, for --screenshot, the screenshot driver.

#include "ui/app_settings.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/resources.h"
#include "ui/screenshot_driver.h"
#include "ui/startup.h"

#include <mdeck/version.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

using namespace mdeck;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ModelDeck"));
    QApplication::setApplicationName(QStringLiteral("ModelDeck"));
    QApplication::setApplicationVersion(QStringLiteral(MDECK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("modeldeck"));
    ui::initResources();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("ModelDeck, the desktop console for ML operations."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspace(QStringLiteral("workspace"),
                                       QStringLiteral("Open the workspace in <dir>."),
                                       QStringLiteral("dir"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral(
                                      "With --workspace: create the demo workspace there if <dir> "
                                      "holds no workspace yet."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral(
                                            "Save PNGs of the main states to <dir>, then quit."),
                                        QStringLiteral("dir"));
    const QCommandLineOption language(QStringLiteral("language"),
                                      QStringLiteral(
                                          "Use <lang> (en, de or system) instead of the setting."),
                                      QStringLiteral("lang"));
    parser.addOptions({workspace, demo, screenshot, language});
    parser.addPositionalArgument(QStringLiteral("workspace"),
                                 QStringLiteral("The same as --workspace."),
                                 QStringLiteral("[workspace]"));
    parser.process(app);
    QString workspaceDir = parser.value(workspace);
    if (workspaceDir.isEmpty() && !parser.positionalArguments().isEmpty())
        workspaceDir = parser.positionalArguments().constFirst();

    ui::AppSettings settings;
    ui::installTranslations(app,
                            parser.isSet(language) ? parser.value(language) : settings.language());
    const bool screenshots = parser.isSet(screenshot);
    // Screenshots always show the light theme first; the driver switches to dark for its last shot.
    ui::applyTheme(app, screenshots ? widgets::Theme::Light : settings.theme());

    ui::EngineBridge bridge;
    ui::MainWindow window(&bridge);
    ui::ScreenshotDriver driver(&window, &bridge, parser.value(screenshot));
    if (screenshots) {
        window.resize(1280, 800);
        QObject::connect(&driver, &ui::ScreenshotDriver::finished, &app, [&driver](bool ok) {
            QTextStream err(stderr);
            for (const QString &file : driver.saved())
                err << "saved " << file << '\n';
            if (!ok)
                err << "modeldeck: " << driver.error() << '\n';
            QCoreApplication::exit(ok ? 0 : 1);
        });
        driver.start();
    }
    window.show();

    const ui::StartPlan plan = ui::planStart(workspaceDir, parser.isSet(demo), settings);
    if (plan.action == ui::StartPlan::Action::CreateDemo)
        bridge.createDemoWorkspace(plan.dir);
    else
        window.openWorkspace(plan.dir);
    return app.exec();
}
