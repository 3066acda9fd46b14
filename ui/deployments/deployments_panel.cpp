#include "ui/deployments/deployments_panel.h"

#include "core/common/text.h"
#include "ui/deployments/approval_view.h"
#include "ui/deployments/new_deployment_dialog.h"
#include "ui/engine_bridge.h"
#include "ui/resources.h"
#include "ui/text_format.h"
#include "widgets/inline_message.h"
#include "widgets/rollout_chart.h"

#include "core/common/json.h"
#include "core/net/http_client.h"

#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace mdeck::ui {

namespace {

const QString kRemotesKey = QStringLiteral("deploymentsPanel/remoteEndpoints");
const QString kTabKey = QStringLiteral("deploymentsPanel/tab");

enum Column {
    NameCol,
    ModelCol,
    StableCol,
    CandidateCol,
    SplitCol,
    HealthCol,
    RateCol,
    P99Col,
    RequestCol,
    ColumnCount
};

QTableWidget *makeTable(const QString &objectName, const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->setVisible(false);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void setCell(QTableWidget *t, int row, int column, const QString &text, bool right = false)
{
    QTableWidgetItem *item = t->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        t->setItem(row, column, item);
    }
    if (item->text() != text)
        item->setText(text);
    if (right)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
}

QString eventTitle(deploy::EventKind kind)
{
    switch (kind) {
    case deploy::EventKind::Created:
        return DeploymentsPanel::tr("created");
    case deploy::EventKind::Requested:
        return DeploymentsPanel::tr("rollout requested");
    case deploy::EventKind::Approved:
        return DeploymentsPanel::tr("approved");
    case deploy::EventKind::Rejected:
        return DeploymentsPanel::tr("rejected");
    case deploy::EventKind::Started:
        return DeploymentsPanel::tr("started");
    case deploy::EventKind::Step:
        return DeploymentsPanel::tr("next step");
    case deploy::EventKind::Promoted:
        return DeploymentsPanel::tr("promoted");
    case deploy::EventKind::Paused:
        return DeploymentsPanel::tr("paused");
    case deploy::EventKind::Resumed:
        return DeploymentsPanel::tr("resumed");
    case deploy::EventKind::RolledBack:
        return DeploymentsPanel::tr("rolled back");
    case deploy::EventKind::Alert:
        return DeploymentsPanel::tr("alert");
    case deploy::EventKind::Refused:
        return DeploymentsPanel::tr("refused");
    }
    return {};
}

QString servedText(int stable, std::optional<int> candidate, deploy::CandidateMode mode, int percent)
{
    if (!candidate || mode == deploy::CandidateMode::None)
        return DeploymentsPanel::tr("v%1 100%").arg(stable);
    if (mode == deploy::CandidateMode::Shadow)
        return DeploymentsPanel::tr("v%1 100%, v%2 shadow").arg(stable).arg(*candidate);
    return DeploymentsPanel::tr("v%1 %2%, v%3 %4%")
        .arg(stable)
        .arg(100 - percent)
        .arg(*candidate)
        .arg(percent);
}

} // namespace

