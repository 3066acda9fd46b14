#include "core/registry/model_registry.h"

#include "core/common/files.h"
#include "core/common/signature_json.h"
#include "core/common/text.h"
#include "core/store/prediction_store.h"

#include <cmath>
#include <filesystem>
#include <variant>

namespace mdeck::registry {

namespace {

constexpr std::size_t kMaxText = 4096;
constexpr std::size_t kMaxKey = 128;
constexpr std::size_t kMaxTags = 1000;

Result<void> checkKeyValues(const std::map<std::string, std::string> &kv, const char *what)
{
    if (kv.size() > kMaxTags)
        return Error(ErrorCode::InvalidArgument,
                     std::string("too many ") + what + " (at most " + std::to_string(kMaxTags)
                         + ")");
    for (const auto &[k, v] : kv) {
        if (k.empty() || k.size() > kMaxKey || !isCleanText(k))
            return Error(ErrorCode::InvalidArgument,
                         std::string(what) + " key '" + k.substr(0, 40)
                             + "' must be 1 to 128 printable characters");
        if (v.size() > kMaxText || !isCleanText(v))
            return Error(ErrorCode::InvalidArgument,
                         std::string(what) + " '" + k
                             + "' must be at most 4096 printable characters");
    }
    return success();
}

Result<std::optional<std::int64_t>> modelId(store::Database &db, const std::string &name)
{
    auto st = db.prepare("SELECT id FROM models WHERE name = ?1");
    if (!st)
        return st.error();
    st->bind(1, name);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(st->int64(0));
}

// The version number an alias points at, or nullopt when the alias is unset.
Result<std::optional<int>> aliasTarget(store::Database &db, std::int64_t modelId,
                                       const std::string &alias)
{
    auto st = db.prepare("SELECT v.version FROM aliases a JOIN versions v ON v.id = a.version_id "
                         "WHERE a.model_id = ?1 AND a.alias = ?2");
    if (!st)
        return st.error();
    st->bind(1, modelId).bind(2, alias);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<int>();
    return std::optional<int>(static_cast<int>(st->int64(0)));
}

Error noAlias(const std::string &model, const std::string &alias)
{
    return Error(ErrorCode::NotFound, "model '" + model + "' has no alias '" + alias + "'");
}

Error noModel(const std::string &name)
{
    return Error(ErrorCode::NotFound, "no model named '" + name + "'");
}

Result<void> readKeyValues(store::Database &db, const char *sql, std::int64_t id,
                           std::map<std::string, std::string> &out)
{
    auto st = db.prepare(sql);
    if (!st)
        return st.error();
    st->bind(1, id);
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out[st->text(0)] = st->text(1);
    }
    return success();
}

Result<Model> readModel(store::Database &db, const std::string &name)
{
    auto st = db.prepare(
        "SELECT m.id, m.name, m.description, m.owner, m.created_at, m.updated_at, "
        "(SELECT count(*) FROM versions v WHERE v.model_id = m.id), "
        "(SELECT coalesce(max(version), 0) FROM versions v WHERE v.model_id = m.id) "
        "FROM models m WHERE m.name = ?1");
    if (!st)
        return st.error();
    st->bind(1, name);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return noModel(name);
    Model m;
    m.id = st->int64(0);
    m.name = st->text(1);
    m.description = st->text(2);
    m.owner = st->text(3);
    m.createdAt = st->int64(4);
    m.updatedAt = st->int64(5);
    m.versionCount = static_cast<int>(st->int64(6));
    m.latestVersion = static_cast<int>(st->int64(7));
    st->reset();
    MDECK_TRY(
        readKeyValues(db, "SELECT key, value FROM model_tags WHERE model_id = ?1", m.id, m.tags));
    auto al = db.prepare(
        "SELECT a.alias, v.version FROM aliases a JOIN versions v ON v.id = a.version_id "
        "WHERE a.model_id = ?1 ORDER BY a.alias");
    if (!al)
        return al.error();
    al->bind(1, m.id);
    for (;;) {
        auto r = al->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        m.aliases[al->text(0)] = static_cast<int>(al->int64(1));
    }
    return m;
}

Result<ModelVersion> readVersion(store::Database &db, const std::string &model, int version)
{
    auto st = db.prepare(
        "SELECT v.id, v.description, v.format, v.artifact_name, v.artifact_sha256, "
        "v.artifact_size, v.signature, v.dataset_hash, v.training_run, v.parent_version, "
        "v.created_by, v.created_at, v.archived, v.archived_at "
        "FROM versions v JOIN models m ON m.id = v.model_id "
        "WHERE m.name = ?1 AND v.version = ?2");
    if (!st)
        return st.error();
    st->bind(1, model).bind(2, version);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row) {
        auto id = modelId(db, model);
        if (id && !*id)
            return noModel(model);
        return Error(ErrorCode::NotFound,
                     "model '" + model + "' has no version " + std::to_string(version));
    }
    ModelVersion v;
    v.id = st->int64(0);
    v.model = model;
    v.version = version;
    v.description = st->text(1);
    v.format = st->text(2);
    v.artifactName = st->text(3);
    v.artifactSha256 = st->text(4);
    v.artifactSize = st->int64(5);
    const std::string sig = st->text(6);
    v.lineage.datasetHash = st->text(7);
    v.lineage.trainingRun = st->text(8);
    if (!st->isNull(9))
        v.lineage.parentVersion = static_cast<int>(st->int64(9));
    v.createdBy = st->text(10);
    v.createdAt = st->int64(11);
    v.archived = st->int64(12) != 0;
    if (!st->isNull(13))
        v.archivedAt = st->int64(13);
    st->reset();
    auto parsed = parseSignature(sig, "the stored signature of " + versionSubject(model, version));
    if (!parsed)
        return parsed.error();
    v.signature = std::move(*parsed);
    auto m = db.prepare(
        "SELECT key, value FROM version_metrics WHERE version_id = ?1 ORDER BY key");
    if (!m)
        return m.error();
    m->bind(1, v.id);
    for (;;) {
        auto r = m->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        v.metrics[m->text(0)] = m->real(1);
    }
    MDECK_TRY(readKeyValues(db, "SELECT key, value FROM version_params WHERE version_id = ?1", v.id,
                            v.params));
    MDECK_TRY(readKeyValues(db, "SELECT key, value FROM version_tags WHERE version_id = ?1", v.id,
                            v.tags));
    auto al = db.prepare("SELECT alias FROM aliases WHERE version_id = ?1 ORDER BY alias");
    if (!al)
        return al.error();
    al->bind(1, v.id);
    for (;;) {
        auto r = al->step();
        if (!r)
            return r.error();
        if (!*r)
            break;
        v.aliases.push_back(al->text(0));
    }
    return v;
}

