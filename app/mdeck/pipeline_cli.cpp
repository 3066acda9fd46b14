#include "app/mdeck/cli_wiring.h"
#include "app/mdeck/pipeline_commands.h"

// Wires `mdeck pipeline …` and `mdeck scheduler` to CLI11.

namespace mdeck::cli {

void addPipelineCommands(CLI::App &app, Selection &sel)
{
    CLI::App *group = app.add_subcommand("pipeline", "Pipelines: validate, run and inspect DAGs");
    group->require_subcommand(1);
    {
        auto o = std::make_shared<PipelineRunOptions>();
        CLI::App *sub = group->add_subcommand(
            "run", "Run a pipeline file (or a stored pipeline); exit status 1 when it fails");
        sub->add_option("FILE", o->file, "the pipeline YAML file, or a stored pipeline's name")
            ->required();
        sub->add_option("--param", o->params, "override a parameter KEY=VALUE (repeatable)")
            ->check(keyValue("param"));
        sub->add_option("--junit", o->junit, "write a JUnit XML report of the steps here");
        sub->add_option("--workers", o->workers,
                        "steps run at once (default: the cores it may run on, at most 8)")
            ->check(CLI::Range(1, 64));
        sub->add_flag("--quiet,-q", o->quiet, "do not stream step logs on stderr");
        select(sub, sel, o, pipelineRun);
    }
    {
        auto o = std::make_shared<PipelineValidateOptions>();
        CLI::App *sub = group->add_subcommand("validate",
                                              "Check a pipeline file without running it");
        sub->add_option("FILE", o->file, "the pipeline YAML file")->required();
        sub->add_option("--param", o->params, "override a parameter KEY=VALUE (repeatable)")
            ->check(keyValue("param"));
        sub->callback([&sel, o] {
            sel.needsWorkspace = false;
            sel.run = [o](CommandContext &ctx) {
                return pipelineValidate(ctx, *o);
            };
        });
    }
    {
        auto o = std::make_shared<PipelineAddOptions>();
        CLI::App *sub = group->add_subcommand(
            "add", "Store (or update) a pipeline in the workspace for its schedule and triggers");
        sub->add_option("FILE", o->file, "the pipeline YAML file")->required();
        select(sub, sel, o, pipelineAdd);
    }
    selectPlain(group->add_subcommand("list", "List the stored pipelines and their triggers"), sel,
                pipelineList);
    {
        auto o = std::make_shared<PipelineRunsOptions>();
        CLI::App *sub = group->add_subcommand("runs", "List runs, newest first");
        sub->add_option("--pipeline", o->pipeline, "only runs of this pipeline");
        sub->add_option("--limit", o->limit, "runs to show (default: 50)")
            ->check(CLI::Range(1, 100000));
        select(sub, sel, o, pipelineRuns);
    }
    {
        auto o = std::make_shared<PipelineShowOptions>();
        CLI::App *sub = group->add_subcommand("show", "Show a run: steps, outputs, reports");
        sub->add_option("RUN", o->run, "the run number")->required()->check(CLI::PositiveNumber);
        sub->add_option("--log", o->log, "print this step's log");
        select(sub, sel, o, pipelineShow);
    }
    {
        auto o = std::make_shared<PipelineRunRefOptions>();
        CLI::App *sub = group->add_subcommand("cancel", "Cancel a running run");
        sub->add_option("RUN", o->run, "the run number")->required()->check(CLI::PositiveNumber);
        select(sub, sel, o, pipelineCancel);
    }
    {
        auto o = std::make_shared<PipelineRunRefOptions>();
        CLI::App *sub = group->add_subcommand(
            "resume", "Continue an interrupted, failed or cancelled run after its finished steps");
        sub->add_option("RUN", o->run, "the run number")->required()->check(CLI::PositiveNumber);
        sub->add_option("--from", o->from, "run this step and every step after it again");
        sub->add_option("--workers", o->workers, "steps run at once")->check(CLI::Range(1, 64));
        sub->add_flag("--quiet,-q", o->quiet, "do not stream step logs on stderr");
        select(sub, sel, o, pipelineResume);
    }
    {
        auto o = std::make_shared<SchedulerOptions>();
        CLI::App *sub
            = app.add_subcommand("scheduler",
                                 "Start the stored pipelines' cron schedules and file triggers");
        sub->add_flag("--once", o->once, "check once, run what is due, and exit");
        sub->add_option("--interval", o->interval, "seconds between checks (default: 30)")
            ->check(CLI::Range(1, 3600));
        sub->add_option("--now", o->now, "check as if it were this UTC time (YYYY-MM-DDTHH:MM)")
            ->group("");
        sub->add_option("--workers", o->workers, "steps run at once per run")
            ->check(CLI::Range(1, 64));
        select(sub, sel, o, runScheduler);
    }
}

} // namespace mdeck::cli
