#include "app/mdeck/cli_wiring.h"
#include "app/mdeck/deploy_commands.h"
#include "core/common/text.h"
#include "core/deploy/rollout_plan.h"

// Wires `mdeck deploy …` and `mdeck rollout …` to CLI11.

namespace mdeck::cli {

namespace {

CLI::Validator deploymentName()
{
    return validator([](const std::string &v) { return checkName(v, "deployment"); }, "NAME");
}

CLI::Validator comment(CLI::Option *opt)
{
    (void) opt;
    return validator(
        [](const std::string &v) -> Result<void> {
            if (v.empty())
                return Error(ErrorCode::InvalidArgument, "the comment cannot be empty");
            return success();
        },
        "TEXT");
}

} // namespace

void addDeployCommands(CLI::App &app, Selection &sel)
{
    CLI::App *group = app.add_subcommand("deploy", "Deployments: named endpoints serving a model");
    group->require_subcommand(1);
    {
        auto o = std::make_shared<DeployCreateOptions>();
        auto version = std::make_shared<int>(0);
        CLI::App *sub = group->add_subcommand(
            "create", "Create a deployment serving one version (engineers; no approval needed)");
        sub->add_option("NAME", o->name, "deployment name, the {name} clients call")
            ->required()
            ->check(deploymentName());
        sub->add_option("--model", o->model, "the model")->required();
        CLI::Option *v = sub->add_option("--version", *version, "the version to serve")
                             ->check(CLI::PositiveNumber);
        CLI::Option *a = sub->add_option("--alias", o->alias,
                                         "serve the version an alias points at");
        v->excludes(a);
        sub->add_option("--max-batch", o->maxBatch, "largest batch the server forms (default 32)")
            ->check(CLI::Range(1, 4096));
        sub->add_option("--max-delay-us", o->maxDelayUs,
                        "longest a request waits for a batch, in µs (default 2000)")
            ->check(CLI::Range(std::int64_t(0), std::int64_t(10'000'000)));
        sub->callback([&sel, o, version, v, a] {
            if (v->count() == 0 && a->count() == 0)
                throw CLI::RequiredError("--version or --alias");
            if (v->count() > 0)
                o->version = *version;
            sel.run = [o](CommandContext &ctx) {
                return deployCreate(ctx, *o);
            };
        });
    }
    selectPlain(group->add_subcommand("list", "List the deployments and what they serve"), sel,
                deployList);
    {
        auto o = std::make_shared<DeployShowOptions>();
        CLI::App *sub = group->add_subcommand(
            "show", "Show what a deployment serves, its rollout and recent timeline");
        sub->add_option("NAME", o->name, "the deployment")->required()->check(deploymentName());
        sub->add_option("--events", o->events, "timeline lines to show (default 10)")
            ->check(CLI::Range(1, 10000));
        select(sub, sel, o, deployShow);
    }
    {
        auto o = std::make_shared<DeployHistoryOptions>();
        CLI::App *sub = group->add_subcommand(
            "history", "The timeline of a deployment, or what it served at a given time");
        sub->add_option("NAME", o->name, "the deployment")->required()->check(deploymentName());
        sub->add_option("--at", o->at,
                        "what was served at TIME (2026-11-24, 2026-11-24T14:30:00Z, or ms)");
        sub->add_option("--limit", o->limit, "newest events to show (default 200)")
            ->check(CLI::Range(1, 100000));
        select(sub, sel, o, deployHistory);
    }
}

void addRolloutCommands(CLI::App &app, Selection &sel)
{
    CLI::App *group
        = app.add_subcommand("rollout", "Change what a deployment serves: request, approve, steer");
    group->require_subcommand(1);
    {
        auto o = std::make_shared<RolloutRequestOptions>();
        auto errorRate = std::make_shared<double>(0);
        auto p99 = std::make_shared<double>(0);
        auto disagreement = std::make_shared<double>(0);
        auto accuracy = std::make_shared<double>(0);
        auto labelled = std::make_shared<std::int64_t>(0);
        auto requests = std::make_shared<std::int64_t>(0);
        CLI::App *sub
            = group->add_subcommand("request",
                                    "Request serving a new version (evidence is computed now)");
        sub->add_option("DEPLOYMENT", o->deployment, "the deployment")
            ->required()
            ->check(deploymentName());
        sub->add_option("--version", o->version, "the candidate version")
            ->required()
            ->check(CLI::PositiveNumber);
        sub->add_option("--mode", o->mode, "canary (default), shadow or direct")
            ->check(CLI::IsMember({"canary", "shadow", "direct"}));
        sub->add_option("--plan", o->planFile, "a plan file (YAML); flags override its fields");
        sub->add_option("--steps", o->steps, "canary shares, e.g. 10,50,100 (the default)")
            ->check(validator([](const std::string &v) { return deploy::parsePercents(v); },
                              "P,P,..."));
        sub->add_option("--bake", o->bake, "bake time of every step, or one per step (default 60s)")
            ->check(
                validator([](const std::string &v) { return deploy::parseBakes(v); }, "DURATION"));
        sub->add_option("--shadow-bake", o->shadowBake, "length of the shadow phase (default 5m)")
            ->check(validator([](const std::string
                                     &v) { return deploy::parseDuration(v, "shadow bake"); },
                              "DURATION"));
        CLI::Option *e = sub->add_option("--max-error-rate", *errorRate,
                                         "roll back above this error rate (default 0.01)")
                             ->check(CLI::Range(0.0, 1.0));
        CLI::Option *l = sub->add_option("--max-p99-ms", *p99, "roll back above this p99 latency")
                             ->check(CLI::PositiveNumber);
        CLI::Option *d = sub->add_option("--max-disagreement", *disagreement,
                                         "roll back above this disagreement rate (default 0.05)")
                             ->check(CLI::Range(0.0, 1.0));
        CLI::Option *acc = sub->add_option("--min-accuracy", *accuracy,
                                           "roll back below this accuracy, once labelled")
                               ->check(CLI::Range(0.0, 1.0));
        CLI::Option *lab = sub->add_option("--min-labelled", *labelled,
                                           "labelled rows needed to judge accuracy (default 100)")
                               ->check(CLI::NonNegativeNumber);
        CLI::Option *req = sub->add_option("--min-requests", *requests,
                                           "requests needed to judge a step (default 100)")
                               ->check(CLI::NonNegativeNumber);
        sub->add_option("--comment", o->comment, "why")->required()->check(comment(nullptr));
        sub->callback([&sel, o, errorRate, p99, disagreement, accuracy, labelled, requests, e, l, d,
                       acc, lab, req] {
            if (e->count())
                o->maxErrorRate = *errorRate;
            if (l->count())
                o->maxP99Ms = *p99;
            if (d->count())
                o->maxDisagreement = *disagreement;
            if (acc->count())
                o->minAccuracy = *accuracy;
            if (lab->count())
                o->minLabelled = *labelled;
            if (req->count())
                o->minRequests = *requests;
            sel.run = [o](CommandContext &ctx) {
                return rolloutRequest(ctx, *o);
            };
        });
    }
    for (const bool approve : {true, false}) {
        auto o = std::make_shared<RolloutDecisionOptions>();
        o->approve = approve;
        CLI::App *sub = group->add_subcommand(
            approve ? "approve" : "reject",
            approve ? "Approve a requested rollout and start it (release managers; not the "
                      "requester)"
                    : "Reject a requested rollout (release managers; not the requester)");
        sub->add_option("ID", o->id, "the rollout")->required()->check(CLI::PositiveNumber);
        sub->add_option("--comment", o->comment, "why")->required()->check(comment(nullptr));
        select(sub, sel, o, rolloutDecide);
    }
    const std::pair<const char *, const char *> actions[] = {
        {"promote", "Make the candidate stable now, skipping the remaining steps"},
        {"pause", "Stop the bake clock; the deployment keeps serving as it is"},
        {"resume", "Restart the bake clock of a paused rollout"},
        {"rollback",
         "Remove the candidate, or with none in flight revert to the previous stable "
         "version"},
    };
    for (const auto &[verb, help] : actions) {
        auto o = std::make_shared<RolloutActionOptions>();
        o->verb = verb;
        CLI::App *sub = group->add_subcommand(verb, help);
        sub->add_option("DEPLOYMENT", o->deployment, "the deployment")
            ->required()
            ->check(deploymentName());
        sub->add_option("--comment", o->comment, "why")->required()->check(comment(nullptr));
        select(sub, sel, o, rolloutAction);
    }
    {
        auto o = std::make_shared<RolloutStatusOptions>();
        CLI::App *sub = group->add_subcommand(
            "status", "What a deployment serves, its rollout's progress and recent timeline");
        sub->add_option("DEPLOYMENT", o->deployment, "the deployment")
            ->required()
            ->check(deploymentName());
        select(sub, sel, o, rolloutStatus);
    }
    {
        auto o = std::make_shared<RolloutListOptions>();
        CLI::App *sub = group->add_subcommand("list", "List rollouts, newest first");
        sub->add_option("DEPLOYMENT", o->deployment, "only this deployment's")
            ->check(deploymentName());
        sub->add_option("--limit", o->limit, "rows to show (default 50)")
            ->check(CLI::Range(1, 10000));
        select(sub, sel, o, rolloutList);
    }
    {
        auto o = std::make_shared<RolloutShowOptions>();
        CLI::App *sub = group->add_subcommand("show", "Show a rollout and its evidence");
        sub->add_option("ID", o->id, "the rollout")->required()->check(CLI::PositiveNumber);
        select(sub, sel, o, rolloutShow);
    }
}

} // namespace mdeck::cli
