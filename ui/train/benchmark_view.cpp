#include "ui/train/benchmark_view.h"

#include "ui/engine_bridge.h"
#include "ui/resources.h"
#include "ui/text_format.h"
#include "widgets/inline_message.h"
#include "widgets/latency_chart.h"
#include "widgets/throughput_chart.h"

#include "core/common/json.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace mdeck::ui {

namespace {

constexpr int kProgressSteps = 1000;
constexpr int kFixedHistoryColumns = 5; // when, version, CPU, BLAS, threads

QTableWidgetItem *numberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString rate(double rowsPerSecond)
{
    return QLocale().toString(rowsPerSecond, 'f', 0);
}

QTableWidget *table(const QString &name, QWidget *parent)
{
    auto *t = new QTableWidget(parent);
    t->setObjectName(name);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    return t;
}

std::vector<training::BatchResult> parseResults(const std::string &json)
{
    auto parsed = parseJson(json, "benchmark results");
    if (!parsed)
        return {};
    auto results = training::benchResultsFromJson(*parsed);
    return results ? std::move(*results) : std::vector<training::BatchResult>{};
}

// A stored JSON object, or an empty one when it does not parse: a table cell stays empty.
Json jsonObject(const std::string &text)
{
    auto parsed = parseJson(text, "benchmark");
    return parsed && parsed->is_object() ? *parsed : Json::object();
}

widgets::ThroughputSeries toSeries(const QString &name,
                                   const std::vector<training::BatchResult> &results)
{
    widgets::ThroughputSeries series{name, {}};
    for (const training::BatchResult &r : results)
        series.points.append(
            {r.batch, r.rowsPerSecond, r.rowsPerSecondCiLow, r.rowsPerSecondCiHigh});
    return series;
}

} // namespace