Result<void> insertKeyValues(store::Database &db, const char *sql, std::int64_t id,
                             const std::map<std::string, std::string> &kv)
{
    for (const auto &[k, v] : kv) {
        auto st = db.prepare(sql);
        if (!st)
            return st.error();
        st->bind(1, id).bind(2, k).bind(3, v);
        MDECK_TRY(st->run());
    }
    return success();
}

Result<Model> insertModel(store::Database &db, const auth::Actor &actor, const std::string &name,
                          const std::string &description,
                          const std::map<std::string, std::string> &tags)
{
    auto st = db.prepare("INSERT INTO models(name, description, owner, created_at, updated_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?4)");
    if (!st)
        return st.error();
    const auto now = nowMillis();
    st->bind(1, name).bind(2, description).bind(3, actor.name).bind(4, now);
    if (auto r = st->run(); !r) {
        if (r.error().code == ErrorCode::Conflict)
            return Error(ErrorCode::Conflict, "a model named '" + name + "' already exists");
        return r.error();
    }
    Model m;
    m.id = db.lastInsertId();
    m.name = name;
    m.description = description;
    m.owner = actor.name;
    m.createdAt = m.updatedAt = now;
    m.tags = tags;
    MDECK_TRY(insertKeyValues(db, "INSERT INTO model_tags(model_id, key, value) VALUES (?1, ?2, ?3)",
                              m.id, tags));
    Json details{{"description", description}, {"tags", tags}};
    MDECK_TRY(auth::AuditLog::append(db, actor, "model.create", "model:" + name, details));
    return m;
}

