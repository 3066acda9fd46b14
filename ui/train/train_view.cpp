#include "ui/train/train_view.h"

#include "ui/engine_bridge.h"
#include "ui/resources.h"
#include "ui/text_format.h"
#include "ui/train/hyperparameter_form.h"
#include "ui/train/schema_view.h"
#include "ui/train/training_result_view.h"
#include "widgets/inline_message.h"
#include "widgets/training_chart.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace mdeck::ui {

namespace {

constexpr int kProgressSteps = 1000;

QString formatEta(double seconds)
{
    if (seconds < 60)
        return TrainView::tr("about %n s left", nullptr, qMax(1, qRound(seconds)));
    return TrainView::tr("about %n min left", nullptr, qRound(seconds / 60));
}

} // namespace

TrainView::TrainView(EngineBridge *bridge, QWidget *parent)
    : QWidget(parent)
    , m_bridge(bridge)
{
    setObjectName(QStringLiteral("trainView"));
    setAcceptDrops(true);

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->setObjectName(QStringLiteral("trainTopSplitter"));
    top->addWidget(createDataSide());
    top->addWidget(createSettingsSide());
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    top->setSizes({540, 560});

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->setObjectName(QStringLiteral("trainBottomSplitter"));
    m_chart = new widgets::TrainingChart(bottom);
    m_chart->setObjectName(QStringLiteral("trainingChart"));
    auto *resultBox = new QGroupBox(tr("Result"), bottom);
    m_result = new TrainingResultView(resultBox);
    auto *resultLayout = new QVBoxLayout(resultBox);
    resultLayout->addWidget(m_result);
    bottom->addWidget(m_chart);
    bottom->addWidget(resultBox);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 1);
    bottom->setSizes({500, 600});

    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("trainSplitter"));
    m_split->addWidget(top);
    m_split->addWidget(bottom);
    m_split->setSizes({400, 330});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_split);

    connect(m_bridge, &EngineBridge::datasetLoaded, this, &TrainView::onDatasetLoaded);
    connect(m_bridge, &EngineBridge::trainingProgress, this, &TrainView::onTrainingProgress);
    connect(m_bridge, &EngineBridge::trainingFinished, this, &TrainView::onTrainingFinished);
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64 ticket, const QString &, const QString &message) {
                onFailed(ticket, message);
            });
    connect(m_bridge, &EngineBridge::versionRegistered, this,
            [this](quint64 ticket, const registry::ModelVersion &version) {
                if (ticket != m_registerTicket)
                    return;
                m_registerTicket = 0;
                m_result->setRegistered(toQ(version.model), version.version);
                updateActions();
            });
    connect(m_bridge, &EngineBridge::actorChanged, this, &TrainView::updateActions);
    connect(m_bridge, &EngineBridge::workspaceOpened, this, &TrainView::updateActions);
    connect(m_result, &TrainingResultView::registerRequested, this, &TrainView::registerResult);
    updateActions();
}

QWidget *TrainView::createDataSide()
{
    auto *box = new QGroupBox(tr("Data"), this);
    m_open = new QPushButton(icon(QStringLiteral("open")), tr("Open CSV…"), box);
    m_open->setObjectName(QStringLiteral("openCsvButton"));
    m_pathLabel = new QLabel(tr("Choose a CSV file or drop one here."), box);
    m_pathLabel->setObjectName(QStringLiteral("csvPathLabel"));
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dataMessage = new widgets::InlineMessage(box);
    m_dataMessage->setObjectName(QStringLiteral("datasetError"));
    m_dataMessage->hide();
    m_schema = new SchemaView(box);
    connect(m_open, &QPushButton::clicked, this, &TrainView::chooseCsv);
    connect(m_schema, &SchemaView::typesChanged, this, &TrainView::reload);
    connect(m_schema, &SchemaView::rolesChanged, this, &TrainView::updateActions);

    auto *row = new QHBoxLayout;
    row->addWidget(m_open);
    row->addWidget(m_pathLabel, 1);
    auto *layout = new QVBoxLayout(box);
    layout->addLayout(row);
    layout->addWidget(m_dataMessage);
    layout->addWidget(m_schema, 1);
    return box;
}

