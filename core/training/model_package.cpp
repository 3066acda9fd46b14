#include "core/training/model_package.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/common/signature_json.h"
#include "core/registry/tar_archive.h"

namespace mdeck::training {

namespace {

constexpr const char *kModelJson = "model.json";
constexpr const char *kWeights = "weights.bin";
constexpr std::uint64_t kMaxModelJson = 256u << 20;
constexpr std::uint64_t kMaxWeights = 4ull << 30;

Error bad(const std::string &path, const std::string &field, const std::string &what)
{
    return Error(ErrorCode::InvalidArgument, path + ": model.json field '" + field + "' " + what);
}

Result<std::vector<std::string>> strings(const Json &j, const char *key, const std::string &path)
{
    if (!j.contains(key) || !j[key].is_array())
        return bad(path, key, "is missing or not an array");
    std::vector<std::string> out;
    for (const auto &v : j[key]) {
        if (!v.is_string())
            return bad(path, key, "must hold strings");
        out.push_back(v.get<std::string>());
    }
    return out;
}

} // namespace

Signature packageSignature(const std::vector<data::FeatureSpec> &features, ml::Task task,
                           const std::vector<std::string> &classes)
{
    Signature s;
    bool allNumeric = true;
    for (const auto &f : features)
        allNumeric = allNumeric && f.type != data::ColumnType::Categorical
            && f.type != data::ColumnType::Datetime;
    if (allNumeric) {
        TensorSpec in{"input", "FP32", {-1, static_cast<std::int64_t>(features.size())}, {}, {}};
        for (const auto &f : features)
            in.features.push_back(f.name);
        s.inputs.push_back(std::move(in));
    } else {
        for (const auto &f : features) {
            const bool text = f.type == data::ColumnType::Categorical
                || f.type == data::ColumnType::Datetime;
            s.inputs.push_back({f.name, text ? "BYTES" : "FP64", {-1}, {}, {}});
        }
    }
    if (ml::isClassification(task))
        s.outputs.push_back(
            {"probabilities", "FP32", {-1, static_cast<std::int64_t>(classes.size())}, {}, classes});
    else
        s.outputs.push_back({"prediction", "FP32", {-1, 1}, {}, {}});
    return s;
}

Result<void> writePackage(const ModelPackage &p, const std::string &path)
{
    const std::string weights = p.network.serialize();
    Json j{{"format", "modeldeck-model"},
           {"package_version", 1},
           {"task", ml::taskName(p.task)},
           {"target", p.target},
           {"features", p.features},
           {"classes", p.classes},
           {"sensitive_column", p.sensitiveColumn},
           {"preprocessing", p.preprocessor.toJson()},
           {"signature", signatureToJson(p.signature)},
           {"spec", p.spec},
           {"metrics", p.metrics},
           {"history", p.history},
           {"confusion", p.confusion},
           {"reference_profile", data::profileToJson(p.reference)},
           {"lineage", p.lineage},
           {"weights",
            {{"file", kWeights}, {"sha256", Sha256::hex(weights)}, {"size", weights.size()}}}};
    const std::string tmp = path + ".part";
    auto result = [&]() -> Result<void> {
        auto w = registry::TarWriter::create(tmp);
        if (!w)
            return w.error();
        MDECK_TRY(w->addData(kModelJson, j.dump(1)));
        MDECK_TRY(w->addData(kWeights, weights));
        return w->finish();
    }();
    if (result && std::rename(tmp.c_str(), path.c_str()) != 0)
        result = Error(ErrorCode::Io, "cannot rename onto " + path);
    if (!result)
        std::remove(tmp.c_str());
    return result;
}

Result<ModelPackage> readPackage(const std::string &path)
{
    std::string modelJson, weights;
    auto read = registry::TarReader::read(
        path,
        [&](const registry::TarMember &m) -> Result<void> {
            if (m.name == kModelJson && m.size <= kMaxModelJson && modelJson.empty())
                return success();
            if (m.name == kWeights && m.size <= kMaxWeights && weights.empty())
                return success();
            return Error(ErrorCode::InvalidArgument,
                         path + ": unexpected or oversized member '" + m.name
                             + "' in a model package");
        },
        [&](const registry::TarMember &m, std::string_view chunk) -> Result<void> {
            (m.name == kModelJson ? modelJson : weights).append(chunk);
            return success();
        },
        4);
    if (!read)
        return read.error();
    if (modelJson.empty() || weights.empty())
        return Error(ErrorCode::InvalidArgument,
                     path + " is not a ModelDeck model package (model.json or weights.bin missing)");
    auto parsed = parseJson(modelJson, path + ":model.json");
    if (!parsed)
        return parsed.error();
    const Json &j = *parsed;
    if (!j.is_object() || j.value("format", "") != "modeldeck-model")
        return bad(path, "format", "is not 'modeldeck-model'");
    if (!j.contains("package_version") || j["package_version"] != 1)
        return Error(ErrorCode::Unsupported, path + ": model package version is not 1");
    ModelPackage p;
    try {
        auto task = ml::parseTask(j.at("task").get<std::string>());
        if (!task)
            return bad(path, "task", task.error().message);
        p.task = *task;
        p.target = j.at("target").get<std::string>();
        auto features = strings(j, "features", path);
        if (!features)
            return features.error();
        p.features = std::move(*features);
        auto classes = strings(j, "classes", path);
        if (!classes)
            return classes.error();
        p.classes = std::move(*classes);
        p.sensitiveColumn = j.value("sensitive_column", "");
        auto pre = data::Preprocessor::fromJson(j.at("preprocessing"),
                                                path + ":model.json preprocessing");
        if (!pre)
            return pre.error();
        p.preprocessor = std::move(*pre);
        auto sig = signatureFromJson(j.at("signature"), path + ":model.json signature");
        if (!sig)
            return sig.error();
        p.signature = std::move(*sig);
        p.spec = j.value("spec", Json::object());
        p.metrics = j.value("metrics", Json::object());
        p.history = j.value("history", Json::array());
        p.confusion = j.value("confusion", Json::array());
        p.lineage = j.value("lineage", Json::object());
        if (j.contains("reference_profile")) {
            auto prof = data::profileFromJson(j["reference_profile"],
                                              path + ":model.json reference_profile");
            if (!prof)
                return prof.error();
            p.reference = std::move(*prof);
        }
        const Json &w = j.at("weights");
        if (w.at("sha256").get<std::string>() != Sha256::hex(weights))
            return Error(ErrorCode::Integrity,
                         path + ": weights.bin does not match the SHA-256 in model.json");
    } catch (const std::exception &e) {
        return Error(ErrorCode::InvalidArgument,
                     path + ": model.json is missing a field or has a wrong type ("
                         + std::string(e.what()).substr(0, 160) + ")");
    }
    auto net = ml::NativeModel::deserialize(weights, path + ":weights.bin");
    if (!net)
        return net.error();
    p.network = std::move(*net);
    if (static_cast<std::size_t>(p.network.inputWidth()) != p.preprocessor.width())
        return Error(ErrorCode::InvalidArgument,
                     path + ": the network takes " + std::to_string(p.network.inputWidth())
                         + " inputs but preprocessing produces "
                         + std::to_string(p.preprocessor.width()));
    if (p.features.size() != p.preprocessor.features().size())
        return bad(path, "features", "does not match the preprocessing");
    if (ml::isClassification(p.task)
        && p.classes.size() != static_cast<std::size_t>(p.network.outputWidth()))
        return bad(path, "classes", "does not match the network's outputs");
    return p;
}

} // namespace mdeck::training
