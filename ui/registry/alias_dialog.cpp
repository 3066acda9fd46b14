#include "ui/registry/alias_dialog.h"

#include "ui/engine_bridge.h"
#include "ui/text_format.h"
#include "widgets/inline_message.h"

#include "core/common/text.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mdeck::ui {

AliasDialog::AliasDialog(EngineBridge *bridge, const QString &model, int version,
                         const std::map<std::string, int> &aliases, QWidget *parent)
    : QDialog(parent)
    , m_bridge(bridge)
    , m_model(model)
    , m_version(version)
    , m_aliases(aliases)
    , m_alias(new QComboBox(this))
    , m_hint(new QLabel(this))
    , m_message(new widgets::InlineMessage(this))
{
    setObjectName(QStringLiteral("aliasDialog"));
    setWindowTitle(tr("Set Alias"));
    m_alias->setObjectName(QStringLiteral("aliasNameEdit"));
    m_alias->setEditable(true);
    m_alias->setInsertPolicy(QComboBox::NoInsert);
    QStringList names;
    for (const auto &[name, v] : aliases)
        names.append(toQ(name));
    for (const QString &common : {QStringLiteral("champion"), QStringLiteral("challenger")}) {
        if (!names.contains(common))
            names.append(common);
    }
    m_alias->addItems(names);
    m_alias->setCurrentText(QStringLiteral("champion"));
    m_hint->setObjectName(QStringLiteral("aliasHint"));
    m_hint->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("aliasMessage"));

    auto *buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("Set Alias"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("aliasApplyButton"));
    m_apply->setDefault(true);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("aliasCancelButton"));
    connect(m_apply, &QPushButton::clicked, this, &AliasDialog::submit);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_alias, &QComboBox::currentTextChanged, this, &AliasDialog::updateHint);

    connect(m_bridge, &EngineBridge::aliasChanged, this, [this](quint64 ticket) {
        if (ticket == m_ticket)
            accept();
    });
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64 ticket, const QString &, const QString &message) {
                if (ticket != m_ticket)
                    return;
                m_ticket = 0;
                m_apply->setEnabled(true);
                m_message->showMessage(widgets::InlineMessage::Kind::Error, message);
            });

    auto *form = new QFormLayout;
    form->addRow(tr("Model:"), new QLabel(model, this));
    form->addRow(tr("Version:"), new QLabel(QString::number(version), this));
    form->addRow(tr("&Alias:"), m_alias);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_message);
    layout->addStretch();
    layout->addWidget(buttons);
    updateHint();
    resize(440, sizeHint().height());
}

void AliasDialog::setAliasName(const QString &alias)
{
    m_alias->setCurrentText(alias);
}

QString AliasDialog::aliasName() const
{
    return m_alias->currentText().trimmed();
}

void AliasDialog::updateHint()
{
    const auto it = m_aliases.find(aliasName().toStdString());
    if (it == m_aliases.end())
        m_hint->setText(tr("A new alias; it will point at version %1.").arg(m_version));
    else if (it->second == m_version)
        m_hint->setText(tr("@%1 already points at version %2.").arg(aliasName()).arg(m_version));
    else
        m_hint->setText(tr("@%1 will move from version %2 to version %3.")
                            .arg(aliasName())
                            .arg(it->second)
                            .arg(m_version));
}

void AliasDialog::submit()
{
    if (m_ticket != 0)
        return;
    const QString alias = aliasName();
    bool numeric = false;
    alias.toLongLong(&numeric);
    if (!isValidName(alias.toStdString()) || numeric || alias == QLatin1String("latest")) {
        m_message->showMessage(
            widgets::InlineMessage::Kind::Error,
            tr("'%1' cannot be an alias: use 1 to 64 lowercase letters, digits, '.', '_' or "
               "'-', not only digits and not \"latest\".")
                .arg(alias));
        m_alias->setFocus();
        return;
    }
    m_message->clearMessage();
    m_apply->setEnabled(false);
    m_ticket = m_bridge->setAlias(m_model, alias, m_version);
}

} // namespace mdeck::ui
