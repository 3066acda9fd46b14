// Wires the `mdeck drift` verbs to CLI11.

#include "app/mdeck/cli_wiring.h"
#include "app/mdeck/drift_commands.h"

namespace mdeck::cli {

namespace {

void addSeriesOptions(CLI::App *sub, DriftSeriesOptions &o, bool withRange = true)
{
    sub->add_option("--deployment", o.deployment, "the deployment whose predictions to read");
    sub->add_option("--model", o.model, "NAME:VERSION whose predictions to read");
    sub->add_option("--window", o.window,
                    "rows per window (1000) or a duration: 30s, 15m, 1h, 1d, 1w (default: 1000)");
    sub->add_option("--reference", o.reference,
                    "reference CSV, for versions without a training profile");
    sub->add_option("--method", o.method,
                    "auto, ks, chisquare, z, wasserstein, jensenshannon or psi (default: auto)")
        ->check(
            CLI::IsMember({"auto", "ks", "chisquare", "z", "wasserstein", "jensenshannon", "psi"}));
    sub->add_option("--threshold", o.threshold, "drift threshold (default: the method's)")
        ->check(CLI::Range(0.0, 1e9));
    if (withRange) {
        sub->add_option("--from", o.from, "first window start: YYYY-MM-DD[THH:MM:SS] or Unix ms");
        sub->add_option("--to", o.to, "windows starting before this time");
    }
}

} // namespace

void addDriftCommands(CLI::App &app, Selection &sel)
{
    CLI::App *drift = app.add_subcommand("drift",
                                         "Drift, data quality and alerts over the "
                                         "prediction log");
    drift->require_subcommand(1);

    auto r = std::make_shared<DriftReportOptions>();
    CLI::App *report = drift->add_subcommand("report", "Per-window and per-feature drift tables");
    addSeriesOptions(report, r->series);
    report->add_flag("--flush", r->flush, "also evaluate the trailing incomplete window");
    report->add_flag("--all", r->allFeatures, "per-feature tables for every window");
    select(report, sel, r, driftReport);

    auto w = std::make_shared<DriftWatchOptions>();
    CLI::App *watch = drift->add_subcommand(
        "watch", "Follow new predictions and evaluate alert rules until interrupted");
    addSeriesOptions(watch, w->series, false);
    watch->add_option("--rules", w->rules, "alert rules (YAML)");
    watch->add_option("--interval", w->intervalS, "seconds between checks (default: 5)")
        ->check(CLI::Range(0.05, 86400.0));
    watch
        ->add_option("--webhook-attempts", w->webhookAttempts,
                     "attempts per webhook delivery (default: 3)")
        ->check(CLI::Range(1, 20));
    watch->add_option("--cycles", w->maxCycles, "stop after N checks (default: until Ctrl-C)")
        ->check(CLI::Range(0, 1000000000));
    select(watch, sel, w, driftWatch);

    CLI::App *rules = drift->add_subcommand("rules", "Check, list and back-test alert rules");
    rules->require_subcommand(1);
    auto rv = std::make_shared<DriftRulesOptions>();
    CLI::App *validate = rules->add_subcommand("validate", "Check a rules file");
    validate->add_option("FILE", rv->file, "rules (YAML)")->required();
    select(validate, sel, rv, driftRulesValidate);
    auto rl = std::make_shared<DriftRulesOptions>();
    CLI::App *list = rules->add_subcommand("list", "List the rules of a file");
    list->add_option("FILE", rl->file, "rules (YAML)")->required();
    select(list, sel, rl, driftRulesList);
    auto rt = std::make_shared<DriftRulesOptions>();
    CLI::App *test = rules->add_subcommand(
        "test", "Back-test rules on stored windows: how often and when they would have fired");
    test->add_option("FILE", rt->file, "rules (YAML)")->required();
    addSeriesOptions(test, rt->series);
    select(test, sel, rt, driftRulesTest);

    auto e = std::make_shared<DriftExportOptions>();
    CLI::App *exp = drift->add_subcommand("export", "Write one self-contained snapshot file");
    addSeriesOptions(exp, e->series);
    exp->add_option("--out", e->out, "snapshot file to write")->required();
    select(exp, sel, e, driftExport);

    auto a = std::make_shared<DriftAlertsOptions>();
    CLI::App *alerts = drift->add_subcommand("alerts", "The alert history");
    alerts->add_option("--rule", a->rule, "only this rule");
    alerts->add_option("--limit", a->limit, "entries to show (default: 200)")
        ->check(CLI::Range(1, 100000));
    select(alerts, sel, a, driftAlerts);
}

} // namespace mdeck::cli