DeploymentsPanel::DeploymentsPanel(EngineBridge *bridge, QWidget *parent)
    : Panel(parent)
    , m_bridge(bridge)
    , m_table(makeTable(QStringLiteral("deploymentsTable"),
                        {tr("Deployment"), tr("Model"), tr("Stable"), tr("Candidate"),
                         tr("Traffic split"), tr("Health"), tr("Requests/s"), tr("p99 ms"),
                         tr("Rollout")},
                        this))
    , m_endpoints(makeTable(QStringLiteral("endpointsTable"),
                            {tr("Endpoint"), tr("Source"), tr("Health"), tr("Latency ms")}, this))
    , m_header(new QLabel(this))
    , m_rollback(new QPushButton(tr("Roll back…"), this))
    , m_addEndpoint(
          new QPushButton(ui::icon(QStringLiteral("new")), tr("Add remote endpoint…"), this))
    , m_newDeployment(new QPushButton(ui::icon(QStringLiteral("new")), tr("New deployment…"), this))
    , m_tabs(new QTabWidget(this))
    , m_approval(new ApprovalView(bridge, this))
    , m_chart(new widgets::RolloutChart(this))
    , m_note(new QLabel(this))
    , m_timeline(
          makeTable(QStringLiteral("timelineTable"),
                    {tr("Time"), tr("Event"), tr("Actor"), tr("Serving after"), tr("Details")},
                    this))
    , m_message(new widgets::InlineMessage(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("deploymentsPanel"));
    m_header->setObjectName(QStringLiteral("deploymentHeader"));
    m_header->setWordWrap(true);
    m_rollback->setObjectName(QStringLiteral("rollbackButton"));
    m_addEndpoint->setObjectName(QStringLiteral("addEndpointButton"));
    m_newDeployment->setObjectName(QStringLiteral("newDeploymentButton"));
    m_tabs->setObjectName(QStringLiteral("deploymentTabs"));
    m_note->setObjectName(QStringLiteral("rolloutNote"));
    m_note->setWordWrap(true);
    m_chart->setObjectName(QStringLiteral("rolloutChart"));
    m_message->setObjectName(QStringLiteral("deploymentsMessage"));
    m_message->setClosable(true);
    m_timeline->setSelectionMode(QAbstractItemView::NoSelection);
    m_endpoints->setSelectionMode(QAbstractItemView::NoSelection);

    auto *progress = new QWidget(this);
    auto *progressLayout = new QVBoxLayout(progress);
    progressLayout->addWidget(m_chart, 1);
    progressLayout->addWidget(m_note);
    m_tabs->addTab(m_approval, tr("Approval"));
    m_tabs->addTab(progress, tr("Progress"));
    m_tabs->addTab(m_timeline, tr("Timeline"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *deploymentBar = new QHBoxLayout;
    auto *deploymentTitle = new QLabel(tr("<b>Deployments</b>"), left);
    deploymentBar->addWidget(deploymentTitle, 1);
    deploymentBar->addWidget(m_newDeployment);
    leftLayout->addLayout(deploymentBar);
    leftLayout->addWidget(m_table, 2);
    auto *endpointBar = new QHBoxLayout;
    auto *endpointTitle = new QLabel(tr("<b>Servers and remote endpoints</b>"), left);
    endpointTitle->setWordWrap(true);
    endpointBar->addWidget(endpointTitle, 1);
    endpointBar->addWidget(m_addEndpoint);
    leftLayout->addLayout(endpointBar);
    leftLayout->addWidget(m_endpoints, 1);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *headerBar = new QHBoxLayout;
    headerBar->addWidget(m_header, 1);
    headerBar->addWidget(m_rollback);
    rightLayout->addLayout(headerBar);
    rightLayout->addWidget(m_tabs, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("deploymentsSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &DeploymentsPanel::tick);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row < 0 || !m_table->item(row, NameCol))
            return;
        const QString name = m_table->item(row, NameCol)->text();
        if (name == m_current)
            return;
        m_current = name;
        m_details.reset();
        m_detailsTicket = m_bridge->loadDeployment(name);
        setLoading(true);
    });
    connect(m_rollback, &QPushButton::clicked, this, &DeploymentsPanel::confirmRollback);
    connect(m_newDeployment, &QPushButton::clicked, this,
            &DeploymentsPanel::openNewDeploymentDialog);
    connect(m_addEndpoint, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString url = QInputDialog::getText(
            this, tr("Add Remote Endpoint"),
            tr("Base URL of an Open Inference Protocol server (e.g. http://host:8000):"),
            QLineEdit::Normal, QString(), &ok);
        if (ok && !url.trimmed().isEmpty())
            addRemoteEndpoint(url.trimmed());
    });

    connect(m_bridge, &EngineBridge::workspaceOpened, this, [this] {
        m_current.clear();
        m_details.reset();
        m_overview = {};
        m_table->setRowCount(0);
        m_overviewTicket = m_detailsTicket = 0;
        refresh();
    });
    connect(m_bridge, &EngineBridge::deploymentsLoaded, this,
            [this](quint64 ticket, const DeploymentOverview &overview) {
                if (ticket != m_overviewTicket)
                    return;
                m_overviewTicket = 0;
                showOverview(overview);
            });
    connect(m_bridge, &EngineBridge::deploymentLoaded, this,
            [this](quint64 ticket, const DeploymentDetails &details) {
                if (ticket != m_detailsTicket)
                    return;
                m_detailsTicket = 0;
                showDetails(details);
            });
    connect(m_bridge, &EngineBridge::endpointsChecked, this,
            [this](quint64 ticket, const EndpointHealthList &health) {
                if (ticket != m_healthTicket)
                    return;
                m_healthTicket = 0;
                showHealth(health);
            });
    connect(m_bridge, &EngineBridge::rolledBack, this,
            [this](quint64 ticket, const deploy::Deployment &d) {
                if (ticket != m_rollbackTicket)
                    return;
                m_rollbackTicket = 0;
                m_message->showMessage(widgets::InlineMessage::Kind::Positive,
                                       tr("%1 was rolled back; it now serves version %2 only.")
                                           .arg(toQ(d.name))
                                           .arg(d.stableVersion));
            });
    connect(m_bridge, &EngineBridge::deploymentsChanged, this, &DeploymentsPanel::refresh);
    connect(m_bridge, &EngineBridge::actorChanged, this, &DeploymentsPanel::updateRollbackButton);
    connect(m_bridge, &EngineBridge::actorChanged, this, [this] {
        const bool may = m_bridge->may(auth::Permission::ManageModels);
        m_newDeployment->setEnabled(may);
        m_newDeployment->setToolTip(
            may ? tr("Serve a model version under a new name; changing what an existing "
                     "deployment serves is a rollout request.")
                : tr("Only engineers, release managers and admins create deployments."));
    });
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64 ticket, const QString &, const QString &message) {
                if (ticket == m_overviewTicket)
                    m_overviewTicket = 0;
                else if (ticket == m_detailsTicket)
                    m_detailsTicket = 0;
                else if (ticket == m_healthTicket)
                    m_healthTicket = 0;
                else if (ticket == m_rollbackTicket)
                    m_rollbackTicket = 0;
                else
                    return;
                m_message->showMessage(widgets::InlineMessage::Kind::Error, message);
                setLoading(false);
            });
    updateRollbackButton();
}

