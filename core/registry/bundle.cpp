#include "core/registry/bundle.h"

#include "core/common/files.h"
#include "core/common/signature_json.h"
#include "core/common/text.h"
#include "core/registry/tar_archive.h"

#include <mdeck/version.h>

#include <cmath>
#include <filesystem>
#include <random>

namespace mdeck::registry {

namespace {

constexpr const char *kManifest = "manifest.json";
constexpr const char *kManifestHash = "manifest.sha256";
constexpr std::uint64_t kMaxManifest = 64u << 20;

Json entryToJson(const auth::AuditEntry &e)
{
    return Json{{"seq", e.seq},
                {"time", e.time},
                {"actor", e.actor},
                {"action", e.action},
                {"subject", e.subject},
                {"details", e.details},
                {"prev_hash", e.prevHash},
                {"hash", e.hash}};
}

Error bad(const std::string &file, const std::string &field, const std::string &what)
{
    return Error(ErrorCode::InvalidArgument, file + ": manifest field '" + field + "' " + what);
}

template<typename T>
Result<T> field(const Json &obj, const char *key, const std::string &file, const std::string &path)
{
    if (!obj.is_object() || !obj.contains(key))
        return bad(file, path + key, "is missing");
    const Json &v = obj[key];
    try {
        if constexpr (std::is_same_v<T, std::string>) {
            if (!v.is_string())
                return bad(file, path + key, "must be a string");
        } else if constexpr (std::is_integral_v<T>) {
            if (!v.is_number_integer())
                return bad(file, path + key, "must be an integer");
        } else if constexpr (std::is_floating_point_v<T>) {
            if (!v.is_number())
                return bad(file, path + key, "must be a number");
        }
        return v.get<T>();
    } catch (const std::exception &) {
        return bad(file, path + key, "has the wrong type");
    }
}

Result<std::map<std::string, std::string>> stringMap(const Json &obj, const char *key,
                                                     const std::string &file,
                                                     const std::string &path)
{
    std::map<std::string, std::string> out;
    if (!obj.contains(key))
        return out;
    const Json &m = obj[key];
    if (!m.is_object())
        return bad(file, path + key, "must be an object of strings");
    for (const auto &[k, v] : m.items()) {
        if (!v.is_string())
            return bad(file, path + key + "." + k, "must be a string");
        out[k] = v.get<std::string>();
    }
    return out;
}

struct ReadBundle
{
    std::string manifestText;
    std::string manifestHash;
    std::string artifactTemp; // "" when the archive had no artifact member
    std::string artifactMember;
    FileDigest artifactDigest;
};

// Reads the archive, streaming the artifact into `tempDir` and hashing it.
Result<ReadBundle> readArchive(const std::string &file, const std::string &tempDir)
{
    ReadBundle rb;
    Sha256 *hasher = nullptr;
    std::unique_ptr<Sha256> artifactHasher;
    std::FILE *out = nullptr;
    auto closeOut = [&] {
        if (out) {
            std::fclose(out);
            out = nullptr;
        }
    };
    auto r = TarReader::read(
        file,
        [&](const TarMember &m) -> Result<void> {
            closeOut();
            hasher = nullptr;
            if (m.name == kManifest) {
                if (!rb.manifestText.empty())
                    return Error(ErrorCode::InvalidArgument,
                                 file + " has two manifest.json members");
                if (m.size > kMaxManifest)
                    return Error(ErrorCode::InvalidArgument,
                                 file + ": manifest.json is larger than 64 MiB");
                return success();
            }
            if (m.name == kManifestHash) {
                if (m.size > 128)
                    return Error(ErrorCode::InvalidArgument,
                                 file + ": manifest.sha256 is too large");
                return success();
            }
            if (m.name.rfind("artifact/", 0) == 0 && m.name.find('/', 9) == std::string::npos) {
                if (!rb.artifactMember.empty())
                    return Error(ErrorCode::InvalidArgument, file + " has more than one artifact");
                rb.artifactMember = m.name;
                MDECK_TRY(makeDirs(tempDir));
                std::random_device rd;
                rb.artifactTemp = tempDir + "/import-" + std::to_string(rd())
                    + std::to_string(nowMillis());
                out = std::fopen(rb.artifactTemp.c_str(), "wbx");
                if (!out)
                    return Error(ErrorCode::Io, "cannot create " + rb.artifactTemp);
                artifactHasher = std::make_unique<Sha256>();
                hasher = artifactHasher.get();
                return success();
            }
            return Error(ErrorCode::InvalidArgument,
                         file + ": unexpected member '" + m.name + "' (not a ModelDeck bundle)");
        },
        [&](const TarMember &m, std::string_view chunk) -> Result<void> {
            if (m.name == kManifest) {
                rb.manifestText.append(chunk);
            } else if (m.name == kManifestHash) {
                rb.manifestHash.append(chunk);
            } else if (out) {
                hasher->update(chunk.data(), chunk.size());
                rb.artifactDigest.size += chunk.size();
                if (std::fwrite(chunk.data(), 1, chunk.size(), out) != chunk.size())
                    return Error(ErrorCode::Io, "cannot write " + rb.artifactTemp);
            }
            return success();
        });
    closeOut();
    if (artifactHasher)
        rb.artifactDigest.sha256 = artifactHasher->hexDigest();
    if (!r) {
        if (!rb.artifactTemp.empty())
            std::filesystem::remove(rb.artifactTemp);
        return r.error();
    }
    return rb;
}

struct Parsed
{
    BundleInfo info;
    NewVersion version;
    Json origin;
};

Result<Parsed> verifyAndParse(const std::string &file, const ReadBundle &rb)
{
    if (rb.manifestText.empty())
        return Error(ErrorCode::InvalidArgument,
                     file + " has no manifest.json: not a ModelDeck bundle");
    std::string declared = rb.manifestHash;
    while (!declared.empty() && (declared.back() == '\n' || declared.back() == ' '))
        declared.pop_back();
    const std::string actual = Sha256::hex(rb.manifestText);
    if (declared != actual)
        return Error(ErrorCode::Integrity,
                     file + ": manifest.json was altered: manifest.sha256 says "
                         + (declared.empty() ? std::string("nothing") : declared.substr(0, 64))
                         + " but its SHA-256 is " + actual);
    auto manifest = parseJson(rb.manifestText, file + ":manifest.json");
    if (!manifest)
        return manifest.error();
    const Json &j = *manifest;
    auto format = field<std::string>(j, "format", file, "");
    if (!format)
        return format.error();
    if (*format != "modeldeck-bundle")
        return bad(file, "format", "is '" + format->substr(0, 40) + "', not 'modeldeck-bundle'");
    auto bv = field<int>(j, "bundle_version", file, "");
    if (!bv)
        return bv.error();
    if (*bv != 1)
        return Error(ErrorCode::Unsupported,
                     file + " is bundle format version " + std::to_string(*bv)
                         + "; this ModelDeck reads version 1");
    if (!j.contains("model") || !j.contains("version") || !j.contains("artifact"))
        return bad(file, "model/version/artifact", "is missing");
    const Json &jm = j["model"];
    const Json &jv = j["version"];
    const Json &ja = j["artifact"];
    Parsed p;
    auto name = field<std::string>(jm, "name", file, "model.");
    if (!name)
        return name.error();
    MDECK_TRY(checkName(*name, "model"));
    p.info.model = *name;
    auto number = field<int>(jv, "version", file, "version.");
    if (!number)
        return number.error();
    p.info.version = *number;
    auto aname = field<std::string>(ja, "name", file, "artifact.");
    auto asha = field<std::string>(ja, "sha256", file, "artifact.");
    auto asize = field<std::int64_t>(ja, "size", file, "artifact.");
    if (!aname)
        return aname.error();
    if (!asha)
        return asha.error();
    if (!asize)
        return asize.error();
    if (!isSha256Hex(*asha))
        return bad(file, "artifact.sha256", "is not a SHA-256 hex digest");
    p.info.artifactName = *aname;
    p.info.artifactSha256 = *asha;
    p.info.artifactSize = *asize;
    if (rb.artifactMember != "artifact/" + *aname)
        return Error(ErrorCode::InvalidArgument,
                     file + ": the archive holds no member 'artifact/" + *aname + "'");
    if (rb.artifactDigest.sha256 != *asha
        || static_cast<std::int64_t>(rb.artifactDigest.size) != *asize)
        return Error(ErrorCode::Integrity,
                     file + ": the artifact " + *aname + " was altered: the manifest says SHA-256 "
                         + *asha + " (" + std::to_string(*asize) + " bytes) but it has "
                         + rb.artifactDigest.sha256 + " (" + std::to_string(rb.artifactDigest.size)
                         + " bytes)");
    if (j.contains("source_workspace") && j["source_workspace"].is_string())
        p.info.sourceWorkspace = j["source_workspace"].get<std::string>();

    NewVersion &nv = p.version;
    nv.model = *name;
    nv.artifactName = *aname;
    auto fmt = field<std::string>(jv, "format", file, "version.");
    if (!fmt)
        return fmt.error();
    nv.format = *fmt;
    if (jv.contains("description") && jv["description"].is_string())
        nv.description = jv["description"].get<std::string>();
    if (!jv.contains("signature"))
        return bad(file, "version.signature", "is missing");
    auto sig = signatureFromJson(jv["signature"], file + ":manifest.json version.signature");
    if (!sig)
        return sig.error();
    nv.signature = std::move(*sig);
    if (jv.contains("metrics")) {
        if (!jv["metrics"].is_object())
            return bad(file, "version.metrics", "must be an object of numbers");
        for (const auto &[k, v] : jv["metrics"].items()) {
            if (!v.is_number() || !std::isfinite(v.get<double>()))
                return bad(file, "version.metrics." + k, "must be a finite number");
            nv.metrics[k] = v.get<double>();
        }
    }
    auto params = stringMap(jv, "params", file, "version.");
    if (!params)
        return params.error();
    nv.params = std::move(*params);
    auto tags = stringMap(jv, "tags", file, "version.");
    if (!tags)
        return tags.error();
    nv.tags = std::move(*tags);
    if (jv.contains("lineage") && jv["lineage"].is_object()) {
        const Json &l = jv["lineage"];
        if (l.contains("dataset_hash") && l["dataset_hash"].is_string())
            nv.lineage.datasetHash = l["dataset_hash"].get<std::string>();
        if (l.contains("training_run") && l["training_run"].is_string())
            nv.lineage.trainingRun = l["training_run"].get<std::string>();
    }
    // The version's own audit entries travel along; each must still match its hash.
    Json audit = Json::array();
    if (j.contains("audit")) {
        if (!j["audit"].is_array())
            return bad(file, "audit", "must be an array");
        for (std::size_t i = 0; i < j["audit"].size(); ++i) {
            const Json &e = j["audit"][i];
            const std::string path = "audit[" + std::to_string(i) + "].";
            auth::AuditEntry entry;
            auto seq = field<std::int64_t>(e, "seq", file, path);
            auto time = field<std::int64_t>(e, "time", file, path);
            auto actor = field<std::string>(e, "actor", file, path);
            auto action = field<std::string>(e, "action", file, path);
            auto subject = field<std::string>(e, "subject", file, path);
            auto details = field<std::string>(e, "details", file, path);
            auto prev = field<std::string>(e, "prev_hash", file, path);
            auto hash = field<std::string>(e, "hash", file, path);
            for (const Result<std::string> *r : {&actor, &action, &subject, &details, &prev, &hash})
                if (!*r)
                    return r->error();
            if (!seq)
                return seq.error();
            if (!time)
                return time.error();
            entry = {*seq, *time, *actor, *action, *subject, *details, *prev, *hash};
            if (auth::AuditLog::entryHash(entry) != entry.hash)
                return Error(ErrorCode::Integrity,
                             file + ": audit entry #" + std::to_string(entry.seq) + " ("
                                 + entry.action + ") in the bundle was altered");
            audit.push_back(e);
        }
    }
    p.info.auditEntries = static_cast<std::int64_t>(audit.size());
    p.origin = Json{{"bundle", std::filesystem::path(file).filename().string()},
                    {"source_workspace", p.info.sourceWorkspace},
                    {"model", p.info.model},
                    {"version", p.info.version},
                    {"audit", audit}};
    if (jv.contains("created_by") && jv["created_by"].is_string())
        p.origin["created_by"] = jv["created_by"];
    if (jv.contains("created_at") && jv["created_at"].is_number_integer())
        p.origin["created_at"] = jv["created_at"];
    return p;
}

} // namespace

Result<BundleInfo> exportBundle(ModelRegistry &registry, const std::string &model, int version,
                                const std::string &file)
{
    auto v = registry.getVersion(model, version);
    if (!v)
        return v.error();
    auto m = registry.getModel(model);
    if (!m)
        return m.error();
    auto artifact = registry.artifactPath(*v);
    if (!artifact)
        return artifact.error();
    auto history = registry.history(model, version);
    if (!history)
        return history.error();
    if (fileExists(file))
        return Error(ErrorCode::Conflict, file + " already exists; choose another name");

    Json audit = Json::array();
    for (const auto &e : *history)
        audit.push_back(entryToJson(e));
    Json lineage{{"dataset_hash", v->lineage.datasetHash}, {"training_run", v->lineage.trainingRun}};
    if (v->lineage.parentVersion)
        lineage["parent_version"] = *v->lineage.parentVersion;
    Json manifest{
        {"format", "modeldeck-bundle"},
        {"bundle_version", 1},
        {"modeldeck_version", MDECK_VERSION},
        {"exported_at", nowMillis()},
        {"source_workspace", registry.workspace().id()},
        {"model", {{"name", m->name}, {"description", m->description}, {"tags", m->tags}}},
        {"version",
         {{"version", v->version},
          {"description", v->description},
          {"format", v->format},
          {"signature", signatureToJson(v->signature)},
          {"metrics", v->metrics},
          {"params", v->params},
          {"tags", v->tags},
          {"lineage", lineage},
          {"created_by", v->createdBy},
          {"created_at", v->createdAt},
          {"archived", v->archived}}},
        {"artifact",
         {{"name", v->artifactName}, {"sha256", v->artifactSha256}, {"size", v->artifactSize}}},
        {"audit", audit},
    };
    const std::string manifestText = manifest.dump(2);
    // Written under a temporary name and renamed: a reader never sees half a bundle.
    std::random_device rd;
    const std::string tmp = file + ".part-" + std::to_string(rd());
    auto result = [&]() -> Result<void> {
        auto w = TarWriter::create(tmp);
        if (!w)
            return w.error();
        MDECK_TRY(w->addData(kManifest, manifestText));
        MDECK_TRY(w->addData(kManifestHash, Sha256::hex(manifestText) + "\n"));
        MDECK_TRY(w->addFile("artifact/" + v->artifactName, *artifact));
        return w->finish();
    }();
    if (result && std::rename(tmp.c_str(), file.c_str()) != 0)
        result = Error(ErrorCode::Io, "cannot rename onto " + file);
    if (!result) {
        std::filesystem::remove(tmp);
        return result.error();
    }
    BundleInfo info{model,
                    version,
                    v->artifactName,
                    v->artifactSha256,
                    v->artifactSize,
                    registry.workspace().id(),
                    static_cast<std::int64_t>(audit.size())};
    return info;
}

Result<BundleInfo> inspectBundle(const std::string &file)
{
    const std::string tempDir = std::filesystem::temp_directory_path().string();
    auto rb = readArchive(file, tempDir);
    if (!rb)
        return rb.error();
    auto p = verifyAndParse(file, *rb);
    if (!rb->artifactTemp.empty())
        std::filesystem::remove(rb->artifactTemp);
    if (!p)
        return p.error();
    return p->info;
}

Result<ModelVersion> importBundle(ModelRegistry &registry, const auth::Actor &actor,
                                  const std::string &file, const std::string &targetModel)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    if (!targetModel.empty())
        MDECK_TRY(checkName(targetModel, "model"));
    auto rb = readArchive(file, registry.workspace().artifactsDir() + "/tmp");
    if (!rb)
        return rb.error();
    struct Cleanup
    {
        std::string path;
        ~Cleanup()
        {
            std::error_code ec;
            if (!path.empty())
                std::filesystem::remove(path, ec);
            // Leave no empty scratch folder behind.
            std::filesystem::remove(std::filesystem::path(path).parent_path(), ec);
        }
    } cleanup{rb->artifactTemp};
    auto p = verifyAndParse(file, *rb);
    if (!p)
        return p.error();
    NewVersion nv = std::move(p->version);
    if (!targetModel.empty())
        nv.model = targetModel;
    nv.artifactPath = rb->artifactTemp;
    nv.originJson = canonicalJson(p->origin);
    return registry.registerVersion(actor, nv);
}

} // namespace mdeck::registry
