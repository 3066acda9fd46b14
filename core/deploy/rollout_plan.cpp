#include "core/deploy/rollout_plan.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <set>

namespace mdeck::deploy {

namespace {

std::string shown(std::string_view text)
{
    std::string out;
    for (char c : text.substr(0, 60))
        out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
    return out;
}

Error invalid(std::string message, int line = 0)
{
    return Error(ErrorCode::InvalidArgument, std::move(message), line);
}

Result<double> parseNumber(std::string_view text, std::string_view what)
{
    const std::string s(text);
    char *end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !std::isfinite(v))
        return invalid(std::string(what) + " '" + shown(text) + "' is not a number");
    return v;
}

std::vector<std::string> splitComma(std::string_view text)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else if (c != ' ') {
            cur.push_back(c);
        }
    }
    out.push_back(cur);
    return out;
}

// The YAML side: each error names the source, the 1-based line and the field.
struct YamlReader
{
    const std::string &source;

    int lineOf(const YAML::Node &n) const { return n.Mark().line + 1; }

    Error fieldError(const YAML::Node &n, const std::string &field, const std::string &what) const
    {
        const int line = lineOf(n);
        return invalid(source + ":" + std::to_string(line) + ": '" + field + "' " + what, line);
    }

    Result<std::string> scalar(const YAML::Node &n, const std::string &field) const
    {
        if (!n.IsScalar())
            return fieldError(n, field, "must be a single value");
        return n.Scalar();
    }

    Result<double> number(const YAML::Node &n, const std::string &field, double lo, double hi) const
    {
        auto s = scalar(n, field);
        if (!s)
            return s.error();
        auto v = parseNumber(*s, field);
        if (!v || *v < lo || *v > hi)
            return fieldError(n, field,
                              "must be a number between " + shortNumber(lo) + " and "
                                  + shortNumber(hi) + " (got '" + shown(*s) + "')");
        return *v;
    }

    Result<std::int64_t> count(const YAML::Node &n, const std::string &field) const
    {
        auto v = number(n, field, 0, 1e9);
        if (!v)
            return v.error();
        if (*v != std::floor(*v))
            return fieldError(n, field, "must be a whole number");
        return static_cast<std::int64_t>(*v);
    }

    Result<std::int64_t> duration(const YAML::Node &n, const std::string &field) const
    {
        auto s = scalar(n, field);
        if (!s)
            return s.error();
        auto d = parseDuration(*s, field);
        if (!d)
            return fieldError(n, field, d.error().message.substr(field.size() + 1));
        return *d;
    }

