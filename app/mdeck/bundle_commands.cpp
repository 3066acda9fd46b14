#include "app/mdeck/commands.h"

#include "app/mdeck/arguments.h"
#include "app/mdeck/json_views.h"
#include "app/mdeck/text_table.h"
#include "core/registry/bundle.h"

#include <ostream>

namespace mdeck::cli {

Result<void> modelExport(CommandContext &ctx, const ExportOptions &o)
{
    ctx.readOnly();
    auto ref = parseVersionReference(o.reference);
    if (!ref)
        return ref.error();
    if (ref->reference.empty())
        return Error(ErrorCode::InvalidArgument,
                     "'" + o.reference
                         + "' names a model, not a version: use NAME:VERSION or NAME@ALIAS");
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    MDECK_TRY(ctx.actor()); // a bad token is refused even for reading
    auto v = (*reg)->resolve(ref->model, ref->reference);
    if (!v)
        return v.error();
    auto info = registry::exportBundle(**reg, v->model, v->version, o.file);
    if (!info)
        return info.error();
    if (ctx.json()) {
        ctx.printJson(Json{{"file", o.file},
                           {"model", info->model},
                           {"version", info->version},
                           {"artifact",
                            {{"name", info->artifactName},
                             {"sha256", info->artifactSha256},
                             {"size", info->artifactSize}}},
                           {"source_workspace", info->sourceWorkspace},
                           {"audit_entries", info->auditEntries}});
        return success();
    }
    ctx.out() << "Exported " << info->model << " version " << info->version << " to " << o.file
              << '\n'
              << "  artifact " << info->artifactName << " (" << humanSize(info->artifactSize)
              << ", SHA-256 " << info->artifactSha256 << ")\n"
              << "  " << info->auditEntries << " audit entries\n";
    return success();
}

Result<void> modelImport(CommandContext &ctx, const ImportOptions &o)
{
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    auto v = registry::importBundle(**reg, *actor, o.file, o.as);
    if (!v)
        return v.error();
    if (ctx.json()) {
        ctx.printJson(versionJson(*v));
        return success();
    }
    ctx.out() << "Imported " << o.file << " as " << v->model << " version " << v->version << '\n'
              << "  artifact " << v->artifactName << " (" << humanSize(v->artifactSize)
              << ", SHA-256 " << v->artifactSha256 << ")\n";
    return success();
}

} // namespace mdeck::cli
