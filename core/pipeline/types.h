#pragma once

// Plain data of pipeline runs, shared by the store, the executor, the
// command line and the console.

#include "core/base/result.h"
#include "core/common/json.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mdeck::pipeline {

enum class RunState { Queued, Running, Succeeded, Failed, Cancelled, Interrupted };
enum class StepState { Pending, Running, Succeeded, Failed, Cached, Skipped, Cancelled };

const char *runStateName(RunState state);
Result<RunState> parseRunState(std::string_view text);
const char *stepStateName(StepState state);
Result<StepState> parseStepState(std::string_view text);
bool isFinished(RunState state);
// Succeeded or served from the cache: its outputs are there for later steps.
bool isDone(StepState state);

struct ArtifactRef
{
    std::string name;
    std::string sha256;
    std::int64_t size = 0;
};

struct StepRecord
{
    std::string name;
    std::string kind;
    int position = 0;
    std::vector<std::string> needs;
    StepState state = StepState::Pending;
    int attempts = 0;
    std::int64_t startedAt = 0; // ms since epoch, 0 = not yet
    std::int64_t finishedAt = 0;
    std::string cacheKey;
    std::string message;
    // The log keeps its first and last bytes; logDropped counts those in between.
    std::string logHead;
    std::string logTail;
    std::int64_t logDropped = 0;
    std::vector<ArtifactRef> outputs;
    Json summary = Json::object();
};

struct RunRecord
{
    std::int64_t id = 0;
    std::string pipeline;
    RunState state = RunState::Queued;
    std::string trigger; // manual, schedule, file, alert
    Json triggerDetails = Json::object();
    std::string yaml;
    std::string definitionSha256;
    std::string baseDir;
    std::map<std::string, std::string> params;
    std::map<std::string, std::string> fileHashes;
    std::string createdBy;
    std::int64_t createdAt = 0;
    std::int64_t startedAt = 0;
    std::int64_t finishedAt = 0;
    bool cancelRequested = false;
    int attempt = 1;
    std::string message;
    std::vector<StepRecord> steps; // filled by RunStore::get
};

struct RunQuery
{
    std::string pipeline; // "" = all
    int limit = 100;
};

// A pipeline stored in the workspace, for schedules, file triggers and the console.
struct DefinitionRecord
{
    std::string name;
    std::string path;
    std::string baseDir;
    std::string yaml;
    std::string sha256;
    std::string schedule;
    std::vector<std::string> watch;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::string updatedBy;
};

} // namespace mdeck::pipeline
