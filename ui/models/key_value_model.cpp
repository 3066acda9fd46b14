#include "ui/models/key_value_model.h"

#include "ui/text_format.h"

namespace mdeck::ui {

KeyValueModel::KeyValueModel(const QString &keyHeader, const QString &valueHeader, QObject *parent)
    : QAbstractTableModel(parent)
    , m_keyHeader(keyHeader)
    , m_valueHeader(valueHeader)
{}

void KeyValueModel::setEntries(QList<Entry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void KeyValueModel::setStrings(const std::map<std::string, std::string> &values)
{
    QList<Entry> entries;
    entries.reserve(static_cast<qsizetype>(values.size()));
    for (const auto &[k, v] : values)
        entries.append({toQ(k), toQ(v)});
    setEntries(std::move(entries));
}

void KeyValueModel::setNumbers(const std::map<std::string, double> &values)
{
    QList<Entry> entries;
    entries.reserve(static_cast<qsizetype>(values.size()));
    for (const auto &[k, v] : values)
        entries.append({toQ(k), v});
    setEntries(std::move(entries));
}

int KeyValueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int KeyValueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2;
}

QVariant KeyValueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Entry &e = m_entries[index.row()];
    const bool isNumber = e.value.typeId() == QMetaType::Double;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == 0)
            return e.key;
        return isNumber ? formatNumber(e.value.toDouble()) : e.value.toString();
    case Qt::EditRole:
        return index.column() == 0 ? QVariant(e.key) : e.value;
    case Qt::ToolTipRole:
        return index.column() == 0 ? e.key : e.value.toString();
    case Qt::TextAlignmentRole:
        if (index.column() == 1 && isNumber)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant KeyValueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return section == 0 ? m_keyHeader : m_valueHeader;
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace mdeck::ui
