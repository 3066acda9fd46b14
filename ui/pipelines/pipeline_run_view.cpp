#include "ui/pipelines/pipeline_run_view.h"

#include "ui/text_format.h"

#include "core/pipeline/step_log.h"
#include "widgets/dag_view.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mdeck::ui {

namespace {

widgets::DagStatus dagStatus(pipeline::StepState state)
{
    using S = pipeline::StepState;
    using D = widgets::DagStatus;
    switch (state) {
    case S::Pending:
        return D::Pending;
    case S::Running:
        return D::Running;
    case S::Succeeded:
        return D::Succeeded;
    case S::Failed:
        return D::Failed;
    case S::Cached:
        return D::Cached;
    case S::Skipped:
        return D::Skipped;
    case S::Cancelled:
        return D::Cancelled;
    }
    return D::Pending;
}

} // namespace

QString runStateTitle(pipeline::RunState state)
{
    using S = pipeline::RunState;
    switch (state) {
    case S::Queued:
        return PipelineRunView::tr("queued");
    case S::Running:
        return PipelineRunView::tr("running");
    case S::Succeeded:
        return PipelineRunView::tr("succeeded");
    case S::Failed:
        return PipelineRunView::tr("failed");
    case S::Cancelled:
        return PipelineRunView::tr("cancelled");
    case S::Interrupted:
        return PipelineRunView::tr("interrupted");
    }
    return {};
}

QString stepStateTitle(pipeline::StepState state)
{
    using S = pipeline::StepState;
    switch (state) {
    case S::Pending:
        return PipelineRunView::tr("pending");
    case S::Running:
        return PipelineRunView::tr("running");
    case S::Succeeded:
        return PipelineRunView::tr("succeeded");
    case S::Failed:
        return PipelineRunView::tr("failed");
    case S::Cached:
        return PipelineRunView::tr("cached");
    case S::Skipped:
        return PipelineRunView::tr("skipped");
    case S::Cancelled:
        return PipelineRunView::tr("cancelled");
    }
    return {};
}

