#include "core/data/preprocessor.h"

#include "core/data/csv_reader.h"
#include "core/data/json_fields_p.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

namespace mdeck::data {

namespace {

constexpr int kFormatVersion = 1;
constexpr const char *kUnknown = "<unknown>";

bool isNumberLike(ColumnType t)
{
    return t != ColumnType::Categorical;
}

// numpy.median: the middle value, or the mean of the two middle values.
double median(std::vector<double> v)
{
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = v[mid];
    if (v.size() % 2 == 1)
        return upper;
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lower + upper) / 2;
}

// Both transform paths go through these two functions, so a value read by
// the CSV reader and the same text given to transformText give the same float.
float standardise(const FeatureSpec &f, double v)
{
    if (std::isnan(v))
        v = f.median;
    return static_cast<float>((v - f.mean) / f.scale);
}

// Slot of `value` among the one-hot slots of f: its category, or the last
// ("unknown") slot.
std::size_t slotOf(const FeatureSpec &f, std::string_view value)
{
    const auto it = std::lower_bound(f.categories.begin(), f.categories.end(), value,
                                     [](const std::string &a, std::string_view b) { return a < b; });
    return it != f.categories.end() && *it == value
        ? static_cast<std::size_t>(it - f.categories.begin())
        : f.categories.size();
}

std::size_t featureWidth(const FeatureSpec &f)
{
    return isNumberLike(f.type) ? 1 : f.categories.size() + 1;
}

// Column lookup by name for wide tables (Table::column is a linear search).
class ColumnIndex
{
public:
    explicit ColumnIndex(const Table &table)
    {
        m_index.reserve(table.columns.size());
        for (const Column &c : table.columns)
            m_index.emplace(c.name, &c);
    }
    const Column *find(const std::string &name) const
    {
        const auto it = m_index.find(name);
        return it == m_index.end() ? nullptr : it->second;
    }

private:
    std::unordered_map<std::string_view, const Column *> m_index;
};

bool compatible(ColumnType model, ColumnType data)
{
    const auto numeric = [](ColumnType t) {
        return t == ColumnType::Numeric || t == ColumnType::Boolean;
    };
    return model == data || (numeric(model) && numeric(data));
}

FeatureSpec fitFeature(const Column &col, const std::vector<std::size_t> &rows)
{
    FeatureSpec f;
    f.name = col.name;
    f.type = col.type;
    if (col.type == ColumnType::Categorical) {
        std::vector<std::uint64_t> counts(col.categories.size(), 0);
        for (const std::size_t r : rows) {
            if (col.codes[r] >= 0)
                ++counts[static_cast<std::size_t>(col.codes[r])];
        }
        const std::string *best = nullptr;
        std::uint64_t bestCount = 0;
        for (std::size_t c = 0; c < counts.size(); ++c) {
            if (counts[c] == 0)
                continue;
            f.categories.push_back(col.categories[c]);
            if (counts[c] > bestCount || (counts[c] == bestCount && col.categories[c] < *best)) {
                best = &col.categories[c];
                bestCount = counts[c];
            }
        }
        std::sort(f.categories.begin(), f.categories.end());
        if (best)
            f.mostFrequent = *best;
        return f;
    }
    std::vector<double> values;
    values.reserve(rows.size());
    for (const std::size_t r : rows) {
        if (!std::isnan(col.numbers[r]))
            values.push_back(col.numbers[r]);
    }
    if (values.empty())
        return f; // median 0, mean 0, scale 1: every value becomes 0
    f.median = median(values);
    double sum = 0;
    for (const double v : values)
        sum += v;
    f.mean = sum / static_cast<double>(values.size());
    double squares = 0;
    for (const double v : values)
        squares += (v - f.mean) * (v - f.mean);
    // Population standard deviation, as scikit-learn's StandardScaler.
    const double sd = std::sqrt(squares / static_cast<double>(values.size()));
    f.scale = sd > 0 && std::isfinite(sd) ? sd : 1.0;
    return f;
}

} // namespace

