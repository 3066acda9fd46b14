#pragma once

// Evaluation metrics with scikit-learn's definitions (1.2): macro averages
// give 0 to a class with no predictions, ROC AUC is the area under the
// trapezoidal ROC curve (ties averaged), one-vs-rest macro for multiclass,
// log loss clips probabilities to [eps, 1-eps] and renormalises rows, R²
// of a constant target is 1 when predicted exactly and 0 otherwise.
// Pure functions; callable from any thread.

#include "core/base/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mdeck::ml {

struct ClassificationMetrics
{
    double accuracy = 0;
    double precisionMacro = 0;
    double recallMacro = 0;
    double f1Macro = 0;
    double rocAuc = 0; // NaN when undefined (a class absent from y_true)
    double logLoss = 0;
    std::vector<std::vector<std::int64_t>> confusion; // [true][predicted]
};

struct RegressionMetrics
{
    double rmse = 0;
    double mae = 0;
    double r2 = 0;
};

// yTrue in [0, classes); probabilities row-major rows x classes.
Result<ClassificationMetrics> classificationMetrics(const std::vector<std::int64_t> &yTrue,
                                                    const std::vector<double> &probabilities,
                                                    int classes);
Result<RegressionMetrics> regressionMetrics(const std::vector<double> &yTrue,
                                            const std::vector<double> &yPred);

// Area under the ROC curve of scores for the positive label (1 = positive).
double rocAucBinary(const std::vector<int> &positive, const std::vector<double> &scores);

// Flattened for storage with a model version ("accuracy", "f1_macro", …).
std::map<std::string, double> toMetricMap(const ClassificationMetrics &m,
                                          const std::string &prefix = {});
std::map<std::string, double> toMetricMap(const RegressionMetrics &m,
                                          const std::string &prefix = {});

} // namespace mdeck::ml
