#include "app/mdeck/drift_commands.h"

#include "app/mdeck/alert_actions.h"
#include "app/mdeck/arguments.h"
#include "app/mdeck/job_support.h"
#include "app/mdeck/text_table.h"
#include "core/data/csv_reader.h"
#include "core/monitor/monitor_service.h"
#include "core/monitor/rules.h"
#include "core/training/loaded_model.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <thread>

namespace mdeck::cli {

namespace {

using namespace mdeck::monitor;

std::string formatTime(std::int64_t ms)
{
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

std::string fmt(double v, int digits = 4)
{
    if (std::isnan(v))
        return "-";
    std::ostringstream s;
    s << std::setprecision(digits) << v;
    return s.str();
}

// --from and --to of a series, Unix milliseconds (0 = open).
Result<std::pair<std::int64_t, std::int64_t>> parseRange(const DriftSeriesOptions &o)
{
    return parseTimeRange(o.from, o.to);
}

Result<SeriesSpec> makeSpec(const DriftSeriesOptions &o)
{
    SeriesSpec spec;
    spec.deployment = o.deployment;
    if (o.deployment.empty() && o.model.empty())
        return Error(ErrorCode::InvalidArgument, "name --deployment D or --model NAME:VERSION");
    if (!o.model.empty()) {
        auto ref = training::parseModelReference(o.model);
        if (!ref)
            return ref.error();
        spec.model = ref->first;
        if (!ref->second.empty()) {
            try {
                spec.version = std::stoi(ref->second);
            } catch (...) {
                spec.version = 0;
            }
        }
        if (spec.version <= 0 && o.deployment.empty())
            return Error(ErrorCode::InvalidArgument,
                         "--model needs an explicit version: NAME:VERSION");
    }
    MDECK_TRY(parseWindowSize(o.window, spec));
    spec.referenceCsv = o.reference;
    if (!o.method.empty()) {
        auto m = parseDriftMethod(o.method);
        if (!m)
            return m.error();
        spec.methods.methods["*"] = *m;
    }
    if (o.threshold >= 0)
        spec.methods.thresholds["*"] = o.threshold;
    return spec;
}

struct Opened
{
    std::unique_ptr<MonitorService> service;
    auth::Actor actor;
};

Result<Opened> openService(CommandContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    return Opened{std::make_unique<MonitorService>(**ws, **reg), *actor};
}

void printFeatures(std::ostream &out, const WindowResult &w)
{
    TextTable t({"FEATURE", "METHOD", "SCORE", "THRESHOLD", "DRIFT", "BAND", "MISSING",
                 "OUT-OF-RANGE", "UNSEEN", "TYPE-ERR"});
    for (std::size_t c : {2, 3, 6, 7, 8, 9})
        t.alignRight(c);
    auto row = [&](const FeatureStats &f) {
        t.addRow({f.name, driftMethodName(f.method), f.error.empty() ? fmt(f.score) : f.error,
                  fmt(f.threshold, 3), f.drift ? "yes" : "no",
                  f.band.valid ? (fmt(f.band.lower, 3) + ".." + fmt(f.band.upper, 3)
                                  + (f.outsideBand ? " !" : ""))
                               : "-",
                  fmt(100 * f.missingRate(), 3) + "%", std::to_string(f.outOfRange),
                  std::to_string(f.unseen), std::to_string(f.typeErrors)});
    };
    for (const auto &f : w.features)
        row(f);
    if (w.output)
        row(*w.output);
    t.print(out, 2);
    if (w.performance) {
        out << "  performance"
            << (w.performance->estimated
                    ? " (ESTIMATED from confidence, no labels)"
                    : " (" + std::to_string(w.performance->labelled) + " labelled rows)")
            << ":";
        for (const auto &[k, v] : w.performance->metrics)
            out << " " << k << "=" << fmt(v);
        out << "\n";
    }
    if (w.fairness) {
        const auto &f = *w.fairness;
        out << "  fairness by " << f.column << " (positive: " << f.positiveClass
            << "): demographic parity difference " << fmt(f.demographicParityDifference)
            << ", disparate impact " << fmt(f.disparateImpactRatio)
            << ", equal opportunity difference " << fmt(f.equalOpportunityDifference) << "\n";
        for (const auto &g : f.groups)
            out << "    " << g.group << ": " << g.size << " rows, selection rate "
                << fmt(g.selectionRate) << "\n";
        for (const auto &warning : f.warnings)
            out << "    warning: " << warning << "\n";
    }
}

} // namespace

Result<void> driftReport(CommandContext &ctx, const DriftReportOptions &o)
{
    auto spec = makeSpec(o.series);
    if (!spec)
        return spec.error();
    auto range = parseRange(o.series);
    if (!range)
        return range.error();
    const auto [from, to] = *range;
    auto opened = openService(ctx);
    if (!opened)
        return opened.error();
    auto updated = opened->service->update(*spec, opened->actor, o.flush);
    if (!updated)
        return updated.error();
    if (auto refreshed = opened->service->refreshPerformance(*spec, opened->actor); !refreshed)
        return refreshed.error();
    auto windows = opened->service->windows({updated->series, from, to, 100000});
    if (!windows)
        return windows.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &w : *windows)
            list.push_back(windowToJson(w));
        ctx.printJson({{"series", updated->series},
                       {"new_windows", updated->added.size()},
                       {"windows", std::move(list)}});
        return success();
    }
    auto &out = ctx.out();
    out << "series " << updated->series << ": " << windows->size() << " windows ("
        << updated->added.size() << " new)\n";
    if (windows->empty()) {
        out << "no complete window yet; --flush evaluates the rows so far\n";
        return success();
    }
    TextTable t({"WINDOW", "START", "END", "ROWS", "DRIFTED", "SHARE", "DATASET", "ACCURACY"});
    for (std::size_t c : {0, 3, 4, 5})
        t.alignRight(c);
    for (const auto &w : *windows) {
        std::size_t drifted = 0;
        for (const auto &f : w.features)
            drifted += f.drift;
        std::string perf = "-";
        if (w.performance && w.performance->metrics.count("accuracy"))
            perf = fmt(w.performance->metrics.at("accuracy"), 3)
                + (w.performance->estimated ? " (est.)" : "");
        t.addRow({std::to_string(w.id), formatTime(w.start), formatTime(w.end),
                  std::to_string(w.rows),
                  std::to_string(drifted) + "/" + std::to_string(w.features.size()),
                  fmt(w.driftShare, 3), w.datasetDrift ? "DRIFT" : "ok", perf});
    }
    t.print(out);
    for (std::size_t i = o.allFeatures ? 0 : windows->size() - 1; i < windows->size(); ++i) {
        out << "\nwindow " << (*windows)[i].id << " (" << formatTime((*windows)[i].start) << "):\n";
        printFeatures(out, (*windows)[i]);
    }
    return success();
}

