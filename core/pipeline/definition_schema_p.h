#pragma once

// The settings each step kind and each expectation accept, as tables the
// parser checks against. Private to core/pipeline.

#include "core/pipeline/definition.h"

#include <string_view>
#include <vector>

namespace mdeck::pipeline::detail {

enum class FieldType {
    String,
    Number,
    Integer,
    Bool,
    StringList,
    IntList,
    StringMap,
    Values,
    Expectations
};

struct Field
{
    std::string_view key;
    FieldType type;
    bool required = false;
    bool file = false; // a path read by the step: hashed for the cache and change detection
};

const std::vector<Field> &kindFields(StepKind kind);
const std::vector<Field> &expectationFields();
const char *fieldTypeName(FieldType type);

// The expectation names a `validate` step knows, and what each requires.
struct ExpectationRule
{
    std::string_view name;
    bool needsColumn;
    std::vector<std::string_view> required; // besides `expect` and `column`
    bool needsBound;                        // at least one of min / max
};
const std::vector<ExpectationRule> &expectationRules();
const ExpectationRule *findExpectationRule(std::string_view name);

} // namespace mdeck::pipeline::detail
