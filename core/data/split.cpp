#include "core/data/split.h"

#include "core/data/random_p.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace mdeck::data {

namespace {

// A numeric target with at most this many distinct integer values is a
// class label (a 0/1 target, say) and is stratified like a categorical one.
constexpr std::size_t kMaxNumericClasses = 50;

Result<void> checkFractions(const SplitFractions &f)
{
    const std::pair<const char *, double> parts[] = {{"train", f.train},
                                                     {"validation", f.validation},
                                                     {"test", f.test}};
    for (const auto &[name, value] : parts) {
        if (!(value >= 0 && value <= 1))
            return Error(ErrorCode::InvalidArgument,
                         std::string("the ") + name
                             + " fraction must be a number from 0 to 1 (it is "
                             + std::to_string(value) + ")");
    }
    const double sum = f.train + f.validation + f.test;
    if (std::fabs(sum - 1.0) > 1e-9)
        return Error(ErrorCode::InvalidArgument,
                     "the train, validation and test fractions must add up to 1 (they add up to "
                         + std::to_string(sum) + ")");
    if (f.train <= 0)
        return Error(ErrorCode::InvalidArgument, "the train fraction must be greater than 0");
    return success();
}

struct Counts
{
    std::size_t train = 0, validation = 0, test = 0;
};

// Divides n rows by the largest-remainder method, so the parts always add
// up to n; train gets at least one row whenever n >= 1.
Counts allocate(std::size_t n, const SplitFractions &f)
{
    const double ideal[3] = {static_cast<double>(n) * f.train,
                             static_cast<double>(n) * f.validation,
                             static_cast<double>(n) * f.test};
    std::size_t parts[3];
    std::size_t given = 0;
    for (int i = 0; i < 3; ++i) {
        parts[i] = std::min(n, static_cast<std::size_t>(std::floor(ideal[i])));
        given += parts[i];
    }
    int order[3] = {0, 1, 2};
    std::stable_sort(order, order + 3, [&](int a, int b) {
        return ideal[a] - std::floor(ideal[a]) > ideal[b] - std::floor(ideal[b]);
    });
    for (int k = 0; given < n; k = (k + 1) % 3) {
        ++parts[order[k]];
        ++given;
    }
    while (given > n) { // only when rounding made the floors overshoot
        const int i = parts[2] > 0 ? 2 : parts[1] > 0 ? 1 : 0;
        --parts[i];
        --given;
    }
    if (n > 0 && parts[0] == 0) {
        const int from = parts[1] >= parts[2] ? 1 : 2;
        --parts[from];
        ++parts[0];
    }
    return {parts[0], parts[1], parts[2]};
}

void deal(const std::vector<std::size_t> &rows, const Counts &counts, Split &split)
{
    auto it = rows.begin();
    split.train.insert(split.train.end(), it, it + static_cast<std::ptrdiff_t>(counts.train));
    it += static_cast<std::ptrdiff_t>(counts.train);
    split.validation.insert(split.validation.end(), it,
                            it + static_cast<std::ptrdiff_t>(counts.validation));
    it += static_cast<std::ptrdiff_t>(counts.validation);
    split.test.insert(split.test.end(), it, rows.end());
}

bool isClassLabel(const Column &c)
{
    if (c.type == ColumnType::Categorical || c.type == ColumnType::Boolean)
        return true;
    if (c.type != ColumnType::Numeric)
        return false;
    std::vector<double> distinct;
    for (const double v : c.numbers) {
        if (std::isnan(v))
            continue;
        if (v != std::floor(v))
            return false;
        if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) {
            if (distinct.size() == kMaxNumericClasses)
                return false;
            distinct.push_back(v);
        }
    }
    return true;
}

const Column *findColumn(const Table &table, const std::string &name, Error &error)
{
    const Column *c = table.column(name);
    if (!c)
        error = Error(ErrorCode::InvalidArgument,
                      table.source + " has no column '" + name + "' to split by");
    return c;
}

} // namespace

Result<Split> randomSplit(const Table &table, const std::string &target,
                          const SplitFractions &fractions, std::uint64_t seed, bool stratify)
{
    MDECK_TRY(checkFractions(fractions));
    Error error;
    const Column *column = findColumn(table, target, error);
    if (!column)
        return error;
    // Classes keyed by their value (numbers) or code (categories), in
    // ascending order, each with its rows in table order.
    std::map<double, std::vector<std::size_t>> classes;
    const bool stratified = stratify && isClassLabel(*column);
    std::size_t usable = 0;
    for (std::size_t r = 0; r < table.rows; ++r) {
        if (column->isMissing(r))
            continue;
        ++usable;
        const double key = !stratified                ? 0.0
            : column->type == ColumnType::Categorical ? column->codes[r]
                                                      : column->numbers[r];
        classes[key].push_back(r);
    }
    if (usable == 0)
        return Error(ErrorCode::InvalidArgument,
                     "column '" + target + "' of " + table.source + " has no values to split by");
    std::mt19937_64 rng(seed);
    Split split;
    for (auto &[key, rows] : classes) {
        (void) key;
        detail::shuffle(rows, rng);
        deal(rows, allocate(rows.size(), fractions), split);
    }
    for (auto *part : {&split.train, &split.validation, &split.test})
        std::sort(part->begin(), part->end());
    return split;
}

Result<Split> timeSplit(const Table &table, const std::string &timeColumn,
                        const SplitFractions &fractions)
{
    MDECK_TRY(checkFractions(fractions));
    Error error;
    const Column *column = findColumn(table, timeColumn, error);
    if (!column)
        return error;
    if (column->type != ColumnType::Datetime)
        return Error(ErrorCode::InvalidArgument,
                     "column '" + timeColumn + "' of " + table.source + " is "
                         + columnTypeName(column->type)
                         + ", not datetime: a time split needs dates");
    if (column->missing > 0)
        return Error(ErrorCode::InvalidArgument,
                     "column '" + timeColumn + "' of " + table.source + " has "
                         + std::to_string(column->missing)
                         + (column->missing == 1 ? " missing timestamp" : " missing timestamps")
                         + "; drop or fill those rows before a time split");
    if (table.rows == 0)
        return Error(ErrorCode::InvalidArgument, table.source + " has no rows to split");
    std::vector<std::size_t> order(table.rows);
    for (std::size_t r = 0; r < table.rows; ++r)
        order[r] = r;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return column->numbers[a] < column->numbers[b];
    });
    Split split;
    deal(order, allocate(order.size(), fractions), split);
    return split;
}

} // namespace mdeck::data
