#include "ui/deployments/new_deployment_dialog.h"

#include "ui/engine_bridge.h"
#include "ui/text_format.h"
#include "widgets/inline_message.h"

#include "core/common/text.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mdeck::ui {

NewDeploymentDialog::NewDeploymentDialog(EngineBridge *bridge, QWidget *parent)
    : QDialog(parent)
    , m_bridge(bridge)
    , m_name(new QLineEdit(this))
    , m_model(new QComboBox(this))
    , m_served(new QComboBox(this))
    , m_batch(new QSpinBox(this))
    , m_delay(new QSpinBox(this))
    , m_message(new widgets::InlineMessage(this))
{
    setObjectName(QStringLiteral("newDeploymentDialog"));
    setWindowTitle(tr("New Deployment"));
    m_name->setObjectName(QStringLiteral("deploymentNameEdit"));
    m_name->setPlaceholderText(tr("e.g. churn-scoring"));
    m_name->setToolTip(tr("The name clients call (/v2/models/NAME/infer): 1 to 64 characters, "
                          "lowercase letters, digits, '.', '_' and '-'."));
    m_model->setObjectName(QStringLiteral("deploymentModelBox"));
    m_served->setObjectName(QStringLiteral("deploymentServedBox"));
    m_served->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_served->setToolTip(tr("An alias is resolved once, now: later moves of the alias go "
                            "through a rollout request."));
    m_batch->setObjectName(QStringLiteral("maxBatchSizeBox"));
    m_batch->setRange(1, 1024);
    m_batch->setValue(32);
    m_batch->setSuffix(tr(" rows"));
    m_batch->setToolTip(tr("Concurrent requests are merged into one model call of at most this "
                           "many rows."));
    m_delay->setObjectName(QStringLiteral("maxQueueDelayBox"));
    m_delay->setRange(0, 1000000);
    m_delay->setValue(2000);
    m_delay->setSuffix(tr(" µs"));
    m_delay->setToolTip(tr("How long a busy queue waits for more rows; an idle server never "
                           "waits."));
    m_message->setObjectName(QStringLiteral("newDeploymentMessage"));

    setMinimumWidth(420);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("&Serves:"), m_served);
    form->addRow(tr("Max &batch size:"), m_batch);
    form->addRow(tr("Max queue &delay:"), m_delay);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createDeploymentButton"));
    m_create->setDefault(true);
    m_create->setEnabled(false); // until the models are known
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &NewDeploymentDialog::submit);
    connect(m_model, &QComboBox::currentIndexChanged, this, &NewDeploymentDialog::fillServed);
    connect(m_bridge, &EngineBridge::modelsLoaded, this,
            [this](quint64 ticket, const std::vector<registry::Model> &models) {
                if (ticket != m_modelsTicket)
                    return;
                m_modelsTicket = 0;
                showModels(models);
            });
    connect(m_bridge, &EngineBridge::deploymentCreated, this,
            [this](quint64 ticket, const deploy::Deployment &deployment) {
                if (ticket != m_createTicket)
                    return;
                m_createTicket = 0;
                Q_EMIT created(deployment);
                accept();
            });
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64 ticket, const QString &, const QString &message) {
                if (ticket == m_modelsTicket) {
                    m_modelsTicket = 0;
                    showError(tr("The models could not be read: %1").arg(message), nullptr);
                } else if (ticket == m_createTicket) {
                    m_createTicket = 0;
                    m_create->setEnabled(true);
                    showError(tr("Nothing was created: %1").arg(message), nullptr);
                }
            });
    m_modelsTicket = m_bridge->loadModels();
}

void NewDeploymentDialog::showModels(const std::vector<registry::Model> &models)
{
    m_models.clear();
    for (const auto &m : models)
        if (m.latestVersion > 0)
            m_models.push_back(m);
    m_model->clear();
    for (const auto &m : m_models)
        m_model->addItem(toQ(m.name));
    if (m_models.empty()) {
        showError(tr("The workspace has no model version to deploy yet: register one in the "
                     "Registry panel first."),
                  nullptr);
        return;
    }
    m_create->setEnabled(true);
    m_name->setFocus();
}

void NewDeploymentDialog::fillServed()
{
    m_served->clear();
    const int i = m_model->currentIndex();
    if (i < 0 || i >= static_cast<int>(m_models.size()))
        return;
    const registry::Model &m = m_models[static_cast<std::size_t>(i)];
    for (const auto &[alias, version] : m.aliases)
        m_served->addItem(tr("@%1 (now version %2)").arg(toQ(alias)).arg(version),
                          QStringLiteral("@") + toQ(alias));
    for (int v = m.latestVersion; v >= 1; --v)
        m_served->addItem(tr("version %1").arg(v), v);
    if (m_name->text().isEmpty())
        m_name->setPlaceholderText(toQ(m.name));
}

QString NewDeploymentDialog::validate() const
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        return tr("Give the deployment a name.");
    if (!isValidName(name.toStdString()))
        return tr("'%1' is not a valid name: use 1 to 64 characters, lowercase letters, digits, "
                  "'.', '_' and '-', starting with a letter or digit.")
            .arg(name);
    if (m_model->currentIndex() < 0)
        return tr("Choose the model to deploy.");
    if (m_served->currentIndex() < 0)
        return tr("Choose the version or alias to serve.");
    return {};
}

deploy::NewDeployment NewDeploymentDialog::request() const
{
    deploy::NewDeployment d;
    d.name = m_name->text().trimmed().toStdString();
    d.model = m_model->currentText().toStdString();
    const QVariant served = m_served->currentData();
    if (served.typeId() == QMetaType::QString)
        d.alias = served.toString().mid(1).toStdString();
    else
        d.version = served.toInt();
    d.maxBatchSize = m_batch->value();
    d.maxQueueDelayUs = m_delay->value();
    return d;
}

void NewDeploymentDialog::submit()
{
    if (isRunning())
        return;
    if (const QString problem = validate(); !problem.isEmpty()) {
        const bool nameBad = !isValidName(m_name->text().trimmed().toStdString());
        return showError(problem, nameBad ? static_cast<QWidget *>(m_name) : m_served);
    }
    m_message->hide();
    m_create->setEnabled(false);
    m_createTicket = m_bridge->createDeployment(request());
}

void NewDeploymentDialog::showError(const QString &text, QWidget *field)
{
    m_message->showMessage(widgets::InlineMessage::Kind::Error, text);
    if (field)
        field->setFocus();
}

} // namespace mdeck::ui
