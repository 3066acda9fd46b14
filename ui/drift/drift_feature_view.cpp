#include "ui/drift/drift_feature_view.h"

#include "widgets/distribution_chart.h"
#include "widgets/drift_line_chart.h"

#include <QDateTime>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

namespace mdeck::ui::drift {

namespace {

QLabel *titleLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

} // namespace

DriftFeatureView::DriftFeatureView(QWidget *parent)
    : QWidget(parent)
    , m_lineTitle(titleLabel(this))
    , m_histogramTitle(titleLabel(this))
    , m_line(new widgets::DriftLineChart(this))
    , m_histogram(new widgets::DistributionChart(this))
    , m_spin(new QDoubleSpinBox(this))
    , m_result(new QLabel(this))
    , m_save(new QPushButton(tr("Save Rule…"), this))
{
    setObjectName(QStringLiteral("driftFeatureView"));
    m_line->setObjectName(QStringLiteral("driftLineChart"));
    m_histogram->setObjectName(QStringLiteral("driftHistogram"));
    m_spin->setObjectName(QStringLiteral("driftThresholdSpin"));
    m_result->setObjectName(QStringLiteral("driftBacktestLabel"));
    m_save->setObjectName(QStringLiteral("driftSaveRuleButton"));
    m_spin->setDecimals(4);
    m_spin->setRange(0, 1000);
    m_spin->setSingleStep(0.01);
    m_spin->setKeyboardTracking(false);
    m_spin->setToolTip(tr("Alert threshold; drag the dashed line in the chart to change it too"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *lineBox = new QWidget(this);
    auto *lineLayout = new QVBoxLayout(lineBox);
    lineLayout->setContentsMargins(0, 0, 0, 0);
    lineLayout->addWidget(m_lineTitle);
    lineLayout->addWidget(m_line, 1);
    auto *histBox = new QWidget(this);
    auto *histLayout = new QVBoxLayout(histBox);
    histLayout->setContentsMargins(0, 0, 0, 0);
    histLayout->addWidget(m_histogramTitle);
    histLayout->addWidget(m_histogram, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("driftFeatureSplitter"));
    split->addWidget(lineBox);
    split->addWidget(histBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *backtest = new QHBoxLayout;
    backtest->addWidget(new QLabel(tr("Threshold:"), this));
    backtest->addWidget(m_spin);
    backtest->addWidget(m_result, 1);
    backtest->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split, 1);
    layout->addLayout(backtest);

    connect(m_line, &widgets::DriftLineChart::pointClicked, this, &DriftFeatureView::windowClicked);
    connect(m_line, &widgets::DriftLineChart::thresholdDragged, this, [this](double value) {
        m_settingThreshold = true;
        m_spin->setValue(value);
        m_settingThreshold = false;
        runBacktest();
    });
    connect(m_line, &widgets::DriftLineChart::thresholdChanged, this,
            [this](double value) { Q_EMIT thresholdEdited(value); });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        if (m_settingThreshold)
            return;
        m_line->setThreshold(value);
        runBacktest();
        Q_EMIT thresholdEdited(value);
    });
    connect(m_save, &QPushButton::clicked, this, &DriftFeatureView::saveRuleRequested);
    setModel(nullptr);
}

void DriftFeatureView::setModel(const DriftViewModel *model)
{
    m_model = model;
    m_method = m_feature = m_window = -1;
    updateLine();
    updateHistogram();
    runBacktest();
}

void DriftFeatureView::reload()
{
    const int window = m_window;
    updateLine();
    m_line->setSelectedIndex(window);
    updateHistogram();
    runBacktest();
}

void DriftFeatureView::setSelection(int method, int feature, int window)
{
    const bool lineChanged = method != m_method || feature != m_feature;
    m_method = method;
    m_feature = feature;
    m_window = window;
    if (lineChanged)
        updateLine();
    m_line->setSelectedIndex(window);
    updateHistogram();
    if (lineChanged)
        runBacktest();
}

void DriftFeatureView::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_save->setEnabled(!readOnly && m_feature >= 0);
    m_save->setToolTip(readOnly ? tr("A snapshot is read-only: open the workspace to save rules")
                                : QString());
}

void DriftFeatureView::setThreshold(double threshold)
{
    m_spin->setValue(threshold);
}

