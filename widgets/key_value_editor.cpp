#include "widgets/key_value_editor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace mdeck::widgets {

KeyValueEditor::KeyValueEditor(const QString &keyHeader, const QString &valueHeader, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    m_table->setObjectName(QStringLiteral("keyValueTable"));
    m_table->setHorizontalHeaderLabels({keyHeader, valueHeader});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setMinimumHeight(90);
    m_add->setObjectName(QStringLiteral("addRowButton"));
    m_add->setToolTip(tr("Add an empty row and start editing its key"));
    m_remove->setObjectName(QStringLiteral("removeRowButton"));
    m_remove->setToolTip(tr("Remove the selected rows"));

    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow();
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(m_remove, &QPushButton::clicked, this, &KeyValueEditor::removeSelectedRows);
    connect(m_table, &QTableWidget::itemChanged, this, &KeyValueEditor::changed);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &KeyValueEditor::updateButtons);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    updateButtons();
}

QList<KeyValueEditor::Entry> KeyValueEditor::entries() const
{
    QList<Entry> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *key = m_table->item(row, 0);
        const QTableWidgetItem *value = m_table->item(row, 1);
        Entry e{key ? key->text().trimmed() : QString(),
                value ? value->text().trimmed() : QString()};
        if (!e.first.isEmpty() || !e.second.isEmpty())
            out.append(e);
    }
    return out;
}

void KeyValueEditor::setEntries(const QList<Entry> &entries)
{
    m_table->setRowCount(0);
    for (const Entry &e : entries)
        addRow(e.first, e.second);
    Q_EMIT changed();
}

void KeyValueEditor::addRow(const QString &key, const QString &value)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(key));
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    updateButtons();
}

int KeyValueEditor::rowCount() const
{
    return m_table->rowCount();
}

void KeyValueEditor::removeSelectedRows()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : rows)
        m_table->removeRow(row);
    updateButtons();
    Q_EMIT changed();
}

void KeyValueEditor::updateButtons()
{
    m_remove->setEnabled(m_table->selectionModel() && m_table->selectionModel()->hasSelection());
}

} // namespace mdeck::widgets
