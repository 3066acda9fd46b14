#include "ui/models/version_table_model.h"

#include "ui/text_format.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <unordered_map>

namespace mdeck::ui {

namespace {

// Strict weak order of two rows by `column`; ties fall back to the version number.
bool lessThan(const registry::VersionRow &a, const registry::VersionRow &b, int column)
{
    switch (column) {
    case VersionTableModel::CreatedColumn:
        if (a.createdAt != b.createdAt)
            return a.createdAt < b.createdAt;
        break;
    case VersionTableModel::CreatedByColumn:
        if (a.createdBy != b.createdBy)
            return a.createdBy < b.createdBy;
        break;
    case VersionTableModel::FormatColumn:
        if (a.format != b.format)
            return a.format < b.format;
        break;
    case VersionTableModel::SizeColumn:
        if (a.artifactSize != b.artifactSize)
            return a.artifactSize < b.artifactSize;
        break;
    case VersionTableModel::AliasesColumn:
        if (a.aliases != b.aliases)
            return a.aliases < b.aliases;
        break;
    case VersionTableModel::ArchivedColumn:
        if (a.archived != b.archived)
            return a.archived < b.archived;
        break;
    default:
        break;
    }
    if (a.model != b.model)
        return a.model < b.model;
    return a.version < b.version;
}

} // namespace

VersionTableModel::VersionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void VersionTableModel::setRows(std::vector<registry::VersionRow> rows, std::int64_t total)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_total = std::max<std::int64_t>(total, static_cast<std::int64_t>(m_rows.size()));
    sortRows();
    endResetModel();
}

void VersionTableModel::clear()
{
    setRows({}, 0);
}

int VersionTableModel::rowOfId(std::int64_t id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

int VersionTableModel::rowOfVersion(int version) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].version == version)
            return static_cast<int>(i);
    }
    return -1;
}

int VersionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int VersionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VersionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const registry::VersionRow &r = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case VersionColumn:
            return r.version;
        case CreatedColumn:
            return formatTime(r.createdAt);
        case CreatedByColumn:
            return toQ(r.createdBy);
        case FormatColumn:
            return toQ(r.format);
        case SizeColumn:
            return formatSize(r.artifactSize);
        case AliasesColumn:
            return toQ(r.aliases);
        case ArchivedColumn:
            return r.archived ? tr("archived") : QString();
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == VersionColumn || index.column() == SizeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (r.archived)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        break;
    case VersionRole:
        return r.version;
    case ModelRole:
        return toQ(r.model);
    case IdRole:
        return QVariant::fromValue<qint64>(r.id);
    case ArchivedRole:
        return r.archived;
    }
    return {};
}

QVariant VersionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case VersionColumn:
        return tr("Version");
    case CreatedColumn:
        return tr("Created");
    case CreatedByColumn:
        return tr("By");
    case FormatColumn:
        return tr("Format");
    case SizeColumn:
        return tr("Size");
    case AliasesColumn:
        return tr("Aliases");
    case ArchivedColumn:
        return tr("Archived");
    }
    return {};
}

void VersionTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // Remember each persistent index by row id, then find the rows again after sorting.
    const QModelIndexList before = persistentIndexList();
    std::vector<std::int64_t> ids;
    ids.reserve(static_cast<std::size_t>(before.size()));
    for (const QModelIndex &index : before)
        ids.push_back(rowAt(index.row()).id);
    m_sortColumn = column;
    m_sortOrder = order;
    sortRows();
    if (!before.isEmpty()) {
        std::unordered_map<std::int64_t, int> rowById;
        rowById.reserve(m_rows.size());
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            rowById.emplace(m_rows[i].id, static_cast<int>(i));
        QModelIndexList after;
        after.reserve(before.size());
        for (qsizetype i = 0; i < before.size(); ++i)
            after.append(index(rowById.at(ids[static_cast<std::size_t>(i)]), before[i].column()));
        changePersistentIndexList(before, after);
    }
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void VersionTableModel::sortRows()
{
    const int column = m_sortColumn;
    if (m_sortOrder == Qt::AscendingOrder)
        std::stable_sort(m_rows.begin(), m_rows.end(),
                         [column](const auto &a, const auto &b) { return lessThan(a, b, column); });
    else
        std::stable_sort(m_rows.begin(), m_rows.end(),
                         [column](const auto &a, const auto &b) { return lessThan(b, a, column); });
}

} // namespace mdeck::ui
