#pragma once

// The evidence a rollout request carries, computed when it is requested:
// metric differences (registry metrics), the latest benchmark of each version,
// signature compatibility and the shadow comparison on recent traffic. Its
// deterministic part (metrics, benchmark ids, signature) is hashed so that an
// approval is bound to it. Callable from any thread; must not run inside a
// transaction of the same database. Errors: NotFound, Io.

#include "core/common/json.h"
#include "core/deploy/types.h"
#include "core/registry/model_registry.h"

#include <optional>
#include <string>
#include <vector>

namespace mdeck::deploy {

struct MetricDifference
{
    std::string key;
    std::optional<double> stable;
    std::optional<double> candidate;
};

struct SignatureCheck
{
    bool compatible = true; // same inputs; every stable output kept with its type, shape and classes
    std::vector<std::string> differences; // each one explained in English
};

// Shadow (or canary) answers compared with the stable version's answers to the
// same request rows: for a classifier, disagreement means the argmax differs;
// otherwise any value differs by more than 1e-6 * max(1, |a|, |b|).
struct Comparison
{
    std::int64_t compared = 0;
    std::int64_t disagreed = 0;
    std::int64_t fromMs = 0; // the oldest compared row's time; 0 when none
    std::int64_t toMs = 0;
    double rate() const { return compared ? static_cast<double>(disagreed) / compared : 0.0; }
};

struct Evidence
{
    int stableVersion = 0;
    int candidateVersion = 0;
    std::string candidateSha256;
    std::vector<MetricDifference> metrics;
    std::optional<registry::BenchmarkRecord> stableBenchmark;
    std::optional<registry::BenchmarkRecord> candidateBenchmark;
    SignatureCheck signature;
    Comparison shadow;
};

inline constexpr int kMaxComparedRows = 10000;

// `stable` and `candidate` are the registry's versions of the same model.
Result<Evidence> computeEvidence(registry::ModelRegistry &registry, const std::string &deployment,
                                 const registry::ModelVersion &stable,
                                 const registry::ModelVersion &candidate);

SignatureCheck checkSignatures(const Signature &stable, const Signature &candidate);

// The newest `maxRows` rows the candidate answered in `role` ("shadow" or
// "canary") since `sinceMs`, compared with the stable rows of the same request
// and row logged within a minute of them; rows without one are not counted.
Result<Comparison> compareWithStable(store::Database &db, const std::string &deployment,
                                     std::int64_t candidateVersionId, const std::string &role,
                                     bool classifier, std::int64_t sinceMs,
                                     int maxRows = kMaxComparedRows);

// Do two answers (JSON arrays of one row's outputs) disagree?
bool answersDisagree(const Json &a, const Json &b, bool classifier);
// The index of the largest number in a (flattened) JSON array; -1 when none.
int argmaxOf(const Json &outputs);

struct Accuracy
{
    std::int64_t labelled = 0;
    std::int64_t correct = 0;
    double value() const { return labelled ? static_cast<double>(correct) / labelled : 0.0; }
};

// The candidate's accuracy on rows it answered in `role` since `sinceMs` that
// have feedback (the newest 100,000 of them): the label must equal the
// predicted class (the argmax's class name from `classes`, or its index when
// there are no names).
Result<Accuracy> candidateAccuracy(store::Database &db, const std::string &deployment,
                                   std::int64_t candidateVersionId, const std::string &role,
                                   const std::vector<std::string> &classes, std::int64_t sinceMs);

Json evidenceToJson(const Evidence &evidence);
// SHA-256 of the canonical JSON of metrics, benchmark ids and signature check.
std::string evidenceHash(const Evidence &evidence);

} // namespace mdeck::deploy
