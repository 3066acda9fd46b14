#pragma once

// Names an alert rule made from the back-tested threshold: the feature,
// method and threshold are fixed, the user picks the name and how many
// windows in a row must cross the threshold before it fires. GUI thread only.

#include "ui/drift/drift_source.h"

#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace mdeck::ui::drift {

class SaveRuleDialog : public QDialog
{
    Q_OBJECT

public:
    SaveRuleDialog(const RuleDraft &draft, const QString &featureTitle, const QString &methodTitle,
                   const QString &backtest, QWidget *parent = nullptr);

    RuleDraft rule() const;

private:
    RuleDraft m_draft;
    QLineEdit *m_name;
    QSpinBox *m_consecutive;
};

} // namespace mdeck::ui::drift
