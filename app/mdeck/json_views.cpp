#include "app/mdeck/json_views.h"

#include "core/common/signature_json.h"
#include "core/common/text.h"

namespace mdeck::cli {

namespace {

Json optionalTime(const std::optional<std::int64_t> &millis)
{
    return millis ? Json(isoTime(*millis)) : Json(nullptr);
}

} // namespace

Json modelJson(const registry::Model &m)
{
    return Json{{"name", m.name},
                {"description", m.description},
                {"owner", m.owner},
                {"created_at", isoTime(m.createdAt)},
                {"updated_at", isoTime(m.updatedAt)},
                {"tags", m.tags},
                {"aliases", m.aliases},
                {"version_count", m.versionCount},
                {"latest_version", m.latestVersion}};
}

Json versionJson(const registry::ModelVersion &v)
{
    Json lineage{{"dataset_hash", v.lineage.datasetHash},
                 {"training_run", v.lineage.trainingRun},
                 {"parent_version",
                  v.lineage.parentVersion ? Json(*v.lineage.parentVersion) : Json(nullptr)}};
    return Json{{"model", v.model},
                {"version", v.version},
                {"description", v.description},
                {"format", v.format},
                {"artifact",
                 {{"name", v.artifactName}, {"sha256", v.artifactSha256}, {"size", v.artifactSize}}},
                {"signature", signatureToJson(v.signature)},
                {"metrics", v.metrics},
                {"params", v.params},
                {"tags", v.tags},
                {"lineage", lineage},
                {"created_by", v.createdBy},
                {"created_at", isoTime(v.createdAt)},
                {"archived", v.archived},
                {"archived_at", optionalTime(v.archivedAt)},
                {"aliases", v.aliases}};
}

Json versionRowJson(const registry::VersionRow &r)
{
    Json aliases = Json::array();
    std::size_t start = 0;
    while (start < r.aliases.size()) {
        const auto comma = r.aliases.find(',', start);
        const auto end = comma == std::string::npos ? r.aliases.size() : comma;
        aliases.push_back(r.aliases.substr(start, end - start));
        start = end + 1;
    }
    Json j{{"model", r.model},
           {"version", r.version},
           {"created_at", isoTime(r.createdAt)},
           {"created_by", r.createdBy},
           {"format", r.format},
           {"artifact_size", r.artifactSize},
           {"archived", r.archived},
           {"aliases", aliases}};
    if (r.sortValue)
        j["metric_value"] = *r.sortValue;
    return j;
}

Json userJson(const auth::User &u)
{
    return Json{{"name", u.name},
                {"role", auth::roleName(u.role)},
                {"os_login", u.osLogin},
                {"created_at", isoTime(u.createdAt)},
                {"created_by", u.createdBy},
                {"disabled", u.disabled}};
}

Json tokenJson(const auth::TokenInfo &t)
{
    return Json{{"id", t.id},
                {"user", t.user},
                {"label", t.label},
                {"prefix", t.prefix},
                {"created_at", isoTime(t.createdAt)},
                {"expires_at", optionalTime(t.expiresAt)},
                {"revoked_at", optionalTime(t.revokedAt)}};
}

Json auditEntryJson(const auth::AuditEntry &e)
{
    // Details are stored as canonical JSON; show the text itself if it ever is not.
    Json details = Json::parse(e.details, nullptr, false);
    if (details.is_discarded())
        details = e.details;
    return Json{{"seq", e.seq},
                {"time", isoTime(e.time)},
                {"actor", e.actor},
                {"action", e.action},
                {"subject", e.subject},
                {"details", details},
                {"prev_hash", e.prevHash},
                {"hash", e.hash}};
}

Json actorJson(const auth::Actor &a)
{
    return Json{{"name", a.name},
                {"role", auth::roleName(a.role)},
                {"authenticated", a.authenticated},
                {"via", a.via}};
}

} // namespace mdeck::cli