std::string escapeLike(const std::string &s)
{
    std::string out;
    for (char c : s) {
        if (c == '%' || c == '_' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

} // namespace

std::string versionSubject(const std::string &model, int version)
{
    return "version:" + model + ":" + std::to_string(version);
}

Result<MetricFilter> parseMetricFilter(std::string_view text)
{
    const auto bad = [text] {
        return Error(ErrorCode::InvalidArgument,
                     "metric filter '" + std::string(text.substr(0, 80))
                         + "' must look like name>=0.9 (operators >, >=, <, <=, =)");
    };
    const auto pos = text.find_first_of("<>=");
    if (pos == std::string_view::npos || pos == 0)
        return bad();
    MetricFilter f;
    f.key = std::string(text.substr(0, pos));
    std::string_view rest = text.substr(pos);
    if (rest.rfind(">=", 0) == 0)
        f.op = MetricOp::GreaterEqual;
    else if (rest.rfind("<=", 0) == 0)
        f.op = MetricOp::LessEqual;
    else if (rest[0] == '>')
        f.op = MetricOp::Greater;
    else if (rest[0] == '<')
        f.op = MetricOp::Less;
    else
        f.op = MetricOp::Equal;
    rest.remove_prefix(f.op == MetricOp::GreaterEqual || f.op == MetricOp::LessEqual ? 2 : 1);
    const std::string num(rest);
    char *end = nullptr;
    f.value = std::strtod(num.c_str(), &end);
    if (num.empty() || *end != '\0' || !std::isfinite(f.value))
        return bad();
    return f;
}

ModelRegistry::ModelRegistry(store::Workspace &workspace, ArtifactValidator validator)
    : m_ws(workspace)
    , m_db(workspace.db())
    , m_artifacts(workspace.artifactsDir())
    , m_validator(std::move(validator))
{}

Result<Model> ModelRegistry::createModel(const auth::Actor &actor, const std::string &name,
                                         const std::string &description,
                                         const std::map<std::string, std::string> &tags)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    MDECK_TRY(checkName(name, "model"));
    if (description.size() > kMaxText || !isCleanText(description))
        return Error(ErrorCode::InvalidArgument,
                     "the description must be at most 4096 printable characters");
    MDECK_TRY(checkKeyValues(tags, "tag"));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto m = insertModel(m_db, actor, name, description, tags);
    if (!m)
        return m.error();
    MDECK_TRY(tx->commit());
    return m;
}

Result<Model> ModelRegistry::getModel(const std::string &name)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    return readModel(m_db, name);
}

Result<std::vector<Model>> ModelRegistry::listModels(const std::string &filter)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    std::vector<std::string> names;
    {
        auto st = m_db.prepare(
            "SELECT name FROM models WHERE ?1 = '' OR name LIKE '%' || ?1 || '%' ESCAPE '\\' "
            "ORDER BY name");
        if (!st)
            return st.error();
        st->bind(1, escapeLike(filter));
        for (;;) {
            auto row = st->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            names.push_back(st->text(0));
        }
    }
    std::vector<Model> out;
    out.reserve(names.size());
    for (const auto &n : names) {
        auto m = readModel(m_db, n);
        if (!m)
            return m.error();
        out.push_back(std::move(*m));
    }
    return out;
}

Result<void> ModelRegistry::validateNew(const NewVersion &v) const
{
    MDECK_TRY(checkName(v.model, "model"));
    if (v.format != "torchscript" && v.format != "file" && v.format != "modeldeck")
        return Error(ErrorCode::InvalidArgument,
                     "unknown artifact format '" + v.format.substr(0, 40)
                         + "' (expected modeldeck, torchscript or file)");
    if (v.description.size() > kMaxText || !isCleanText(v.description))
        return Error(ErrorCode::InvalidArgument,
                     "the description must be at most 4096 printable characters");
    if (v.signature.inputs.empty() || v.signature.outputs.empty())
        return Error(ErrorCode::InvalidArgument,
                     "a version needs a signature with at least one input and one output");
    if (static_cast<std::int64_t>(v.metrics.size()) > kMaxMetricsPerVersion)
        return Error(ErrorCode::InvalidArgument, "too many metrics");
    for (const auto &[k, val] : v.metrics) {
        if (k.empty() || k.size() > kMaxKey || !isCleanText(k))
            return Error(ErrorCode::InvalidArgument,
                         "metric name '" + k.substr(0, 40)
                             + "' must be 1 to 128 printable characters");
        if (!std::isfinite(val))
            return Error(ErrorCode::InvalidArgument, "metric '" + k + "' is not a finite number");
    }
    MDECK_TRY(checkKeyValues(v.params, "param"));
    MDECK_TRY(checkKeyValues(v.tags, "tag"));
    if (!v.lineage.datasetHash.empty() && !isSha256Hex(v.lineage.datasetHash))
        return Error(ErrorCode::InvalidArgument,
                     "the lineage dataset hash must be 64 lowercase hex digits (SHA-256)");
    if (v.lineage.trainingRun.size() > 256 || !isCleanText(v.lineage.trainingRun))
        return Error(ErrorCode::InvalidArgument,
                     "the training run must be at most 256 printable characters");
    const std::string name = v.artifactName.empty()
        ? std::filesystem::path(v.artifactPath).filename().string()
        : v.artifactName;
    if (name.empty() || name.size() > 255 || !isCleanText(name)
        || name.find('/') != std::string::npos || name == "." || name == "..")
        return Error(ErrorCode::InvalidArgument,
                     "artifact name '" + name.substr(0, 60) + "' is not a valid file name");
    return success();
}