BenchmarkView::BenchmarkView(EngineBridge *bridge, QWidget *parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_model(new QComboBox(this))
    , m_reference(new QComboBox(this))
    , m_batches(new QLineEdit(QStringLiteral("1,8,64,512,4096"), this))
    , m_threads(new QSpinBox(this))
    , m_window(new QSpinBox(this))
    , m_run(new QPushButton(icon(QStringLiteral("benchmark")), tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_message(new widgets::InlineMessage(this))
    , m_table(table(QStringLiteral("benchResultsTable"), this))
    , m_latency(new widgets::LatencyChart(this))
    , m_throughput(new widgets::ThroughputChart(this))
    , m_historyTable(table(QStringLiteral("benchHistoryTable"), this))
{
    setObjectName(QStringLiteral("benchmarkView"));
    m_model->setObjectName(QStringLiteral("benchModelCombo"));
    m_model->setMinimumContentsLength(16);
    m_reference->setObjectName(QStringLiteral("benchVersionCombo"));
    m_reference->setEditable(true);
    m_reference->setMinimumContentsLength(10);
    m_batches->setObjectName(QStringLiteral("benchBatchesEdit"));
    m_threads->setObjectName(QStringLiteral("benchThreadsSpin"));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("default"));
    m_window->setObjectName(QStringLiteral("benchWindowSpin"));
    m_window->setRange(10, 60000);
    m_window->setValue(1000);
    m_window->setSuffix(tr(" ms"));
    m_run->setObjectName(QStringLiteral("runBenchmarkButton"));
    m_cancel->setObjectName(QStringLiteral("cancelBenchmarkButton"));
    m_progress->setObjectName(QStringLiteral("benchProgress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_message->setObjectName(QStringLiteral("benchMessage"));
    m_message->hide();
    m_latency->setObjectName(QStringLiteral("latencyChart"));
    m_throughput->setObjectName(QStringLiteral("throughputChart"));
    m_table->setColumnCount(7);
    m_table->setHorizontalHeaderLabels({tr("Batch"), tr("p50 µs"), tr("p90 µs"), tr("p99 µs"),
                                        tr("max µs"), tr("rows/s"), tr("95% CI")});
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_historyTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_historyTable->horizontalHeader()->setStretchLastSection(true);

    // Two rows, so that the panel still fits a 1000-pixel window.
    auto *controls = new QGridLayout;
    int column = 0;
    auto addField = [&controls, &column, this](int row, const QString &label, QWidget *field) {
        auto *l = new QLabel(label, this);
        l->setBuddy(field);
        controls->addWidget(l, row, column++);
        controls->addWidget(field, row, column++);
    };
    addField(0, tr("Model"), m_model);
    addField(0, tr("Version"), m_reference);
    addField(0, tr("Batch sizes"), m_batches);
    column = 0;
    addField(1, tr("Threads"), m_threads);
    addField(1, tr("Window"), m_window);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    controls->addLayout(buttons, 1, column, 1, 2);
    controls->setColumnStretch(5, 1);

    auto *charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_latency);
    charts->addWidget(m_throughput);
    auto *runBox = new QGroupBox(tr("This run"), this);
    auto *runLayout = new QVBoxLayout(runBox);
    runLayout->addWidget(m_table);
    auto *historyBox = new QGroupBox(tr("Earlier runs of this model (select to overlay)"), this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->addWidget(m_historyTable);
    auto *tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(runBox);
    tables->addWidget(historyBox);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("benchmarkSplitter"));
    split->addWidget(tables);
    split->addWidget(charts);
    split->setSizes({260, 420});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(controls);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    connect(m_model, &QComboBox::currentIndexChanged, this, &BenchmarkView::onModelChanged);
    connect(m_run, &QPushButton::clicked, this, &BenchmarkView::startBenchmark);
    connect(m_cancel, &QPushButton::clicked, this, &BenchmarkView::cancelBenchmark);
    connect(m_historyTable, &QTableWidget::itemSelectionChanged, this,
            &BenchmarkView::updateOverlays);
    connect(m_bridge, &EngineBridge::workspaceOpened, this, &BenchmarkView::refresh);
    connect(m_bridge, &EngineBridge::registryChanged, this, &BenchmarkView::refresh);
    connect(m_bridge, &EngineBridge::modelsLoaded, this, &BenchmarkView::onModelsLoaded);
    connect(m_bridge, &EngineBridge::benchmarkProgress, this, &BenchmarkView::onProgress);
    connect(m_bridge, &EngineBridge::benchmarkFinished, this, &BenchmarkView::onFinished);
    connect(m_bridge, &EngineBridge::benchmarksLoaded, this, &BenchmarkView::onHistoryLoaded);
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64 ticket, const QString &, const QString &message) {
                onFailed(ticket, message);
            });
    updateActions();
}

QString BenchmarkView::currentModel() const
{
    return m_model->currentText();
}

int BenchmarkView::resultCount() const
{
    return m_table->rowCount();
}

int BenchmarkView::historyCount() const
{
    return m_historyTable->rowCount();
}

void BenchmarkView::refresh()
{
    if (m_bridge->hasWorkspace())
        m_modelsTicket = m_bridge->loadModels();
}

void BenchmarkView::selectModel(const QString &model, const QString &reference)
{
    m_wantModel = model;
    m_wantReference = reference;
    const int index = m_model->findText(model);
    if (index >= 0) {
        m_model->setCurrentIndex(index);
        if (!reference.isEmpty())
            m_reference->setCurrentText(reference);
    }
}

void BenchmarkView::onModelsLoaded(quint64 ticket, const std::vector<registry::Model> &models)
{
    if (ticket != m_modelsTicket)
        return;
    m_modelsTicket = 0;
    const QString keep = m_wantModel.isEmpty() ? m_model->currentText() : m_wantModel;
    m_models = models;
    {
        const QSignalBlocker block(m_model);
        m_model->clear();
        for (const registry::Model &m : models)
            m_model->addItem(toQ(m.name));
        const int index = m_model->findText(keep);
        m_model->setCurrentIndex(index >= 0 ? index : (m_model->count() > 0 ? 0 : -1));
    }
    onModelChanged();
    if (!m_wantReference.isEmpty() && m_model->currentText() == m_wantModel)
        m_reference->setCurrentText(m_wantReference);
    m_wantModel.clear();
    m_wantReference.clear();
    updateActions();
}

void BenchmarkView::onModelChanged()
{
    m_reference->clear();
    const QString name = m_model->currentText();
    for (const registry::Model &m : m_models) {
        if (toQ(m.name) != name)
            continue;
        m_reference->addItem(QStringLiteral("latest"));
        for (const auto &[alias, version] : m.aliases)
            m_reference->addItem(toQ(alias));
        for (int v = m.latestVersion; v >= 1; --v)
            m_reference->addItem(QString::number(v));
    }
    m_history = {};
    m_historyTable->setRowCount(0);
    if (!name.isEmpty())
        m_historyTicket = m_bridge->loadBenchmarks(name);
    updateActions();
}

void BenchmarkView::startBenchmark()
{
    if (isRunning() || m_model->currentText().isEmpty())
        return;
    auto batches = training::parseBatchList(m_batches->text().toStdString());
    if (!batches) {
        m_message->showMessage(widgets::InlineMessage::Kind::Warning,
                               tr("Batch sizes: %1").arg(toQ(batches.error().message)));
        m_message->show();
        return;
    }
    m_message->clearMessage();
    m_message->hide();
    training::BenchOptions options;
    options.batches = *batches;
    options.threads = m_threads->value();
    options.windowMs = m_window->value();
    // A short window makes a short warm-up sensible too.
    options.warmupMs = std::min(options.warmupMs, options.windowMs);
    m_results.clear();
    showResults({});
    m_progress->setValue(0);
    m_runTicket = m_bridge->runBenchmark(m_model->currentText(),
                                         m_reference->currentText().trimmed(), options);
    updateActions();
}

void BenchmarkView::cancelBenchmark()
{
    if (isRunning()) {
        m_bridge->cancel(m_runTicket);
        m_cancel->setEnabled(false);
    }
}

void BenchmarkView::onProgress(quint64 ticket, const BenchmarkUpdate &update)
{
    if (ticket != m_runTicket)
        return;
    m_progress->setValue(qRound(update.fraction * kProgressSteps));
    if (update.batches.empty())
        return;
    m_results.insert(m_results.end(), update.batches.begin(), update.batches.end());
    showResults(m_results);
}

void BenchmarkView::onFinished(quint64 ticket, const BenchmarkRun &run)
{
    if (ticket != m_runTicket)
        return;
    m_runTicket = 0;
    m_progress->setValue(kProgressSteps);
    m_results = run.report.results;
    showResults(m_results);
    m_message->showMessage(widgets::InlineMessage::Kind::Positive,
                           tr("Stored with %1 version %2.")
                               .arg(toQ(run.record.model))
                               .arg(run.record.version));
    m_message->show();
    m_historyTicket = m_bridge->loadBenchmarks(toQ(run.record.model));
    updateActions();
}

void BenchmarkView::showResults(const std::vector<training::BatchResult> &results)
{
    const QLocale locale;
    m_table->setRowCount(static_cast<int>(results.size()));
    QList<widgets::LatencyPoint> latency;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const training::BatchResult &r = results[static_cast<std::size_t>(row)];
        m_table->setItem(row, 0, numberItem(QString::number(r.batch)));
        const double values[] = {r.p50Us, r.p90Us, r.p99Us, r.maxUs};
        for (int i = 0; i < 4; ++i)
            m_table->setItem(row, 1 + i, numberItem(locale.toString(values[i], 'f', 1)));
        auto *rows = numberItem(rate(r.rowsPerSecond));
        if (!r.stable)
            rows->setToolTip(tr("Not stable: the windows did not agree within the limit."));
        m_table->setItem(row, 5, rows);
        // The interval as a share of the rate: short enough for the table; the bounds in the tooltip.
        const double half = (r.rowsPerSecondCiHigh - r.rowsPerSecondCiLow) / 2;
        auto *ci = numberItem(r.rowsPerSecond > 0 ? tr("± %1 %").arg(
                                  locale.toString(100 * half / r.rowsPerSecond, 'f', 1))
                                                  : QString());
        ci->setToolTip(
            tr("%1 – %2 rows/s").arg(rate(r.rowsPerSecondCiLow), rate(r.rowsPerSecondCiHigh)));
        m_table->setItem(row, 6, ci);
        latency.append({r.batch, r.p50Us, r.p90Us, r.p99Us, r.maxUs});
    }
    m_latency->setPoints(latency);
    m_throughput->setCurrent(toSeries(tr("this run"), results));
}

