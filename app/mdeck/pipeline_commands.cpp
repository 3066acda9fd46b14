#include "app/mdeck/pipeline_commands.h"

#include "app/mdeck/arguments.h"
#include "app/mdeck/job_support.h"
#include "app/mdeck/pipeline_junit.h"
#include "app/mdeck/text_table.h"
#include "core/common/files.h"
#include "core/common/text.h"
#include "core/data/csv_reader.h"
#include "core/pipeline/executor.h"
#include "core/pipeline/expectations.h"
#include "core/pipeline/scheduler.h"
#include "core/pipeline/step_log.h"

#include <chrono>
#include <filesystem>
#include <mutex>
#include <ostream>
#include <thread>

namespace mdeck::cli {

namespace {

using namespace mdeck::pipeline;

// Prints the steps' live logs on stderr, one "[step] line" at a time.
class LogPrinter
{
public:
    explicit LogPrinter(std::ostream &err)
        : m_err(err)
    {}

    void operator()(const RunEvent &e)
    {
        const std::lock_guard lock(m_mutex);
        switch (e.type) {
        case RunEvent::Type::StepStarted:
            m_err << "[" << e.step << "] started\n";
            break;
        case RunEvent::Type::StepLog: {
            std::string &partial = m_partial[e.step];
            partial += e.text;
            std::size_t nl;
            while ((nl = partial.find('\n')) != std::string::npos) {
                m_err << "[" << e.step << "] " << partial.substr(0, nl) << '\n';
                partial.erase(0, nl + 1);
            }
            if (partial.size() > 4096) {
                m_err << "[" << e.step << "] " << partial << '\n';
                partial.clear();
            }
            break;
        }
        case RunEvent::Type::StepFinished:
            if (auto &p = m_partial[e.step]; !p.empty()) {
                m_err << "[" << e.step << "] " << p << '\n';
                p.clear();
            }
            m_err << "[" << e.step << "] " << stepStateName(e.stepState)
                  << (e.text.empty() ? "" : ": " + e.text) << '\n';
            break;
        case RunEvent::Type::RunStarted:
        case RunEvent::Type::RunFinished:
            break;
        }
        m_err << std::flush;
    }

private:
    std::ostream &m_err;
    std::mutex m_mutex;
    std::map<std::string, std::string> m_partial;
};

std::string duration(std::int64_t from, std::int64_t to)
{
    if (from == 0)
        return "";
    return durationText(static_cast<double>((to ? to : nowMillis()) - from) / 1000.0);
}

Json runJson(const RunRecord &run)
{
    Json steps = Json::array();
    for (const auto &s : run.steps)
        steps.push_back({{"name", s.name},
                         {"kind", s.kind},
                         {"state", stepStateName(s.state)},
                         {"attempts", s.attempts},
                         {"started_at", s.startedAt ? Json(isoTime(s.startedAt)) : Json()},
                         {"finished_at", s.finishedAt ? Json(isoTime(s.finishedAt)) : Json()},
                         {"message", s.message},
                         {"outputs", artifactsToJson(s.outputs)},
                         {"summary", s.summary},
                         {"log_dropped_bytes", s.logDropped}});
    return {{"id", run.id},
            {"pipeline", run.pipeline},
            {"state", runStateName(run.state)},
            {"trigger", run.trigger},
            {"trigger_details", run.triggerDetails},
            {"created_by", run.createdBy},
            {"created_at", isoTime(run.createdAt)},
            {"started_at", run.startedAt ? Json(isoTime(run.startedAt)) : Json()},
            {"finished_at", run.finishedAt ? Json(isoTime(run.finishedAt)) : Json()},
            {"attempt", run.attempt},
            {"params", run.params},
            {"definition_sha256", run.definitionSha256},
            {"message", run.message},
            {"steps", steps}};
}

void printSteps(std::ostream &out, const RunRecord &run)
{
    TextTable t({"STEP", "KIND", "STATE", "TRIES", "TIME", "MESSAGE"});
    t.alignRight(3);
    for (const auto &s : run.steps)
        t.addRow({s.name, s.kind, stepStateName(s.state), std::to_string(s.attempts),
                  duration(s.startedAt, s.finishedAt), s.message.substr(0, 120)});
    t.print(out);
}

void printRunSummary(std::ostream &out, const RunRecord &run)
{
    out << "run " << run.id << " of pipeline " << run.pipeline << ": " << runStateName(run.state);
    if (run.startedAt)
        out << " in " << duration(run.startedAt, run.finishedAt);
    out << '\n';
    printSteps(out, run);
}

Result<Definition> definitionFor(CommandContext &ctx, const std::string &fileOrName,
                                 const std::map<std::string, std::string> &params)
{
    if (fileExists(fileOrName) || fileOrName.find('/') != std::string::npos
        || fileOrName.ends_with(".yaml") || fileOrName.ends_with(".yml"))
        return loadDefinition(fileOrName, params);
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    RunStore runs(**ws);
    auto stored = runs.getDefinition(fileOrName);
    if (!stored)
        return Error(ErrorCode::NotFound,
                     "'" + fileOrName
                         + "' is neither a pipeline file nor a pipeline "
                           "stored in the workspace");
    return parseDefinition(stored->yaml, stored->name, params, stored->baseDir);
}

Result<void> finishRun(CommandContext &ctx, const RunRecord &run, const std::string &junit)
{
    if (!junit.empty())
        MDECK_TRY(writeJunit(run, junit));
    if (ctx.json())
        ctx.printJson(runJson(run));
    else
        printRunSummary(ctx.out(), run);
    if (run.state != RunState::Succeeded)
        return Error(ErrorCode::Conflict,
                     "pipeline '" + run.pipeline + "' run " + std::to_string(run.id) + " "
                         + runStateName(run.state)
                         + (run.message.empty() ? "" : ": " + run.message));
    return success();
}

ExecutorOptions executorOptions(CommandContext &ctx, int workers, bool quiet)
{
    ExecutorOptions options;
    options.workers = workers;
    if (!quiet) {
        auto printer = std::make_shared<LogPrinter>(ctx.err());
        options.listener = [printer](const RunEvent &e) {
            (*printer)(e);
        };
    }
    return options;
}

} // namespace

Result<void> pipelineValidate(CommandContext &ctx, const PipelineValidateOptions &o)
{
    auto params = parseKeyValues(o.params, "--param");
    if (!params)
        return params.error();
    auto def = loadDefinition(o.file, *params);
    if (!def)
        return def.error();
    if (ctx.json()) {
        Json steps = Json::array();
        for (int i : topologicalOrder(*def))
            steps.push_back(def->steps[static_cast<std::size_t>(i)].name);
        ctx.printJson({{"valid", true},
                       {"pipeline", def->name},
                       {"order", steps},
                       {"params", def->params},
                       {"sha256", def->sha256}});
        return success();
    }
    ctx.out() << o.file << ": pipeline '" << def->name << "' is valid: " << def->steps.size()
              << " steps";
    if (!def->schedule.empty())
        ctx.out() << ", schedule '" << def->schedule << "' (UTC)";
    ctx.out() << "\norder:";
    for (int i : topologicalOrder(*def))
        ctx.out() << ' ' << def->steps[static_cast<std::size_t>(i)].name;
    ctx.out() << '\n';
    return success();
}

Result<void> pipelineRun(CommandContext &ctx, const PipelineRunOptions &o)
{
    auto params = parseKeyValues(o.params, "--param");
    if (!params)
        return params.error();
    auto def = definitionFor(ctx, o.file, *params);
    if (!def)
        return def.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto registry = ctx.registry();
    if (!registry)
        return registry.error();
    Executor executor((*registry)->workspace(), **registry,
                      executorOptions(ctx, o.workers, o.quiet || ctx.json()));
    InterruptGuard interrupt;
    auto run = executor.run(*actor, *def, interrupt.token());
    if (!run)
        return run.error();
    return finishRun(ctx, *run, o.junit);
}

Result<void> pipelineAdd(CommandContext &ctx, const PipelineAddOptions &o)
{
    auto def = loadDefinition(o.file);
    if (!def)
        return def.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    RunStore runs(**ws);
    std::error_code ec;
    const auto abs = std::filesystem::absolute(o.file, ec);
    MDECK_TRY(runs.saveDefinition(*actor, *def, ec ? o.file : abs.string()));
    ctx.out() << "stored pipeline '" << def->name << "'"
              << (def->schedule.empty() ? "" : " (schedule " + def->schedule + " UTC)") << '\n';
    return success();
}

Result<void> pipelineList(CommandContext &ctx)
{
    ctx.readOnly();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    RunStore runs(**ws);
    auto defs = runs.listDefinitions();
    if (!defs)
        return defs.error();
    Json list = Json::array();
    TextTable t({"PIPELINE", "SCHEDULE", "WATCH", "LAST RUN", "STATE", "UPDATED"});
    for (const auto &d : *defs) {
        auto last = runs.list({d.name, 1});
        const RunRecord *r = last && !last->empty() ? &last->front() : nullptr;
        list.push_back({{"name", d.name},
                        {"path", d.path},
                        {"schedule", d.schedule},
                        {"watch", d.watch},
                        {"last_run", r ? Json(r->id) : Json()},
                        {"last_state", r ? Json(runStateName(r->state)) : Json()}});
        std::string watch;
        for (const auto &w : d.watch)
            watch += (watch.empty() ? "" : ", ") + std::filesystem::path(w).filename().string();
        t.addRow({d.name, d.schedule, watch, r ? std::to_string(r->id) : "",
                  r ? runStateName(r->state) : "", isoTime(d.updatedAt)});
    }
    if (ctx.json())
        ctx.printJson(list);
    else if (t.empty())
        ctx.out() << "no stored pipelines; add one with 'mdeck pipeline add FILE'\n";
    else
        t.print(ctx.out());
    return success();
}

Result<void> pipelineRuns(CommandContext &ctx, const PipelineRunsOptions &o)
{
    ctx.readOnly();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    RunStore runs(**ws);
    auto list = runs.list({o.pipeline, o.limit});
    if (!list)
        return list.error();
    if (ctx.json()) {
        Json out = Json::array();
        for (const auto &r : *list)
            out.push_back(runJson(r));
        ctx.printJson(out);
        return success();
    }
    TextTable t({"RUN", "PIPELINE", "STATE", "TRIGGER", "STARTED", "DURATION", "BY"});
    t.alignRight(0);
    for (const auto &r : *list)
        t.addRow({std::to_string(r.id), r.pipeline, runStateName(r.state), r.trigger,
                  r.startedAt ? isoTime(r.startedAt) : "", duration(r.startedAt, r.finishedAt),
                  r.createdBy});
    if (t.empty())
        ctx.out() << "no runs\n";
    else
        t.print(ctx.out());
    return success();
}

Result<void> pipelineShow(CommandContext &ctx, const PipelineShowOptions &o)
{
    ctx.readOnly();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    RunStore runs(**ws);
    auto run = runs.get(o.run);
    if (!run)
        return run.error();
    if (!o.log.empty()) {
        for (const auto &s : run->steps)
            if (s.name == o.log) {
                ctx.out() << StepLog::render(s.logHead, s.logTail, s.logDropped);
                return success();
            }
        return Error(ErrorCode::NotFound,
                     "run " + std::to_string(o.run) + " has no step '" + o.log + "'");
    }
    if (ctx.json()) {
        ctx.printJson(runJson(*run));
        return success();
    }
    FieldList f;
    f.add("run", std::to_string(run->id));
    f.add("pipeline", run->pipeline);
    f.add("state", runStateName(run->state));
    f.add("trigger", run->trigger);
    f.add("by", run->createdBy);
    f.add("created", isoTime(run->createdAt));
    if (run->startedAt)
        f.add("duration", duration(run->startedAt, run->finishedAt));
    f.add("attempt", std::to_string(run->attempt));
    std::string params;
    for (const auto &[k, v] : run->params)
        params += (params.empty() ? "" : ", ") + k + "=" + v;
    f.add("params", params);
    if (!run->message.empty())
        f.add("message", run->message);
    f.print(ctx.out());
    ctx.out() << '\n';
    printSteps(ctx.out(), *run);
    registry::ArtifactStore store((*ws)->artifactsDir());
    for (const auto &s : run->steps) {
        if (s.outputs.empty())
            continue;
        ctx.out() << "\n" << s.name << " outputs:\n";
        for (const auto &a : s.outputs)
            ctx.out() << "  " << a.name << "  sha256:" << a.sha256 << "  " << a.size << " bytes\n";
        if (s.kind != "validate")
            continue;
        for (const auto &a : s.outputs) {
            auto path = store.verified(a.sha256, a.size, "validation report");
            if (!path)
                continue;
            auto text = readFile(*path, 64 << 20);
            auto report = text ? parseJson(*text, *path) : Result<Json>(text.error());
            if (report)
                ctx.out() << describeReport(*report);
        }
    }
    return success();
}

Result<void> pipelineCancel(CommandContext &ctx, const PipelineRunRefOptions &o)
{
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    RunStore runs(**ws);
    MDECK_TRY(runs.requestCancel(*actor, o.run));
    ctx.out() << "asked run " << o.run << " to cancel\n";
    return success();
}

Result<void> pipelineResume(CommandContext &ctx, const PipelineRunRefOptions &o)
{
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto registry = ctx.registry();
    if (!registry)
        return registry.error();
    Executor executor((*registry)->workspace(), **registry,
                      executorOptions(ctx, o.workers, o.quiet || ctx.json()));
    InterruptGuard interrupt;
    auto run = executor.resume(*actor, o.run, o.from, interrupt.token());
    if (!run)
        return run.error();
    return finishRun(ctx, *run, {});
}

Result<void> runScheduler(CommandContext &ctx, const SchedulerOptions &o)
{
    std::optional<std::int64_t> fixedNow;
    if (!o.now.empty()) {
        auto t = data::parseDatetime(o.now);
        if (!t)
            return Error(ErrorCode::InvalidArgument,
                         "--now '" + o.now + "' is not a time such as 2026-01-31T04:00");
        fixedNow = static_cast<std::int64_t>(*t);
    }
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto registry = ctx.registry();
    if (!registry)
        return registry.error();
    Executor executor((*registry)->workspace(), **registry, executorOptions(ctx, o.workers, true));
    Scheduler scheduler(executor.runs());
    InterruptGuard interrupt;
    std::vector<std::jthread> running;
    std::mutex outMutex;
    auto start = [&](std::int64_t id) {
        running.emplace_back([&, id] {
            auto run = executor.execute(*actor, id, interrupt.token());
            const std::lock_guard lock(outMutex);
            if (run)
                ctx.out() << "run " << id << " of " << run->pipeline << ": "
                          << runStateName(run->state) << '\n'
                          << std::flush;
            else if (run.error().code != ErrorCode::Conflict)
                ctx.err() << "mdeck: run " << id << ": " << run.error().message << '\n';
        });
    };
    while (!interrupt.interrupted()) {
        const std::int64_t now = fixedNow ? *fixedNow
                                          : std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count();
        auto tick = scheduler.tick(*actor, now);
        if (!tick)
            return tick.error();
        for (const auto &p : tick->problems) {
            const std::lock_guard lock(outMutex);
            ctx.warn(p);
        }
        {
            const std::lock_guard lock(outMutex);
            for (auto id : tick->created)
                ctx.out() << "started run " << id << '\n' << std::flush;
        }
        for (auto id : tick->created)
            start(id);
        if (auto orphans = scheduler.orphanedRuns(); orphans)
            for (auto id : *orphans)
                start(id);
        if (o.once)
            break;
        for (int i = 0; i < o.interval * 10 && !interrupt.interrupted(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    running.clear(); // waits for the runs this scheduler started
    return success();
}

} // namespace mdeck::cli
