#include "ui/screenshot_driver.h"

#include "ui/about_dialog.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "ui/models/version_table_model.h"
#include "ui/registry/compare_view.h"
#include "ui/registry/register_dialog.h"
#include "ui/registry/registry_panel.h"
#include "ui/registry/version_details_view.h"
#include "ui/startup.h"

#include <QApplication>
#include <QDir>
#include <QPixmap>
#include <QTimer>
#include <QWidget>

namespace mdeck::ui {

namespace {

constexpr int kPollMs = 50;
constexpr int kSettlePolls = 8;     // let layouts and repaints finish before grabbing
constexpr int kMaxWaitPolls = 2400; // two minutes: the demo registers two TorchScript files

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
        && !m_window->registryPanel()->isLoading();
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

    m_shots.push_back({QStringLiteral("registry_overview.png"),
                       selectNewest,
                       [this, panel] {
                           return idle() && panel->versionTableModel()->rowCount() > 0
                               && panel->detailsView()->shownVersion() != 0;
                       },
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
    m_shots.push_back({QStringLiteral("register_dialog.png"),
                       [this, panel] { m_dialog = panel->openRegisterDialog(); },
                       [this] { return m_dialog && m_dialog->isVisible(); }, dialog, closeDialog});
    m_shots.push_back({QStringLiteral("about_dialog.png"),
                       [this] { m_dialog = m_window->showAbout(); },
                       [this] { return m_dialog && m_dialog->isVisible(); }, dialog, closeDialog});
    m_shots.push_back(
        {QStringLiteral("registry_dark.png"),
         [selectNewest] {
             if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
                 applyTheme(*app, widgets::Theme::Dark);
             selectNewest();
         },
         [this, panel] { return idle() && panel->detailsView()->shownVersion() != 0; }, window,
         [] {
             if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
                 applyTheme(*app, widgets::Theme::Light);
         }});
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
