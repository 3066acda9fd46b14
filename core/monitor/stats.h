#pragma once

// Drift statistics between a reference sample and a current sample, with the
// numbers of SciPy 1.10 and the conventions of Evidently's legacy engine, so a
// result here can be checked against (and explained with) those tools:
//
//   ksTwoSample        scipy.stats.ks_2samp(ref, cur), alternative two-sided,
//                      method 'auto': exact when max(n1, n2) <= 10000, else
//                      kstwo.sf(D, round(n1*n2/(n1+n2))). pValue is SciPy's.
//   wasserstein        scipy.stats.wasserstein_distance(ref, cur)
//   wassersteinNormed  Evidently: wasserstein / max(np.std(ref), 0.001)
//   psi                Evidently: Σ (r−c)·ln(r/c) over bins or categories, a
//                      zero share replaced by 0.0001 (or min-nonzero/10⁶ when
//                      the smallest nonzero share is <= 0.0001)
//   jensenShannon      scipy.spatial.distance.jensenshannon(r, c), natural log
//                      (as Evidently: the maximum is sqrt(ln 2) ≈ 0.8326)
//   chiSquare          Evidently: scipy.stats.chisquare(cur counts, ref counts
//                      scaled to the current size), df = categories − 1
//   zTest              Evidently: pooled two-proportion Z-test, two-sided
//                      p = 2·norm.sf(|z|) (Evidently writes 2·(1−cdf), which
//                      loses digits below 1e-16; the value is otherwise equal)
//
// Inputs are the non-missing values only: callers drop missing values (and
// count them as data quality) before a test. A NaN or ±Inf given to a
// numeric statistic is an InvalidArgument error, as is an empty sample. A
// sample with a single distinct value is valid: KS and the distances are
// defined; chi-square over one category in both samples is statistic 0,
// p-value 1 (SciPy would answer NaN); a category seen only in the current
// sample makes chi-square infinite with p-value 0 (SciPy's answer).
// Pure functions; callable from any thread.

#include "core/base/result.h"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace mdeck::monitor {

enum class DriftMethod {
    Auto,          // Evidently's choice by column kind and reference size
    KS,            // p-value; drift when p < threshold (default 0.05)
    ChiSquare,     // p-value; drift when p < threshold (default 0.05)
    ZTest,         // p-value; drift when p < threshold (default 0.05)
    Wasserstein,   // normalised distance; drift when >= threshold (default 0.1)
    JensenShannon, // distance; drift when >= threshold (default 0.1)
    PSI,           // index; drift when >= threshold (default 0.1)
};

const char *driftMethodName(
    DriftMethod method); // "ks", "chisquare", "z", "wasserstein", "jensenshannon", "psi", "auto"
Result<DriftMethod> parseDriftMethod(const std::string &name);
// True for methods whose score is a p-value (drift when below the threshold).
bool isPValueMethod(DriftMethod method);
double defaultThreshold(DriftMethod method);
// Applies the method's direction: p-values drift below, distances at or above.
bool isDrift(DriftMethod method, double score, double threshold);

// The column kinds the automatic choice distinguishes.
enum class ColumnKind { Numeric, Categorical };

// Evidently's default (legacy engine): with <= 1000 reference rows, numeric
// columns with more than 5 distinct values (over both samples) get KS, more
// than 2 chi-square, else the Z-test; categorical columns chi-square or, with
// at most 2 values, the Z-test. With more reference rows, numeric columns with
// more than 5 distinct values get the normalised Wasserstein distance and all
// others Jensen–Shannon.
DriftMethod autoMethod(ColumnKind kind, std::size_t referenceRows, std::size_t distinctValues);

struct KsResult
{
    double statistic = 0; // D
    double pValue = 1;
    bool exact = false; // which branch SciPy's 'auto' takes
};

Result<KsResult> ksTwoSample(std::span<const double> reference, std::span<const double> current);
// The same on samples already sorted ascending (not checked beyond debug builds).
Result<KsResult> ksTwoSampleSorted(std::span<const double> reference,
                                   std::span<const double> current);
// P(D >= d) for two samples of sizes n1, n2 as SciPy computes it ('auto').
// On the exact branch SciPy rounds D to a multiple of 1/lcm(n1, n2); that D
// is written to *statistic when given.
double ksPValue(double d, std::uint64_t n1, std::uint64_t n2, bool *exact = nullptr,
                double *statistic = nullptr);
