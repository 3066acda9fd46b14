#include "ui/drift/drift_panel.h"

#include "ui/drift/drift_client.h"
#include "ui/drift/drift_feature_view.h"
#include "ui/drift/fairness_view.h"
#include "ui/drift/save_rule_dialog.h"
#include "ui/resources.h"
#include "widgets/chart_export.h"
#include "widgets/distribution_chart.h"
#include "widgets/drift_heatmap.h"
#include "widgets/drift_line_chart.h"
#include "widgets/group_ratio_chart.h"
#include "widgets/inline_message.h"
#include "widgets/time_series_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace mdeck::ui::drift {

namespace {

constexpr qint64 kHourMs = 3600000;
const QString kSnapshotFilter = QStringLiteral("*.mdrift *.json");

} // namespace

DriftPanel::DriftPanel(QWidget *parent)
    : Panel(parent)
    , m_client(new DriftClient(this))
    , m_banner(new widgets::InlineMessage(this))
    , m_scope(new QComboBox(this))
    , m_range(new QComboBox(this))
    , m_methodCombo(new QComboBox(this))
    , m_live(new QCheckBox(tr("Live"), this))
    , m_status(new QLabel(this))
    , m_heatmap(new widgets::DriftHeatmap(this))
    , m_tabs(new QTabWidget(this))
    , m_featureView(new DriftFeatureView(this))
    , m_quality(new widgets::TimeSeriesChart(this))
    , m_performance(new widgets::TimeSeriesChart(this))
    , m_fairness(new FairnessView(this))
{
    setObjectName(QStringLiteral("driftPanel"));
    m_banner->setObjectName(QStringLiteral("driftBanner"));
    m_scope->setObjectName(QStringLiteral("driftScopeCombo"));
    m_range->setObjectName(QStringLiteral("driftRangeCombo"));
    m_methodCombo->setObjectName(QStringLiteral("driftMethodCombo"));
    m_live->setObjectName(QStringLiteral("driftLiveCheck"));
    m_status->setObjectName(QStringLiteral("driftStatusLabel"));
    m_tabs->setObjectName(QStringLiteral("driftTabs"));
    m_quality->setObjectName(QStringLiteral("driftQualityChart"));
    m_performance->setObjectName(QStringLiteral("driftPerformanceChart"));
    m_scope->setMinimumContentsLength(24);
    m_scope->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_range->addItem(tr("All windows"), qint64(0));
    m_range->addItem(tr("Last 24 hours"), 24 * kHourMs);
    m_range->addItem(tr("Last 7 days"), 7 * 24 * kHourMs);
    m_range->addItem(tr("Last 30 days"), 30 * 24 * kHourMs);
    m_live->setToolTip(tr("Show new windows as the server stores them"));
    m_live->setChecked(true);
    m_quality->setAxisLabels(tr("Share of rows"));
    m_performance->setAxisLabels(tr("Metric"));
    m_performance->setZeroBased(false);

    auto *exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("driftExportButton"));
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(exportButton);
    const QList<QPair<Chart, QString>> charts{{Chart::Heatmap, tr("Heatmap…")},
                                              {Chart::Line, tr("Feature Over Time…")},
                                              {Chart::Histogram, tr("Histogram…")},
                                              {Chart::Quality, tr("Data Quality…")},
                                              {Chart::Performance, tr("Performance…")},
                                              {Chart::Fairness, tr("Fairness…")}};
    for (const auto &[chart, label] : charts) {
        exportMenu->addAction(label, this, [this, chart = chart] {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Export Chart"), QDir::homePath(),
                tr("PNG image (*.png);;PDF document (*.pdf);;CSV table (*.csv)"));
            if (path.isEmpty())
                return;
            const QString error = exportChart(chart, path);
            if (!error.isEmpty())
                m_banner->showMessage(widgets::InlineMessage::Kind::Error, error);
        });
    }
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Snapshot…"), this, &DriftPanel::chooseSnapshotToExport);
    exportButton->setMenu(exportMenu);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Monitor:"), this));
    bar->addWidget(m_scope, 2);
    bar->addWidget(new QLabel(tr("Range:"), this));
    bar->addWidget(m_range);
    bar->addWidget(new QLabel(tr("Method:"), this));
    bar->addWidget(m_methodCombo);
    bar->addWidget(m_live);
    bar->addStretch(1);
    bar->addWidget(m_status);
    bar->addWidget(exportButton);

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_featureView, tr("Feature"));
    m_tabs->addTab(m_quality, tr("Data Quality"));
    m_tabs->addTab(m_performance, tr("Performance"));
    m_tabs->addTab(m_fairness, tr("Fairness"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("driftSplitter"));
    split->addWidget(m_heatmap);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_banner);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(m_client, &DriftClient::scopesLoaded, this, &DriftPanel::onScopes);
    connect(m_client, &DriftClient::loaded, this, &DriftPanel::onLoaded);
    connect(m_client, &DriftClient::windowsArrived, this, &DriftPanel::onWindows);
    connect(m_client, &DriftClient::busyChanged, this, &Panel::loadingChanged);
    connect(m_client, &DriftClient::sourceChanged, this, [this] {
        m_client->setLive(m_live->isChecked());
        updateBanner();
        m_client->loadScopes();
    });
    connect(m_client, &DriftClient::failed, this, [this](const QString &message) {
        m_lastError = message;
        m_banner->showMessage(widgets::InlineMessage::Kind::Error, message);
    });
    connect(m_client, &DriftClient::ruleSaved, this, [this](const QString &name) {
        m_banner->showMessage(widgets::InlineMessage::Kind::Positive,
                              tr("Saved the alert rule %1.").arg(name));
        Q_EMIT ruleSaved(name);
    });
    connect(m_client, &DriftClient::snapshotExported, this, [this](const QString &path) {
        m_banner->showMessage(widgets::InlineMessage::Kind::Positive,
                              tr("Exported the snapshot to %1.").arg(QDir::toNativeSeparators(path)));
    });
    connect(m_scope, &QComboBox::activated, this, [this] { loadCurrentScope(); });
    connect(m_range, &QComboBox::activated, this, [this] { loadCurrentScope(); });
    connect(m_methodCombo, &QComboBox::activated, this, &DriftPanel::selectMethod);
    connect(m_live, &QCheckBox::toggled, m_client, &DriftClient::setLive);
    connect(m_heatmap, &widgets::DriftHeatmap::cellClicked, this, [this](int feature, int window) {
        m_feature = feature;
        m_window = window;
        updateSelection();
    });
    connect(m_featureView, &DriftFeatureView::windowClicked, this, &DriftPanel::selectWindow);
    connect(m_quality, &widgets::TimeSeriesChart::pointClicked, this, &DriftPanel::selectWindow);
    connect(m_performance, &widgets::TimeSeriesChart::pointClicked, this, &DriftPanel::selectWindow);
    connect(m_featureView, &DriftFeatureView::thresholdEdited, this, &DriftPanel::onThresholdEdited);
    connect(m_featureView, &DriftFeatureView::saveRuleRequested, this, &DriftPanel::openSaveRuleDialog);
    updateBanner();
}

