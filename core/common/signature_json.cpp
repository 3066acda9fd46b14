#include "core/common/signature_json.h"

#include "core/common/text.h"

#include <set>

namespace mdeck {

namespace {

constexpr std::size_t kMaxTensors = 64;
constexpr std::size_t kMaxRank = 8;
constexpr std::size_t kMaxNames = 100000;

Error fieldError(const std::string &source, const std::string &field, const std::string &what)
{
    return Error(ErrorCode::InvalidArgument, source + ": field '" + field + "' " + what);
}

Result<std::vector<std::string>> readNames(const Json &j, const std::string &source,
                                           const std::string &field)
{
    if (!j.is_array())
        return fieldError(source, field, "must be an array of strings");
    if (j.size() > kMaxNames)
        return fieldError(source, field, "has more than " + std::to_string(kMaxNames) + " entries");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string f = field + "[" + std::to_string(i) + "]";
        if (!j[i].is_string())
            return fieldError(source, f, "must be a string");
        auto s = j[i].get<std::string>();
        if (s.empty() || s.size() > 256 || !isCleanText(s))
            return fieldError(source, f, "must be 1 to 256 printable UTF-8 characters");
        if (!seen.insert(s).second)
            return fieldError(source, f, "repeats the name '" + s + "'");
        out.push_back(std::move(s));
    }
    return out;
}

Result<TensorSpec> readTensor(const Json &j, const std::string &source, const std::string &field,
                              bool isInput)
{
    if (!j.is_object())
        return fieldError(source, field, "must be an object");
    TensorSpec t;
    for (const auto &[key, value] : j.items()) {
        if (key != "name" && key != "datatype" && key != "shape" && key != "features"
            && key != "classes" && key != "parameters")
            return fieldError(source, field + "." + key, "is not a known field");
        (void) value;
    }
    if (!j.contains("name") || !j["name"].is_string())
        return fieldError(source, field + ".name", "is missing or not a string");
    t.name = j["name"].get<std::string>();
    if (t.name.empty() || t.name.size() > 128 || !isCleanText(t.name))
        return fieldError(source, field + ".name", "must be 1 to 128 printable characters");
    if (!j.contains("datatype") || !j["datatype"].is_string())
        return fieldError(source, field + ".datatype", "is missing or not a string");
    t.datatype = j["datatype"].get<std::string>();
    if (!isKnownDatatype(t.datatype))
        return fieldError(source, field + ".datatype",
                          "'" + t.datatype.substr(0, 32)
                              + "' is not one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, "
                                "INT32, INT64, FP16, FP32, FP64, BYTES");
    if (!j.contains("shape") || !j["shape"].is_array())
        return fieldError(source, field + ".shape", "is missing or not an array");
    const Json &shape = j["shape"];
    if (shape.empty() || shape.size() > kMaxRank)
        return fieldError(source, field + ".shape",
                          "must have 1 to " + std::to_string(kMaxRank) + " dimensions");
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const std::string f = field + ".shape[" + std::to_string(i) + "]";
        if (!shape[i].is_number_integer())
            return fieldError(source, f, "must be an integer");
        const auto d = shape[i].get<std::int64_t>();
        if (d != -1 && (d < 1 || d > (1ll << 31)))
            return fieldError(source, f, "must be -1 (variable) or a positive size");
        t.shape.push_back(d);
    }
    const std::int64_t last = t.shape.back();
    if (j.contains("features")) {
        if (!isInput)
            return fieldError(source, field + ".features", "is only allowed on inputs");
        auto names = readNames(j["features"], source, field + ".features");
        if (!names)
            return names.error();
        t.features = std::move(*names);
        if (last != -1 && static_cast<std::int64_t>(t.features.size()) != last)
            return fieldError(source, field + ".features",
                              "has " + std::to_string(t.features.size())
                                  + " names but the last dimension of the shape is "
                                  + std::to_string(last));
    }
    if (j.contains("classes")) {
        if (isInput)
            return fieldError(source, field + ".classes", "is only allowed on outputs");
        auto names = readNames(j["classes"], source, field + ".classes");
        if (!names)
            return names.error();
        t.classes = std::move(*names);
        if (last != -1 && static_cast<std::int64_t>(t.classes.size()) != last)
            return fieldError(source, field + ".classes",
                              "has " + std::to_string(t.classes.size())
                                  + " labels but the last dimension of the shape is "
                                  + std::to_string(last));
    }
    return t;
}

