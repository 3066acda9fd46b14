#pragma once

// One window of logged predictions compared with a reference: per feature and
// for the model's output, the drift score and verdict, the NannyML band, data
// quality (missing, out of range, unseen categories, type errors), a
// histogram for charts and a bounded raw sample; performance once labels
// arrive (realised, or for classifiers without labels a confidence-based
// estimate marked `estimated`); fairness by a sensitive column.
// Pure functions; callable from any thread.
//
// Prediction rows follow the prediction log (migration "prediction log and
// feedback"): `inputs` is a JSON array of raw feature values in the version's
// feature order; `outputs` is a JSON array: for classifiers the class
// probabilities in class order, or a label string optionally followed by the
// probabilities; for regression the predicted value. Missing values are
// null, "", NaN and ±Inf (Evidently's definition); a string that does not
// parse as a number in a numeric column is a type error (not missing).

#include "core/common/json.h"
#include "core/monitor/reference.h"

#include <optional>

namespace mdeck::monitor {

// A window's non-missing values of one column: sorted numbers or category counts.
struct CurrentColumn
{
    std::vector<double> numbers; // sorted ascending
    std::map<std::string, std::uint64_t> categories;
};

// The score of the column's method (p-value or distance). Errors when the
// window holds no value of the column.
Result<double> columnScore(const ReferenceColumn &reference, const CurrentColumn &current);

struct PredictionRow
{
    std::int64_t id = 0;
    std::int64_t time = 0; // Unix milliseconds
    std::string requestId;
    std::int64_t row = 0;
    Json inputs;                      // array
    Json outputs;                     // array
    std::optional<std::string> label; // from feedback, when it arrived
};

struct ModelInfo
{
    std::vector<std::string> features;
    std::vector<std::string> classes; // empty for regression
    std::string sensitiveColumn;      // "" for no fairness section
    std::string positiveClass;        // default: classes[1] for two classes, else classes[0]
};

inline constexpr const char *kPredictionColumn = "prediction";
inline constexpr std::size_t kMaxSamplePerColumn = 500; // raw values kept per window and column
inline constexpr std::uint64_t kMinGroupSize = 30;      // fairness groups below this get a warning

struct FeatureStats
{
    std::string name;
    DriftMethod method = DriftMethod::Auto;
    double score = std::numeric_limits<double>::quiet_NaN(); // NaN when not computable
    double threshold = 0;
    bool drift = false;
    Band band;
    bool outsideBand = false;
    std::string error;       // why the score is missing ("all values missing", …)
    std::uint64_t count = 0; // non-missing values
    std::uint64_t missing = 0;
    std::uint64_t outOfRange = 0; // numeric: outside the reference [min, max]
    std::uint64_t unseen = 0;     // categorical: categories the reference never saw
    std::uint64_t typeErrors = 0;
    double mean = std::numeric_limits<double>::quiet_NaN(); // numeric
    // Numeric: counts over the reference histogram edges, plus one bin below
    // and one above (size edges+1). Categorical: empty; see `categories`.
    std::vector<std::uint64_t> histogram;
    std::map<std::string, std::uint64_t> categories;
    std::vector<double> sample; // numeric: at most kMaxSamplePerColumn raw values

    double missingRate() const
    {
        return count + missing ? static_cast<double>(missing) / static_cast<double>(count + missing)
                               : 0.0;
    }
};

struct PerformanceStats
{
    bool estimated = false; // true: confidence-based estimate, no labels
    std::uint64_t labelled = 0;
    std::map<std::string, double> metrics; // "accuracy", "f1_macro", "rmse", …
};

struct GroupStats
{
    std::string group;
    std::uint64_t size = 0;
    double selectionRate = 0;                                           // share predicted positive
    double truePositiveRate = std::numeric_limits<double>::quiet_NaN(); // needs labels
};

struct FairnessStats
{
    std::string column;
    std::string positiveClass;
    std::vector<GroupStats> groups;
    double demographicParityDifference = 0; // max − min selection rate
    double disparateImpactRatio = 0;        // min / max selection rate (NaN when max is 0)
    double equalOpportunityDifference = std::numeric_limits<double>::quiet_NaN(); // TPR gap
    std::vector<std::string> warnings;
};

struct WindowResult
{
    std::int64_t id = 0;             // stored id, 0 before storing
    std::int64_t start = 0, end = 0; // Unix ms, [start, end)
    std::int64_t firstPredictionId = 0, lastPredictionId = 0;
    std::uint64_t rows = 0;
    std::uint64_t badRows = 0; // inputs not an array of the feature count
    std::vector<FeatureStats> features;
    std::optional<FeatureStats> output; // the prediction column, when a baseline exists
    double driftShare = 0;              // drifted features / features with a score
    bool datasetDrift = false;
    std::optional<PerformanceStats> performance;
    std::optional<FairnessStats> fairness;
};

struct WindowOptions
{
    double driftShare = kDefaultDriftShare;
};

// A reference built from logged rows (another window), with the features and
// the prediction column; methods chosen as for any reference.
Reference referenceFromRows(std::span<const PredictionRow> rows, const ModelInfo &model,
                            const MethodChoice &choice = {});

// Evaluates one window. `outputBaseline` (e.g. from referenceFromRows of the
// first window) enables the output drift section. An empty window is an error.
Result<WindowResult> evaluateWindow(const Reference &reference, const ModelInfo &model,
                                    std::span<const PredictionRow> rows,
                                    const Reference *outputBaseline = nullptr,
                                    const WindowOptions &options = {});

Json windowToJson(const WindowResult &window);
Result<WindowResult> windowFromJson(const Json &json);

// A named statistic of a window, the vocabulary of alert rules:
//   rows, bad_rows, drift_share, dataset_drift,
//   feature.<name>.(score|drift|outside_band|missing_rate|out_of_range|unseen|type_errors|mean),
//   feature.*.<same>  (the worst feature: max, or min for p-value scores),
//   output.(score|drift), performance.<metric>, performance.labelled,
//   fairness.(demographic_parity_difference|disparate_impact_ratio|equal_opportunity_difference)
// nullopt when the window lacks it.
std::optional<double> windowStatistic(const WindowResult &window, const std::string &name);

} // namespace mdeck::monitor
