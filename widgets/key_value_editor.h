#pragma once

// A small editable table of key/value pairs with Add and Remove buttons, for
// metrics, tags and parameters in forms. Rows whose key and value are both
// empty are ignored. GUI thread only.

#include <QList>
#include <QWidget>

#include <utility>

class QPushButton;
class QTableWidget;

namespace mdeck::widgets {

class KeyValueEditor : public QWidget
{
    Q_OBJECT

public:
    using Entry = std::pair<QString, QString>;

    KeyValueEditor(const QString &keyHeader, const QString &valueHeader, QWidget *parent = nullptr);

    QList<Entry> entries() const;
    void setEntries(const QList<Entry> &entries);
    void addRow(const QString &key = {}, const QString &value = {});
    int rowCount() const;
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void changed();

private:
    void removeSelectedRows();
    void updateButtons();

    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
};

} // namespace mdeck::widgets
