#include "ui/screenshot_driver.h"

#include "core/auth/user_directory.h"
#include "core/monitor/monitor_service.h"
#include "core/store/workspace.h"
#include "ui/about_dialog.h"
#include "ui/deployments/approval_view.h"
#include "ui/deployments/deployments_panel.h"
#include "ui/deployments/new_deployment_dialog.h"
#include "ui/drift/drift_feature_view.h"
#include "ui/drift/drift_panel.h"
#include "ui/drift/drift_snapshot.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/models/version_table_model.h"
#include "ui/pipelines/pipeline_run_view.h"
#include "ui/pipelines/pipelines_panel.h"
#include "ui/registry/compare_view.h"
#include "ui/registry/register_dialog.h"
#include "ui/registry/registry_panel.h"
#include "ui/registry/version_details_view.h"
#include "ui/startup.h"
#include "ui/train/benchmark_view.h"
#include "ui/train/hyperparameter_form.h"
#include "ui/train/schema_view.h"
#include "ui/train/train_panel.h"
#include "ui/train/train_view.h"
#include "ui/train/training_result_view.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QWidget>

namespace mdeck::ui {

namespace {

constexpr int kPollMs = 50;
constexpr int kSettlePolls = 8;     // let layouts and repaints finish before grabbing
constexpr int kMaxWaitPolls = 2400; // two minutes: the demo trains three models
// The model whose versions carry metrics: the registry shots show it.
const QString kShownModel = QStringLiteral("seattle-weather");

} // namespace

ScreenshotDriver::ScreenshotDriver(MainWindow *window, EngineBridge *bridge, const QString &dir,
                                   QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_bridge(bridge)
    , m_dir(dir)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kPollMs);
    connect(m_timer, &QTimer::timeout, this, &ScreenshotDriver::poll);
    // Without a workspace there is nothing to show: stop at once rather than time out.
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64, const QString &operation, const QString &message) {
                const bool opening = operation == QLatin1String("open")
                    || operation == QLatin1String("create") || operation == QLatin1String("demo");
                if (opening && m_timer->isActive())
                    fail(EngineBridge::operationTitle(operation) + QStringLiteral(": ") + message);
            });
    buildShots();
}

void ScreenshotDriver::start()
{
    if (!QDir().mkpath(m_dir)) {
        fail(tr("Cannot create the folder %1.").arg(m_dir));
        return;
    }
    m_timer->start();
}

bool ScreenshotDriver::idle() const
{
    return m_bridge->hasWorkspace() && !m_bridge->isBusy()
        && !m_window->registryPanel()->isLoading() && !m_window->trainPanel()->isLoading()
        && !m_window->driftPanel()->isLoading();
}

void ScreenshotDriver::buildShots()
{
    RegistryPanel *panel = m_window->registryPanel();
    auto window = [this] {
        return static_cast<QWidget *>(m_window);
    };
    auto dialog = [this] {
        return m_dialog;
    };
    auto closeDialog = [this] {
        if (m_dialog)
            m_dialog->close();
        m_dialog = nullptr;
    };
    auto selectNewest = [panel] {
        VersionTableModel *versions = panel->versionTableModel();
        if (versions->rowCount() > 0)
            panel->selectVersions({versions->rowAt(0).version});
        panel->detailsView()->setCurrentIndex(VersionDetailsView::OverviewTab);
    };
    // Selects the model first; once its versions are in, the newest of them.
    auto newestShown = [this, panel, selectNewest] {
        if (!idle() || panel->currentModel() != kShownModel
            || panel->versionTableModel()->rowCount() == 0)
            return false;
        if (panel->selectedVersions().isEmpty()) {
            selectNewest();
            return false;
        }
        return panel->detailsView()->shownVersion() != 0;
    };

    m_shots.push_back({QStringLiteral("registry_overview.png"),
                       [this, panel] {
                           m_window->showPanel(0);
                           panel->selectModel(kShownModel);
                       },
                       newestShown,
                       window,
                       {}});
    m_shots.push_back(
        {QStringLiteral("version_details.png"),
         [panel] { panel->detailsView()->setCurrentIndex(VersionDetailsView::SignatureTab); },
         [this] { return idle(); },
         window,
         {}});
    m_shots.push_back(
        {QStringLiteral("compare_view.png"),
         [panel] {
             VersionTableModel *versions = panel->versionTableModel();
             QList<int> two;
             for (int row = 0; row < versions->rowCount() && two.size() < 2; ++row)
                 two.append(versions->rowAt(row).version);
             panel->selectVersions(two);
             panel->compareSelected();
         },
         [this, panel] { return idle() && panel->compareView()->shownVersions().first != 0; },
         window,
         {}});
    buildTrainShots();
    buildDriftShots();
    buildPipelineShots();
    m_shots.push_back({QStringLiteral("register_dialog.png"),
                       [this, panel] { m_dialog = panel->openRegisterDialog(); },
                       [this] { return m_dialog && m_dialog->isVisible(); }, dialog, closeDialog});
    m_shots.push_back(
        {QStringLiteral("new_deployment_dialog.png"),
         [this] { m_dialog = m_window->deploymentsPanel()->openNewDeploymentDialog(); },
         [this] {
             auto *create = m_dialog
                 ? m_dialog->findChild<QPushButton *>(QStringLiteral("createDeploymentButton"))
                 : nullptr;
             if (!create || !create->isEnabled())
                 return false;
             auto *name = m_dialog->findChild<QLineEdit *>(QStringLiteral("deploymentNameEdit"));
             auto *model = m_dialog->findChild<QComboBox *>(QStringLiteral("deploymentModelBox"));
             if (name->text().isEmpty())
                 name->setText(model->currentText() + QStringLiteral("-eu"));
             return true;
         },
         dialog, closeDialog});
    m_shots.push_back({QStringLiteral("about_dialog.png"),
                       [this] { m_dialog = m_window->showAbout(); },
                       [this] { return m_dialog && m_dialog->isVisible(); }, dialog, closeDialog});
    m_shots.push_back(
        {QStringLiteral("registry_dark.png"),
         [this, selectNewest] {
             if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
                 applyTheme(*app, widgets::Theme::Dark);
             m_window->showPanel(0);
             selectNewest();
         },
         [this, panel] { return idle() && panel->detailsView()->shownVersion() != 0; }, window,
         [] {
             if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
                 applyTheme(*app, widgets::Theme::Light);
         }});
}

