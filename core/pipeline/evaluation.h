#pragma once

// Scores a model package on a labelled CSV file (the target column the
// package was trained for), streaming in batches, with scikit-learn's metric
// definitions. Rows whose features or label do not fit the model are
// skipped and counted. Callable from any thread.
// Errors: InvalidArgument (missing columns, no usable rows), Io, Cancelled.

#include "core/registry/model_registry.h"
#include "core/training/model_package.h"

#include <stop_token>

namespace mdeck::pipeline {

struct Evaluation
{
    std::map<std::string, double> metrics;
    std::uint64_t rows = 0;
    std::uint64_t skipped = 0;
};

Result<Evaluation> evaluatePackage(const training::ModelPackage &package,
                                   const std::string &csvPath, std::stop_token stop = {});

// The package of a registered version ("name@alias", "name:3"); it must be a
// model trained here (format "modeldeck").
Result<std::pair<registry::ModelVersion, training::ModelPackage>> loadRegisteredPackage(
    registry::ModelRegistry &registry, const std::string &reference);

// Whether a larger value of the metric is better (false for losses and errors).
bool higherIsBetter(const std::string &metric);

} // namespace mdeck::pipeline
