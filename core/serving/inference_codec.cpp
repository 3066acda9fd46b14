#include "core/serving/inference_codec.h"

#include "core/common/json.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace mdeck::serving {

namespace {

Error bad(std::string message)
{
    return Error(ErrorCode::InvalidArgument, std::move(message));
}

// Nesting depth of a JSON text, strings skipped; stops counting past `limit`.
std::size_t nestingDepth(std::string_view text, std::size_t limit)
{
    std::size_t depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > limit)
                return deepest;
        } else if ((c == ']' || c == '}') && depth > 0)
            --depth;
    }
    return deepest;
}

bool isNumericType(const std::string &t)
{
    return t == "FP32" || t == "FP64" || t == "FP16" || t == "INT8" || t == "INT16" || t == "INT32"
        || t == "INT64" || t == "UINT8" || t == "UINT16" || t == "UINT32" || t == "UINT64";
}

// Collects the leaves of (possibly nested) `data` in row-major order, at most
// `expected` of them; more is an error, as is nesting deeper than the shape.
Result<void> flatten(const Json &data, std::size_t maxDepth, std::size_t expected,
                     const std::string &field, std::vector<const Json *> &out,
                     std::size_t depth = 0)
{
    if (!data.is_array()) {
        out.push_back(&data);
        return success();
    }
    if (depth >= maxDepth)
        return bad(field + ": nested deeper than the shape's " + std::to_string(maxDepth)
                   + " dimensions");
    for (const Json &item : data) {
        if (out.size() >= expected && !item.is_array())
            return bad(field + ": more values than the shape's " + std::to_string(expected));
        MDECK_TRY(flatten(item, maxDepth, expected, field, out, depth + 1));
    }
    return success();
}

Result<std::vector<std::uint64_t>> readShape(const Json &input, const std::string &field)
{
    auto it = input.find("shape");
    if (it == input.end())
        return bad(field + ".shape: missing");
    if (!it->is_array() || it->empty())
        return bad(field + ".shape: must be a non-empty array of integers");
    std::vector<std::uint64_t> shape;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json &d = (*it)[i];
        if (!d.is_number_integer()
            || (d.is_number_integer() && !d.is_number_unsigned() && d.get<std::int64_t>() < 0))
            return bad(field + ".shape[" + std::to_string(i) + "]: must be an integer >= 0");
        shape.push_back(d.get<std::uint64_t>());
    }
    return shape;
}

Result<std::string> readString(const Json &object, const char *key, const std::string &field)
{
    auto it = object.find(key);
    if (it == object.end())
        return bad(field + "." + key + ": missing");
    if (!it->is_string())
        return bad(field + "." + key + ": must be a string");
    return it->get<std::string>();
}

// Whether the model takes one input per feature ([-1] tensors) rather than one matrix.
bool perFeature(const training::LoadedModel &model)
{
    const auto &in = model.version().signature.inputs;
    return in.size() > 1 || (in.size() == 1 && in[0].shape.size() == 1);
}

Result<void> checkRows(std::uint64_t rows, const CodecLimits &limits, const std::string &field)
{
    if (rows == 0)
        return bad(field + ": the batch has no rows");
    if (rows > limits.maxBatchRows)
        return bad(field + ": " + std::to_string(rows) + " rows exceed the limit of "
                   + std::to_string(limits.maxBatchRows) + " per request");
    return success();
}

// One value as the text a CSV field would hold; false when its type is wrong.
bool valueText(const Json &v, std::string &text)
{
    text.clear();
    if (v.is_null())
        return true; // missing: the model's imputation decides
    if (v.is_string()) {
        text = v.get_ref<const std::string &>();
        return true;
    }
    if (v.is_number()) {
        const double d = v.get<double>();
        if (!std::isfinite(d))
            return false;
        appendNumber(text, d);
        return true;
    }
    if (v.is_boolean()) {
        text = v.get<bool>() ? "1" : "0";
        return true;
    }
    return false;
}