PipelineRunView::PipelineRunView(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_dag(new widgets::DagView(this))
    , m_rerun(new QPushButton(tr("Re-run"), this))
    , m_rerunFrom(new QPushButton(tr("Re-run from step"), this))
    , m_cancel(new QPushButton(tr("Cancel run"), this))
    , m_showVersion(new QPushButton(tr("Show in registry"), this))
    , m_tabs(new QTabWidget(this))
    , m_stepHeader(new QLabel(this))
    , m_log(new QPlainTextEdit(this))
    , m_report(new QTreeWidget(this))
    , m_artifacts(new QTableWidget(0, 4, this))
{
    m_header->setObjectName(QStringLiteral("runHeader"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_rerun->setObjectName(QStringLiteral("rerunButton"));
    m_rerun->setToolTip(tr("Start a new run of the same definition and parameters"));
    m_rerunFrom->setObjectName(QStringLiteral("rerunFromButton"));
    m_rerunFrom->setToolTip(tr("Run the selected step and every step after it again"));
    m_cancel->setObjectName(QStringLiteral("cancelRunButton"));
    m_showVersion->setObjectName(QStringLiteral("showVersionButton"));
    m_showVersion->setToolTip(tr("Open the version this step registered in the Registry"));
    m_stepHeader->setObjectName(QStringLiteral("stepHeader"));
    m_stepHeader->setTextFormat(Qt::PlainText);
    m_stepHeader->setWordWrap(true);
    m_log->setObjectName(QStringLiteral("stepLog"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_report->setObjectName(QStringLiteral("validationReport"));
    m_report->setHeaderLabels({tr("Expectation"), tr("Column"), tr("Result"), tr("Details")});
    m_report->setRootIsDecorated(true);
    m_artifacts->setObjectName(QStringLiteral("artifactsTable"));
    m_artifacts->setHorizontalHeaderLabels({tr("Step"), tr("Output"), tr("SHA-256"), tr("Size")});
    m_artifacts->verticalHeader()->hide();
    m_artifacts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_artifacts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_artifacts->horizontalHeader()->setStretchLastSection(true);
    m_tabs->setObjectName(QStringLiteral("runTabs"));
    m_tabs->addTab(m_log, tr("Log"));
    m_tabs->addTab(m_report, tr("Validation report"));
    m_tabs->addTab(m_artifacts, tr("Artifacts"));

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("dagScroll"));
    scroll->setWidget(m_dag);
    scroll->setWidgetResizable(false);
    scroll->setMinimumHeight(140);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_rerun);
    buttons->addWidget(m_rerunFrom);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(m_showVersion);

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_stepHeader);
    lowerLayout->addWidget(m_tabs, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("runSplitter"));
    split->addWidget(scroll);
    split->addWidget(lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(m_dag, &widgets::DagView::nodeClicked, this, &PipelineRunView::onStepSelected);
    connect(m_rerun, &QPushButton::clicked, this, [this] { Q_EMIT rerunRequested(m_run.id); });
    connect(m_rerunFrom, &QPushButton::clicked, this, [this] {
        if (m_selected >= 0)
            Q_EMIT rerunFromRequested(m_run.id, selectedStep());
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] { Q_EMIT cancelRequested(m_run.id); });
    connect(m_showVersion, &QPushButton::clicked, this, [this] {
        if (m_selected < 0)
            return;
        const auto &s = m_run.steps[static_cast<std::size_t>(m_selected)].summary;
        if (s.contains("model") && s.contains("version") && s["version"].is_number_integer())
            Q_EMIT showVersionRequested(toQ(s["model"].get<std::string>()), s["version"].get<int>());
    });
    clear();
}

void PipelineRunView::clear()
{
    m_run = {};
    m_selected = -1;
    m_reportStep.clear();
    m_header->setText(tr("Select a run to see its steps."));
    m_dag->setGraph({}, {});
    m_log->clear();
    m_report->clear();
    m_artifacts->setRowCount(0);
    m_stepHeader->clear();
    updateButtons();
}

void PipelineRunView::showRun(const pipeline::RunRecord &run)
{
    const bool sameGraph = run.id == m_run.id && run.steps.size() == m_run.steps.size();
    const QString keep = selectedStep();
    m_run = run;
    QString header
        = tr("Run %1 of %2: %3").arg(run.id).arg(toQ(run.pipeline), runStateTitle(run.state));
    if (!run.message.empty())
        header += QStringLiteral(" — ") + toQ(run.message);
    m_header->setText(header);

    std::vector<widgets::DagStatus> statuses;
    for (const auto &s : run.steps)
        statuses.push_back(dagStatus(s.state));
    if (sameGraph) {
        m_dag->setStatuses(statuses);
    } else {
        std::vector<widgets::DagNode> nodes;
        std::vector<std::pair<int, int>> edges;
        for (std::size_t i = 0; i < run.steps.size(); ++i) {
            const auto &s = run.steps[i];
            nodes.push_back({toQ(s.name), toQ(s.kind), dagStatus(s.state)});
            for (const auto &need : s.needs)
                for (std::size_t j = 0; j < run.steps.size(); ++j)
                    if (run.steps[j].name == need)
                        edges.push_back({static_cast<int>(j), static_cast<int>(i)});
        }
        m_dag->setGraph(std::move(nodes), std::move(edges));
        m_dag->resize(m_dag->sizeHint());
        m_selected = -1;
        m_reportStep.clear();
        m_report->clear();
    }

    m_artifacts->setRowCount(0);
    for (const auto &s : run.steps)
        for (const auto &a : s.outputs) {
            const int row = m_artifacts->rowCount();
            m_artifacts->insertRow(row);
            m_artifacts->setItem(row, 0, new QTableWidgetItem(toQ(s.name)));
            m_artifacts->setItem(row, 1, new QTableWidgetItem(toQ(a.name)));
            m_artifacts->setItem(row, 2, new QTableWidgetItem(toQ(a.sha256)));
            m_artifacts->setItem(row, 3, new QTableWidgetItem(formatSize(a.size)));
        }
    if (!keep.isEmpty())
        selectStep(keep);
    else if (m_selected < 0 && !run.steps.empty()) {
        // Start with the first failed step, else the first step.
        int pick = 0;
        for (std::size_t i = 0; i < run.steps.size(); ++i)
            if (run.steps[i].state == pipeline::StepState::Failed) {
                pick = static_cast<int>(i);
                break;
            }
        onStepSelected(pick);
    }
    updateStepDetails();
    updateButtons();
}

QString PipelineRunView::selectedStep() const
{
    if (m_selected < 0 || m_selected >= static_cast<int>(m_run.steps.size()))
        return {};
    return toQ(m_run.steps[static_cast<std::size_t>(m_selected)].name);
}

void PipelineRunView::selectStep(const QString &name)
{
    for (std::size_t i = 0; i < m_run.steps.size(); ++i)
        if (toQ(m_run.steps[i].name) == name) {
            if (static_cast<int>(i) != m_selected)
                onStepSelected(static_cast<int>(i));
            return;
        }
}

void PipelineRunView::onStepSelected(int index)
{
    m_selected = index;
    m_dag->setSelected(index);
    updateStepDetails();
    updateButtons();
    const auto &s = m_run.steps[static_cast<std::size_t>(index)];
    if (s.kind == "validate" && !s.outputs.empty() && m_reportStep != toQ(s.name)) {
        m_reportStep = toQ(s.name);
        Q_EMIT reportRequested(m_run.id, m_reportStep);
    }
}

void PipelineRunView::updateStepDetails()
{
    if (m_selected < 0 || m_selected >= static_cast<int>(m_run.steps.size())) {
        m_stepHeader->clear();
        m_log->clear();
        return;
    }
    const auto &s = m_run.steps[static_cast<std::size_t>(m_selected)];
    QString text = tr("Step %1 (%2): %3, attempt %4")
                       .arg(toQ(s.name), toQ(s.kind), stepStateTitle(s.state))
                       .arg(s.attempts);
    if (!s.message.empty())
        text += QStringLiteral(" — ") + toQ(s.message);
    m_stepHeader->setText(text);
    const QString log = toQ(pipeline::StepLog::render(s.logHead, s.logTail, s.logDropped));
    if (log != m_log->toPlainText()) {
        QScrollBar *bar = m_log->verticalScrollBar();
        const bool atEnd = bar->value() == bar->maximum();
        m_log->setPlainText(log);
        if (atEnd)
            bar->setValue(bar->maximum());
    }
}

void PipelineRunView::showReport(const QString &step, const Json &report)
{
    if (step != m_reportStep)
        return;
    m_report->clear();
    for (const auto &e : report.value("expectations", Json::array())) {
        const bool passed = e.value("passed", false);
        auto *item = new QTreeWidgetItem(m_report);
        item->setText(0, toQ(e.value("expect", "")));
        item->setText(1, toQ(e.value("column", "")));
        item->setText(2, passed ? tr("passed") : tr("failed"));
        QString details = toQ(e.value("message", ""));
        if (e.contains("observed") && e["observed"].is_number())
            details = tr("observed %1").arg(formatNumber(e["observed"].get<double>()))
                + (details.isEmpty() ? QString() : QStringLiteral("; ") + details);
        item->setText(3, details);
        for (const auto &x : e.value("examples", Json::array())) {
            auto *example = new QTreeWidgetItem(item);
            example->setText(0, tr("line %1").arg(x.value("line", 0)));
            example->setText(3,
                             toQ(x.value("value", ""))
                                 + (x.contains("reason") ? QStringLiteral(" (")
                                            + toQ(x.value("reason", "")) + QLatin1Char(')')
                                                         : QString()));
        }
        if (!passed)
            item->setExpanded(true);
    }
    m_report->resizeColumnToContents(0);
    if (!report.value("passed", true))
        m_tabs->setCurrentWidget(m_report);
}

void PipelineRunView::setActionsEnabled(bool enabled)
{
    m_actionsEnabled = enabled;
    updateButtons();
}

void PipelineRunView::updateButtons()
{
    const bool has = m_run.id != 0;
    const bool finished = has && pipeline::isFinished(m_run.state);
    m_rerun->setEnabled(m_actionsEnabled && finished);
    m_rerunFrom->setEnabled(m_actionsEnabled && finished && m_selected >= 0);
    m_cancel->setEnabled(m_actionsEnabled && has && !finished);
    bool registered = false;
    if (m_selected >= 0 && m_selected < static_cast<int>(m_run.steps.size())) {
        const auto &s = m_run.steps[static_cast<std::size_t>(m_selected)];
        registered = s.kind == "register" && pipeline::isDone(s.state)
            && s.summary.contains("version");
    }
    m_showVersion->setEnabled(registered);
}

} // namespace mdeck::ui
