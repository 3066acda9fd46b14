// EngineBridge's data, training and benchmark calls (the registry calls are
// in engine_bridge.cpp).

#include "ui/engine_bridge.h"

#include "ui/engine_bridge_p.h"
#include "ui/live_feed.h"

#include "core/common/json.h"
#include "core/data/csv_reader.h"
#include "core/training/benchmark.h"
#include "core/training/loaded_model.h"

#include <filesystem>
#include <mutex>

namespace mdeck::ui {

namespace {

// What a worker appends and the GUI swaps out (live-chart pattern, see LiveFeed).
template<typename T>
struct Pending
{
    std::mutex mutex;
    T value;
};

std::string trainingDir()
{
    std::error_code ec;
    const auto dir = std::filesystem::temp_directory_path(ec) / "modeldeck-training";
    std::filesystem::create_directories(dir, ec);
    return dir.string();
}

// The package of a run nobody registered is removed with the last reference to it.
TrainedModel keepOutcome(training::TrainOutcome &&outcome)
{
    return TrainedModel(new training::TrainOutcome(std::move(outcome)),
                        [](training::TrainOutcome *o) {
                            std::error_code ec;
                            if (!o->packagePath.empty())
                                std::filesystem::remove(o->packagePath, ec);
                            delete o;
                        });
}

} // namespace

LiveFeed *EngineBridge::beginJob(std::stop_source stop)
{
    auto *feed = new LiveFeed(this);
    m_jobs[m_lastTicket + 1] = Job{std::move(stop), feed};
    return feed;
}

void EngineBridge::endJob(quint64 ticket)
{
    auto it = m_jobs.find(ticket);
    if (it == m_jobs.end())
        return;
    if (LiveFeed *feed = it->second.feed) {
        // The last merge goes out before the answer.
        Q_EMIT feed->ready();
        feed->deleteLater();
    }
    m_jobs.erase(it);
}

void EngineBridge::cancel(quint64 ticket)
{
    if (auto it = m_jobs.find(ticket); it != m_jobs.end())
        it->second.stop.request_stop();
}

quint64 EngineBridge::loadDataset(const QString &path,
                                  const std::map<std::string, data::ColumnType> &typeOverrides)
{
    return start<DatasetSchema>(
        QStringLiteral("dataset"),
        [path, typeOverrides](TaskContext &ctx) -> Result<DatasetSchema> {
            data::CsvOptions options;
            options.typeOverrides = typeOverrides;
            options.computeSha256 = false;
            auto table = data::readCsv(
                path.toStdString(), options,
                [&ctx](std::uint64_t done, std::uint64_t total) {
                    ctx.step(static_cast<int>(total ? 1000 * done / total : 0), 1000);
                },
                ctx.stopToken());
            if (!table)
                return table.error();
            data::DatasetProfile profile = data::profileTable(*table);
            DatasetSchema schema{path, table->rows, std::move(profile.columns)};
            // The samples are for drift checks; a schema view needs none of them.
            for (data::ColumnProfile &column : schema.columns)
                column.sample.clear();
            return schema;
        },
        [this](quint64 ticket, DatasetSchema schema) { Q_EMIT datasetLoaded(ticket, schema); });
}

quint64 EngineBridge::train(const training::TrainRequest &request)
{
    std::stop_source stop;
    LiveFeed *feed = beginJob(stop);
    auto pending = std::make_shared<Pending<TrainingUpdate>>();
    const quint64 ticket = m_lastTicket + 1;
    connect(feed, &LiveFeed::ready, this, [this, pending, ticket] {
        TrainingUpdate update;
        {
            const std::lock_guard lock(pending->mutex);
            update = pending->value;
            pending->value.epochs.clear();
        }
        Q_EMIT trainingProgress(ticket, update);
    });
    const quint64 started = start<TrainedModel>(
        QStringLiteral("train"),
        [request, stop, pending, feed](TaskContext &ctx) mutable -> Result<TrainedModel> {
            auto outcome = training::runTraining(
                request, trainingDir(),
                [&](const training::TrainProgress &p) {
                    if (ctx.stopToken().stop_requested())
                        stop.request_stop();
                    {
                        const std::lock_guard lock(pending->mutex);
                        pending->value.stage = QString::fromStdString(p.stage);
                        pending->value.fraction = p.fraction;
                        if (p.epoch) {
                            pending->value.etaSeconds = p.epoch->etaSeconds;
                            pending->value.epochs.push_back(*p.epoch);
                        }
                    }
                    feed->notify();
                    ctx.step(static_cast<int>(p.fraction * 1000), 1000);
                },
                stop.get_token());
            if (!outcome)
                return outcome.error();
            return keepOutcome(std::move(*outcome));
        },
        [this](quint64 ticket, TrainedModel trained) {
            endJob(ticket);
            Q_EMIT trainingFinished(ticket, trained);
        });
    Q_ASSERT(started == ticket);
    return started;
}

quint64 EngineBridge::registerTrained(const QString &model, const TrainedModel &trained,
                                      const QString &description)
{
    if (!m_engine)
        return failLater(QStringLiteral("register"), tr("No workspace is open."));
    return start<registry::ModelVersion>(
        QStringLiteral("register"),
        [engine = m_engine, actor = m_actor, name = model.toStdString(), trained,
         text = description.toStdString()](TaskContext &) -> Result<registry::ModelVersion> {
            if (!engine->registry->getModel(name)) {
                const training::ModelPackage &p = trained->package;
                auto created = engine->registry->createModel(actor, name,
                                                             "Trained in ModelDeck to predict "
                                                                 + p.target + ".",
                                                             {{"task", ml::taskName(p.task)}});
                if (!created)
                    return created.error();
            }
            return training::registerOutcome(*engine->registry, actor, name, *trained, text);
        },
        [this](quint64 ticket, registry::ModelVersion version) {
            Q_EMIT versionRegistered(ticket, version);
            Q_EMIT registryChanged();
        });
}

quint64 EngineBridge::runBenchmark(const QString &model, const QString &reference,
                                   const training::BenchOptions &options)
{
    if (!m_engine)
        return failLater(QStringLiteral("benchmark"), tr("No workspace is open."));
    std::stop_source stop;
    LiveFeed *feed = beginJob(stop);
    auto pending = std::make_shared<Pending<BenchmarkUpdate>>();
    const quint64 ticket = m_lastTicket + 1;
    connect(feed, &LiveFeed::ready, this, [this, pending, ticket] {
        BenchmarkUpdate update;
        {
            const std::lock_guard lock(pending->mutex);
            update = pending->value;
            pending->value.batches.clear();
        }
        Q_EMIT benchmarkProgress(ticket, update);
    });
    const quint64 started = start<BenchmarkRun>(
        QStringLiteral("benchmark"),
        [engine = m_engine, actor = m_actor, name = model.toStdString(),
         ref = reference.toStdString(), options, stop, pending,
         feed](TaskContext &ctx) mutable -> Result<BenchmarkRun> {
            auto loaded = training::LoadedModel::load(*engine->registry, name, ref);
            if (!loaded)
                return loaded.error();
            auto report = training::runBenchmark(
                *loaded, options,
                [&](double fraction, const training::BatchResult *finished) {
                    if (ctx.stopToken().stop_requested())
                        stop.request_stop();
                    {
                        const std::lock_guard lock(pending->mutex);
                        pending->value.fraction = fraction;
                        if (finished)
                            pending->value.batches.push_back(*finished);
                    }
                    feed->notify();
                    ctx.step(static_cast<int>(fraction * 1000), 1000);
                },
                stop.get_token());
            if (!report)
                return report.error();
            auto record = engine->registry
                              ->addBenchmark(actor, name, loaded->version().version, report->device,
                                             report->hardware.dump(),
                                             training::benchResultsToJson(*report).dump());
            if (!record)
                return record.error();
            return BenchmarkRun{std::move(*record), std::move(*report)};
        },
        [this](quint64 ticket, BenchmarkRun run) {
            endJob(ticket);
            Q_EMIT benchmarkFinished(ticket, run);
        });
    Q_ASSERT(started == ticket);
    return started;
}

quint64 EngineBridge::loadBenchmarks(const QString &model)
{
    if (!m_engine)
        return failLater(QStringLiteral("benchmarks"), tr("No workspace is open."));
    return start<BenchmarkHistory>(
        QStringLiteral("benchmarks"),
        [engine = m_engine, model](TaskContext &) -> Result<BenchmarkHistory> {
            auto records = engine->registry->listBenchmarks(model.toStdString());
            if (!records)
                return records.error();
            return BenchmarkHistory{model, std::move(*records)};
        },
        [this](quint64 ticket, BenchmarkHistory history) {
            Q_EMIT benchmarksLoaded(ticket, history);
        });
}

} // namespace mdeck::ui
