#include "app/mdeck/deploy_commands.h"

#include "app/mdeck/deploy_views.h"
#include "app/mdeck/text_table.h"
#include "core/common/text.h"
#include "core/deploy/deploy_json.h"

#include <ostream>

namespace mdeck::cli {

Result<void> deployCreate(CommandContext &ctx, const DeployCreateOptions &o)
{
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    deploy::NewDeployment nd;
    nd.name = o.name;
    nd.model = o.model;
    nd.version = o.version;
    nd.alias = o.alias;
    nd.maxBatchSize = o.maxBatch;
    nd.maxQueueDelayUs = o.maxDelayUs;
    auto d = s->deployments->create(*actor, nd);
    if (!d)
        return d.error();
    if (ctx.json())
        ctx.printJson(deploy::deploymentJson(*d));
    else
        ctx.out() << "Created deployment " << d->name << " serving " << d->model << " v"
                  << d->stableVersion << '\n';
    return success();
}

Result<void> deployList(CommandContext &ctx)
{
    ctx.readOnly();
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    auto all = s->deployments->list();
    if (!all)
        return all.error();
    auto generation = s->deployments->generation();
    if (!generation)
        return generation.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &d : *all)
            list.push_back(deploy::deploymentJson(d));
        ctx.printJson(Json{{"deployments", list}, {"generation", *generation}});
        return success();
    }
    if (all->empty()) {
        ctx.out() << "No deployments. Create one with 'mdeck deploy create'.\n";
        return success();
    }
    TextTable t({"NAME", "MODEL", "SERVING", "ROLLOUT", "UPDATED"});
    for (const auto &d : *all)
        t.addRow({d.name, d.model, servingText(d),
                  d.activeRollout ? std::to_string(*d.activeRollout) : "-", isoTime(d.updatedAt)});
    t.print(ctx.out());
    return success();
}

Result<void> deployShow(CommandContext &ctx, const DeployShowOptions &o)
{
    ctx.readOnly();
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    return printDeploymentStatus(ctx, *s, o.name, o.events);
}

Result<void> deployHistory(CommandContext &ctx, const DeployHistoryOptions &o)
{
    ctx.readOnly();
    auto s = deployServices(ctx);
    if (!s)
        return s.error();
    if (!o.at.empty()) {
        auto at = deploy::parseTimePoint(o.at);
        if (!at)
            return at.error();
        auto served = s->deployments->servedAt(o.name, *at);
        if (!served)
            return served.error();
        if (ctx.json()) {
            ctx.printJson(deploy::servedJson(*served));
            return success();
        }
        ctx.out() << "At " << isoTime(served->at) << ", " << o.name << " served (since "
                  << isoTime(served->since) << "):\n";
        TextTable t({"VERSION", "ROLE", "TRAFFIC"});
        t.alignRight(2);
        for (const auto &share : served->shares)
            t.addRow({"v" + std::to_string(share.version), share.role,
                      std::to_string(share.trafficPercent) + "%"});
        t.print(ctx.out(), 2);
        return success();
    }
    auto events = s->deployments->events(o.name, o.limit);
    if (!events)
        return events.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &e : *events)
            list.push_back(deploy::eventJson(e));
        ctx.printJson(Json{{"deployment", o.name}, {"events", list}});
        return success();
    }
    ctx.out() << "Timeline of " << o.name << ":\n";
    printEvents(ctx.out(), *events);
    return success();
}

} // namespace mdeck::cli
