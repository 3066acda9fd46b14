#include "app/mdeck/commands.h"

#include "app/mdeck/arguments.h"
#include "app/mdeck/json_views.h"
#include "app/mdeck/text_table.h"
#include "core/common/text.h"

#include <cctype>
#include <ostream>

namespace mdeck::cli {

namespace {

// The registry and the acting identity, which every mutating verb needs.
struct Session
{
    registry::ModelRegistry *registry = nullptr;
    auth::Actor actor;
};

Result<Session> session(CommandContext &ctx)
{
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    return Session{*reg, *actor};
}

Result<registry::VersionQuery> toQuery(const VersionsOptions &o)
{
    registry::VersionQuery q;
    q.model = o.all ? std::string() : o.model;
    q.text = o.filter;
    if (!o.tag.empty()) {
        const auto eq = o.tag.find('=');
        q.tagKey = o.tag.substr(0, eq);
        if (eq != std::string::npos)
            q.tagValue = o.tag.substr(eq + 1);
    }
    q.alias = o.alias;
    if (!o.metric.empty()) {
        auto filter = registry::parseMetricFilter(o.metric);
        if (!filter)
            return filter.error();
        q.metric = *filter;
    }
    if (o.sort == "created") {
        q.sortBy = registry::SortKey::Created;
    } else if (o.sort == "model") {
        q.sortBy = registry::SortKey::Model;
    } else if (o.sort == "version") {
        q.sortBy = registry::SortKey::Version;
    } else if (o.sort.rfind("metric:", 0) == 0) {
        q.sortBy = registry::SortKey::Metric;
        q.sortMetric = o.sort.substr(7);
    } else {
        return Error(ErrorCode::InvalidArgument,
                     "sort key '" + o.sort + "' must be created, model, version or metric:NAME");
    }
    q.descending = !o.ascending;
    q.limit = o.limit;
    q.offset = o.offset;
    q.includeArchived = o.includeArchived;
    return q;
}

// The validator sees the copy in the artifact store; name the user's file instead.
Error inUserTerms(Error error, registry::ModelRegistry &reg, const std::string &artifact)
{
    const std::string stored = reg.artifacts().pathFor("");
    const std::string prefix = stored.substr(0, stored.rfind("/sha256/") + 8);
    const auto pos = error.message.find(prefix);
    if (pos == std::string::npos)
        return error;
    auto end = pos + prefix.size();
    while (end < error.message.size()
           && (std::isxdigit(static_cast<unsigned char>(error.message[end]))
               || error.message[end] == '/'))
        ++end;
    error.message.replace(pos, end - pos, artifact);
    return error;
}

} // namespace

Result<void> modelRegister(CommandContext &ctx, const RegisterOptions &o)
{
    registry::NewVersion nv;
    nv.model = o.model;
    nv.description = o.description;
    nv.format = o.format;
    nv.artifactPath = o.artifact;
    auto metrics = parseMetrics(o.metrics);
    if (!metrics)
        return metrics.error();
    nv.metrics = std::move(*metrics);
    auto params = parseKeyValues(o.params, "param");
    if (!params)
        return params.error();
    nv.params = std::move(*params);
    auto tags = parseKeyValues(o.tags, "tag");
    if (!tags)
        return tags.error();
    nv.tags = std::move(*tags);
    nv.lineage.datasetHash = o.datasetHash;
    nv.lineage.trainingRun = o.trainingRun;
    nv.lineage.parentVersion = o.parentVersion;

    auto s = session(ctx);
    if (!s)
        return s.error();
    auto signature = loadSignatureFile(o.signature);
    if (!signature)
        return signature.error();
    nv.signature = std::move(*signature);

    auto v = s->registry->registerVersion(s->actor, nv);
    if (!v)
        return inUserTerms(v.error(), *s->registry, o.artifact);
    if (ctx.json())
        ctx.printJson(versionJson(*v));
    else
        ctx.out() << "Registered " << v->model << " version " << v->version << " ("
                  << v->artifactName << ", " << humanSize(v->artifactSize) << ", SHA-256 "
                  << v->artifactSha256 << ")\n";
    return success();
}

Result<void> modelVersions(CommandContext &ctx, const VersionsOptions &o)
{
    ctx.readOnly();
    auto query = toQuery(o);
    if (!query)
        return query.error();
    auto s = session(ctx);
    if (!s)
        return s.error();
    if (!query->model.empty()) {
        // An unknown model is an error, not an empty list.
        if (auto model = s->registry->getModel(query->model); !model)
            return model.error();
    }
    auto page = s->registry->searchVersions(*query);
    if (!page)
        return page.error();
    if (ctx.json()) {
        Json rows = Json::array();
        for (const auto &r : page->rows)
            rows.push_back(versionRowJson(r));
        ctx.printJson(Json{{"total", page->total},
                           {"offset", o.offset},
                           {"limit", o.limit},
                           {"versions", rows}});
        return success();
    }
    std::string metricColumn;
    if (query->sortBy == registry::SortKey::Metric)
        metricColumn = query->sortMetric;
    else if (query->metric)
        metricColumn = query->metric->key;
    std::vector<std::string> headers = {"MODEL",  "VERSION", "CREATED", "BY",
                                        "FORMAT", "SIZE",    "ALIASES", "ARCHIVED"};
    if (!metricColumn.empty())
        headers.push_back(metricColumn);
    TextTable t(headers);
    t.alignRight(1);
    t.alignRight(5);
    t.alignRight(8);
    for (const auto &r : page->rows) {
        std::vector<std::string> cells = {r.model,
                                          std::to_string(r.version),
                                          isoTime(r.createdAt),
                                          r.createdBy,
                                          r.format,
                                          humanSize(r.artifactSize),
                                          r.aliases.empty() ? "-" : r.aliases,
                                          r.archived ? "yes" : "no"};
        if (!metricColumn.empty())
            cells.push_back(r.sortValue ? numberText(*r.sortValue) : "-");
        t.addRow(std::move(cells));
    }
    if (!t.empty())
        t.print(ctx.out());
    const auto shown = static_cast<std::int64_t>(page->rows.size());
    if (shown == 0)
        ctx.out() << "No versions match (" << page->total << " in all).\n";
    else
        ctx.out() << "Showing " << o.offset + 1 << "-" << o.offset + shown << " of " << page->total
                  << " versions.\n";
    return success();
}

Result<void> modelAlias(CommandContext &ctx, const AliasOptions &o)
{
    auto s = session(ctx);
    if (!s)
        return s.error();
    MDECK_TRY(s->registry->setAlias(s->actor, o.model, o.alias, o.version));
    if (ctx.json())
        ctx.printJson(Json{{"model", o.model}, {"alias", o.alias}, {"version", o.version}});
    else
        ctx.out() << "Alias " << o.alias << " of " << o.model << " now points at version "
                  << o.version << '\n';
    return success();
}

Result<void> modelUnalias(CommandContext &ctx, const AliasOptions &o)
{
    auto s = session(ctx);
    if (!s)
        return s.error();
    MDECK_TRY(s->registry->removeAlias(s->actor, o.model, o.alias));
    if (ctx.json())
        ctx.printJson(Json{{"model", o.model}, {"alias", o.alias}, {"removed", true}});
    else
        ctx.out() << "Removed alias " << o.alias << " of " << o.model << '\n';
    return success();
}

Result<void> modelArchive(CommandContext &ctx, const ArchiveOptions &o)
{
    auto s = session(ctx);
    if (!s)
        return s.error();
    MDECK_TRY(s->registry->setArchived(s->actor, o.model, o.version, o.archived));
    if (ctx.json())
        ctx.printJson(Json{{"model", o.model}, {"version", o.version}, {"archived", o.archived}});
    else
        ctx.out() << (o.archived ? "Archived " : "Unarchived ") << o.model << " version "
                  << o.version << '\n';
    return success();
}

} // namespace mdeck::cli
