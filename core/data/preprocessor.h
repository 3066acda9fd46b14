#pragma once

// Preprocessing fitted on the training rows only and applied identically at
// prediction time: numeric (and boolean, datetime) columns are imputed with
// the training median and standardised; categorical columns are imputed with
// the most frequent training value and one-hot encoded with an extra
// "unknown" slot for values never seen in training. Saved as JSON in the
// model package. Immutable after fit: callable from any thread.
// Categories are sorted by value (byte order), so the slots do not depend on
// row order; ties for the most frequent value go to the smallest. Boolean
// and datetime features are numbers (0/1, seconds since the epoch).
// transform() and transformText() give bit-identical floats for the same
// record: both parse with the CSV reader's functions and share one formula.

#include "core/common/json.h"
#include "core/data/table.h"

#include <string_view>

namespace mdeck::data {

struct FeatureSpec
{
    std::string name;
    ColumnType type = ColumnType::Numeric;
    double median = 0; // numeric: imputation value (numpy.median of the training values)
    double mean = 0;   // numeric: standardisation
    // numeric: population standard deviation (ddof = 0, as scikit-learn's
    // StandardScaler); 1 when constant or when training had no values
    double scale = 1;
    std::vector<std::string> categories; // categorical: known values, in slot order
    std::string mostFrequent;            // categorical: imputation value
};

class Preprocessor
{
public:
    Preprocessor() = default;

    static Result<Preprocessor> fit(const Table &table, const std::vector<std::string> &features,
                                    const std::vector<std::size_t> &trainRows);

    // Width of one transformed row.
    std::size_t width() const { return m_width; }
    // Names of the transformed columns ("temp_max", "weather=rain", "weather=<unknown>").
    std::vector<std::string> outputNames() const;
    const std::vector<FeatureSpec> &features() const { return m_features; }

    // Rows of `table` (looked up by feature name) into `out` (rows.size() x width(), row-major).
    Result<void> transform(const Table &table, const std::vector<std::size_t> &rows,
                           std::vector<float> &out) const;
    // One raw record, fields in feature order, as text (as read from CSV or JSON).
    // Missing tokens are imputed; unparsable numbers are an error naming the feature.
    Result<void> transformText(const std::vector<std::string_view> &fields, float *out) const;

    Json toJson() const;
    static Result<Preprocessor> fromJson(const Json &json, const std::string &source);

private:
    std::vector<FeatureSpec> m_features;
    std::size_t m_width = 0;
};

} // namespace mdeck::data