void BenchmarkView::onHistoryLoaded(quint64 ticket, const BenchmarkHistory &history)
{
    if (ticket != m_historyTicket)
        return;
    m_historyTicket = 0;
    m_history = history;
    std::set<int> batches;
    std::vector<std::vector<training::BatchResult>> parsed;
    for (const registry::BenchmarkRecord &record : history.records) {
        parsed.push_back(parseResults(record.resultsJson));
        for (const training::BatchResult &r : parsed.back())
            batches.insert(r.batch);
    }
    QStringList headers{tr("When"), tr("Version"), tr("CPU (cores)"), tr("BLAS"), tr("Threads")};
    for (int b : batches)
        headers.append(tr("rows/s @%1").arg(b));
    const QSignalBlocker block(m_historyTable);
    m_historyTable->clear();
    m_historyTable->setColumnCount(static_cast<int>(headers.size()));
    m_historyTable->setHorizontalHeaderLabels(headers);
    m_historyTable->setRowCount(static_cast<int>(history.records.size()));
    for (int row = 0; row < m_historyTable->rowCount(); ++row) {
        const registry::BenchmarkRecord &record = history.records[static_cast<std::size_t>(row)];
        const Json hw = jsonObject(record.hardwareJson);
        const Json results = jsonObject(record.resultsJson);
        auto *when = new QTableWidgetItem(formatTime(record.createdAt));
        when->setData(Qt::UserRole, row);
        m_historyTable->setItem(row, 0, when);
        m_historyTable->setItem(row, 1, numberItem(QString::number(record.version)));
        m_historyTable->setItem(row, 2,
                                new QTableWidgetItem(tr("%1 (%2)")
                                                         .arg(toQ(hw.value("cpu", std::string())))
                                                         .arg(hw.value("cores", 0))));
        m_historyTable->setItem(row, 3, new QTableWidgetItem(toQ(hw.value("blas", std::string()))));
        m_historyTable->setItem(row, 4, numberItem(QString::number(results.value("threads", 0))));
        int column = kFixedHistoryColumns;
        for (int b : batches) {
            QString text;
            for (const training::BatchResult &r : parsed[static_cast<std::size_t>(row)]) {
                if (r.batch == b)
                    text = rate(r.rowsPerSecond);
            }
            m_historyTable->setItem(row, column++, numberItem(text));
        }
    }
    m_historyTable->resizeColumnsToContents();
    updateOverlays();
    updateActions();
}