double DriftFeatureView::threshold() const
{
    return m_line->threshold();
}

QString DriftFeatureView::windowLabel(int window) const
{
    if (!m_model || window < 0 || window >= m_model->windowCount())
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_model->windows[std::size_t(window)].startMs),
                              QStringLiteral("MMM d, HH:mm"));
}

void DriftFeatureView::updateLine()
{
    const bool valid = m_model && m_method >= 0 && m_method < m_model->methods.size()
        && m_feature >= 0 && m_feature < m_model->featureCount();
    m_save->setEnabled(valid && !m_readOnly);
    m_spin->setEnabled(valid);
    if (!valid) {
        m_line->clear();
        m_line->clearThreshold();
        m_line->setBand(0, -1);
        m_lineTitle->setText(tr("Select a feature in the heatmap"));
        return;
    }
    const DriftMethod &method = m_model->methods[m_method];
    const MethodScores &scores = m_model->scores[m_method];
    const int n = m_model->windowCount();
    std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
    for (int w = 0; w < n; ++w) {
        const DriftWindow &win = m_model->windows[std::size_t(w)];
        x[std::size_t(w)] = (win.startMs + win.endMs) / 2000.0;
        y[std::size_t(w)] = m_model->score(m_method, m_feature, w);
    }
    m_lineTitle->setText(tr("%1: %2 per window").arg(m_model->features[m_feature].name, method.title));
    m_line->setValueLabel(method.title);
    m_line->setLogScale(!method.higherIsWorse);
    const double threshold = scores.thresholds[std::size_t(m_feature)];
    m_line->setThreshold(threshold);
    m_line->setBand(scores.bandMean[std::size_t(m_feature)], scores.bandSigma[std::size_t(m_feature)]);
    m_line->setSeries(x, y);
    m_settingThreshold = true;
    // A p-value threshold lives in 0..1; a distance may be larger.
    m_spin->setRange(0, method.higherIsWorse ? 1000 : 1);
    m_line->setThresholdLimits(0, method.higherIsWorse ? 1000 : 1);
    m_spin->setValue(threshold);
    m_settingThreshold = false;
}

void DriftFeatureView::updateHistogram()
{
    if (!m_model || m_feature < 0 || m_feature >= m_model->featureCount()) {
        m_histogram->clear();
        m_histogramTitle->setText(tr("Distribution"));
        return;
    }
    const FeatureInfo &info = m_model->features[m_feature];
    const int window = m_window >= 0 ? m_window : m_model->windowCount() - 1;
    const std::vector<double> &current = m_model->currentCounts(m_feature, window);
    const std::vector<double> empty(info.reference.size(), 0.0);
    const std::vector<double> &cur = current.size() == info.reference.size() ? current : empty;
    if (info.categorical)
        m_histogram->setCategorical(info.categories, info.reference, cur);
    else
        m_histogram->setNumeric(info.edges, info.reference, cur);
    const QString label = windowLabel(window);
    m_histogram->setSeriesNames(tr("reference"), label.isEmpty() ? tr("current") : label);
    m_histogramTitle->setText(label.isEmpty() ? tr("%1: reference").arg(info.name)
                                              : tr("%1: reference against %2").arg(info.name, label));
}

void DriftFeatureView::runBacktest()
{
    if (!m_model || m_method < 0 || m_feature < 0) {
        m_backtest = {};
        m_result->setText(tr("No back-test: no feature selected."));
        m_line->setAlerts({});
        return;
    }
    m_backtest = backtest(*m_model, m_method, m_feature, m_line->threshold());
    m_line->setAlerts(m_backtest.alertedWindows);
    m_result->setText(backtestText());
}

QString DriftFeatureView::backtestText() const
{
    if (!m_model || m_feature < 0)
        return {};
    if (m_backtest.alerted == 0)
        return tr("At this threshold none of the %n past window(s) would have alerted.", nullptr,
                  m_backtest.windows);
    return tr("At this threshold %1 of %n past window(s) would have alerted; the first at %2.",
              nullptr, m_backtest.windows)
        .arg(m_backtest.alerted)
        .arg(windowLabel(m_backtest.firstWindow));
}

} // namespace mdeck::ui::drift
