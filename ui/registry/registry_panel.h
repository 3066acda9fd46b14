#pragma once

// The Registry panel: the models of the workspace with a live filter, the
// versions of the selected model, and below them the details of one
// selected version or the comparison of two. Register, Set Alias, Archive
// and Compare act on the selection through EngineBridge; buttons the acting
// user may not use are disabled with a tooltip that says why.
// GUI thread only.

#include "ui/panel.h"

#include "ui/engine_types.h"

#include <QList>

class QCheckBox;
class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTimer;
class QTreeView;

namespace mdeck::ui {

class AliasDialog;
class CompareView;
class EngineBridge;
class ModelListModel;
class RegisterDialog;
class VersionDetailsView;
class VersionTableModel;

class RegistryPanel : public Panel
{
    Q_OBJECT

public:
    explicit RegistryPanel(EngineBridge *bridge, QWidget *parent = nullptr);

    QString title() const override;
    QIcon icon() const override;
    void refresh() override;
    void focusFilter() override;
    void saveState(QSettings &settings) const override;
    void restoreState(const QSettings &settings) override;
    bool isLoading() const override;

    QString currentModel() const { return m_model; }
    // Selected version numbers, ascending.
    QList<int> selectedVersions() const;
    void selectModel(const QString &name);
    void selectVersions(const QList<int> &versions);

    // The dialogs open window-modal and delete themselves when closed.
    RegisterDialog *openRegisterDialog();
    AliasDialog *openAliasDialog();
    QMessageBox *confirmArchive();
    void compareSelected();

    VersionDetailsView *detailsView() const { return m_details; }
    CompareView *compareView() const { return m_compare; }
    ModelListModel *modelListModel() const { return m_models; }
    VersionTableModel *versionTableModel() const { return m_versions; }

private:
    QWidget *createModelSide();
    QWidget *createVersionSide();
    void onWorkspaceOpened();
    void onModelsLoaded(quint64 ticket, const std::vector<registry::Model> &models);
    void onVersionsLoaded(quint64 ticket, const VersionList &list);
    void onVersionLoaded(quint64 ticket, const VersionDetails &details);
    void onComparisonLoaded(quint64 ticket, const VersionComparison &comparison);
    void onFailed(quint64 ticket);
    void onModelSelectionChanged();
    void onVersionSelectionChanged();
    void loadModels();
    void loadVersions();
    void loadDetails();
    void updateHeader();
    void updateActions();
    void setTicket(quint64 &slot, quint64 ticket);

    EngineBridge *m_bridge;
    ModelListModel *m_models;
    QSortFilterProxyModel *m_modelProxy;
    VersionTableModel *m_versions;
    QString m_model;
    QString m_wantModel;
    QList<int> m_wantVersions;
    bool m_restoring = false;
    bool m_loading = false;
    quint64 m_modelsTicket = 0;
    quint64 m_versionsTicket = 0;
    quint64 m_detailsTicket = 0;
    quint64 m_compareTicket = 0;

    QSplitter *m_split = nullptr;
    QSplitter *m_versionSplit = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_modelView = nullptr;
    QLabel *m_modelCount = nullptr;
    QLabel *m_header = nullptr;
    QTableView *m_versionView = nullptr;
    QLabel *m_versionCount = nullptr;
    QCheckBox *m_showArchived = nullptr;
    QPushButton *m_register = nullptr;
    QPushButton *m_alias = nullptr;
    QPushButton *m_archive = nullptr;
    QPushButton *m_compareButton = nullptr;
    VersionDetailsView *m_details = nullptr;
    CompareView *m_compare = nullptr;
    int m_compareTab = -1;
    QTimer *m_detailsDelay = nullptr;
};

} // namespace mdeck::ui
