#include "ui/models/model_list_model.h"

#include "ui/text_format.h"

#include <QStringList>

namespace mdeck::ui {

ModelListModel::ModelListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ModelListModel::setModels(std::vector<registry::Model> models)
{
    beginResetModel();
    m_models = std::move(models);
    endResetModel();
}

const registry::Model *ModelListModel::modelAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return &m_models[static_cast<std::size_t>(row)];
}

const registry::Model *ModelListModel::find(const QString &name) const
{
    return modelAt(rowOf(name));
}

int ModelListModel::rowOf(const QString &name) const
{
    const std::string key = name.toStdString();
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        if (m_models[i].name == key)
            return static_cast<int>(i);
    }
    return -1;
}

QStringList ModelListModel::names() const
{
    QStringList out;
    for (const auto &m : m_models)
        out.append(toQ(m.name));
    return out;
}

int ModelListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_models.size());
}

int ModelListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelListModel::data(const QModelIndex &index, int role) const
{
    const registry::Model *m = index.isValid() ? modelAt(index.row()) : nullptr;
    if (!m)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return toQ(m->name);
        case VersionsColumn:
            return m->versionCount;
        case LatestColumn:
            return m->latestVersion > 0 ? QVariant(m->latestVersion) : QVariant();
        }
        break;
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b>").arg(toQ(m->name).toHtmlEscaped());
        if (!m->description.empty())
            tip += QStringLiteral("<br>") + toQ(m->description).toHtmlEscaped();
        tip += QStringLiteral("<br>") + tr("Owner: %1").arg(toQ(m->owner).toHtmlEscaped());
        for (const auto &[alias, version] : m->aliases)
            tip += QStringLiteral("<br>@%1 → v%2").arg(toQ(alias).toHtmlEscaped()).arg(version);
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() != NameColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case NameRole:
        return toQ(m->name);
    }
    return {};
}

QVariant ModelListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Model");
    case VersionsColumn:
        return tr("Versions");
    case LatestColumn:
        return tr("Latest");
    }
    return {};
}

} // namespace mdeck::ui
