#pragma once

// The approval queue's card for one rollout request: what is asked (versions,
// mode, requester, comment), the evidence side by side (metric differences,
// the latest benchmark of each version, signature compatibility, shadow
// disagreement) and Approve / Reject with a comment. The buttons are enabled
// only for a release manager or admin who did not request the rollout; anyone
// else sees why not. GUI thread only.

#include "ui/engine_types.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace mdeck::widgets {
class InlineMessage;
}

namespace mdeck::ui {

class EngineBridge;

class ApprovalView : public QWidget
{
    Q_OBJECT

public:
    explicit ApprovalView(EngineBridge *bridge, QWidget *parent = nullptr);

    // The deployment's open rollout, if any; only a requested one asks for a decision.
    void setRollout(const std::optional<deploy::Rollout> &rollout);
    // Why the acting user may not decide, "" when they may.
    QString whyNotDecide() const;

private:
    void updateButtons();
    void decide(bool approve);

    EngineBridge *m_bridge;
    std::optional<deploy::Rollout> m_rollout;
    QLabel *m_summary;
    QTableWidget *m_metrics;
    QTableWidget *m_benchmarks;
    QLabel *m_signature;
    QLabel *m_shadow;
    QPlainTextEdit *m_comment;
    QPushButton *m_approve;
    QPushButton *m_reject;
    widgets::InlineMessage *m_message;
    quint64 m_pending = 0;
};

} // namespace mdeck::ui
