#pragma once

// The Deployments panel: every deployment with its health (the recorded
// server's /v2/health/ready), traffic split, and live request rate and p99
// latency from the prediction log over the last minute, refreshed every
// second while the panel is shown; for the selected deployment, the pending
// rollout request with its evidence and Approve / Reject, the rollout's
// progress against its plan's limits, the timeline, and Rollback behind a
// confirmation. Remote Open Inference Protocol endpoints can be added and are
// watched for health and latency. All work runs through EngineBridge.
// GUI thread only.

#include "ui/engine_types.h"
#include "ui/panel.h"

class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace mdeck::widgets {
class InlineMessage;
class RolloutChart;
} // namespace mdeck::widgets

namespace mdeck::ui {

class NewDeploymentDialog;

class ApprovalView;
class EngineBridge;

class DeploymentsPanel : public Panel
{
    Q_OBJECT

public:
    enum Tab { ApprovalTab, ProgressTab, TimelineTab };

    explicit DeploymentsPanel(EngineBridge *bridge, QWidget *parent = nullptr);

    QString title() const override;
    QIcon icon() const override;
    void refresh() override;
    bool isLoading() const override;
    void saveState(QSettings &settings) const override;
    void restoreState(const QSettings &settings) override;

    QString currentDeployment() const { return m_current; }
    void selectDeployment(const QString &name);
    void showTab(Tab tab);
    // Watches an Open Inference Protocol server; false (and a message) for a malformed URL.
    bool addRemoteEndpoint(const QString &url);
    QStringList remoteEndpoints() const { return m_remotes; }
    ApprovalView *approvalView() const { return m_approval; }
    // Asks for a comment and confirmation, then rolls the current deployment back.
    void confirmRollback();
    // Opens the New Deployment dialog (not modal); the panel selects what it creates.
    NewDeploymentDialog *openNewDeploymentDialog();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void tick();
    void showOverview(const DeploymentOverview &overview);
    void showDetails(const DeploymentDetails &details);
    void showHealth(const EndpointHealthList &health);
    void updateEndpointsTable();
    void updateRollbackButton();
    void setLoading(bool loading);

    EngineBridge *m_bridge;
    QTableWidget *m_table;
    QTableWidget *m_endpoints;
    QLabel *m_header;
    QPushButton *m_rollback;
    QPushButton *m_addEndpoint;
    QPushButton *m_newDeployment;
    QString m_pendingSelection; // selected once the next overview shows it
    QTabWidget *m_tabs;
    ApprovalView *m_approval;
    widgets::RolloutChart *m_chart;
    QLabel *m_note;
    QTableWidget *m_timeline;
    widgets::InlineMessage *m_message;
    QTimer *m_timer;

    QString m_current;
    DeploymentOverview m_overview;
    std::optional<DeploymentDetails> m_details;
    QStringList m_remotes;
    std::map<QString, watch::EndpointHealth> m_health; // by URL
    quint64 m_overviewTicket = 0;
    quint64 m_detailsTicket = 0;
    quint64 m_healthTicket = 0;
    quint64 m_rollbackTicket = 0;
    bool m_loading = false;
};

} // namespace mdeck::ui