void ScreenshotDriver::buildTrainShots()
{
    TrainPanel *panel = m_window->trainPanel();
    TrainView *train = panel->trainView();
    BenchmarkView *bench = panel->benchmarkView();
    auto window = [this] {
        return static_cast<QWidget *>(m_window);
    };
    m_shots.push_back({QStringLiteral("train_schema.png"),
                       [this, panel, train] {
                           // The demo's own copy of the data, written where the reader can open it.
                           const QString path = m_scratch.filePath(QStringLiteral("penguins.csv"));
                           QFile::copy(QStringLiteral(":/modeldeck/demo/penguins.csv"), path);
                           m_window->showPanel(1);
                           panel->showTab(TrainPanel::TrainTab);
                           train->loadCsv(path);
                       },
                       [this, train] {
                           if (!idle() || train->schemaView()->columnCount() == 0)
                               return false;
                           SchemaView *schema = train->schemaView();
                           if (schema->columnsWithRole(ColumnRole::Target)
                               != QStringList{QStringLiteral("species")}) {
                               schema->setRole(QStringLiteral("species"), ColumnRole::Target);
                               schema->setRole(QStringLiteral("sex"), ColumnRole::Sensitive);
                               return false;
                           }
                           return true;
                       },
                       window,
                       {}});
    m_shots.push_back({QStringLiteral("train_result.png"),
                       [train] {
                           train->form()->setQuickSettings(60);
                           train->startTraining();
                       },
                       [this, train] { return idle() && train->resultView()->hasResult(); },
                       window,
                       {}});
    m_shots.push_back(
        {QStringLiteral("benchmark.png"),
         [panel, bench] {
             panel->showTab(TrainPanel::BenchmarkTab);
             bench->selectModel(QStringLiteral("penguins"), QStringLiteral("champion"));
         },
         [this, bench] {
             if (!idle() || bench->currentModel() != QLatin1String("penguins"))
                 return false;
             // Two runs on one thread; the older one overlaid on the newer shows how well they repeat.
             auto *threads = bench->findChild<QSpinBox *>(QStringLiteral("benchThreadsSpin"));
             auto *history = bench->findChild<QTableWidget *>(QStringLiteral("benchHistoryTable"));
             if (bench->historyCount() < 2) {
                 bench->findChild<QLineEdit *>(QStringLiteral("benchBatchesEdit"))
                     ->setText(QStringLiteral("1,8,64,512,4096"));
                 bench->findChild<QSpinBox *>(QStringLiteral("benchWindowSpin"))->setValue(100);
                 threads->setValue(1);
                 bench->startBenchmark();
                 return false;
             }
             if (history->selectionModel()->selectedRows().isEmpty()) {
                 history->selectRow(1);
                 return false;
             }
             return true;
         },
         window,
         {}});
    // The demo's seattle-weather deployment with its rollout request awaiting the admin.
    m_shots.push_back({QStringLiteral("deployments.png"),
                       [this] {
                           DeploymentsPanel *deployments = m_window->deploymentsPanel();
                           for (int i = 0; i < m_window->panelCount(); ++i)
                               if (m_window->panelAt(i) == deployments)
                                   m_window->showPanel(i);
                           deployments->showTab(DeploymentsPanel::ApprovalTab);
                       },
                       [this] {
                           // The panel refreshes every second, so "idle" never lasts: wait for the request.
                           DeploymentsPanel *deployments = m_window->deploymentsPanel();
                           return deployments->currentDeployment()
                               == QLatin1String("seattle-weather")
                               && deployments->approvalView()->whyNotDecide().isEmpty();
                       },
                       window,
                       {}});
}

