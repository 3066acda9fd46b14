#include "core/pipeline/types.h"

namespace mdeck::pipeline {

namespace {

constexpr const char *kRunStates[] = {"queued", "running",   "succeeded",
                                      "failed", "cancelled", "interrupted"};
constexpr const char *kStepStates[] = {"pending", "running", "succeeded", "failed",
                                       "cached",  "skipped", "cancelled"};

} // namespace

const char *runStateName(RunState state)
{
    return kRunStates[static_cast<int>(state)];
}

Result<RunState> parseRunState(std::string_view text)
{
    for (int i = 0; i < 6; ++i)
        if (text == kRunStates[i])
            return static_cast<RunState>(i);
    return Error(ErrorCode::InvalidArgument, "unknown run state '" + std::string(text) + "'");
}

const char *stepStateName(StepState state)
{
    return kStepStates[static_cast<int>(state)];
}

Result<StepState> parseStepState(std::string_view text)
{
    for (int i = 0; i < 7; ++i)
        if (text == kStepStates[i])
            return static_cast<StepState>(i);
    return Error(ErrorCode::InvalidArgument, "unknown step state '" + std::string(text) + "'");
}

bool isFinished(RunState state)
{
    return state != RunState::Queued && state != RunState::Running;
}

bool isDone(StepState state)
{
    return state == StepState::Succeeded || state == StepState::Cached;
}

} // namespace mdeck::pipeline
