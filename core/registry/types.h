#pragma once

// Plain data of the model registry, shared by the registry service, the
// command line and the console's item models.

#include "core/base/signature.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mdeck::registry {

struct Model
{
    std::int64_t id = 0;
    std::string name;
    std::string description;
    std::string owner;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::map<std::string, std::string> tags;
    int versionCount = 0;
    int latestVersion = 0;
    std::map<std::string, int> aliases; // alias -> version number
};

struct Lineage
{
    std::string datasetHash; // SHA-256 of the training data, "" when unknown
    std::string trainingRun; // run identifier, "" when unknown
    std::optional<int> parentVersion;
};

struct ModelVersion
{
    std::int64_t id = 0;
    std::string model;
    int version = 0;
    std::string description;
    std::string format; // "modeldeck" (trained here), "torchscript" or "file"
    std::string artifactName;
    std::string artifactSha256;
    std::int64_t artifactSize = 0;
    Signature signature;
    std::map<std::string, double> metrics;
    std::map<std::string, std::string> params;
    std::map<std::string, std::string> tags;
    Lineage lineage;
    std::string createdBy;
    std::int64_t createdAt = 0;
    bool archived = false;
    std::optional<std::int64_t> archivedAt;
    std::vector<std::string> aliases;
};

struct NewVersion
{
    std::string model;
    std::string description;
    std::string format = "torchscript"; // or "modeldeck", "file"
    std::string artifactPath;
    std::string artifactName; // "" = the file name of artifactPath
    Signature signature;
    std::map<std::string, double> metrics;
    std::map<std::string, std::string> params;
    std::map<std::string, std::string> tags;
    Lineage lineage;
    // Set by bundle import: where the version came from. Recorded in the
    // audit entry, which then reads "version.import" instead of "version.register".
    std::optional<std::string> originJson;
};

enum class SortKey { Created, Model, Version, Metric };
enum class MetricOp { Greater, GreaterEqual, Less, LessEqual, Equal };

struct MetricFilter
{
    std::string key;
    MetricOp op = MetricOp::GreaterEqual;
    double value = 0;
};

struct VersionQuery
{
    std::string text;  // substring of the model name, case-insensitive
    std::string model; // exact model name
    std::string tagKey;
    std::string tagValue; // "" = any value of tagKey
    std::string alias;
    std::optional<MetricFilter> metric;
    bool includeArchived = true;
    SortKey sortBy = SortKey::Created;
    std::string sortMetric; // for SortKey::Metric
    bool descending = true;
    int offset = 0;
    int limit = 100; // at most 100,000
};

// One line of a versions table: enough to draw it, nothing more.
struct VersionRow
{
    std::int64_t id = 0;
    std::string model;
    int version = 0;
    std::int64_t createdAt = 0;
    std::string createdBy;
    std::string format;
    std::int64_t artifactSize = 0;
    bool archived = false;
    std::string aliases;             // comma-separated
    std::optional<double> sortValue; // the metric sorted or filtered by
};

struct BenchmarkRecord
{
    std::int64_t id = 0;
    std::string model;
    int version = 0;
    std::int64_t createdAt = 0;
    std::string createdBy;
    std::string device;       // "cpu" or "cuda"
    std::string hardwareJson; // CPU, cores, memory, GPU, LibTorch and BLAS
    std::string resultsJson;  // per batch size: latency percentiles, rows/s, confidence intervals
};

struct VersionPage
{
    std::vector<VersionRow> rows;
    std::int64_t total = 0; // rows matching the query, ignoring offset and limit
};

} // namespace mdeck::registry
