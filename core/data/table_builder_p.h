#pragma once

// Internal to core/data: CSV text wholly in memory into a typed Table.
//
// One pass infers and converts every column: inferred columns start numeric
// and change mode for free until they hold a value; a column whose values
// stop fitting after some were stored is "deferred" and read again, as
// text, in a second pass. Big texts are split at a record boundary (found
// by quote parity) and the halves are read on two threads, then merged;
// a column whose halves disagree is deferred like any other. When either
// half fails, the whole text is read again on one thread, so errors are
// exactly those of a sequential read.

#include "core/base/result.h"
#include "core/data/csv_reader.h"

#include <cstdint>
#include <stop_token>
#include <string>
#include <string_view>

namespace mdeck::data::detail {

// `text` is valid UTF-8 without NUL bytes and without the byte order mark;
// `bomBytes` and `totalBytes` only shape progress reports.
Result<Table> buildTable(std::string_view text, const std::string &source,
                         const CsvOptions &options, const ProgressFn &progress,
                         const std::stop_token &stop, std::uint64_t bomBytes,
                         std::uint64_t totalBytes);

} // namespace mdeck::data::detail
