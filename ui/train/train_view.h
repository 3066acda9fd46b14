#pragma once

// The Train tab: pick a CSV file (dialog or drag and drop), see its schema
// and set each column's type and role, set the model and hyperparameters,
// train with a live chart and progress, cancel, and register the result.
// All reading and training runs in EngineBridge; answers are matched by
// ticket, so a stale answer never overwrites a newer state. GUI thread only.

#include "ui/engine_types.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;

namespace mdeck::widgets {
class InlineMessage;
class TrainingChart;
} // namespace mdeck::widgets

namespace mdeck::ui {

class EngineBridge;
class HyperparameterForm;
class SchemaView;
class TrainingResultView;

class TrainView : public QWidget
{
    Q_OBJECT

public:
    explicit TrainView(EngineBridge *bridge, QWidget *parent = nullptr);

    void loadCsv(const QString &path);
    void chooseCsv();
    void startTraining();
    void cancelTraining();

    bool isLoading() const { return m_loadTicket != 0; }
    bool isTraining() const { return m_trainTicket != 0; }
    bool isRegistering() const { return m_registerTicket != 0; }
    QString csvPath() const { return m_path; }
    SchemaView *schemaView() const { return m_schema; }
    HyperparameterForm *form() const { return m_form; }
    widgets::TrainingChart *chart() const { return m_chart; }
    TrainingResultView *resultView() const { return m_result; }
    widgets::InlineMessage *dataMessage() const { return m_dataMessage; }

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *createDataSide();
    QWidget *createSettingsSide();
    void reload();
    void onDatasetLoaded(quint64 ticket, const DatasetSchema &schema);
    void onTrainingProgress(quint64 ticket, const TrainingUpdate &update);
    void onTrainingFinished(quint64 ticket, const TrainedModel &trained);
    void onFailed(quint64 ticket, const QString &message);
    void registerResult(const QString &model);
    void updateActions();
    QString stageTitle(const QString &stage) const;

    EngineBridge *m_bridge;
    QString m_path;
    quint64 m_loadTicket = 0;
    quint64 m_trainTicket = 0;
    quint64 m_registerTicket = 0;
    TrainedModel m_trained;
    QString m_metricName;

    QPushButton *m_open = nullptr;
    QLabel *m_pathLabel = nullptr;
    widgets::InlineMessage *m_dataMessage = nullptr;
    SchemaView *m_schema = nullptr;
    HyperparameterForm *m_form = nullptr;
    widgets::InlineMessage *m_formMessage = nullptr;
    QPushButton *m_train = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_stage = nullptr;
    widgets::TrainingChart *m_chart = nullptr;
    TrainingResultView *m_result = nullptr;
    QSplitter *m_split = nullptr;
};

} // namespace mdeck::ui
