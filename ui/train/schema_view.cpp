#include "ui/train/schema_view.h"

#include "ui/text_format.h"
#include "widgets/column_sketch.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLocale>
#include <QScopedValueRollback>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mdeck::ui {

namespace {

constexpr data::ColumnType kTypes[] = {data::ColumnType::Numeric, data::ColumnType::Categorical,
                                       data::ColumnType::Boolean, data::ColumnType::Datetime};
constexpr ColumnRole kRoles[] = {ColumnRole::Feature, ColumnRole::Target, ColumnRole::Ignore,
                                 ColumnRole::Timestamp, ColumnRole::Sensitive};

} // namespace

SchemaView::SchemaView(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, ColumnCount, this))
{
    m_table->setObjectName(QStringLiteral("schemaTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Column"), tr("Type"), tr("Missing"), tr("Distribution"), tr("Role")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 14);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(TypeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(MissingColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(DistributionColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(RoleColumn, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
}

QString SchemaView::typeTitle(data::ColumnType type)
{
    switch (type) {
    case data::ColumnType::Numeric:
        return tr("numeric");
    case data::ColumnType::Categorical:
        return tr("categorical");
    case data::ColumnType::Boolean:
        return tr("boolean");
    case data::ColumnType::Datetime:
        return tr("datetime");
    }
    return {};
}

QString SchemaView::roleTitle(ColumnRole role)
{
    switch (role) {
    case ColumnRole::Feature:
        return tr("feature");
    case ColumnRole::Target:
        return tr("target");
    case ColumnRole::Ignore:
        return tr("ignore");
    case ColumnRole::Timestamp:
        return tr("timestamp");
    case ColumnRole::Sensitive:
        return tr("sensitive attribute");
    }
    return {};
}

void SchemaView::clear()
{
    m_table->setRowCount(0);
    m_path.clear();
    m_overrides.clear();
    m_roles.clear();
}

void SchemaView::setSchema(const DatasetSchema &schema)
{
    const QScopedValueRollback filling(m_filling, true);
    if (schema.path != m_path) {
        m_overrides.clear();
        m_roles.clear();
        m_path = schema.path;
    }
    if (m_roles.empty())
        applyDefaultRoles(schema);
    m_table->setRowCount(static_cast<int>(schema.columns.size()));
    for (int row = 0; row < m_table->rowCount(); ++row)
        fillRow(row, schema.columns[static_cast<std::size_t>(row)]);
}

void SchemaView::applyDefaultRoles(const DatasetSchema &schema)
{
    // The last column is the target; datetime columns are timestamps.
    for (std::size_t i = 0; i < schema.columns.size(); ++i) {
        const data::ColumnProfile &c = schema.columns[i];
        ColumnRole role = ColumnRole::Feature;
        if (i + 1 == schema.columns.size())
            role = ColumnRole::Target;
        else if (c.type == data::ColumnType::Datetime)
            role = ColumnRole::Timestamp;
        m_roles[toQ(c.name)] = role;
    }
}

void SchemaView::fillRow(int row, const data::ColumnProfile &column)
{
    const QString name = toQ(column.name);
    auto *nameItem = new QTableWidgetItem(name);
    nameItem->setData(Qt::UserRole, static_cast<int>(column.type));
    m_table->setItem(row, NameColumn, nameItem);

    auto *type = new QComboBox(m_table);
    type->setObjectName(QStringLiteral("typeCombo_%1").arg(name));
    for (data::ColumnType t : kTypes)
        type->addItem(typeTitle(t), static_cast<int>(t));
    type->setCurrentIndex(type->findData(static_cast<int>(column.type)));
    connect(type, &QComboBox::activated, this, [this, name, type] {
        setType(name, static_cast<data::ColumnType>(type->currentData().toInt()));
    });
    m_table->setCellWidget(row, TypeColumn, type);

    auto *missing = new QTableWidgetItem(QLocale().toString(qulonglong(column.missing)));
    missing->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_table->setItem(row, MissingColumn, missing);

    auto *sketch = new widgets::ColumnSketch(m_table);
    sketch->setObjectName(QStringLiteral("sketch_%1").arg(name));
    if (column.type == data::ColumnType::Categorical) {
        QList<QPair<QString, double>> categories;
        for (const auto &[value, count] : column.categories)
            categories.append({toQ(value), double(count)});
        sketch->setCategories(categories);
        sketch->setToolTip(tr("%n distinct value(s)", nullptr, int(column.distinct)));
    } else {
        QList<double> counts;
        for (std::uint64_t c : column.histogram.counts)
            counts.append(double(c));
        sketch->setHistogram(counts);
        if (column.count > 0 && column.type != data::ColumnType::Datetime)
            sketch->setToolTip(tr("min %1, mean %2, max %3")
                                   .arg(formatNumber(column.min), formatNumber(column.mean),
                                        formatNumber(column.max)));
    }
    m_table->setCellWidget(row, DistributionColumn, sketch);

    auto *role = new QComboBox(m_table);
    role->setObjectName(QStringLiteral("roleCombo_%1").arg(name));
    for (ColumnRole r : kRoles)
        role->addItem(roleTitle(r), static_cast<int>(r));
    const auto known = m_roles.find(name);
    const ColumnRole current = known != m_roles.end() ? known->second : ColumnRole::Feature;
    m_roles[name] = current;
    role->setCurrentIndex(role->findData(static_cast<int>(current)));
    connect(role, &QComboBox::activated, this, [this, name, role] {
        setRole(name, static_cast<ColumnRole>(role->currentData().toInt()));
    });
    m_table->setCellWidget(row, RoleColumn, role);
}

int SchemaView::columnCount() const
{
    return m_table->rowCount();
}

QString SchemaView::columnName(int row) const
{
    const QTableWidgetItem *item = m_table->item(row, NameColumn);
    return item ? item->text() : QString();
}

data::ColumnType SchemaView::columnType(int row) const
{
    const QTableWidgetItem *item = m_table->item(row, NameColumn);
    return item ? static_cast<data::ColumnType>(item->data(Qt::UserRole).toInt())
                : data::ColumnType::Numeric;
}

ColumnRole SchemaView::role(int row) const
{
    const auto it = m_roles.find(columnName(row));
    return it != m_roles.end() ? it->second : ColumnRole::Feature;
}

int SchemaView::rowOf(const QString &column) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (columnName(row) == column)
            return row;
    }
    return -1;
}

void SchemaView::setRole(const QString &column, ColumnRole role)
{
    const int row = rowOf(column);
    if (row < 0)
        return;
    // One target and one timestamp: choosing another demotes the previous one to a feature.
    if (role == ColumnRole::Target || role == ColumnRole::Timestamp
        || role == ColumnRole::Sensitive) {
        for (auto &[name, r] : m_roles) {
            if (r == role && name != column) {
                r = ColumnRole::Feature;
                if (auto *combo = qobject_cast<QComboBox *>(
                        m_table->cellWidget(rowOf(name), RoleColumn)))
                    combo->setCurrentIndex(combo->findData(static_cast<int>(r)));
            }
        }
    }
    m_roles[column] = role;
    if (auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, RoleColumn)))
        combo->setCurrentIndex(combo->findData(static_cast<int>(role)));
    Q_EMIT rolesChanged();
}

void SchemaView::setType(const QString &column, data::ColumnType type)
{
    const int row = rowOf(column);
    if (row < 0 || m_filling)
        return;
    m_overrides[column.toStdString()] = type;
    if (auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, TypeColumn)))
        combo->setCurrentIndex(combo->findData(static_cast<int>(type)));
    if (type == data::ColumnType::Datetime)
        setRole(column, ColumnRole::Timestamp);
    Q_EMIT typesChanged();
}

QStringList SchemaView::columnsWithRole(ColumnRole role) const
{
    QStringList out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (this->role(row) == role)
            out.append(columnName(row));
    }
    return out;
}

} // namespace mdeck::ui