// The name, datatype and shape of a matrix model's one input, checked; the rows.
Result<std::size_t> checkMatrixHeader(const training::LoadedModel &model, const std::string &name,
                                      const std::string &type,
                                      const std::vector<std::uint64_t> &shape,
                                      const CodecLimits &limits, const std::string &field)
{
    const TensorSpec &spec = model.version().signature.inputs.at(0);
    if (name != spec.name)
        return bad(field + ".name: unknown input '" + name.substr(0, 64) + "'; expected '"
                   + spec.name + "'");
    if (!isNumericType(type) || type == "FP16")
        return bad(field + ".datatype: '" + type.substr(0, 16)
                   + "' cannot carry this model's FP32 values; use FP32 or FP64");
    const std::size_t width = model.features().size();
    if (shape.size() != 2 || shape[1] != width)
        return bad(field + ".shape: must be [rows, " + std::to_string(width) + "]");
    MDECK_TRY(checkRows(shape[0], limits, field + ".shape"));
    return static_cast<std::size_t>(shape[0]);
}

// Where each value's text lies in the request body, for logging a row as it
// was sent instead of formatting its numbers again.
struct ValueSpans
{
    std::string_view body;
    const std::size_t *starts = nullptr, *ends = nullptr;
};

// Encodes rows x width values (NaN where the request held no number).
Result<void> fillMatrix(const training::LoadedModel &model, std::size_t rows, const double *values,
                        bool keepRaw, const std::string &field, DecodedRequest &out,
                        const ValueSpans *spans = nullptr)
{
    const std::size_t width = model.features().size();
    out.rows = rows;
    out.input.resize(rows * model.inputWidth());
    if (keepRaw)
        out.rawRows.resize(rows);
    std::vector<std::string> text(model.package() ? width : 0);
    std::vector<std::string_view> fields(text.size());
    for (std::size_t r = 0; r < rows; ++r) {
        std::string *raw = keepRaw ? &out.rawRows[r] : nullptr;
        if (raw && spans && width > 0) {
            // The row's values as sent, unless they cross a nested array.
            const std::size_t from = spans->starts[r * width];
            const std::string_view sent = spans->body.substr(from,
                                                             spans->ends[r * width + width - 1]
                                                                 - from);
            if (sent.find('[') == std::string_view::npos
                && sent.find(']') == std::string_view::npos) {
                raw->reserve(sent.size() + 2);
                raw->push_back('[');
                raw->append(sent);
                raw->push_back(']');
                raw = nullptr;
            }
        }
        if (raw)
            raw->push_back('[');
        for (std::size_t c = 0; c < width; ++c) {
            const double d = values[r * width + c];
            if (!std::isfinite(d) || std::fabs(d) > std::numeric_limits<float>::max())
                return bad(field + ".data[" + std::to_string(r * width + c)
                           + "]: must be a finite number within FP32 range");
            if (raw) {
                if (c)
                    raw->push_back(',');
                appendNumber(*raw, d);
            }
            if (model.package()) {
                text[c].clear();
                appendNumber(text[c], d);
                fields[c] = text[c];
            } else {
                out.input[r * width + c] = static_cast<float>(d);
            }
        }
        if (raw)
            raw->push_back(']');
        if (model.package())
            if (auto ok = model.encode(fields, &out.input[r * model.inputWidth()]); !ok)
                return bad(field + ".data: row " + std::to_string(r) + ": " + ok.error().message);
    }
    return success();
}

Result<void> decodeMatrix(const Json &inputs, const training::LoadedModel &model,
                          const CodecLimits &limits, bool keepRaw, DecodedRequest &out)
{
    const TensorSpec &spec = model.version().signature.inputs.at(0);
    if (inputs.size() != 1)
        return bad("inputs: this model takes one input '" + spec.name + "', got "
                   + std::to_string(inputs.size()));
    const Json &in = inputs[0];
    const std::string field = "inputs[0]";
    if (!in.is_object())
        return bad(field + ": must be an object");
    auto name = readString(in, "name", field);
    if (!name)
        return name.error();
    auto type = readString(in, "datatype", field);
    if (!type)
        return type.error();
    auto shape = readShape(in, field);
    if (!shape)
        return shape.error();
    auto rows = checkMatrixHeader(model, *name, *type, *shape, limits, field);
    if (!rows)
        return rows.error();
    const std::size_t width = model.features().size(), expected = *rows * width;
    auto data = in.find("data");
    if (data == in.end())
        return bad(field + ".data: missing");
    std::vector<const Json *> leaves;
    leaves.reserve(expected);
    MDECK_TRY(flatten(*data, 2, expected, field + ".data", leaves));
    if (leaves.size() != expected)
        return bad(field + ".data: " + std::to_string(leaves.size()) + " values, but shape ["
                   + std::to_string(*rows) + ", " + std::to_string(width) + "] needs "
                   + std::to_string(expected));
    std::vector<double> values(expected);
    for (std::size_t i = 0; i < expected; ++i)
        values[i] = leaves[i]->is_number() ? leaves[i]->get<double>() : std::nan("");
    return fillMatrix(model, *rows, values.data(), keepRaw, field, out);
}

