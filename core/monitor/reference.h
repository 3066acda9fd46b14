#pragma once

// The reference a window of predictions is compared with: per feature, the
// sorted numeric sample (or category counts), the reference range and the
// histogram edges charts use, and NannyML-style bands (mean ± 3σ of the
// statistic over 10 chunks of the reference). Built from a model package's
// training profile (model.json) or from a CSV file for versions without one
// (imported TorchScript). Plain data; callable from any thread.
// Errors: InvalidArgument (a feature the CSV lacks, naming file and column), Io.

#include "core/data/profile.h"
#include "core/monitor/stats.h"

#include <optional>

namespace mdeck::monitor {

// Bins fixed by the reference, so a window only has to be counted into them:
// the fast path for PSI and Jensen–Shannon against a stored reference.
struct Binning
{
    std::vector<double> edges;           // increasing; values below/above go to the end bins
    std::vector<double> referenceShares; // one per bin, summing to 1
};

// `bins` quantile bins of a sorted reference (duplicate edges merged), or
// equal-width bins over its range; at least one bin.
Binning quantileBinning(std::span<const double> sortedReference, std::size_t bins);
Binning equalWidthBinning(std::span<const double> sortedReference, std::size_t bins);
// Counts `values` into the binning's bins (out-of-range values into the end bins).
std::vector<std::uint64_t> binCounts(const Binning &binning, std::span<const double> values);
// PSI and Jensen–Shannon of a window's bin counts against the reference shares.
Result<double> psiBinned(const Binning &binning, std::span<const std::uint64_t> counts);
Result<double> jensenShannonBinned(const Binning &binning, std::span<const std::uint64_t> counts);

struct Band
{
    double lower = 0;
    double upper = 0;
    bool valid = false; // false when the reference was too small to chunk
};

struct ReferenceColumn
{
    std::string name;
    ColumnKind kind = ColumnKind::Numeric;
    std::uint64_t rows = 0;     // non-missing reference values
    double missingRate = 0;     // share of missing reference values
    std::vector<double> sorted; // numeric: the sorted sample (all values up to 10,000)
    double min = 0, max = 0;    // numeric range
    std::map<std::string, std::uint64_t> categories; // categorical counts
    std::vector<double> histogramEdges;     // numeric: edges for charts (20 bins, as the profile)
    DriftMethod method = DriftMethod::Auto; // the method chosen for this column
    double threshold = 0;
    Band band; // mean ± 3σ of the method's score over reference chunks
};

struct Reference
{
    std::string source; // "model.json of iris:3" or a CSV path
    std::uint64_t rows = 0;
    std::vector<ReferenceColumn> columns; // in the version's feature order

    const ReferenceColumn *column(const std::string &name) const;
};

// Method per column: `overrides` maps a column name (or "*") to a method;
// thresholds likewise (NaN entries mean the method's default).
struct MethodChoice
{
    std::map<std::string, DriftMethod> methods;
    std::map<std::string, double> thresholds;
};

// From a training profile, keeping `features` in that order; a feature the
// profile lacks is an InvalidArgument error naming it.
Result<Reference> referenceFromProfile(const data::DatasetProfile &profile,
                                       const std::vector<std::string> &features,
                                       const MethodChoice &choice = {});
// From a CSV file with a header naming (at least) the features.
Result<Reference> referenceFromCsv(const std::string &path,
                                   const std::vector<std::string> &features,
                                   const MethodChoice &choice = {});

// Chooses methods and thresholds and computes the bands (10 chunks, seeded).
void finishReference(Reference &reference, const MethodChoice &choice);

} // namespace mdeck::monitor
