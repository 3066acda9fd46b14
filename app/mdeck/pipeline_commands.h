#pragma once

// The `mdeck pipeline …` and `mdeck scheduler` verbs: run, validate, add,
// list, runs, show, cancel and resume pipelines; run the trigger loop.
// Wired to CLI11 in pipeline_cli.cpp.

#include "app/mdeck/command_context.h"

#include <optional>
#include <string>
#include <vector>

namespace mdeck::cli {

struct PipelineRunOptions
{
    std::string file;                // a YAML file, or the name of a stored pipeline
    std::vector<std::string> params; // "k=v"
    std::string junit;               // write a JUnit XML report here
    int workers = 0;
    bool quiet = false;
};
struct PipelineValidateOptions
{
    std::string file;
    std::vector<std::string> params;
};
struct PipelineAddOptions
{
    std::string file;
};
struct PipelineRunsOptions
{
    std::string pipeline;
    int limit = 50;
};
struct PipelineShowOptions
{
    std::int64_t run = 0;
    std::string log; // print this step's log
};
struct PipelineRunRefOptions
{
    std::int64_t run = 0;
    std::string from; // resume: re-run from this step
    int workers = 0;
    bool quiet = false;
};
struct SchedulerOptions
{
    bool once = false;
    int interval = 30; // seconds between ticks
    std::string now;   // ISO time to tick at (for tests); "" = the clock
    int workers = 0;
};

Result<void> pipelineRun(CommandContext &ctx, const PipelineRunOptions &o);
Result<void> pipelineValidate(CommandContext &ctx, const PipelineValidateOptions &o);
Result<void> pipelineAdd(CommandContext &ctx, const PipelineAddOptions &o);
Result<void> pipelineList(CommandContext &ctx);
Result<void> pipelineRuns(CommandContext &ctx, const PipelineRunsOptions &o);
Result<void> pipelineShow(CommandContext &ctx, const PipelineShowOptions &o);
Result<void> pipelineCancel(CommandContext &ctx, const PipelineRunRefOptions &o);
Result<void> pipelineResume(CommandContext &ctx, const PipelineRunRefOptions &o);
Result<void> runScheduler(CommandContext &ctx, const SchedulerOptions &o);

} // namespace mdeck::cli
