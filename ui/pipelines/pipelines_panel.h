#pragma once

// The Pipelines panel: the pipelines stored in the workspace with their
// schedules and watched files, the runs (status, trigger, start, duration,
// who) and the selected run in a PipelineRunView. Runs a pipeline file or
// the bundled example; follows running runs, also those started by `mdeck`
// or the scheduler, by reading the workspace twice a second while any run
// is queued or running. GUI thread only.

#include "ui/engine_types.h"
#include "ui/panel.h"

class QLineEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace mdeck::widgets {
class InlineMessage;
}

namespace mdeck::ui {

class EngineBridge;
class PipelineRunView;

class PipelinesPanel : public Panel
{
    Q_OBJECT

public:
    explicit PipelinesPanel(EngineBridge *bridge, QWidget *parent = nullptr);

    QString title() const override;
    QIcon icon() const override;
    void refresh() override;
    bool isLoading() const override { return m_overviewTicket != 0; }

    // Runs a pipeline file (or a stored pipeline's name) and selects its run.
    void runPipeline(const QString &fileOrName);
    // Writes the bundled Seattle weather pipeline and its data next to the
    // workspace and runs it.
    void runExample();
    void selectRun(qint64 runId);
    PipelineRunView *runView() const { return m_view; }

Q_SIGNALS:
    // A register step's version, to be shown in the Registry panel.
    void showVersionRequested(const QString &model, int version);

private:
    void onOverview(quint64 ticket, const PipelineOverview &overview);
    void onRunLoaded(quint64 ticket, const pipeline::RunRecord &run);
    void onRunFinished(quint64 ticket, const pipeline::RunRecord &run);
    void onFailed(quint64 ticket, const QString &message);
    void onRunSelectionChanged();
    void poll();
    void updatePolling();
    qint64 selectedRunId() const;

    EngineBridge *m_bridge;
    QLineEdit *m_file;
    QPushButton *m_browse;
    QPushButton *m_run;
    QPushButton *m_example;
    QTableWidget *m_definitions;
    QTableWidget *m_runs;
    PipelineRunView *m_view;
    widgets::InlineMessage *m_message;
    QTimer *m_poll;
    std::vector<pipeline::RunRecord> m_runList;
    quint64 m_overviewTicket = 0;
    quint64 m_runTicket = 0;
    int m_consoleRuns = 0;       // runs this console executes now
    bool m_selectNewest = false; // select the next run newer than m_newestBefore
    qint64 m_newestBefore = 0;
    std::vector<quint64> m_actionTickets;
};

} // namespace mdeck::ui
