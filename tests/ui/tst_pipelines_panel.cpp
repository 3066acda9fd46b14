// The Pipelines panel in a real window on a real workspace: run a pipeline
// file and follow its DAG and logs, read a failed validation report, cancel
// a running run and re-run it from a step, re-run a whole run, close the
// window while a run is going, and run the bundled example to the Registry.
// No sleeps; every wait is a QTRY_* on visible state.

#include "workspace_fixture.h"

#include "core/pipeline/run_store.h"
#include "core/store/workspace.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/pipelines/pipeline_run_view.h"
#include "ui/pipelines/pipelines_panel.h"
#include "ui/registry/registry_panel.h"
#include "widgets/dag_view.h"

#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 60000;

} // namespace

class tst_PipelinesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::prepareConsoleTest(QStringLiteral("tst_pipelines_panel")); }

    void init()
    {
        m_fixture = std::make_unique<test::WorkspaceFixture>();
        QVERIFY2(m_fixture->create(), qPrintable(m_fixture->error()));
        m_bridge = std::make_unique<EngineBridge>();
        m_window = std::make_unique<MainWindow>(m_bridge.get());
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->openWorkspace(m_fixture->path());
        QTRY_VERIFY_WITH_TIMEOUT(m_bridge->hasWorkspace() && !m_bridge->isBusy(), kTimeout);
        m_window->showPanel(2);
        m_panel = m_window->pipelinesPanel();
        m_runs = m_panel->findChild<QTableWidget *>(QStringLiteral("runsTable"));
        m_dag = m_panel->findChild<widgets::DagView *>(QStringLiteral("dagView"));
        m_log = m_panel->findChild<QPlainTextEdit *>(QStringLiteral("stepLog"));
    }

    void cleanup()
    {
        m_window.reset();
        m_bridge.reset();
        m_fixture.reset();
    }

    void runsAFileAndShowsItsDagAndLogs()
    {
        const QString file = write("p.yaml",
                                   "name: hello\nsteps:\n"
                                   "  - {name: a, kind: shell, with: {command: 'echo "
                                   "alpha'}}\n"
                                   "  - {name: b, kind: shell, needs: [a], with: "
                                   "{command: 'echo beta'}}\n"
                                   "  - {name: c, kind: noop, needs: [a]}\n");
        runFile(file);
        QTRY_VERIFY_WITH_TIMEOUT(runState(0) == QStringLiteral("succeeded"), kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_dag->nodeCount(), 3, kTimeout);
        QCOMPARE(m_dag->position(1).first, 1);
        QCOMPARE(m_dag->position(2).first, 1);
        QCOMPARE(m_runs->item(0, 3)->text(), QStringLiteral("manual"));
        QTest::mouseClick(m_dag, Qt::LeftButton, {}, m_dag->nodeRect(1).center());
        QTRY_COMPARE(m_log->toPlainText(), QStringLiteral("beta\n"));
        auto *artifacts = m_panel->findChild<QTableWidget *>(QStringLiteral("artifactsTable"));
        QCOMPARE(artifacts->rowCount(), 0);
    }

    void failedValidationShowsTheReport()
    {
        write("d.csv", "id,x\n1,0.5\n2,9\n3,abc\n");
        const QString file
            = write("v.yaml",
                    "name: checks\nsteps:\n  - name: check\n    kind: validate\n    with:\n"
                    "      data: d.csv\n      expectations:\n"
                    "        - {expect: between, column: x, min: 0, max: 1}\n"
                    "        - {expect: unique, column: id}\n");
        runFile(file);
        QTRY_VERIFY_WITH_TIMEOUT(runState(0) == QStringLiteral("failed"), kTimeout);
        auto *report = m_panel->findChild<QTreeWidget *>(QStringLiteral("validationReport"));
        QTRY_COMPARE_WITH_TIMEOUT(report->topLevelItemCount(), 2, kTimeout);
        QTreeWidgetItem *between = report->topLevelItem(0);
        QCOMPARE(between->text(2), QStringLiteral("failed"));
        QCOMPARE(between->childCount(), 2);
        QCOMPARE(between->child(0)->text(0), QStringLiteral("line 3"));
        QCOMPARE(between->child(1)->text(3), QStringLiteral("abc (not a number)"));
        QCOMPARE(report->topLevelItem(1)->text(2), QStringLiteral("passed"));
        auto *artifacts = m_panel->findChild<QTableWidget *>(QStringLiteral("artifactsTable"));
        QCOMPARE(artifacts->rowCount(), 1);
        QCOMPARE(artifacts->item(0, 1)->text(), QStringLiteral("report"));
    }

    void cancelThenRerunFromAStep()
    {
        const QString flag = m_fixture->scratch() + QStringLiteral("/flag");
        const QString file
            = write("w.yaml",
                    ("name: waiting\nsteps:\n  - {name: first, kind: noop}\n"
                     "  - {name: wait, kind: shell, needs: [first], with: {command: 'i=0; "
                     "while [ ! -e "
                     + flag.toStdString()
                     + " ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; [ -e "
                     + flag.toStdString() + " ]'}}\n")
                        .c_str());
        runFile(file);
        auto *cancel = m_panel->findChild<QPushButton *>(QStringLiteral("cancelRunButton"));
        QTRY_VERIFY_WITH_TIMEOUT(runState(0) == QStringLiteral("running") && cancel->isEnabled(),
                                 kTimeout);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(runState(0) == QStringLiteral("cancelled"), kTimeout);

        QFile(flag).open(QIODevice::WriteOnly);
        m_panel->runView()->selectStep(QStringLiteral("wait"));
        auto *rerunFrom = m_panel->findChild<QPushButton *>(QStringLiteral("rerunFromButton"));
        QTRY_VERIFY(rerunFrom->isEnabled());
        QTest::mouseClick(rerunFrom, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(runState(0) == QStringLiteral("succeeded"), kTimeout);
        QCOMPARE(m_runs->rowCount(), 1); // the same run, continued

        auto *rerun = m_panel->findChild<QPushButton *>(QStringLiteral("rerunButton"));
        QTest::mouseClick(rerun, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_runs->rowCount(), 2, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(runState(0) == QStringLiteral("succeeded"), kTimeout);
    }

    void closingTheWindowCancelsItsRun()
    {
        const QString started = m_fixture->scratch() + QStringLiteral("/started");
        const QString file = write("long.yaml",
                                   ("name: long\nsteps:\n  - {name: sleep, kind: "
                                    "shell, with: {command: 'touch "
                                    + started.toStdString() + "; sleep 120'}}\n")
                                       .c_str());
        runFile(file);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(started), kTimeout);
        m_window.reset();
        m_bridge.reset(); // waits for the run, which the closing bridge cancels
        auto ws = store::Workspace::open(m_fixture->path());
        QVERIFY(ws);
        auto run = pipeline::RunStore(**ws).get(1);
        QVERIFY(run);
        QCOMPARE(run->state, pipeline::RunState::Cancelled);
    }

    void runsTheExampleAndLinksToTheRegistry()
    {
        auto *example = m_panel->findChild<QPushButton *>(QStringLiteral("runExampleButton"));
        QTest::mouseClick(example, Qt::LeftButton);
        // The example asks for a rollout last; without a deployment service that step fails.
        QTRY_VERIFY_WITH_TIMEOUT(!runState(0).isEmpty() && runState(0) != QStringLiteral("running")
                                     && runState(0) != QStringLiteral("queued"),
                                 3 * kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(m_dag->nodeCount(), 6, kTimeout);
        m_panel->runView()->selectStep(QStringLiteral("register"));
        auto *show = m_panel->findChild<QPushButton *>(QStringLiteral("showVersionButton"));
        QTRY_VERIFY(show->isEnabled());
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(m_window->currentPanel(), m_window->registryPanel());
        QTRY_COMPARE_WITH_TIMEOUT(m_window->registryPanel()->currentModel(),
                                  QStringLiteral("seattle-weather"), kTimeout);
    }

private:
    QString write(const char *name, const char *text)
    {
        const QString path = m_fixture->scratch() + QLatin1Char('/') + QLatin1String(name);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
        return path;
    }

    void runFile(const QString &file)
    {
        m_panel->findChild<QLineEdit *>(QStringLiteral("pipelineFileEdit"))->setText(file);
        QTest::mouseClick(m_panel->findChild<QPushButton *>(QStringLiteral("runPipelineButton")),
                          Qt::LeftButton);
    }

    QString runState(int row) const
    {
        return row < m_runs->rowCount() && m_runs->item(row, 2) ? m_runs->item(row, 2)->text()
                                                                : QString();
    }

    std::unique_ptr<test::WorkspaceFixture> m_fixture;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    PipelinesPanel *m_panel = nullptr;
    QTableWidget *m_runs = nullptr;
    widgets::DagView *m_dag = nullptr;
    QPlainTextEdit *m_log = nullptr;
};

QTEST_MAIN(tst_PipelinesPanel)
#include "tst_pipelines_panel.moc"
