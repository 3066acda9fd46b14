#pragma once

// Fairness in the selected window: per group of the sensitive attribute its
// size, share predicted positive, ratio to the reference group and true
// positive rate, with warnings for groups too small to judge and ratios
// outside 0.8–1.25; and a bar chart of the ratios. GUI thread only.

#include "ui/drift/drift_view_model.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace mdeck::widgets {
class GroupRatioChart;
}

namespace mdeck::ui::drift {

class FairnessView : public QWidget
{
    Q_OBJECT

public:
    explicit FairnessView(QWidget *parent = nullptr);

    void show(const DriftViewModel *model, int window);
    int warningCount() const { return m_warnings; }
    widgets::GroupRatioChart *chart() const { return m_chart; }
    QTableWidget *table() const { return m_table; }

private:
    QLabel *m_summary;
    QTableWidget *m_table;
    widgets::GroupRatioChart *m_chart;
    int m_warnings = 0;
};

} // namespace mdeck::ui::drift
