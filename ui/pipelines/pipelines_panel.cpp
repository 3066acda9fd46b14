#include "ui/pipelines/pipelines_panel.h"

#include "ui/engine_bridge.h"
#include "ui/pipelines/pipeline_run_view.h"
#include "ui/resources.h"
#include "ui/text_format.h"

#include "widgets/inline_message.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace mdeck::ui {

namespace {

constexpr int kPollMs = 500;

QTableWidget *makeTable(QWidget *parent, const QString &name, const QStringList &headers)
{
    auto *t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

QString durationText(std::int64_t from, std::int64_t to)
{
    if (from == 0)
        return {};
    const std::int64_t ms = (to ? to : QDateTime::currentMSecsSinceEpoch()) - from;
    if (ms < 60000)
        return PipelinesPanel::tr("%1 s").arg(QString::number(ms / 1000.0, 'f', 1));
    return PipelinesPanel::tr("%1 min %2 s").arg(ms / 60000).arg(ms / 1000 % 60);
}

QString triggerTitle(const std::string &trigger)
{
    if (trigger == "manual")
        return PipelinesPanel::tr("manual");
    if (trigger == "schedule")
        return PipelinesPanel::tr("schedule");
    if (trigger == "file")
        return PipelinesPanel::tr("file change");
    if (trigger == "alert")
        return PipelinesPanel::tr("alert");
    return toQ(trigger);
}

// Copies a bundled demo file into `dir` (kept if it is already there).
bool extractDemo(const QString &name, const QString &dir)
{
    const QString target = dir + QLatin1Char('/') + name;
    if (QFile::exists(target))
        return true;
    return QFile::copy(QStringLiteral(":/modeldeck/demo/") + name, target)
        && QFile::setPermissions(target,
                                 QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup
                                     | QFile::ReadOther);
}

} // namespace

PipelinesPanel::PipelinesPanel(EngineBridge *bridge, QWidget *parent)
    : Panel(parent)
    , m_bridge(bridge)
    , m_file(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_example(new QPushButton(tr("Run example pipeline"), this))
    , m_definitions(
          makeTable(this, QStringLiteral("definitionsTable"),
                    {tr("Pipeline"), tr("Schedule (UTC)"), tr("Watched files"), tr("Last run")}))
    , m_runs(makeTable(this, QStringLiteral("runsTable"),
                       {tr("Run", "table column: the run's number"), tr("Pipeline"), tr("Status"),
                        tr("Trigger"), tr("Started"), tr("Duration"), tr("By")}))
    , m_view(new PipelineRunView(this))
    , m_message(new widgets::InlineMessage(this))
    , m_poll(new QTimer(this))
{
    setObjectName(QStringLiteral("pipelinesPanel"));
    m_file->setObjectName(QStringLiteral("pipelineFileEdit"));
    m_file->setPlaceholderText(tr("Pipeline file (.yaml) or the name of a stored pipeline"));
    m_browse->setObjectName(QStringLiteral("browsePipelineButton"));
    m_run->setObjectName(QStringLiteral("runPipelineButton"));
    m_example->setObjectName(QStringLiteral("runExampleButton"));
    m_example->setToolTip(tr("Validate the Seattle weather data, train, compare with the "
                             "champion, register and request a rollout"));
    m_message->setObjectName(QStringLiteral("pipelineMessage"));
    m_message->setClosable(true);
    m_poll->setObjectName(QStringLiteral("pipelinePollTimer"));
    m_poll->setInterval(kPollMs);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Pipeline:"), this));
    top->addWidget(m_file, 1);
    top->addWidget(m_browse);
    top->addWidget(m_run);
    top->addSpacing(12);
    top->addWidget(m_example);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Stored pipelines"), left));
    leftLayout->addWidget(m_definitions, 1);
    leftLayout->addWidget(new QLabel(tr("Runs"), left));
    leftLayout->addWidget(m_runs, 3);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("pipelinesSplitter"));
    split->addWidget(left);
    split->addWidget(m_view);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Run a pipeline"), {},
                                                          tr("Pipelines (*.yaml *.yml)"));
        if (!file.isEmpty())
            m_file->setText(file);
    });
    connect(m_run, &QPushButton::clicked, this, [this] {
        if (!m_file->text().trimmed().isEmpty())
            runPipeline(m_file->text().trimmed());
    });
    connect(m_file, &QLineEdit::returnPressed, m_run, &QPushButton::click);
    connect(m_example, &QPushButton::clicked, this, &PipelinesPanel::runExample);
    connect(m_runs, &QTableWidget::itemSelectionChanged, this,
            &PipelinesPanel::onRunSelectionChanged);
    connect(m_definitions, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (auto *item = m_definitions->item(row, 0))
            m_file->setText(item->text());
    });
    connect(m_poll, &QTimer::timeout, this, &PipelinesPanel::poll);

    connect(m_bridge, &EngineBridge::workspaceOpened, this, [this] {
        m_view->clear();
        m_runList.clear();
        m_runs->setRowCount(0);
        refresh();
    });
    connect(m_bridge, &EngineBridge::pipelinesLoaded, this, &PipelinesPanel::onOverview);
    connect(m_bridge, &EngineBridge::pipelineRunLoaded, this, &PipelinesPanel::onRunLoaded);
    connect(m_bridge, &EngineBridge::pipelineRunFinished, this, &PipelinesPanel::onRunFinished);
    connect(m_bridge, &EngineBridge::pipelineCancelRequested, this, [this] { poll(); });
    connect(m_bridge, &EngineBridge::stepReportLoaded, this,
            [this](quint64, const QString &step, const Json &report) {
                m_view->showReport(step, report);
            });
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64 ticket, const QString &, const QString &message) {
                onFailed(ticket, message);
            });
    connect(m_view, &PipelineRunView::rerunRequested, this, [this](qint64 id) {
        ++m_consoleRuns;
        m_selectNewest = true;
        m_newestBefore = m_runList.empty() ? 0 : m_runList.front().id;
        m_actionTickets.push_back(m_bridge->rerunPipelineRun(id));
        updatePolling();
    });
    connect(m_view, &PipelineRunView::rerunFromRequested, this,
            [this](qint64 id, const QString &step) {
                ++m_consoleRuns;
                m_actionTickets.push_back(m_bridge->resumePipelineRun(id, step));
                updatePolling();
            });
    connect(m_view, &PipelineRunView::cancelRequested, this,
            [this](qint64 id) { m_bridge->cancelPipelineRun(id); });
    connect(m_view, &PipelineRunView::reportRequested, this,
            [this](qint64 id, const QString &step) { m_bridge->loadStepReport(id, step); });
    connect(m_view, &PipelineRunView::showVersionRequested, this,
            &PipelinesPanel::showVersionRequested);
}