void ScreenshotDriver::buildDriftShots()
{
    drift::DriftPanel *panel = m_window->driftPanel();
    auto window = [this] {
        return static_cast<QWidget *>(m_window);
    };
    auto setTheme = [](widgets::Theme theme) {
        if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
            applyTheme(*app, theme);
    };
    const int driftPanelIndex = m_window->panelIndex(panel);
    // The demo's seattle-weather deployment: its replayed traffic in weekly windows.
    m_shots.push_back({QStringLiteral("drift_overview.png"),
                       [this, driftPanelIndex] { m_window->showPanel(driftPanelIndex); },
                       [this, panel] {
                           return idle() && panel->hasData() && !panel->isReadOnly()
                               && panel->selectedFeature() >= 0;
                       },
                       window,
                       {}});
    m_shots.push_back({QStringLiteral("drift_performance.png"),
                       [panel] { panel->showTab(drift::DriftPanel::PerformanceTab); },
                       [this] { return idle(); },
                       window,
                       {}});
    // The same series exported as `mdeck drift export` does, opened read-only in the dark theme.
    m_shots.push_back({QStringLiteral("drift_snapshot_dark.png"),
                       [this, panel, setTheme] {
                           const QString path = m_scratch.filePath(
                               QStringLiteral("seattle-weather.mdrift"));
                           if (auto written = exportDemoSnapshot(path); !written) {
                               fail(QString::fromStdString(written.error().message));
                               return;
                           }
                           setTheme(widgets::Theme::Dark);
                           panel->openSnapshot(path);
                       },
                       [this, panel] {
                           return idle() && panel->isReadOnly() && panel->hasData()
                               && panel->selectedFeature() >= 0;
                       },
                       window,
                       [setTheme] {
                           setTheme(widgets::Theme::Light);
                       }});
}

Result<void> ScreenshotDriver::exportDemoSnapshot(const QString &path) const
{
    auto ws = store::Workspace::open(m_bridge->workspacePath().toStdString());
    if (!ws)
        return ws.error();
    registry::ModelRegistry registry(**ws);
    auth::UserDirectory users((*ws)->db());
    auto actor = users.resolve(std::nullopt, auth::osLogin());
    if (!actor)
        return actor.error();
    monitor::MonitorService service(**ws, registry);
    monitor::SeriesSpec spec;
    spec.deployment = "seattle-weather";
    MDECK_TRY(monitor::parseWindowSize("7d", spec));
    auto snapshot = service.snapshot(spec, *actor);
    if (!snapshot)
        return snapshot.error();
    return monitor::writeSnapshot(*snapshot, path.toStdString());
}

void ScreenshotDriver::buildPipelineShots()
{
    PipelinesPanel *panel = m_window->pipelinesPanel();
    m_shots.push_back({QStringLiteral("pipelines.png"),
                       [this, panel] {
                           m_window->showPanel(m_window->panelIndex(panel));
                           panel->refresh();
                       },
                       [this, panel] {
                           if (!idle() || panel->isLoading())
                               return false;
                           auto *runs = panel->findChild<QTableWidget *>(
                               QStringLiteral("runsTable"));
                           if (runs->rowCount() == 0) {
                               // A workspace without runs: run the bundled example first.
                               if (!m_exampleStarted) {
                                   m_exampleStarted = true;
                                   panel->runExample();
                               }
                               return false;
                           }
                           if (panel->runView()->runId() == 0) {
                               runs->selectRow(0);
                               return false;
                           }
                           return true;
                       },
                       [this] { return static_cast<QWidget *>(m_window); },
                       {}});
}

void ScreenshotDriver::poll()
{
    if (m_current >= m_shots.size())
        return;
    Shot &shot = m_shots[m_current];
    // The first shot waits for the workspace to open before preparing anything.
    if (!m_prepared && (m_current > 0 || idle())) {
        if (shot.prepare)
            shot.prepare();
        m_prepared = true;
        m_settledPolls = 0;
        return;
    }
    if (++m_waitedPolls > kMaxWaitPolls) {
        fail(tr("%1 did not load within two minutes.").arg(shot.file));
        return;
    }
    if (!m_prepared || !shot.ready()) {
        m_settledPolls = 0;
        return;
    }
    if (++m_settledPolls < kSettlePolls)
        return;
    QWidget *target = shot.target();
    const QString path = QDir(m_dir).filePath(shot.file);
    if (!target || !target->grab().save(path)) {
        fail(tr("Cannot save %1.").arg(path));
        return;
    }
    m_saved.append(path);
    if (shot.cleanup)
        shot.cleanup();
    ++m_current;
    m_prepared = false;
    m_waitedPolls = 0;
    if (m_current == m_shots.size()) {
        m_timer->stop();
        Q_EMIT finished(true);
    }
}

void ScreenshotDriver::fail(const QString &message)
{
    m_timer->stop();
    m_error = message;
    Q_EMIT finished(false);
}

} // namespace mdeck::ui
