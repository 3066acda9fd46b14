#include "ui/main_window.h"

#include "ui/about_dialog.h"
#include "ui/app_settings.h"
#include "ui/drift/drift_panel.h"
#include "ui/engine_bridge.h"
#include "ui/panel.h"
#include "ui/pipelines/pipelines_panel.h"
#include "ui/registry/registry_panel.h"
#include "ui/resources.h"
#include "ui/settings_dialog.h"
#include "ui/startup.h"
#include "ui/text_format.h"
#include "ui/train/train_panel.h"
#include "widgets/inline_message.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>

namespace mdeck::ui {

namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
constexpr int kStatusTimeoutMs = 10000;

} // namespace

MainWindow::MainWindow(EngineBridge *bridge, QWidget *parent)
    : QMainWindow(parent)
    , m_bridge(bridge)
    , m_sidebar(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_message(new widgets::InlineMessage(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("ModelDeck"));
    setWindowIcon(icon(QStringLiteral("modeldeck")));

    m_sidebar->setObjectName(QStringLiteral("panelList"));
    m_sidebar->setIconSize(QSize(28, 28));
    m_sidebar->setSpacing(2);
    m_sidebar->setFixedWidth(150);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    // The sidebar takes the window's colour, so it reads as navigation rather than content.
    m_sidebar->viewport()->setBackgroundRole(QPalette::Window);
    m_stack->setObjectName(QStringLiteral("panelStack"));
    m_message->setObjectName(QStringLiteral("errorBanner"));
    connect(m_sidebar, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);

    auto *central = new QWidget(this);
    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    body->addWidget(m_sidebar);
    body->addWidget(m_stack, 1);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *bannerRow = new QHBoxLayout;
    bannerRow->setContentsMargins(6, 6, 6, 0);
    bannerRow->addWidget(m_message);
    layout->addLayout(bannerRow);
    layout->addLayout(body, 1);
    setCentralWidget(central);

    createMenus();
    createStatusBar();

    // The panels, in sidebar order. Ctrl+1 … Ctrl+9 follow this order.
    addPanel(m_registry = new RegistryPanel(m_bridge, this));
    addPanel(m_train = new TrainPanel(m_bridge, this));
    addPanel(m_drift = new drift::DriftPanel(this));
    addPanel(m_pipelines = new PipelinesPanel(m_bridge, this));
    connect(m_pipelines, &PipelinesPanel::showVersionRequested, this,
            [this](const QString &model, int version) {
                showPanel(m_stack->indexOf(m_registry));
                m_registry->selectModel(model);
                m_registry->selectVersions({version});
            });

    connect(m_bridge, &EngineBridge::workspaceOpened, this, &MainWindow::onWorkspaceOpened);
    connect(m_bridge, &EngineBridge::actorChanged, this, &MainWindow::updateStatus);
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64, const QString &operation, const QString &message) {
                onFailed(operation, message);
            });
    connect(m_bridge, &EngineBridge::progress, this, &MainWindow::onProgress);
    connect(m_bridge, &EngineBridge::busyChanged, this, [this](bool busy) {
        m_busy->setVisible(busy);
        if (!busy)
            m_busy->setRange(0, 1);
    });
    restoreLayout();
    rebuildRecentMenu();
    updateStatus();
}

void MainWindow::addPanel(Panel *panel)
{
    const int index = m_stack->addWidget(panel);
    auto *item = new QListWidgetItem(panel->icon(), panel->title(), m_sidebar);
    item->setSizeHint(QSize(0, 40));
    // Wide enough for the longest title next to its icon, in any language.
    const int needed = m_sidebar->fontMetrics().horizontalAdvance(panel->title())
        + m_sidebar->iconSize().width() + 32;
    m_sidebar->setFixedWidth(std::max(m_sidebar->width(), needed));
    auto *action = m_viewMenu->addAction(panel->icon(), panel->title(), this,
                                         [this, index] { showPanel(index); });
    action->setObjectName(QStringLiteral("actionPanel%1").arg(index + 1));
    if (index < 9)
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)));
    if (m_sidebar->currentRow() < 0)
        m_sidebar->setCurrentRow(0);
}

int MainWindow::panelCount() const
{
    return m_stack->count();
}

Panel *MainWindow::panelAt(int index) const
{
    return qobject_cast<Panel *>(m_stack->widget(index));
}

Panel *MainWindow::currentPanel() const
{
    return qobject_cast<Panel *>(m_stack->currentWidget());
}