QWidget *TrainView::createSettingsSide()
{
    auto *box = new QGroupBox(tr("Model and training"), this);
    m_form = new HyperparameterForm(box);
    auto *scroll = new QScrollArea(box);
    scroll->setObjectName(QStringLiteral("hyperparameterScroll"));
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_formMessage = new widgets::InlineMessage(box);
    m_formMessage->setObjectName(QStringLiteral("formProblems"));
    m_formMessage->hide();
    m_train = new QPushButton(icon(QStringLiteral("train")), tr("Train"), box);
    m_train->setObjectName(QStringLiteral("trainButton"));
    m_train->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), box);
    m_cancel->setObjectName(QStringLiteral("cancelTrainingButton"));
    m_progress = new QProgressBar(box);
    m_progress->setObjectName(QStringLiteral("trainProgress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_stage = new QLabel(box);
    m_stage->setObjectName(QStringLiteral("trainStageLabel"));
    connect(m_train, &QPushButton::clicked, this, &TrainView::startTraining);
    connect(m_cancel, &QPushButton::clicked, this, &TrainView::cancelTraining);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_train);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_formMessage);
    layout->addLayout(buttons);
    layout->addWidget(m_stage);
    return box;
}

void TrainView::chooseCsv()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open CSV File"),
                                                      m_path.isEmpty() ? QDir::homePath()
                                                                       : QFileInfo(m_path).path(),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        loadCsv(path);
}

void TrainView::loadCsv(const QString &path)
{
    if (path != m_path)
        m_schema->clear();
    m_path = path;
    m_pathLabel->setText(QDir::toNativeSeparators(path));
    reload();
}

void TrainView::reload()
{
    m_dataMessage->clearMessage();
    m_dataMessage->hide();
    m_loadTicket = m_bridge->loadDataset(m_path, m_schema->typeOverrides());
    updateActions();
}

void TrainView::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void TrainView::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    loadCsv(urls.first().toLocalFile());
}

void TrainView::onDatasetLoaded(quint64 ticket, const DatasetSchema &schema)
{
    if (ticket != m_loadTicket)
        return;
    m_loadTicket = 0;
    m_schema->setSchema(schema);
    m_pathLabel->setText(
        tr("%1 · %n row(s)", nullptr, int(schema.rows)).arg(QDir::toNativeSeparators(schema.path)));
    updateActions();
}

void TrainView::startTraining()
{
    if (isTraining() || m_schema->columnCount() == 0)
        return;
    const QStringList targets = m_schema->columnsWithRole(ColumnRole::Target);
    const QStringList times = m_schema->columnsWithRole(ColumnRole::Timestamp);
    const QStringList sensitive = m_schema->columnsWithRole(ColumnRole::Sensitive);
    QStringList problems = m_form->problems(!times.isEmpty());
    if (targets.size() != 1)
        problems.prepend(tr("Choose one column with the role target."));
    if (!problems.isEmpty()) {
        m_formMessage->showMessage(widgets::InlineMessage::Kind::Warning,
                                   problems.join(QLatin1Char('\n')));
        return;
    }
    m_formMessage->clearMessage();
    m_formMessage->hide();

    training::TrainRequest request;
    request.dataPath = m_path.toStdString();
    request.target = targets.first().toStdString();
    for (const QString &c : m_schema->columnsWithRole(ColumnRole::Ignore))
        request.ignore.push_back(c.toStdString());
    // A timestamp column that does not split the data is still no feature.
    if (!times.isEmpty() && !m_form->timeSplit())
        request.ignore.push_back(times.first().toStdString());
    if (!sensitive.isEmpty())
        request.sensitiveColumn = sensitive.first().toStdString();
    request.typeOverrides = m_schema->typeOverrides();
    m_form->fill(request, times.isEmpty() ? QString() : times.first());

    m_trained.reset();
    m_result->clear();
    m_chart->clear();
    m_metricName.clear();
    m_progress->setValue(0);
    m_stage->setText(stageTitle(QStringLiteral("reading")));
    m_trainTicket = m_bridge->train(request);
    updateActions();
}

