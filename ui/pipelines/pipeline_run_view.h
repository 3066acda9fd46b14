#pragma once

// One pipeline run: its DAG with live status colours, the selected step's
// log, the validation report of a validate step and the artifacts of every
// step, with re-run, re-run from the selected step and cancel. It shows
// what it is given; the panel loads runs and answers its requests.
// GUI thread only.

#include "core/common/json.h"
#include "core/pipeline/types.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTreeWidget;

namespace mdeck::widgets {
class DagView;
}

namespace mdeck::ui {

// Translated names of run and step states.
QString runStateTitle(pipeline::RunState state);
QString stepStateTitle(pipeline::StepState state);

class PipelineRunView : public QWidget
{
    Q_OBJECT

public:
    explicit PipelineRunView(QWidget *parent = nullptr);

    void showRun(const pipeline::RunRecord &run);
    void clear();
    void showReport(const QString &step, const Json &report);
    void setActionsEnabled(bool enabled);

    qint64 runId() const { return m_run.id; }
    QString selectedStep() const;
    void selectStep(const QString &name);

Q_SIGNALS:
    void rerunRequested(qint64 runId);
    void rerunFromRequested(qint64 runId, const QString &step);
    void cancelRequested(qint64 runId);
    void reportRequested(qint64 runId, const QString &step);
    void showVersionRequested(const QString &model, int version);

private:
    void onStepSelected(int index);
    void updateStepDetails();
    void updateButtons();

    pipeline::RunRecord m_run;
    int m_selected = -1;
    bool m_actionsEnabled = true;
    QString m_reportStep;
    QLabel *m_header;
    widgets::DagView *m_dag;
    QPushButton *m_rerun;
    QPushButton *m_rerunFrom;
    QPushButton *m_cancel;
    QPushButton *m_showVersion;
    QTabWidget *m_tabs;
    QLabel *m_stepHeader;
    QPlainTextEdit *m_log;
    QTreeWidget *m_report;
    QTableWidget *m_artifacts;
};

} // namespace mdeck::ui
