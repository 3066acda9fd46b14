#pragma once

// Train / validation / test splits by row index, seeded and reproducible.
// Errors: InvalidArgument (bad fractions, missing column, a class too small).

#include "core/data/table.h"

#include <cstdint>

namespace mdeck::data {

struct SplitFractions
{
    double train = 0.7;
    double validation = 0.15;
    double test = 0.15;
};

struct Split
{
    std::vector<std::size_t> train, validation, test;
};

// Each class of `target` is divided in the given proportions (rows with a
// missing target are dropped). Regression targets (numeric) use a plain
// seeded shuffle. Same seed, same table: same split.
// Details: parts are sized by the largest-remainder method and a class with
// at least one row always has one in train; a numeric target whose values
// are all integers with at most 50 distinct values (a 0/1 label, say) counts
// as classes. Shuffling is std::mt19937_64 with an in-repo Fisher–Yates, so
// splits are the same with every standard library. Each part lists its row
// indices in ascending order. The fractions must be >= 0, train > 0, and add
// up to 1 within 1e-9.
Result<Split> randomSplit(const Table &table, const std::string &target,
                          const SplitFractions &fractions, std::uint64_t seed,
                          bool stratify = true);

// Rows ordered by the datetime column: the oldest go to train, the newest to test.
// Each part lists its rows from oldest to newest (ties keep table order).
// A column that is not Datetime, or that has missing timestamps, is an error.
Result<Split> timeSplit(const Table &table, const std::string &timeColumn,
                        const SplitFractions &fractions);

} // namespace mdeck::data
