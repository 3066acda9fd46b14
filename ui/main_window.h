#pragma once

// The console's window: a sidebar of panels over a stack, the File, View and
// Help menus, an inline message bar for errors, and a status bar with the
// workspace, the acting user and role, and the progress of engine calls.
// Adding a panel is one addPanel() line in the constructor. Geometry, panel
// layouts and recent workspaces persist in QSettings. GUI thread only.

#include <QMainWindow>

class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QStackedWidget;

namespace mdeck::widgets {
class InlineMessage;
}

namespace mdeck::ui {

namespace drift {
class DriftPanel;
}

class AboutDialog;
class EngineBridge;
class Panel;
class RegistryPanel;
class SettingsDialog;
class TrainPanel;
class PipelinesPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(EngineBridge *bridge, QWidget *parent = nullptr);

    void addPanel(Panel *panel);
    int panelCount() const;
    Panel *panelAt(int index) const;
    Panel *currentPanel() const;
    void showPanel(int index);
    RegistryPanel *registryPanel() const { return m_registry; }
    TrainPanel *trainPanel() const { return m_train; }
    drift::DriftPanel *driftPanel() const { return m_drift; }
    PipelinesPanel *pipelinesPanel() const { return m_pipelines; }

    void openWorkspace(const QString &dir);
    void createWorkspace(const QString &dir);
    // The dialogs open window-modal and delete themselves when closed.
    AboutDialog *showAbout();
    SettingsDialog *showSettings();

    widgets::InlineMessage *messageBar() const { return m_message; }
    QMenu *recentMenu() const { return m_recentMenu; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void rebuildRecentMenu();
    void updateStatus();
    void onWorkspaceOpened(const QString &dir);
    void onFailed(const QString &operation, const QString &message);
    void onProgress(const QString &operation, int done, int total);
    void chooseWorkspaceToOpen();
    void chooseWorkspaceToCreate();
    void applySettings(const SettingsDialog &dialog);
    void restoreLayout();
    void saveLayout() const;

    EngineBridge *m_bridge;
    RegistryPanel *m_registry = nullptr;
    TrainPanel *m_train = nullptr;
    drift::DriftPanel *m_drift = nullptr;
    PipelinesPanel *m_pipelines = nullptr;
    QListWidget *m_sidebar;
    QStackedWidget *m_stack;
    widgets::InlineMessage *m_message;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_workspaceLabel = nullptr;
    QLabel *m_actorLabel = nullptr;
    QProgressBar *m_busy = nullptr;
};

} // namespace mdeck::ui
