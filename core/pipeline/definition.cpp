#include "core/pipeline/definition.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/common/text.h"
#include "core/pipeline/cron.h"
#include "core/pipeline/definition_schema_p.h"
#include "core/pipeline/substitution.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <queue>
#include <regex>
#include <set>

namespace mdeck::pipeline {

using detail::Field;
using detail::FieldType;

namespace {

// Thrown inside the parser only; parseDefinition turns it into an Error.
struct ParseFailure
{
    Error error;
};

struct StepRef
{
    int step;
    StepReference ref;
    int line;
    int column;
};

class Parser
{
public:
    Parser(std::string source, std::map<std::string, std::string> params, std::string baseDir)
        : m_source(std::move(source))
        , m_params(std::move(params))
        , m_baseDir(std::move(baseDir))
    {}

    [[noreturn]] void fail(const YAML::Mark &mark, const std::string &message) const
    {
        const int line = mark.is_null() ? 0 : mark.line + 1;
        const int column = mark.is_null() ? 0 : mark.column + 1;
        std::string where = m_source;
        if (line > 0)
            where += ":" + std::to_string(line) + ":" + std::to_string(column);
        throw ParseFailure{Error(ErrorCode::InvalidArgument, where + ": " + message, line)};
    }

    void count(const YAML::Node &node)
    {
        // Aliases can make a small file expand enormously; stop long before memory runs out.
        if (++m_values > 200000)
            fail(node.Mark(), "the definition expands to more than 200000 values");
    }

    std::string scalar(const YAML::Node &node, const std::string &what, bool substitute = true)
    {
        count(node);
        if (!node.IsScalar())
            fail(node.Mark(), what + " must be a single value, not " + shape(node));
        if (!substitute)
            return node.Scalar();
        auto text = substituteParams(node.Scalar(), m_params);
        if (!text)
            fail(node.Mark(), what + ": " + text.error().message);
        return *text;
    }

    static std::string shape(const YAML::Node &node)
    {
        if (node.IsMap())
            return "a mapping";
        if (node.IsSequence())
            return "a list";
        if (node.IsNull())
            return "empty";
        return "a single value";
    }

    double number(const YAML::Node &node, const std::string &what)
    {
        const std::string text = scalar(node, what);
        char *end = nullptr;
        errno = 0;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE
            || !std::isfinite(v))
            fail(node.Mark(), what + " must be a number, not '" + text + "'");
        return v;
    }

    std::int64_t integer(const YAML::Node &node, const std::string &what)
    {
        const std::string text = scalar(node, what);
        char *end = nullptr;
        errno = 0;
        const long long v = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE)
            fail(node.Mark(), what + " must be an integer, not '" + text + "'");
        return v;
    }

    bool boolean(const YAML::Node &node, const std::string &what)
    {
        const std::string text = scalar(node, what);
        if (text == "true" || text == "True" || text == "yes")
            return true;
        if (text == "false" || text == "False" || text == "no")
            return false;
        fail(node.Mark(), what + " must be true or false, not '" + text + "'");
    }

    std::vector<std::string> stringList(const YAML::Node &node, const std::string &what)
    {
        if (node.IsScalar())
            return {scalar(node, what)};
        if (!node.IsSequence())
            fail(node.Mark(), what + " must be a list of strings, not " + shape(node));
        std::vector<std::string> out;
        for (const auto &item : node)
            out.push_back(scalar(item, what + " entries"));
        return out;
    }

