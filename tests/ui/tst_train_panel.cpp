// The Train tab in a real window on a real workspace: read penguins.csv,
// check its schema, set roles, train, cancel a long run, register a short
// one and find it in the registry; a ragged CSV shows its line inline.
// No sleeps; every wait is a QTRY_* on visible state.

#include "workspace_fixture.h"

#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/models/model_list_model.h"
#include "ui/registry/registry_panel.h"
#include "ui/resources.h"
#include "ui/train/schema_view.h"
#include "ui/train/train_panel.h"
#include "ui/train/train_view.h"
#include "ui/train/training_result_view.h"
#include "widgets/confusion_heatmap.h"
#include "widgets/inline_message.h"
#include "widgets/training_chart.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 60000;

} // namespace

class tst_TrainPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::prepareConsoleTest(QStringLiteral("tst_train_panel")); }

    void init()
    {
        m_fixture = std::make_unique<test::WorkspaceFixture>();
        QVERIFY2(m_fixture->create(), qPrintable(m_fixture->error()));
        m_bridge = std::make_unique<EngineBridge>();
        m_window = std::make_unique<MainWindow>(m_bridge.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->openWorkspace(m_fixture->path());
        QTRY_VERIFY_WITH_TIMEOUT(m_bridge->hasWorkspace() && !m_bridge->isBusy(), kTimeout);
        m_window->showPanel(1);
        m_view = m_window->trainPanel()->trainView();
        m_schema = m_view->schemaView();
    }

    void cleanup()
    {
        m_window.reset();
        m_bridge.reset();
        m_fixture.reset();
    }

    void showsTheSchemaOfPenguins()
    {
        loadPenguins();
        QCOMPARE(m_schema->columnCount(), 7);
        QCOMPARE(m_schema->columnName(0), QStringLiteral("species"));
        QCOMPARE(m_schema->columnType(0), data::ColumnType::Categorical);
        QCOMPARE(m_schema->columnType(1), data::ColumnType::Categorical);
        QCOMPARE(m_schema->columnType(2), data::ColumnType::Numeric);
        auto *table = m_schema->findChild<QTableWidget *>(QStringLiteral("schemaTable"));
        QCOMPARE(table->item(2, SchemaView::MissingColumn)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(6, SchemaView::MissingColumn)->text(), QStringLiteral("10"));
        // Defaults: the last column is the target, the others are features.
        QCOMPARE(m_schema->role(6), ColumnRole::Target);
        QCOMPARE(m_schema->role(0), ColumnRole::Feature);
        setRoles();
        QCOMPARE(m_schema->columnsWithRole(ColumnRole::Target),
                 QStringList{QStringLiteral("species")});
        QCOMPARE(m_schema->columnsWithRole(ColumnRole::Sensitive),
                 QStringList{QStringLiteral("sex")});
    }

    void overridingATypeReadsTheFileAgain()
    {
        loadPenguins();
        setRoles();
        m_schema->setType(QStringLiteral("flipper_length_mm"), data::ColumnType::Categorical);
        QVERIFY(m_view->isLoading());
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading(), kTimeout);
        QCOMPARE(m_schema->columnType(4), data::ColumnType::Categorical);
        // Roles survive the re-read.
        QCOMPARE(m_schema->role(0), ColumnRole::Target);
    }

    void trainsAndRegisters()
    {
        loadPenguins();
        setRoles();
        m_view->findChild<QSpinBox *>(QStringLiteral("epochsSpin"))->setValue(4);
        m_view->findChild<QLineEdit *>(QStringLiteral("hiddenEdit"))->setText(QStringLiteral("16"));
        QTest::mouseClick(button("trainButton"), Qt::LeftButton);
        QVERIFY(m_view->isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isTraining(), kTimeout);
        QCOMPARE(m_view->chart()->pointCount(), 4);
        TrainingResultView *result = m_view->resultView();
        QVERIFY(result->hasResult());
        auto *metrics = result->findChild<QTableWidget *>(QStringLiteral("resultMetricsTable"));
        QVERIFY(metrics->rowCount() >= 5);
        auto *heatmap = result->findChild<widgets::ConfusionHeatmap *>();
        QCOMPARE(heatmap->classCount(), 3);

        auto *name = result->findChild<QLineEdit *>(QStringLiteral("modelNameEdit"));
        name->setText(QStringLiteral("Not Valid!"));
        QVERIFY(!button("registerTrainedButton")->isEnabled());
        name->setText(QStringLiteral("penguin-species"));
        QVERIFY(button("registerTrainedButton")->isEnabled());
        QTest::mouseClick(button("registerTrainedButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isRegistering(), kTimeout);
        QVERIFY(!button("registerTrainedButton")->isEnabled());
        QCOMPARE(m_fixture->versionCount("penguin-species"), 1);
        // The registry panel refreshes and lists the new model.
        ModelListModel *models = m_window->registryPanel()->modelListModel();
        QTRY_COMPARE_WITH_TIMEOUT(models->rowCount(), 4, kTimeout);
    }

    void cancelsALongRun()
    {
        loadPenguins();
        setRoles();
        m_view->findChild<QSpinBox *>(QStringLiteral("epochsSpin"))->setValue(100000);
        m_view->findChild<QSpinBox *>(QStringLiteral("patienceSpin"))->setValue(0);
        QTest::mouseClick(button("trainButton"), Qt::LeftButton);
        // The chart gets points while it runs.
        QTRY_VERIFY_WITH_TIMEOUT(m_view->chart()->pointCount() >= 2, kTimeout);
        QVERIFY(m_view->isTraining());
        QTest::mouseClick(button("cancelTrainingButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isTraining(), kTimeout);
        QVERIFY(!m_view->resultView()->hasResult());
        QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("trainStageLabel"))
                    ->text()
                    .contains(QStringLiteral("nothing was registered")));
        QVERIFY(button("trainButton")->isEnabled());
        QCOMPARE(m_window->registryPanel()->modelListModel()->rowCount(), 3);
    }

    void raggedCsvShowsTheLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ragged.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a,b,c\n1,2,3\n4,5\n");
        file.close();
        m_view->loadCsv(path);
        auto *error = m_view->findChild<widgets::InlineMessage *>(QStringLiteral("datasetError"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading(), kTimeout);
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("line 3")), qPrintable(error->text()));
        QVERIFY2(error->text().contains(QStringLiteral("ragged.csv")), qPrintable(error->text()));
        QCOMPARE(m_schema->columnCount(), 0);
        QVERIFY(!button("trainButton")->isEnabled());
    }

private:
    void loadPenguins()
    {
        m_view->loadCsv(test::dataFile(QStringLiteral("penguins.csv")));
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading() && m_schema->columnCount() > 0, kTimeout);
    }

    void setRoles()
    {
        m_schema->setRole(QStringLiteral("species"), ColumnRole::Target);
        m_schema->setRole(QStringLiteral("sex"), ColumnRole::Sensitive);
        auto *combo = m_schema->findChild<QComboBox *>(QStringLiteral("roleCombo_species"));
        QCOMPARE(combo->currentData().toInt(), static_cast<int>(ColumnRole::Target));
    }

    QPushButton *button(const char *name) const
    {
        auto *b = m_view->findChild<QPushButton *>(QString::fromLatin1(name));
        Q_ASSERT(b);
        return b;
    }

    std::unique_ptr<test::WorkspaceFixture> m_fixture;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    TrainView *m_view = nullptr;
    SchemaView *m_schema = nullptr;
};

QTEST_MAIN(tst_TrainPanel)
#include "tst_train_panel.moc"