void BenchmarkView::updateOverlays()
{
    QList<widgets::ThroughputSeries> overlays;
    const QModelIndexList rows = m_historyTable->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        const auto row = static_cast<std::size_t>(index.row());
        if (row >= m_history.records.size())
            continue;
        const registry::BenchmarkRecord &record = m_history.records[row];
        overlays.append(toSeries(tr("v%1, %2").arg(record.version).arg(formatTime(record.createdAt)),
                                 parseResults(record.resultsJson)));
    }
    m_throughput->setOverlays(overlays);
}

void BenchmarkView::onFailed(quint64 ticket, const QString &message)
{
    if (ticket == m_modelsTicket) {
        m_modelsTicket = 0;
    } else if (ticket == m_historyTicket) {
        m_historyTicket = 0;
    } else if (ticket == m_runTicket) {
        const bool cancelled = !m_cancel->isEnabled();
        m_runTicket = 0;
        m_progress->setValue(0);
        m_message->showMessage(cancelled ? widgets::InlineMessage::Kind::Information
                                         : widgets::InlineMessage::Kind::Error,
                               cancelled ? tr("Benchmark cancelled; nothing was stored.") : message);
        m_message->show();
    } else {
        return;
    }
    updateActions();
}

void BenchmarkView::updateActions()
{
    const bool haveModel = !m_model->currentText().isEmpty();
    m_run->setEnabled(haveModel && !isRunning());
    m_cancel->setEnabled(isRunning());
    m_model->setEnabled(!isRunning());
    m_reference->setEnabled(!isRunning());
    const bool may = m_bridge->may(auth::Permission::ManageModels);
    if (!may && m_bridge->hasWorkspace()) {
        m_run->setEnabled(false);
        m_run->setToolTip(m_bridge->whyNot(auth::Permission::ManageModels));
    } else {
        m_run->setToolTip({});
    }
}

} // namespace mdeck::ui