    // Checks a mapping's keys against `fields`: unknown and repeated keys are refused.
    void checkKeys(const YAML::Node &map, const std::vector<std::string_view> &allowed,
                   const std::string &what)
    {
        std::set<std::string> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            count(it->first);
            if (!it->first.IsScalar())
                fail(it->first.Mark(), "keys of " + what + " must be plain names");
            const std::string key = it->first.Scalar();
            if (!seen.insert(key).second)
                fail(it->first.Mark(), "'" + key + "' appears twice in " + what);
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                std::string list;
                for (auto a : allowed)
                    list += (list.empty() ? "" : ", ") + std::string(a);
                fail(it->first.Mark(),
                     "unknown key '" + key + "' in " + what
                         + (list.empty() ? "" : "; expected one of: " + list));
            }
        }
    }

    Json typedValue(const YAML::Node &node, const Field &field, const std::string &what)
    {
        switch (field.type) {
        case FieldType::String:
            return scalar(node, what);
        case FieldType::Number:
            return number(node, what);
        case FieldType::Integer:
            return integer(node, what);
        case FieldType::Bool:
            return boolean(node, what);
        case FieldType::StringList:
            return stringList(node, what);
        case FieldType::Values: {
            if (!node.IsSequence())
                fail(node.Mark(), what + " must be a list of values, not " + shape(node));
            Json list = Json::array();
            for (const auto &item : node)
                list.push_back(scalar(item, what + " entries"));
            return list;
        }
        case FieldType::IntList: {
            if (!node.IsSequence())
                fail(node.Mark(), what + " must be a list of integers, not " + shape(node));
            Json list = Json::array();
            for (const auto &item : node)
                list.push_back(integer(item, what + " entries"));
            return list;
        }
        case FieldType::StringMap: {
            if (!node.IsMap())
                fail(node.Mark(), what + " must be a mapping, not " + shape(node));
            Json map = Json::object();
            for (auto it = node.begin(); it != node.end(); ++it) {
                const std::string key = scalar(it->first, what + " keys", false);
                if (map.contains(key))
                    fail(it->first.Mark(), "'" + key + "' appears twice in " + what);
                map[key] = scalar(it->second, what + "." + key);
            }
            return map;
        }
        case FieldType::Expectations:
            return expectations(node, what);
        }
        return nullptr;
    }

    Json expectations(const YAML::Node &node, const std::string &what)
    {
        if (!node.IsSequence() || node.size() == 0)
            fail(node.Mark(), what + " must be a non-empty list of expectations");
        std::vector<std::string_view> keys;
        for (const auto &f : detail::expectationFields())
            keys.push_back(f.key);
        Json list = Json::array();
        for (const auto &item : node) {
            if (!item.IsMap())
                fail(item.Mark(), "an expectation must be a mapping with 'expect:'");
            checkKeys(item, keys, "an expectation");
            Json e = Json::object();
            for (const auto &f : detail::expectationFields())
                if (item[std::string(f.key)])
                    e[std::string(f.key)] = typedValue(item[std::string(f.key)], f,
                                                       "expectation " + std::string(f.key));
            if (!e.contains("expect"))
                fail(item.Mark(), "expectation has no 'expect:' (what to check)");
            const auto *rule = detail::findExpectationRule(e["expect"].get<std::string>());
            if (!rule) {
                std::string names;
                for (const auto &r : detail::expectationRules())
                    names += (names.empty() ? "" : ", ") + std::string(r.name);
                fail(item["expect"].Mark(),
                     "unknown expectation '" + e["expect"].get<std::string>()
                         + "'; expected one of: " + names);
            }
            if (rule->needsColumn && !e.contains("column"))
                fail(item.Mark(), "expectation '" + std::string(rule->name) + "' needs 'column:'");
            for (auto r : rule->required)
                if (!e.contains(std::string(r)))
                    fail(item.Mark(),
                         "expectation '" + std::string(rule->name) + "' needs '" + std::string(r)
                             + ":'");
            if (rule->needsBound && !e.contains("min") && !e.contains("max"))
                fail(item.Mark(),
                     "expectation '" + std::string(rule->name) + "' needs 'min:' or 'max:'");
            if (e.contains("type")) {
                const auto t = e["type"].get<std::string>();
                if (t != "numeric" && t != "integer" && t != "boolean" && t != "datetime"
                    && t != "text")
                    fail(item["type"].Mark(),
                         "type '" + t
                             + "' must be numeric, integer, boolean, "
                               "datetime or text");
            }
            if (e.contains("q")) {
                const double q = e["q"].get<double>();
                if (q < 0 || q > 1)
                    fail(item["q"].Mark(), "q must lie between 0 and 1");
            }
            if (e.contains("pattern")) {
                try {
                    std::regex re(e["pattern"].get<std::string>(), std::regex::ECMAScript);
                } catch (const std::regex_error &err) {
                    fail(item["pattern"].Mark(),
                         "pattern is not a valid regular expression: " + std::string(err.what()));
                }
            }
            list.push_back(std::move(e));
        }
        return list;
    }

    std::string resolvePath(const std::string &path) const
    {
        if (path.empty() || path[0] == '/' || m_baseDir.empty())
            return path;
        return (std::filesystem::path(m_baseDir) / path).lexically_normal().string();
    }

    void parseWith(const YAML::Node &node, StepDef &step, int index)
    {
        const auto &fields = detail::kindFields(step.kind);
        const std::string what = "'with' of step '" + step.name + "'";
        if (node && !node.IsNull() && !node.IsMap())
            fail(node.Mark(), what + " must be a mapping, not " + shape(node));
        std::vector<std::string_view> keys;
        for (const auto &f : fields)
            keys.push_back(f.key);
        if (node && node.IsMap())
            checkKeys(node, keys, what);
        for (const auto &f : fields) {
            const std::string key(f.key);
            const YAML::Node value = node && node.IsMap() ? node[key] : YAML::Node();
            if (!value) {
                if (f.required)
                    fail(node ? node.Mark() : m_stepMark,
                         "step '" + step.name + "' (" + stepKindName(step.kind)
                             + ") needs 'with: " + key + ":'");
                continue;
            }
            step.with[key] = typedValue(value, f, "step '" + step.name + "' " + key);
            collectRefs(step.with[key], value, index);
            if (f.file) {
                std::vector<std::string> paths;
                if (step.with[key].is_string())
                    paths.push_back(step.with[key].get<std::string>());
                else
                    paths = step.with[key].get<std::vector<std::string>>();
                for (auto &p : paths) {
                    if (p.find("${{") != std::string::npos)
                        continue; // an artifact of an earlier step, hashed as such
                    p = resolvePath(p);
                    step.inputFiles.push_back(p);
                }
                if (step.with[key].is_string()
                    && step.with[key].get<std::string>().find("${{") == std::string::npos)
                    step.with[key] = resolvePath(step.with[key].get<std::string>());
                else if (step.with[key].is_array())
                    for (auto &v : step.with[key])
                        if (v.get<std::string>().find("${{") == std::string::npos)
                            v = resolvePath(v.get<std::string>());
            }
        }
        if (step.kind == StepKind::Evaluate
            && step.with.contains("package") == step.with.contains("model"))
            fail(node ? node.Mark() : m_stepMark,
                 "step '" + step.name
                     + "' (evaluate) needs exactly one of 'package:' (an "
                       "artifact) and 'model:' (a registered model)");
        if (step.kind == StepKind::RequestRollout && !step.with.contains("registration")
            && !step.with.contains("model"))
            fail(node ? node.Mark() : m_stepMark,
                 "step '" + step.name + "' (request-rollout) needs 'registration:' or 'model:'");
        if (step.kind == StepKind::Shell) {
            if (step.with.contains("outputs"))
                for (const auto &o : step.with["outputs"]) {
                    const auto name = o.get<std::string>();
                    if (name.empty() || name.find('/') != std::string::npos || name == "."
                        || name == ".." || name.size() > 128)
                        fail(node["outputs"].Mark(),
                             "output '" + name + "' must be a plain file name");
                    step.outputs.push_back(name);
                }
        } else {
            step.outputs = kindOutputs(step.kind);
        }
    }

    void collectRefs(const Json &value, const YAML::Node &node, int index)
    {
        auto one = [&](const std::string &text) {
            auto refs = findStepReferences(text);
            if (!refs)
                fail(node.Mark(), refs.error().message);
            for (auto &r : *refs)
                m_refs.push_back(
                    {index, std::move(r), node.Mark().line + 1, node.Mark().column + 1});
        };
        if (value.is_string())
            one(value.get<std::string>());
        else if (value.is_array() || value.is_object())
            for (const auto &v : value)
                if (v.is_string())
                    one(v.get<std::string>());
    }

    StepDef parseStep(const YAML::Node &node, int index)
    {
        if (!node.IsMap())
            fail(node.Mark(), "a step must be a mapping with 'name:' and 'kind:'");
        m_stepMark = node.Mark();
        checkKeys(node,
                  {"name", "kind", "needs", "with", "retries", "backoff", "timeout", "cache",
                   "description"},
                  "a step");
        StepDef step;
        step.line = node.Mark().line + 1;
        if (!node["name"])
            fail(node.Mark(), "step has no 'name:'");
        step.name = scalar(node["name"], "step name", false);
        if (!isStepName(step.name))
            fail(node["name"].Mark(),
                 "step name '" + step.name
                     + "' must be 1 to 64 characters of a-z, A-Z, 0-9, "
                       "'_' and '-'");
        if (!node["kind"])
            fail(node.Mark(), "step '" + step.name + "' has no 'kind:'");
        auto kind = parseStepKind(scalar(node["kind"], "step kind"));
        if (!kind)
            fail(node["kind"].Mark(), "step '" + step.name + "': " + kind.error().message);
        step.kind = *kind;
        step.cache = step.kind == StepKind::Validate || step.kind == StepKind::Profile
            || step.kind == StepKind::Train || step.kind == StepKind::Evaluate;
        if (node["needs"]) {
            step.needs = stringList(node["needs"], "needs of step '" + step.name + "'");
            m_needMarks.push_back(node["needs"].Mark());
        } else {
            m_needMarks.push_back(node.Mark());
        }
        if (node["retries"]) {
            const auto r = integer(node["retries"], "retries");
            if (r < 0 || r > 100)
                fail(node["retries"].Mark(), "retries must be between 0 and 100");
            step.retries = static_cast<int>(r);
        }
        for (const char *key : {"backoff", "timeout"}) {
            if (!node[key])
                continue;
            auto d = parseDuration(scalar(node[key], key));
            if (!d)
                fail(node[key].Mark(), std::string(key) + ": " + d.error().message);
            (std::string(key) == "backoff" ? step.backoffSeconds : step.timeoutSeconds) = *d;
        }
        if (node["cache"])
            step.cache = boolean(node["cache"], "cache");
        parseWith(node["with"], step, index);
        return step;
    }

    static bool isStepName(const std::string &name)
    {
        if (name.empty() || name.size() > 64)
            return false;
        return std::all_of(name.begin(), name.end(),
                           [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
    }

    Definition parse(const std::string &yaml)
    {
        YAML::Node root;
        try {
            root = YAML::Load(yaml);
        } catch (const YAML::Exception &e) {
            fail(e.mark, "invalid YAML: " + e.msg);
        }
        if (!root.IsMap())
            fail(root.Mark(), "a pipeline must be a mapping with 'name:' and 'steps:'");
        checkKeys(root, {"name", "description", "params", "schedule", "watch", "steps"},
                  "the pipeline");
        Definition def;
        if (!root["name"])
            fail(root.Mark(), "the pipeline has no 'name:'");
        def.name = scalar(root["name"], "name", false);
        if (!isValidName(def.name))
            fail(root["name"].Mark(),
                 "pipeline name '" + def.name
                     + "' must be 1 to 64 characters of a-z, 0-9, '.', "
                       "'_' and '-', starting with a letter or digit");
        if (root["description"])
            def.description = scalar(root["description"], "description", false);
        parseParams(root["params"]);
        def.params = m_params;
        if (root["schedule"]) {
            def.schedule = scalar(root["schedule"], "schedule");
            if (auto cron = CronSchedule::parse(def.schedule); !cron)
                fail(root["schedule"].Mark(), cron.error().message);
        }
        if (root["watch"])
            for (auto &p : stringList(root["watch"], "watch"))
                def.watch.push_back(resolvePath(p));
        const YAML::Node steps = root["steps"];
        if (!steps || !steps.IsSequence() || steps.size() == 0)
            fail(steps ? steps.Mark() : root.Mark(), "'steps:' must be a non-empty list");
        if (steps.size() > kMaxSteps)
            fail(steps.Mark(), "more than " + std::to_string(kMaxSteps) + " steps");
        std::map<std::string, int> byName;
        int index = 0;
        for (const auto &node : steps) {
            StepDef step = parseStep(node, index);
            if (auto [it, fresh] = byName.emplace(step.name, index); !fresh)
                fail(node["name"].Mark(),
                     "step name '" + step.name + "' is used twice (first on line "
                         + std::to_string(def.steps[static_cast<std::size_t>(it->second)].line)
                         + ")");
            def.steps.push_back(std::move(step));
            ++index;
        }
        checkGraph(def, byName);
        return def;
    }

    void parseParams(const YAML::Node &node)
    {
        std::map<std::string, std::string> defaults;
        if (node) {
            if (!node.IsMap())
                fail(node.Mark(), "'params:' must be a mapping of names to default values");
            for (auto it = node.begin(); it != node.end(); ++it) {
                const std::string key = scalar(it->first, "parameter name", false);
                if (!isParamName(key))
                    fail(it->first.Mark(),
                         "parameter name '" + key + "' must be letters, digits, '_' or '-'");
                if (defaults.count(key))
                    fail(it->first.Mark(), "parameter '" + key + "' is declared twice");
                defaults[key] = it->second.IsNull() ? std::string()
                                                    : scalar(it->second, "parameter " + key, false);
            }
        }
        for (const auto &[key, value] : m_params) {
            if (!defaults.count(key))
                throw ParseFailure{Error(ErrorCode::InvalidArgument,
                                         m_source + ": --param " + key
                                             + ": the pipeline has no parameter '" + key + "'")};
            defaults[key] = value;
        }
        m_params = std::move(defaults);
    }

    void checkGraph(const Definition &def, const std::map<std::string, int> &byName)
    {
        for (std::size_t i = 0; i < def.steps.size(); ++i) {
            const auto &step = def.steps[i];
            std::set<std::string> seen;
            for (const auto &need : step.needs) {
                if (!seen.insert(need).second)
                    fail(m_needMarks[i], "step '" + step.name + "' needs '" + need + "' twice");
                if (need == step.name)
                    fail(m_needMarks[i], "step '" + step.name + "' needs itself");
                if (!byName.count(need))
                    fail(m_needMarks[i],
                         "step '" + step.name + "' needs an unknown step '" + need + "'");
            }
        }
        // Iterative depth-first search: deep chains must not exhaust the stack.
        const std::size_t n = def.steps.size();
        std::vector<int> colour(n, 0), parent(n, -1);
        for (std::size_t root = 0; root < n; ++root) {
            if (colour[root])
                continue;
            std::vector<std::pair<int, std::size_t>> stack{{static_cast<int>(root), 0}};
            colour[root] = 1;
            while (!stack.empty()) {
                auto &[node, next] = stack.back();
                const auto &needs = def.steps[static_cast<std::size_t>(node)].needs;
                if (next == needs.size()) {
                    colour[static_cast<std::size_t>(node)] = 2;
                    stack.pop_back();
                    continue;
                }
                const int child = byName.at(needs[next++]);
                if (colour[static_cast<std::size_t>(child)] == 1) {
                    std::string cycle = def.steps[static_cast<std::size_t>(child)].name;
                    bool in = false;
                    for (const auto &[s, unused] : stack) {
                        (void) unused;
                        if (s == child)
                            in = true;
                        else if (in)
                            cycle += " -> " + def.steps[static_cast<std::size_t>(s)].name;
                    }
                    cycle += " -> " + def.steps[static_cast<std::size_t>(child)].name;
                    fail(m_needMarks[static_cast<std::size_t>(node)],
                         "the steps form a cycle: " + cycle + " (each needs the next)");
                }
                if (colour[static_cast<std::size_t>(child)] == 0) {
                    colour[static_cast<std::size_t>(child)] = 1;
                    parent[static_cast<std::size_t>(child)] = node;
                    stack.push_back({child, 0});
                }
            }
        }
        for (const auto &r : m_refs) {
            const std::string &user = def.steps[static_cast<std::size_t>(r.step)].name;
            const std::string where = m_source + ":" + std::to_string(r.line) + ":"
                + std::to_string(r.column) + ": ";
            auto it = byName.find(r.ref.step);
            if (it == byName.end())
                throw ParseFailure{Error(ErrorCode::InvalidArgument,
                                         where + "step '" + user
                                             + "' uses outputs of an unknown "
                                               "step '"
                                             + r.ref.step + "'",
                                         r.line)};
            if (!dependsOn(def, r.step, it->second))
                throw ParseFailure{Error(ErrorCode::InvalidArgument,
                                         where + "step '" + user + "' uses outputs of '"
                                             + r.ref.step + "' but does not need it",
                                         r.line)};
            const auto &outs = def.steps[static_cast<std::size_t>(it->second)].outputs;
            if (std::find(outs.begin(), outs.end(), r.ref.output) == outs.end())
                throw ParseFailure{
                    Error(ErrorCode::InvalidArgument,
                          where + "step '" + r.ref.step + "' has no output '" + r.ref.output + "'",
                          r.line)};
        }
    }

    static bool isParamName(const std::string &name)
    {
        return !name.empty() && name.size() <= 64
            && std::all_of(name.begin(), name.end(),
                           [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
    }

private:
    std::string m_source;
    std::map<std::string, std::string> m_params;
    std::string m_baseDir;
    std::vector<StepRef> m_refs;
    std::vector<YAML::Mark> m_needMarks;
    YAML::Mark m_stepMark;
    int m_values = 0;
};

} // namespace

Result<Definition> parseDefinition(const std::string &yaml, const std::string &source,
                                   const std::map<std::string, std::string> &overrides,
                                   const std::string &baseDir)
{
    if (yaml.size() > kMaxDefinitionBytes)
        return Error(ErrorCode::InvalidArgument,
                     source + ": the definition is larger than "
                         + std::to_string(kMaxDefinitionBytes) + " bytes");
    if (yaml.find('\0') != std::string::npos)
        return Error(ErrorCode::InvalidArgument, source + ": the definition holds a NUL byte");
    try {
        Parser parser(source, overrides, baseDir);
        Definition def = parser.parse(yaml);
        def.source = source;
        def.baseDir = baseDir;
        def.yaml = yaml;
        def.sha256 = Sha256::hex(yaml);
        return def;
    } catch (const ParseFailure &f) {
        return f.error;
    } catch (const YAML::Exception &e) {
        return Error(ErrorCode::InvalidArgument,
                     source + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg,
                     e.mark.line + 1);
    } catch (const std::exception &e) {
        return Error(ErrorCode::InvalidArgument, source + ": " + e.what());
    }
}

Result<Definition> loadDefinition(const std::string &path,
                                  const std::map<std::string, std::string> &overrides)
{
    auto text = readFile(path, kMaxDefinitionBytes + 1);
    if (!text)
        return text.error();
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec);
    const std::string base = ec ? std::string() : abs.parent_path().string();
    return parseDefinition(*text, path, overrides, base);
}

} // namespace mdeck::pipeline
