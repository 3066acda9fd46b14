#include "ui/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mdeck::ui {

SettingsDialog::SettingsDialog(bool tokenEnabled, QWidget *parent)
    : QDialog(parent)
    , m_language(new QComboBox(this))
    , m_theme(new QComboBox(this))
    , m_token(new QLineEdit(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(tr("System"), QStringLiteral("system"));
    // Language names are written in their own language, so anyone can find theirs.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_theme->setObjectName(QStringLiteral("themeCombo"));
    m_theme->addItem(tr("System"), static_cast<int>(widgets::Theme::System));
    m_theme->addItem(tr("Light"), static_cast<int>(widgets::Theme::Light));
    m_theme->addItem(tr("Dark"), static_cast<int>(widgets::Theme::Dark));
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("mdk_… (empty: act as your operating-system account)"));
    m_token->setEnabled(tokenEnabled);
    m_token->setClearButtonEnabled(true);

    auto *languageNote = new QLabel(tr("A new language takes effect when ModelDeck starts again."),
                                    this);
    languageNote->setObjectName(QStringLiteral("languageNote"));
    languageNote->setWordWrap(true);
    languageNote->setEnabled(false);
    auto *tokenNote = new QLabel(tokenEnabled
                                     ? tr("The token is kept for this workspace only, in the "
                                          "settings file, in plain text.")
                                     : tr("Open a workspace to set its API token."),
                                 this);
    tokenNote->setWordWrap(true);
    tokenNote->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), languageNote);
    form->addRow(tr("&Theme:"), m_theme);
    form->addRow(tr("API &token:"), m_token);
    form->addRow(QString(), tokenNote);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("settingsOkButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("settingsCancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

QString SettingsDialog::language() const
{
    return m_language->currentData().toString();
}

void SettingsDialog::setLanguage(const QString &language)
{
    const int index = m_language->findData(language);
    m_language->setCurrentIndex(index < 0 ? 0 : index);
}

widgets::Theme SettingsDialog::theme() const
{
    return static_cast<widgets::Theme>(m_theme->currentData().toInt());
}

void SettingsDialog::setTheme(widgets::Theme theme)
{
    const int index = m_theme->findData(static_cast<int>(theme));
    m_theme->setCurrentIndex(index < 0 ? 0 : index);
}

QString SettingsDialog::apiToken() const
{
    return m_token->text().trimmed();
}

void SettingsDialog::setApiToken(const QString &token)
{
    m_token->setText(token);
}

} // namespace mdeck::ui
