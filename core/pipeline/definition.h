#pragma once

// A pipeline definition: a YAML file of named steps joined by `needs:` edges
// into a DAG, with parameters, triggers and per-step retries, timeout and
// caching. Parsing checks everything that can be checked before a run: YAML
// syntax, unknown keys and wrong types (line:column), unknown step kinds,
// duplicate names, unknown and cyclic `needs` (line), parameter references,
// the kind-specific settings and the data expectations. Pure functions;
// callable from any thread. Errors: InvalidArgument (naming source, line,
// column and field), Io (unreadable file).
//
// Substitution: `${{ params.NAME }}` is replaced by the parameter's value
// when the definition is parsed; `${{ steps.STEP.outputs.NAME }}` is kept and
// replaced at run time by the path of that step's output artifact. `$${{`
// stands for a literal `${{`.

#include "core/base/result.h"
#include "core/common/json.h"

#include <map>
#include <string>
#include <vector>

namespace mdeck::pipeline {

enum class StepKind {
    Validate,
    Profile,
    Train,
    Evaluate,
    Compare,
    Register,
    RequestRollout,
    Shell,
    Noop,
};

const char *stepKindName(StepKind kind);
Result<StepKind> parseStepKind(std::string_view text);
// The outputs a step of this kind produces ({} for shell: its own `outputs`).
std::vector<std::string> kindOutputs(StepKind kind);

struct StepDef
{
    std::string name;
    StepKind kind = StepKind::Noop;
    std::vector<std::string> needs;
    // Kind-specific settings after parameter substitution; strings may still
    // hold `${{ steps.X.outputs.Y }}` references. Types are checked.
    Json with = Json::object();
    int retries = 0;           // extra attempts after a failure
    double backoffSeconds = 1; // wait before the first retry, doubled each time
    double timeoutSeconds = 0; // per attempt; 0 = none
    bool cache = false;        // serve from the cache when inputs and definition are unchanged
    int line = 0;              // where the step starts in the file
    // Files the step reads, resolved against the pipeline's folder: their
    // content hashes key the cache and are checked for changes during a run.
    std::vector<std::string> inputFiles;
    // Output names this step produces.
    std::vector<std::string> outputs;
};

struct Definition
{
    std::string name;
    std::string description;
    std::map<std::string, std::string> params; // after --param overrides
    std::string schedule;                      // five-field cron (UTC), "" = none
    std::vector<std::string> watch;            // data files whose change starts a run
    std::vector<StepDef> steps;                // in file order
    std::string source;                        // file name, for messages
    std::string baseDir;                       // relative paths resolve against it
    std::string yaml;                          // the text as read
    std::string sha256;                        // of `yaml`

    const StepDef *step(const std::string &name) const;
    int stepIndex(const std::string &name) const;
    bool hasKind(StepKind kind) const;
};

// Limits on what a definition may hold.
inline constexpr std::size_t kMaxDefinitionBytes = 1u << 20;
inline constexpr std::size_t kMaxSteps = 10000;

// `overrides` replace parameter defaults; naming a parameter the pipeline
// does not declare is an error. `baseDir` "" = the current folder.
Result<Definition> parseDefinition(const std::string &yaml, const std::string &source,
                                   const std::map<std::string, std::string> &overrides = {},
                                   const std::string &baseDir = {});
Result<Definition> loadDefinition(const std::string &path,
                                  const std::map<std::string, std::string> &overrides = {});

// Step indexes in an order where each step follows all it needs (file order
// among independent steps). The definition is known to be acyclic.
std::vector<int> topologicalOrder(const Definition &definition);
// Whether `ancestor` is reachable from `step` through `needs`.
bool dependsOn(const Definition &definition, int step, int ancestor);

// "30s", "5m", "1h", "250ms" or a plain number of seconds.
Result<double> parseDuration(std::string_view text);

} // namespace mdeck::pipeline
