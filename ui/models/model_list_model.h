#pragma once

// The models of a workspace as a table: name, number of versions, latest
// version. Wraps the vector that EngineBridge::modelsLoaded delivers; never
// queries core itself. GUI thread only.

#include "core/registry/types.h"

#include <QAbstractTableModel>

#include <vector>

namespace mdeck::ui {

class ModelListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, VersionsColumn, LatestColumn, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1 };

    explicit ModelListModel(QObject *parent = nullptr);

    void setModels(std::vector<registry::Model> models);
    const registry::Model *modelAt(int row) const;
    const registry::Model *find(const QString &name) const;
    int rowOf(const QString &name) const;
    QStringList names() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<registry::Model> m_models;
};

} // namespace mdeck::ui
