#pragma once

// The Train & Benchmark panel: a Train tab (data, schema, hyperparameters,
// live training chart, result card with Register) and a Benchmark tab
// (latency and throughput of registered versions, stored with them).
// GUI thread only.

#include "ui/panel.h"

class QTabWidget;

namespace mdeck::ui {

class BenchmarkView;
class EngineBridge;
class TrainView;

class TrainPanel : public Panel
{
    Q_OBJECT

public:
    enum Tab { TrainTab, BenchmarkTab };

    explicit TrainPanel(EngineBridge *bridge, QWidget *parent = nullptr);

    QString title() const override;
    QIcon icon() const override;
    void refresh() override;
    bool isLoading() const override;
    void saveState(QSettings &settings) const override;
    void restoreState(const QSettings &settings) override;

    void showTab(Tab tab);
    TrainView *trainView() const { return m_train; }
    BenchmarkView *benchmarkView() const { return m_benchmark; }

private:
    QTabWidget *m_tabs;
    TrainView *m_train;
    BenchmarkView *m_benchmark;
};

} // namespace mdeck::ui
