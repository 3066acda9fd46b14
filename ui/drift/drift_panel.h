#pragma once

// The Drift panel: pick a deployment or model version and a time range; a
// heatmap of drift per feature and window; for the selected feature its
// score over time with a draggable threshold and the back-test of that
// threshold, and the reference-against-current histogram of the selected
// window; data quality, performance (estimated values marked) and fairness
// per window. Selecting a feature or window anywhere selects it everywhere.
// Data comes from a DriftSource through a DriftClient (off the GUI thread);
// live sources are polled for new windows. A snapshot opens read-only,
// without a workspace, under a banner that says so. GUI thread only.

#include "ui/drift/drift_source.h"
#include "ui/panel.h"

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QTabWidget;

namespace mdeck::widgets {
class DriftHeatmap;
class InlineMessage;
class TimeSeriesChart;
} // namespace mdeck::widgets

namespace mdeck::ui::drift {

class DriftClient;
class DriftFeatureView;
class FairnessView;

class DriftPanel : public Panel
{
    Q_OBJECT

public:
    enum Tab { FeatureTab, QualityTab, PerformanceTab, FairnessTab };
    enum class Chart { Heatmap, Line, Histogram, Quality, Performance, Fairness };

    explicit DriftPanel(QWidget *parent = nullptr);
    ~DriftPanel() override;

    QString title() const override;
    QIcon icon() const override;
    void refresh() override;
    bool isLoading() const override;

    // Shows data from `source` (nullptr: none); loads its scopes and the first of them.
    void setSource(std::shared_ptr<DriftSource> source);
    void openSnapshot(const QString &path);
    void exportSnapshot(const QString &path);
    // Writes a chart as PNG, PDF or CSV by the suffix of `path`; "" or the reason it failed.
    QString exportChart(Chart chart, const QString &path);
    void chooseSnapshotToOpen();
    void chooseSnapshotToExport();

    void selectFeature(int feature);
    void selectWindow(int window);
    void selectMethod(int method);
    void setLive(bool live);
    void showTab(Tab tab);

    const DriftViewModel &model() const { return m_model; }
    bool hasData() const { return m_model.featureCount() > 0; }
    bool isReadOnly() const;
    int selectedFeature() const { return m_feature; }
    int selectedWindow() const { return m_window; }
    int selectedMethod() const { return m_method; }
    DriftClient *client() const { return m_client; }
    widgets::DriftHeatmap *heatmap() const { return m_heatmap; }
    DriftFeatureView *featureView() const { return m_featureView; }
    FairnessView *fairnessView() const { return m_fairness; }
    widgets::InlineMessage *banner() const { return m_banner; }
    widgets::TimeSeriesChart *performanceChart() const { return m_performance; }

Q_SIGNALS:
    // After a model or new windows were shown.
    void dataChanged();
    void ruleSaved(const QString &name);

private:
    void onScopes(const QList<DriftScope> &scopes);
    void onLoaded(const DriftViewModel &model);
    void onWindows(const DriftViewModel &windows);
    void loadCurrentScope();
    void updateHeatmap();
    void updateSeries();
    void updateSelection();
    void updateBanner();
    void onThresholdEdited(double threshold);
    void openSaveRuleDialog();
    QWidget *chartWidget(Chart chart) const;
    QString chartCsv(Chart chart) const;
    QString windowLabel(int window) const;

    DriftClient *m_client;
    DriftViewModel m_model;
    int m_feature = -1;
    int m_window = -1;
    int m_method = 0;
    QString m_lastError;
    widgets::InlineMessage *m_banner;
    QComboBox *m_scope;
    QComboBox *m_range;
    QComboBox *m_methodCombo;
    QCheckBox *m_live;
    QLabel *m_status;
    widgets::DriftHeatmap *m_heatmap;
    QTabWidget *m_tabs;
    DriftFeatureView *m_featureView;
    widgets::TimeSeriesChart *m_quality;
    widgets::TimeSeriesChart *m_performance;
    FairnessView *m_fairness;
};

} // namespace mdeck::ui::drift