void TrainView::cancelTraining()
{
    if (!isTraining())
        return;
    m_bridge->cancel(m_trainTicket);
    m_stage->setText(tr("Cancelling…"));
    m_cancel->setEnabled(false);
}

QString TrainView::stageTitle(const QString &stage) const
{
    if (stage == QLatin1String("reading"))
        return tr("Reading the data");
    if (stage == QLatin1String("preparing"))
        return tr("Preparing features");
    if (stage == QLatin1String("training"))
        return tr("Training");
    if (stage == QLatin1String("evaluating"))
        return tr("Evaluating on the test rows");
    if (stage == QLatin1String("packaging"))
        return tr("Writing the model package");
    return stage;
}

void TrainView::onTrainingProgress(quint64 ticket, const TrainingUpdate &update)
{
    if (ticket != m_trainTicket)
        return;
    m_progress->setValue(qRound(update.fraction * kProgressSteps));
    QList<widgets::TrainingPoint> points;
    for (const ml::EpochReport &e : update.epochs)
        points.append({e.epoch, e.trainLoss, e.validationLoss, e.validationMetric});
    if (!update.epochs.empty()) {
        const QString metric = toQ(update.epochs.back().metricName);
        if (metric != m_metricName) {
            m_metricName = metric;
            m_chart->setMetricName(metric);
        }
        m_chart->appendPoints(points);
        const ml::EpochReport &last = update.epochs.back();
        m_stage->setText(tr("%1 · epoch %2 of %3 · %4")
                             .arg(stageTitle(update.stage))
                             .arg(last.epoch)
                             .arg(last.epochs)
                             .arg(formatEta(update.etaSeconds)));
    } else if (m_cancel->isEnabled()) {
        m_stage->setText(stageTitle(update.stage));
    }
}

void TrainView::onTrainingFinished(quint64 ticket, const TrainedModel &trained)
{
    if (ticket != m_trainTicket)
        return;
    m_trainTicket = 0;
    m_trained = trained;
    m_progress->setValue(kProgressSteps);
    const int epochs = static_cast<int>(trained->history.size());
    m_stage->setText(tr("Finished after %n epoch(s).", nullptr, epochs));
    // The whole history once more, in case a merge was still on its way.
    QList<widgets::TrainingPoint> points;
    for (const ml::EpochReport &e : trained->history)
        points.append({e.epoch, e.trainLoss, e.validationLoss, e.validationMetric});
    m_chart->setPoints(points);
    m_result->setResult(trained);
    updateActions();
}

void TrainView::onFailed(quint64 ticket, const QString &message)
{
    if (ticket == m_loadTicket) {
        m_loadTicket = 0;
        m_dataMessage->showMessage(widgets::InlineMessage::Kind::Error, message);
        m_dataMessage->show();
        m_schema->clear();
        m_pathLabel->setText(QDir::toNativeSeparators(m_path));
    } else if (ticket == m_trainTicket) {
        m_trainTicket = 0;
        const bool cancelled = !m_cancel->isEnabled();
        m_progress->setValue(0);
        m_stage->setText(cancelled ? tr("Cancelled; nothing was registered.")
                                   : tr("Training failed: %1").arg(message));
    } else if (ticket == m_registerTicket) {
        m_registerTicket = 0;
    } else {
        return;
    }
    updateActions();
}

void TrainView::registerResult(const QString &model)
{
    if (!m_trained || isRegistering())
        return;
    m_registerTicket = m_bridge->registerTrained(model, m_trained,
                                                 tr("Trained in the ModelDeck console on %1.")
                                                     .arg(QFileInfo(m_path).fileName()));
    updateActions();
}

void TrainView::updateActions()
{
    const bool haveData = m_schema->columnCount() > 0 && !isLoading();
    m_open->setEnabled(!isTraining());
    m_train->setEnabled(haveData && !isTraining());
    m_cancel->setEnabled(isTraining());
    m_schema->setEnabled(!isTraining());
    const bool may = m_bridge->may(auth::Permission::ManageModels);
    m_result->setRegisterAllowed(may && !isRegistering(),
                                 may ? QString() : m_bridge->whyNot(auth::Permission::ManageModels));
}

} // namespace mdeck::ui
