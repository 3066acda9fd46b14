#include "core/monitor/reference.h"

#include "core/data/csv_reader.h"
#include "core/monitor/radix_sort.h"
#include "core/monitor/window.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace mdeck::monitor {

namespace {

constexpr std::size_t kBandChunks = 10;
constexpr std::size_t kMinChunkRows = 20;

double sampleQuantile(std::span<const double> sorted, double q)
{
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

Binning withShares(std::vector<double> edges, std::span<const double> sortedReference)
{
    Binning b;
    b.edges = std::move(edges);
    const auto counts = binCounts(b, sortedReference);
    const double n = static_cast<double>(sortedReference.size());
    for (auto c : counts)
        b.referenceShares.push_back(n > 0 ? static_cast<double>(c) / n : 0.0);
    return b;
}

std::vector<double> equalEdges(double lo, double hi, std::size_t bins)
{
    std::vector<double> edges(bins + 1);
    const double step = (hi - lo) / static_cast<double>(bins);
    for (std::size_t i = 0; i <= bins; ++i)
        edges[i] = lo + static_cast<double>(i) * step;
    edges[bins] = hi;
    return edges;
}

} // namespace

Binning quantileBinning(std::span<const double> sorted, std::size_t bins)
{
    if (sorted.empty())
        return Binning{{0.0, 0.0}, {1.0}};
    bins = std::max<std::size_t>(bins, 1);
    std::vector<double> edges;
    for (std::size_t i = 0; i <= bins; ++i) {
        const double e = sampleQuantile(sorted, static_cast<double>(i) / static_cast<double>(bins));
        if (edges.empty() || e > edges.back())
            edges.push_back(e);
    }
    if (edges.size() == 1)
        edges.push_back(edges.front());
    return withShares(std::move(edges), sorted);
}

Binning equalWidthBinning(std::span<const double> sorted, std::size_t bins)
{
    if (sorted.empty())
        return Binning{{0.0, 0.0}, {1.0}};
    return withShares(equalEdges(sorted.front(), sorted.back(), std::max<std::size_t>(bins, 1)),
                      sorted);
}

std::vector<std::uint64_t> binCounts(const Binning &binning, std::span<const double> values)
{
    std::vector<std::uint64_t> counts(binning.edges.size() - 1, 0);
    countIntoBins(binning.edges, values, counts);
    return counts;
}

Result<double> psiBinned(const Binning &binning, std::span<const std::uint64_t> counts)
{
    std::uint64_t total = 0;
    for (auto c : counts)
        total += c;
    if (total == 0)
        return Error(ErrorCode::InvalidArgument, "PSI: the current window is empty");
    Shares s;
    s.reference = binning.referenceShares;
    for (auto c : counts)
        s.current.push_back(static_cast<double>(c) / static_cast<double>(total));
    return psiFromShares(std::move(s));
}

Result<double> jensenShannonBinned(const Binning &binning, std::span<const std::uint64_t> counts)
{
    Shares s;
    s.reference = binning.referenceShares;
    for (auto c : counts)
        s.current.push_back(static_cast<double>(c));
    return jensenShannonFromShares(s);
}

const ReferenceColumn *Reference::column(const std::string &name) const
{
    for (const auto &c : columns)
        if (c.name == name)
            return &c;
    return nullptr;
}

void finishReference(Reference &reference, const MethodChoice &choice)
{
    std::mt19937_64 rng(42);
    for (auto &col : reference.columns) {
        auto find = [&](const auto &map) {
            auto it = map.find(col.name);
            if (it == map.end())
                it = map.find("*");
            return it;
        };
        DriftMethod method = DriftMethod::Auto;
        if (auto it = find(choice.methods); it != choice.methods.end())
            method = it->second;
        if (method == DriftMethod::Auto) {
            std::size_t distinct = col.categories.size();
            if (col.kind == ColumnKind::Numeric) {
                distinct = 0;
                for (std::size_t i = 0; i < col.sorted.size(); ++i)
                    if (i == 0 || col.sorted[i] != col.sorted[i - 1])
                        ++distinct;
            }
            method = autoMethod(col.kind, col.rows, distinct);
        }
        col.method = method;
        col.threshold = defaultThreshold(method);
        if (auto it = find(choice.thresholds);
            it != choice.thresholds.end() && !std::isnan(it->second))
            col.threshold = it->second;

        // Bands: score 10 shuffled chunks of the reference against the whole.
        CurrentColumn whole;
        std::vector<CurrentColumn> chunks(kBandChunks);
        if (col.kind == ColumnKind::Numeric) {
            std::vector<double> shuffled = col.sorted;
            std::shuffle(shuffled.begin(), shuffled.end(), rng);
            if (shuffled.size() < kBandChunks * kMinChunkRows)
                continue;
            for (std::size_t i = 0; i < shuffled.size(); ++i)
                chunks[i % kBandChunks].numbers.push_back(shuffled[i]);
        } else {
            std::uint64_t total = 0;
            for (const auto &[k, c] : col.categories)
                total += c;
            if (total < kBandChunks * kMinChunkRows)
                continue;
            // A proportional pseudo-sample of at most 10,000 labels.
            const double scale = std::min(1.0, 10000.0 / static_cast<double>(total));
            std::vector<const std::string *> labels;
            for (const auto &[k, c] : col.categories)
                for (std::uint64_t i = 0,
                                   n = static_cast<std::uint64_t>(
                                       std::llround(static_cast<double>(c) * scale));
                     i < n; ++i)
                    labels.push_back(&k);
            std::shuffle(labels.begin(), labels.end(), rng);
            for (std::size_t i = 0; i < labels.size(); ++i)
                ++chunks[i % kBandChunks].categories[*labels[i]];
        }
        std::vector<double> scores;
        for (auto &chunk : chunks) {
            std::sort(chunk.numbers.begin(), chunk.numbers.end());
            auto s = columnScore(col, chunk);
            if (s && std::isfinite(*s))
                scores.push_back(*s);
        }
        if (scores.size() < 2)
            continue;
        double mean = 0;
        for (double s : scores)
            mean += s;
        mean /= static_cast<double>(scores.size());
        double var = 0;
        for (double s : scores)
            var += (s - mean) * (s - mean);
        const double sd = std::sqrt(var / static_cast<double>(scores.size()));
        const double hiClip = isPValueMethod(method) || method == DriftMethod::JensenShannon
            ? (isPValueMethod(method) ? 1.0 : std::sqrt(std::log(2.0)))
            : std::numeric_limits<double>::infinity();
        col.band.lower = std::max(0.0, mean - 3 * sd);
        col.band.upper = std::min(hiClip, mean + 3 * sd);
        col.band.valid = true;
    }
}

Result<Reference> referenceFromProfile(const data::DatasetProfile &profile,
                                       const std::vector<std::string> &features,
                                       const MethodChoice &choice)
{
    Reference ref;
    ref.source = profile.source;
    ref.rows = profile.rows;
    for (const auto &name : features) {
        const data::ColumnProfile *p = profile.column(name);
        if (!p)
            return Error(ErrorCode::InvalidArgument,
                         "the reference profile has no column '" + name + "'");
        ReferenceColumn c;
        c.name = name;
        c.rows = p->count;
        c.missingRate = p->count + p->missing > 0
            ? static_cast<double>(p->missing) / static_cast<double>(p->count + p->missing)
            : 0.0;
        if (p->type == data::ColumnType::Categorical || p->type == data::ColumnType::Boolean) {
            c.kind = ColumnKind::Categorical;
            for (const auto &[k, n] : p->categories)
                c.categories[k] = n;
        } else {
            c.kind = ColumnKind::Numeric;
            c.sorted = p->sample;
            c.min = p->min;
            c.max = p->max;
            c.histogramEdges = p->histogram.edges;
        }
        ref.columns.push_back(std::move(c));
    }
    finishReference(ref, choice);
    return ref;
}

Result<Reference> referenceFromCsv(const std::string &path,
                                   const std::vector<std::string> &features,
                                   const MethodChoice &choice)
{
    auto table = data::readCsv(path);
    if (!table)
        return table.error();
    for (const auto &f : features)
        if (table->columnIndex(f) < 0)
            return Error(ErrorCode::InvalidArgument,
                         path + ": the reference CSV has no column '" + f + "'");
    auto ref = referenceFromProfile(data::profileTable(*table), features, choice);
    if (ref)
        ref->source = path;
    return ref;
}

} // namespace mdeck::monitor
