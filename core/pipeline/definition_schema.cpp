#include "core/pipeline/definition_schema_p.h"

namespace mdeck::pipeline {

namespace {

struct KindName
{
    StepKind kind;
    const char *name;
};

constexpr KindName kKinds[] = {
    {StepKind::Validate, "validate"},
    {StepKind::Profile, "profile"},
    {StepKind::Train, "train"},
    {StepKind::Evaluate, "evaluate"},
    {StepKind::Compare, "compare"},
    {StepKind::Register, "register"},
    {StepKind::RequestRollout, "request-rollout"},
    {StepKind::Shell, "shell"},
    {StepKind::Noop, "noop"},
};

} // namespace

const char *stepKindName(StepKind kind)
{
    for (const auto &k : kKinds)
        if (k.kind == kind)
            return k.name;
    return "noop";
}

Result<StepKind> parseStepKind(std::string_view text)
{
    std::string known;
    for (const auto &k : kKinds) {
        if (text == k.name)
            return k.kind;
        known += (known.empty() ? "" : ", ") + std::string(k.name);
    }
    return Error(ErrorCode::InvalidArgument,
                 "unknown step kind '" + std::string(text) + "'; expected one of: " + known);
}

std::vector<std::string> kindOutputs(StepKind kind)
{
    switch (kind) {
    case StepKind::Validate:
        return {"report"};
    case StepKind::Profile:
        return {"profile"};
    case StepKind::Train:
        return {"model", "metrics"};
    case StepKind::Evaluate:
        return {"metrics"};
    case StepKind::Compare:
        return {"comparison"};
    case StepKind::Register:
        return {"version"};
    case StepKind::RequestRollout:
        return {"request"};
    case StepKind::Shell:
    case StepKind::Noop:
        return {};
    }
    return {};
}

namespace detail {

const char *fieldTypeName(FieldType type)
{
    switch (type) {
    case FieldType::String:
        return "a string";
    case FieldType::Number:
        return "a number";
    case FieldType::Integer:
        return "an integer";
    case FieldType::Bool:
        return "true or false";
    case FieldType::StringList:
        return "a list of strings";
    case FieldType::IntList:
        return "a list of integers";
    case FieldType::StringMap:
        return "a mapping of strings";
    case FieldType::Values:
        return "a list of values";
    case FieldType::Expectations:
        return "a list of expectations";
    }
    return "a value";
}

const std::vector<Field> &kindFields(StepKind kind)
{
    using T = FieldType;
    static const std::vector<Field> kValidate = {{"data", T::String, true, true},
                                                 {"expectations", T::Expectations, true}};
    static const std::vector<Field> kProfile = {{"data", T::String, true, true}};
    static const std::vector<Field> kTrain = {
        {"data", T::String, true, true},
        {"target", T::String, true},
        {"task", T::String},
        {"model", T::String},
        {"hidden", T::IntList},
        {"activation", T::String},
        {"optimizer", T::String},
        {"epochs", T::Integer},
        {"batch-size", T::Integer},
        {"learning-rate", T::Number},
        {"weight-decay", T::Number},
        {"dropout", T::Number},
        {"patience", T::Integer},
        {"seed", T::Integer},
        {"threads", T::Integer},
        {"features", T::StringList},
        {"ignore", T::StringList},
        {"time-column", T::String},
        {"sensitive-column", T::String},
    };
    static const std::vector<Field> kEvaluate = {{"package", T::String},
                                                 {"model", T::String},
                                                 {"data", T::String, true, true}};
    static const std::vector<Field> kCompare = {
        {"candidate", T::String, true},  {"model", T::String, true},  {"alias", T::String},
        {"data", T::String, true, true}, {"metric", T::String, true}, {"margin", T::Number},
        {"direction", T::String},
    };
    static const std::vector<Field> kRegister = {{"package", T::String, true},
                                                 {"model", T::String, true},
                                                 {"description", T::String},
                                                 {"alias", T::String}};
    static const std::vector<Field> kRollout = {
        {"registration", T::String}, {"model", T::String},    {"version", T::String},
        {"deployment", T::String},   {"strategy", T::String}, {"traffic", T::Integer},
        {"note", T::String},
    };
    static const std::vector<Field> kShell = {{"command", T::String, true},
                                              {"env", T::StringMap},
                                              {"workdir", T::String},
                                              {"outputs", T::StringList},
                                              {"inputs", T::StringList, false, true}};
    static const std::vector<Field> kNoop = {};
    switch (kind) {
    case StepKind::Validate:
        return kValidate;
    case StepKind::Profile:
        return kProfile;
    case StepKind::Train:
        return kTrain;
    case StepKind::Evaluate:
        return kEvaluate;
    case StepKind::Compare:
        return kCompare;
    case StepKind::Register:
        return kRegister;
    case StepKind::RequestRollout:
        return kRollout;
    case StepKind::Shell:
        return kShell;
    case StepKind::Noop:
        return kNoop;
    }
    return kNoop;
}

const std::vector<Field> &expectationFields()
{
    using T = FieldType;
    static const std::vector<Field> kFields = {
        {"expect", T::String, true}, {"column", T::String}, {"type", T::String},
        {"min", T::Number},          {"max", T::Number},    {"values", T::Values},
        {"pattern", T::String},      {"q", T::Number},
    };
    return kFields;
}

const std::vector<ExpectationRule> &expectationRules()
{
    static const std::vector<ExpectationRule> kRules = {
        {"column-exists", true, {}, false},    {"type", true, {"type"}, false},
        {"not-null", true, {}, false},         {"between", true, {}, true},
        {"in-set", true, {"values"}, false},   {"unique", true, {}, false},
        {"matches", true, {"pattern"}, false}, {"row-count-between", false, {}, true},
        {"mean-between", true, {}, true},      {"quantile-between", true, {"q"}, true},
    };
    return kRules;
}

const ExpectationRule *findExpectationRule(std::string_view name)
{
    for (const auto &r : expectationRules())
        if (r.name == name)
            return &r;
    return nullptr;
}

} // namespace detail
} // namespace mdeck::pipeline
