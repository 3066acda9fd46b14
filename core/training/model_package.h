#pragma once

// The model package written for every model trained here: one tar file with
// model.json (task, features, target, class labels, preprocessing, signature,
// hyperparameters, metrics, training history, reference profile, lineage)
// and weights.bin (the network). It is the artifact of a "modeldeck" version.
// Callable from any thread. Errors: InvalidArgument (malformed package,
// naming the member and field), Integrity (weights do not match their hash).

#include "core/base/signature.h"
#include "core/common/json.h"
#include "core/data/preprocessor.h"
#include "core/data/profile.h"
#include "core/ml/native_model.h"

namespace mdeck::training {

struct ModelPackage
{
    ml::Task task = ml::Task::BinaryClassification;
    std::string target;
    std::vector<std::string> features; // raw input columns, in order
    std::vector<std::string> classes;  // classifier labels, in output order
    std::string sensitiveColumn;       // "" when none
    data::Preprocessor preprocessor;
    ml::NativeModel network;
    Signature signature;
    Json spec;                      // hyperparameters
    Json metrics;                   // {"test": {...}, "validation": {...}}
    Json history;                   // per-epoch losses and metric
    Json confusion;                 // test confusion matrix for classifiers
    data::DatasetProfile reference; // profile of the training rows: the drift reference
    Json lineage;                   // dataset hash, split, seed, ModelDeck and LibTorch versions
};

// The signature a package exposes: one FP32 [-1, n] input when every feature
// is numeric, else one [-1] input per raw column (FP64 or BYTES).
Signature packageSignature(const std::vector<data::FeatureSpec> &features, ml::Task task,
                           const std::vector<std::string> &classes);

Result<void> writePackage(const ModelPackage &package, const std::string &path);
Result<ModelPackage> readPackage(const std::string &path);

} // namespace mdeck::training