    static std::string shortNumber(double v)
    {
        std::string s = std::to_string(v);
        while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
            const bool dot = s.back() == '.';
            s.pop_back();
            if (dot)
                break;
        }
        return s;
    }

    // Refuses keys outside `known` and duplicate keys (yaml-cpp keeps either silently).
    Result<void> checkKeys(const YAML::Node &map, const std::string &where,
                           const std::set<std::string> &known) const
    {
        std::set<std::string> seen;
        for (const auto &kv : map) {
            if (!kv.first.IsScalar())
                return fieldError(kv.first, where, "has a key that is not a plain name");
            const std::string key = kv.first.Scalar();
            if (!known.count(key)) {
                std::string list;
                for (const auto &k : known)
                    list += (list.empty() ? "" : ", ") + k;
                return fieldError(kv.first, key.empty() ? where : shown(key),
                                  "is not a known field of " + where + " (expected " + list + ")");
            }
            if (!seen.insert(key).second)
                return fieldError(kv.first, key, "appears twice");
        }
        return success();
    }

    Result<PlanSpec> read(const YAML::Node &root) const
    {
        PlanSpec spec;
        if (root.IsNull())
            return spec;
        if (!root.IsMap())
            return invalid(source + ":" + std::to_string(lineOf(root))
                               + ": a plan must be a mapping with 'steps', 'shadow' and "
                                 "'thresholds'",
                           lineOf(root));
        MDECK_TRY(checkKeys(root, "the plan", {"steps", "shadow", "thresholds"}));
        if (const auto shadow = root["shadow"]) {
            auto d = duration(shadow, "shadow");
            if (!d)
                return d.error();
            spec.shadowBakeMs = *d;
        }
        if (const auto steps = root["steps"]) {
            if (!steps.IsSequence() || steps.size() == 0)
                return fieldError(steps, "steps", "must be a non-empty list of steps");
            if (steps.size() > kMaxPlanSteps)
                return fieldError(steps, "steps",
                                  "has more than " + std::to_string(kMaxPlanSteps) + " steps");
            std::vector<int> percents;
            std::vector<std::int64_t> bakes;
            for (const auto &step : steps) {
                if (!step.IsMap())
                    return fieldError(step, "steps",
                                      "entries must be mappings with 'percent' and 'bake'");
                MDECK_TRY(checkKeys(step, "a step", {"percent", "bake"}));
                const auto percent = step["percent"];
                if (!percent)
                    return fieldError(step, "percent", "is missing from this step");
                auto p = number(percent, "percent", 1, 100);
                if (!p)
                    return p.error();
                if (*p != std::floor(*p))
                    return fieldError(percent, "percent", "must be a whole number");
                percents.push_back(static_cast<int>(*p));
                std::int64_t bake = kDefaultBakeMs;
                if (const auto b = step["bake"]) {
                    auto d = duration(b, "bake");
                    if (!d)
                        return d.error();
                    bake = *d;
                }
                bakes.push_back(bake);
            }
            spec.percents = percents;
            spec.bakes = bakes;
        }
        if (const auto t = root["thresholds"]) {
            if (!t.IsMap())
                return fieldError(t, "thresholds", "must be a mapping");
            MDECK_TRY(checkKeys(t, "thresholds",
                                {"max_error_rate", "max_p99_ms", "max_disagreement", "min_accuracy",
                                 "min_labelled", "min_requests"}));
            const auto fraction = [&](const char *key, std::optional<double> &out) -> Result<void> {
                if (const auto n = t[key]) {
                    auto v = number(n, key, 0, 1);
                    if (!v)
                        return v.error();
                    out = *v;
                }
                return success();
            };
            MDECK_TRY(fraction("max_error_rate", spec.maxErrorRate));
            MDECK_TRY(fraction("max_disagreement", spec.maxDisagreement));
            MDECK_TRY(fraction("min_accuracy", spec.minAccuracy));
            if (const auto n = t["max_p99_ms"]) {
                auto v = number(n, "max_p99_ms", 0.001, 3.6e6);
                if (!v)
                    return v.error();
                spec.maxP99Ms = *v;
            }
            if (const auto n = t["min_labelled"]) {
                auto v = count(n, "min_labelled");
                if (!v)
                    return v.error();
                spec.minLabelled = *v;
            }
            if (const auto n = t["min_requests"]) {
                auto v = count(n, "min_requests");
                if (!v)
                    return v.error();
                spec.minRequests = *v;
            }
        }
        return spec;
    }
};

// yaml-cpp guards its own recursion at depth 2000; a plan is never deeper than
// a few levels, so deeper flow nesting is refused before parsing.
Result<void> checkNesting(std::string_view text, const std::string &source)
{
    int depth = 0;
    int line = 1;
    for (char c : text) {
        if (c == '\n')
            ++line;
        else if (c == '[' || c == '{')
            ++depth;
        else if ((c == ']' || c == '}') && depth > 0)
            --depth;
        else if (c == '\0')
            return invalid(source + ":" + std::to_string(line) + ": the plan holds a NUL byte",
                           line);
        if (depth > 16)
            return invalid(source + ":" + std::to_string(line)
                               + ": the plan nests deeper than 16 levels",
                           line);
    }
    return success();
}

} // namespace

Result<std::int64_t> parseDuration(std::string_view text, std::string_view what)
{
    const auto bad = [&] {
        return invalid(std::string(what) + " '" + shown(text)
                       + "' is not a duration (e.g. 500ms, 60s, 5m, 2h, 1d; at most 7d)");
    };
    std::size_t digits = 0;
    while (digits < text.size()
           && ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.'))
        ++digits;
    if (digits == 0 || digits > 12)
        return bad();
    auto value = parseNumber(text.substr(0, digits), what);
    if (!value)
        return bad();
    const std::string_view unit = text.substr(digits);
    double scale = 0;
    if (unit.empty() || unit == "s")
        scale = 1000;
    else if (unit == "ms")
        scale = 1;
    else if (unit == "m" || unit == "min")
        scale = 60'000;
    else if (unit == "h")
        scale = 3'600'000;
    else if (unit == "d")
        scale = 86'400'000;
    else
        return bad();
    const double ms = *value * scale;
    if (ms > static_cast<double>(kMaxBakeMs))
        return bad();
    return static_cast<std::int64_t>(std::llround(ms));
}

std::string formatDuration(std::int64_t ms)
{
    if (ms % 86'400'000 == 0 && ms > 0)
        return std::to_string(ms / 86'400'000) + "d";
    if (ms % 3'600'000 == 0 && ms > 0)
        return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0 && ms > 0)
        return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0)
        return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

