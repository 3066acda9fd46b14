#include "app/mdeck/commands.h"

#include "app/mdeck/arguments.h"
#include "app/mdeck/json_views.h"
#include "app/mdeck/text_table.h"
#include "core/common/text.h"

#include <ostream>

namespace mdeck::cli {

namespace {

std::string joinMap(const std::map<std::string, std::string> &kv)
{
    std::string s;
    for (const auto &[k, v] : kv)
        s += (s.empty() ? "" : ", ") + k + "=" + v;
    return s.empty() ? "-" : s;
}

std::string joinList(const std::vector<std::string> &items, std::size_t max = 0)
{
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (max > 0 && i == max) {
            s += ", … (" + std::to_string(items.size()) + " in all)";
            break;
        }
        s += (i ? ", " : "") + items[i];
    }
    return s;
}

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

void printTensors(std::ostream &out, const char *title, const std::vector<TensorSpec> &tensors)
{
    out << "  " << title << ":\n";
    for (const auto &t : tensors) {
        out << "    " << cellText(t.name) << "  " << t.datatype << "  " << shapeText(t.shape)
            << '\n';
        if (!t.features.empty())
            out << "      features: " << cellText(joinList(t.features, 40)) << '\n';
        if (!t.classes.empty())
            out << "      classes:  " << cellText(joinList(t.classes, 40)) << '\n';
    }
}

void printSection(std::ostream &out, const char *title, const FieldList &fields, bool empty)
{
    out << title << ':' << (empty ? " -" : "") << '\n';
    if (!empty)
        fields.print(out, 2);
}

Result<void> showModel(CommandContext &ctx, registry::ModelRegistry &reg, const std::string &name)
{
    auto model = reg.getModel(name);
    if (!model)
        return model.error();
    registry::VersionQuery q;
    q.model = name;
    q.sortBy = registry::SortKey::Version;
    q.descending = false;
    q.limit = 100000;
    auto page = reg.searchVersions(q);
    if (!page)
        return page.error();
    if (ctx.json()) {
        Json j = modelJson(*model);
        Json rows = Json::array();
        for (const auto &r : page->rows)
            rows.push_back(versionRowJson(r));
        j["versions"] = rows;
        ctx.printJson(j);
        return success();
    }
    std::string aliases;
    for (const auto &[alias, version] : model->aliases)
        aliases += (aliases.empty() ? "" : ", ") + alias + " -> " + std::to_string(version);
    FieldList f;
    f.add("Model", model->name);
    f.add("Description", model->description.empty() ? "-" : model->description);
    f.add("Owner", model->owner);
    f.add("Created", isoTime(model->createdAt));
    f.add("Updated", isoTime(model->updatedAt));
    f.add("Tags", joinMap(model->tags));
    f.add("Aliases", aliases.empty() ? "-" : aliases);
    f.add("Versions",
          std::to_string(model->versionCount)
              + (model->versionCount ? " (latest " + std::to_string(model->latestVersion) + ")"
                                     : ""));
    f.print(ctx.out());
    if (page->rows.empty())
        return success();
    ctx.out() << '\n';
    TextTable t({"VERSION", "CREATED", "BY", "FORMAT", "SIZE", "ALIASES", "ARCHIVED"});
    t.alignRight(0);
    t.alignRight(4);
    for (const auto &r : page->rows)
        t.addRow({std::to_string(r.version), isoTime(r.createdAt), r.createdBy, r.format,
                  humanSize(r.artifactSize), r.aliases.empty() ? "-" : r.aliases,
                  r.archived ? "yes" : "no"});
    t.print(ctx.out());
    return success();
}

Result<void> showVersion(CommandContext &ctx, registry::ModelRegistry &reg,
                         const VersionReference &ref)
{
    auto v = reg.resolve(ref.model, ref.reference);
    if (!v)
        return v.error();
    auto history = reg.history(v->model, v->version);
    if (!history)
        return history.error();
    if (ctx.json()) {
        Json j = versionJson(*v);
        Json entries = Json::array();
        for (const auto &e : *history)
            entries.push_back(auditEntryJson(e));
        j["history"] = entries;
        ctx.printJson(j);
        return success();
    }
    std::ostream &out = ctx.out();
    FieldList f;
    f.add("Model", v->model);
    f.add("Version", std::to_string(v->version));
    f.add("Description", v->description.empty() ? "-" : v->description);
    f.add("Format", v->format);
    f.add("Artifact",
          v->artifactName + " (" + humanSize(v->artifactSize) + ", "
              + std::to_string(v->artifactSize) + " bytes)");
    f.add("SHA-256", v->artifactSha256);
    f.add("Created", isoTime(v->createdAt) + " by " + v->createdBy);
    f.add("Archived", v->archived ? "yes, since " + isoTime(v->archivedAt.value_or(0)) : "no");
    f.add("Aliases", v->aliases.empty() ? "-" : joinList(v->aliases));
    f.print(out);

    FieldList lineage;
    lineage.add("dataset hash", v->lineage.datasetHash.empty() ? "-" : v->lineage.datasetHash);
    lineage.add("training run", v->lineage.trainingRun.empty() ? "-" : v->lineage.trainingRun);
    lineage.add("parent version",
                v->lineage.parentVersion ? std::to_string(*v->lineage.parentVersion)
                                         : std::string("-"));
    printSection(out, "Lineage", lineage, false);

    out << "Signature:\n";
    printTensors(out, "inputs", v->signature.inputs);
    printTensors(out, "outputs", v->signature.outputs);

    FieldList metrics;
    for (const auto &[k, value] : v->metrics)
        metrics.add(k, numberText(value));
    printSection(out, "Metrics", metrics, v->metrics.empty());
    FieldList params;
    for (const auto &[k, value] : v->params)
        params.add(k, value);
    printSection(out, "Params", params, v->params.empty());
    FieldList tags;
    for (const auto &[k, value] : v->tags)
        tags.add(k, value);
    printSection(out, "Tags", tags, v->tags.empty());

    out << "History:\n";
    TextTable h({"SEQ", "TIME", "ACTOR", "ACTION", "DETAILS"});
    h.alignRight(0);
    for (const auto &e : *history)
        h.addRow({std::to_string(e.seq), isoTime(e.time), e.actor, e.action, clip(e.details, 100)});
    h.print(out, 2);
    return success();
}

} // namespace

