// The main window: panels and shortcuts, recent workspaces, restored
// geometry, the status bar, About and Settings, and errors shown in the
// window rather than on stderr.

#include "workspace_fixture.h"

#include "ui/about_dialog.h"
#include "ui/app_settings.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/panel.h"
#include "ui/registry/registry_panel.h"
#include "ui/resources.h"
#include "ui/settings_dialog.h"
#include "widgets/inline_message.h"
#include "widgets/theme.h"

#include "core/common/system_info.h"
#include "core/ml/torchscript_check.h"

#include <mdeck/version.h>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 30000;

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        test::prepareConsoleTest(QStringLiteral("tst_main_window"));
        QVERIFY2(m_fixture.create(), qPrintable(m_fixture.error()));
    }

    void panelsAndShortcuts()
    {
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QCOMPARE(window.panelCount(), 4);
        auto *sidebar = window.findChild<QListWidget *>(QStringLiteral("panelList"));
        QCOMPARE(sidebar->count(), 4);
        QCOMPARE(sidebar->item(0)->text(), QStringLiteral("Registry"));
        QCOMPARE(sidebar->item(1)->text(), QStringLiteral("Train & Benchmark"));
        QCOMPARE(sidebar->item(2)->text(), QStringLiteral("Drift"));
        for (int i = 0; i < sidebar->count(); ++i)
            QVERIFY(!sidebar->item(i)->icon().isNull());
        QCOMPARE(sidebar->item(3)->text(), QStringLiteral("Pipelines"));
        QCOMPARE(window.currentPanel(), window.registryPanel());

        const std::pair<const char *, QKeySequence> shortcuts[] = {
            {"actionNewWorkspace", QKeySequence(Qt::CTRL | Qt::Key_N)},
            {"actionOpenWorkspace", QKeySequence(Qt::CTRL | Qt::Key_O)},
            {"actionQuit", QKeySequence(Qt::CTRL | Qt::Key_Q)},
            {"actionFilter", QKeySequence(Qt::CTRL | Qt::Key_F)},
            {"actionRefresh", QKeySequence(Qt::Key_F5)},
            {"actionPanel1", QKeySequence(Qt::CTRL | Qt::Key_1)},
            {"actionPanel3", QKeySequence(Qt::CTRL | Qt::Key_3)},
        };
        for (const auto &[name, keys] : shortcuts) {
            auto *action = window.findChild<QAction *>(QLatin1String(name));
            QVERIFY2(action, name);
            QCOMPARE(action->shortcut(), keys);
        }

        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(),
                     window.findChild<QLineEdit *>(QStringLiteral("modelFilter")));
    }

    void opensAWorkspaceAndRemembersIt()
    {
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.show();
        window.openWorkspace(m_fixture.path());
        QTRY_VERIFY_WITH_TIMEOUT(bridge.hasWorkspace() && !bridge.isBusy(), kTimeout);
        QCOMPARE(AppSettings().recentWorkspaces().value(0), m_fixture.path());
        QCOMPARE(AppSettings().lastWorkspace(), m_fixture.path());
        QMenu *recent = window.recentMenu();
        QVERIFY(!recent->actions().isEmpty());
        QCOMPARE(recent->actions().first()->text(), m_fixture.path());
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("workspaceLabel"))
                    ->text()
                    .contains(m_fixture.path()));
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("actorLabel"))
                        ->text()
                        .contains(QStringLiteral("admin")));
        QVERIFY(window.windowTitle().contains(QStringLiteral("ws")));
    }

    void recentListIsBoundedAndUnique()
    {
        AppSettings settings;
        for (int i = 0; i < AppSettings::kMaxRecent + 3; ++i)
            settings.addRecentWorkspace(QStringLiteral("/tmp/ws%1").arg(i));
        settings.addRecentWorkspace(QStringLiteral("/tmp/ws5"));
        const QStringList list = settings.recentWorkspaces();
        QCOMPARE(list.size(), AppSettings::kMaxRecent);
        QCOMPARE(list.first(), QStringLiteral("/tmp/ws5"));
        QCOMPARE(list.count(QStringLiteral("/tmp/ws5")), 1);
    }

    void openFailureIsShownInTheWindow()
    {
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.show();
        window.openWorkspace(m_fixture.scratch() + QStringLiteral("/missing"));
        auto *banner = window.findChild<widgets::InlineMessage *>(QStringLiteral("errorBanner"));
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeout);
        QCOMPARE(banner->kind(), widgets::InlineMessage::Kind::Error);
        QVERIFY(banner->text().contains(QStringLiteral("missing")));
        QTest::mouseClick(banner->findChild<QWidget *>(QStringLiteral("inlineMessageClose")),
                          Qt::LeftButton);
        QVERIFY(!banner->isVisible());
    }

    void restoresGeometry()
    {
        {
            EngineBridge bridge;
            MainWindow window(&bridge);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1000, 700);
            QTRY_COMPARE(window.size(), QSize(1000, 700));
            window.close(); // saves
        }
        EngineBridge bridge;
        MainWindow window(&bridge);
        QCOMPARE(window.size(), QSize(1000, 700));
    }

    void refreshShowsChangesFromOtherProcesses()
    {
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.show();
        window.openWorkspace(m_fixture.path());
        RegistryPanel *panel = window.registryPanel();
        auto *versions = panel->findChild<QTableView *>(QStringLiteral("versionsView"));
        QTRY_COMPARE_WITH_TIMEOUT(versions->model()->rowCount(), 2, kTimeout);
        QVERIFY(m_fixture.addVersion("breast-cancer") > 0); // as `mdeck registry register` would
        QTest::keyClick(&window, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(versions->model()->rowCount(), 3, kTimeout);
    }

    void aboutShowsVersions()
    {
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.show();
        AboutDialog *about = window.showAbout();
        QVERIFY(about->isVisible());
        QString text;
        for (QLabel *label : about->findChildren<QLabel *>())
            text += label->text() + QLatin1Char('\n');
        QVERIFY2(text.contains(QStringLiteral(MDECK_VERSION)), qPrintable(text));
        QVERIFY(text.contains(QString::fromLatin1(qVersion())));
        QVERIFY(text.contains(QString::fromStdString(ml::torchVersion())));
        auto *warning = about->findChild<widgets::InlineMessage *>(QStringLiteral("blasWarning"));
        QCOMPARE(warning->isVisible(), detectBlas().isReference);
        QTest::mouseClick(about->findChild<QPushButton *>(QStringLiteral("aboutCloseButton")),
                          Qt::LeftButton);
        QVERIFY(!about->isVisible());
    }

    void settingsApplyThemeAndLanguage()
    {
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.show();
        window.openWorkspace(m_fixture.path());
        QTRY_VERIFY_WITH_TIMEOUT(bridge.hasWorkspace(), kTimeout);
        SettingsDialog *dialog = window.showSettings();
        dialog->setTheme(widgets::Theme::Dark);
        dialog->setLanguage(QStringLiteral("de"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("settingsOkButton")),
                          Qt::LeftButton);
        QVERIFY(widgets::isDark(QApplication::palette()));
        QCOMPARE(AppSettings().theme(), widgets::Theme::Dark);
        QCOMPARE(AppSettings().language(), QStringLiteral("de"));
        auto *banner = window.findChild<widgets::InlineMessage *>(QStringLiteral("errorBanner"));
        QVERIFY(banner->isVisible()); // "takes effect when ModelDeck starts again"
        QCOMPARE(banner->kind(), widgets::InlineMessage::Kind::Information);

        dialog = window.showSettings();
        QCOMPARE(dialog->theme(), widgets::Theme::Dark);
        dialog->setTheme(widgets::Theme::Light);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("settingsOkButton")),
                          Qt::LeftButton);
        QVERIFY(!widgets::isDark(QApplication::palette()));
    }

    void tokenFromSettingsChangesTheActor()
    {
        const QString token = m_fixture.addUserWithToken("erin", auth::Role::Engineer);
        QVERIFY(!token.isEmpty());
        {
            EngineBridge bridge;
            MainWindow window(&bridge);
            window.openWorkspace(m_fixture.path());
            QTRY_VERIFY_WITH_TIMEOUT(bridge.hasWorkspace(), kTimeout);
            SettingsDialog *dialog = window.showSettings();
            auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
            QVERIFY(edit->isEnabled());
            QTest::keyClicks(edit, token);
            QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("settingsOkButton")),
                              Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(bridge.actor().name, std::string("erin"), kTimeout);
            QCOMPARE(AppSettings().apiToken(bridge.workspaceId()), token);
        }
        // The next start uses the stored token for this workspace.
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.openWorkspace(m_fixture.path());
        QTRY_COMPARE_WITH_TIMEOUT(bridge.actor().name, std::string("erin"), kTimeout);
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("actorLabel"))
                        ->text()
                        .contains(QStringLiteral("engineer")));
    }

private:
    test::WorkspaceFixture m_fixture;
};

QTEST_MAIN(tst_MainWindow)
#include "tst_main_window.moc"
