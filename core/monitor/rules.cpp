#include "core/monitor/rules.h"

#include "core/auth/audit_log.h"
#include "core/auth/auth.h"
#include "core/common/files.h"
#include "core/net/http_client.h"
#include "core/store/database.h"

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace mdeck::monitor {

namespace {

constexpr std::size_t kMaxRules = 1000;
constexpr std::size_t kMaxRulesBytes = 1 << 20;

Error at(const std::string &source, const YAML::Node &node, const std::string &message)
{
    const int line = node.IsDefined() ? node.Mark().line + 1 : 0;
    return Error(ErrorCode::InvalidArgument,
                 source + (line ? ":" + std::to_string(line) : std::string()) + ": " + message,
                 line);
}

Result<std::int64_t> parseDuration(const std::string &text)
{
    std::size_t used = 0;
    double n = 0;
    try {
        n = std::stod(text, &used);
    } catch (...) {
        used = 0;
    }
    if (used == 0 || n < 0 || !std::isfinite(n))
        return Error(ErrorCode::InvalidArgument, "'" + text + "' is not a duration such as 30m");
    const std::string unit = text.substr(used);
    static const std::map<std::string, double> kUnits = {{"", 1000},
                                                         {"s", 1000},
                                                         {"m", 60000},
                                                         {"h", 3600000},
                                                         {"d", 86400000}};
    auto it = kUnits.find(unit);
    if (it == kUnits.end())
        return Error(ErrorCode::InvalidArgument,
                     "'" + text + "' has an unknown unit (s, m, h or d)");
    return static_cast<std::int64_t>(n * it->second);
}

bool knownStatistic(const std::string &s)
{
    static const std::set<std::string> kPlain = {"rows", "bad_rows", "drift_share", "dataset_drift"};
    static const std::set<std::string> kFields = {"score",        "drift",        "outside_band",
                                                  "missing_rate", "out_of_range", "unseen",
                                                  "type_errors",  "mean"};
    if (kPlain.count(s))
        return true;
    if (s.rfind("feature.", 0) == 0) {
        const auto dot = s.rfind('.');
        return dot > 8 && kFields.count(s.substr(dot + 1));
    }
    if (s.rfind("output.", 0) == 0)
        return kFields.count(s.substr(7)) > 0;
    if (s.rfind("performance.", 0) == 0)
        return s.size() > 12;
    return s == "fairness.demographic_parity_difference" || s == "fairness.disparate_impact_ratio"
        || s == "fairness.equal_opportunity_difference";
}

} // namespace

const char *compareOpName(CompareOp op)
{
    switch (op) {
    case CompareOp::Less:
        return "<";
    case CompareOp::LessEqual:
        return "<=";
    case CompareOp::Greater:
        return ">";
    case CompareOp::GreaterEqual:
        return ">=";
    }
    return ">=";
}

bool compare(CompareOp op, double v, double t)
{
    if (std::isnan(v))
        return false;
    switch (op) {
    case CompareOp::Less:
        return v < t;
    case CompareOp::LessEqual:
        return v <= t;
    case CompareOp::Greater:
        return v > t;
    case CompareOp::GreaterEqual:
        return v >= t;
    }
    return false;
}

Result<void> validateRule(const AlertRule &r)
{
    if (r.name.empty() || r.name.size() > 200)
        return Error(ErrorCode::InvalidArgument, "a rule needs a name of 1 to 200 characters");
    if (!knownStatistic(r.statistic))
        return Error(ErrorCode::InvalidArgument,
                     "rule '" + r.name + "': unknown statistic '" + r.statistic + "'");
    if (!std::isfinite(r.threshold))
        return Error(ErrorCode::InvalidArgument,
                     "rule '" + r.name + "': the threshold must be finite");
    if (r.consecutive < 1 || r.consecutive > 10000)
        return Error(ErrorCode::InvalidArgument,
                     "rule '" + r.name + "': 'for' must be between 1 and 10000 windows");
    if (r.cooldownMs < 0)
        return Error(ErrorCode::InvalidArgument, "rule '" + r.name + "': negative cooldown");
    for (const auto &a : r.actions) {
        if (a.kind != "webhook" && a.kind != "rollback" && a.kind != "pipeline")
            return Error(ErrorCode::InvalidArgument,
                         "rule '" + r.name + "': unknown action '" + a.kind
                             + "' (webhook, rollback or pipeline)",
                         a.line);
        if (a.target.empty())
            return Error(ErrorCode::InvalidArgument,
                         "rule '" + r.name + "': action '" + a.kind + "' needs a target", a.line);
        if (a.kind == "webhook")
            if (auto ok = net::validateUrl(a.target); !ok)
                return Error(ErrorCode::InvalidArgument,
                             "rule '" + r.name + "': " + ok.error().message, a.line);
    }
    return success();
}

Result<std::vector<AlertRule>> parseRules(const std::string &yaml, const std::string &source)
{
    if (yaml.size() > kMaxRulesBytes)
        return Error(ErrorCode::InvalidArgument, source + ": a rules file is limited to 1 MiB");
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception &e) {
        return Error(ErrorCode::InvalidArgument,
                     source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg,
                     e.mark.line + 1);
    }
    std::vector<AlertRule> rules;
    try {
        if (!root.IsMap() || !root["rules"] || !root["rules"].IsSequence())
            return at(source, root, "expected a top-level 'rules:' list");
        for (const auto &kv : root) {
            const YAML::Node key = kv.first;
            if (key.as<std::string>() != "rules")
                return at(source, key, "unknown top-level key '" + key.as<std::string>() + "'");
        }
        const YAML::Node list = root["rules"];
        if (list.size() > kMaxRules)
            return at(source, list, "more than 1000 rules");
        std::set<std::string> names;
        for (const YAML::Node &n : list) {
            if (!n.IsMap())
                return at(source, n, "each rule must be a mapping");
            AlertRule r;
            r.line = n.Mark().line + 1;
            bool opGiven = false;
            for (const auto &kv : n) {
                const YAML::Node keyNode = kv.first;
                const YAML::Node v = kv.second;
                const std::string key = keyNode.as<std::string>();
                auto scalar = [&](const char *what) -> Result<std::string> {
                    if (!v.IsScalar())
                        return at(source, v, std::string("'") + what + "' must be a single value");
                    return v.as<std::string>();
                };
                if (key == "name" || key == "series" || key == "statistic" || key == "op"
                    || key == "cooldown") {
                    auto s = scalar(key.c_str());
                    if (!s)
                        return s.error();
                    if (key == "name")
                        r.name = *s;
                    else if (key == "series")
                        r.series = *s;
                    else if (key == "statistic")
                        r.statistic = *s;
                    else if (key == "cooldown") {
                        auto d = parseDuration(*s);
                        if (!d)
                            return at(source, v, "cooldown: " + d.error().message);
                        r.cooldownMs = *d;
                    } else {
                        opGiven = true;
                        bool found = false;
                        for (auto op : {CompareOp::Less, CompareOp::LessEqual, CompareOp::Greater,
                                        CompareOp::GreaterEqual})
                            if (*s == compareOpName(op)) {
                                r.op = op;
                                found = true;
                            }
                        if (!found)
                            return at(source, v, "op must be <, <=, > or >=, not '" + *s + "'");
                    }
                } else if (key == "threshold") {
                    try {
                        r.threshold = v.as<double>();
                    } catch (const YAML::Exception &) {
                        return at(source, v, "threshold must be a number");
                    }
                } else if (key == "for") {
                    try {
                        r.consecutive = v.as<int>();
                    } catch (const YAML::Exception &) {
                        return at(source, v, "'for' must be a whole number of windows");
                    }
                } else if (key == "actions") {
                    if (!v.IsSequence())
                        return at(source, v, "'actions' must be a list");
                    for (const YAML::Node &a : v) {
                        const char *shape = "each action is one 'kind: target' pair, e.g. "
                                            "'webhook: http://…'";
                        if (!a.IsMap() || a.size() != 1)
                            return at(source, a, shape);
                        for (const auto &pair : a) {
                            const YAML::Node kind = pair.first, target = pair.second;
                            if (!target.IsScalar())
                                return at(source, a, shape);
                            r.actions.push_back({kind.as<std::string>(), target.as<std::string>(),
                                                 a.Mark().line + 1});
                        }
                    }
                } else {
                    return at(source, keyNode, "unknown rule field '" + key + "'");
                }
            }
            if (r.name.empty())
                return at(source, n, "a rule needs a 'name'");
            if (r.statistic.empty())
                return at(source, n, "rule '" + r.name + "' needs a 'statistic'");
            if (!n["threshold"])
                return at(source, n, "rule '" + r.name + "' needs a 'threshold'");
            (void) opGiven;
            if (!names.insert(r.name).second)
                return at(source, n, "two rules are named '" + r.name + "'");
            if (auto ok = validateRule(r); !ok) {
                const int line = ok.error().line ? ok.error().line : r.line;
                return Error(ErrorCode::InvalidArgument,
                             source + ":" + std::to_string(line) + ": " + ok.error().message, line);
            }
            rules.push_back(std::move(r));
        }
    } catch (const YAML::Exception &e) {
        return Error(ErrorCode::InvalidArgument,
                     source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg,
                     e.mark.line + 1);
    }
    return rules;
}