// A reader for the common request, one matrix input of plain numbers, that
// skips building a JSON tree. It accepts only JSON that parseJson accepts
// and reads the same values; on anything else (an escape or non-ASCII byte
// in a string, a duplicate key, a wrong type, deep nesting) it gives up, and
// the full path decides, so every error reads the same either way.
class FastReader
{
public:
    struct Body
    {
        std::string_view id;
        bool hasId = false;
        std::vector<std::string_view> outputs;
        std::size_t inputs = 0;
        std::string_view name, datatype;
        std::vector<std::uint64_t> shape;
        std::vector<double> values;
        std::vector<std::size_t> starts, ends; // of each value's text in the body
    };

    explicit FastReader(std::string_view text)
        : m_t(text)
    {}

    bool read(Body &b)
    {
        bool haveInputs = false, haveOutputs = false, haveParameters = false;
        if (!object([&](std::string_view key) {
                if (key == "id")
                    return once(b.hasId) && string(b.id);
                if (key == "inputs")
                    return once(haveInputs) && array([&] { return ++b.inputs == 1 && input(b); });
                if (key == "outputs")
                    return once(haveOutputs) && array([&] { return output(b); });
                if (key == "parameters")
                    return once(haveParameters) && peek('{') && skip(0);
                return skip(0);
            }))
            return false;
        ws();
        return m_p == m_t.size() && b.inputs == 1;
    }

private:
    static bool once(bool &seen) { return !std::exchange(seen, true); }
    void ws()
    {
        while (m_p < m_t.size()
               && (m_t[m_p] == ' ' || m_t[m_p] == '\n' || m_t[m_p] == '\r' || m_t[m_p] == '\t'))
            ++m_p;
    }
    bool peek(char c)
    {
        ws();
        return m_p < m_t.size() && m_t[m_p] == c;
    }
    bool take(char c)
    {
        if (!peek(c))
            return false;
        ++m_p;
        return true;
    }
    bool string(std::string_view &out)
    {
        if (!take('"'))
            return false;
        const std::size_t start = m_p;
        for (; m_p < m_t.size(); ++m_p) {
            const auto c = static_cast<unsigned char>(m_t[m_p]);
            if (c == '"') {
                out = m_t.substr(start, m_p++ - start);
                return true;
            }
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return false;
        }
        return false;
    }
    // A JSON number; integers read as nlohmann does (so -0 is 0).
    bool number(double &out)
    {
        ws();
        const std::size_t start = m_p;
        auto digits = [&] {
            const std::size_t from = m_p;
            while (m_p < m_t.size() && m_t[m_p] >= '0' && m_t[m_p] <= '9')
                ++m_p;
            return m_p - from;
        };
        if (m_p < m_t.size() && m_t[m_p] == '-')
            ++m_p;
        const std::size_t intStart = m_p;
        const std::size_t n = digits();
        if (n == 0 || (n > 1 && m_t[intStart] == '0'))
            return false;
        bool integer = true;
        if (m_p < m_t.size() && m_t[m_p] == '.') {
            ++m_p;
            integer = false;
            if (digits() == 0)
                return false;
        }
        if (m_p < m_t.size() && (m_t[m_p] == 'e' || m_t[m_p] == 'E')) {
            ++m_p;
            integer = false;
            if (m_p < m_t.size() && (m_t[m_p] == '+' || m_t[m_p] == '-'))
                ++m_p;
            if (digits() == 0)
                return false;
        }
        const auto [end, ec] = std::from_chars(m_t.data() + start, m_t.data() + m_p, out);
        if (ec != std::errc() || end != m_t.data() + m_p)
            return false;
        if (integer && out == 0)
            out = 0.0;
        return true;
    }
    template<typename Member>
    bool object(Member member)
    {
        if (!take('{'))
            return false;
        if (take('}'))
            return true;
        do {
            std::string_view key;
            if (!string(key) || !take(':') || !member(key))
                return false;
        } while (take(','));
        return take('}');
    }
    template<typename Element>
    bool array(Element element)
    {
        if (!take('['))
            return false;
        if (take(']'))
            return true;
        do {
            if (!element())
                return false;
        } while (take(','));
        return take(']');
    }
    bool skip(int depth)
    {
        if (depth > 8)
            return false;
        ws();
        if (m_p >= m_t.size())
            return false;
        const char c = m_t[m_p];
        if (c == '{')
            return object([&](std::string_view) { return skip(depth + 1); });
        if (c == '[')
            return array([&] { return skip(depth + 1); });
        if (c == '"') {
            std::string_view ignored;
            return string(ignored);
        }
        for (const std::string_view word : {"true", "false", "null"})
            if (m_t.substr(m_p, word.size()) == word) {
                m_p += word.size();
                return true;
            }
        double ignored;
        return number(ignored);
    }
    bool input(Body &b)
    {
        bool name = false, type = false, shape = false, data = false, parameters = false;
        return object([&](std::string_view key) {
                   if (key == "name")
                       return once(name) && string(b.name);
                   if (key == "datatype")
                       return once(type) && string(b.datatype);
                   if (key == "shape")
                       return once(shape) && array([&] {
                                  double d;
                                  const std::size_t start = (ws(), m_p);
                                  if (!number(d) || m_t[start] == '-' || d > 1e15
                                      || d != std::floor(d)
                                      || m_t.substr(start, m_p - start).find_first_of(".eE")
                                          != std::string_view::npos)
                                      return false;
                                  b.shape.push_back(static_cast<std::uint64_t>(d));
                                  return true;
                              });
                   if (key == "data") {
                       // Flat values, or rows of values (one level of nesting).
                       auto value = [&] {
                           double d;
                           const std::size_t start = (ws(), m_p);
                           if (!number(d))
                               return false;
                           b.values.push_back(d);
                           b.starts.push_back(start);
                           b.ends.push_back(m_p);
                           return true;
                       };
                       return once(data)
                           && array([&] { return peek('[') ? array(value) : value(); });
                   }
                   if (key == "parameters")
                       return once(parameters) && peek('{') && skip(0);
                   return skip(0);
               })
            && name && type && shape && data;
    }
    bool output(Body &b)
    {
        bool name = false;
        std::string_view value;
        return object([&](std::string_view key) {
                   if (key == "name")
                       return once(name) && string(value);
                   return skip(0);
               })
            && name && (b.outputs.push_back(value), true);
    }

