// EngineBridge's pipeline calls: lists, runs, cancellation and reports.

#include "ui/engine_bridge.h"

#include "ui/engine_bridge_p.h"

#include "core/common/files.h"
#include "core/pipeline/executor.h"

#include <chrono>
#include <thread>

namespace mdeck::ui {

quint64 EngineBridge::loadPipelines(int runLimit)
{
    if (!m_engine)
        return failLater(QStringLiteral("pipelines"), tr("No workspace is open."));
    return start<PipelineOverview>(
        QStringLiteral("pipelines"),
        [engine = m_engine, runLimit](TaskContext &) -> Result<PipelineOverview> {
            pipeline::RunStore runs(*engine->workspace);
            PipelineOverview overview;
            auto defs = runs.listDefinitions();
            if (!defs)
                return defs.error();
            overview.definitions = std::move(*defs);
            auto list = runs.list({{}, runLimit});
            if (!list)
                return list.error();
            overview.runs = std::move(*list);
            return overview;
        },
        [this](quint64 ticket, PipelineOverview overview) {
            Q_EMIT pipelinesLoaded(ticket, overview);
        });
}

quint64 EngineBridge::loadPipelineRun(qint64 runId)
{
    if (!m_engine)
        return failLater(QStringLiteral("pipeline-run"), tr("No workspace is open."));
    return start<pipeline::RunRecord>(
        QStringLiteral("pipeline-run"),
        [engine = m_engine, runId](TaskContext &) -> Result<pipeline::RunRecord> {
            return pipeline::RunStore(*engine->workspace).get(runId);
        },
        [this](quint64 ticket, pipeline::RunRecord run) { Q_EMIT pipelineRunLoaded(ticket, run); });
}

namespace {

// Runs `work` with a stop token that fires when the task is cancelled (the
// bridge closes): the executor itself never calls back into the task context.
template<typename Context, typename Work>
Result<pipeline::RunRecord> withCancellation(Context &ctx, Work work)
{
    std::stop_source stop;
    std::jthread watcher([&ctx, stop](std::stop_token done) mutable {
        while (!done.stop_requested()) {
            if (ctx.cancelled()) {
                stop.request_stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    return work(stop.get_token());
}

pipeline::ExecutorOptions consoleOptions()
{
    pipeline::ExecutorOptions options;
    options.logFlushMs = 300; // the panel follows live logs from the database
    return options;
}

} // namespace

quint64 EngineBridge::runPipeline(const QString &fileOrName,
                                  const std::map<std::string, std::string> &params)
{
    if (!m_engine)
        return failLater(QStringLiteral("pipeline"), tr("No workspace is open."));
    return start<pipeline::RunRecord>(
        QStringLiteral("pipeline"),
        [engine = m_engine, actor = m_actor, name = fileOrName.toStdString(),
         params](TaskContext &ctx) -> Result<pipeline::RunRecord> {
            Result<pipeline::Definition> def = Error(ErrorCode::NotFound, {});
            if (fileExists(name)) {
                def = pipeline::loadDefinition(name, params);
            } else {
                pipeline::RunStore runs(*engine->workspace);
                auto stored = runs.getDefinition(name);
                if (!stored)
                    return Error(ErrorCode::NotFound,
                                 "'" + name + "' is neither a pipeline file nor a stored pipeline");
                def = pipeline::parseDefinition(stored->yaml, stored->name, params, stored->baseDir);
            }
            if (!def)
                return def.error();
            return withCancellation(ctx, [&](std::stop_token stop) {
                pipeline::Executor executor(*engine->workspace, *engine->registry, consoleOptions());
                return executor.run(actor, *def, stop);
            });
        },
        [this](quint64 ticket, pipeline::RunRecord run) {
            Q_EMIT pipelineRunFinished(ticket, run);
            Q_EMIT registryChanged(); // a register step may have added a version
        });
}

quint64 EngineBridge::rerunPipelineRun(qint64 runId)
{
    if (!m_engine)
        return failLater(QStringLiteral("pipeline"), tr("No workspace is open."));
    return start<pipeline::RunRecord>(
        QStringLiteral("pipeline"),
        [engine = m_engine, actor = m_actor,
         runId](TaskContext &ctx) -> Result<pipeline::RunRecord> {
            auto old = pipeline::RunStore(*engine->workspace).get(runId, false);
            if (!old)
                return old.error();
            auto def = pipeline::parseDefinition(old->yaml, old->pipeline, old->params,
                                                 old->baseDir);
            if (!def)
                return def.error();
            return withCancellation(ctx, [&](std::stop_token stop) {
                pipeline::Executor executor(*engine->workspace, *engine->registry, consoleOptions());
                return executor.run(actor, *def, stop, "manual",
                                    {{"rerun_of", static_cast<std::int64_t>(runId)}});
            });
        },
        [this](quint64 ticket, pipeline::RunRecord run) {
            Q_EMIT pipelineRunFinished(ticket, run);
            Q_EMIT registryChanged();
        });
}

quint64 EngineBridge::resumePipelineRun(qint64 runId, const QString &fromStep)
{
    if (!m_engine)
        return failLater(QStringLiteral("pipeline"), tr("No workspace is open."));
    return start<pipeline::RunRecord>(
        QStringLiteral("pipeline"),
        [engine = m_engine, actor = m_actor, runId,
         from = fromStep.toStdString()](TaskContext &ctx) -> Result<pipeline::RunRecord> {
            return withCancellation(ctx, [&](std::stop_token stop) {
                pipeline::Executor executor(*engine->workspace, *engine->registry, consoleOptions());
                return executor.resume(actor, runId, from, stop);
            });
        },
        [this](quint64 ticket, pipeline::RunRecord run) {
            Q_EMIT pipelineRunFinished(ticket, run);
            Q_EMIT registryChanged();
        });
}

quint64 EngineBridge::cancelPipelineRun(qint64 runId)
{
    if (!m_engine)
        return failLater(QStringLiteral("pipeline-cancel"), tr("No workspace is open."));
    return start<qint64>(
        QStringLiteral("pipeline-cancel"),
        [engine = m_engine, actor = m_actor, runId](TaskContext &) -> Result<qint64> {
            MDECK_TRY(pipeline::RunStore(*engine->workspace).requestCancel(actor, runId));
            return runId;
        },
        [this](quint64 ticket, qint64 id) { Q_EMIT pipelineCancelRequested(ticket, id); });
}

quint64 EngineBridge::loadStepReport(qint64 runId, const QString &step)
{
    if (!m_engine)
        return failLater(QStringLiteral("pipeline-report"), tr("No workspace is open."));
    return start<Json>(
        QStringLiteral("pipeline-report"),
        [engine = m_engine, runId, name = step.toStdString()](TaskContext &) -> Result<Json> {
            auto run = pipeline::RunStore(*engine->workspace).get(runId);
            if (!run)
                return run.error();
            for (const auto &s : run->steps) {
                if (s.name != name)
                    continue;
                for (const auto &a : s.outputs) {
                    if (a.name != "report")
                        continue;
                    auto path = engine->registry->artifacts().verified(a.sha256, a.size,
                                                                       "the report of step '" + name
                                                                           + "'");
                    if (!path)
                        return path.error();
                    auto text = readFile(*path, 64 << 20);
                    if (!text)
                        return text.error();
                    return parseJson(*text, *path);
                }
                return Error(ErrorCode::NotFound, "step '" + name + "' has no report");
            }
            return Error(ErrorCode::NotFound,
                         "run " + std::to_string(runId) + " has no step '" + name + "'");
        },
        [this, step](quint64 ticket, Json report) {
            Q_EMIT stepReportLoaded(ticket, step, report);
        });
}

} // namespace mdeck::ui