Result<ModelVersion> ModelRegistry::registerVersion(const auth::Actor &actor, const NewVersion &nv)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    MDECK_TRY(validateNew(nv));
    const std::string artifactName = nv.artifactName.empty()
        ? std::filesystem::path(nv.artifactPath).filename().string()
        : nv.artifactName;
    auto put = m_artifacts.put(nv.artifactPath);
    if (!put)
        return put.error();
    const bool existed = !put->added;
    const FileDigest *digest = &put->digest;
    const std::string stored = m_artifacts.pathFor(digest->sha256);
    auto discard = [&] {
        // Leave nothing behind that no version refers to. The check and the
        // removal share a write transaction, so another process cannot commit
        // a version of the same bytes in between.
        if (existed)
            return;
        auto tx = m_db.begin();
        if (!tx)
            return;
        auto st = m_db.prepare("SELECT 1 FROM versions WHERE artifact_sha256 = ?1 LIMIT 1");
        if (!st)
            return;
        st->bind(1, digest->sha256);
        auto row = st->step();
        if (row && !*row) {
            std::error_code ec;
            std::filesystem::remove(stored, ec);
        }
    };
    if (m_validator) {
        if (auto ok = m_validator(stored, nv.format, nv.signature); !ok) {
            discard();
            return ok.error();
        }
    }
    auto result = [&]() -> Result<ModelVersion> {
        auto tx = m_db.begin();
        if (!tx)
            return tx.error();
        auto id = modelId(m_db, nv.model);
        if (!id)
            return id.error();
        std::int64_t mid = 0;
        if (*id) {
            mid = **id;
        } else {
            auto m = insertModel(m_db, actor, nv.model, {}, {});
            if (!m)
                return m.error();
            mid = m->id;
        }
        auto next = m_db.prepare(
            "SELECT coalesce(max(version), 0) + 1 FROM versions WHERE model_id = ?1");
        if (!next)
            return next.error();
        next->bind(1, mid);
        MDECK_TRY(next->step());
        const int number = static_cast<int>(next->int64(0));
        next->reset();
        if (nv.lineage.parentVersion
            && (*nv.lineage.parentVersion < 1 || *nv.lineage.parentVersion >= number))
            return Error(ErrorCode::InvalidArgument,
                         "parent version " + std::to_string(*nv.lineage.parentVersion)
                             + " of model '" + nv.model + "' does not exist");
        const auto now = nowMillis();
        auto st = m_db.prepare("INSERT INTO versions(model_id, version, description, format, "
                               "artifact_name, artifact_sha256, "
                               "artifact_size, signature, dataset_hash, training_run, "
                               "parent_version, created_by, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        if (!st)
            return st.error();
        st->bind(1, mid)
            .bind(2, number)
            .bind(3, nv.description)
            .bind(4, nv.format)
            .bind(5, artifactName);
        st->bind(6, digest->sha256).bind(7, static_cast<std::int64_t>(digest->size));
        st->bind(8, canonicalJson(signatureToJson(nv.signature))).bind(9, nv.lineage.datasetHash);
        st->bind(10, nv.lineage.trainingRun);
        if (nv.lineage.parentVersion)
            st->bind(11, *nv.lineage.parentVersion);
        else
            st->bindNull(11);
        st->bind(12, actor.name).bind(13, now);
        MDECK_TRY(st->run());
        const std::int64_t vid = m_db.lastInsertId();
        // Another process's failed registration of the same bytes may have
        // removed the stored copy before this transaction began: store it again.
        if (!fileExists(stored)) {
            auto again = m_artifacts.put(nv.artifactPath);
            if (!again)
                return again.error();
            if (again->digest.sha256 != digest->sha256)
                return Error(ErrorCode::Integrity,
                             nv.artifactPath + " changed while it was being registered");
        }
        for (const auto &[k, val] : nv.metrics) {
            auto ms = m_db.prepare(
                "INSERT INTO version_metrics(version_id, key, value) VALUES (?1, ?2, ?3)");
            if (!ms)
                return ms.error();
            ms->bind(1, vid).bind(2, k).bind(3, val);
            MDECK_TRY(ms->run());
        }
        MDECK_TRY(insertKeyValues(
            m_db, "INSERT INTO version_params(version_id, key, value) VALUES (?1, ?2, ?3)", vid,
            nv.params));
        MDECK_TRY(
            insertKeyValues(m_db,
                            "INSERT INTO version_tags(version_id, key, value) VALUES (?1, ?2, ?3)",
                            vid, nv.tags));
        auto touch = m_db.prepare("UPDATE models SET updated_at = ?1 WHERE id = ?2");
        if (!touch)
            return touch.error();
        touch->bind(1, now).bind(2, mid);
        MDECK_TRY(touch->run());
        Json details{{"artifact", artifactName},
                     {"sha256", digest->sha256},
                     {"size", digest->size},
                     {"format", nv.format},
                     {"metrics", nv.metrics}};
        if (!nv.lineage.datasetHash.empty())
            details["dataset_hash"] = nv.lineage.datasetHash;
        if (nv.lineage.parentVersion)
            details["parent_version"] = *nv.lineage.parentVersion;
        const char *action = "version.register";
        if (nv.originJson) {
            auto origin = parseJson(*nv.originJson, "bundle origin");
            if (!origin)
                return origin.error();
            details["origin"] = std::move(*origin);
            action = "version.import";
        }
        MDECK_TRY(
            auth::AuditLog::append(m_db, actor, action, versionSubject(nv.model, number), details));
        auto v = readVersion(m_db, nv.model, number);
        if (!v)
            return v.error();
        MDECK_TRY(tx->commit());
        return v;
    }();
    if (!result)
        discard();
    return result;
}

