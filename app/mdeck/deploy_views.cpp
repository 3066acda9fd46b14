#include "app/mdeck/deploy_views.h"

#include "app/mdeck/text_table.h"
#include "core/common/text.h"
#include "core/deploy/deploy_json.h"
#include "core/deploy/rollout_plan.h"

#include <ostream>

namespace mdeck::cli {

namespace {

std::string eventDetail(const deploy::DeploymentEvent &e)
{
    auto details = parseJson(e.detailsJson, "event details");
    if (!details || !details->is_object())
        return {};
    for (const char *key : {"reason", "alert", "refused", "comment"}) {
        if (details->contains(key) && (*details)[key].is_string())
            return (*details)[key].get<std::string>();
    }
    return {};
}

std::string stateText(int stable, std::optional<int> candidate, deploy::CandidateMode mode,
                      int percent)
{
    std::string out = "v" + std::to_string(stable);
    if (!candidate || mode == deploy::CandidateMode::None)
        return out;
    if (mode == deploy::CandidateMode::Shadow)
        return out + " + v" + std::to_string(*candidate) + " shadow";
    return out + " " + std::to_string(100 - percent) + "% + v" + std::to_string(*candidate)
        + " canary " + std::to_string(percent) + "%";
}

} // namespace

Result<DeployServices> deployServices(CommandContext &ctx)
{
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    DeployServices s;
    s.deployments = std::make_unique<deploy::DeploymentStore>(**reg);
    s.rollouts = std::make_unique<deploy::RolloutService>(*s.deployments);
    return s;
}

std::string servingText(const deploy::Deployment &d)
{
    return stateText(d.stableVersion, d.candidateVersion, d.candidateMode, d.canaryPercent);
}

void printEvents(std::ostream &out, const std::vector<deploy::DeploymentEvent> &events)
{
    TextTable t({"TIME", "EVENT", "SERVING", "ACTOR", "DETAILS"});
    for (const auto &e : events)
        t.addRow({isoTime(e.time), deploy::eventKindName(e.kind),
                  stateText(e.stableVersion, e.candidateVersion, e.candidateMode, e.percent),
                  clip(e.actor, 48), clip(eventDetail(e), 80)});
    t.print(out, 2);
}

Result<void> printDeploymentStatus(CommandContext &ctx, DeployServices &s, const std::string &name,
                                   int events)
{
    auto d = s.deployments->get(name);
    if (!d)
        return d.error();
    auto open = s.rollouts->open(name);
    if (!open)
        return open.error();
    auto timeline = s.deployments->events(name, events);
    if (!timeline)
        return timeline.error();
    std::pair<std::string, std::string> note;
    if (*open) {
        auto n = s.rollouts->note((*open)->id);
        if (!n)
            return n.error();
        note = std::move(*n);
    }
    if (ctx.json()) {
        Json j = deploy::deploymentJson(*d);
        j["rollout"] = *open ? deploy::rolloutJson(**open) : Json(nullptr);
        if (*open) {
            j["rollout"]["note"] = note.first;
            auto analysis = parseJson(note.second, "analysis");
            j["rollout"]["analysis"] = analysis ? *analysis : Json(nullptr);
        }
        Json list = Json::array();
        for (const auto &e : *timeline)
            list.push_back(deploy::eventJson(e));
        j["events"] = list;
        ctx.printJson(j);
        return success();
    }
    std::ostream &out = ctx.out();
    FieldList f;
    f.add("Deployment", d->name);
    f.add("Model", d->model);
    f.add("Serving", servingText(*d));
    f.add("Previous stable",
          d->previousStableVersion ? "v" + std::to_string(*d->previousStableVersion) : "-");
    f.add("Batching",
          "at most " + std::to_string(d->maxBatchSize) + " rows, waiting at most "
              + std::to_string(d->maxQueueDelayUs) + " µs");
    f.add("Created", isoTime(d->createdAt) + " by " + d->createdBy);
    f.print(out);
    if (*open) {
        const deploy::Rollout &r = **open;
        out << "Rollout " << r.id << ":\n";
        FieldList rf;
        rf.add("state", deploy::rolloutStateName(r.state));
        rf.add("candidate",
               "v" + std::to_string(r.toVersion) + " (" + deploy::rolloutModeName(r.mode) + ")");
        rf.add("plan", deploy::describePlan(r.plan));
        rf.add("requested",
               isoTime(r.requestedAt) + " by " + r.requestedBy + ": " + r.requestComment);
        if (!r.decidedBy.empty())
            rf.add("approved",
                   isoTime(r.decidedAt.value_or(0)) + " by " + r.decidedBy + ": "
                       + r.decisionComment);
        if (r.step >= 0) {
            std::string progress;
            for (std::size_t i = 0; i < r.plan.steps.size(); ++i) {
                const auto &st = r.plan.steps[i];
                const int index = static_cast<int>(i);
                progress += (i ? " -> " : "") + std::string(index == r.step ? "[" : "")
                    + (st.mode == deploy::CandidateMode::Shadow ? "shadow"
                                                                : std::to_string(st.percent) + "%")
                    + (index < r.step        ? " done"
                           : index == r.step ? " now]"
                                             : "");
            }
            rf.add("progress", progress + " -> promote");
            const auto &step = r.plan.steps[static_cast<std::size_t>(r.step)];
            rf.add("step",
                   std::to_string(r.step + 1) + " of " + std::to_string(r.plan.steps.size())
                       + (step.mode == deploy::CandidateMode::Shadow
                              ? " (shadow)"
                              : " (" + std::to_string(step.percent) + "%)")
                       + ", bake " + deploy::formatDuration(step.bakeMs));
            rf.add("since", isoTime(r.stepStartedAt.value_or(0)));
        }
        if (!note.first.empty())
            rf.add("analysis", note.first);
        if (!r.reason.empty())
            rf.add("reason", r.reason);
        rf.print(out, 2);
    } else {
        out << "Rollout: none in flight\n";
    }
    out << "Recent events:\n";
    printEvents(out, *timeline);
    return success();
}

} // namespace mdeck::cli