// scipy.stats.kstwo.sf(d, n) and scipy.special.smirnov(n, d).
double kolmogorovSf(std::uint64_t n, double d);
double smirnovSf(std::uint64_t n, double d);

Result<double> wasserstein(std::span<const double> reference, std::span<const double> current);
Result<double> wassersteinSorted(std::span<const double> reference, std::span<const double> current);
// Evidently's normalisation: divided by max(population std of reference, 0.001).
Result<double> wassersteinNormed(std::span<const double> reference, std::span<const double> current);

// Share vectors over the same bins or categories (each sums to 1).
struct Shares
{
    std::vector<double> reference;
    std::vector<double> current;
};

// Evidently's zero fill for PSI and KL: zeros become 0.0001, or the smallest
// nonzero share / 10⁶ when that is <= 0.0001. Applied to each vector apart.
void fillZeroShares(std::vector<double> &shares);

// PSI of two share vectors (zero fill applied here).
Result<double> psiFromShares(Shares shares);
// Jensen–Shannon distance of two share vectors (no zero fill; natural log).
Result<double> jensenShannonFromShares(const Shares &shares);

// Evidently's binning (get_binned_data): numeric samples whose reference has
// more than 20 distinct values share numpy's Sturges edges over ref ∪ cur;
// other numeric samples get one bin per distinct value seen in either.
Result<Shares> evidentlyNumericShares(std::span<const double> reference,
                                      std::span<const double> current);
// Categorical counts (category -> count) to shares over the union of keys.
Shares categoricalShares(const std::map<std::string, std::uint64_t> &reference,
                         const std::map<std::string, std::uint64_t> &current);

Result<double> psiNumeric(std::span<const double> reference, std::span<const double> current);
Result<double> jensenShannonNumeric(std::span<const double> reference,
                                    std::span<const double> current);

struct ChiSquareResult
{
    double statistic = 0;
    double pValue = 1;
    int degreesOfFreedom = 0;
};

// Evidently's chi-square on category counts; errors when either side is empty.
Result<ChiSquareResult> chiSquare(const std::map<std::string, std::uint64_t> &reference,
                                  const std::map<std::string, std::uint64_t> &current);
// scipy.stats.chisquare(observed, expected): expected must be > 0 wherever observed > 0.
Result<ChiSquareResult> chiSquareCounts(std::span<const double> observed,
                                        std::span<const double> expected);

struct ZTestResult
{
    double statistic = 0;
    double pValue = 1;
};

// Two-proportion Z-test of the share of `positive` among n rows.
Result<ZTestResult> zTestProportions(std::uint64_t referencePositive, std::uint64_t referenceRows,
                                     std::uint64_t currentPositive, std::uint64_t currentRows);
// Evidently's Z-test on category counts with at most two categories in all.
Result<ZTestResult> zTest(const std::map<std::string, std::uint64_t> &reference,
                          const std::map<std::string, std::uint64_t> &current);

// Special functions, exposed for tests: chi2.sf(x, df) and norm.sf(x).
double chiSquareSf(double x, double degreesOfFreedom);
double normalSf(double x);

// One column's comparison under a method: the score the method's threshold
// applies to (p-value or distance) and the verdict.
struct ColumnDrift
{
    DriftMethod method = DriftMethod::Auto; // the method used (never Auto)
    double score = 0;
    double threshold = 0;
    bool drift = false;
};

// Numeric samples (finite values) under `method` (Auto chooses by size and
// distinct values); threshold NaN means the method's default.
Result<ColumnDrift> numericDrift(std::span<const double> reference, std::span<const double> current,
                                 DriftMethod method, double threshold);
// Category counts under `method` (Auto, ChiSquare, ZTest, JensenShannon, PSI).
Result<ColumnDrift> categoricalDrift(const std::map<std::string, std::uint64_t> &reference,
                                     const std::map<std::string, std::uint64_t> &current,
                                     DriftMethod method, double threshold);

// Evidently's dataset drift: drifted / columns >= share (default 0.5).
inline constexpr double kDefaultDriftShare = 0.5;
bool datasetDrift(std::size_t driftedColumns, std::size_t columns,
                  double share = kDefaultDriftShare);

} // namespace mdeck::monitor