    std::string_view m_t;
    std::size_t m_p = 0;
};

// The outputs a request names, each checked against what the model serves.
Result<void> addOutput(const std::vector<TensorSpec> &served, const std::string &name,
                       const std::string &field, DecodedRequest &out)
{
    bool known = false;
    for (const auto &s : served)
        known = known || s.name == name;
    if (!known)
        return bad(field + ".name: unknown output '" + name.substr(0, 64) + "'");
    out.outputs.push_back(name);
    return success();
}

// The id a request carries, checked.
Result<void> setId(std::string id, DecodedRequest &out)
{
    if (id.size() > 256)
        return bad("id: longer than 256 characters");
    out.id = std::move(id);
    return success();
}

// The fast path; nullopt when the full path must decide.
std::optional<DecodedRequest> decodeFast(std::string_view body, const training::LoadedModel &model,
                                         const CodecLimits &limits, bool keepRaw)
{
    FastReader::Body b;
    if (!FastReader(body).read(b))
        return std::nullopt;
    DecodedRequest out;
    if (b.hasId && !setId(std::string(b.id), out))
        return std::nullopt;
    if (!b.outputs.empty()) {
        const auto served = servedOutputs(model);
        for (const auto name : b.outputs)
            if (!addOutput(served, std::string(name), "outputs[]", out))
                return std::nullopt;
    }
    const std::string field = "inputs[0]";
    const ValueSpans spans{body, b.starts.data(), b.ends.data()};
    auto rows = checkMatrixHeader(model, std::string(b.name), std::string(b.datatype), b.shape,
                                  limits, field);
    if (!rows || b.values.size() != *rows * model.features().size()
        || !fillMatrix(model, *rows, b.values.data(), keepRaw, field, out, &spans))
        return std::nullopt;
    return out;
}