Result<std::vector<int>> parsePercents(std::string_view text)
{
    std::vector<int> out;
    for (const auto &part : splitComma(text)) {
        auto v = parseNumber(part, "step");
        if (!v || *v < 1 || *v > 100 || *v != std::floor(*v))
            return invalid("step '" + shown(part) + "' must be a whole percentage from 1 to 100");
        out.push_back(static_cast<int>(*v));
        if (out.size() > kMaxPlanSteps)
            return invalid("a plan has at most " + std::to_string(kMaxPlanSteps) + " steps");
    }
    return out;
}

Result<std::vector<std::int64_t>> parseBakes(std::string_view text)
{
    std::vector<std::int64_t> out;
    for (const auto &part : splitComma(text)) {
        auto d = parseDuration(part, "bake time");
        if (!d)
            return d.error();
        out.push_back(*d);
        if (out.size() > kMaxPlanSteps)
            return invalid("a plan has at most " + std::to_string(kMaxPlanSteps) + " bake times");
    }
    return out;
}

Result<PlanSpec> parsePlanYaml(std::string_view text, const std::string &source)
{
    if (text.size() > kMaxPlanBytes)
        return invalid(source + " is larger than the " + std::to_string(kMaxPlanBytes / 1024)
                       + " KiB limit for plans");
    MDECK_TRY(checkNesting(text, source));
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        return YamlReader{source}.read(root);
    } catch (const YAML::Exception &e) {
        const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
        return invalid(source + ":" + std::to_string(line) + ": " + e.msg, line);
    } catch (const std::exception &e) {
        return invalid(source + ": cannot read the plan: " + e.what());
    }
}

PlanSpec mergePlanSpecs(PlanSpec base, const PlanSpec &over)
{
    const auto take = [](auto &to, const auto &from) {
        if (from)
            to = from;
    };
    take(base.percents, over.percents);
    take(base.bakes, over.bakes);
    take(base.shadowBakeMs, over.shadowBakeMs);
    take(base.maxErrorRate, over.maxErrorRate);
    take(base.maxP99Ms, over.maxP99Ms);
    take(base.maxDisagreement, over.maxDisagreement);
    take(base.minAccuracy, over.minAccuracy);
    take(base.minLabelled, over.minLabelled);
    take(base.minRequests, over.minRequests);
    return base;
}

Result<RolloutPlan> buildPlan(const PlanSpec &spec, RolloutMode mode)
{
    RolloutPlan plan;
    Thresholds &t = plan.thresholds;
    if (spec.maxErrorRate)
        t.maxErrorRate = spec.maxErrorRate;
    if (spec.maxP99Ms)
        t.maxP99Ms = spec.maxP99Ms;
    if (spec.maxDisagreement)
        t.maxDisagreement = spec.maxDisagreement;
    if (spec.minAccuracy)
        t.minAccuracy = spec.minAccuracy;
    if (spec.minLabelled)
        t.minLabelled = *spec.minLabelled;
    if (spec.minRequests)
        t.minRequests = *spec.minRequests;
    if (mode == RolloutMode::Direct) {
        if (spec.percents || spec.shadowBakeMs)
            return invalid("a direct rollout has no steps; use --mode canary or shadow for a plan");
        return plan;
    }
    if (mode == RolloutMode::Canary && spec.shadowBakeMs)
        return invalid("a shadow phase needs --mode shadow");
    if (mode == RolloutMode::Shadow)
        plan.steps.push_back(
            {CandidateMode::Shadow, 0, spec.shadowBakeMs.value_or(kDefaultShadowBakeMs)});
    std::vector<int> percents;
    if (spec.percents)
        percents = *spec.percents;
    else if (mode == RolloutMode::Canary)
        percents = {10, 50, 100};
    std::vector<std::int64_t> bakes = spec.bakes.value_or(std::vector<std::int64_t>{});
    if (bakes.size() > 1 && bakes.size() != percents.size())
        return invalid("give one bake time, or one per step (" + std::to_string(percents.size())
                       + " steps, " + std::to_string(bakes.size()) + " bake times)");
    for (std::size_t i = 0; i < percents.size(); ++i) {
        const std::int64_t bake = bakes.empty() ? kDefaultBakeMs : bakes[bakes.size() == 1 ? 0 : i];
        plan.steps.push_back({CandidateMode::Canary, percents[i], bake});
    }
    MDECK_TRY(validatePlan(plan, mode));
    return plan;
}

