// Which workspace the console opens at start, and the embedded translation.

#include "workspace_fixture.h"

#include "ui/app_settings.h"
#include "ui/resources.h"
#include "ui/startup.h"

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui;

class tst_Startup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ModelDeckTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_startup"));
        initResources();
        QVERIFY2(m_fixture.create(), qPrintable(m_fixture.error()));
    }

    void init() { QSettings().clear(); }

    void argumentWins()
    {
        AppSettings settings;
        settings.addRecentWorkspace(m_fixture.path());
        const StartPlan plan = planStart(QStringLiteral("/somewhere/else"), false, settings);
        QCOMPARE(plan.action, StartPlan::Action::Open);
        QCOMPARE(plan.dir, QStringLiteral("/somewhere/else"));
    }

    void demoFlagCreatesOnlyWhereNoWorkspaceIs()
    {
        AppSettings settings;
        QCOMPARE(planStart(m_fixture.scratch() + QStringLiteral("/new"), true, settings).action,
                 StartPlan::Action::CreateDemo);
        QCOMPARE(planStart(m_fixture.path(), true, settings).action, StartPlan::Action::Open);
    }

    void lastWorkspaceThenDemo()
    {
        AppSettings settings;
        QCOMPARE(planStart(QString(), false, settings).action, StartPlan::Action::CreateDemo);
        QCOMPARE(planStart(QString(), false, settings).dir, demoWorkspaceDir());
        QVERIFY(demoWorkspaceDir().endsWith(QStringLiteral("/demo")));
        settings.addRecentWorkspace(m_fixture.path());
        QCOMPARE(planStart(QString(), false, settings).dir, m_fixture.path());
        // A last workspace that is gone is skipped.
        settings.addRecentWorkspace(m_fixture.scratch() + QStringLiteral("/gone"));
        QCOMPARE(planStart(QString(), false, settings).action, StartPlan::Action::CreateDemo);
    }

    void themeSetting()
    {
        AppSettings settings;
        QCOMPARE(settings.theme(), widgets::Theme::System);
        settings.setTheme(widgets::Theme::Dark);
        QCOMPARE(settings.theme(), widgets::Theme::Dark);
        QCOMPARE(settings.language(), QStringLiteral("system"));
        settings.setLanguage(QStringLiteral("xx"));
        QCOMPARE(settings.language(), QStringLiteral("system")); // unknown values fall back
    }

    void englishHasPluralForms()
    {
        auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
        QCOMPARE(installTranslations(*app, QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QLocale().language(), QLocale::English);
        const char *context = "mdeck::ui::RegistryPanel";
        QCOMPARE(QCoreApplication::translate(context, "%n model(s)", nullptr, 1),
                 QStringLiteral("1 model"));
        QCOMPARE(QCoreApplication::translate(context, "%n model(s)", nullptr, 2),
                 QStringLiteral("2 models"));
    }

private:
    test::WorkspaceFixture m_fixture;
};

QTEST_MAIN(tst_Startup)
#include "tst_startup.moc"
