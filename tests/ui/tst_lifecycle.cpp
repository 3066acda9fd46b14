// Closing things while the engine works: the window while a registration
// runs, the bridge itself, and switching workspaces under a pending load.
// Nothing may crash, nothing late may reach a closed window, and the
// workspace must stay whole.

#include "workspace_fixture.h"

#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/models/model_list_model.h"
#include "ui/registry/register_dialog.h"
#include "ui/registry/registry_panel.h"
#include "ui/resources.h"

#include "core/registry/model_registry.h"
#include "core/store/workspace.h"

#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 30000;

RegistrationRequest request()
{
    RegistrationRequest r;
    r.version.model = "breast-cancer";
    r.version.artifactPath = test::modelFile().toStdString();
    r.signatureFile = test::signatureFile();
    return r;
}

// The workspace opens, and its audit chain and artifacts verify.
bool workspaceIsWhole(const QString &path)
{
    auto ws = store::Workspace::open(path.toStdString());
    if (!ws)
        return false;
    registry::ModelRegistry registry(**ws);
    auto report = registry.verifyWorkspace();
    return report && report->ok();
}

} // namespace

class tst_Lifecycle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::prepareConsoleTest(QStringLiteral("tst_lifecycle")); }

    void closeWindowWhileRegistering()
    {
        test::WorkspaceFixture fixture;
        QVERIFY2(fixture.create(), qPrintable(fixture.error()));
        EngineBridge bridge;
        auto *window = new MainWindow(&bridge);
        QPointer<MainWindow> alive(window);
        window->show();
        window->openWorkspace(fixture.path());
        QTRY_VERIFY_WITH_TIMEOUT(bridge.hasWorkspace() && !bridge.isBusy(), kTimeout);

        RegisterDialog *dialog = window->registryPanel()->openRegisterDialog();
        QPointer<RegisterDialog> dialogAlive(dialog);
        dialog->setArtifactFile(test::modelFile());
        dialog->setSignatureFile(test::signatureFile());
        QSignalSpy registered(&bridge, &EngineBridge::versionRegistered);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("registerButton")),
                          Qt::LeftButton);
        QVERIFY(dialog->isRunning());
        QVERIFY(bridge.isBusy());

        // Closed and gone before the event loop runs again, so the answer cannot reach it.
        QVERIFY(window->close());
        delete window;
        QVERIFY(alive.isNull());
        QVERIFY(dialogAlive.isNull()); // the dialog went with its window
        // The registration finishes in the background and is answered to the bridge only.
        QTRY_COMPARE_WITH_TIMEOUT(registered.count(), 1, kTimeout);
        QTRY_VERIFY(!bridge.isBusy());
        QCOMPARE(fixture.versionCount("breast-cancer"), 3);
        QVERIFY(workspaceIsWhole(fixture.path()));
    }

    void destroyBridgeWhileRegistering()
    {
        test::WorkspaceFixture fixture;
        QVERIFY2(fixture.create(), qPrintable(fixture.error()));
        bool answered = false;
        QObject witness;
        {
            EngineBridge bridge;
            QSignalSpy opened(&bridge, &EngineBridge::workspaceOpened);
            bridge.openWorkspace(fixture.path());
            QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeout);
            connect(&bridge, &EngineBridge::versionRegistered, &witness,
                    [&answered] { answered = true; });
            connect(&bridge, &EngineBridge::failed, &witness, [&answered] { answered = true; });
            for (int i = 0; i < 3; ++i)
                bridge.registerVersion(request());
            // ~EngineBridge: drops the queued registrations and waits for the running ones.
        }
        QCoreApplication::processEvents();
        QVERIFY(!answered);
        const int versions = fixture.versionCount("breast-cancer");
        QVERIFY2(versions >= 2 && versions <= 5, qPrintable(QString::number(versions)));
        QVERIFY(workspaceIsWhole(fixture.path()));
    }

    void switchWorkspaceWhileLoading()
    {
        test::WorkspaceFixture first;
        QVERIFY2(first.create(), qPrintable(first.error()));
        test::WorkspaceFixture second;
        QVERIFY2(second.create(), qPrintable(second.error()));
        QVERIFY(second.addVersion("only-in-second") > 0);
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.show();
        window.openWorkspace(first.path());
        // Open the second before the first has answered anything.
        window.openWorkspace(second.path());
        RegistryPanel *panel = window.registryPanel();
        QTRY_VERIFY_WITH_TIMEOUT(bridge.hasWorkspace() && !bridge.isBusy() && !panel->isLoading(),
                                 kTimeout);
        QCOMPARE(bridge.workspacePath(), second.path());
        QCOMPARE(panel->modelListModel()->rowCount(), 4);
        QVERIFY(panel->modelListModel()->rowOf(QStringLiteral("only-in-second")) >= 0);
    }
};

QTEST_MAIN(tst_Lifecycle)
#include "tst_lifecycle.moc"