Result<void> driftWatch(CommandContext &ctx, const DriftWatchOptions &o)
{
    auto spec = makeSpec(o.series);
    if (!spec)
        return spec.error();
    std::vector<AlertRule> rules;
    if (!o.rules.empty()) {
        auto loaded = loadRules(o.rules);
        if (!loaded)
            return loaded.error();
        rules = std::move(*loaded);
    }
    auto opened = openService(ctx);
    if (!opened)
        return opened.error();
    auto registry = ctx.registry();
    if (!registry)
        return registry.error();
    AlertActionRunner actions(opened->service->workspace(), **registry, opened->actor,
                              o.webhookAttempts);
    AlertEngine engine(opened->service->workspace().db(), actions.handlers());
    InterruptGuard interrupt;
    const std::stop_token stop = interrupt.token();
    Result<void> outcome = success();
    for (int cycle = 0; !stop.stop_requested() && (o.maxCycles == 0 || cycle < o.maxCycles);
         ++cycle) {
        auto updated = opened->service->update(*spec, opened->actor, false, {}, stop);
        if (!updated && updated.error().code == ErrorCode::Cancelled)
            break;
        if (!updated) {
            outcome = updated.error();
            break;
        }
        // Labels that arrived since update the stored performance figures.
        if (auto refreshed = opened->service->refreshPerformance(*spec, opened->actor); !refreshed) {
            outcome = refreshed.error();
            break;
        }
        for (const auto &w : updated->added) {
            std::size_t drifted = 0;
            for (const auto &f : w.features)
                drifted += f.drift;
            if (ctx.json())
                ctx.out() << Json{{"window", w.id},
                                  {"start", w.start},
                                  {"rows", w.rows},
                                  {"drift_share", w.driftShare}}
                                 .dump()
                          << "\n";
            else
                ctx.out() << formatTime(w.start) << "  window " << w.id << ": " << w.rows
                          << " rows, " << drifted << "/" << w.features.size() << " drifted"
                          << (w.datasetDrift ? "  DATASET DRIFT" : "") << "\n";
        }
        auto fired = engine.evaluate(rules, updated->series, updated->added, opened->actor);
        if (!fired) {
            outcome = fired.error();
            break;
        }
        for (const auto &f : *fired)
            ctx.out() << (ctx.json() ? firingToJson(f).dump()
                                     : "ALERT " + f.rule.name + ": " + f.rule.statistic + " = "
                                  + fmt(f.value) + " in window " + std::to_string(f.windowId))
                      << "\n";
        ctx.out().flush();
        if (o.maxCycles != 0 && cycle + 1 >= o.maxCycles)
            break;
        const auto until = std::chrono::steady_clock::now()
            + std::chrono::milliseconds(static_cast<int>(o.intervalS * 1000));
        while (!stop.stop_requested() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    // Pipeline runs started by alerts finish before the watch ends; Ctrl-C cancels them.
    if (stop.stop_requested())
        actions.requestStop();
    return outcome;
}

Result<void> driftRulesValidate(CommandContext &ctx, const DriftRulesOptions &o)
{
    auto rules = loadRules(o.file);
    if (!rules)
        return rules.error();
    if (ctx.json())
        ctx.printJson({{"file", o.file}, {"rules", rules->size()}, {"valid", true}});
    else
        ctx.out() << o.file << ": " << rules->size() << " rule(s), valid\n";
    return success();
}

Result<void> driftRulesList(CommandContext &ctx, const DriftRulesOptions &o)
{
    auto rules = loadRules(o.file);
    if (!rules)
        return rules.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &r : *rules) {
            Json actions = Json::array();
            for (const auto &a : r.actions)
                actions.push_back({{a.kind, a.target}});
            list.push_back({{"name", r.name},
                            {"series", r.series},
                            {"statistic", r.statistic},
                            {"op", compareOpName(r.op)},
                            {"threshold", r.threshold},
                            {"for", r.consecutive},
                            {"cooldown_ms", r.cooldownMs},
                            {"actions", actions},
                            {"line", r.line}});
        }
        ctx.printJson(list);
        return success();
    }
    TextTable t({"NAME", "CONDITION", "FOR", "COOLDOWN", "ACTIONS"});
    for (const auto &r : *rules) {
        std::string actions;
        for (const auto &a : r.actions)
            actions += (actions.empty() ? "" : ", ") + a.kind + " " + a.target;
        t.addRow({r.name, r.statistic + " " + compareOpName(r.op) + " " + fmt(r.threshold, 6),
                  std::to_string(r.consecutive), std::to_string(r.cooldownMs / 1000) + "s",
                  actions.empty() ? "-" : actions});
    }
    t.print(ctx.out());
    return success();
}

