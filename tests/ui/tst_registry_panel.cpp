// The Registry panel in a real window on a real workspace, driven with
// clicks and keys: filter, select, compare, register, move an alias,
// archive. No sleeps; every wait is a QTRY_* on visible state.

#include "workspace_fixture.h"

#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/models/model_list_model.h"
#include "ui/models/version_table_model.h"
#include "ui/registry/alias_dialog.h"
#include "ui/registry/compare_view.h"
#include "ui/registry/register_dialog.h"
#include "ui/registry/registry_panel.h"
#include "ui/registry/version_details_view.h"
#include "ui/resources.h"
#include "widgets/inline_message.h"
#include "widgets/key_value_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 30000;

} // namespace

class tst_RegistryPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::prepareConsoleTest(QStringLiteral("tst_registry_panel")); }

    void init()
    {
        m_fixture = std::make_unique<test::WorkspaceFixture>();
        QVERIFY2(m_fixture->create(), qPrintable(m_fixture->error()));
        m_bridge = std::make_unique<EngineBridge>();
        m_window = std::make_unique<MainWindow>(m_bridge.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->openWorkspace(m_fixture->path());
        m_panel = m_window->registryPanel();
        m_versions = m_panel->findChild<QTableView *>(QStringLiteral("versionsView"));
        QVERIFY(m_versions);
        waitIdle();
        QCOMPARE(m_panel->modelListModel()->rowCount(), 3);
        QCOMPARE(m_panel->currentModel(), QStringLiteral("breast-cancer"));
        QCOMPARE(m_versions->model()->rowCount(), 2);
    }

    void cleanup()
    {
        m_window.reset();
        m_bridge.reset();
        m_fixture.reset();
    }

    void filtersTheModelList()
    {
        auto *filter = m_panel->findChild<QLineEdit *>(QStringLiteral("modelFilter"));
        auto *list = m_panel->findChild<QTreeView *>(QStringLiteral("modelList"));
        QTest::keyClicks(filter, QStringLiteral("CHU"));
        QCOMPARE(list->model()->rowCount(), 1);
        QCOMPARE(list->model()->index(0, 0).data().toString(), QStringLiteral("churn-model"));
        // The first match becomes the current model, and its versions load.
        QTRY_COMPARE_WITH_TIMEOUT(m_panel->currentModel(), QStringLiteral("churn-model"), kTimeout);
        waitIdle();
        QCOMPARE(m_versions->model()->rowCount(), 1);
        QTest::keyClicks(filter, QStringLiteral("zzz"));
        QCOMPARE(list->model()->rowCount(), 0);
        filter->clear();
        QCOMPARE(list->model()->rowCount(), 3);
    }

    void selectingAVersionShowsItsDetails()
    {
        clickRow(m_versions->model()->index(1, 0).row()); // sorted newest first: row 1 is version 1
        waitIdle();
        VersionDetailsView *details = m_panel->detailsView();
        QCOMPARE(details->shownVersion(), 1);
        QCOMPARE(details->findChild<QLabel *>(QStringLiteral("field_version"))->text(),
                 QStringLiteral("1"));
        QCOMPARE(details->findChild<QLabel *>(QStringLiteral("field_aliases"))->text(),
                 QStringLiteral("@champion"));
        QCOMPARE(details->findChild<QLabel *>(QStringLiteral("field_sha256"))->text().size(), 64);
        QCOMPARE(details->findChild<QTableView *>(QStringLiteral("metricsView"))->model()->rowCount(),
                 2);
        QVERIFY(details->findChild<QTreeWidget *>(QStringLiteral("historyView"))->topLevelItemCount()
                >= 2);
        auto *signature = details->findChild<QTreeWidget *>(QStringLiteral("signatureTree"));
        QCOMPARE(signature->topLevelItem(0)->child(0)->childCount(), 30); // the 30 feature names
    }

    void sortsByClickingAHeader()
    {
        QHeaderView *header = m_versions->horizontalHeader();
        const int x = header->sectionViewportPosition(VersionTableModel::VersionColumn) + 10;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        const int first
            = m_versions->model()->index(0, 0).data(VersionTableModel::VersionRole).toInt();
        const int second
            = m_versions->model()->index(1, 0).data(VersionTableModel::VersionRole).toInt();
        QVERIFY(first != second);
        QCOMPARE(first < second, header->sortIndicatorOrder() == Qt::AscendingOrder);
    }

    void comparesTwoVersions()
    {
        auto *compare = m_panel->findChild<QPushButton *>(QStringLiteral("compareButton"));
        clickRow(0);
        QVERIFY(!compare->isEnabled());
        clickRow(1, Qt::ControlModifier);
        QCOMPARE(m_panel->selectedVersions(), QList<int>({1, 2}));
        QVERIFY(compare->isEnabled());
        QTest::mouseClick(compare, Qt::LeftButton);
        waitIdle();
        CompareView *view = m_panel->compareView();
        QCOMPARE(view->shownVersions(), std::make_pair(1, 2));
        QVERIFY(view->isVisible());
        QCOMPARE(view->findChild<QLabel *>(QStringLiteral("signatureDiff"))->text(),
                 QStringLiteral("The signatures are the same."));

        auto *metrics = view->findChild<QTableWidget *>(QStringLiteral("compareMetrics"));
        QCOMPARE(metrics->rowCount(), 2);
        QCOMPARE(metrics->item(0, 0)->text(), QStringLiteral("accuracy"));
        QCOMPARE(metrics->item(0, 3)->data(Qt::UserRole).toInt(), int(CompareView::Verdict::Better));
        QCOMPARE(metrics->item(1, 0)->text(), QStringLiteral("loss"));
        // The loss rose: worse, because loss is lower-is-better.
        QCOMPARE(metrics->item(1, 3)->data(Qt::UserRole).toInt(), int(CompareView::Verdict::Worse));
        QVERIFY(metrics->item(0, 3)->foreground().color()
                != metrics->item(1, 3)->foreground().color());

        // Only the param that differs.
        auto *params = view->findChild<QTableWidget *>(QStringLiteral("compareParams"));
        QCOMPARE(params->rowCount(), 1);
        QCOMPARE(params->item(0, 0)->text(), QStringLiteral("lr"));
        QCOMPARE(params->item(0, 1)->text(), QStringLiteral("0.01"));
        QCOMPARE(params->item(0, 2)->text(), QStringLiteral("0.001"));
    }

    void registersAVersionThroughTheDialog()
    {
        QSignalSpy registered(m_bridge.get(), &EngineBridge::versionRegistered);
        QTest::mouseClick(m_panel->findChild<QPushButton *>(
                              QStringLiteral("registerVersionButton")),
                          Qt::LeftButton);
        auto *dialog = m_window->findChild<RegisterDialog *>(QStringLiteral("registerDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *model = dialog->findChild<QComboBox *>(QStringLiteral("modelNameEdit"));
        QCOMPARE(model->currentText(), QStringLiteral("breast-cancer"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("descriptionEdit")),
                         QStringLiteral("retrained"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("artifactEdit")),
                         test::modelFile());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("signatureEdit")),
                         test::signatureFile());
        dialog->findChild<widgets::KeyValueEditor *>(QStringLiteral("metricsEditor"))
            ->addRow(QStringLiteral("accuracy"), QStringLiteral("0.97"));
        dialog->findChild<widgets::KeyValueEditor *>(QStringLiteral("tagsEditor"))
            ->addRow(QStringLiteral("stage"), QStringLiteral("retrained"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("registerButton")),
                          Qt::LeftButton);
        QVERIFY(dialog->isRunning());

        QTRY_COMPARE_WITH_TIMEOUT(registered.count(), 1, kTimeout);
        const auto version = registered.first().at(1).value<registry::ModelVersion>();
        QCOMPARE(version.version, 3);
        QCOMPARE(version.description, std::string("retrained"));
        QCOMPARE(version.tags.at("stage"), std::string("retrained"));
        waitIdle();
        QCOMPARE(m_versions->model()->rowCount(), 3);
        QCOMPARE(m_panel->selectedVersions(), QList<int>({3})); // the new version is selected
        QCOMPARE(m_panel->detailsView()->shownVersion(), 3);
        QCOMPARE(m_fixture->versionCount("breast-cancer"), 3);
    }

    void registeringANewModelSelectsIt()
    {
        RegisterDialog *dialog = m_panel->openRegisterDialog();
        auto *model = dialog->findChild<QComboBox *>(QStringLiteral("modelNameEdit"));
        model->clearEditText();
        QTest::keyClicks(model, QStringLiteral("fresh-model"));
        dialog->setArtifactFile(test::modelFile());
        dialog->setSignatureFile(test::signatureFile());
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("registerButton")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_panel->currentModel(), QStringLiteral("fresh-model"), kTimeout);
        waitIdle();
        QCOMPARE(m_panel->modelListModel()->rowCount(), 4);
        QCOMPARE(m_panel->selectedVersions(), QList<int>({1}));
        QCOMPARE(m_panel->detailsView()->shownVersion(), 1);
    }

    void movesAnAlias()
    {
        QSignalSpy changed(m_bridge.get(), &EngineBridge::aliasChanged);
        selectVersion(2);
        auto *button = m_panel->findChild<QPushButton *>(QStringLiteral("setAliasButton"));
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        auto *dialog = m_window->findChild<AliasDialog *>(QStringLiteral("aliasDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->aliasName(), QStringLiteral("champion"));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("aliasHint"))
                    ->text()
                    .contains(QStringLiteral("version 1")));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("aliasApplyButton")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeout);
        waitIdle();
        auto *versions = m_panel->versionTableModel();
        QCOMPARE(versions->index(versions->rowOfVersion(2), VersionTableModel::AliasesColumn)
                     .data()
                     .toString(),
                 QStringLiteral("champion"));
        QCOMPARE(versions->index(versions->rowOfVersion(1), VersionTableModel::AliasesColumn)
                     .data()
                     .toString(),
                 QString());
    }

    void refusesAnInvalidAlias()
    {
        selectVersion(2);
        auto *dialog = m_panel->openAliasDialog();
        QVERIFY(dialog);
        dialog->setAliasName(QStringLiteral("42"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("aliasApplyButton")),
                          Qt::LeftButton);
        auto *message = dialog->findChild<widgets::InlineMessage *>(QStringLiteral("aliasMessage"));
        QVERIFY(message->isVisible());
        QCOMPARE(message->kind(), widgets::InlineMessage::Kind::Error);
        QVERIFY(!m_bridge->isBusy()); // nothing was sent
    }

    void archivesAfterConfirmation()
    {
        QSignalSpy archived(m_bridge.get(), &EngineBridge::archivedChanged);
        selectVersion(2);
        auto *button = m_panel->findChild<QPushButton *>(QStringLiteral("archiveButton"));
        QCOMPARE(button->text(), QStringLiteral("Archive"));
        QTest::mouseClick(button, Qt::LeftButton);
        auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("archiveConfirm"));
        QVERIFY(box);
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("archiveConfirmButton")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(archived.count(), 1, kTimeout);
        waitIdle();
        auto *versions = m_panel->versionTableModel();
        QCOMPARE(versions->index(versions->rowOfVersion(2), VersionTableModel::ArchivedColumn)
                     .data()
                     .toString(),
                 QStringLiteral("archived"));
        QCOMPARE(m_panel->selectedVersions(), QList<int>({2}));
        QCOMPARE(button->text(), QStringLiteral("Unarchive"));
        // An archived version cannot carry an alias: the button says so.
        auto *alias = m_panel->findChild<QPushButton *>(QStringLiteral("setAliasButton"));
        QVERIFY(!alias->isEnabled());
        QVERIFY(alias->toolTip().contains(QStringLiteral("archived")));

        // Hiding archived versions leaves one.
        m_panel->findChild<QCheckBox *>(QStringLiteral("showArchivedCheck"))->setChecked(false);
        waitIdle();
        QCOMPARE(m_versions->model()->rowCount(), 1);
    }

    void archivingTheAliasTargetShowsCoreError()
    {
        selectVersion(1); // carries @champion
        QMessageBox *box = m_panel->confirmArchive();
        QVERIFY(box);
        QSignalSpy failed(m_bridge.get(), &EngineBridge::failed);
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("archiveConfirmButton")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeout);
        auto *banner = m_window->findChild<widgets::InlineMessage *>(QStringLiteral("errorBanner"));
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("alias")), qPrintable(banner->text()));
        QCOMPARE(m_fixture->versionCount("breast-cancer"), 2);
    }

private:
    void waitIdle()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_bridge->hasWorkspace() && !m_bridge->isBusy()
                                     && !m_panel->isLoading(),
                                 kTimeout);
    }

    void clickRow(int row, Qt::KeyboardModifiers modifiers = {})
    {
        const QRect rect = m_versions->visualRect(m_versions->model()->index(row, 0));
        QTest::mouseClick(m_versions->viewport(), Qt::LeftButton, modifiers, rect.center());
    }

    void selectVersion(int version)
    {
        clickRow(m_panel->versionTableModel()->rowOfVersion(version));
        waitIdle();
        QCOMPARE(m_panel->selectedVersions(), QList<int>({version}));
    }

    std::unique_ptr<test::WorkspaceFixture> m_fixture;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    RegistryPanel *m_panel = nullptr;
    QTableView *m_versions = nullptr;
};

QTEST_MAIN(tst_RegistryPanel)
#include "tst_registry_panel.moc"