Result<void> decodeColumns(const Json &inputs, const training::LoadedModel &model,
                           const CodecLimits &limits, bool keepRaw, DecodedRequest &out)
{
    const auto &specs = model.version().signature.inputs;
    std::vector<std::vector<const Json *>> columns(specs.size());
    std::vector<bool> seen(specs.size(), false);
    std::uint64_t rows = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const Json &in = inputs[i];
        const std::string field = "inputs[" + std::to_string(i) + "]";
        if (!in.is_object())
            return bad(field + ": must be an object");
        auto name = readString(in, "name", field);
        if (!name)
            return name.error();
        std::size_t k = 0;
        while (k < specs.size() && specs[k].name != *name)
            ++k;
        if (k == specs.size())
            return bad(field + ".name: unknown input '" + name->substr(0, 64) + "'");
        if (seen[k])
            return bad(field + ".name: input '" + *name + "' given twice");
        seen[k] = true;
        auto type = readString(in, "datatype", field);
        if (!type)
            return type.error();
        const bool text = specs[k].datatype == "BYTES";
        if (text ? *type != "BYTES" : !isNumericType(*type))
            return bad(field + ".datatype: '" + type->substr(0, 16) + "' does not fit input '"
                       + *name + "' (" + specs[k].datatype + ")");
        auto shape = readShape(in, field);
        if (!shape)
            return shape.error();
        if (shape->size() > 2 || (shape->size() == 2 && (*shape)[1] != 1))
            return bad(field + ".shape: must be [rows] or [rows, 1]");
        MDECK_TRY(checkRows((*shape)[0], limits, field + ".shape"));
        if (rows != 0 && (*shape)[0] != rows)
            return bad(field + ".shape: " + std::to_string((*shape)[0])
                       + " rows, but other inputs have " + std::to_string(rows));
        rows = (*shape)[0];
        auto data = in.find("data");
        if (data == in.end())
            return bad(field + ".data: missing");
        MDECK_TRY(flatten(*data, shape->size(), rows, field + ".data", columns[k]));
        if (columns[k].size() != rows)
            return bad(field + ".data: " + std::to_string(columns[k].size())
                       + " values, but the shape needs " + std::to_string(rows));
    }
    for (std::size_t k = 0; k < specs.size(); ++k)
        if (!seen[k])
            return bad("inputs: missing input '" + specs[k].name + "'");
    out.rows = rows;
    out.input.resize(rows * model.inputWidth());
    if (keepRaw)
        out.rawRows.resize(rows);
    std::vector<std::string> text(specs.size());
    std::vector<std::string_view> fields(specs.size());
    for (std::size_t r = 0; r < rows; ++r) {
        std::string *raw = keepRaw ? &out.rawRows[r] : nullptr;
        if (raw)
            raw->push_back('[');
        for (std::size_t k = 0; k < specs.size(); ++k) {
            const Json &v = *columns[k][r];
            if (!valueText(v, text[k]))
                return bad("inputs: '" + specs[k].name + "' row " + std::to_string(r)
                           + ": must be a string, a finite number or null");
            fields[k] = text[k];
            if (raw) {
                if (k)
                    raw->push_back(',');
                if (v.is_null())
                    raw->append("null");
                else if (v.is_string())
                    appendJsonString(*raw, text[k]);
                else
                    raw->append(text[k]);
            }
        }
        if (raw)
            raw->push_back(']');
        if (auto ok = model.encode(fields, &out.input[r * model.inputWidth()]); !ok)
            return bad("inputs: row " + std::to_string(r) + ": " + ok.error().message);
    }
    return success();
}

} // namespace

bool isClassifier(const training::LoadedModel &model)
{
    return !model.classes().empty() && model.classes().size() == model.outputWidth();
}

std::vector<TensorSpec> servedOutputs(const training::LoadedModel &model)
{
    std::vector<TensorSpec> out;
    const auto &sig = model.version().signature.outputs;
    TensorSpec main = sig.empty() ? TensorSpec{} : sig[0];
    if (main.name.empty())
        main.name = isClassifier(model) ? "probabilities" : "prediction";
    main.datatype = "FP32";
    main.shape = {-1, static_cast<std::int64_t>(model.outputWidth())};
    out.push_back(main);
    if (isClassifier(model))
        out.push_back({kLabelOutput, "BYTES", {-1, 1}, {}, model.classes()});
    return out;
}

