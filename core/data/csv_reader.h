#pragma once

// RFC 4180 CSV: a header row, quoted fields with embedded commas, quotes ("")
// and newlines, LF or CRLF line ends, UTF-8 (invalid bytes are refused with
// line and column). Empty, "NA", "NaN" and "null" fields are missing values.
// Every error names the file, the line and the column (1-based).
// Threads: one reader per thread; readCsv is reentrant.
//
// Details fixed by the implementation: a UTF-8 byte order mark at the start
// is skipped; blank lines are skipped; a quote inside an unquoted field, text
// after a closing quote and a carriage return without a line feed are
// errors; columns are byte columns on the physical line. Type inference: a
// column whose values all parse as numbers is Numeric (a 0/1 column too);
// one whose values are all boolean words (parseBoolean) is Boolean; ISO
// dates and date-times are Datetime; anything else is Categorical. Numbers
// must be finite: "inf", "Infinity" or an overflowing literal in a Numeric
// column is an error.

#include "core/base/result.h"
#include "core/data/table.h"

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string_view>

namespace mdeck::data {

using ProgressFn = std::function<void(std::uint64_t bytesDone, std::uint64_t bytesTotal)>;

struct CsvOptions
{
    char delimiter = ',';
    // Types chosen by the user; other columns are inferred.
    std::map<std::string, ColumnType> typeOverrides;
    std::size_t maxRows = 0;               // 0 = no limit; more rows is an error
    std::size_t maxCategories = 1'000'000; // per categorical column
    std::size_t maxColumns = 100'000;
    std::size_t maxFieldBytes = 1u << 20; // one field
    bool computeSha256 = true;
    // Parsing threads for readCsv/parseCsv: 0 = two for texts over 8 MiB on
    // machines with at least four cores (readCsv also hashes on a thread of
    // its own), 1 = one, 2 = two whatever the size. The result is the same
    // either way.
    unsigned threads = 0;
};

// Streams rows one at a time with bounded memory: a read buffer of
// kBufferBytes plus the current record. Types are not inferred; fields are
// the unescaped text. Works on pipes as well as files.
// Errors: Io (open, read), InvalidArgument (malformed CSV, with line and column).
class CsvStreamReader
{
public:
    static constexpr std::size_t kBufferBytes = 1u << 16;

    ~CsvStreamReader();
    CsvStreamReader(CsvStreamReader &&) noexcept;
    CsvStreamReader &operator=(CsvStreamReader &&) noexcept;
    static Result<CsvStreamReader> open(const std::string &path, const CsvOptions &options = {});

    const std::vector<std::string> &header() const;
    // Reads the next record into `fields` (views valid until the next call).
    // Returns false at the end of the file. A record with a different number
    // of fields than the header is an error naming its line.
    Result<bool> next(std::vector<std::string_view> &fields);
    // Line on which the record just returned starts (1-based; the header is line 1).
    std::uint64_t recordLine() const;
    std::uint64_t bytesRead() const;
    std::uint64_t totalBytes() const;
    // SHA-256 of every byte consumed so far (complete after next() returned false).
    std::string sha256();
    const std::string &path() const;

    // For tests: bytes held by the read buffer (always kBufferBytes) and by
    // the current record's storage.
    std::size_t bufferCapacity() const;
    std::size_t recordCapacity() const;

private:
    CsvStreamReader();
    struct Impl;
    std::unique_ptr<Impl> m_d;
};

// True for "", "NA", "NaN", "nan", "null", "NULL", "N/A".
bool isMissingToken(std::string_view field);

// Reads a whole file into a typed Table. The file is mapped, hashed on a
// second thread and checked for UTF-8; then one pass infers and converts
// every column (the two halves of a big file on two threads), and a column
// whose values stop fitting its type after some were stored is read again
// as text in a second pass. Progress is reported about every MiB, and the
// stop token is checked as often (Cancelled).
Result<Table> readCsv(const std::string &path, const CsvOptions &options = {},
                      const ProgressFn &progress = {}, std::stop_token stop = {});
// The same from text already in memory; `source` names it in messages.
Result<Table> parseCsv(std::string_view text, const std::string &source,
                       const CsvOptions &options = {});

// Parses an ISO 8601 date or date-time ("2012-01-01", "2012-01-01T10:00:00Z",
// "2012-01-01 10:00") to seconds since the epoch, UTC.
std::optional<double> parseDatetime(std::string_view text);
// Strict decimal number parse (no trailing garbage); NaN/Inf text is not a number here.
// A leading '+' is accepted; surrounding spaces are not.
std::optional<double> parseNumber(std::string_view text);
// "true", "True", "TRUE", "yes", "1" -> 1; "false", "False", "FALSE", "no", "0" -> 0.
std::optional<double> parseBoolean(std::string_view text);

} // namespace mdeck::data