QString DeploymentsPanel::title() const
{
    return tr("Deployments");
}

QIcon DeploymentsPanel::icon() const
{
    return ui::icon(QStringLiteral("deployments"));
}

void DeploymentsPanel::refresh()
{
    if (!m_bridge->hasWorkspace())
        return;
    m_overviewTicket = m_bridge->loadDeployments();
    if (!m_current.isEmpty())
        m_detailsTicket = m_bridge->loadDeployment(m_current);
    setLoading(true);
}

bool DeploymentsPanel::isLoading() const
{
    return m_overviewTicket != 0 || m_detailsTicket != 0 || m_rollbackTicket != 0;
}

void DeploymentsPanel::setLoading(bool)
{
    const bool loading = isLoading();
    if (loading != m_loading) {
        m_loading = loading;
        Q_EMIT loadingChanged(loading);
    }
}

void DeploymentsPanel::saveState(QSettings &settings) const
{
    settings.setValue(kRemotesKey, m_remotes);
    settings.setValue(kTabKey, m_tabs->currentIndex());
}

void DeploymentsPanel::restoreState(const QSettings &settings)
{
    m_remotes = settings.value(kRemotesKey).toStringList();
    m_tabs->setCurrentIndex(settings.value(kTabKey, 0).toInt());
    updateEndpointsTable();
}

void DeploymentsPanel::selectDeployment(const QString &name)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, NameCol) && m_table->item(row, NameCol)->text() == name) {
            m_table->setCurrentCell(row, NameCol);
            return;
        }
}

void DeploymentsPanel::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

bool DeploymentsPanel::addRemoteEndpoint(const QString &url)
{
    if (auto valid = net::validateUrl(url.toStdString()); !valid) {
        m_message->showMessage(widgets::InlineMessage::Kind::Error, toQ(valid.error().message));
        return false;
    }
    if (!m_remotes.contains(url))
        m_remotes.append(url);
    updateEndpointsTable();
    if (!m_healthTicket)
        tick();
    return true;
}

