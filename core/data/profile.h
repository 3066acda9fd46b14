#pragma once

// Per-column profiles of a dataset: the reference a model version keeps for
// drift detection. Numeric columns keep a bounded, sorted sample so that
// two-sample tests such as Kolmogorov–Smirnov stay exact up to that size.
// Pure functions; callable from any thread.

#include "core/common/json.h"
#include "core/data/table.h"

namespace mdeck::data {

struct Histogram
{
    std::vector<double> edges; // bins+1 increasing edges
    std::vector<std::uint64_t> counts;
};

// Numbers follow numpy/pandas so that profiles can be checked against
// them: std is the sample standard deviation (ddof = 1, as pandas; 0 for a
// single value); quantiles interpolate linearly between sorted values
// (numpy.quantile's default, to the bit); the histogram has kHistogramBins
// equal-width bins over [min, max] as numpy.histogram computes them, or one
// bin [v, v] when every value is v. The sample of a column with more than
// kMaxSample values is a seeded reservoir sample (Algorithm R over
// std::mt19937_64, seed + column index). distinct counts distinct
// non-missing values. A column with no values keeps zeros and empty lists.
struct ColumnProfile
{
    std::string name;
    ColumnType type = ColumnType::Numeric;
    std::uint64_t count = 0; // non-missing values
    std::uint64_t missing = 0;
    // Numeric, boolean and datetime columns:
    double min = 0, max = 0, mean = 0, std = 0;
    std::map<std::string, double> quantiles; // "p01", "p05", "p25", "p50", "p75", "p95", "p99"
    Histogram histogram;
    std::vector<double> sample; // sorted; all values when count <= kMaxSample
    // Categorical columns (and boolean as "true"/"false"): value -> count, most frequent first.
    std::vector<std::pair<std::string, std::uint64_t>> categories;
    std::uint64_t distinct = 0;
};

struct DatasetProfile
{
    std::string source;
    std::string sha256;
    std::uint64_t rows = 0;
    std::vector<ColumnProfile> columns;

    const ColumnProfile *column(const std::string &name) const;
};

inline constexpr std::size_t kMaxSample = 10000;
inline constexpr std::size_t kHistogramBins = 20;
// Beyond this many categories, the rest are summed as "(other)".
inline constexpr std::size_t kMaxProfileCategories = 1000;

// `rows` restricts the profile to those rows (e.g. the training split); empty = all.
DatasetProfile profileTable(const Table &table, const std::vector<std::size_t> &rows = {},
                            std::uint64_t seed = 42);

Json profileToJson(const DatasetProfile &profile);
Result<DatasetProfile> profileFromJson(const Json &json, const std::string &source);

} // namespace mdeck::data
