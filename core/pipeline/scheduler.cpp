#include "core/pipeline/scheduler.h"

#include "core/common/sha256.h"
#include "core/common/text.h"
#include "core/pipeline/cron.h"

#include <unistd.h>

namespace mdeck::pipeline {

Result<std::int64_t> startPipelineFromAlert(RunStore &runs, const auth::Actor &actor,
                                            const std::string &name, const AlertDetails &alert)
{
    auto stored = runs.getDefinition(name);
    if (!stored)
        return stored.error();
    auto def = parseDefinition(stored->yaml, stored->name, {}, stored->baseDir);
    if (!def)
        return def.error();
    const Json details = {{"rule", alert.rule},
                          {"message", alert.message},
                          {"details", alert.details}};
    return runs.createRun(actor, *def, "alert", details);
}

Scheduler::Scheduler(RunStore &runs, std::string id)
    : m_runs(runs)
    , m_id(std::move(id))
{
    if (m_id.empty()) {
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        m_id = std::string(host) + ":" + std::to_string(::getpid());
    }
}

Result<Scheduler::Tick> Scheduler::tick(const auth::Actor &actor, std::int64_t nowSeconds)
{
    auto defs = m_runs.listDefinitions();
    if (!defs)
        return defs.error();
    Tick tick;
    for (const auto &stored : *defs) {
        if (stored.schedule.empty() && stored.watch.empty())
            continue;
        auto def = parseDefinition(stored.yaml, stored.name, {}, stored.baseDir);
        if (!def) {
            tick.problems.push_back(stored.name + ": " + def.error().message);
            continue;
        }
        if (!stored.schedule.empty()) {
            auto cron = CronSchedule::parse(stored.schedule);
            if (!cron) {
                tick.problems.push_back(stored.name + ": " + cron.error().message);
                continue;
            }
            // Only the latest slot counts: after downtime a missed run runs once.
            // A slot before the pipeline was stored never runs.
            const auto slot = cron->previous(nowSeconds);
            if (slot && *slot * 1000 >= stored.createdAt / 60000 * 60000) {
                const std::string key = "cron:" + isoTime(*slot * 1000);
                auto claimed = m_runs.claimTrigger(actor, *def, key, "schedule",
                                                   {{"schedule", stored.schedule},
                                                    {"slot", isoTime(*slot * 1000)}},
                                                   m_id);
                if (!claimed)
                    tick.problems.push_back(stored.name + ": " + claimed.error().message);
                else if (*claimed)
                    tick.created.push_back(**claimed);
            }
        }
        for (const auto &path : stored.watch) {
            auto digest = sha256File(path);
            if (!digest) {
                tick.problems.push_back(stored.name + ": watched file " + digest.error().message);
                continue;
            }
            auto last = m_runs.watchHash(stored.name, path);
            if (!last) {
                tick.problems.push_back(stored.name + ": " + last.error().message);
                continue;
            }
            if (!*last) {
                // First sight of the file: remember it; only a change starts a run.
                (void) m_runs.moveWatchHash(stored.name, path, std::nullopt, digest->sha256);
                continue;
            }
            if (**last == digest->sha256)
                continue;
            auto moved = m_runs.moveWatchHash(stored.name, path, *last, digest->sha256);
            if (!moved || !*moved)
                continue; // another scheduler saw the change first
            auto claimed = m_runs.claimTrigger(actor, *def,
                                               "file:" + path + ":" + digest->sha256 + ":"
                                                   + std::to_string(nowSeconds),
                                               "file",
                                               {{"path", path},
                                                {"sha256", digest->sha256},
                                                {"previous", **last}},
                                               m_id);
            if (!claimed)
                tick.problems.push_back(stored.name + ": " + claimed.error().message);
            else if (*claimed)
                tick.created.push_back(**claimed);
        }
    }
    return tick;
}

Result<std::vector<std::int64_t>> Scheduler::orphanedRuns()
{
    auto runs = m_runs.list({{}, 1000});
    if (!runs)
        return runs.error();
    std::vector<std::int64_t> out;
    for (const auto &r : *runs)
        if (r.state == RunState::Queued && r.startedAt == 0 && r.trigger != "manual"
            && !RunLock::held(m_runs.workspace().dir(), r.id))
            out.push_back(r.id);
    return out;
}

} // namespace mdeck::pipeline