DriftPanel::~DriftPanel() = default;

QString DriftPanel::title() const
{
    return tr("Drift");
}

QIcon DriftPanel::icon() const
{
    return ui::icon(QStringLiteral("drift"));
}

void DriftPanel::refresh()
{
    if (m_client->hasSource())
        loadCurrentScope();
}

bool DriftPanel::isLoading() const
{
    return m_client->isBusy();
}

bool DriftPanel::isReadOnly() const
{
    return m_client->source() && m_client->source()->isReadOnly();
}

void DriftPanel::setSource(std::shared_ptr<DriftSource> source)
{
    m_client->setSource(std::move(source));
    m_model = {};
    m_feature = m_window = -1;
    m_featureView->setModel(nullptr);
    m_scope->clear();
    updateHeatmap();
    updateSeries();
    updateBanner();
    if (m_client->hasSource()) {
        m_client->setLive(m_live->isChecked());
        m_client->loadScopes();
    }
}

void DriftPanel::openSnapshot(const QString &path)
{
    m_lastError.clear();
    m_client->openSnapshot(path);
}

void DriftPanel::exportSnapshot(const QString &path)
{
    if (!hasData()) {
        m_banner->showMessage(widgets::InlineMessage::Kind::Warning,
                              tr("There is no drift data to export."));
        return;
    }
    m_client->exportSnapshot(m_model, path);
}

void DriftPanel::chooseSnapshotToOpen()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Drift Snapshot"), QDir::homePath(),
        tr("Drift snapshots (%1);;All files (*)").arg(kSnapshotFilter));
    if (!path.isEmpty())
        openSnapshot(path);
}

void DriftPanel::chooseSnapshotToExport()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export Drift Snapshot"), QDir::homePath(),
                                                tr("Drift snapshots (%1)").arg(kSnapshotFilter));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".mdrift");
    exportSnapshot(path);
}