void MainWindow::showPanel(int index)
{
    if (index >= 0 && index < panelCount())
        m_sidebar->setCurrentRow(index);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *create = file->addAction(icon(QStringLiteral("new")), tr("&New Workspace…"), this,
                                      &MainWindow::chooseWorkspaceToCreate);
    create->setObjectName(QStringLiteral("actionNewWorkspace"));
    create->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(icon(QStringLiteral("open")), tr("&Open Workspace…"), this,
                                    &MainWindow::chooseWorkspaceToOpen);
    open->setObjectName(QStringLiteral("actionOpenWorkspace"));
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    // A snapshot needs no workspace: it opens read-only in the Drift panel.
    QAction *openSnapshot = file->addAction(tr("Open Drift &Snapshot…"), this, [this] {
        showPanel(m_stack->indexOf(m_drift));
        m_drift->chooseSnapshotToOpen();
    });
    openSnapshot->setObjectName(QStringLiteral("actionOpenSnapshot"));
    QAction *exportSnapshot = file->addAction(tr("&Export Drift Snapshot…"), this,
                                              [this] { m_drift->chooseSnapshotToExport(); });
    exportSnapshot->setObjectName(QStringLiteral("actionExportSnapshot"));
    file->addSeparator();
    QAction *settings = file->addAction(icon(QStringLiteral("settings")), tr("&Settings…"), this,
                                        &MainWindow::showSettings);
    settings->setObjectName(QStringLiteral("actionSettings"));
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    file->addSeparator();
    QAction *quit = file->addAction(icon(QStringLiteral("quit")), tr("&Quit"), this,
                                    &QWidget::close);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *filter = new QAction(tr("&Filter"), this);
    filter->setObjectName(QStringLiteral("actionFilter"));
    filter->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    connect(filter, &QAction::triggered, this, [this] {
        if (Panel *panel = currentPanel())
            panel->focusFilter();
    });
    QAction *refresh = new QAction(icon(QStringLiteral("refresh")), tr("&Refresh"), this);
    refresh->setObjectName(QStringLiteral("actionRefresh"));
    refresh->setShortcut(QKeySequence(Qt::Key_F5));
    connect(refresh, &QAction::triggered, this, [this] {
        if (Panel *panel = currentPanel())
            panel->refresh();
    });
    m_viewMenu->addAction(filter);
    m_viewMenu->addAction(refresh);
    m_viewMenu->addSeparator();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(icon(QStringLiteral("about")), tr("&About ModelDeck"), this,
                                     &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
}

void MainWindow::createStatusBar()
{
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busy->setMaximumWidth(220);
    m_busy->setMaximumHeight(16);
    m_busy->setTextVisible(true);
    m_busy->hide();
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    m_actorLabel = new QLabel(this);
    m_actorLabel->setObjectName(QStringLiteral("actorLabel"));
    m_workspaceLabel->setContentsMargins(8, 0, 8, 0);
    m_actorLabel->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_workspaceLabel);
    statusBar()->addPermanentWidget(m_actorLabel);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = AppSettings().recentWorkspaces();
    for (const QString &dir : recent) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(dir), this,
                                                  [this, dir] { openWorkspace(dir); });
        action->setObjectName(QStringLiteral("actionRecentWorkspace"));
    }
    if (recent.isEmpty()) {
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    QAction *clear = m_recentMenu->addAction(tr("Clear List"), this, [this] {
        for (const QString &dir : AppSettings().recentWorkspaces())
            AppSettings().removeRecentWorkspace(dir);
        rebuildRecentMenu();
    });
    clear->setObjectName(QStringLiteral("actionClearRecent"));
}

void MainWindow::updateStatus()
{
    if (!m_bridge->hasWorkspace()) {
        m_workspaceLabel->setText(tr("No workspace"));
        m_workspaceLabel->setToolTip({});
        m_actorLabel->clear();
        setWindowTitle(tr("ModelDeck"));
        return;
    }
    const QString path = QDir::toNativeSeparators(m_bridge->workspacePath());
    m_workspaceLabel->setText(
        tr("Workspace: %1").arg(fontMetrics().elidedText(path, Qt::ElideMiddle, 420)));
    m_workspaceLabel->setToolTip(tr("Workspace: %1").arg(path));
    const auth::Actor &actor = m_bridge->actor();
    if (actor.authenticated)
        m_actorLabel->setText(tr("User: %1 (%2)").arg(toQ(actor.name), roleTitle(actor.role)));
    else
        m_actorLabel->setText(tr("User: %1 (read only)").arg(toQ(actor.name)));
    m_actorLabel->setToolTip(actor.authenticated
                                 ? tr("Signed in through %1").arg(toQ(actor.via))
                                 : m_bridge->whyNot(auth::Permission::ManageModels));
    setWindowTitle(tr("%1 — ModelDeck").arg(QDir(m_bridge->workspacePath()).dirName()));
}

