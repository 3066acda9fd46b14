#include "core/pipeline/definition.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <queue>

// The graph side of a definition: lookups, the order of execution and
// ancestry; and durations.

namespace mdeck::pipeline {

const StepDef *Definition::step(const std::string &stepName) const
{
    const int i = stepIndex(stepName);
    return i < 0 ? nullptr : &steps[static_cast<std::size_t>(i)];
}

int Definition::stepIndex(const std::string &stepName) const
{
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].name == stepName)
            return static_cast<int>(i);
    return -1;
}

bool Definition::hasKind(StepKind kind) const
{
    return std::any_of(steps.begin(), steps.end(), [kind](const auto &s) { return s.kind == kind; });
}

std::vector<int> topologicalOrder(const Definition &def)
{
    const std::size_t n = def.steps.size();
    std::map<std::string, int> byName;
    for (std::size_t i = 0; i < n; ++i)
        byName[def.steps[i].name] = static_cast<int>(i);
    std::vector<int> pending(n, 0);
    std::vector<std::vector<int>> users(n);
    for (std::size_t i = 0; i < n; ++i)
        for (const auto &need : def.steps[i].needs) {
            ++pending[i];
            users[static_cast<std::size_t>(byName.at(need))].push_back(static_cast<int>(i));
        }
    std::priority_queue<int, std::vector<int>, std::greater<>> ready;
    for (std::size_t i = 0; i < n; ++i)
        if (pending[i] == 0)
            ready.push(static_cast<int>(i));
    std::vector<int> order;
    while (!ready.empty()) {
        const int i = ready.top();
        ready.pop();
        order.push_back(i);
        for (int u : users[static_cast<std::size_t>(i)])
            if (--pending[static_cast<std::size_t>(u)] == 0)
                ready.push(u);
    }
    return order;
}

bool dependsOn(const Definition &def, int step, int ancestor)
{
    std::vector<bool> seen(def.steps.size(), false);
    std::vector<int> stack{step};
    while (!stack.empty()) {
        const int s = stack.back();
        stack.pop_back();
        for (const auto &need : def.steps[static_cast<std::size_t>(s)].needs) {
            const int i = def.stepIndex(need);
            if (i == ancestor)
                return true;
            if (i >= 0 && !seen[static_cast<std::size_t>(i)]) {
                seen[static_cast<std::size_t>(i)] = true;
                stack.push_back(i);
            }
        }
    }
    return false;
}

Result<double> parseDuration(std::string_view text)
{
    std::string s(text);
    double scale = 1;
    for (const auto &[suffix, factor] :
         std::initializer_list<std::pair<const char *, double>>{{"ms", 0.001},
                                                                {"s", 1},
                                                                {"m", 60},
                                                                {"h", 3600}}) {
        const std::string suf(suffix);
        if (s.size() > suf.size() && s.compare(s.size() - suf.size(), suf.size(), suf) == 0
            && std::isdigit(static_cast<unsigned char>(s[s.size() - suf.size() - 1]))) {
            s.resize(s.size() - suf.size());
            scale = factor;
            break;
        }
    }
    char *end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v) || v < 0
        || v * scale > 7 * 24 * 3600.0)
        return Error(ErrorCode::InvalidArgument,
                     "'" + std::string(text)
                         + "' is not a duration such as 30s, 5m, 1h or 250ms (at most 7 days)");
    return v * scale;
}

} // namespace mdeck::pipeline
