#pragma once

// The selected feature of the Drift panel: its drift score over time with
// threshold, reference band and alerts; the reference-against-current
// histogram of the selected window; and the threshold back-test ("how many
// past windows would have alerted, and when first") with Save Rule. Reads
// the panel's view model; reports clicks and threshold edits. GUI thread only.

#include "ui/drift/drift_view_model.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace mdeck::widgets {
class DistributionChart;
class DriftLineChart;
} // namespace mdeck::widgets

namespace mdeck::ui::drift {

class DriftFeatureView : public QWidget
{
    Q_OBJECT

public:
    explicit DriftFeatureView(QWidget *parent = nullptr);

    // `model` must outlive the view or be replaced; nullptr clears it.
    void setModel(const DriftViewModel *model);
    // Redraws the line chart (new windows) keeping the selection.
    void reload();
    void setSelection(int method, int feature, int window);
    void setReadOnly(bool readOnly);
    void setThreshold(double threshold);
    double threshold() const;
    const BacktestResult &backtestResult() const { return m_backtest; }
    QString backtestText() const;

    widgets::DriftLineChart *lineChart() const { return m_line; }
    widgets::DistributionChart *distributionChart() const { return m_histogram; }
    QDoubleSpinBox *thresholdSpin() const { return m_spin; }
    QPushButton *saveRuleButton() const { return m_save; }

Q_SIGNALS:
    void windowClicked(int window);
    // The user moved the threshold of the shown feature and method.
    void thresholdEdited(double threshold);
    void saveRuleRequested();

private:
    void updateLine();
    void updateHistogram();
    void runBacktest();
    QString windowLabel(int window) const;

    const DriftViewModel *m_model = nullptr;
    int m_method = -1;
    int m_feature = -1;
    int m_window = -1;
    bool m_readOnly = false;
    bool m_settingThreshold = false;
    BacktestResult m_backtest;
    QLabel *m_lineTitle;
    QLabel *m_histogramTitle;
    widgets::DriftLineChart *m_line;
    widgets::DistributionChart *m_histogram;
    QDoubleSpinBox *m_spin;
    QLabel *m_result;
    QPushButton *m_save;
};

} // namespace mdeck::ui::drift