Result<void> modelCreate(CommandContext &ctx, const ModelCreateOptions &o)
{
    auto tags = parseKeyValues(o.tags, "tag");
    if (!tags)
        return tags.error();
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto model = (*reg)->createModel(*actor, o.name, o.description, *tags);
    if (!model)
        return model.error();
    if (ctx.json())
        ctx.printJson(modelJson(*model));
    else
        ctx.out() << "Created model " << model->name << '\n';
    return success();
}

Result<void> modelList(CommandContext &ctx, const ModelListOptions &o)
{
    ctx.readOnly();
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    MDECK_TRY(ctx.actor()); // a bad token is refused even for reading
    auto models = (*reg)->listModels(o.filter);
    if (!models)
        return models.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &m : *models)
            list.push_back(modelJson(m));
        ctx.printJson(Json{{"models", list}});
        return success();
    }
    if (models->empty()) {
        ctx.out() << (o.filter.empty() ? "No models yet.\n"
                                       : "No model name contains '" + o.filter + "'.\n");
        return success();
    }
    TextTable t({"NAME", "VERSIONS", "LATEST", "ALIASES", "OWNER", "UPDATED", "DESCRIPTION"});
    t.alignRight(1);
    t.alignRight(2);
    for (const auto &m : *models) {
        std::string aliases;
        for (const auto &[alias, version] : m.aliases)
            aliases += (aliases.empty() ? "" : ",") + alias + "->" + std::to_string(version);
        t.addRow({m.name, std::to_string(m.versionCount),
                  m.latestVersion ? std::to_string(m.latestVersion) : "-",
                  aliases.empty() ? "-" : aliases, m.owner, isoTime(m.updatedAt), m.description});
    }
    t.print(ctx.out());
    return success();
}

Result<void> modelShow(CommandContext &ctx, const ModelShowOptions &o)
{
    ctx.readOnly();
    auto ref = parseVersionReference(o.reference);
    if (!ref)
        return ref.error();
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    MDECK_TRY(ctx.actor());
    if (ref->reference.empty())
        return showModel(ctx, **reg, ref->model);
    return showVersion(ctx, **reg, *ref);
}

} // namespace mdeck::cli
