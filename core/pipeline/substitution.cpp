#include "core/pipeline/substitution.h"

#include "core/common/text.h"

namespace mdeck::pipeline {

namespace {

std::vector<std::string> splitDots(const std::string &s)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = s.find('.', start);
        parts.push_back(s.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos)
            return parts;
        start = dot + 1;
    }
}

enum class Mode { Params, Find, Resolve };

// One walk over the text for all three uses, so they agree on the syntax.
Result<std::string> walk(const std::string &text, Mode mode,
                         const std::map<std::string, std::string> *params,
                         std::vector<StepReference> *found,
                         const std::function<Result<std::string>(const StepReference &)> *lookup)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 4, "$${{") == 0) {
            out += mode == Mode::Resolve ? "${{" : "$${{";
            i += 4;
            continue;
        }
        if (text.compare(i, 3, "${{") != 0) {
            out += text[i++];
            continue;
        }
        const auto close = text.find("}}", i + 3);
        if (close == std::string::npos)
            return Error(ErrorCode::InvalidArgument,
                         "'${{' without a closing '}}' in '" + text.substr(0, 200) + "'");
        const std::string expr(trimmed(std::string_view(text).substr(i + 3, close - i - 3)));
        const std::string whole = text.substr(i, close + 2 - i);
        const auto parts = splitDots(expr);
        if (parts.size() == 2 && parts[0] == "params") {
            if (mode == Mode::Params) {
                auto it = params->find(parts[1]);
                if (it == params->end())
                    return Error(ErrorCode::InvalidArgument,
                                 "unknown parameter '" + parts[1] + "' in " + whole);
                out += it->second;
            } else {
                out += whole;
            }
        } else if (parts.size() == 4 && parts[0] == "steps" && parts[2] == "outputs"
                   && !parts[1].empty() && !parts[3].empty()) {
            StepReference ref{parts[1], parts[3]};
            if (mode == Mode::Resolve) {
                auto value = (*lookup)(ref);
                if (!value)
                    return value.error();
                out += *value;
            } else {
                if (found)
                    found->push_back(ref);
                out += whole;
            }
        } else {
            return Error(ErrorCode::InvalidArgument,
                         "unknown expression " + whole
                             + "; expected ${{ params.NAME }} or ${{ steps.STEP.outputs.NAME }}");
        }
        i = close + 2;
    }
    return out;
}

} // namespace

Result<std::string> substituteParams(const std::string &text,
                                     const std::map<std::string, std::string> &params)
{
    return walk(text, Mode::Params, &params, nullptr, nullptr);
}

Result<std::vector<StepReference>> findStepReferences(const std::string &text)
{
    std::vector<StepReference> refs;
    auto r = walk(text, Mode::Find, nullptr, &refs, nullptr);
    if (!r)
        return r.error();
    return refs;
}

Result<std::string> resolveStepReferences(
    const std::string &text, const std::function<Result<std::string>(const StepReference &)> &lookup)
{
    return walk(text, Mode::Resolve, nullptr, nullptr, &lookup);
}

} // namespace mdeck::pipeline
