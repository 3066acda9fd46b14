#pragma once

// Two versions side by side: how their signatures differ, the params and
// tags that differ, and each metric with its change, green where the second
// version is better and red where it is worse. Names containing loss, error,
// rmse or mae count as lower-is-better. GUI thread only.

#include "ui/engine_types.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace mdeck::widgets {
class MetricDeltaChart;
}

namespace mdeck::ui {

class CompareView : public QWidget
{
    Q_OBJECT

public:
    // Stored in Qt::UserRole of a metric's change cell.
    enum class Verdict { Same = 0, Better = 1, Worse = -1, Missing = 2 };

    explicit CompareView(QWidget *parent = nullptr);

    void showComparison(const VersionComparison &comparison);
    void showPlaceholder(const QString &text);
    // The versions shown, {0, 0} when none.
    std::pair<int, int> shownVersions() const { return m_versions; }

private:
    void fillMetrics(const registry::ModelVersion &a, const registry::ModelVersion &b);
    // Lists the keys whose values differ; returns how many keys there are in all.
    static int fillDifferences(QTableWidget *table, const std::map<std::string, std::string> &a,
                               const std::map<std::string, std::string> &b);

    std::pair<int, int> m_versions{0, 0};
    QLabel *m_title;
    QLabel *m_signature;
    QLabel *m_artifact;
    QTableWidget *m_metrics;
    QLabel *m_metricsNote;
    widgets::MetricDeltaChart *m_chart;
    QTableWidget *m_params;
    QLabel *m_paramsNote;
    QTableWidget *m_tags;
    QLabel *m_tagsNote;
};

} // namespace mdeck::ui