Result<std::vector<TensorSpec>> readTensors(const Json &j, const std::string &source,
                                            const std::string &field, bool isInput)
{
    if (!j.contains(field) || !j[field].is_array())
        return fieldError(source, field, "is missing or not an array");
    const Json &arr = j[field];
    if (arr.empty() || arr.size() > kMaxTensors)
        return fieldError(source, field,
                          "must list 1 to " + std::to_string(kMaxTensors) + " tensors");
    std::vector<TensorSpec> out;
    std::set<std::string> names;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string f = field + "[" + std::to_string(i) + "]";
        auto t = readTensor(arr[i], source, f, isInput);
        if (!t)
            return t.error();
        if (!names.insert(t->name).second)
            return fieldError(source, f + ".name", "repeats the tensor name '" + t->name + "'");
        out.push_back(std::move(*t));
    }
    return out;
}

Json tensorToJson(const TensorSpec &t)
{
    Json j = {{"name", t.name}, {"datatype", t.datatype}, {"shape", t.shape}};
    if (!t.features.empty())
        j["features"] = t.features;
    if (!t.classes.empty())
        j["classes"] = t.classes;
    return j;
}

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

void diffTensors(const std::vector<TensorSpec> &a, const std::vector<TensorSpec> &b,
                 const std::string &kind, std::vector<std::string> &out)
{
    for (const auto &ta : a) {
        const TensorSpec *tb = nullptr;
        for (const auto &t : b)
            if (t.name == ta.name)
                tb = &t;
        if (!tb) {
            out.push_back(kind + " '" + ta.name + "' is only in the first");
            continue;
        }
        if (ta.datatype != tb->datatype)
            out.push_back(kind + " '" + ta.name + "' datatype " + ta.datatype + " vs "
                          + tb->datatype);
        if (ta.shape != tb->shape)
            out.push_back(kind + " '" + ta.name + "' shape " + shapeText(ta.shape) + " vs "
                          + shapeText(tb->shape));
        if (ta.features != tb->features)
            out.push_back(kind + " '" + ta.name + "' feature names differ");
        if (ta.classes != tb->classes)
            out.push_back(kind + " '" + ta.name + "' class labels differ");
    }
    for (const auto &tb : b) {
        bool found = false;
        for (const auto &t : a)
            found = found || t.name == tb.name;
        if (!found)
            out.push_back(kind + " '" + tb.name + "' is only in the second");
    }
}

} // namespace

bool isKnownDatatype(std::string_view d)
{
    static const std::set<std::string_view> kTypes = {"BOOL", "UINT8", "UINT16", "UINT32", "UINT64",
                                                      "INT8", "INT16", "INT32",  "INT64",  "FP16",
                                                      "FP32", "FP64",  "BYTES"};
    return kTypes.count(d) > 0;
}

Result<Signature> signatureFromJson(const Json &json, const std::string &source)
{
    if (!json.is_object())
        return Error(ErrorCode::InvalidArgument,
                     source + ": a signature must be a JSON object with 'inputs' and 'outputs'");
    for (const auto &[key, value] : json.items()) {
        (void) value;
        if (key != "inputs" && key != "outputs")
            return fieldError(source, key, "is not a known field (expected 'inputs' and 'outputs')");
    }
    Signature s;
    auto inputs = readTensors(json, source, "inputs", true);
    if (!inputs)
        return inputs.error();
    auto outputs = readTensors(json, source, "outputs", false);
    if (!outputs)
        return outputs.error();
    s.inputs = std::move(*inputs);
    s.outputs = std::move(*outputs);
    return s;
}

Result<Signature> parseSignature(std::string_view text, const std::string &source)
{
    if (text.size() > (8u << 20))
        return Error(ErrorCode::InvalidArgument,
                     source + " is larger than the 8 MiB limit for signatures");
    auto json = parseJson(text, source);
    if (!json)
        return json.error();
    return signatureFromJson(*json, source);
}

Json signatureToJson(const Signature &s)
{
    Json in = Json::array();
    Json out = Json::array();
    for (const auto &t : s.inputs)
        in.push_back(tensorToJson(t));
    for (const auto &t : s.outputs)
        out.push_back(tensorToJson(t));
    return Json{{"inputs", in}, {"outputs", out}};
}

std::vector<std::string> signatureDifferences(const Signature &a, const Signature &b)
{
    std::vector<std::string> out;
    diffTensors(a.inputs, b.inputs, "input", out);
    diffTensors(a.outputs, b.outputs, "output", out);
    return out;
}

} // namespace mdeck
