#include "widgets/group_ratio_chart.h"

#include "widgets/plot_style.h"
#include "widgets/theme.h"

#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

GroupRatioChart::GroupRatioChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("groupRatioPlot"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumSize(220, 160);
    rebuild();
}

void GroupRatioChart::setGroups(const QString &metric, const QList<GroupRatio> &groups,
                                double lower, double upper)
{
    m_metric = metric;
    m_groups = groups;
    m_lower = lower;
    m_upper = upper;
    rebuild();
}

int GroupRatioChart::outsideCount() const
{
    return int(std::count_if(m_groups.begin(), m_groups.end(), [this](const GroupRatio &g) {
        return !g.tooSmall && std::isfinite(g.ratio) && (g.ratio < m_lower || g.ratio > m_upper);
    }));
}

QString GroupRatioChart::toCsv() const
{
    QString csv = QStringLiteral("group,size,ratio,too_small\n");
    for (const GroupRatio &g : m_groups) {
        QString name = g.group;
        csv += QLatin1Char('"') + name.replace(QLatin1Char('"'), QStringLiteral("\"\""))
            + QStringLiteral("\",") + QString::number(g.size) + QLatin1Char(',')
            + (std::isfinite(g.ratio) ? QString::number(g.ratio, 'g', 6) : QString())
            + QLatin1Char(',') + (g.tooSmall ? QLatin1Char('1') : QLatin1Char('0'))
            + QLatin1Char('\n');
    }
    return csv;
}

void GroupRatioChart::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    const QPalette pal = palette();
    applyPlotPalette(m_plot, pal);
    const QColor good = seriesColor(pal, 0);
    const QColor bad = negativeColor(pal);
    auto *inside = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    auto *outside = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    auto *small = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    inside->setPen(QPen(good, 1));
    inside->setBrush(good);
    outside->setPen(QPen(bad, 1));
    outside->setBrush(bad);
    small->setPen(QPen(blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.5), 1.5, Qt::DashLine));
    small->setBrush(Qt::NoBrush);
    for (QCPBars *bars : {inside, outside, small})
        bars->setWidth(0.6);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double top = m_upper;
    for (int i = 0; i < m_groups.size(); ++i) {
        const GroupRatio &g = m_groups[i];
        ticker->addTick(i, QStringLiteral("%1\n(n=%2)").arg(g.group).arg(g.size));
        if (!std::isfinite(g.ratio))
            continue;
        top = std::max(top, g.ratio);
        QCPBars *target = g.tooSmall ? small
            : (g.ratio < m_lower || g.ratio > m_upper) ? outside
                                                        : inside;
        target->addData(i, g.ratio);
    }
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(-0.7, std::max<qsizetype>(1, m_groups.size()) - 0.3);
    m_plot->yAxis->setRange(0, top * 1.15);
    m_plot->yAxis->setLabel(m_metric.isEmpty() ? QString() : tr("%1, ratio to reference group").arg(m_metric));
    auto *band = new QCPItemRect(m_plot);
    band->setLayer(QStringLiteral("grid"));
    band->topLeft->setTypeX(QCPItemPosition::ptAxisRectRatio);
    band->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
    band->topLeft->setCoords(0, m_upper);
    band->bottomRight->setCoords(1, m_lower);
    band->setPen(Qt::NoPen);
    band->setBrush(blend(pal.color(QPalette::Base), positiveColor(pal), isDark(pal) ? 0.2 : 0.12));
    auto *parity = new QCPItemStraightLine(m_plot);
    parity->point1->setTypeX(QCPItemPosition::ptAxisRectRatio);
    parity->point2->setTypeX(QCPItemPosition::ptAxisRectRatio);
    parity->point1->setCoords(0, 1);
    parity->point2->setCoords(1, 1);
    parity->setPen(QPen(blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.5), 1, Qt::DashLine));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void GroupRatioChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

} // namespace mdeck::widgets
