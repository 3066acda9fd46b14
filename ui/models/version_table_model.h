#pragma once

// The versions table: one registry::VersionRow per row, kept in a vector and
// sorted in place, so 100,000 rows scroll and sort without a query per row.
// Rows arrive whole from EngineBridge::versionsLoaded. GUI thread only.

#include "core/registry/types.h"

#include <QAbstractTableModel>

#include <vector>

namespace mdeck::ui {

class VersionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        VersionColumn,
        CreatedColumn,
        CreatedByColumn,
        FormatColumn,
        SizeColumn,
        AliasesColumn,
        ArchivedColumn,
        ColumnCount
    };
    enum Role { VersionRole = Qt::UserRole + 1, ModelRole, IdRole, ArchivedRole };

    explicit VersionTableModel(QObject *parent = nullptr);

    // Replaces all rows, keeping the current sort order. `total` counts matches beyond the rows.
    void setRows(std::vector<registry::VersionRow> rows, std::int64_t total);
    void clear();
    const registry::VersionRow &rowAt(int row) const
    {
        return m_rows[static_cast<std::size_t>(row)];
    }
    // The row of the version with database id `id`, or -1.
    int rowOfId(std::int64_t id) const;
    int rowOfVersion(int version) const;
    std::int64_t total() const { return m_total; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    void sortRows();

    std::vector<registry::VersionRow> m_rows;
    std::int64_t m_total = 0;
    int m_sortColumn = VersionColumn;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
};

} // namespace mdeck::ui
