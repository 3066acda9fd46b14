// The Benchmark tab on a real workspace: benchmark the registered
// TorchScript model with tiny windows, see the results table fill, find the
// run stored with the version and listed in the history.

#include "workspace_fixture.h"

#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/resources.h"
#include "ui/train/benchmark_view.h"
#include "ui/train/train_panel.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 60000;

} // namespace

class tst_BenchmarkPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::prepareConsoleTest(QStringLiteral("tst_benchmark_panel")); }

    void init()
    {
        m_fixture = std::make_unique<test::WorkspaceFixture>();
        QVERIFY2(m_fixture->create(), qPrintable(m_fixture->error()));
        m_bridge = std::make_unique<EngineBridge>();
        m_window = std::make_unique<MainWindow>(m_bridge.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->openWorkspace(m_fixture->path());
        m_window->showPanel(1);
        m_window->trainPanel()->showTab(TrainPanel::BenchmarkTab);
        m_view = m_window->trainPanel()->benchmarkView();
        QTRY_VERIFY_WITH_TIMEOUT(m_bridge->hasWorkspace() && !m_bridge->isBusy()
                                     && !m_view->isBusy(),
                                 kTimeout);
    }

    void cleanup()
    {
        m_window.reset();
        m_bridge.reset();
        m_fixture.reset();
    }

    void benchmarksAndStoresTheRun()
    {
        m_view->selectModel(QStringLiteral("breast-cancer"), QStringLiteral("champion"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isBusy(), kTimeout);
        QCOMPARE(m_view->currentModel(), QStringLiteral("breast-cancer"));
        QCOMPARE(m_view->historyCount(), 0);
        m_view->findChild<QLineEdit *>(QStringLiteral("benchBatchesEdit"))
            ->setText(QStringLiteral("1,8"));
        m_view->findChild<QSpinBox *>(QStringLiteral("benchWindowSpin"))->setValue(20);
        m_view->findChild<QSpinBox *>(QStringLiteral("benchThreadsSpin"))->setValue(1);
        auto *run = m_view->findChild<QPushButton *>(QStringLiteral("runBenchmarkButton"));
        QVERIFY(run->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(m_view->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isRunning(), kTimeout);
        QCOMPARE(m_view->resultCount(), 2);
        auto *results = m_view->findChild<QTableWidget *>(QStringLiteral("benchResultsTable"));
        QCOMPARE(results->item(0, 0)->text(), QStringLiteral("1"));
        QCOMPARE(results->item(1, 0)->text(), QStringLiteral("8"));
        QVERIFY(!results->item(1, 5)->text().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_view->historyCount(), 1, kTimeout);
        QCOMPARE(m_fixture->benchmarkCount("breast-cancer"), 1);
        // Selecting the stored run overlays it; the history names the batch sizes.
        auto *history = m_view->findChild<QTableWidget *>(QStringLiteral("benchHistoryTable"));
        QVERIFY(history->horizontalHeaderItem(history->columnCount() - 1)
                    ->text()
                    .contains(QStringLiteral("@8")));
        history->selectRow(0);
    }

    void refusesABadBatchList()
    {
        m_view->selectModel(QStringLiteral("breast-cancer"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_view->isBusy(), kTimeout);
        m_view->findChild<QLineEdit *>(QStringLiteral("benchBatchesEdit"))
            ->setText(QStringLiteral("1,x"));
        m_view->startBenchmark();
        QVERIFY(!m_view->isRunning());
        QCOMPARE(m_fixture->benchmarkCount("breast-cancer"), 0);
    }

private:
    std::unique_ptr<test::WorkspaceFixture> m_fixture;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    BenchmarkView *m_view = nullptr;
};

QTEST_MAIN(tst_BenchmarkPanel)
#include "tst_benchmark_panel.moc"
