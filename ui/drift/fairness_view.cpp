#include "ui/drift/fairness_view.h"

#include "widgets/group_ratio_chart.h"
#include "widgets/theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace mdeck::ui::drift {

namespace {

constexpr double kLower = 0.8;
constexpr double kUpper = 1.25;

QString percent(double v)
{
    return std::isfinite(v) ? QStringLiteral("%1 %").arg(v * 100, 0, 'f', 1) : QStringLiteral("–");
}

} // namespace

FairnessView::FairnessView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(this))
    , m_chart(new widgets::GroupRatioChart(this))
{
    setObjectName(QStringLiteral("driftFairnessView"));
    m_table->setObjectName(QStringLiteral("driftFairnessTable"));
    m_chart->setObjectName(QStringLiteral("driftFairnessChart"));
    m_summary->setObjectName(QStringLiteral("driftFairnessSummary"));
    m_summary->setWordWrap(true);
    m_table->setColumnCount(6);
    m_table->setHorizontalHeaderLabels({tr("Group"), tr("Rows"), tr("Predicted positive"),
                                        tr("Ratio to reference"), tr("True positive rate"),
                                        tr("Warning")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
}

void FairnessView::show(const DriftViewModel *model, int window)
{
    m_table->setRowCount(0);
    m_warnings = 0;
    if (!model || model->fairness.groups.isEmpty() || window < 0 || window >= model->windowCount()) {
        m_summary->setText(tr("No fairness data: the model has no sensitive attribute, or no window is selected."));
        m_chart->clear();
        return;
    }
    const FairnessData &f = model->fairness;
    const std::size_t w = std::size_t(window);
    double referenceRate = NAN;
    for (const GroupStats &g : f.groups)
        if (g.group == f.referenceGroup)
            referenceRate = g.positiveRate[w];
    QList<widgets::GroupRatio> bars;
    m_table->setRowCount(int(f.groups.size()));
    for (int row = 0; row < f.groups.size(); ++row) {
        const GroupStats &g = f.groups[row];
        const qint64 size = g.sizes[w];
        const double rate = g.positiveRate[w];
        const double ratio = referenceRate > 0 ? rate / referenceRate : NAN;
        const bool tooSmall = size < f.minGroupSize;
        QString warning;
        if (tooSmall)
            warning = tr("Too small to judge (fewer than %1 rows)").arg(f.minGroupSize);
        else if (std::isfinite(ratio) && (ratio < kLower || ratio > kUpper))
            warning = tr("Ratio outside %1–%2").arg(kLower).arg(kUpper);
        if (!warning.isEmpty())
            ++m_warnings;
        const QString name = g.group == f.referenceGroup ? tr("%1 (reference)").arg(g.group) : g.group;
        const QStringList cells{name,
                                QString::number(size),
                                percent(rate),
                                std::isfinite(ratio) ? QString::number(ratio, 'f', 2) : QStringLiteral("–"),
                                percent(g.truePositiveRate[w]),
                                warning};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c >= 1 && c <= 4)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (!warning.isEmpty() && c == 5)
                item->setForeground(widgets::negativeColor(palette()));
            m_table->setItem(row, c, item);
        }
        bars.append({g.group, ratio, size, tooSmall});
    }
    m_chart->setGroups(tr("Predicted positive"), bars, kLower, kUpper);
    m_summary->setText(m_warnings == 0
                           ? tr("Attribute %1: every group within %2–%3 of the reference group %4.")
                                 .arg(f.attribute).arg(kLower).arg(kUpper).arg(f.referenceGroup)
                           : tr("Attribute %1: %n warning(s) in this window; reference group %2.",
                                nullptr, m_warnings)
                                 .arg(f.attribute, f.referenceGroup));
}

} // namespace mdeck::ui::drift