Result<Preprocessor> Preprocessor::fit(const Table &table, const std::vector<std::string> &features,
                                       const std::vector<std::size_t> &trainRows)
{
    if (features.empty())
        return Error(ErrorCode::InvalidArgument, "a preprocessor needs at least one feature");
    if (trainRows.empty())
        return Error(ErrorCode::InvalidArgument,
                     "a preprocessor needs at least one training row; " + table.source
                         + " gave none");
    for (const std::size_t r : trainRows) {
        if (r >= table.rows)
            return Error(ErrorCode::InvalidArgument,
                         "training row " + std::to_string(r) + " is outside " + table.source + " ("
                             + std::to_string(table.rows) + " rows)");
    }
    Preprocessor p;
    std::set<std::string> seen;
    const ColumnIndex columns(table);
    for (const std::string &name : features) {
        if (!seen.insert(name).second)
            return Error(ErrorCode::InvalidArgument, "feature '" + name + "' is listed twice");
        const Column *col = columns.find(name);
        if (!col)
            return Error(ErrorCode::InvalidArgument,
                         table.source + " has no column '" + name + "' to use as a feature");
        p.m_features.push_back(fitFeature(*col, trainRows));
        p.m_width += featureWidth(p.m_features.back());
    }
    return p;
}

std::vector<std::string> Preprocessor::outputNames() const
{
    std::vector<std::string> names;
    names.reserve(m_width);
    for (const FeatureSpec &f : m_features) {
        if (isNumberLike(f.type)) {
            names.push_back(f.name);
            continue;
        }
        for (const std::string &c : f.categories)
            names.push_back(f.name + "=" + c);
        names.push_back(f.name + "=" + kUnknown);
    }
    return names;
}

Result<void> Preprocessor::transform(const Table &table, const std::vector<std::size_t> &rows,
                                     std::vector<float> &out) const
{
    out.assign(rows.size() * m_width, 0.0f);
    for (const std::size_t r : rows) {
        if (r >= table.rows)
            return Error(ErrorCode::InvalidArgument,
                         "row " + std::to_string(r) + " is outside " + table.source + " ("
                             + std::to_string(table.rows) + " rows)");
    }
    std::size_t offset = 0;
    const ColumnIndex columns(table);
    for (const FeatureSpec &f : m_features) {
        const Column *col = columns.find(f.name);
        if (!col)
            return Error(ErrorCode::InvalidArgument,
                         table.source + " has no column '" + f.name + "', a feature of the model");
        if (!compatible(f.type, col->type))
            return Error(ErrorCode::InvalidArgument,
                         "feature '" + f.name + "' is " + columnTypeName(col->type) + " in "
                             + table.source + " but the model was fitted on "
                             + columnTypeName(f.type) + " values");
        if (isNumberLike(f.type)) {
            for (std::size_t i = 0; i < rows.size(); ++i)
                out[i * m_width + offset] = standardise(f, col->numbers[rows[i]]);
        } else {
            // Each of this table's codes mapped once to a slot of the model.
            std::vector<std::size_t> slots(col->categories.size());
            for (std::size_t c = 0; c < slots.size(); ++c)
                slots[c] = slotOf(f, col->categories[c]);
            const std::size_t missingSlot = slotOf(f, f.mostFrequent);
            for (std::size_t i = 0; i < rows.size(); ++i) {
                const std::int32_t code = col->codes[rows[i]];
                const std::size_t slot = code < 0 ? missingSlot
                                                  : slots[static_cast<std::size_t>(code)];
                out[i * m_width + offset + slot] = 1.0f;
            }
        }
        offset += featureWidth(f);
    }
    return success();
}

Result<void> Preprocessor::transformText(const std::vector<std::string_view> &fields,
                                         float *out) const
{
    if (fields.size() != m_features.size())
        return Error(ErrorCode::InvalidArgument,
                     "a record needs " + std::to_string(m_features.size())
                         + " fields, one per feature; it has " + std::to_string(fields.size()));
    std::fill(out, out + m_width, 0.0f);
    std::size_t offset = 0;
    for (std::size_t k = 0; k < m_features.size(); ++k) {
        const FeatureSpec &f = m_features[k];
        const std::string_view text = fields[k];
        if (f.type == ColumnType::Categorical) {
            out[offset + slotOf(f, isMissingToken(text) ? std::string_view(f.mostFrequent) : text)]
                = 1.0f;
            offset += f.categories.size() + 1;
            continue;
        }
        std::optional<double> v = kMissing;
        if (!isMissingToken(text)) {
            v = f.type == ColumnType::Numeric   ? parseNumber(text)
                : f.type == ColumnType::Boolean ? parseBoolean(text)
                                                : parseDatetime(text);
        }
        if (!v) {
            const char *expected = f.type == ColumnType::Numeric ? "a finite number"
                : f.type == ColumnType::Boolean ? "a boolean (true/false, yes/no, 1/0)"
                                                : "an ISO 8601 date or date-time";
            std::string shown(text.substr(0, 60));
            return Error(ErrorCode::InvalidArgument,
                         "feature '" + f.name + "': value '" + shown + "' is not " + expected);
        }
        out[offset++] = standardise(f, *v);
    }
    return success();
}