Result<std::vector<AlertRule>> loadRules(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error(ErrorCode::Io, "cannot read rules file " + path);
    std::string text;
    text.resize(kMaxRulesBytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return parseRules(text, path);
}

StatisticSeries extractStatistic(std::span<const WindowResult> windows, const std::string &statistic)
{
    StatisticSeries s;
    for (const auto &w : windows) {
        s.windowIds.push_back(w.id);
        s.starts.push_back(w.start);
        s.values.push_back(
            windowStatistic(w, statistic).value_or(std::numeric_limits<double>::quiet_NaN()));
    }
    return s;
}

BacktestResult backtest(const StatisticSeries &series, CompareOp op, double threshold,
                        int consecutive, std::int64_t cooldownMs)
{
    BacktestResult r;
    int run = 0;
    bool fired = false;
    std::int64_t lastFired = 0;
    for (std::size_t i = 0; i < series.values.size(); ++i) {
        const bool breach = compare(op, series.values[i], threshold);
        r.breaching += breach;
        run = breach ? run + 1 : 0;
        if (run < consecutive)
            continue;
        const std::int64_t t = series.starts[i];
        if (fired && t - lastFired < cooldownMs)
            continue;
        fired = true;
        lastFired = t;
        run = 0; // a new firing needs a new run of `consecutive` windows
        ++r.firings;
        r.firedAt.push_back(i);
        if (r.firings == 1) {
            r.firstFiredWindow = series.windowIds[i];
            r.firstFiredStart = t;
        }
    }
    return r;
}

Json firingToJson(const Firing &f)
{
    return Json{{"rule", f.rule.name},           {"series", f.series},
                {"statistic", f.rule.statistic}, {"op", compareOpName(f.rule.op)},
                {"threshold", f.rule.threshold}, {"value", f.value},
                {"window", f.windowId},          {"window_start", f.windowStart}};
}

std::function<Result<void>(const Firing &, const RuleAction &)> makeWebhookHandler(
    int attempts, int initialBackoffMs)
{
    return [attempts, initialBackoffMs](const Firing &f, const RuleAction &a) -> Result<void> {
        net::RetryPolicy policy;
        policy.maxAttempts = attempts;
        policy.initialBackoffMs = initialBackoffMs;
        policy.idempotencyKey = "alert-" + f.rule.name + "-" + std::to_string(f.windowId);
        const auto d = net::postJson(a.target, firingToJson(f).dump(), policy);
        if (!d.delivered())
            return *d.error;
        return success();
    };
}

AlertEngine::AlertEngine(store::Database &db, ActionHandlers handlers)
    : m_db(db)
    , m_handlers(std::move(handlers))
{}

} // namespace mdeck::monitor
