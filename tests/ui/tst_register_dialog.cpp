// Refusals of the Register Version dialog: each malformed form is shown
// inline and sends nothing; a bad signature file is refused by the bridge
// before anything is written; a viewer cannot register at all.

#include "workspace_fixture.h"

#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/registry/register_dialog.h"
#include "ui/registry/registry_panel.h"
#include "ui/resources.h"
#include "widgets/inline_message.h"
#include "widgets/key_value_editor.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 30000;

bool openAndWait(EngineBridge &bridge, const QString &path)
{
    QSignalSpy opened(&bridge, &EngineBridge::workspaceOpened);
    bridge.openWorkspace(path);
    return opened.wait(kTimeout) || opened.count() == 1;
}

void fill(RegisterDialog &dialog, const QString &model, const QString &artifact,
          const QString &signature)
{
    auto *name = dialog.findChild<QComboBox *>(QStringLiteral("modelNameEdit"));
    name->clearEditText();
    QTest::keyClicks(name, model);
    dialog.setArtifactFile(artifact);
    dialog.setSignatureFile(signature);
}

} // namespace

class tst_RegisterDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        test::prepareConsoleTest(QStringLiteral("tst_register_dialog"));
        QVERIFY2(m_fixture.create(), qPrintable(m_fixture.error()));
        QVERIFY(openAndWait(m_bridge, m_fixture.path()));
    }

    void refusesMalformedForms_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("artifact");
        QTest::addColumn<QString>("signature");
        QTest::addColumn<QString>("metricKey");
        QTest::addColumn<QString>("metricValue");
        QTest::addColumn<QString>("expected");
        const QString a = test::modelFile();
        const QString s = test::signatureFile();
        QTest::addRow("empty model name")
            << QString() << a << s << QString() << QString() << QStringLiteral("name of the model");
        QTest::addRow("upper-case model name")
            << QStringLiteral("Breast Cancer") << a << s << QString() << QString()
            << QStringLiteral("not a valid model name");
        QTest::addRow("name too long") << QString(65, QLatin1Char('a')) << a << s << QString()
                                       << QString() << QStringLiteral("not a valid model name");
        QTest::addRow("no artifact") << QStringLiteral("ok-name") << QString() << s << QString()
                                     << QString() << QStringLiteral("artifact");
        QTest::addRow("no signature") << QStringLiteral("ok-name") << a << QString() << QString()
                                      << QString() << QStringLiteral("signature");
        QTest::addRow("metric without a name")
            << QStringLiteral("ok-name") << a << s << QString() << QStringLiteral("1")
            << QStringLiteral("needs a name");
        QTest::addRow("metric that is not a number")
            << QStringLiteral("ok-name") << a << s << QStringLiteral("accuracy")
            << QStringLiteral("high") << QStringLiteral("not a number");
        QTest::addRow("metric that is infinite")
            << QStringLiteral("ok-name") << a << s << QStringLiteral("loss")
            << QStringLiteral("inf") << QStringLiteral("not a number");
    }

    void refusesMalformedForms()
    {
        QFETCH(QString, model);
        QFETCH(QString, artifact);
        QFETCH(QString, signature);
        QFETCH(QString, metricKey);
        QFETCH(QString, metricValue);
        QFETCH(QString, expected);
        RegisterDialog dialog(&m_bridge, {QStringLiteral("breast-cancer")}, QString());
        dialog.show();
        fill(dialog, model, artifact, signature);
        if (!metricKey.isEmpty() || !metricValue.isEmpty())
            dialog.findChild<widgets::KeyValueEditor *>(QStringLiteral("metricsEditor"))
                ->addRow(metricKey, metricValue);
        QSignalSpy progress(&m_bridge, &EngineBridge::progress);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("registerButton")),
                          Qt::LeftButton);
        auto *message = dialog.findChild<widgets::InlineMessage *>(
            QStringLiteral("registerMessage"));
        QVERIFY(message->isVisible());
        QCOMPARE(message->kind(), widgets::InlineMessage::Kind::Error);
        QVERIFY2(message->text().contains(expected), qPrintable(message->text()));
        QVERIFY(!dialog.isRunning());
        QCOMPARE(progress.count(), 0); // nothing reached the bridge
    }

    void invalidSignatureShowsInlineErrorAndWritesNothing()
    {
        const QString bad = m_fixture.scratch() + QStringLiteral("/broken.signature.json");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"inputs\": [\n  {\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": "
                   "[-1, 30]\n");
        file.close();
        const int artifacts = m_fixture.artifactFileCount();

        RegisterDialog dialog(&m_bridge, {QStringLiteral("breast-cancer")},
                              QStringLiteral("breast-cancer"));
        dialog.show();
        fill(dialog, QStringLiteral("breast-cancer"), test::modelFile(), bad);
        QSignalSpy rejected(&m_bridge, &EngineBridge::failed);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("registerButton")),
                          Qt::LeftButton);
        QVERIFY(dialog.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isRunning(), kTimeout);
        auto *message = dialog.findChild<widgets::InlineMessage *>(
            QStringLiteral("registerMessage"));
        QVERIFY(message->isVisible());
        QCOMPARE(message->kind(), widgets::InlineMessage::Kind::Error);
        QVERIFY2(message->text().contains(QStringLiteral("broken.signature.json")),
                 qPrintable(message->text()));
        QCOMPARE(rejected.count(), 1);
        QVERIFY(dialog.isVisible()); // the user can correct the file and try again
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("registerButton"))->isEnabled());
        QCOMPARE(m_fixture.versionCount("breast-cancer"), 2);
        QCOMPARE(m_fixture.artifactFileCount(), artifacts);
    }

    void signatureThatDoesNotFitTheModelIsRefused()
    {
        // A valid signature, but the model has 30 inputs, not 4: LibTorch's check refuses it.
        const QString other = m_fixture.scratch() + QStringLiteral("/four.signature.json");
        QFile file(other);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 4]}],
                      "outputs": [{"name": "output", "datatype": "FP32", "shape": [-1, 2]}]})");
        file.close();
        const int artifacts = m_fixture.artifactFileCount();
        RegisterDialog dialog(&m_bridge, {}, QString());
        dialog.show();
        fill(dialog, QStringLiteral("breast-cancer"), test::modelFile(), other);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("registerButton")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isRunning(), kTimeout);
        auto *message = dialog.findChild<widgets::InlineMessage *>(
            QStringLiteral("registerMessage"));
        QCOMPARE(message->kind(), widgets::InlineMessage::Kind::Error);
        QCOMPARE(m_fixture.versionCount("breast-cancer"), 2);
        QCOMPARE(m_fixture.artifactFileCount(), artifacts);
    }

    void viewerCannotRegister()
    {
        const QString token = m_fixture.addUserWithToken("victor", auth::Role::Viewer);
        QVERIFY2(!token.isEmpty(), qPrintable(m_fixture.error()));
        EngineBridge bridge;
        MainWindow window(&bridge);
        window.show();
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QSignalSpy actor(&bridge, &EngineBridge::actorChanged);
        bridge.setApiToken(token);
        QTRY_COMPARE_WITH_TIMEOUT(actor.count(), 1, kTimeout);

        RegistryPanel *panel = window.registryPanel();
        for (const char *name : {"registerVersionButton", "setAliasButton", "archiveButton"}) {
            auto *button = panel->findChild<QPushButton *>(QLatin1String(name));
            QVERIFY2(!button->isEnabled(), name);
            QVERIFY2(button->toolTip().contains(QStringLiteral("viewer")),
                     qPrintable(button->toolTip()));
        }
        // Even a dialog opened some other way refuses to send.
        RegisterDialog *dialog = panel->openRegisterDialog();
        auto *register_ = dialog->findChild<QPushButton *>(QStringLiteral("registerButton"));
        QVERIFY(!register_->isEnabled());
        QVERIFY(dialog->findChild<widgets::InlineMessage *>(QStringLiteral("registerMessage"))
                    ->isVisible());
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("actorLabel"))
                        ->text()
                        .contains(QStringLiteral("viewer")));
    }

private:
    test::WorkspaceFixture m_fixture;
    EngineBridge m_bridge;
};

QTEST_MAIN(tst_RegisterDialog)
#include "tst_register_dialog.moc"