Json Preprocessor::toJson() const
{
    Json features = Json::array();
    for (const FeatureSpec &f : m_features) {
        Json j = {{"name", f.name}, {"type", columnTypeName(f.type)}};
        if (isNumberLike(f.type)) {
            j["median"] = f.median;
            j["mean"] = f.mean;
            j["scale"] = f.scale;
        } else {
            j["categories"] = f.categories;
            j["mostFrequent"] = f.mostFrequent;
        }
        features.push_back(std::move(j));
    }
    return {{"version", kFormatVersion}, {"width", m_width}, {"features", std::move(features)}};
}

Result<Preprocessor> Preprocessor::fromJson(const Json &json, const std::string &source)
{
    detail::FieldReader r(source);
    if (!json.is_object())
        return Error(ErrorCode::InvalidArgument, source + ": a preprocessor must be a JSON object");
    if (const auto version = r.count(json, "", "version"); !r.error() && version != kFormatVersion)
        r.fail("version",
               std::to_string(version) + " is not supported (this build reads version "
                   + std::to_string(kFormatVersion) + ")");
    const std::uint64_t width = r.count(json, "", "width");
    const Json *features = r.member(json, "", "features");
    if (features && (!features->is_array() || features->empty()))
        r.fail("features", "must be a non-empty array");
    if (r.error())
        return *r.error();
    Preprocessor p;
    std::set<std::string> names;
    for (std::size_t i = 0; i < features->size() && !r.error(); ++i) {
        const std::string at = "features[" + std::to_string(i) + "]";
        const Json &j = (*features)[i];
        if (!j.is_object()) {
            r.fail(at, "must be an object");
            break;
        }
        FeatureSpec f;
        f.name = r.text(j, at, "name");
        if (!r.error() && (f.name.empty() || !names.insert(f.name).second))
            r.fail(at + ".name", f.name.empty() ? "must not be empty" : "repeats '" + f.name + "'");
        const auto type = parseColumnType(r.text(j, at, "type"));
        if (!type) {
            r.fail(at + ".type", "is not a column type: " + type.error().message);
            break;
        }
        f.type = *type;
        if (isNumberLike(f.type)) {
            f.median = r.number(j, at, "median");
            f.mean = r.number(j, at, "mean");
            f.scale = r.number(j, at, "scale");
            if (!r.error() && !(f.scale > 0))
                r.fail(at + ".scale", "must be greater than 0");
        } else {
            const Json *cats = r.member(j, at, "categories");
            if (cats && !cats->is_array())
                r.fail(at + ".categories", "must be an array of strings");
            for (std::size_t c = 0; cats && cats->is_array() && c < cats->size() && !r.error();
                 ++c) {
                if (!(*cats)[c].is_string()) {
                    r.fail(at + ".categories[" + std::to_string(c) + "]", "must be a string");
                    break;
                }
                f.categories.push_back((*cats)[c].get<std::string>());
                if (c > 0 && !(f.categories[c - 1] < f.categories[c]))
                    r.fail(at + ".categories", "must be sorted and without repeats");
            }
            f.mostFrequent = r.text(j, at, "mostFrequent");
        }
        p.m_width += featureWidth(f);
        p.m_features.push_back(std::move(f));
    }
    if (!r.error() && width != p.m_width)
        r.fail("width",
               "is " + std::to_string(width) + " but the features make " + std::to_string(p.m_width)
                   + " columns");
    if (r.error())
        return *r.error();
    return p;
}

} // namespace mdeck::data