Result<void> driftRulesTest(CommandContext &ctx, const DriftRulesOptions &o)
{
    auto rules = loadRules(o.file);
    if (!rules)
        return rules.error();
    auto spec = makeSpec(o.series);
    if (!spec)
        return spec.error();
    auto range = parseRange(o.series);
    if (!range)
        return range.error();
    const auto [from, to] = *range;
    auto opened = openService(ctx);
    if (!opened)
        return opened.error();
    auto updated = opened->service->update(*spec, opened->actor);
    if (!updated)
        return updated.error();
    auto windows = opened->service->windows({updated->series, from, to, 100000});
    if (!windows)
        return windows.error();
    Json list = Json::array();
    TextTable t({"RULE", "WINDOWS", "BREACHING", "FIRINGS", "FIRST FIRED"});
    for (std::size_t c : {1, 2, 3})
        t.alignRight(c);
    for (const auto &r : *rules) {
        const auto series = extractStatistic(*windows, r.statistic);
        const auto bt = backtest(series, r.op, r.threshold, r.consecutive, r.cooldownMs);
        list.push_back({{"rule", r.name},
                        {"windows", windows->size()},
                        {"breaching", bt.breaching},
                        {"firings", bt.firings},
                        {"first_window", bt.firstFiredWindow},
                        {"first_start", bt.firstFiredStart}});
        t.addRow({r.name, std::to_string(windows->size()), std::to_string(bt.breaching),
                  std::to_string(bt.firings),
                  bt.firings ? "window " + std::to_string(bt.firstFiredWindow) + " ("
                          + formatTime(bt.firstFiredStart) + ")"
                             : "never"});
    }
    if (ctx.json())
        ctx.printJson({{"series", updated->series}, {"rules", list}});
    else
        t.print(ctx.out());
    return success();
}

Result<void> driftExport(CommandContext &ctx, const DriftExportOptions &o)
{
    auto spec = makeSpec(o.series);
    if (!spec)
        return spec.error();
    auto range = parseRange(o.series);
    if (!range)
        return range.error();
    const auto [from, to] = *range;
    auto opened = openService(ctx);
    if (!opened)
        return opened.error();
    auto snap = opened->service->snapshot(*spec, opened->actor, from, to);
    if (!snap)
        return snap.error();
    MDECK_TRY(writeSnapshot(*snap, o.out));
    if (ctx.json())
        ctx.printJson(
            {{"file", o.out}, {"series", snap->series}, {"windows", snap->windows.size()}});
    else
        ctx.out() << "wrote " << o.out << ": " << snap->windows.size() << " windows of "
                  << snap->series << "\n";
    return success();
}

Result<void> driftAlerts(CommandContext &ctx, const DriftAlertsOptions &o)
{
    ctx.readOnly();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    AlertEngine engine((*ws)->db(), {});
    auto history = engine.history(o.rule, static_cast<std::size_t>(o.limit));
    if (!history)
        return history.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &h : *history)
            list.push_back({{"id", h.id},
                            {"time", h.time},
                            {"rule", h.rule},
                            {"series", h.series},
                            {"window", h.windowId},
                            {"statistic", h.statistic},
                            {"value", h.value},
                            {"action", h.action},
                            {"outcome", h.outcome},
                            {"details", h.details}});
        ctx.printJson(list);
        return success();
    }
    TextTable t({"TIME", "RULE", "WINDOW", "VALUE", "ACTION", "OUTCOME"});
    for (const auto &h : *history)
        t.addRow({formatTime(h.time), h.rule, std::to_string(h.windowId), fmt(h.value), h.action,
                  h.outcome});
    t.print(ctx.out());
    return success();
}

} // namespace mdeck::cli