QString PipelinesPanel::title() const
{
    return tr("Pipelines");
}

QIcon PipelinesPanel::icon() const
{
    return ui::icon(QStringLiteral("pipeline"));
}

void PipelinesPanel::refresh()
{
    if (!m_bridge->hasWorkspace() || m_overviewTicket != 0)
        return;
    m_overviewTicket = m_bridge->loadPipelines();
    Q_EMIT loadingChanged(true);
}

void PipelinesPanel::runPipeline(const QString &fileOrName)
{
    m_message->clearMessage();
    ++m_consoleRuns;
    m_selectNewest = true;
    m_newestBefore = m_runList.empty() ? 0 : m_runList.front().id;
    m_actionTickets.push_back(m_bridge->runPipeline(fileOrName));
    updatePolling();
}

void PipelinesPanel::runExample()
{
    if (!m_bridge->hasWorkspace())
        return;
    const QString dir = m_bridge->workspacePath() + QStringLiteral("/pipelines/examples");
    if (!QDir().mkpath(dir) || !extractDemo(QStringLiteral("seattle-weather.csv"), dir)
        || !extractDemo(QStringLiteral("seattle-weather.pipeline.yaml"), dir)) {
        m_message->showMessage(widgets::InlineMessage::Kind::Error,
                               tr("Cannot write the example pipeline into %1.").arg(dir));
        return;
    }
    const QString file = dir + QStringLiteral("/seattle-weather.pipeline.yaml");
    m_file->setText(file);
    runPipeline(file);
}

void PipelinesPanel::selectRun(qint64 runId)
{
    for (int row = 0; row < m_runs->rowCount(); ++row)
        if (m_runs->item(row, 0)->data(Qt::UserRole).toLongLong() == runId) {
            m_runs->selectRow(row);
            return;
        }
}

qint64 PipelinesPanel::selectedRunId() const
{
    const auto rows = m_runs->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return m_runs->item(rows.front().row(), 0)->data(Qt::UserRole).toLongLong();
}

