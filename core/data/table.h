#pragma once

// An in-memory, column-oriented table read from CSV, with one inferred (or
// overridden) type per column. Plain data; safe to read from many threads.

#include "core/base/result.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace mdeck::data {

enum class ColumnType { Numeric, Categorical, Boolean, Datetime };

const char *columnTypeName(ColumnType type);
Result<ColumnType> parseColumnType(const std::string &text);

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

struct Column
{
    std::string name;
    ColumnType type = ColumnType::Numeric;
    // Numeric: the value; Boolean: 0 or 1; Datetime: seconds since the Unix epoch (UTC).
    // Missing values are NaN. Empty for categorical columns.
    std::vector<double> numbers;
    // Categorical: index into `categories`, -1 when missing. Empty otherwise.
    std::vector<std::int32_t> codes;
    std::vector<std::string> categories; // in order of first appearance
    std::size_t missing = 0;

    bool isMissing(std::size_t row) const
    {
        return type == ColumnType::Categorical ? codes[row] < 0 : std::isnan(numbers[row]);
    }
};

struct Table
{
    std::string source; // file name, for messages
    std::vector<Column> columns;
    std::size_t rows = 0;
    std::string sha256; // of the bytes read, "" when not computed

    // -1 when absent.
    int columnIndex(const std::string &name) const;
    const Column *column(const std::string &name) const;
};

} // namespace mdeck::data