void DriftPanel::onScopes(const QList<DriftScope> &scopes)
{
    m_scope->clear();
    for (const DriftScope &s : scopes)
        m_scope->addItem(s.title, s.id);
    if (scopes.isEmpty()) {
        m_banner->showMessage(widgets::InlineMessage::Kind::Information,
                              tr("No deployment or model version has drift windows yet."));
        return;
    }
    loadCurrentScope();
}

void DriftPanel::loadCurrentScope()
{
    if (m_scope->currentIndex() < 0)
        return;
    const qint64 span = m_range->currentData().toLongLong();
    qint64 to = 0, from = 0;
    if (span > 0) {
        // Relative to the newest window seen, so an old snapshot still shows its last day.
        to = m_model.windows.empty() ? QDateTime::currentMSecsSinceEpoch()
                                     : m_model.windows.back().endMs;
        from = to - span;
    }
    m_client->load(m_scope->currentData().toString(), from, to);
}

void DriftPanel::onLoaded(const DriftViewModel &model)
{
    const QString featureName = m_feature >= 0 && m_feature < m_model.featureCount()
        ? m_model.features[m_feature].name
        : QString();
    m_model = model;
    m_methodCombo->clear();
    for (const DriftMethod &m : m_model.methods)
        m_methodCombo->addItem(m.title, m.id);
    m_method = std::clamp(m_method, 0, std::max(0, int(m_model.methods.size()) - 1));
    m_methodCombo->setCurrentIndex(m_method);
    // Keep the feature across reloads; otherwise start with the most drifted one.
    m_feature = -1;
    for (int f = 0; f < m_model.featureCount(); ++f)
        if (m_model.features[f].name == featureName)
            m_feature = f;
    if (m_feature < 0 && m_model.featureCount() > 0) {
        double worst = -1;
        for (const DriftAlert &a : m_model.alerts)
            if (a.score > worst) {
                worst = a.score;
                m_feature = a.feature;
            }
        if (m_feature < 0)
            m_feature = 0;
    }
    m_window = m_model.windowCount() - 1;
    m_featureView->setModel(&m_model);
    updateHeatmap();
    updateSeries();
    updateSelection();
    updateBanner();
    Q_EMIT dataChanged();
}

void DriftPanel::onWindows(const DriftViewModel &windows)
{
    const bool atEnd = m_window == m_model.windowCount() - 1;
    const int before = m_model.windowCount();
    if (!m_model.append(windows)) {
        loadCurrentScope(); // the shape changed (a new feature?): load it whole
        return;
    }
    QStringList labels;
    for (int w = before; w < m_model.windowCount(); ++w)
        labels.append(windowLabel(w));
    std::vector<double> scores;
    for (int f = 0; f < m_model.featureCount(); ++f)
        for (int w = before; w < m_model.windowCount(); ++w)
            scores.push_back(m_model.score(m_method, f, w));
    if (!m_heatmap->appendWindows(labels, scores))
        updateHeatmap();
    if (atEnd)
        m_window = m_model.windowCount() - 1;
    m_featureView->reload();
    updateSeries();
    updateSelection();
    updateBanner();
    Q_EMIT dataChanged();
}

QString DriftPanel::windowLabel(int window) const
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_model.windows[std::size_t(window)].startMs),
                              QStringLiteral("MMM d HH:mm"));
}

void DriftPanel::updateHeatmap()
{
    if (m_method < 0 || m_method >= m_model.methods.size()) {
        m_heatmap->clear();
        return;
    }
    widgets::HeatmapData data;
    for (const FeatureInfo &f : m_model.features)
        data.features.append(f.name);
    for (int w = 0; w < m_model.windowCount(); ++w)
        data.windows.append(windowLabel(w));
    data.method = m_model.methods[m_method].title;
    data.higherIsWorse = m_model.methods[m_method].higherIsWorse;
    data.scores = m_model.scores[m_method].scores;
    data.thresholds = m_model.scores[m_method].thresholds;
    m_heatmap->setData(std::move(data));
    m_heatmap->setSelection(m_feature, m_window);
}

void DriftPanel::updateSeries()
{
    auto times = [this] {
        std::vector<double> x;
        for (const DriftWindow &w : m_model.windows)
            x.push_back((w.startMs + w.endMs) / 2000.0);
        return x;
    };
    const std::vector<double> x = times();
    QList<widgets::TimeSeries> quality;
    for (const QualitySeries &q : m_model.quality)
        quality.append({q.name, x, q.values, false, {}, {}, false});
    m_quality->setSeries(quality);
    QList<widgets::TimeSeries> performance;
    for (const PerformanceSeries &p : m_model.performance)
        performance.append({p.metric, x, p.values, p.estimated, p.lower, p.upper, false});
    m_performance->setSeries(performance);
}