Result<DecodedRequest> decodeInferRequest(std::string_view body, const training::LoadedModel &model,
                                          const CodecLimits &limits, bool keepRawRows)
{
    if (limits.fastPath && !perFeature(model))
        if (auto fast = decodeFast(body, model, limits, keepRawRows))
            return std::move(*fast);
    if (nestingDepth(body, limits.maxNesting) > limits.maxNesting)
        return bad("request body: JSON nested deeper than " + std::to_string(limits.maxNesting)
                   + " levels");
    Result<Json> parsed = Json();
    try {
        parsed = parseJson(body, "request body");
    } catch (const std::exception &e) { // e.g. a number beyond double's range
        return bad(std::string("request body: invalid JSON: ") + e.what());
    }
    if (!parsed)
        return bad(parsed.error().message);
    const Json &j = *parsed;
    if (!j.is_object())
        return bad("request body: must be a JSON object");
    DecodedRequest out;
    if (auto id = j.find("id"); id != j.end()) {
        if (!id->is_string())
            return bad("id: must be a string");
        MDECK_TRY(setId(id->get<std::string>(), out));
    }
    if (auto p = j.find("parameters"); p != j.end() && !p->is_object())
        return bad("parameters: must be an object");
    if (auto o = j.find("outputs"); o != j.end()) {
        if (!o->is_array())
            return bad("outputs: must be an array");
        const auto served = servedOutputs(model);
        for (std::size_t i = 0; i < o->size(); ++i) {
            const std::string field = "outputs[" + std::to_string(i) + "]";
            if (!(*o)[i].is_object())
                return bad(field + ": must be an object");
            auto name = readString((*o)[i], "name", field);
            if (!name)
                return name.error();
            MDECK_TRY(addOutput(served, *name, field, out));
        }
    }
    auto inputs = j.find("inputs");
    if (inputs == j.end())
        return bad("inputs: missing");
    if (!inputs->is_array() || inputs->empty())
        return bad("inputs: must be a non-empty array");
    if (perFeature(model))
        MDECK_TRY(decodeColumns(*inputs, model, limits, keepRawRows, out));
    else
        MDECK_TRY(decodeMatrix(*inputs, model, limits, keepRawRows, out));
    return out;
}

int predictedClass(const training::LoadedModel &model, const float *row)
{
    if (!isClassifier(model))
        return -1;
    int best = 0;
    for (std::size_t c = 1; c < model.outputWidth(); ++c)
        if (row[c] > row[best])
            best = static_cast<int>(c);
    return best;
}

std::string encodeInferResponse(const training::LoadedModel &model, const std::string &deployment,
                                const std::string &id, const std::vector<std::string> &outputs,
                                const float *output, std::size_t rows)
{
    const std::size_t width = model.outputWidth();
    const auto served = servedOutputs(model);
    auto wanted = [&](const std::string &name) {
        if (outputs.empty())
            return true;
        for (const auto &o : outputs)
            if (o == name)
                return true;
        return false;
    };
    std::string s;
    s.reserve(128 + rows * width * 14);
    s += "{\"model_name\":";
    appendJsonString(s, deployment);
    s += ",\"model_version\":\"" + std::to_string(model.version().version) + "\",\"id\":";
    appendJsonString(s, id);
    s += ",\"outputs\":[";
    bool first = true;
    if (wanted(served[0].name)) {
        first = false;
        s += "{\"name\":";
        appendJsonString(s, served[0].name);
        s += ",\"datatype\":\"FP32\",\"shape\":[" + std::to_string(rows) + ","
            + std::to_string(width) + "],\"data\":[";
        for (std::size_t i = 0; i < rows * width; ++i) {
            if (i)
                s.push_back(',');
            appendNumber(s, output[i]);
        }
        s += "]}";
    }
    if (served.size() > 1 && wanted(kLabelOutput)) {
        if (!first)
            s.push_back(',');
        s += "{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[" + std::to_string(rows)
            + ",1],\"data\":[";
        for (std::size_t r = 0; r < rows; ++r) {
            if (r)
                s.push_back(',');
            appendJsonString(s, model.classes()[predictedClass(model, output + r * width)]);
        }
        s += "]}";
    }
    s += "]}";
    return s;
}

void appendOutputRowJson(std::string &out, const float *row, std::size_t width)
{
    out.push_back('[');
    for (std::size_t c = 0; c < width; ++c) {
        if (c)
            out.push_back(',');
        appendNumber(out, row[c]);
    }
    out.push_back(']');
}

void appendJsonString(std::string &out, std::string_view text)
{
    static const char *kHex = "0123456789abcdef";
    out.push_back('"');
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20) {
            out += "\\u00";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
}

void appendNumber(std::string &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, ec == std::errc() ? end : buf);
}

void appendNumber(std::string &out, float value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, ec == std::errc() ? end : buf);
}

} // namespace mdeck::serving
