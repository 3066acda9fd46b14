#include "ui/registry/register_dialog.h"

#include "ui/engine_bridge.h"
#include "ui/text_format.h"
#include "widgets/inline_message.h"
#include "widgets/key_value_editor.h"

#include "core/common/text.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>
#include <optional>

namespace mdeck::ui {

namespace {

std::optional<double> parseNumber(const QString &text)
{
    bool ok = false;
    double value = QLocale().toDouble(text, &ok);
    if (!ok)
        value = QLocale::c().toDouble(text, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

QWidget *withButton(QLineEdit *edit, QPushButton *button, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    return row;
}

} // namespace

RegisterDialog::RegisterDialog(EngineBridge *bridge, const QStringList &models,
                               const QString &currentModel, QWidget *parent)
    : QDialog(parent)
    , m_bridge(bridge)
    , m_model(new QComboBox(this))
    , m_description(new QLineEdit(this))
    , m_artifact(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_signature(new QLineEdit(this))
    , m_metrics(new widgets::KeyValueEditor(tr("Metric"), tr("Value"), this))
    , m_tags(new widgets::KeyValueEditor(tr("Tag"), tr("Value"), this))
    , m_message(new widgets::InlineMessage(this))
    , m_progress(new QProgressBar(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setObjectName(QStringLiteral("registerDialog"));
    setWindowTitle(tr("Register Version"));

    m_model->setObjectName(QStringLiteral("modelNameEdit"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->addItems(models);
    m_model->setCurrentText(currentModel);
    m_model->lineEdit()->setPlaceholderText(tr("e.g. churn-classifier"));
    m_model->setToolTip(
        tr("An existing model, or a new name: 1 to 64 characters, lowercase letters, digits, "
           "'.', '_' and '-', starting with a letter or digit."));
    m_description->setObjectName(QStringLiteral("descriptionEdit"));
    m_description->setPlaceholderText(tr("What changed in this version (optional)"));
    m_artifact->setObjectName(QStringLiteral("artifactEdit"));
    m_artifact->setPlaceholderText(tr("The model file, e.g. model.pt"));
    auto *browseArtifact = new QPushButton(tr("Browse…"), this);
    browseArtifact->setObjectName(QStringLiteral("artifactBrowseButton"));
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_format->addItem(tr("TorchScript (checked by loading and running it once)"),
                      QStringLiteral("torchscript"));
    m_format->addItem(tr("Any file (not checked)"), QStringLiteral("file"));
    m_signature->setObjectName(QStringLiteral("signatureEdit"));
    m_signature->setPlaceholderText(tr("The signature, e.g. model.signature.json"));
    auto *browseSignature = new QPushButton(tr("Browse…"), this);
    browseSignature->setObjectName(QStringLiteral("signatureBrowseButton"));
    m_metrics->setObjectName(QStringLiteral("metricsEditor"));
    m_tags->setObjectName(QStringLiteral("tagsEditor"));
    m_message->setObjectName(QStringLiteral("registerMessage"));
    m_progress->setObjectName(QStringLiteral("registerProgress"));
    m_progress->setTextVisible(false);
    m_progress->hide();

    m_register = m_buttons->addButton(tr("Register"), QDialogButtonBox::AcceptRole);
    m_register->setObjectName(QStringLiteral("registerButton"));
    m_register->setDefault(true);
    QPushButton *cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("registerCancelButton"));
    cancel->setToolTip(tr("Close this dialog; a registration already running still finishes."));
    connect(m_register, &QPushButton::clicked, this, &RegisterDialog::submit);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(browseArtifact, &QPushButton::clicked, this, &RegisterDialog::browseArtifact);
    connect(browseSignature, &QPushButton::clicked, this, &RegisterDialog::browseSignature);
    connect(m_artifact, &QLineEdit::textChanged, this, [this](const QString &path) {
        // TorchScript files conventionally end in .pt; anything else is most likely a plain file.
        m_format->setCurrentIndex(path.endsWith(QLatin1String(".pt")) || path.isEmpty() ? 0 : 1);
    });

    connect(m_bridge, &EngineBridge::versionRegistered, this,
            [this](quint64 ticket, const registry::ModelVersion &version) {
                if (ticket != m_ticket)
                    return;
                m_ticket = 0;
                Q_EMIT registered(version);
                accept();
            });
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64 ticket, const QString &, const QString &message) {
                if (ticket != m_ticket)
                    return;
                setRunning(false);
                showError(tr("Nothing was registered: %1").arg(message), nullptr);
            });
    connect(m_bridge, &EngineBridge::progress, this,
            [this](const QString &operation, int done, int total) {
                if (isRunning() && operation == QLatin1String("register")) {
                    m_progress->setRange(0, total);
                    m_progress->setValue(done);
                }
            });

    auto *form = new QFormLayout;
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Artifact:"), withButton(m_artifact, browseArtifact, this));
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Signature:"), withButton(m_signature, browseSignature, this));
    form->addRow(tr("M&etrics:"), m_metrics);
    form->addRow(tr("&Tags:"), m_tags);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_progress);
    layout->addWidget(m_buttons);

    if (!m_bridge->may(auth::Permission::ManageModels)) {
        m_register->setEnabled(false);
        m_register->setToolTip(m_bridge->whyNot(auth::Permission::ManageModels));
        m_message->setClosable(false);
        m_message->showMessage(widgets::InlineMessage::Kind::Warning,
                               m_bridge->whyNot(auth::Permission::ManageModels));
    }
    resize(640, 560);
}

QString RegisterDialog::validate()
{
    const QString model = m_model->currentText().trimmed();
    if (!isValidName(model.toStdString())) {
        showError(model.isEmpty()
                      ? tr("Enter the name of the model.")
                      : tr("'%1' is not a valid model name: use 1 to 64 lowercase letters, digits, "
                           "'.', '_' or '-', starting with a letter or digit.")
                            .arg(model),
                  m_model);
        return m_message->text();
    }
    if (m_artifact->text().trimmed().isEmpty()) {
        showError(tr("Choose the artifact file to register."), m_artifact);
        return m_message->text();
    }
    if (m_signature->text().trimmed().isEmpty()) {
        showError(
            tr("Choose the signature file (JSON) that describes the model's inputs and outputs."),
            m_signature);
        return m_message->text();
    }
    for (const auto &[key, value] : m_metrics->entries()) {
        if (key.isEmpty()) {
            showError(tr("Every metric needs a name."), m_metrics);
            return m_message->text();
        }
        if (!parseNumber(value)) {
            showError(tr("The value of metric '%1' is not a number: '%2'.").arg(key, value),
                      m_metrics);
            return m_message->text();
        }
    }
    for (const auto &[key, value] : m_tags->entries()) {
        if (key.isEmpty()) {
            showError(tr("Every tag needs a name."), m_tags);
            return m_message->text();
        }
    }
    m_message->clearMessage();
    return {};
}

RegistrationRequest RegisterDialog::request() const
{
    RegistrationRequest r;
    r.version.model = m_model->currentText().trimmed().toStdString();
    r.version.description = m_description->text().trimmed().toStdString();
    r.version.format = m_format->currentData().toString().toStdString();
    r.version.artifactPath = m_artifact->text().trimmed().toStdString();
    for (const auto &[key, value] : m_metrics->entries())
        r.version.metrics[key.toStdString()] = parseNumber(value).value_or(0);
    for (const auto &[key, value] : m_tags->entries())
        r.version.tags[key.toStdString()] = value.toStdString();
    r.signatureFile = m_signature->text().trimmed();
    return r;
}

void RegisterDialog::setArtifactFile(const QString &path)
{
    m_artifact->setText(path);
}

void RegisterDialog::setSignatureFile(const QString &path)
{
    m_signature->setText(path);
}

void RegisterDialog::submit()
{
    if (isRunning() || !validate().isEmpty())
        return;
    m_ticket = m_bridge->registerVersion(request());
    setRunning(true);
}

void RegisterDialog::browseArtifact()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose the Artifact"),
                                                      m_artifact->text(),
                                                      tr("TorchScript (*.pt);;All files (*)"));
    if (!file.isEmpty())
        m_artifact->setText(file);
}

void RegisterDialog::browseSignature()
{
    QString start = m_signature->text();
    if (start.isEmpty())
        start = m_artifact->text();
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose the Signature"), start,
                                                      tr("Signature (*.json);;All files (*)"));
    if (!file.isEmpty())
        m_signature->setText(file);
}

void RegisterDialog::setRunning(bool running)
{
    if (!running)
        m_ticket = 0;
    for (QWidget *w : std::initializer_list<QWidget *>{m_model, m_description, m_artifact, m_format,
                                                       m_signature, m_metrics, m_tags, m_register})
        w->setEnabled(!running);
    for (QPushButton *b : findChildren<QPushButton *>()) {
        if (b->objectName().endsWith(QLatin1String("BrowseButton")))
            b->setEnabled(!running);
    }
    m_progress->setRange(0, 0);
    m_progress->setVisible(running);
    if (running)
        m_message->showMessage(
            widgets::InlineMessage::Kind::Information,
            tr("Registering: storing the artifact and checking it against the signature…"));
}

void RegisterDialog::showError(const QString &text, QWidget *field)
{
    m_message->setClosable(true);
    m_message->showMessage(widgets::InlineMessage::Kind::Error, text);
    if (field)
        field->setFocus();
}

} // namespace mdeck::ui