Result<ModelVersion> ModelRegistry::getVersion(const std::string &model, int version)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    return readVersion(m_db, model, version);
}

Result<ModelVersion> ModelRegistry::resolve(const std::string &model, const std::string &reference)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto id = modelId(m_db, model);
    if (!id)
        return id.error();
    if (!*id)
        return noModel(model);
    if (reference == "latest" || reference.empty()) {
        auto st = m_db.prepare(
            "SELECT max(version) FROM versions WHERE model_id = ?1 AND archived = 0");
        if (!st)
            return st.error();
        st->bind(1, **id);
        MDECK_TRY(st->step());
        if (st->isNull(0))
            return Error(ErrorCode::NotFound, "model '" + model + "' has no active version");
        const int v = static_cast<int>(st->int64(0));
        st->reset();
        return readVersion(m_db, model, v);
    }
    const bool allDigits = reference.find_first_not_of("0123456789") == std::string::npos;
    if (allDigits && reference.size() < 10)
        return readVersion(m_db, model, std::stoi(reference));
    const std::string alias = reference[0] == '@' ? reference.substr(1) : reference;
    auto target = aliasTarget(m_db, **id, alias);
    if (!target)
        return target.error();
    if (!*target)
        return noAlias(model, alias);
    return readVersion(m_db, model, **target);
}

