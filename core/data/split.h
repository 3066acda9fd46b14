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
Result<Split> randomSplit(const Table &table, const std::string &target, const SplitFractions &fractions,
                          std::uint64_t seed, bool stratify = true);

// Rows ordered by the datetime column: the oldest go to train, the newest to test.
Result<Split> timeSplit(const Table &table, const std::string &timeColumn, const SplitFractions &fractions);

} // namespace mdeck::data
