#include "core/data/profile.h"

#include "core/common/sha256.h"
#include "core/data/json_fields_p.h"
#include "core/data/random_p.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace mdeck::data {

namespace {

struct QuantileSpec
{
    const char *key;
    double q;
};
constexpr QuantileSpec kQuantiles[] = {{"p01", 0.01}, {"p05", 0.05}, {"p25", 0.25}, {"p50", 0.5},
                                       {"p75", 0.75}, {"p95", 0.95}, {"p99", 0.99}};

// numpy.quantile(method="linear") on sorted values, including numpy's way of
// interpolating from the nearer end, so the results agree to the last bit.
double quantile(const std::vector<double> &sorted, double q)
{
    const std::size_t n = sorted.size();
    const double virtualIndex = static_cast<double>(n - 1) * q;
    if (virtualIndex >= static_cast<double>(n - 1))
        return sorted.back();
    const double previous = std::floor(virtualIndex);
    const auto i = static_cast<std::size_t>(previous);
    const double a = sorted[i], b = sorted[i + 1];
    const double gamma = virtualIndex - previous;
    const double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

// numpy.histogram(values, bins) for min < max: equal-width edges as
// numpy.linspace makes them, and numpy's correction of the bin index near
// the edges.
Histogram histogram(const std::vector<double> &sorted, std::size_t bins)
{
    Histogram h;
    const double first = sorted.front(), last = sorted.back();
    if (first == last) {
        h.edges = {first, last};
        h.counts = {sorted.size()};
        return h;
    }
    const double step = (last - first) / static_cast<double>(bins);
    h.edges.resize(bins + 1);
    for (std::size_t i = 0; i < bins; ++i)
        h.edges[i] = static_cast<double>(i) * step + first;
    h.edges[bins] = last;
    h.counts.assign(bins, 0);
    const double norm = static_cast<double>(bins) / (last - first);
    for (const double x : sorted) {
        auto i = static_cast<std::size_t>((x - first) * norm);
        if (i >= bins)
            i = bins - 1;
        if (x < h.edges[i] && i > 0)
            --i;
        if (x >= h.edges[i + 1] && i != bins - 1)
            ++i;
        ++h.counts[i];
    }
    return h;
}

// Neumaier's compensated sum: the mean of a million values stays exact to
// the last bits, as numpy's pairwise sum nearly does.
double accurateSum(const std::vector<double> &values)
{
    double sum = 0, compensation = 0;
    for (const double x : values) {
        const double t = sum + x;
        compensation += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
    return sum + compensation;
}

void numericProfile(ColumnProfile &p, std::vector<double> values, std::uint64_t seed)
{
    p.count = values.size();
    if (values.empty())
        return;
    std::vector<double> sample;
    if (values.size() > kMaxSample) {
        // Reservoir sampling over the values in row order (Algorithm R).
        std::mt19937_64 rng(seed);
        sample.assign(values.begin(), values.begin() + kMaxSample);
        for (std::size_t i = kMaxSample; i < values.size(); ++i) {
            const auto j = detail::uniformBelow(rng, i + 1);
            if (j < kMaxSample)
                sample[j] = values[i];
        }
        std::sort(sample.begin(), sample.end());
    }
    const double n = static_cast<double>(values.size());
    p.mean = accurateSum(values) / n;
    if (values.size() > 1) {
        std::vector<double> squares(values.size());
        std::transform(values.begin(), values.end(), squares.begin(), [&](double x) {
            const double d = x - p.mean;
            return d * d;
        });
        p.std = std::sqrt(accurateSum(squares) / (n - 1)); // sample std, ddof = 1, as pandas
    }
    std::sort(values.begin(), values.end());
    p.min = values.front();
    p.max = values.back();
    for (const auto &[key, q] : kQuantiles)
        p.quantiles[key] = quantile(values, q);
    p.histogram = histogram(values, kHistogramBins);
    p.distinct = 1;
    for (std::size_t i = 1; i < values.size(); ++i)
        p.distinct += values[i] != values[i - 1];
    p.sample = sample.empty() ? std::move(values) : std::move(sample);
}

void sortCategories(ColumnProfile &p)
{
    std::sort(p.categories.begin(), p.categories.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (p.categories.size() > kMaxProfileCategories) {
        std::uint64_t rest = 0;
        for (std::size_t i = kMaxProfileCategories; i < p.categories.size(); ++i)
            rest += p.categories[i].second;
        p.categories.resize(kMaxProfileCategories);
        p.categories.emplace_back("(other)", rest);
    }
}

} // namespace

const ColumnProfile *DatasetProfile::column(const std::string &name) const
{
    for (const ColumnProfile &c : columns) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

DatasetProfile profileTable(const Table &table, const std::vector<std::size_t> &rows,
                            std::uint64_t seed)
{
    DatasetProfile profile;
    profile.source = table.source;
    profile.sha256 = table.sha256;
    const bool all = rows.empty();
    const std::size_t n = all ? table.rows : rows.size();
    profile.rows = n;
    MDECK_ASSERT(
        std::all_of(rows.begin(), rows.end(), [&](std::size_t r) { return r < table.rows; }));
    for (const Column &col : table.columns) {
        ColumnProfile p;
        p.name = col.name;
        p.type = col.type;
        if (col.type == ColumnType::Categorical) {
            std::vector<std::uint64_t> counts(col.categories.size(), 0);
            for (std::size_t i = 0; i < n; ++i) {
                const std::int32_t code = col.codes[all ? i : rows[i]];
                if (code < 0)
                    ++p.missing;
                else
                    ++counts[static_cast<std::size_t>(code)];
            }
            for (std::size_t c = 0; c < counts.size(); ++c) {
                if (counts[c] > 0)
                    p.categories.emplace_back(col.categories[c], counts[c]);
            }
            p.count = n - p.missing;
            p.distinct = p.categories.size();
            sortCategories(p);
        } else {
            std::vector<double> values;
            values.reserve(n);
            for (std::size_t i = 0; i < n; ++i) {
                const double v = col.numbers[all ? i : rows[i]];
                if (std::isnan(v))
                    ++p.missing;
                else
                    values.push_back(v);
            }
            if (col.type == ColumnType::Boolean) {
                const auto ones = static_cast<std::uint64_t>(
                    std::count(values.begin(), values.end(), 1.0));
                if (ones > 0)
                    p.categories.emplace_back("true", ones);
                if (values.size() > ones)
                    p.categories.emplace_back("false", values.size() - ones);
                sortCategories(p);
            }
            // Each column draws its own sample from its own stream.
            numericProfile(p, std::move(values), seed + profile.columns.size());
        }
        profile.columns.push_back(std::move(p));
    }
    return profile;
}

} // namespace mdeck::data

namespace mdeck::data {

Json profileToJson(const DatasetProfile &profile)
{
    Json columns = Json::array();
    for (const ColumnProfile &c : profile.columns) {
        Json j = {{"name", c.name},
                  {"type", columnTypeName(c.type)},
                  {"count", c.count},
                  {"missing", c.missing},
                  {"distinct", c.distinct}};
        if (c.type != ColumnType::Categorical) {
            j["min"] = c.min;
            j["max"] = c.max;
            j["mean"] = c.mean;
            j["std"] = c.std;
            j["quantiles"] = Json::object();
            for (const auto &[key, value] : c.quantiles)
                j["quantiles"][key] = value;
            j["histogram"] = {{"edges", c.histogram.edges}, {"counts", c.histogram.counts}};
            j["sample"] = c.sample;
        }
        if (c.type == ColumnType::Categorical || c.type == ColumnType::Boolean) {
            Json categories = Json::array();
            for (const auto &[value, count] : c.categories)
                categories.push_back(Json::array({value, count}));
            j["categories"] = std::move(categories);
        }
        columns.push_back(std::move(j));
    }
    return {{"source", profile.source},
            {"sha256", profile.sha256},
            {"rows", profile.rows},
            {"columns", std::move(columns)}};
}

namespace {

void readNumericPart(detail::FieldReader &r, const Json &j, const std::string &at, ColumnProfile &c)
{
    c.min = r.number(j, at, "min");
    c.max = r.number(j, at, "max");
    c.mean = r.number(j, at, "mean");
    c.std = r.number(j, at, "std");
    if (c.min > c.max)
        r.fail(at + ".min", "is greater than max");
    if (c.std < 0)
        r.fail(at + ".std", "must not be negative");
    if (const Json *q = r.member(j, at, "quantiles")) {
        if (!q->is_object())
            r.fail(at + ".quantiles", "must be an object");
        else if (c.count > 0)
            for (const auto &[key, qv] : kQuantiles) {
                (void) qv;
                if (const Json *v = r.member(*q, at + ".quantiles", key))
                    c.quantiles[key] = r.number(*v, at + ".quantiles." + key);
            }
    }
    if (const Json *h = r.member(j, at, "histogram")) {
        const std::string hp = at + ".histogram";
        if (!h->is_object()) {
            r.fail(hp, "must be an object");
        } else {
            if (const Json *e = r.member(*h, hp, "edges"))
                c.histogram.edges = r.sortedNumbers(*e, hp + ".edges");
            if (const Json *n = r.member(*h, hp, "counts")) {
                if (!n->is_array())
                    r.fail(hp + ".counts", "must be an array of counts");
                else
                    for (std::size_t i = 0; i < n->size(); ++i)
                        c.histogram.counts.push_back(
                            r.count((*n)[i], hp + ".counts[" + std::to_string(i) + "]"));
            }
            std::uint64_t total = 0;
            for (const std::uint64_t n : c.histogram.counts)
                total += n;
            if (c.histogram.edges.size() != c.histogram.counts.size() + (c.count > 0 ? 1 : 0))
                r.fail(hp + ".edges", "must have one element more than counts");
            else if (total != c.count)
                r.fail(hp + ".counts", "must add up to the column's count");
        }
    }
    if (const Json *s = r.member(j, at, "sample")) {
        c.sample = r.sortedNumbers(*s, at + ".sample");
        if (c.sample.size() != std::min<std::uint64_t>(c.count, kMaxSample))
            r.fail(at + ".sample",
                   "must hold min(count, " + std::to_string(kMaxSample) + ") values");
    }
}

void readCategories(detail::FieldReader &r, const Json &j, const std::string &at, ColumnProfile &c)
{
    const Json *cats = r.member(j, at, "categories");
    if (!cats)
        return;
    if (!cats->is_array()) {
        r.fail(at + ".categories", "must be an array of [value, count] pairs");
        return;
    }
    for (std::size_t i = 0; i < cats->size(); ++i) {
        const std::string cp = at + ".categories[" + std::to_string(i) + "]";
        const Json &pair = (*cats)[i];
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string()) {
            r.fail(cp, "must be a [value, count] pair");
            return;
        }
        c.categories.emplace_back(pair[0].get<std::string>(), r.count(pair[1], cp + "[1]"));
    }
}

} // namespace

Result<DatasetProfile> profileFromJson(const Json &json, const std::string &source)
{
    detail::FieldReader r(source);
    if (!json.is_object())
        return Error(ErrorCode::InvalidArgument, source + ": a profile must be a JSON object");
    DatasetProfile p;
    p.source = r.text(json, "", "source");
    p.sha256 = r.text(json, "", "sha256");
    if (!p.sha256.empty() && !isSha256Hex(p.sha256))
        r.fail("sha256", "must be empty or 64 lowercase hex digits");
    p.rows = r.count(json, "", "rows");
    const Json *columns = r.member(json, "", "columns");
    if (columns && !columns->is_array())
        r.fail("columns", "must be an array");
    if (r.error())
        return *r.error();
    for (std::size_t i = 0; i < columns->size(); ++i) {
        const std::string at = "columns[" + std::to_string(i) + "]";
        const Json &j = (*columns)[i];
        if (!j.is_object())
            return Error(ErrorCode::InvalidArgument, source + ": " + at + " must be an object");
        ColumnProfile c;
        c.name = r.text(j, at, "name");
        if (r.error())
            return *r.error();
        if (c.name.empty())
            r.fail(at + ".name", "must not be empty");
        else if (p.column(c.name))
            r.fail(at + ".name", "repeats the column '" + c.name + "'");
        const auto type = parseColumnType(r.text(j, at, "type"));
        if (!type)
            r.fail(at + ".type", "is not a column type: " + type.error().message);
        else
            c.type = *type;
        c.count = r.count(j, at, "count");
        c.missing = r.count(j, at, "missing");
        c.distinct = r.count(j, at, "distinct");
        if (c.count + c.missing != p.rows)
            r.fail(at + ".count", "and missing must add up to rows");
        if (r.error())
            return *r.error();
        if (c.type != ColumnType::Categorical)
            readNumericPart(r, j, at, c);
        if (c.type == ColumnType::Categorical || c.type == ColumnType::Boolean)
            readCategories(r, j, at, c);
        if (r.error())
            return *r.error();
        p.columns.push_back(std::move(c));
    }
    return p;
}

} // namespace mdeck::data
