#pragma once

// Triggers: cron schedules and watched data files of the pipelines stored in
// the workspace, and runs started from monitoring alerts. A due cron slot or
// a changed file is claimed in one transaction under a unique key before its
// run is created, so two schedulers never start the same run twice; after
// downtime only the latest missed slot of a schedule runs, once. tick()
// creates queued runs; the caller executes them (Executor::execute).
// Callable from any thread. Errors: those of the store; problems with one
// pipeline are reported in Tick::problems and do not stop the others.

#include "core/pipeline/run_store.h"

namespace mdeck::pipeline {

struct AlertDetails
{
    std::string rule;    // the alert rule that fired
    std::string message; // what it said
    Json details = Json::object();
};

// Creates a queued run of the stored pipeline `name`, recording the alert as
// its trigger (audited with the run's start).
Result<std::int64_t> startPipelineFromAlert(RunStore &runs, const auth::Actor &actor,
                                            const std::string &name, const AlertDetails &alert);

class Scheduler
{
public:
    // `id` names this scheduler in trigger claims ("" = host:pid).
    explicit Scheduler(RunStore &runs, std::string id = {});

    struct Tick
    {
        std::vector<std::int64_t> created; // queued runs this scheduler claimed
        std::vector<std::string> problems; // one line per pipeline that could not be checked
    };
    Result<Tick> tick(const auth::Actor &actor, std::int64_t nowSeconds);

    // Queued runs from triggers (not manual ones) that no process has started.
    Result<std::vector<std::int64_t>> orphanedRuns();

    const std::string &id() const { return m_id; }

private:
    RunStore &m_runs;
    std::string m_id;
};

} // namespace mdeck::pipeline