void DeploymentsPanel::showEvent(QShowEvent *event)
{
    Panel::showEvent(event);
    m_timer->start();
    tick();
}

void DeploymentsPanel::hideEvent(QHideEvent *event)
{
    Panel::hideEvent(event);
    m_timer->stop();
}

void DeploymentsPanel::tick()
{
    if (m_bridge->hasWorkspace()) {
        if (!m_overviewTicket)
            m_overviewTicket = m_bridge->loadDeployments();
        if (!m_current.isEmpty() && !m_detailsTicket && !m_rollbackTicket)
            m_detailsTicket = m_bridge->loadDeployment(m_current);
    }
    QStringList urls;
    for (const auto &s : m_overview.servers)
        urls << toQ(s.url);
    urls << m_remotes;
    urls.removeDuplicates();
    if (!urls.isEmpty() && !m_healthTicket)
        m_healthTicket = m_bridge->checkEndpoints(urls);
    setLoading(true);
}

void DeploymentsPanel::showOverview(const DeploymentOverview &overview)
{
    m_overview = overview;
    m_table->setRowCount(static_cast<int>(overview.rows.size()));
    QString serverHealth = tr("no server running");
    if (!overview.servers.empty()) {
        const auto it = m_health.find(toQ(overview.servers.front().url));
        serverHealth = it == m_health.end() ? tr("checking…")
            : it->second.ready              ? tr("ready")
            : it->second.reachable          ? tr("not ready")
                                            : tr("unreachable");
    }
    int row = 0;
    int currentRow = -1;
    for (const DeploymentRow &r : overview.rows) {
        const deploy::Deployment &d = r.deployment;
        setCell(m_table, row, NameCol, toQ(d.name));
        setCell(m_table, row, ModelCol, toQ(d.model));
        setCell(m_table, row, StableCol, tr("v%1").arg(d.stableVersion));
        setCell(m_table, row, CandidateCol,
                d.candidateVersion ? tr("v%1 (%2)")
                                         .arg(*d.candidateVersion)
                                         .arg(toQ(deploy::candidateModeName(d.candidateMode)))
                                   : QStringLiteral("–"));
        setCell(m_table, row, SplitCol,
                servedText(d.stableVersion, d.candidateVersion, d.candidateMode, d.canaryPercent));
        setCell(m_table, row, HealthCol, serverHealth);
        setCell(m_table, row, RateCol, QString::number(r.traffic.requestsPerSecond, 'f', 2), true);
        setCell(m_table, row, P99Col,
                r.traffic.rows ? QString::number(r.traffic.p99Ms, 'f', 1) : QStringLiteral("–"),
                true);
        setCell(m_table, row, RequestCol,
                r.open ? tr("%1 v%2 (%3)")
                             .arg(toQ(deploy::rolloutStateName(r.open->state)))
                             .arg(r.open->toVersion)
                             .arg(toQ(r.open->requestedBy))
                       : QStringLiteral("–"));
        if (toQ(d.name) == m_current)
            currentRow = row;
        ++row;
    }
    if (currentRow >= 0 && m_table->currentRow() != currentRow)
        m_table->setCurrentCell(currentRow, NameCol);
    else if (m_current.isEmpty() && row > 0)
        m_table->setCurrentCell(0, NameCol);
    if (!m_pendingSelection.isEmpty()) {
        selectDeployment(m_pendingSelection);
        m_pendingSelection.clear();
    }
    updateEndpointsTable();
    setLoading(false);
}

