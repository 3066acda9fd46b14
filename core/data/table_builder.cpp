#include "core/data/table_builder_p.h"

#include "core/common/system_info.h"
#include "core/data/csv_text_p.h"
#include "core/data/csv_tokenizer_p.h"

#include <sys/mman.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <thread>
#include <unordered_map>

namespace mdeck::data::detail {

namespace {

constexpr std::size_t kNone = ~std::size_t(0);
constexpr std::size_t kParallelBytes = 8u << 20; // below this, one thread is as fast
// readCsv hashes on a thread of its own; on a two-core machine a second
// parsing thread only competes with it (measured: slower, not faster).
constexpr unsigned kParallelCores = 4;
constexpr std::size_t kCheckEvery = 1u << 20; // bytes between progress and stop checks

struct TransparentHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// How pass 1 stores a column (see table_builder_p.h).
enum class Mode { Numeric, Datetime, Boolean, Text, Deferred };

struct ColumnBuilder
{
    std::size_t index = 0; // in the header
    Mode mode = Mode::Numeric;
    std::optional<ColumnType> forced; // the user's override
    std::vector<double> numbers;
    std::vector<std::int32_t> codes;
    std::vector<std::string> categories;
    std::unordered_map<std::string, std::int32_t, TransparentHash, std::equal_to<>> dictionary;
    std::size_t missing = 0;
    std::size_t values = 0;              // non-missing values stored so far
    std::size_t nonFiniteOffset = kNone; // first "inf" of a column inferred numeric
    std::string nonFiniteValue;

    // Only missing values so far: any mode can still be chosen for free.
    bool undecided() const
    {
        return mode == Mode::Numeric && !forced && values == 0 && nonFiniteOffset == kNone;
    }
    void defer()
    {
        mode = Mode::Deferred;
        std::vector<double>().swap(numbers);
        std::vector<std::int32_t>().swap(codes);
        categories.clear();
        dictionary.clear();
    }
};

struct Chunk
{
    std::vector<ColumnBuilder> columns;
    std::size_t rows = 0;
};

using OffsetFn = std::function<void(std::size_t)>;

// Column vectors of big files are written once, front to back: asking for
// transparent huge pages turns some 500 page faults per million rows into
// one. Only a hint; nothing changes where the kernel declines.
template<typename T>
void adviseHugePages(const std::vector<T> &v)
{
    constexpr std::uintptr_t kHuge = 2u << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(v.data());
    const std::uintptr_t end = begin + v.capacity() * sizeof(T);
    const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t last = end & ~(kHuge - 1);
    if (last > first)
        ::madvise(reinterpret_cast<void *>(first), last - first, MADV_HUGEPAGE);
}

class TableBuilder
{
public:
    TableBuilder(std::string_view text, const std::string &source, const CsvOptions &options)
        : m_text(text)
        , m_source(source)
        , m_options(options)
    {}

    Result<Table> build(const ProgressFn &progress, const std::stop_token &stop,
                        std::uint64_t bomBytes, std::uint64_t totalBytes);

private:
    CsvTokenizer tokenizer(std::size_t from, std::size_t to) const
    {
        CsvTokenizer t(m_text.substr(0, to), m_source, m_options.delimiter, m_options.maxFieldBytes);
        t.rewind(from);
        return t;
    }
    Result<void> readHeader();
    std::size_t estimateRows(std::size_t from, std::size_t to) const;
    Chunk newChunk(std::size_t expectedRows) const;
    Result<void> readRecords(CsvTokenizer &tokenizer, Chunk &chunk,
                             const std::vector<std::size_t> *deferred, const OffsetFn &onOffset,
                             const std::stop_token &stop) const;
    Result<void> addSlow(ColumnBuilder &c, const FieldRef &f) const;
    Result<void> addText(ColumnBuilder &c, const FieldRef &f) const;
    Result<Chunk> readSequential(const OffsetFn &onOffset, const std::stop_token &stop) const;
    std::optional<Chunk> readParallel(const ProgressFn &progress, const std::stop_token &stop,
                                      std::uint64_t bomBytes, std::uint64_t totalBytes) const;
    std::size_t findSplit() const;
    bool merge(Chunk &a, Chunk &b) const;
    Result<Column> finish(ColumnBuilder &c, std::string name) const;
    Error valueError(std::size_t column, std::size_t offset, std::string_view value,
                     const std::string &what) const;