void MainWindow::openWorkspace(const QString &dir)
{
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(dir)));
    m_bridge->openWorkspace(dir);
}

void MainWindow::createWorkspace(const QString &dir)
{
    statusBar()->showMessage(tr("Creating a workspace in %1…").arg(QDir::toNativeSeparators(dir)));
    m_bridge->createWorkspace(dir);
}

void MainWindow::onWorkspaceOpened(const QString &dir)
{
    AppSettings settings;
    settings.addRecentWorkspace(dir);
    rebuildRecentMenu();
    m_message->clearMessage();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(dir)), kStatusTimeoutMs);
    const QString token = settings.apiToken(m_bridge->workspaceId());
    if (!token.isEmpty())
        m_bridge->setApiToken(token);
    updateStatus();
}

void MainWindow::onFailed(const QString &operation, const QString &message)
{
    const QString text = tr("%1 failed: %2").arg(EngineBridge::operationTitle(operation), message);
    m_message->showMessage(widgets::InlineMessage::Kind::Error, text);
    statusBar()->showMessage(text, kStatusTimeoutMs);
}

void MainWindow::onProgress(const QString &operation, int done, int total)
{
    m_busy->setRange(0, total);
    m_busy->setValue(done);
    m_busy->setFormat(EngineBridge::operationTitle(operation));
    m_busy->setToolTip(EngineBridge::operationTitle(operation));
    m_busy->setVisible(m_bridge->isBusy());
}

void MainWindow::chooseWorkspaceToOpen()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Workspace"),
                                                          m_bridge->workspacePath());
    if (dir.isEmpty())
        return;
    if (!isWorkspaceDir(dir)) {
        onFailed(QStringLiteral("open"),
                 tr("%1 holds no ModelDeck workspace (modeldeck.db); use New Workspace "
                    "to create one.")
                     .arg(QDir::toNativeSeparators(dir)));
        return;
    }
    openWorkspace(dir);
}

void MainWindow::chooseWorkspaceToCreate()
{
    const QString dir
        = QFileDialog::getExistingDirectory(this, tr("Choose a Folder for the New Workspace"));
    if (!dir.isEmpty())
        createWorkspace(dir);
}

AboutDialog *MainWindow::showAbout()
{
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

SettingsDialog *MainWindow::showSettings()
{
    AppSettings settings;
    auto *dialog = new SettingsDialog(m_bridge->hasWorkspace(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setLanguage(settings.language());
    dialog->setTheme(settings.theme());
    dialog->setApiToken(m_bridge->apiToken());
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applySettings(*dialog); });
    dialog->open();
    return dialog;
}

void MainWindow::applySettings(const SettingsDialog &dialog)
{
    AppSettings settings;
    const bool languageChanged = dialog.language() != settings.language();
    settings.setLanguage(dialog.language());
    settings.setTheme(dialog.theme());
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyTheme(*app, dialog.theme());
    if (m_bridge->hasWorkspace() && dialog.apiToken() != m_bridge->apiToken()) {
        settings.setApiToken(m_bridge->workspaceId(), dialog.apiToken());
        m_bridge->setApiToken(dialog.apiToken());
    }
    if (languageChanged)
        m_message->showMessage(widgets::InlineMessage::Kind::Information,
                               tr("The new language takes effect when ModelDeck starts again."));
}

void MainWindow::restoreLayout()
{
    const AppSettings settings;
    if (!restoreGeometry(settings.value(kGeometry)))
        resize(1280, 800);
    restoreState(settings.value(kState));
    const QSettings qsettings;
    for (int i = 0; i < panelCount(); ++i)
        panelAt(i)->restoreState(qsettings);
}

void MainWindow::saveLayout() const
{
    AppSettings settings;
    settings.setValue(kGeometry, saveGeometry());
    settings.setValue(kState, saveState());
    QSettings qsettings;
    for (int i = 0; i < panelCount(); ++i)
        panelAt(i)->saveState(qsettings);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace mdeck::ui