Result<void> validatePlan(const RolloutPlan &plan, RolloutMode mode)
{
    if (mode == RolloutMode::Direct)
        return plan.steps.empty() ? success() : invalid("a direct rollout has no steps");
    if (plan.steps.empty())
        return invalid("a " + std::string(rolloutModeName(mode))
                       + " rollout needs at least one step");
    if (plan.steps.size() > kMaxPlanSteps + 1)
        return invalid("a plan has at most " + std::to_string(kMaxPlanSteps) + " steps");
    int last = 0;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const PlanStep &s = plan.steps[i];
        if (s.bakeMs < 0 || s.bakeMs > kMaxBakeMs)
            return invalid("step " + std::to_string(i + 1) + ": the bake time must be 0 to 7 days");
        if (s.mode == CandidateMode::Shadow) {
            if (i != 0 || mode != RolloutMode::Shadow)
                return invalid("only the first step of a shadow rollout may be a shadow step");
            continue;
        }
        if (s.mode != CandidateMode::Canary || s.percent < 1 || s.percent > 100)
            return invalid("step " + std::to_string(i + 1)
                           + ": a canary step's share must be 1 to 100 percent");
        if (s.percent <= last)
            return invalid("step " + std::to_string(i + 1) + ": the shares must increase ("
                           + std::to_string(last) + "% then " + std::to_string(s.percent) + "%)");
        last = s.percent;
    }
    const Thresholds &t = plan.thresholds;
    const auto fraction = [](const std::optional<double> &v) {
        return !v || (std::isfinite(*v) && *v >= 0 && *v <= 1);
    };
    if (!fraction(t.maxErrorRate) || !fraction(t.maxDisagreement) || !fraction(t.minAccuracy))
        return invalid("error rate, disagreement and accuracy thresholds must be between 0 and 1");
    if (t.maxP99Ms && (!std::isfinite(*t.maxP99Ms) || *t.maxP99Ms <= 0))
        return invalid("the p99 latency threshold must be a positive number of milliseconds");
    if (t.minLabelled < 0 || t.minRequests < 0)
        return invalid("minimum counts cannot be negative");
    return success();
}

Json planToJson(const RolloutPlan &plan)
{
    Json steps = Json::array();
    for (const auto &s : plan.steps)
        steps.push_back(
            {{"mode", candidateModeName(s.mode)}, {"percent", s.percent}, {"bake_ms", s.bakeMs}});
    const Thresholds &t = plan.thresholds;
    Json th = Json::object();
    const auto put = [&th](const char *key, const std::optional<double> &v) {
        th[key] = v ? Json(*v) : Json(nullptr);
    };
    put("max_error_rate", t.maxErrorRate);
    put("max_p99_ms", t.maxP99Ms);
    put("max_disagreement", t.maxDisagreement);
    put("min_accuracy", t.minAccuracy);
    th["min_labelled"] = t.minLabelled;
    th["min_requests"] = t.minRequests;
    return Json{{"steps", steps}, {"thresholds", th}};
}

Result<RolloutPlan> planFromJson(const Json &json)
{
    try {
        RolloutPlan plan;
        for (const auto &s : json.at("steps")) {
            auto mode = parseCandidateMode(s.at("mode").get<std::string>());
            if (!mode)
                return mode.error();
            plan.steps.push_back(
                {*mode, s.at("percent").get<int>(), s.at("bake_ms").get<std::int64_t>()});
        }
        const Json &th = json.at("thresholds");
        const auto get = [&th](const char *key) -> std::optional<double> {
            if (!th.contains(key) || th[key].is_null())
                return std::nullopt;
            return th[key].get<double>();
        };
        Thresholds &t = plan.thresholds;
        t.maxErrorRate = get("max_error_rate");
        t.maxP99Ms = get("max_p99_ms");
        t.maxDisagreement = get("max_disagreement");
        t.minAccuracy = get("min_accuracy");
        t.minLabelled = th.at("min_labelled").get<std::int64_t>();
        t.minRequests = th.at("min_requests").get<std::int64_t>();
        return plan;
    } catch (const std::exception &e) {
        return Error(ErrorCode::Integrity,
                     std::string("a stored rollout plan is malformed: ") + e.what());
    }
}

std::string describePlan(const RolloutPlan &plan)
{
    if (plan.steps.empty())
        return "direct";
    std::string out;
    for (const auto &s : plan.steps) {
        if (!out.empty())
            out += " -> ";
        out += s.mode == CandidateMode::Shadow ? "shadow" : std::to_string(s.percent) + "%";
        out += " " + formatDuration(s.bakeMs);
    }
    return out;
}

} // namespace mdeck::deploy