    std::string_view m_text;
    const std::string &m_source;
    const CsvOptions &m_options;
    std::vector<std::string> m_names;
    std::size_t m_dataOffset = 0; // first byte after the header
};

Error TableBuilder::valueError(std::size_t column, std::size_t offset, std::string_view value,
                               const std::string &what) const
{
    const TextPosition pos = positionAt(m_text, offset);
    return Error(ErrorCode::InvalidArgument,
                 where(m_source, pos) + "value " + quoted(value) + " in column "
                     + quoted(m_names[column]) + " " + what,
                 pos.line);
}

Result<void> TableBuilder::readHeader()
{
    CsvTokenizer t = tokenizer(0, m_text.size());
    const bool got = t.next([&](std::size_t i, std::string_view text, std::size_t) {
        if (i <= m_options.maxColumns)
            m_names.emplace_back(text);
        return true;
    });
    if (!got) {
        if (t.error())
            return *t.error();
        return Error(ErrorCode::InvalidArgument, m_source + " is empty");
    }
    const int line = positionAt(m_text, t.recordOffset()).line;
    MDECK_TRY(checkHeader(m_names, t.fieldCount(), m_source, line, m_options));
    m_dataOffset = t.offset();
    return success();
}

// Rows in [from, to), from the line ends in its first 64 KiB, so the column
// vectors are allocated once.
std::size_t TableBuilder::estimateRows(std::size_t from, std::size_t to) const
{
    const std::size_t rest = to - from;
    const std::size_t probe = std::min<std::size_t>(rest, 1u << 16);
    if (probe == 0)
        return 0;
    std::size_t lines = 0;
    const char *p = m_text.data() + from;
    const char *end = p + probe;
    while (p < end) {
        const void *nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (!nl)
            break;
        ++lines;
        p = static_cast<const char *>(nl) + 1;
    }
    const double estimate = (static_cast<double>(lines) + 1) * static_cast<double>(rest)
        / static_cast<double>(probe);
    std::size_t rows = static_cast<std::size_t>(estimate * 1.02) + 16;
    if (m_options.maxRows > 0)
        rows = std::min(rows, m_options.maxRows);
    return rows;
}

Chunk TableBuilder::newChunk(std::size_t expectedRows) const
{
    Chunk chunk;
    chunk.columns.resize(m_names.size());
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        ColumnBuilder &c = chunk.columns[i];
        c.index = i;
        if (const auto it = m_options.typeOverrides.find(m_names[i]);
            it != m_options.typeOverrides.end())
            c.forced = it->second;
        if (c.forced == ColumnType::Categorical) {
            c.mode = Mode::Text;
            c.codes.reserve(expectedRows);
            adviseHugePages(c.codes);
        } else {
            c.mode = c.forced == ColumnType::Datetime ? Mode::Datetime
                : c.forced == ColumnType::Boolean     ? Mode::Boolean
                                                      : Mode::Numeric;
            c.numbers.reserve(expectedRows);
            adviseHugePages(c.numbers);
        }
    }
    return chunk;
}

Result<void> TableBuilder::addText(ColumnBuilder &c, const FieldRef &f) const
{
    if (isMissingToken(f.text)) {
        c.codes.push_back(-1);
        ++c.missing;
        return success();
    }
    auto it = c.dictionary.find(f.text);
    if (it == c.dictionary.end()) {
        if (c.categories.size() >= m_options.maxCategories)
            return valueError(c.index, f.offset, f.text,
                              "is one category too many: the column has more than "
                                  + std::to_string(m_options.maxCategories)
                                  + " distinct values (the maxCategories limit)");
        it = c.dictionary
                 .emplace(std::string(f.text), static_cast<std::int32_t>(c.categories.size()))
                 .first;
        c.categories.emplace_back(f.text);
    }
    c.codes.push_back(it->second);
    ++c.values;
    return success();
}

// Everything the hot loop does not handle: missing values, other modes,
// type changes and errors.
Result<void> TableBuilder::addSlow(ColumnBuilder &c, const FieldRef &f) const
{
    if (c.mode == Mode::Text)
        return addText(c, f);
    if (c.mode == Mode::Deferred)
        return success();
    if (isMissingToken(f.text)) {
        c.numbers.push_back(kMissing);
        ++c.missing;
        return success();
    }
    if (c.mode == Mode::Numeric) {
        double v = 0;
        const NumberKind kind = classifyNumber(f.text, v);
        if (kind == NumberKind::Number) {
            c.numbers.push_back(v);
            ++c.values;
            return success();
        }
        if (kind == NumberKind::NonFinite) {
            if (c.forced)
                return valueError(c.index, f.offset, f.text, "is not a finite number");
            if (c.nonFiniteOffset == kNone) {
                c.nonFiniteOffset = f.offset;
                c.nonFiniteValue = std::string(f.text);
            }
            c.numbers.push_back(kMissing); // a placeholder: the column is refused or re-read
            return success();
        }
        if (c.forced)
            return valueError(c.index, f.offset, f.text,
                              "is not a number (the column's type is set to numeric)");
        if (!c.undecided()) {
            c.defer();
            return success();
        }
        // Nothing stored but missing values: change the mode for free.
        if (parseDatetime(f.text)) {
            c.mode = Mode::Datetime;
        } else {
            const std::size_t rows = c.numbers.size();
            c.mode = Mode::Text;
            c.codes.reserve(c.numbers.capacity());
            adviseHugePages(c.codes);
            c.codes.assign(rows, -1);
            std::vector<double>().swap(c.numbers);
            return addText(c, f);
        }
    }
    if (c.mode == Mode::Datetime) {
        if (const auto t = parseDatetime(f.text)) {
            c.numbers.push_back(*t);
            ++c.values;
            return success();
        }
        if (c.forced)
            return valueError(c.index, f.offset, f.text,
                              "is not an ISO 8601 date or date-time (the column's type is set to "
                              "datetime)");
        c.defer();
        return success();
    }
    // Mode::Boolean is only ever chosen by an override.
    if (const auto b = parseBoolean(f.text)) {
        c.numbers.push_back(*b);
        ++c.values;
        return success();
    }
    return valueError(c.index, f.offset, f.text,
                      "is not a boolean (the column's type is set to boolean: use true/false, "
                      "yes/no or 1/0)");
}

// Reads records from the tokenizer into `chunk`: every column, or in pass 2
// only the `deferred` ones, as text.
Result<void> TableBuilder::readRecords(CsvTokenizer &tokenizer, Chunk &chunk,
                                       const std::vector<std::size_t> *deferred,
                                       const OffsetFn &onOffset, const std::stop_token &stop) const
{
    const std::size_t width = m_names.size();
    std::vector<bool> isDeferred(width, false);
    if (deferred)
        for (const std::size_t j : *deferred)
            isDeferred[j] = true;
    std::optional<Error> fieldError;
    const char *textEnd = m_text.data() + m_text.size();
    // Pass 1 takes every field; numbers are the hot path, inlined here.
    const auto firstPass = [&](std::size_t j, std::string_view text, std::size_t offset) {
        if (j >= width)
            return true; // a ragged record: counted, refused below
        ColumnBuilder &c = chunk.columns[j];
        double v;
        // Views into the text may be read past their end (unescaped ones
        // live in the tokenizer's scratch buffer and may not).
        const char *readable = text.data() >= m_text.data() && text.data() < textEnd ? textEnd
                                                                                     : nullptr;
        if (c.mode == Mode::Numeric && parsePlainNumber(text, v, readable)) {
            c.numbers.push_back(v);
            ++c.values;
            return true;
        }
        if (auto added = addSlow(c, {text, offset}); !added) {
            fieldError = added.error();
            return false;
        }
        return true;
    };
    const auto secondPass = [&](std::size_t j, std::string_view text, std::size_t offset) {
        if (j >= width || !isDeferred[j])
            return true;
        if (auto added = addText(chunk.columns[j], {text, offset}); !added) {
            fieldError = added.error();
            return false;
        }
        return true;
    };
    std::size_t nextCheck = tokenizer.offset() + kCheckEvery;
    std::size_t rows = 0;
    while (deferred ? tokenizer.next(secondPass) : tokenizer.next(firstPass)) {
        if (tokenizer.fieldCount() != width) {
            const int line = positionAt(m_text, tokenizer.recordOffset()).line;
            return Error(ErrorCode::InvalidArgument,
                         raggedRecord(m_source, line, tokenizer.fieldCount(), width), line);
        }
        if (++rows > m_options.maxRows && m_options.maxRows > 0) {
            const int line = positionAt(m_text, tokenizer.recordOffset()).line;
            return Error(ErrorCode::InvalidArgument,
                         m_source + ":" + std::to_string(line) + ": more than "
                             + std::to_string(m_options.maxRows) + " rows (the maxRows limit)",
                         line);
        }
        if (tokenizer.offset() >= nextCheck) {
            nextCheck = tokenizer.offset() + kCheckEvery;
            if (stop.stop_requested())
                return Error(ErrorCode::Cancelled, "reading " + m_source + " was cancelled");
            if (onOffset)
                onOffset(tokenizer.offset());
        }
    }
    if (fieldError)
        return *fieldError;
    if (tokenizer.error())
        return *tokenizer.error();
    chunk.rows = rows;
    return success();
}

Result<Chunk> TableBuilder::readSequential(const OffsetFn &onOffset,
                                           const std::stop_token &stop) const
{
    Chunk chunk = newChunk(estimateRows(m_dataOffset, m_text.size()));
    CsvTokenizer t = tokenizer(m_dataOffset, m_text.size());
    MDECK_TRY(readRecords(t, chunk, nullptr, onOffset, stop));
    return chunk;
}

// A record boundary near the middle of the data: the first line end after
// the middle with an even number of quotes before it. In RFC 4180 text,
// quotes come in pairs outside fields and an odd count means "inside a
// quoted field"; text where this is wrong fails in the first half, and a
// failed half sends the whole text to one thread.
std::size_t TableBuilder::findSplit() const
{
    const char *base = m_text.data();
    const char *end = base + m_text.size();
    const char *mid = base + m_dataOffset + (m_text.size() - m_dataOffset) / 2;
    std::size_t quotes = 0;
    for (const char *p = base + m_dataOffset; p < mid;) {
        const void *q = std::memchr(p, '"', static_cast<std::size_t>(mid - p));
        if (!q)
            break;
        ++quotes;
        p = static_cast<const char *>(q) + 1;
    }
    for (const char *p = mid; p < end; ++p) {
        if (*p == '"')
            ++quotes;
        else if (*p == '\n' && quotes % 2 == 0)
            return p + 1 < end ? static_cast<std::size_t>(p + 1 - base) : kNone;
    }
    return kNone;
}

// Appends b to a, column by column, as a sequential read would have built
// it; columns whose halves disagree are deferred to pass 2. False when the
// merged dictionary is over the limit (the sequential read names the value).
bool TableBuilder::merge(Chunk &a, Chunk &b) const
{
    const std::size_t rowsA = a.rows;
    for (std::size_t j = 0; j < a.columns.size(); ++j) {
        ColumnBuilder &x = a.columns[j];
        ColumnBuilder &y = b.columns[j];
        if (x.mode == Mode::Deferred || y.mode == Mode::Deferred) {
            x.defer();
            continue;
        }
        if (y.undecided()) { // b holds only missing values
            if (x.mode == Mode::Text)
                x.codes.insert(x.codes.end(), b.rows, -1);
            else
                x.numbers.insert(x.numbers.end(), b.rows, kMissing);
            x.missing += y.missing;
            continue;
        }
        if (x.undecided()) { // a holds only missing values: take b's mode
            x.mode = y.mode;
            x.values = y.values;
            x.missing += y.missing;
            x.nonFiniteOffset = y.nonFiniteOffset;
            x.nonFiniteValue = std::move(y.nonFiniteValue);
            if (y.mode == Mode::Text) {
                std::vector<double>().swap(x.numbers);
                x.codes.reserve(rowsA + y.codes.size());
                x.codes.assign(rowsA, -1);
                x.codes.insert(x.codes.end(), y.codes.begin(), y.codes.end());
                x.categories = std::move(y.categories);
                x.dictionary = std::move(y.dictionary);
            } else {
                x.numbers.insert(x.numbers.end(), y.numbers.begin(), y.numbers.end());
            }
            continue;
        }
        if (x.mode != y.mode) {
            x.defer();
            continue;
        }
        x.values += y.values;
        x.missing += y.missing;
        if (x.nonFiniteOffset == kNone) {
            x.nonFiniteOffset = y.nonFiniteOffset;
            x.nonFiniteValue = std::move(y.nonFiniteValue);
        }
        if (x.mode != Mode::Text) {
            x.numbers.insert(x.numbers.end(), y.numbers.begin(), y.numbers.end());
            continue;
        }
        // b's codes renumbered into a's dictionary, new values appended in
        // b's order of first appearance.
        std::vector<std::int32_t> remap(y.categories.size());
        for (std::size_t k = 0; k < y.categories.size(); ++k) {
            auto it = x.dictionary.find(y.categories[k]);
            if (it == x.dictionary.end()) {
                if (x.categories.size() >= m_options.maxCategories)
                    return false;
                it = x.dictionary
                         .emplace(y.categories[k], static_cast<std::int32_t>(x.categories.size()))
                         .first;
                x.categories.push_back(std::move(y.categories[k]));
            }
            remap[k] = it->second;
        }
        x.codes.reserve(x.codes.size() + y.codes.size());
        for (const std::int32_t code : y.codes)
            x.codes.push_back(code < 0 ? -1 : remap[static_cast<std::size_t>(code)]);
    }
    a.rows += b.rows;
    return true;
}

std::optional<Chunk> TableBuilder::readParallel(const ProgressFn &progress,
                                                const std::stop_token &stop, std::uint64_t bomBytes,
                                                std::uint64_t totalBytes) const
{
    const std::size_t split = findSplit();
    if (split == kNone)
        return std::nullopt;
    // The first half gets room for every row, so that merging rarely reallocates.
    Chunk a = newChunk(estimateRows(m_dataOffset, m_text.size()));
    Chunk b = newChunk(estimateRows(split, m_text.size()));
    std::atomic<std::size_t> secondAt{split};
    std::optional<Result<void>> second;
    {
        std::jthread worker([&] {
            try {
                CsvTokenizer t = tokenizer(split, m_text.size());
                second = readRecords(
                    t, b, nullptr, [&](std::size_t offset) { secondAt = offset; }, stop);
            } catch (const std::exception &e) {
                second = Error(ErrorCode::Internal, e.what());
            }
        });
        CsvTokenizer t = tokenizer(m_dataOffset, split);
        const auto first = readRecords(
            t, a, nullptr,
            [&](std::size_t offset) {
                if (progress)
                    progress(bomBytes + offset + (secondAt - split), totalBytes);
            },
            stop);
        worker.join();
        if (!first || !second || !*second)
            return std::nullopt;
    }
    if (!merge(a, b))
        return std::nullopt;
    return a;
}

Result<Column> TableBuilder::finish(ColumnBuilder &c, std::string name) const
{
    if (c.mode == Mode::Numeric && c.nonFiniteOffset != kNone)
        return valueError(c.index, c.nonFiniteOffset, c.nonFiniteValue,
                          "is not a finite number (numeric columns refuse infinities)");
    Column col;
    col.name = std::move(name);
    col.missing = c.missing;
    switch (c.mode) {
    case Mode::Numeric:
    case Mode::Datetime:
    case Mode::Boolean:
        col.type = c.mode == Mode::Numeric ? ColumnType::Numeric
            : c.mode == Mode::Datetime     ? ColumnType::Datetime
                                           : ColumnType::Boolean;
        col.numbers = std::move(c.numbers);
        return col;
    case Mode::Deferred:
        MDECK_ASSERT(false);
        return Error(ErrorCode::Internal, "column " + col.name + " was not read");
    case Mode::Text:
        break;
    }
    // A text column is boolean when every distinct value is a boolean word
    // (dates never reach text mode: they have a mode of their own); checking
    // the dictionary costs one parse per distinct value.
    if (!c.forced && !c.categories.empty()) {
        std::vector<double> byCode;
        byCode.reserve(c.categories.size());
        for (const std::string &v : c.categories) {
            const auto b = parseBoolean(v);
            if (!b)
                break;
            byCode.push_back(*b);
        }
        if (byCode.size() == c.categories.size()) {
            col.type = ColumnType::Boolean;
            col.numbers.resize(c.codes.size());
            for (std::size_t r = 0; r < c.codes.size(); ++r)
                col.numbers[r] = c.codes[r] < 0 ? kMissing
                                                : byCode[static_cast<std::size_t>(c.codes[r])];
            return col;
        }
    }
    col.type = ColumnType::Categorical;
    col.codes = std::move(c.codes);
    col.categories = std::move(c.categories);
    return col;
}

Result<Table> TableBuilder::build(const ProgressFn &progress, const std::stop_token &stop,
                                  std::uint64_t bomBytes, std::uint64_t totalBytes)
{
    MDECK_TRY(readHeader());
    const auto report = [&](std::size_t offset) {
        if (progress)
            progress(bomBytes + offset, totalBytes);
    };
    const bool twoThreads = m_options.threads >= 2
        || (m_options.threads == 0 && m_options.maxRows == 0
            && m_text.size() - m_dataOffset >= kParallelBytes && usableCores() >= kParallelCores);
    std::optional<Chunk> read;
    if (twoThreads)
        read = readParallel(progress, stop, bomBytes, totalBytes);
    if (!read) {
        if (stop.stop_requested())
            return Error(ErrorCode::Cancelled, "reading " + m_source + " was cancelled");
        auto sequential = readSequential(report, stop);
        if (!sequential)
            return sequential.error();
        read = std::move(*sequential);
    }
    Chunk &chunk = *read;
    std::vector<std::size_t> deferred;
    for (std::size_t j = 0; j < chunk.columns.size(); ++j) {
        ColumnBuilder &c = chunk.columns[j];
        if (c.mode != Mode::Deferred)
            continue;
        deferred.push_back(j);
        c = ColumnBuilder();
        c.index = j;
        c.mode = Mode::Text;
        c.codes.reserve(chunk.rows);
    }
    if (!deferred.empty()) {
        CsvTokenizer t = tokenizer(m_dataOffset, m_text.size());
        Chunk again;
        again.columns = std::move(chunk.columns);
        MDECK_TRY(readRecords(t, again, &deferred, {}, stop));
        chunk.columns = std::move(again.columns);
    }
    Table table;
    table.source = m_source;
    table.rows = chunk.rows;
    table.columns.reserve(chunk.columns.size());
    for (std::size_t j = 0; j < chunk.columns.size(); ++j) {
        auto column = finish(chunk.columns[j], m_names[j]);
        if (!column)
            return column.error();
        table.columns.push_back(std::move(*column));
    }
    if (progress)
        progress(totalBytes, totalBytes);
    return table;
}

} // namespace

Result<Table> buildTable(std::string_view text, const std::string &source,
                         const CsvOptions &options, const ProgressFn &progress,
                         const std::stop_token &stop, std::uint64_t bomBytes,
                         std::uint64_t totalBytes)
{
    TableBuilder builder(text, source, options);
    return builder.build(progress, stop, bomBytes, totalBytes);
}

} // namespace mdeck::data::detail