Result<VersionPage> ModelRegistry::searchVersions(const VersionQuery &q)
{
    if (q.limit < 0 || q.limit > 100000 || q.offset < 0)
        return Error(ErrorCode::InvalidArgument,
                     "page limit must be 0 to 100000 and offset not negative");
    if (q.sortBy == SortKey::Metric && q.sortMetric.empty())
        return Error(ErrorCode::InvalidArgument, "sorting by metric needs a metric name");
    std::string where = " WHERE 1";
    std::string joins;
    using Bound = std::variant<std::string, double, std::int64_t>;
    std::vector<Bound> binds;
    auto param = [&binds](Bound value) {
        binds.push_back(std::move(value));
        return "?" + std::to_string(binds.size());
    };
    auto bindAll = [&binds](store::Statement &st) {
        for (std::size_t i = 0; i < binds.size(); ++i)
            std::visit([&](const auto &v) { st.bind(static_cast<int>(i + 1), v); }, binds[i]);
    };
    if (!q.text.empty())
        where += " AND m.name LIKE '%' || " + param(escapeLike(q.text)) + " || '%' ESCAPE '\\'";
    if (!q.model.empty())
        where += " AND m.name = " + param(q.model);
    if (!q.tagKey.empty()) {
        // One IN list (a version's own tags, or its model's) drives rowid lookups,
        // instead of a correlated probe for every version.
        const std::string k = param(q.tagKey);
        std::string valueCond;
        if (!q.tagValue.empty())
            valueCond = " AND value = " + param(q.tagValue);
        where += " AND v.id IN (SELECT version_id FROM version_tags WHERE key = " + k + valueCond
            + " UNION SELECT id FROM versions WHERE model_id IN (SELECT model_id FROM model_tags "
              "WHERE key = "
            + k + valueCond + "))";
    }
    if (!q.alias.empty())
        where += " AND v.id IN (SELECT version_id FROM aliases WHERE alias = " + param(q.alias)
            + ")";
    if (!q.includeArchived)
        where += " AND v.archived = 0";
    std::string valueExpr = "NULL";
    if (q.metric) {
        static const char *kSql[] = {">", ">=", "<", "<=", "="};
        joins += " JOIN version_metrics mf ON mf.version_id = v.id AND mf.key = "
            + param(q.metric->key);
        where += " AND mf.value " + std::string(kSql[static_cast<int>(q.metric->op)]) + " "
            + param(q.metric->value);
        valueExpr = "mf.value";
    }
    std::string order;
    const char *dir = q.descending ? " DESC" : " ASC";
    switch (q.sortBy) {
    case SortKey::Created:
        order = "v.created_at" + std::string(dir) + ", v.id" + dir;
        break;
    case SortKey::Model:
        order = "m.name" + std::string(dir) + ", v.version" + dir;
        break;
    case SortKey::Version:
        order = "v.version" + std::string(dir) + ", m.name" + dir;
        break;
    case SortKey::Metric:
        if (q.metric && q.metric->key == q.sortMetric) {
            // Filtered and sorted by the same metric: walk the (key, value) index in order.
            order = "mf.value" + std::string(dir) + ", mf.version_id" + dir;
        } else {
            joins += " LEFT JOIN version_metrics ms ON ms.version_id = v.id AND ms.key = "
                + param(q.sortMetric);
            order = "ms.value IS NULL, ms.value" + std::string(dir) + ", v.id" + dir;
            valueExpr = "ms.value";
        }
        break;
    }
    const std::string from = " FROM versions v JOIN models m ON m.id = v.model_id" + joins + where;

    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    VersionPage page;
    {
        auto st = m_db.prepare("SELECT count(*)" + from);
        if (!st)
            return st.error();
        bindAll(*st);
        MDECK_TRY(st->step());
        page.total = st->int64(0);
    }
    const std::string limit = param(static_cast<std::int64_t>(q.limit));
    const std::string offset = param(static_cast<std::int64_t>(q.offset));
    auto st = m_db.prepare(
        "SELECT v.id, m.name, v.version, v.created_at, v.created_by, v.format, "
        "v.artifact_size, v.archived, "
        "(SELECT group_concat(alias, ',') FROM aliases a WHERE a.version_id = v.id), "
        + valueExpr + from + " ORDER BY " + order + " LIMIT " + limit + " OFFSET " + offset);
    if (!st)
        return st.error();
    bindAll(*st);
    page.rows.reserve(static_cast<std::size_t>(std::min<std::int64_t>(page.total, q.limit)));
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        VersionRow r;
        r.id = st->int64(0);
        r.model = st->text(1);
        r.version = static_cast<int>(st->int64(2));
        r.createdAt = st->int64(3);
        r.createdBy = st->text(4);
        r.format = st->text(5);
        r.artifactSize = st->int64(6);
        r.archived = st->int64(7) != 0;
        r.aliases = st->text(8);
        if (!st->isNull(9))
            r.sortValue = st->real(9);
        page.rows.push_back(std::move(r));
    }
    return page;
}

Result<void> ModelRegistry::setAlias(const auth::Actor &actor, const std::string &model,
                                     const std::string &alias, int version)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    MDECK_TRY(checkName(alias, "alias"));
    if (alias == "latest" || alias.find_first_not_of("0123456789") == std::string::npos)
        return Error(ErrorCode::InvalidArgument,
                     "alias '" + alias + "' is reserved: it would be read as a version reference");
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto v = readVersion(m_db, model, version);
    if (!v)
        return v.error();
    if (v->archived)
        return Error(ErrorCode::Conflict,
                     "version " + std::to_string(version) + " of '" + model
                         + "' is archived; an alias cannot point at it");
    auto mid = modelId(m_db, model);
    if (!mid)
        return mid.error();
    auto target = aliasTarget(m_db, **mid, alias);
    if (!target)
        return target.error();
    const std::optional<int> from = *target;
    if (from == version)
        return success();
    auto st = m_db.prepare(
        "INSERT INTO aliases(model_id, alias, version_id, updated_at, updated_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(model_id, alias) DO UPDATE SET "
        "version_id = excluded.version_id, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by");
    if (!st)
        return st.error();
    st->bind(1, **mid).bind(2, alias).bind(3, v->id).bind(4, nowMillis()).bind(5, actor.name);
    MDECK_TRY(st->run());
    Json details{{"alias", alias}, {"to", version}};
    if (from)
        details["from"] = *from;
    MDECK_TRY(
        auth::AuditLog::append(m_db, actor, "alias.set", versionSubject(model, version), details));
    return tx->commit();
}

