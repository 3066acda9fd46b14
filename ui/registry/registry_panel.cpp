#include "ui/registry/registry_panel.h"

#include "ui/engine_bridge.h"
#include "ui/models/model_list_model.h"
#include "ui/models/version_table_model.h"
#include "ui/registry/alias_dialog.h"
#include "ui/registry/compare_view.h"
#include "ui/registry/register_dialog.h"
#include "ui/registry/version_details_view.h"
#include "ui/resources.h"
#include "ui/text_format.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace mdeck::ui {

namespace {

// The registry answers at most this many rows per query (VersionQuery::limit).
constexpr int kMaxRows = 100000;

QPushButton *toolButton(const QString &objectName, const QString &iconName, const QString &text,
                        QWidget *parent)
{
    auto *button = new QPushButton(ui::icon(iconName), text, parent);
    button->setObjectName(objectName);
    return button;
}

} // namespace

RegistryPanel::RegistryPanel(EngineBridge *bridge, QWidget *parent)
    : Panel(parent)
    , m_bridge(bridge)
    , m_models(new ModelListModel(this))
    , m_modelProxy(new QSortFilterProxyModel(this))
    , m_versions(new VersionTableModel(this))
    , m_detailsDelay(new QTimer(this))
{
    setObjectName(QStringLiteral("registryPanel"));
    m_modelProxy->setSourceModel(m_models);
    m_modelProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_modelProxy->setFilterKeyColumn(ModelListModel::NameColumn);
    // Holding a key down in a long table would otherwise ask for every version it passes.
    m_detailsDelay->setSingleShot(true);
    m_detailsDelay->setInterval(60);
    connect(m_detailsDelay, &QTimer::timeout, this, &RegistryPanel::loadDetails);

    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->setObjectName(QStringLiteral("registrySplitter"));
    m_split->addWidget(createModelSide());
    m_split->addWidget(createVersionSide());
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 1);
    m_split->setSizes({280, 1000});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    connect(m_bridge, &EngineBridge::workspaceOpened, this, &RegistryPanel::onWorkspaceOpened);
    connect(m_bridge, &EngineBridge::actorChanged, this, &RegistryPanel::updateActions);
    connect(m_bridge, &EngineBridge::registryChanged, this, &RegistryPanel::refresh);
    connect(m_bridge, &EngineBridge::modelsLoaded, this, &RegistryPanel::onModelsLoaded);
    connect(m_bridge, &EngineBridge::versionsLoaded, this, &RegistryPanel::onVersionsLoaded);
    connect(m_bridge, &EngineBridge::versionLoaded, this, &RegistryPanel::onVersionLoaded);
    connect(m_bridge, &EngineBridge::comparisonLoaded, this, &RegistryPanel::onComparisonLoaded);
    connect(m_bridge, &EngineBridge::failed, this, [this](quint64 ticket) { onFailed(ticket); });
    updateHeader();
    updateActions();
}

QWidget *RegistryPanel::createModelSide()
{
    auto *side = new QWidget(this);
    m_filter = new QLineEdit(side);
    m_filter->setObjectName(QStringLiteral("modelFilter"));
    m_filter->setPlaceholderText(tr("Filter models (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_modelView = new QTreeView(side);
    m_modelView->setObjectName(QStringLiteral("modelList"));
    m_modelView->setModel(m_modelProxy);
    m_modelView->setRootIsDecorated(false);
    m_modelView->setUniformRowHeights(true);
    m_modelView->setAllColumnsShowFocus(true);
    m_modelView->setSortingEnabled(true);
    m_modelView->sortByColumn(ModelListModel::NameColumn, Qt::AscendingOrder);
    m_modelView->header()->setStretchLastSection(false);
    m_modelView->header()->setSectionResizeMode(ModelListModel::NameColumn, QHeaderView::Stretch);
    m_modelView->header()->setSectionResizeMode(ModelListModel::VersionsColumn,
                                                QHeaderView::ResizeToContents);
    // The latest version number is in the versions table; the name needs the room more.
    m_modelView->setColumnHidden(ModelListModel::LatestColumn, true);
    m_modelCount = new QLabel(side);
    m_modelCount->setObjectName(QStringLiteral("modelCountLabel"));
    m_modelCount->setEnabled(false);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_modelProxy->setFilterFixedString(text.trimmed());
        if (!m_modelView->selectionModel()->hasSelection() && m_modelProxy->rowCount() > 0)
            m_modelView->setCurrentIndex(m_modelProxy->index(0, 0));
        updateHeader();
    });
    connect(m_modelView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RegistryPanel::onModelSelectionChanged);

    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(6, 6, 0, 6);
    layout->addWidget(m_filter);
    layout->addWidget(m_modelView, 1);
    layout->addWidget(m_modelCount);
    return side;
}

