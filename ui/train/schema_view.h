#pragma once

// The inferred schema of a CSV file as a table: per column its name, its
// type (a combo to override it, which asks for a re-read), the missing
// count, a sketch of its distribution and its role in training. Roles
// survive a re-read of the same file. GUI thread only.

#include "ui/engine_types.h"

#include <QWidget>

#include <map>

class QTableWidget;

namespace mdeck::ui {

enum class ColumnRole { Feature, Target, Ignore, Timestamp, Sensitive };

class SchemaView : public QWidget
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        TypeColumn,
        MissingColumn,
        DistributionColumn,
        RoleColumn,
        ColumnCount
    };

    explicit SchemaView(QWidget *parent = nullptr);

    // Keeps the roles of columns it has seen before, unless the file changed.
    void setSchema(const DatasetSchema &schema);
    void clear();
    int columnCount() const;
    QString columnName(int row) const;
    data::ColumnType columnType(int row) const;
    ColumnRole role(int row) const;
    int rowOf(const QString &column) const;

    void setRole(const QString &column, ColumnRole role);
    void setType(const QString &column, data::ColumnType type);
    // Columns whose type differs from what the reader inferred on the first read.
    std::map<std::string, data::ColumnType> typeOverrides() const { return m_overrides; }
    QStringList columnsWithRole(ColumnRole role) const;

    static QString typeTitle(data::ColumnType type);
    static QString roleTitle(ColumnRole role);

Q_SIGNALS:
    // The user chose another type: the file must be read again with typeOverrides().
    void typesChanged();
    void rolesChanged();

private:
    void fillRow(int row, const data::ColumnProfile &column);
    void applyDefaultRoles(const DatasetSchema &schema);

    QTableWidget *m_table;
    QString m_path;
    std::map<std::string, data::ColumnType> m_overrides;
    std::map<QString, ColumnRole> m_roles;
    bool m_filling = false;
};

} // namespace mdeck::ui
