#include "ui/drift/save_rule_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mdeck::ui::drift {

SaveRuleDialog::SaveRuleDialog(const RuleDraft &draft, const QString &featureTitle,
                               const QString &methodTitle, const QString &backtest, QWidget *parent)
    : QDialog(parent)
    , m_draft(draft)
    , m_name(new QLineEdit(draft.name, this))
    , m_consecutive(new QSpinBox(this))
{
    setObjectName(QStringLiteral("saveRuleDialog"));
    setWindowTitle(tr("Save Alert Rule"));
    m_name->setObjectName(QStringLiteral("ruleNameEdit"));
    m_name->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")), m_name));
    m_consecutive->setObjectName(QStringLiteral("ruleConsecutiveSpin"));
    m_consecutive->setRange(1, 48);
    m_consecutive->setValue(std::max(1, draft.consecutive));
    m_consecutive->setSuffix(tr(" window(s)"));
    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Feature:"), new QLabel(featureTitle, this));
    form->addRow(tr("Method:"), new QLabel(methodTitle, this));
    form->addRow(tr("Threshold:"), new QLabel(QString::number(draft.threshold, 'g', 4), this));
    form->addRow(tr("Fires after:"), m_consecutive);
    auto *history = new QLabel(backtest, this);
    history->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    QPushButton *save = buttons->button(QDialogButtonBox::Save);
    save->setObjectName(QStringLiteral("ruleSaveButton"));
    connect(m_name, &QLineEdit::textChanged, save,
            [this, save] { save->setEnabled(m_name->hasAcceptableInput()); });
    save->setEnabled(m_name->hasAcceptableInput());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(history);
    layout->addWidget(buttons);
}

RuleDraft SaveRuleDialog::rule() const
{
    RuleDraft r = m_draft;
    r.name = m_name->text();
    r.consecutive = m_consecutive->value();
    return r;
}

} // namespace mdeck::ui::drift