QWidget *RegistryPanel::createVersionSide()
{
    m_versionSplit = new QSplitter(Qt::Vertical, this);
    m_versionSplit->setObjectName(QStringLiteral("registryDetailSplitter"));
    auto *top = new QWidget(m_versionSplit);
    m_header = new QLabel(top);
    m_header->setObjectName(QStringLiteral("modelHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_register = toolButton(QStringLiteral("registerVersionButton"), QStringLiteral("register"),
                            tr("Register Version…"), top);
    m_alias = toolButton(QStringLiteral("setAliasButton"), QStringLiteral("alias"),
                         tr("Set Alias…"), top);
    m_archive = toolButton(QStringLiteral("archiveButton"), QStringLiteral("archive"),
                           tr("Archive"), top);
    m_compareButton = toolButton(QStringLiteral("compareButton"), QStringLiteral("compare"),
                                 tr("Compare"), top);
    m_showArchived = new QCheckBox(tr("Show archived"), top);
    m_showArchived->setObjectName(QStringLiteral("showArchivedCheck"));
    m_showArchived->setChecked(true);

    m_versionView = new QTableView(top);
    m_versionView->setObjectName(QStringLiteral("versionsView"));
    m_versionView->setModel(m_versions);
    m_versionView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_versionView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_versionView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_versionView->setAlternatingRowColors(true);
    m_versionView->setWordWrap(false);
    m_versionView->setSortingEnabled(true);
    m_versionView->sortByColumn(VersionTableModel::VersionColumn, Qt::DescendingOrder);
    m_versionView->verticalHeader()->hide();
    // Fixed row heights keep 100,000 rows as cheap as 10: nothing is measured per row.
    m_versionView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_versionView->verticalHeader()->setDefaultSectionSize(m_versionView->fontMetrics().height()
                                                           + 8);
    QHeaderView *header = m_versionView->horizontalHeader();
    header->setStretchLastSection(true);
    const int widths[] = {70, 140, 110, 100, 80, 160, 80};
    for (int column = 0; column < VersionTableModel::ColumnCount; ++column)
        header->resizeSection(column, widths[column]);
    m_versionCount = new QLabel(top);
    m_versionCount->setObjectName(QStringLiteral("versionCountLabel"));
    m_versionCount->setEnabled(false);

    connect(m_versionView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RegistryPanel::onVersionSelectionChanged);
    connect(m_showArchived, &QCheckBox::toggled, this, &RegistryPanel::loadVersions);
    connect(m_register, &QPushButton::clicked, this, &RegistryPanel::openRegisterDialog);
    connect(m_alias, &QPushButton::clicked, this, &RegistryPanel::openAliasDialog);
    connect(m_archive, &QPushButton::clicked, this, &RegistryPanel::confirmArchive);
    connect(m_compareButton, &QPushButton::clicked, this, &RegistryPanel::compareSelected);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_register);
    buttons->addWidget(m_alias);
    buttons->addWidget(m_archive);
    buttons->addWidget(m_compareButton);
    buttons->addStretch();
    buttons->addWidget(m_showArchived);
    auto *layout = new QVBoxLayout(top);
    layout->setContentsMargins(0, 6, 6, 0);
    layout->addWidget(m_header);
    layout->addLayout(buttons);
    layout->addWidget(m_versionView, 1);
    layout->addWidget(m_versionCount);

    m_details = new VersionDetailsView(m_versionSplit);
    m_compare = new CompareView(m_details);
    m_compareTab = m_details->addTab(m_compare, ui::icon(QStringLiteral("compare")), tr("Compare"));
    m_versionSplit->addWidget(top);
    m_versionSplit->addWidget(m_details);
    m_versionSplit->setStretchFactor(0, 1);
    m_versionSplit->setStretchFactor(1, 1);
    return m_versionSplit;
}

QString RegistryPanel::title() const
{
    return tr("Registry");
}

QIcon RegistryPanel::icon() const
{
    return ui::icon(QStringLiteral("registry"));
}

void RegistryPanel::refresh()
{
    if (!m_bridge->hasWorkspace())
        return;
    m_wantVersions = m_wantVersions.isEmpty() ? selectedVersions() : m_wantVersions;
    loadModels();
    loadVersions();
}

