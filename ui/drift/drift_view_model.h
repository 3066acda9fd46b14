#pragma once

// What the Drift panel shows, as plain data: one scope (a deployment or a
// model version) over a time range, cut into windows; per drift method a
// features × windows matrix of scores with each feature's threshold and the
// reference band (mean and sigma of the score over reference windows);
// reference and per-window histograms (numeric) or category counts; data
// quality and performance series per window (performance may be estimated);
// fairness per window and group; and the alerts that fired. Sources (the
// workspace's monitor, a snapshot file, a test) fill it through one adapter;
// the widgets receive slices of it. Plain value type, any thread.

#include <QList>
#include <QString>
#include <QStringList>

#include <cmath>
#include <vector>

namespace mdeck::ui::drift {

struct DriftScope
{
    QString id;    // how the source finds it again ("deployment:fraud-api", "model:churn@3")
    QString title; // shown in the picker
};

struct DriftMethod
{
    QString id;    // "psi", "ks", "js", "wasserstein"
    QString title; // "PSI", "KS p-value"
    bool higherIsWorse = true; // false for p-values
    double defaultThreshold = 0.2;
};

struct DriftWindow
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 rows = 0;
};

struct FeatureInfo
{
    QString name;
    bool categorical = false;
    std::vector<double> edges;  // numeric: bins + 1 ascending edges
    QStringList categories;     // categorical
    std::vector<double> reference; // counts per bin or category
};

// One method's scores.
struct MethodScores
{
    std::vector<double> scores;     // features × windows, row-major; NaN = not computed
    std::vector<double> thresholds; // per feature
    std::vector<double> bandMean;   // per feature: the score over reference windows
    std::vector<double> bandSigma;
};

struct QualitySeries
{
    QString name; // "missing values", "out of range"
    std::vector<double> values; // per window, shares 0..1
};

struct PerformanceSeries
{
    QString metric; // "accuracy"
    bool estimated = false;
    std::vector<double> values; // per window, NaN = none
    std::vector<double> lower;  // optional confidence band
    std::vector<double> upper;
};

struct GroupStats
{
    QString group;
    std::vector<qint64> sizes;      // per window
    std::vector<double> positiveRate; // per window: share predicted positive
    std::vector<double> truePositiveRate; // per window, NaN without labels
};

struct FairnessData
{
    QString attribute; // "sex"
    QString referenceGroup;
    qint64 minGroupSize = 30;
    QList<GroupStats> groups;
};

struct DriftAlert
{
    int feature = -1;
    int window = -1;
    int method = -1;
    double score = 0;
    double threshold = 0;
    QString rule;
};

struct DriftViewModel
{
    DriftScope scope;
    QList<DriftMethod> methods;
    QList<FeatureInfo> features;
    std::vector<DriftWindow> windows;
    QList<MethodScores> scores; // one per method
    // Current counts: features × windows, each a vector of bins or categories.
    std::vector<std::vector<double>> current;
    QList<QualitySeries> quality;
    QList<PerformanceSeries> performance;
    FairnessData fairness;
    std::vector<DriftAlert> alerts;

    int featureCount() const { return int(features.size()); }
    int windowCount() const { return int(windows.size()); }
    int methodIndex(const QString &id) const;
    double score(int method, int feature, int window) const;
    const std::vector<double> &currentCounts(int feature, int window) const;
    // Empty when the shapes agree, else what is wrong (for sources and tests).
    QString validate() const;
    // Appends the windows of `update` (same scope, features and methods, later windows).
    bool append(const DriftViewModel &update);
};

// Whether `score` crosses `threshold` for a method of this direction.
inline bool alerts(double score, double threshold, bool higherIsWorse)
{
    return std::isfinite(score) && (higherIsWorse ? score > threshold : score < threshold);
}

struct BacktestResult
{
    int windows = 0;  // windows with a score
    int alerted = 0;
    int firstWindow = -1; // -1 when none would have fired
    std::vector<int> alertedWindows;
};

// How many past windows of `feature` would have alerted under `method` at `threshold`.
BacktestResult backtest(const DriftViewModel &model, int method, int feature, double threshold);

} // namespace mdeck::ui::drift