void DeploymentsPanel::showDetails(const DeploymentDetails &details)
{
    if (toQ(details.deployment.name) != m_current)
        return;
    m_details = details;
    const deploy::Deployment &d = details.deployment;
    m_header->setText(tr("<b>%1</b>: model %2, serving %3")
                          .arg(toQ(d.name).toHtmlEscaped(), toQ(d.model).toHtmlEscaped(),
                               servedText(d.stableVersion, d.candidateVersion, d.candidateMode,
                                          d.canaryPercent)));
    // The open rollout, else the latest one, so a decision stays visible.
    const deploy::Rollout *r = details.open ? &*details.open
        : details.rollouts.empty()          ? nullptr
                                            : &details.rollouts.front();
    m_approval->setRollout(r ? std::optional<deploy::Rollout>(*r) : std::nullopt);

    widgets::RolloutChartData chart;
    if (r) {
        std::int64_t t0 = r->runningSince.value_or(r->requestedAt);
        for (const auto &e : details.events)
            if (e.rolloutId == r->id && e.kind == deploy::EventKind::Started) {
                t0 = e.time;
                break;
            }
        auto seconds = [t0](std::int64_t t) {
            return static_cast<double>(t - t0) / 1000.0;
        };
        auto addObservation = [&](const Json &a, double at) {
            if (!a.is_object())
                return;
            const double requests = a.value("requests", 0.0);
            if (requests > 0)
                chart.errorRatePercent.append({at, 100.0 * a.value("errors", 0.0) / requests});
            if (a.value("p99_ms", 0.0) > 0)
                chart.p99Ms.append({at, a.value("p99_ms", 0.0)});
        };
        for (const auto &e : details.events) {
            if (e.rolloutId != r->id || e.time < t0)
                continue;
            const int pct = e.candidateMode == deploy::CandidateMode::Canary ? e.percent : 0;
            chart.trafficPercent.append({seconds(e.time), static_cast<double>(pct)});
            if (auto j = parseJson(e.detailsJson, "event"); j && j->is_object())
                addObservation(j->value("analysis", Json()), seconds(e.time));
        }
        const std::int64_t end = r->finishedAt.value_or(nowMillis());
        chart.nowSeconds = seconds(end);
        if (details.open)
            if (auto j = parseJson(details.observationJson, "observation"))
                addObservation(*j, chart.nowSeconds);
        if (r->plan.thresholds.maxErrorRate)
            chart.maxErrorRatePercent = *r->plan.thresholds.maxErrorRate * 100.0;
        chart.maxP99Ms = r->plan.thresholds.maxP99Ms;
    }
    m_chart->setData(chart);
    m_note->setText(
        details.note.empty()
            ? (r ? tr("Rollout %1 is %2.").arg(r->id).arg(toQ(deploy::rolloutStateName(r->state)))
                 : tr("No rollout yet."))
            : toQ(details.note));

    m_timeline->setRowCount(static_cast<int>(details.events.size()));
    int row = 0;
    // Newest first, as an audit trail reads.
    for (auto it = details.events.rbegin(); it != details.events.rend(); ++it, ++row) {
        const auto &e = *it;
        setCell(m_timeline, row, 0, formatTime(e.time));
        setCell(m_timeline, row, 1, eventTitle(e.kind));
        setCell(m_timeline, row, 2, toQ(e.actor));
        setCell(m_timeline, row, 3,
                servedText(e.stableVersion, e.candidateVersion, e.candidateMode, e.percent));
        QString detail = toQ(e.detailsJson);
        if (auto j = parseJson(e.detailsJson, "event"); j && j->is_object()) {
            if (j->contains("comment") && (*j)["comment"].is_string())
                detail = toQ((*j)["comment"].get<std::string>());
            else if (j->contains("reason") && (*j)["reason"].is_string())
                detail = toQ((*j)["reason"].get<std::string>());
        }
        setCell(m_timeline, row, 4, detail);
    }
    updateRollbackButton();
    setLoading(false);
}

void DeploymentsPanel::showHealth(const EndpointHealthList &health)
{
    for (const auto &h : health)
        m_health[toQ(h.url)] = h;
    updateEndpointsTable();
    if (!m_overview.rows.empty())
        showOverview(m_overview);
}