void RegistryPanel::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void RegistryPanel::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("registry/split"), m_split->saveState());
    settings.setValue(QStringLiteral("registry/versionSplit"), m_versionSplit->saveState());
    settings.setValue(QStringLiteral("registry/versionsHeader"),
                      m_versionView->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("registry/showArchived"), m_showArchived->isChecked());
}

void RegistryPanel::restoreState(const QSettings &settings)
{
    m_split->restoreState(settings.value(QStringLiteral("registry/split")).toByteArray());
    m_versionSplit->restoreState(
        settings.value(QStringLiteral("registry/versionSplit")).toByteArray());
    m_versionView->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("registry/versionsHeader")).toByteArray());
    m_showArchived->setChecked(
        settings.value(QStringLiteral("registry/showArchived"), true).toBool());
}

bool RegistryPanel::isLoading() const
{
    return m_modelsTicket || m_versionsTicket || m_detailsTicket || m_compareTicket
        || m_detailsDelay->isActive();
}

QList<int> RegistryPanel::selectedVersions() const
{
    QList<int> out;
    for (const QModelIndex &index : m_versionView->selectionModel()->selectedRows())
        out.append(m_versions->rowAt(index.row()).version);
    std::sort(out.begin(), out.end());
    return out;
}

void RegistryPanel::selectModel(const QString &name)
{
    const int row = m_models->rowOf(name);
    if (row < 0)
        return;
    const QModelIndex index = m_modelProxy->mapFromSource(m_models->index(row, 0));
    if (index.isValid())
        m_modelView->setCurrentIndex(index);
}

void RegistryPanel::selectVersions(const QList<int> &versions)
{
    QItemSelection selection;
    for (int version : versions) {
        const int row = m_versions->rowOfVersion(version);
        if (row >= 0)
            selection.select(m_versions->index(row, 0),
                             m_versions->index(row, VersionTableModel::ColumnCount - 1));
    }
    QItemSelectionModel *sel = m_versionView->selectionModel();
    sel->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!selection.isEmpty()) {
        sel->setCurrentIndex(selection.first().topLeft(), QItemSelectionModel::NoUpdate);
        m_versionView->scrollTo(selection.first().topLeft());
    }
}

void RegistryPanel::onWorkspaceOpened()
{
    m_model.clear();
    m_wantModel.clear();
    m_wantVersions.clear();
    m_versions->clear();
    m_details->showPlaceholder(tr("Select a version to see its details."));
    m_compare->showPlaceholder(tr("Select two versions and choose Compare."));
    loadModels();
    updateActions();
}

void RegistryPanel::loadModels()
{
    setTicket(m_modelsTicket, m_bridge->loadModels());
}

void RegistryPanel::loadVersions()
{
    if (m_model.isEmpty()) {
        setTicket(m_versionsTicket, 0);
        return;
    }
    registry::VersionQuery query;
    query.model = m_model.toStdString();
    query.includeArchived = m_showArchived->isChecked();
    query.sortBy = registry::SortKey::Version;
    query.limit = kMaxRows;
    setTicket(m_versionsTicket, m_bridge->loadVersions(query));
}

void RegistryPanel::loadDetails()
{
    const QList<int> versions = selectedVersions();
    if (versions.size() != 1 || m_model.isEmpty()) {
        setTicket(m_detailsTicket, 0);
        return;
    }
    setTicket(m_detailsTicket, m_bridge->loadVersion(m_model, versions.first()));
}

void RegistryPanel::onModelsLoaded(quint64 ticket, const std::vector<registry::Model> &models)
{
    if (ticket != m_modelsTicket)
        return;
    const QString keep = m_wantModel.isEmpty() ? m_model : m_wantModel;
    m_wantModel.clear();
    {
        // A reset clears the selection; the model chosen before is selected again below.
        const QScopedValueRollback<bool> restoring(m_restoring, true);
        m_models->setModels(models);
        selectModel(keep);
    }
    if (!m_modelView->selectionModel()->hasSelection() && m_modelProxy->rowCount() > 0)
        m_modelView->setCurrentIndex(m_modelProxy->index(0, 0));
    onModelSelectionChanged();
    setTicket(m_modelsTicket, 0);
    updateHeader();
}

