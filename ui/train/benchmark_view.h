#pragma once

// The Benchmark tab: choose a registered model and a version or alias, the
// batch sizes, threads and measurement window; run with live progress and
// Cancel; see latency percentiles and throughput per batch size. Each run
// is stored with the version (ModelRegistry::addBenchmark) and the model's
// earlier runs are listed beside it; selecting one overlays it on the
// throughput chart. GUI thread only.

#include "ui/engine_types.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace mdeck::widgets {
class InlineMessage;
class LatencyChart;
class ThroughputChart;
} // namespace mdeck::widgets

namespace mdeck::ui {

class EngineBridge;

class BenchmarkView : public QWidget
{
    Q_OBJECT

public:
    explicit BenchmarkView(EngineBridge *bridge, QWidget *parent = nullptr);

    void refresh();
    void selectModel(const QString &model, const QString &reference = {});
    void startBenchmark();
    void cancelBenchmark();

    bool isBusy() const { return m_modelsTicket || m_runTicket || m_historyTicket; }
    bool isRunning() const { return m_runTicket != 0; }
    QString currentModel() const;
    int resultCount() const;
    int historyCount() const;

private:
    void onModelsLoaded(quint64 ticket, const std::vector<registry::Model> &models);
    void onModelChanged();
    void onProgress(quint64 ticket, const BenchmarkUpdate &update);
    void onFinished(quint64 ticket, const BenchmarkRun &run);
    void onHistoryLoaded(quint64 ticket, const BenchmarkHistory &history);
    void onFailed(quint64 ticket, const QString &message);
    void showResults(const std::vector<training::BatchResult> &results);
    void updateOverlays();
    void updateActions();

    EngineBridge *m_bridge;
    std::vector<registry::Model> m_models;
    std::vector<training::BatchResult> m_results;
    BenchmarkHistory m_history;
    QString m_wantModel;
    QString m_wantReference;
    quint64 m_modelsTicket = 0;
    quint64 m_runTicket = 0;
    quint64 m_historyTicket = 0;

    QComboBox *m_model;
    QComboBox *m_reference;
    QLineEdit *m_batches;
    QSpinBox *m_threads;
    QSpinBox *m_window;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    widgets::InlineMessage *m_message;
    QTableWidget *m_table;
    widgets::LatencyChart *m_latency;
    widgets::ThroughputChart *m_throughput;
    QTableWidget *m_historyTable;
};

} // namespace mdeck::ui