void DriftPanel::updateSelection()
{
    m_heatmap->setSelection(m_feature, m_window);
    m_featureView->setSelection(m_method, m_feature, m_window);
    m_quality->setSelectedIndex(m_window);
    m_performance->setSelectedIndex(m_window);
    m_fairness->show(&m_model, m_window);
    if (m_feature >= 0 && m_window >= 0)
        m_status->setText(tr("%1 · %2 · %n row(s)", nullptr, int(m_model.windows[std::size_t(m_window)].rows))
                              .arg(m_model.features[m_feature].name, windowLabel(m_window)));
    else
        m_status->clear();
}

void DriftPanel::updateBanner()
{
    const bool readOnly = isReadOnly();
    m_featureView->setReadOnly(readOnly);
    m_live->setEnabled(!readOnly && m_client->hasSource());
    if (readOnly) {
        m_banner->showMessage(widgets::InlineMessage::Kind::Warning,
                              tr("Read-only snapshot: %1. Thresholds can be tried out here, but "
                                 "rules cannot be saved and no new windows arrive.")
                                  .arg(QDir::toNativeSeparators(m_client->source()->origin())));
    } else if (!m_client->hasSource()) {
        m_banner->showMessage(widgets::InlineMessage::Kind::Information,
                              tr("No drift data yet. Open a drift snapshot with File → Open Drift "
                                 "Snapshot…, or store monitoring windows in this workspace."));
    } else if (m_banner->kind() != widgets::InlineMessage::Kind::Error
               && m_banner->kind() != widgets::InlineMessage::Kind::Positive) {
        m_banner->clearMessage();
    }
}

void DriftPanel::selectFeature(int feature)
{
    if (feature < 0 || feature >= m_model.featureCount())
        return;
    m_feature = feature;
    updateSelection();
}

void DriftPanel::selectWindow(int window)
{
    if (window < 0 || window >= m_model.windowCount())
        return;
    m_window = window;
    updateSelection();
}

void DriftPanel::selectMethod(int method)
{
    if (method < 0 || method >= m_model.methods.size())
        return;
    m_method = method;
    m_methodCombo->setCurrentIndex(method);
    updateHeatmap();
    updateSelection();
}

void DriftPanel::setLive(bool live)
{
    m_live->setChecked(live);
}

void DriftPanel::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void DriftPanel::onThresholdEdited(double threshold)
{
    // The heatmap re-colours the feature's row at the threshold being tried.
    if (m_method < 0 || m_method >= m_model.scores.size() || m_feature < 0)
        return;
    m_model.scores[m_method].thresholds[std::size_t(m_feature)] = threshold;
    updateHeatmap();
}

void DriftPanel::openSaveRuleDialog()
{
    if (isReadOnly() || m_feature < 0 || m_method < 0)
        return;
    const DriftMethod &method = m_model.methods[m_method];
    const QString feature = m_model.features[m_feature].name;
    RuleDraft draft;
    draft.scope = m_model.scope.id;
    draft.feature = feature;
    draft.method = method.id;
    draft.threshold = m_featureView->threshold();
    draft.name = QStringLiteral("%1-%2").arg(feature, method.id);
    auto *dialog = new SaveRuleDialog(draft, feature, method.title, m_featureView->backtestText(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_client->saveRule(dialog->rule()); });
    dialog->open();
}

QWidget *DriftPanel::chartWidget(Chart chart) const
{
    switch (chart) {
    case Chart::Heatmap:
        return m_heatmap;
    case Chart::Line:
        return m_featureView->lineChart();
    case Chart::Histogram:
        return m_featureView->distributionChart();
    case Chart::Quality:
        return m_quality;
    case Chart::Performance:
        return m_performance;
    case Chart::Fairness:
        return m_fairness->chart();
    }
    return nullptr;
}

QString DriftPanel::chartCsv(Chart chart) const
{
    switch (chart) {
    case Chart::Heatmap:
        return m_heatmap->toCsv();
    case Chart::Line:
        return m_featureView->lineChart()->toCsv();
    case Chart::Histogram:
        return m_featureView->distributionChart()->toCsv();
    case Chart::Quality:
        return m_quality->toCsv();
    case Chart::Performance:
        return m_performance->toCsv();
    case Chart::Fairness:
        return m_fairness->chart()->toCsv();
    }
    return {};
}

QString DriftPanel::exportChart(Chart chart, const QString &path)
{
    return widgets::exportChart(chartWidget(chart), chartCsv(chart), path);
}

} // namespace mdeck::ui::drift