void RegistryPanel::onModelSelectionChanged()
{
    if (m_restoring)
        return;
    const QModelIndex current = m_modelView->selectionModel()->currentIndex();
    const QString name = current.isValid() ? current.data(ModelListModel::NameRole).toString()
                                           : QString();
    if (name == m_model)
        return;
    m_model = name;
    m_versions->clear();
    m_details->showPlaceholder(name.isEmpty() ? tr("Select a model.") : tr("Loading…"));
    m_details->setCurrentIndex(VersionDetailsView::OverviewTab);
    m_compare->showPlaceholder(tr("Select two versions and choose Compare."));
    updateHeader();
    loadVersions();
    updateActions();
}

void RegistryPanel::onVersionsLoaded(quint64 ticket, const VersionList &list)
{
    if (ticket != m_versionsTicket)
        return;
    QList<int> keep = m_wantVersions.isEmpty() ? selectedVersions() : m_wantVersions;
    m_wantVersions.clear();
    {
        const QScopedValueRollback<bool> restoring(m_restoring, true);
        m_versions->setRows(list.rows, list.total);
        selectVersions(keep);
    }
    if (!m_versionView->selectionModel()->hasSelection() && m_versions->rowCount() > 0)
        m_versionView->selectRow(0);
    else
        onVersionSelectionChanged();
    const QString count = tr("%n version(s)", nullptr, m_versions->rowCount());
    m_versionCount->setText(
        list.total > m_versions->rowCount()
            ? tr("Showing %1 of %2 versions; narrow the query to see the rest.")
                  .arg(QLocale().toString(m_versions->rowCount()), QLocale().toString(list.total))
            : count);
    if (m_versions->rowCount() == 0)
        m_details->showPlaceholder(m_showArchived->isChecked()
                                       ? tr("This model has no versions yet.")
                                       : tr("This model has no active versions."));
    setTicket(m_versionsTicket, 0);
}

void RegistryPanel::onVersionSelectionChanged()
{
    if (m_restoring)
        return;
    updateActions();
    const QList<int> versions = selectedVersions();
    if (versions.size() == 1) {
        if (m_details->currentIndex() == m_compareTab)
            m_details->setCurrentIndex(VersionDetailsView::OverviewTab);
        m_detailsDelay->start();
        return;
    }
    m_detailsDelay->stop();
    setTicket(m_detailsTicket, 0);
    if (versions.size() == 2)
        m_details->showPlaceholder(
            tr("Two versions are selected: choose Compare to see them side by side."));
    else if (versions.size() > 2)
        m_details->showPlaceholder(
            tr("%n versions are selected.", nullptr, static_cast<int>(versions.size())));
    else if (m_versions->rowCount() > 0)
        m_details->showPlaceholder(tr("Select a version to see its details."));
}

void RegistryPanel::onVersionLoaded(quint64 ticket, const VersionDetails &details)
{
    if (ticket != m_detailsTicket)
        return;
    m_details->showDetails(details);
    setTicket(m_detailsTicket, 0);
}

void RegistryPanel::onComparisonLoaded(quint64 ticket, const VersionComparison &comparison)
{
    if (ticket != m_compareTicket)
        return;
    m_compare->showComparison(comparison);
    m_details->setCurrentIndex(m_compareTab);
    setTicket(m_compareTicket, 0);
}

void RegistryPanel::onFailed(quint64 ticket)
{
    // The main window shows the message; here the panel only stops waiting.
    for (quint64 *slot : {&m_modelsTicket, &m_versionsTicket, &m_detailsTicket, &m_compareTicket}) {
        if (*slot == ticket)
            setTicket(*slot, 0);
    }
}

void RegistryPanel::compareSelected()
{
    const QList<int> versions = selectedVersions();
    if (versions.size() != 2 || m_model.isEmpty())
        return;
    setTicket(m_compareTicket, m_bridge->compareVersions(m_model, versions[0], versions[1]));
}

RegisterDialog *RegistryPanel::openRegisterDialog()
{
    auto *dialog = new RegisterDialog(m_bridge, m_models->names(), m_model, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RegisterDialog::registered, this,
            [this](const registry::ModelVersion &version) {
                // Show the new version once the refresh that the registration triggers arrives.
                m_wantModel = toQ(version.model);
                m_wantVersions = {version.version};
                if (m_model != m_wantModel)
                    selectModel(m_wantModel);
            });
    dialog->open();
    return dialog;
}

