#pragma once

// Read-only key/value pairs (metrics, params, tags) as a two-column table.
// Numbers stay numbers, so views sort them as such. GUI thread only.

#include <QAbstractTableModel>
#include <QList>
#include <QVariant>

#include <map>
#include <string>

namespace mdeck::ui {

class KeyValueModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    struct Entry
    {
        QString key;
        QVariant value;
    };

    KeyValueModel(const QString &keyHeader, const QString &valueHeader, QObject *parent = nullptr);

    void setEntries(QList<Entry> entries);
    void setStrings(const std::map<std::string, std::string> &values);
    void setNumbers(const std::map<std::string, double> &values);
    void clear() { setEntries({}); }
    const QList<Entry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Entry> m_entries;
    QString m_keyHeader;
    QString m_valueHeader;
};

} // namespace mdeck::ui
