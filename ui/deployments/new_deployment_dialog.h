#pragma once

// New Deployment: a name (the {name} protocol clients call), the model, the
// version or alias it serves, and its batching. Creating a deployment needs
// no approval (changing what it serves does); core checks the role and the
// names, and every refusal is shown inline. GUI thread only.

#include "core/deploy/types.h"
#include "core/registry/types.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace mdeck::widgets {
class InlineMessage;
}

namespace mdeck::ui {

class EngineBridge;

class NewDeploymentDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewDeploymentDialog(EngineBridge *bridge, QWidget *parent = nullptr);

    // The first problem of the form, "" when there is none.
    QString validate() const;
    deploy::NewDeployment request() const;
    bool isRunning() const { return m_createTicket != 0; }

Q_SIGNALS:
    void created(const mdeck::deploy::Deployment &deployment);

private:
    void showModels(const std::vector<registry::Model> &models);
    void fillServed();
    void submit();
    void showError(const QString &text, QWidget *field);

    EngineBridge *m_bridge;
    quint64 m_modelsTicket = 0;
    quint64 m_createTicket = 0;
    std::vector<registry::Model> m_models;
    QLineEdit *m_name;
    QComboBox *m_model;
    QComboBox *m_served; // data: "@alias" or the version number
    QSpinBox *m_batch;
    QSpinBox *m_delay;
    widgets::InlineMessage *m_message;
    QPushButton *m_create;
};

} // namespace mdeck::ui