AliasDialog *RegistryPanel::openAliasDialog()
{
    const QList<int> versions = selectedVersions();
    const registry::Model *model = m_models->find(m_model);
    if (versions.size() != 1 || !model)
        return nullptr;
    auto *dialog = new AliasDialog(m_bridge, m_model, versions.first(), model->aliases, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QMessageBox *RegistryPanel::confirmArchive()
{
    const QModelIndexList rows = m_versionView->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return nullptr;
    const registry::VersionRow &row = m_versions->rowAt(rows.first().row());
    const bool archive = !row.archived;
    const QString model = m_model;
    const int version = row.version;
    auto *box = new QMessageBox(QMessageBox::Question,
                                archive ? tr("Archive Version") : tr("Unarchive Version"),
                                archive ? tr("Archive version %1 of %2?").arg(version).arg(model)
                                        : tr("Unarchive version %1 of %2?").arg(version).arg(model),
                                QMessageBox::NoButton, window());
    box->setObjectName(QStringLiteral("archiveConfirm"));
    box->setInformativeText(
        archive ? tr("An archived version stays in the registry with its history and can be "
                     "unarchived later. It cannot carry an alias.")
                : tr("The version becomes active again and can carry aliases."));
    QPushButton *yes = box->addButton(archive ? tr("Archive") : tr("Unarchive"),
                                      QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("archiveConfirmButton"));
    box->addButton(QMessageBox::Cancel)->setObjectName(QStringLiteral("archiveCancelButton"));
    box->setDefaultButton(yes);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this,
            [this, yes, model, version, archive](QAbstractButton *button) {
                if (button == yes)
                    m_bridge->setArchived(model, version, archive);
            });
    box->open();
    return box;
}

void RegistryPanel::updateHeader()
{
    const registry::Model *model = m_models->find(m_model);
    if (!m_bridge->hasWorkspace()) {
        m_header->setText(tr("No workspace is open."));
    } else if (!model) {
        m_header->setText(m_models->rowCount() == 0 && !m_modelsTicket ? tr(
                              "This workspace has no models yet. Register a version to create one.")
                                                                       : tr("Select a model."));
    } else {
        QString text = QStringLiteral("<b style=\"font-size:large\">%1</b>")
                           .arg(toQ(model->name).toHtmlEscaped());
        if (!model->description.empty())
            text += QStringLiteral("<br>") + toQ(model->description).toHtmlEscaped();
        m_header->setText(text);
    }
    const int shown = m_modelProxy->rowCount();
    if (m_filter->text().isEmpty())
        m_modelCount->setText(tr("%n model(s)", nullptr, m_models->rowCount()));
    else
        m_modelCount->setText(tr("%1 of %n model(s)", nullptr, m_models->rowCount()).arg(shown));
}

void RegistryPanel::updateActions()
{
    const bool may = m_bridge->may(auth::Permission::ManageModels);
    const QString why = m_bridge->whyNot(auth::Permission::ManageModels);
    const QModelIndexList rows = m_versionView->selectionModel()->selectedRows();
    const bool one = rows.size() == 1;
    const bool archived = one && m_versions->rowAt(rows.first().row()).archived;

    m_register->setEnabled(may);
    m_register->setToolTip(may ? tr("Register a new version of a model") : why);

    m_alias->setEnabled(may && one && !archived);
    if (!may)
        m_alias->setToolTip(why);
    else if (!one)
        m_alias->setToolTip(tr("Select one version to point an alias at."));
    else if (archived)
        m_alias->setToolTip(tr("An archived version cannot carry an alias; unarchive it first."));
    else
        m_alias->setToolTip(tr("Point an alias such as champion at the selected version"));

    m_archive->setText(archived ? tr("Unarchive") : tr("Archive"));
    m_archive->setEnabled(may && one);
    if (!may)
        m_archive->setToolTip(why);
    else if (!one)
        m_archive->setToolTip(tr("Select one version to archive or unarchive."));
    else
        m_archive->setToolTip(archived ? tr("Make the selected version active again")
                                       : tr("Archive the selected version"));

    const bool two = rows.size() == 2;
    m_compareButton->setEnabled(two);
    m_compareButton->setToolTip(two ? tr("Compare the two selected versions")
                                    : tr("Select two versions (Ctrl+click) to compare them."));
}

void RegistryPanel::setTicket(quint64 &slot, quint64 ticket)
{
    slot = ticket;
    const bool loading = isLoading();
    if (loading != m_loading) {
        m_loading = loading;
        Q_EMIT loadingChanged(loading);
    }
}

} // namespace mdeck::ui