void DeploymentsPanel::updateEndpointsTable()
{
    struct Line
    {
        QString url;
        QString source;
    };
    std::vector<Line> lines;
    const std::int64_t now = nowMillis();
    for (const auto &s : m_overview.servers)
        lines.push_back(
            {toQ(s.url), tr("mdeck serve (heartbeat %1 s ago)").arg((now - s.heartbeatMs) / 1000)});
    for (const QString &url : m_remotes)
        lines.push_back({url, tr("remote")});
    m_endpoints->setRowCount(static_cast<int>(lines.size()));
    for (int row = 0; row < static_cast<int>(lines.size()); ++row) {
        const Line &l = lines[static_cast<std::size_t>(row)];
        setCell(m_endpoints, row, 0, l.url);
        setCell(m_endpoints, row, 1, l.source);
        const auto it = m_health.find(l.url);
        if (it == m_health.end()) {
            setCell(m_endpoints, row, 2, tr("checking…"));
            setCell(m_endpoints, row, 3, QStringLiteral("–"), true);
            continue;
        }
        const watch::EndpointHealth &h = it->second;
        setCell(m_endpoints, row, 2,
                h.ready           ? tr("ready")
                    : h.reachable ? tr("not ready (HTTP %1)").arg(h.status)
                                  : tr("unreachable"));
        m_endpoints->item(row, 2)->setToolTip(toQ(h.message));
        setCell(m_endpoints, row, 3,
                h.reachable ? QString::number(h.latencyMs, 'f', 1) : QStringLiteral("–"), true);
    }
}

void DeploymentsPanel::updateRollbackButton()
{
    QString why;
    if (!m_details) {
        why = tr("Select a deployment.");
    } else {
        const deploy::Deployment &d = m_details->deployment;
        const bool manager = m_bridge->may(auth::Permission::ApproveRollout);
        const bool requester = m_details->open
            && m_details->open->requestedBy == m_bridge->actor().name;
        if (!m_details->open && !d.candidateVersion && !d.previousStableVersion)
            why = tr("Nothing to roll back: %1 serves version %2 and has no earlier version.")
                      .arg(toQ(d.name))
                      .arg(d.stableVersion);
        else if (!manager && !requester)
            why = tr("Only release managers, admins and the rollout's requester may roll back.");
    }
    m_rollback->setEnabled(why.isEmpty() && !m_rollbackTicket);
    m_rollback->setToolTip(why.isEmpty() ? tr("Remove the candidate, or go back to the version "
                                              "that served before the last promotion.")
                                         : why);
}

NewDeploymentDialog *DeploymentsPanel::openNewDeploymentDialog()
{
    auto *dialog = new NewDeploymentDialog(m_bridge, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewDeploymentDialog::created, this, [this](const deploy::Deployment &d) {
        m_message->showMessage(
            widgets::InlineMessage::Kind::Positive,
            tr("Deployment %1 created: it serves %2 version %3. A running mdeck serve picks it "
               "up within a second; changing what it serves is a rollout request.")
                .arg(toQ(d.name), toQ(d.model))
                .arg(d.stableVersion));
        m_pendingSelection = toQ(d.name);
        refresh();
    });
    dialog->show();
    return dialog;
}

void DeploymentsPanel::confirmRollback()
{
    if (!m_details || !m_rollback->isEnabled())
        return;
    const deploy::Deployment &d = m_details->deployment;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("rollbackDialog"));
    dialog.setWindowTitle(tr("Roll Back %1").arg(toQ(d.name)));
    QString what;
    if (m_details->open || d.candidateVersion)
        what = tr("The candidate is removed at once and version %1 answers every request. "
                  "An open rollout request is withdrawn.")
                   .arg(d.stableVersion);
    else
        what = tr("Version %1 replaces version %2 at once.")
                   .arg(d.previousStableVersion.value_or(0))
                   .arg(d.stableVersion);
    auto *text = new QLabel(what + QStringLiteral("\n\n") + tr("Why? (kept in the audit trail)"),
                            &dialog);
    text->setWordWrap(true);
    auto *comment = new QLineEdit(&dialog);
    comment->setObjectName(QStringLiteral("rollbackComment"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Roll Back"));
    ok->setObjectName(QStringLiteral("confirmRollbackButton"));
    ok->setEnabled(false);
    connect(comment, &QLineEdit::textChanged, ok,
            [ok](const QString &t) { ok->setEnabled(!t.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addWidget(comment);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_rollbackTicket = m_bridge->rollback(m_current, comment->text().trimmed());
    updateRollbackButton();
    setLoading(true);
}

} // namespace mdeck::ui
