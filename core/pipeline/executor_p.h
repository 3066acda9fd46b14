#pragma once

// The execution of one run (run_execution.cpp), behind Executor. The caller
// holds the run's lock and has checked that the run is queued. Private to
// core/pipeline.

#include "core/pipeline/executor.h"

namespace mdeck::pipeline::detail {

Result<RunRecord> executeRun(store::Workspace &workspace, registry::ModelRegistry &registry,
                             RunStore &runs, const ExecutorOptions &options,
                             const auth::Actor &actor, RunRecord run, Definition definition,
                             std::stop_token stop);

} // namespace mdeck::pipeline::detail
