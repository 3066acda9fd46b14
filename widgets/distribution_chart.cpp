#include "widgets/distribution_chart.h"

#include "widgets/plot_style.h"
#include "widgets/theme.h"

#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mdeck::widgets {

namespace {

// Non-negative finite counts as shares of their total; all zero stays zero.
std::vector<double> shares(std::span<const double> counts)
{
    std::vector<double> out(counts.size(), 0.0);
    double total = 0;
    for (double c : counts)
        if (std::isfinite(c) && c > 0)
            total += c;
    if (total > 0)
        for (std::size_t i = 0; i < counts.size(); ++i)
            out[i] = std::isfinite(counts[i]) && counts[i] > 0 ? counts[i] / total : 0.0;
    return out;
}

QString csvField(QString s)
{
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))
        s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return s;
}

} // namespace

DistributionChart::DistributionChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_refName(tr("reference"))
    , m_curName(tr("current"))
{
    m_plot->setObjectName(QStringLiteral("distributionPlot"));
    m_refBars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_curBars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_group = new QCPBarsGroup(m_plot);
    m_group->setSpacing(1);
    m_curStep = m_plot->addGraph();
    m_curStep->setLineStyle(QCPGraph::lsStepLeft);
    m_plot->yAxis->setLabel(tr("Share of rows"));
    m_plot->yAxis->setNumberFormat(QStringLiteral("g"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setMinimumSize(220, 160);
    applyPalette();
    clear();
}

bool DistributionChart::setNumeric(std::span<const double> edges, std::span<const double> reference,
                                   std::span<const double> current)
{
    if (reference.size() != current.size() || edges.size() != reference.size() + 1
        || !std::is_sorted(edges.begin(), edges.end())
        || !std::all_of(edges.begin(), edges.end(), [](double e) { return std::isfinite(e); })) {
        clear();
        return false;
    }
    m_categorical = false;
    m_edges.assign(edges.begin(), edges.end());
    m_categories.clear();
    m_reference = shares(reference);
    m_current = shares(current);
    rebuild();
    return true;
}

bool DistributionChart::setCategorical(const QStringList &categories,
                                       std::span<const double> reference,
                                       std::span<const double> current)
{
    if (reference.size() != current.size() || std::size_t(categories.size()) != reference.size()) {
        clear();
        return false;
    }
    m_categorical = true;
    m_edges.clear();
    m_categories = categories;
    m_reference = shares(reference);
    m_current = shares(current);
    rebuild();
    return true;
}

void DistributionChart::clear()
{
    m_categorical = false;
    m_edges.clear();
    m_categories.clear();
    m_reference.clear();
    m_current.clear();
    rebuild();
}

void DistributionChart::setSeriesNames(const QString &reference, const QString &current)
{
    m_refName = reference;
    m_curName = current;
    m_refBars->setName(m_refName);
    m_curBars->setName(m_curName);
    m_curStep->setName(m_curName);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

double DistributionChart::currentShare(int i) const
{
    return i >= 0 && std::size_t(i) < m_current.size() ? m_current[std::size_t(i)] : NAN;
}

double DistributionChart::referenceShare(int i) const
{
    return i >= 0 && std::size_t(i) < m_reference.size() ? m_reference[std::size_t(i)] : NAN;
}

QString DistributionChart::toCsv() const
{
    QString csv = m_categorical ? QStringLiteral("category,reference_share,current_share\n")
                                : QStringLiteral("bin_low,bin_high,reference_share,current_share\n");
    for (std::size_t i = 0; i < m_reference.size(); ++i) {
        if (m_categorical)
            csv += csvField(m_categories[qsizetype(i)]);
        else
            csv += QString::number(m_edges[i], 'g', 10) + QLatin1Char(',')
                + QString::number(m_edges[i + 1], 'g', 10);
        csv += QLatin1Char(',') + QString::number(m_reference[i], 'g', 6) + QLatin1Char(',')
            + QString::number(m_current[i], 'g', 6) + QLatin1Char('\n');
    }
    return csv;
}

void DistributionChart::rebuild()
{
    m_refBars->data()->clear();
    m_curBars->data()->clear();
    m_curStep->data()->clear();
    m_refBars->setName(m_refName);
    m_curBars->setName(m_curName);
    m_curStep->setName(m_curName);
    double top = 0;
    for (double v : m_reference)
        top = std::max(top, v);
    for (double v : m_current)
        top = std::max(top, v);
    if (m_categorical) {
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (qsizetype i = 0; i < m_categories.size(); ++i) {
            ticker->addTick(double(i), m_categories[i]);
            m_refBars->addData(double(i), m_reference[std::size_t(i)]);
            m_curBars->addData(double(i), m_current[std::size_t(i)]);
        }
        m_plot->xAxis->setTicker(ticker);
        m_plot->xAxis->setTickLabelRotation(m_categories.size() > 6 ? 35 : 0);
        m_refBars->setWidth(0.38);
        m_curBars->setWidth(0.38);
        m_refBars->setBarsGroup(m_group);
        m_curBars->setBarsGroup(m_group);
        m_curBars->setVisible(true);
        m_curBars->addToLegend();
        m_curStep->setVisible(false);
        m_curStep->removeFromLegend();
        m_plot->xAxis->setRange(-0.6, std::max<qsizetype>(1, m_categories.size()) - 0.4);
    } else {
        m_refBars->setBarsGroup(nullptr);
        m_curBars->setBarsGroup(nullptr);
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        m_plot->xAxis->setTickLabelRotation(0);
        m_refBars->setWidthType(QCPBars::wtPlotCoords);
        for (std::size_t i = 0; i < m_reference.size(); ++i)
            m_refBars->addData((m_edges[i] + m_edges[i + 1]) / 2, m_reference[i]);
        if (!m_reference.empty())
            m_refBars->setWidth((m_edges.back() - m_edges.front()) / double(m_reference.size()));
        for (std::size_t i = 0; i < m_current.size(); ++i)
            m_curStep->addData(m_edges[i], m_current[i]);
        if (!m_current.empty())
            m_curStep->addData(m_edges.back(), m_current.back());
        m_curBars->setVisible(false);
        m_curBars->removeFromLegend();
        m_curStep->setVisible(true);
        m_curStep->addToLegend();
        if (m_edges.size() >= 2) {
            const double pad = (m_edges.back() - m_edges.front()) * 0.02;
            m_plot->xAxis->setRange(m_edges.front() - pad, m_edges.back() + pad);
        } else {
            m_plot->xAxis->setRange(0, 1);
        }
    }
    m_plot->yAxis->setRange(0, top > 0 ? top * 1.18 : 1);
    m_plot->legend->setVisible(!m_reference.empty());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void DistributionChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

void DistributionChart::applyPalette()
{
    const QPalette pal = palette();
    applyPlotPalette(m_plot, pal);
    const QColor ref = seriesColor(pal, 0);
    const QColor cur = seriesColor(pal, 1);
    QColor refFill = ref;
    refFill.setAlpha(90);
    m_refBars->setPen(QPen(ref, 1));
    m_refBars->setBrush(refFill);
    m_curBars->setPen(QPen(cur, 1));
    m_curBars->setBrush(cur);
    m_curStep->setPen(QPen(cur, 2.2));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mdeck::widgets
