#pragma once

// The `${{ … }}` expressions of pipeline definitions. `${{ params.NAME }}`
// is replaced when a definition is parsed; `${{ steps.STEP.outputs.NAME }}`
// when the step runs, by the path of that output artifact. `$${{` is a
// literal `${{`. Pure functions. Errors: InvalidArgument naming the
// expression.

#include "core/base/result.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mdeck::pipeline {

struct StepReference
{
    std::string step;
    std::string output;
};

// Replaces parameter references; step references and `$${{` stay as they are.
Result<std::string> substituteParams(const std::string &text,
                                     const std::map<std::string, std::string> &params);
// The step references in `text`.
Result<std::vector<StepReference>> findStepReferences(const std::string &text);
// Replaces step references through `lookup` and `$${{` by `${{`.
Result<std::string> resolveStepReferences(
    const std::string &text,
    const std::function<Result<std::string>(const StepReference &)> &lookup);

} // namespace mdeck::pipeline