Result<void> ModelRegistry::removeAlias(const auth::Actor &actor, const std::string &model,
                                        const std::string &alias)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto mid = modelId(m_db, model);
    if (!mid)
        return mid.error();
    if (!*mid)
        return noModel(model);
    auto target = aliasTarget(m_db, **mid, alias);
    if (!target)
        return target.error();
    if (!*target)
        return noAlias(model, alias);
    const int from = **target;
    auto st = m_db.prepare("DELETE FROM aliases WHERE model_id = ?1 AND alias = ?2");
    if (!st)
        return st.error();
    st->bind(1, **mid).bind(2, alias);
    MDECK_TRY(st->run());
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "alias.remove", versionSubject(model, from),
                                     Json{{"alias", alias}}));
    return tx->commit();
}

Result<void> ModelRegistry::setArchived(const auth::Actor &actor, const std::string &model,
                                        int version, bool archived)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto v = readVersion(m_db, model, version);
    if (!v)
        return v.error();
    if (v->archived == archived)
        return Error(ErrorCode::Conflict,
                     "version " + std::to_string(version) + " of '" + model + "' is "
                         + (archived ? "already archived" : "not archived"));
    if (archived && !v->aliases.empty()) {
        std::string list;
        for (const auto &a : v->aliases)
            list += (list.empty() ? "" : ", ") + a;
        return Error(ErrorCode::Conflict,
                     "version " + std::to_string(version) + " of '" + model
                         + "' is still the target of alias " + list
                         + "; move or remove the alias first");
    }
    auto st = m_db.prepare("UPDATE versions SET archived = ?1, archived_at = ?2 WHERE id = ?3");
    if (!st)
        return st.error();
    st->bind(1, archived ? 1 : 0);
    if (archived)
        st->bind(2, nowMillis());
    else
        st->bindNull(2);
    st->bind(3, v->id);
    MDECK_TRY(st->run());
    MDECK_TRY(auth::AuditLog::append(m_db, actor, archived ? "version.archive" : "version.unarchive",
                                     versionSubject(model, version), Json::object()));
    return tx->commit();
}

Result<BenchmarkRecord> ModelRegistry::addBenchmark(const auth::Actor &actor,
                                                    const std::string &model, int version,
                                                    const std::string &device,
                                                    const std::string &hardwareJson,
                                                    const std::string &resultsJson)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    for (const auto *text : {&hardwareJson, &resultsJson})
        MDECK_TRY(parseJson(*text, "benchmark record"));
    if (device != "cpu" && device != "cuda")
        return Error(ErrorCode::InvalidArgument, "benchmark device must be cpu or cuda");
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto v = readVersion(m_db, model, version);
    if (!v)
        return v.error();
    BenchmarkRecord b{0,          model,  version,      nowMillis(),
                      actor.name, device, hardwareJson, resultsJson};
    auto st = m_db.prepare(
        "INSERT INTO benchmarks(version_id, created_at, created_by, device, hardware, results) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st)
        return st.error();
    st->bind(1, v->id).bind(2, b.createdAt).bind(3, b.createdBy).bind(4, device).bind(5, hardwareJson);
    st->bind(6, resultsJson);
    MDECK_TRY(st->run());
    b.id = m_db.lastInsertId();
    MDECK_TRY(auth::AuditLog::append(m_db, actor, "version.benchmark",
                                     versionSubject(model, version),
                                     Json{{"benchmark_id", b.id}, {"device", device}}));
    MDECK_TRY(tx->commit());
    return b;
}

Result<std::vector<BenchmarkRecord>> ModelRegistry::listBenchmarks(const std::string &model,
                                                                   int version, int limit)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("SELECT b.id, m.name, v.version, b.created_at, b.created_by, b.device, "
                           "b.hardware, b.results "
                           "FROM benchmarks b JOIN versions v ON v.id = b.version_id JOIN models m "
                           "ON m.id = v.model_id "
                           "WHERE (?1 = '' OR m.name = ?1) AND (?2 = 0 OR v.version = ?2) "
                           "ORDER BY b.created_at DESC, b.id DESC LIMIT ?3");
    if (!st)
        return st.error();
    st->bind(1, model).bind(2, version).bind(3, limit);
    std::vector<BenchmarkRecord> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back({st->int64(0), st->text(1), static_cast<int>(st->int64(2)), st->int64(3),
                       st->text(4), st->text(5), st->text(6), st->text(7)});
    }
    return out;
}

