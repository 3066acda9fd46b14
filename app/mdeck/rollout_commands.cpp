#include "app/mdeck/deploy_commands.h"

#include "app/mdeck/deploy_views.h"
#include "app/mdeck/text_table.h"
#include "core/common/files.h"
#include "core/common/text.h"
#include "core/deploy/deploy_json.h"
#include "core/deploy/rollout_plan.h"

#include <cstdio>
#include <ostream>

namespace mdeck::cli {

namespace {

Result<deploy::PlanSpec> planSpec(const RolloutRequestOptions &o)
{
    deploy::PlanSpec spec;
    if (!o.planFile.empty()) {
        auto text = readFile(o.planFile, deploy::kMaxPlanBytes);
        if (!text)
            return text.error();
        auto parsed = deploy::parsePlanYaml(*text, o.planFile);
        if (!parsed)
            return parsed.error();
        spec = std::move(*parsed);
    }
    deploy::PlanSpec flags;
    if (!o.steps.empty()) {
        auto p = deploy::parsePercents(o.steps);
        if (!p)
            return p.error();
        flags.percents = *p;
    }
    if (!o.bake.empty()) {
        auto b = deploy::parseBakes(o.bake);
        if (!b)
            return b.error();
        flags.bakes = *b;
    }
    if (!o.shadowBake.empty()) {
        auto d = deploy::parseDuration(o.shadowBake, "shadow bake time");
        if (!d)
            return d.error();
        flags.shadowBakeMs = *d;
    }
    flags.maxErrorRate = o.maxErrorRate;
    flags.maxP99Ms = o.maxP99Ms;
    flags.maxDisagreement = o.maxDisagreement;
    flags.minAccuracy = o.minAccuracy;
    flags.minLabelled = o.minLabelled;
    flags.minRequests = o.minRequests;
    // A file's steps keep their own bake times unless --bake is given.
    if (spec.percents && flags.percents && !flags.bakes)
        spec.bakes.reset();
    return deploy::mergePlanSpecs(spec, flags);
}

std::string optionalNumber(const Json &j)
{
    return j.is_number() ? numberText(j.get<double>()) : "-";
}

std::string signedDifference(const Json &j)
{
    if (!j.is_number())
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.6g", j.get<double>());
    return buf;
}

void printEvidence(std::ostream &out, const Json &ev)
{
    if (!ev.is_object())
        return;
    out << "Evidence (hash " << ev.value("evidence_hash", "").substr(0, 16) << "…):\n";
    TextTable m({"METRIC", "STABLE", "CANDIDATE", "DIFFERENCE"});
    m.alignRight(1);
    m.alignRight(2);
    m.alignRight(3);
    for (const auto &row : ev.value("metrics", Json::array()))
        m.addRow({row.value("key", ""), optionalNumber(row["stable"]),
                  optionalNumber(row["candidate"]), signedDifference(row["difference"])});
    if (!m.empty())
        m.print(out, 2);
    const Json bench = ev.value("benchmarks", Json::object());
    for (const char *which : {"stable", "candidate"}) {
        const Json b = bench.value(which, Json(nullptr));
        out << "  latest benchmark of the " << which << " version: "
            << (b.is_object() ? "#" + std::to_string(b.value("id", std::int64_t(0))) + " on "
                        + b.value("device", "?") + ", "
                        + isoTime(b.value("created_at", std::int64_t(0)))
                              : std::string("none"))
            << '\n';
    }
    const Json sig = ev.value("signature", Json::object());
    out << "  signature: " << (sig.value("compatible", false) ? "compatible" : "INCOMPATIBLE")
        << '\n';
    for (const auto &d : sig.value("differences", Json::array()))
        out << "    " << d.get<std::string>() << '\n';
    const Json shadow = ev.value("shadow", Json::object());
    const auto compared = shadow.value("compared", std::int64_t(0));
    out << "  shadow comparison: ";
    if (compared == 0)
        out << "no shadow traffic yet\n";
    else
        out << compared << " rows compared, " << shadow.value("disagreed", std::int64_t(0))
            << " disagree (" << numberText(shadow.value("disagreement_rate", 0.0) * 100) << "%)\n";
}

void printRollout(std::ostream &out, const deploy::Rollout &r, bool evidence)
{
    FieldList f;
    f.add("Rollout", std::to_string(r.id));
    f.add("Deployment", r.deployment);
    f.add("Change",
          r.model + " v" + std::to_string(r.fromVersion) + " -> v" + std::to_string(r.toVersion)
              + " (" + deploy::rolloutModeName(r.mode) + ")");
    f.add("State", deploy::rolloutStateName(r.state));
    f.add("Plan", deploy::describePlan(r.plan));
    f.add("Requested", isoTime(r.requestedAt) + " by " + r.requestedBy + ": " + r.requestComment);
    if (!r.decidedBy.empty())
        f.add("Decided",
              isoTime(r.decidedAt.value_or(0)) + " by " + r.decidedBy + ": " + r.decisionComment);
    if (!r.approvedSha256.empty())
        f.add("Approved artifact", r.approvedSha256);
    if (!r.reason.empty())
        f.add("Reason", r.reason);
    f.print(out);
    if (evidence) {
        auto ev = parseJson(r.evidenceJson, "evidence");
        if (ev)
            printEvidence(out, *ev);
    }
}

} // namespace

Result<void> rolloutRequest(CommandContext &ctx, const RolloutRequestOptions &o)
{
    auto mode = deploy::parseRolloutMode(o.mode);
    if (!mode)
        return mode.error();
    auto spec = planSpec(o);
    if (!spec)
        return spec.error();
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    deploy::RolloutRequest req;
    req.deployment = o.deployment;
    req.version = o.version;
    req.mode = *mode;
    req.plan = std::move(*spec);
    req.comment = o.comment;
    auto r = s->rollouts->request(*actor, req);
    if (!r)
        return r.error();
    if (ctx.json()) {
        ctx.printJson(deploy::rolloutJson(*r, true));
        return success();
    }
    ctx.out() << "Requested rollout " << r->id << "; it waits for a release manager's approval "
              << "('mdeck rollout approve " << r->id << " --comment …').\n";
    printRollout(ctx.out(), *r, true);
    return success();
}

Result<void> rolloutDecide(CommandContext &ctx, const RolloutDecisionOptions &o)
{
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto r = o.approve ? s->rollouts->approve(*actor, o.id, o.comment)
                       : s->rollouts->reject(*actor, o.id, o.comment);
    if (!r)
        return r.error();
    if (ctx.json()) {
        ctx.printJson(deploy::rolloutJson(*r));
        return success();
    }
    if (!o.approve)
        ctx.out() << "Rejected rollout " << r->id << '\n';
    else if (r->state == deploy::RolloutState::Promoted)
        ctx.out() << "Approved rollout " << r->id << "; " << r->deployment << " now serves v"
                  << r->toVersion << '\n';
    else
        ctx.out() << "Approved rollout " << r->id
                  << "; it started: " << deploy::describePlan(r->plan) << '\n';
    return success();
}

Result<void> rolloutAction(CommandContext &ctx, const RolloutActionOptions &o)
{
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto &svc = *s->rollouts;
    if (o.verb == "rollback") {
        auto d = svc.rollback(*actor, o.deployment, o.comment);
        if (!d)
            return d.error();
        if (ctx.json())
            ctx.printJson(deploy::deploymentJson(*d));
        else
            ctx.out() << "Rolled back " << d->name << "; it serves " << servingText(*d) << '\n';
        return success();
    }
    Result<deploy::Rollout> r = o.verb == "promote" ? svc.promote(*actor, o.deployment, o.comment)
        : o.verb == "pause"                         ? svc.pause(*actor, o.deployment, o.comment)
                                                    : svc.resume(*actor, o.deployment, o.comment);
    if (!r)
        return r.error();
    if (ctx.json()) {
        ctx.printJson(deploy::rolloutJson(*r));
        return success();
    }
    if (o.verb == "promote")
        ctx.out() << "Promoted v" << r->toVersion << " to stable on " << r->deployment << '\n';
    else if (o.verb == "pause")
        ctx.out() << "Paused rollout " << r->id << "; " << r->deployment
                  << " keeps serving as it is\n";
    else
        ctx.out() << "Resumed rollout " << r->id << '\n';
    return success();
}

Result<void> rolloutList(CommandContext &ctx, const RolloutListOptions &o)
{
    ctx.readOnly();
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    auto all = s->rollouts->list(o.deployment, o.limit);
    if (!all)
        return all.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &r : *all)
            list.push_back(deploy::rolloutJson(r));
        ctx.printJson(Json{{"rollouts", list}});
        return success();
    }
    TextTable t({"ID", "DEPLOYMENT", "CHANGE", "MODE", "STATE", "REQUESTED BY", "DECIDED BY"});
    t.alignRight(0);
    for (const auto &r : *all)
        t.addRow({std::to_string(r.id), r.deployment,
                  "v" + std::to_string(r.fromVersion) + " -> v" + std::to_string(r.toVersion),
                  deploy::rolloutModeName(r.mode), deploy::rolloutStateName(r.state), r.requestedBy,
                  r.decidedBy.empty() ? "-" : r.decidedBy});
    t.print(ctx.out());
    return success();
}

Result<void> rolloutShow(CommandContext &ctx, const RolloutShowOptions &o)
{
    ctx.readOnly();
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    auto r = s->rollouts->get(o.id);
    if (!r)
        return r.error();
    if (ctx.json())
        ctx.printJson(deploy::rolloutJson(*r, true));
    else
        printRollout(ctx.out(), *r, true);
    return success();
}

Result<void> rolloutStatus(CommandContext &ctx, const RolloutStatusOptions &o)
{
    ctx.readOnly();
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    return printDeploymentStatus(ctx, *s, o.deployment, 10);
}

} // namespace mdeck::cli
