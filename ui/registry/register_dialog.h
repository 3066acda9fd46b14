#pragma once

// Register Version: model name, artifact file and format, signature file,
// description, metrics and tags. The form is checked before anything is
// sent (names with mdeck::isValidName, numbers, required files); the bridge
// then reads and parses the signature (mdeck::parseSignature) before the
// registry writes. Every refusal is shown inline. GUI thread only.

#include "ui/engine_types.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace mdeck::widgets {
class InlineMessage;
class KeyValueEditor;
} // namespace mdeck::widgets

namespace mdeck::ui {

class EngineBridge;

class RegisterDialog : public QDialog
{
    Q_OBJECT

public:
    RegisterDialog(EngineBridge *bridge, const QStringList &models, const QString &currentModel,
                   QWidget *parent = nullptr);

    // The first problem of the form, "" when there is none. Reads no file.
    QString validate();
    RegistrationRequest request() const;
    bool isRunning() const { return m_ticket != 0; }

    void setArtifactFile(const QString &path);
    void setSignatureFile(const QString &path);

Q_SIGNALS:
    void registered(const mdeck::registry::ModelVersion &version);

private:
    void submit();
    void browseArtifact();
    void browseSignature();
    void setRunning(bool running);
    void showError(const QString &text, QWidget *field);

    EngineBridge *m_bridge;
    quint64 m_ticket = 0;
    QComboBox *m_model;
    QLineEdit *m_description;
    QLineEdit *m_artifact;
    QComboBox *m_format;
    QLineEdit *m_signature;
    widgets::KeyValueEditor *m_metrics;
    widgets::KeyValueEditor *m_tags;
    widgets::InlineMessage *m_message;
    QProgressBar *m_progress;
    QDialogButtonBox *m_buttons;
    QPushButton *m_register;
};

} // namespace mdeck::ui