Result<std::string> ModelRegistry::artifactPath(const ModelVersion &v)
{
    return m_artifacts.verified(v.artifactSha256, v.artifactSize,
                                "version " + v.model + ":" + std::to_string(v.version) + " ("
                                    + v.artifactName + ")");
}

Result<std::vector<auth::AuditEntry>> ModelRegistry::history(const std::string &model, int version)
{
    auth::AuditQuery q;
    q.subjectPrefix = version > 0 ? versionSubject(model, version) : "version:" + model;
    q.newestFirst = false;
    q.limit = 100000;
    auto entries = auth::AuditLog::list(m_db, q);
    if (!entries || version > 0)
        return entries;
    // A model's history also holds its own entries.
    q.subjectPrefix = "model:" + model;
    auto own = auth::AuditLog::list(m_db, q);
    if (!own)
        return own.error();
    entries->insert(entries->end(), own->begin(), own->end());
    std::sort(entries->begin(), entries->end(),
              [](const auth::AuditEntry &a, const auth::AuditEntry &b) { return a.seq < b.seq; });
    return entries;
}

Result<VerifyReport> ModelRegistry::verifyWorkspace(const ProgressFn &progress, std::stop_token stop)
{
    VerifyReport report;
    if (auto ok = m_db.checkIntegrity(); !ok)
        report.problems.push_back({"database", ok.error().message});
    struct Item
    {
        std::string model;
        int version;
        std::string name, sha;
        std::int64_t size;
    };
    std::vector<Item> items;
    {
        auto tx = m_db.beginRead();
        if (!tx)
            return tx.error();
        auto st = m_db.prepare(
            "SELECT m.name, v.version, v.artifact_name, v.artifact_sha256, v.artifact_size "
            "FROM versions v JOIN models m ON m.id = v.model_id ORDER BY m.name, v.version");
        if (!st)
            return st.error();
        for (;;) {
            auto row = st->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            items.push_back({st->text(0), static_cast<int>(st->int64(1)), st->text(2), st->text(3),
                             st->int64(4)});
        }
    }
    std::map<std::string, bool> checked; // sha -> ok
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (stop.stop_requested())
            return Error(ErrorCode::Cancelled, "verification cancelled");
        const Item &it = items[i];
        ++report.versionsChecked;
        const std::string what = "version " + it.model + ":" + std::to_string(it.version) + " ("
            + it.name + ")";
        auto known = checked.find(it.sha);
        if (known == checked.end()) {
            auto ok = m_artifacts.verified(it.sha, it.size, what);
            ++report.artifactsChecked;
            known = checked.emplace(it.sha, ok.ok()).first;
            if (!ok)
                report.problems.push_back(
                    {"version " + it.model + ":" + std::to_string(it.version), ok.error().message});
        } else if (!known->second) {
            report.problems.push_back(
                {"version " + it.model + ":" + std::to_string(it.version),
                 "the artifact of " + what + " (SHA-256 " + it.sha + ") is missing or altered"});
        }
        if (progress)
            progress(static_cast<std::int64_t>(i + 1), static_cast<std::int64_t>(items.size()));
    }
    auto predictions = store::checkPredictionBlocks(m_db);
    if (!predictions)
        return predictions.error();
    report.predictionBlocksChecked = predictions->blocksChecked;
    constexpr std::size_t kNamedBlocks = 100; // a lost segment file spoils all its blocks
    for (std::size_t i = 0; i < predictions->problems.size() && i < kNamedBlocks; ++i)
        report.problems.push_back({"predictions", predictions->problems[i]});
    if (predictions->problems.size() > kNamedBlocks)
        report.problems.push_back({"predictions",
                                   "and "
                                       + std::to_string(predictions->problems.size() - kNamedBlocks)
                                       + " more prediction blocks that cannot be read"});
    auto audit = auth::AuditLog::verify(m_db);
    if (!audit)
        return audit.error();
    report.auditEntriesChecked = audit->checked;
    if (!audit->ok)
        report.problems.push_back({"audit log", audit->problem});
    return report;
}

} // namespace mdeck::registry
