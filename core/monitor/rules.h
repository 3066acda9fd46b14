#pragma once

// Alert rules over stored windows: a condition on a window statistic (see
// windowStatistic() for the names), held for N consecutive windows, then a
// cooldown before the rule may fire again on the same series. Actions are
// named here and run by callbacks the application binds (webhook delivery,
// a canary rollback, starting a pipeline). Every firing and every action's
// outcome goes to the alert history and the audit log, in one transaction.
//
// The YAML form (errors name the file, line and field):
//
//   rules:
//     - name: temperature drift          # unique, required
//       series: deployment=web           # optional: substring of the series key
//       statistic: feature.temp_max.score
//       op: ">="                         # <, <=, >, >= (default: < for p-value
//                                        #   scores, >= otherwise)
//       threshold: 0.1
//       for: 3                           # consecutive windows (default 1)
//       cooldown: 1h                     # s, m, h, d (default 0)
//       actions:
//         - webhook: http://127.0.0.1:9000/hook
//         - rollback: web                # a deployment's canary
//         - pipeline: retrain            # a pipeline name
//
// Threads: AlertEngine is callable from any thread (the database serialises).
// Errors: InvalidArgument (rules), PermissionDenied, Io.

#include "core/monitor/window.h"

#include <functional>

namespace mdeck::store {
class Database;
}
namespace mdeck::auth {
struct Actor;
}

namespace mdeck::monitor {

enum class CompareOp { Less, LessEqual, Greater, GreaterEqual };
const char *compareOpName(CompareOp op);
bool compare(CompareOp op, double value, double threshold);

struct RuleAction
{
    std::string kind;   // "webhook", "rollback" or "pipeline"
    std::string target; // URL, deployment or pipeline name
    int line = 0;
};

struct AlertRule
{
    std::string name;
    std::string series; // "" = every series
    std::string statistic;
    CompareOp op = CompareOp::GreaterEqual;
    double threshold = 0;
    int consecutive = 1;
    std::int64_t cooldownMs = 0;
    std::vector<RuleAction> actions;
    int line = 0; // where the rule starts in its file
};

Result<std::vector<AlertRule>> parseRules(const std::string &yaml, const std::string &source);
Result<std::vector<AlertRule>> loadRules(const std::string &path);
// Checks one rule built through the API (names, statistic, counts).
Result<void> validateRule(const AlertRule &rule);

// --- Back-testing: how a rule would have behaved on stored windows --------

// A statistic's values over a series' windows, extracted once; thresholds
// can then be tried in O(windows) without touching the statistics.
struct StatisticSeries
{
    std::vector<std::int64_t> windowIds;
    std::vector<std::int64_t> starts;
    std::vector<double> values; // NaN where a window lacks the statistic
};

StatisticSeries extractStatistic(std::span<const WindowResult> windows,
                                 const std::string &statistic);

struct BacktestResult
{
    std::size_t breaching = 0;         // windows whose value meets the condition
    std::size_t firings = 0;           // times the rule would have fired (consecutive + cooldown)
    std::int64_t firstFiredWindow = 0; // window id, 0 when it never fires
    std::int64_t firstFiredStart = 0;
    std::vector<std::size_t> firedAt; // indexes into the series
};

BacktestResult backtest(const StatisticSeries &series, CompareOp op, double threshold,
                        int consecutive = 1, std::int64_t cooldownMs = 0);

// --- Evaluation and actions -----------------------------------------------

struct Firing
{
    AlertRule rule;
    std::string series;
    std::int64_t windowId = 0;
    std::int64_t windowStart = 0;
    double value = 0;
};

// The application binds these; an unbound kind records outcome "unbound".
struct ActionHandlers
{
    std::function<Result<void>(const Firing &, const RuleAction &)> webhook;
    std::function<Result<void>(const Firing &, const RuleAction &)> rollback;
    std::function<Result<void>(const Firing &, const RuleAction &)> pipeline;
};

// A webhook handler over core/net's postJson (3 attempts with backoff).
std::function<Result<void>(const Firing &, const RuleAction &)> makeWebhookHandler(
    int attempts = 3, int initialBackoffMs = 200);
// The JSON a webhook receives.
Json firingToJson(const Firing &firing);

struct AlertRecord
{
    std::int64_t id = 0;
    std::int64_t time = 0;
    std::string rule, series, statistic, action, outcome;
    std::int64_t windowId = 0;
    double value = 0;
    Json details;
};

class AlertEngine
{
public:
    AlertEngine(store::Database &db, ActionHandlers handlers);

    // Evaluates `rules` on new windows of `series` (in order), updating each
    // rule's consecutive count and cooldown, firing and running actions.
    // Windows already seen by a rule are skipped, so repeated calls are safe.
    Result<std::vector<Firing>> evaluate(const std::vector<AlertRule> &rules,
                                         const std::string &series,
                                         std::span<const WindowResult> windows,
                                         const auth::Actor &actor);

    Result<std::vector<AlertRecord>> history(const std::string &rule = {}, std::size_t limit = 200);

private:
    store::Database &m_db;
    ActionHandlers m_handlers;
};

} // namespace mdeck::monitor
