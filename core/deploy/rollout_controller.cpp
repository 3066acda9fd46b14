#include "core/deploy/rollout_controller.h"

#include "core/deploy/deploy_db_p.h"
#include "core/deploy/evidence.h"
#include "core/deploy/rollout_rows_p.h"

#include <cstdio>

namespace mdeck::deploy {

namespace {

std::string fixed(double v, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string percent(double fraction)
{
    return fixed(fraction * 100.0, 2) + "%";
}

} // namespace

Json analysisToJson(const StepAnalysis &a)
{
    Json j{{"step", a.step + 1},
           {"steps", a.stepCount},
           {"baked_ms", a.bakedMs},
           {"bake_ms", a.bakeMs},
           {"requests", a.observation.requests},
           {"errors", a.observation.errors},
           {"p99_ms", a.observation.p99Ms},
           {"compared", a.observation.compared},
           {"disagreed", a.observation.disagreed},
           {"labelled", a.labelled},
           {"enough_traffic", a.enoughTraffic},
           {"note", a.note}};
    j["accuracy"] = a.accuracy ? Json(*a.accuracy) : Json(nullptr);
    if (!a.breach.empty())
        j["breach"] = a.breach;
    return j;
}

RolloutController::RolloutController(RolloutService &rollouts)
    : m_rollouts(rollouts)
    , m_registry(rollouts.deployments().registry())
    , m_db(rollouts.deployments().registry().workspace().db())
{}

Result<StepAnalysis> RolloutController::analyze(const Rollout &r, std::int64_t nowMs,
                                                const ObservationSource &source)
{
    if (r.step < 0 || r.step >= static_cast<int>(r.plan.steps.size()))
        return Error(ErrorCode::Conflict,
                     "rollout " + std::to_string(r.id) + " has no step in progress");
    const PlanStep &step = r.plan.steps[static_cast<std::size_t>(r.step)];
    const Thresholds &t = r.plan.thresholds;
    StepAnalysis a;
    a.rolloutId = r.id;
    a.deployment = r.deployment;
    a.step = r.step;
    a.stepCount = static_cast<int>(r.plan.steps.size());
    a.bakedMs = detail::bakedAt(r, nowMs);
    a.bakeMs = step.bakeMs;
    const std::int64_t since = r.stepStartedAt.value_or(nowMs);
    if (!source)
        return Error(ErrorCode::InvalidArgument, "no observation source");
    auto obs = source(r.deployment, r.toVersion, since);
    if (!obs)
        return obs.error();
    a.observation = *obs;

    auto candidate = m_registry.getVersion(r.model, r.toVersion);
    if (!candidate)
        return candidate.error();
    std::vector<std::string> classes;
    if (!candidate->signature.outputs.empty())
        classes = candidate->signature.outputs.front().classes;
    {
        auto tx = m_db.beginRead();
        if (!tx)
            return tx.error();
        const std::string role = step.mode == CandidateMode::Shadow ? "shadow" : "canary";
        auto acc = candidateAccuracy(m_db, r.deployment, candidate->id, role, classes, since);
        if (!acc)
            return acc.error();
        a.labelled = acc->labelled;
        if (acc->labelled > 0 && acc->labelled >= t.minLabelled)
            a.accuracy = acc->value();
        // A server that does not compare shadow answers itself: compare the logged ones.
        if (step.mode == CandidateMode::Shadow && a.observation.compared == 0) {
            auto cmp = compareWithStable(m_db, r.deployment, candidate->id, "shadow",
                                         !classes.empty(), since);
            if (!cmp)
                return cmp.error();
            a.observation.compared = cmp->compared;
            a.observation.disagreed = cmp->disagreed;
        }
    }

    const Observation &o = a.observation;
    const bool judged = o.requests >= t.minRequests && o.requests > 0;
    a.enoughTraffic = o.requests >= t.minRequests;
    if (judged && t.maxErrorRate) {
        const double rate = static_cast<double>(o.errors) / static_cast<double>(o.requests);
        if (rate > *t.maxErrorRate)
            a.breach = "error rate " + percent(rate) + " (" + std::to_string(o.errors) + " of "
                + std::to_string(o.requests) + ") is above the limit of "
                + percent(*t.maxErrorRate);
    }
    if (a.breach.empty() && judged && t.maxP99Ms && o.p99Ms > *t.maxP99Ms)
        a.breach = "p99 latency " + fixed(o.p99Ms, 1) + " ms is above the limit of "
            + fixed(*t.maxP99Ms, 1) + " ms";
    if (a.breach.empty() && t.maxDisagreement && o.compared > 0 && o.compared >= t.minRequests) {
        const double rate = static_cast<double>(o.disagreed) / static_cast<double>(o.compared);
        if (rate > *t.maxDisagreement)
            a.breach = "prediction disagreement " + percent(rate) + " ("
                + std::to_string(o.disagreed) + " of " + std::to_string(o.compared)
                + ") is above the limit of " + percent(*t.maxDisagreement);
    }
    if (a.breach.empty() && t.minAccuracy && a.accuracy && *a.accuracy < *t.minAccuracy)
        a.breach = "accuracy " + percent(*a.accuracy) + " on " + std::to_string(a.labelled)
            + " labelled rows is below the minimum of " + percent(*t.minAccuracy);

    if (!a.breach.empty())
        a.note = "threshold breached: " + a.breach;
    else if (a.bakedMs < a.bakeMs)
        a.note = "baking " + formatDuration(a.bakedMs / 1000 * 1000) + " of "
            + formatDuration(a.bakeMs);
    else if (!a.enoughTraffic)
        a.note = "bake time passed; waiting for traffic: " + std::to_string(o.requests) + " of "
            + std::to_string(t.minRequests) + " requests needed to judge";
    else
        a.note = "step passed";
    return a;
}

Result<std::vector<TickAction>> RolloutController::tick(std::int64_t nowMs,
                                                        const ObservationSource &source)
{
    std::vector<std::int64_t> ids;
    {
        auto tx = m_db.beginRead();
        if (!tx)
            return tx.error();
        auto running = detail::runningRolloutIds(m_db);
        if (!running)
            return running.error();
        ids = std::move(*running);
    }
    std::vector<TickAction> actions;
    for (const auto id : ids) {
        auto action = tickOne(id, nowMs, source);
        if (!action)
            return action.error();
        if (*action)
            actions.push_back(std::move(**action));
    }
    return actions;
}

Result<std::optional<TickAction>> RolloutController::tickOne(std::int64_t id, std::int64_t nowMs,
                                                             const ObservationSource &source)
{
    auto seen = m_rollouts.get(id);
    if (!seen)
        return seen.error();
    if (seen->state != RolloutState::Running)
        return std::optional<TickAction>();
    const auth::Actor system = detail::systemActor(*seen);
    auto analysis = analyze(*seen, nowMs, source);

    // Decide what to do, then verify the binding outside the write transaction.
    enum class Act { Note, Alert, RollBack, Advance };
    Act act = Act::Note;
    std::string message;
    if (!analysis) {
        act = Act::Alert;
        message = "cannot observe the candidate: " + analysis.error().message;
    } else if (!analysis->breach.empty()) {
        act = Act::RollBack;
        message = "rolled back automatically: " + analysis->breach;
    } else if (analysis->bakedMs >= analysis->bakeMs && analysis->enoughTraffic) {
        act = Act::Advance;
    } else if (analysis->bakedMs >= analysis->bakeMs) {
        act = Act::Alert;
        message = analysis->note;
    }
    Result<void> binding = success();
    if (act == Act::Advance)
        binding = detail::verifyBinding(m_registry, *seen, seen->approvedSha256,
                                        seen->approvedEvidenceHash);

    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto r = detail::readRollout(m_db, id);
    if (!r)
        return r.error();
    if (r->state != RolloutState::Running || r->step != seen->step)
        return std::optional<TickAction>(); // someone acted meanwhile; look again next tick
    auto d = detail::readDeployment(m_db, r->deployment);
    if (!d)
        return d.error();
    const Json observation = analysis ? analysisToJson(*analysis) : Json{{"error", message}};
    const std::string note = analysis ? analysis->note : message;
    MDECK_TRY(detail::writeNote(m_db, id, note, observation, nowMs));
    std::optional<TickAction> out;
    const detail::Change change{system, "", Json{{"analysis", observation}}, nowMs};
    switch (act) {
    case Act::Note:
        break;
    case Act::Alert: {
        auto alerted = m_db.prepare("SELECT alerted_step FROM rollouts WHERE id = ?1");
        if (!alerted)
            return alerted.error();
        alerted->bind(1, id);
        auto row = alerted->step();
        if (!row)
            return row.error();
        const bool already = *row && alerted->int64(0) == r->step;
        alerted->reset();
        if (already)
            break; // one alert per step
        auto mark = m_db.prepare("UPDATE rollouts SET alerted_step = ?2 WHERE id = ?1");
        if (!mark)
            return mark.error();
        mark->bind(1, id).bind(2, r->step);
        MDECK_TRY(mark->run());
        Json details{{"rollout", id}, {"step", r->step + 1}, {"alert", message}};
        MDECK_TRY(detail::appendEvent(m_db, *d, EventKind::Alert, system.name, id, details, nowMs));
        out = TickAction{d->name, id, EventKind::Alert, message};
        break;
    }
    case Act::RollBack:
        MDECK_TRY(detail::rollBack(m_db, *d, *r, analysis->breach, change));
        out = TickAction{d->name, id, EventKind::RolledBack, message};
        break;
    case Act::Advance:
        if (!binding) {
            MDECK_TRY(detail::refuse(m_db, *d, *r, binding.error().message, change));
            out = TickAction{d->name, id, EventKind::Refused, binding.error().message};
        } else if (r->step + 1 < static_cast<int>(r->plan.steps.size())) {
            MDECK_TRY(detail::enterStep(m_db, *d, *r, r->step + 1, change));
            out = TickAction{d->name, id, EventKind::Step,
                             "advanced to step " + std::to_string(r->step + 1) + " of "
                                 + std::to_string(r->plan.steps.size())};
        } else {
            MDECK_TRY(detail::promote(m_db, *d, *r, change));
            out = TickAction{d->name, id, EventKind::Promoted,
                             "promoted version " + std::to_string(r->toVersion) + " to stable"};
        }
        break;
    }
    MDECK_TRY(tx->commit());
    return out;
}

} // namespace mdeck::deploy