void PipelinesPanel::onOverview(quint64 ticket, const PipelineOverview &overview)
{
    if (ticket != m_overviewTicket)
        return;
    m_overviewTicket = 0;
    Q_EMIT loadingChanged(false);

    m_definitions->setRowCount(0);
    for (const auto &d : overview.definitions) {
        const int row = m_definitions->rowCount();
        m_definitions->insertRow(row);
        QStringList watched;
        for (const auto &w : d.watch)
            watched << QFileInfo(toQ(w)).fileName();
        QString last;
        for (const auto &r : overview.runs)
            if (r.pipeline == d.name) {
                last = tr("%1 (%2)").arg(r.id).arg(runStateTitle(r.state));
                break;
            }
        m_definitions->setItem(row, 0, new QTableWidgetItem(toQ(d.name)));
        m_definitions->setItem(row, 1, new QTableWidgetItem(toQ(d.schedule)));
        m_definitions->setItem(row, 2, new QTableWidgetItem(watched.join(QStringLiteral(", "))));
        m_definitions->setItem(row, 3, new QTableWidgetItem(last));
    }

    const qint64 keep = selectedRunId();
    m_runList = overview.runs;
    const QSignalBlocker blocker(m_runs);
    m_runs->setRowCount(0);
    for (const auto &r : m_runList) {
        const int row = m_runs->rowCount();
        m_runs->insertRow(row);
        auto *id = new QTableWidgetItem(QString::number(r.id));
        id->setData(Qt::UserRole, static_cast<qlonglong>(r.id));
        m_runs->setItem(row, 0, id);
        m_runs->setItem(row, 1, new QTableWidgetItem(toQ(r.pipeline)));
        m_runs->setItem(row, 2, new QTableWidgetItem(runStateTitle(r.state)));
        m_runs->setItem(row, 3, new QTableWidgetItem(triggerTitle(r.trigger)));
        m_runs->setItem(row, 4,
                        new QTableWidgetItem(r.startedAt ? formatTime(r.startedAt) : QString()));
        m_runs->setItem(row, 5, new QTableWidgetItem(durationText(r.startedAt, r.finishedAt)));
        m_runs->setItem(row, 6, new QTableWidgetItem(toQ(r.createdBy)));
    }
    qint64 target = keep;
    if (m_selectNewest && !m_runList.empty() && m_runList.front().id > m_newestBefore) {
        // The run this console just started: follow it.
        target = m_runList.front().id;
        m_selectNewest = false;
    }
    selectRun(target);
    onRunSelectionChanged();
    updatePolling();
}

void PipelinesPanel::onRunSelectionChanged()
{
    const qint64 id = selectedRunId();
    if (id == 0) {
        m_view->clear();
        return;
    }
    m_runTicket = m_bridge->loadPipelineRun(id);
}

void PipelinesPanel::onRunLoaded(quint64 ticket, const pipeline::RunRecord &run)
{
    if (ticket != m_runTicket)
        return;
    m_runTicket = 0;
    if (run.id == selectedRunId())
        m_view->showRun(run);
}

void PipelinesPanel::onRunFinished(quint64 ticket, const pipeline::RunRecord &run)
{
    auto it = std::find(m_actionTickets.begin(), m_actionTickets.end(), ticket);
    if (it == m_actionTickets.end())
        return;
    m_actionTickets.erase(it);
    m_consoleRuns = std::max(0, m_consoleRuns - 1);
    if (run.state != pipeline::RunState::Succeeded)
        m_message->showMessage(widgets::InlineMessage::Kind::Warning,
                               tr("Run %1 of %2: %3")
                                   .arg(run.id)
                                   .arg(toQ(run.pipeline), runStateTitle(run.state)));
    else
        m_message->showMessage(widgets::InlineMessage::Kind::Positive,
                               tr("Run %1 of %2 succeeded.").arg(run.id).arg(toQ(run.pipeline)));
    poll();
}

void PipelinesPanel::onFailed(quint64 ticket, const QString &message)
{
    if (ticket == m_overviewTicket) {
        m_overviewTicket = 0;
        Q_EMIT loadingChanged(false);
    }
    if (ticket == m_runTicket)
        m_runTicket = 0;
    auto it = std::find(m_actionTickets.begin(), m_actionTickets.end(), ticket);
    if (it != m_actionTickets.end()) {
        m_actionTickets.erase(it);
        m_consoleRuns = std::max(0, m_consoleRuns - 1);
        m_message->showMessage(widgets::InlineMessage::Kind::Error, message);
        updatePolling();
    }
}

void PipelinesPanel::poll()
{
    refresh();
}

void PipelinesPanel::updatePolling()
{
    bool active = m_consoleRuns > 0;
    for (const auto &r : m_runList)
        if (!pipeline::isFinished(r.state))
            active = true;
    if (active && !m_poll->isActive())
        m_poll->start();
    else if (!active)
        m_poll->stop();
}

} // namespace mdeck::ui
