#pragma once

// Drives running rollouts: once per tick it looks at each running rollout's
// current step, asks the ObservationSource what the candidate did since the
// step began, computes the candidate's accuracy from the prediction log and
// its feedback (and, in a shadow step the source compared nothing in, the
// disagreement of the logged shadow answers), and then
//   - rolls back at once (candidate removed, stable keeps serving) when a
//     threshold is breached on enough observations;
//   - keeps baking while the bake time (pauses excluded) has not passed, or
//     has passed with too little traffic to judge (said so in the note);
//   - advances to the next step, or promotes after the last one, after
//     verifying the approval's binding again (artifact digest and evidence
//     hash); a broken binding refuses, pauses the rollout and records why.
// Automated actions are audited under systemActor(), which names the
// approver. Pure logic over the store: the caller supplies the time. Callable
// from any thread; the server calls tick() about once per second.
// Errors: those of the store; an observation failure is an alert, not an error.

#include "core/deploy/rollout_service.h"

#include <vector>

namespace mdeck::deploy {

// The analysis of one running step.
struct StepAnalysis
{
    std::int64_t rolloutId = 0;
    std::string deployment;
    int step = 0; // 0-based
    int stepCount = 0;
    std::int64_t bakedMs = 0;
    std::int64_t bakeMs = 0;
    Observation observation;
    std::optional<double> accuracy; // set once enough labels exist
    std::int64_t labelled = 0;
    std::string breach; // non-empty: the threshold breached, in English
    bool enoughTraffic = false;
    std::string note; // e.g. "baking 30s of 60s", "waiting for traffic: 12 of 100 requests"
};

// What a tick did to one rollout.
struct TickAction
{
    std::string deployment;
    std::int64_t rolloutId = 0;
    EventKind kind = EventKind::Step; // Step, Promoted, RolledBack, Refused or Alert
    std::string message;
};

class RolloutController
{
public:
    explicit RolloutController(RolloutService &rollouts);

    Result<std::vector<TickAction>> tick(std::int64_t nowMs, const ObservationSource &source);
    // The analysis tick() would act on, without acting.
    Result<StepAnalysis> analyze(const Rollout &rollout, std::int64_t nowMs,
                                 const ObservationSource &source);

private:
    Result<std::optional<TickAction>> tickOne(std::int64_t id, std::int64_t nowMs,
                                              const ObservationSource &source);

    RolloutService &m_rollouts;
    registry::ModelRegistry &m_registry;
    store::Database &m_db;
};

Json analysisToJson(const StepAnalysis &analysis);

} // namespace mdeck::deploy
