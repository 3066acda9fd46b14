#include "core/data/csv_reader.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/data/csv_text_p.h"
#include "core/data/csv_tokenizer_p.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>
#include <unordered_map>

namespace mdeck::data {

using detail::FieldRef;

namespace {

constexpr std::size_t kNone = ~std::size_t(0);

struct TransparentHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// How pass 1 stores a column. Inferred columns start as Numeric; a column
// whose first value is not a number switches at no cost. A column that has
// stored values and then meets one that does not fit is Deferred: pass 2
// reads it again as text.
enum class Mode { Numeric, Datetime, Boolean, Text, Deferred };

struct ColumnBuilder
{
    std::string name;
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
};

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

    Result<Table> build(const ProgressFn &progress, std::stop_token stop, std::uint64_t bomBytes,
                        std::uint64_t totalBytes);

private:
    Result<void> readHeader(detail::CsvTokenizer &tokenizer);
    std::size_t estimateRows(std::size_t from) const;
    Result<void> readRecords(detail::CsvTokenizer &tokenizer, bool secondPass,
                             const ProgressFn &progress, const std::stop_token &stop,
                             std::uint64_t bomBytes, std::uint64_t totalBytes);
    Result<void> addSlow(ColumnBuilder &c, const FieldRef &f);
    Result<void> addText(ColumnBuilder &c, const FieldRef &f);
    Result<Column> finish(ColumnBuilder &c);
    Error valueError(const ColumnBuilder &c, std::size_t offset, std::string_view value,
                     const std::string &what) const;

    std::string_view m_text;
    const std::string &m_source;
    const CsvOptions &m_options;
    std::vector<ColumnBuilder> m_columns;
    std::size_t m_dataOffset = 0; // first byte after the header
    std::size_t m_rows = 0;
};

Error TableBuilder::valueError(const ColumnBuilder &c, std::size_t offset, std::string_view value,
                               const std::string &what) const
{
    const detail::TextPosition pos = detail::positionAt(m_text, offset);
    return Error(ErrorCode::InvalidArgument,
                 detail::where(m_source, pos) + "value " + detail::quoted(value) + " in column "
                     + detail::quoted(c.name) + " " + what,
                 pos.line);
}

Result<void> TableBuilder::readHeader(detail::CsvTokenizer &tokenizer)
{
    std::vector<std::string> names;
    const bool got = tokenizer.next([&](std::size_t i, std::string_view text, std::size_t) {
        if (i <= m_options.maxColumns)
            names.emplace_back(text);
        return true;
    });
    if (!got) {
        if (tokenizer.error())
            return *tokenizer.error();
        return Error(ErrorCode::InvalidArgument, m_source + " is empty");
    }
    const int line = detail::positionAt(m_text, tokenizer.recordOffset()).line;
    MDECK_TRY(detail::checkHeader(names, tokenizer.fieldCount(), m_source, line, m_options));
    m_dataOffset = tokenizer.offset();
    const std::size_t expectedRows = estimateRows(m_dataOffset);
    m_columns.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        ColumnBuilder &c = m_columns[i];
        c.name = std::move(names[i]);
        if (const auto it = m_options.typeOverrides.find(c.name);
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
    return success();
}

// Rows in the rest of the text, from the line ends in its first 64 KiB, so
// the column vectors are allocated once.
std::size_t TableBuilder::estimateRows(std::size_t from) const
{
    const std::size_t rest = m_text.size() - from;
    const std::size_t probe = std::min<std::size_t>(rest, 1u << 16);
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
    if (probe == 0)
        return 0;
    const double estimate = (static_cast<double>(lines) + 1) * static_cast<double>(rest)
        / static_cast<double>(probe);
    std::size_t rows = static_cast<std::size_t>(estimate * 1.02) + 16;
    if (m_options.maxRows > 0)
        rows = std::min(rows, m_options.maxRows);
    return rows;
}

Result<void> TableBuilder::addText(ColumnBuilder &c, const FieldRef &f)
{
    if (isMissingToken(f.text)) {
        c.codes.push_back(-1);
        ++c.missing;
        return success();
    }
    auto it = c.dictionary.find(f.text);
    if (it == c.dictionary.end()) {
        if (c.categories.size() >= m_options.maxCategories)
            return valueError(c, f.offset, f.text,
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
Result<void> TableBuilder::addSlow(ColumnBuilder &c, const FieldRef &f)
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
        const detail::NumberKind kind = detail::classifyNumber(f.text, v);
        if (kind == detail::NumberKind::Number) {
            c.numbers.push_back(v);
            ++c.values;
            return success();
        }
        if (kind == detail::NumberKind::NonFinite) {
            if (c.forced)
                return valueError(c, f.offset, f.text, "is not a finite number");
            if (c.nonFiniteOffset == kNone) {
                c.nonFiniteOffset = f.offset;
                c.nonFiniteValue = std::string(f.text);
            }
            c.numbers.push_back(kMissing); // a placeholder: the column is refused or re-read
            return success();
        }
        if (c.forced)
            return valueError(c, f.offset, f.text,
                              "is not a number (the column's type is set to numeric)");
        if (c.values == 0 && c.nonFiniteOffset == kNone) {
            // Nothing stored but missing values: change the mode for free.
            const std::size_t rows = c.numbers.size();
            if (parseDatetime(f.text)) {
                c.mode = Mode::Datetime;
            } else {
                c.mode = Mode::Text;
                c.codes.reserve(c.numbers.capacity());
                adviseHugePages(c.codes);
                c.codes.assign(rows, -1);
                std::vector<double>().swap(c.numbers);
                return addText(c, f);
            }
        } else {
            c.mode = Mode::Deferred;
            std::vector<double>().swap(c.numbers);
            return success();
        }
    }
    if (c.mode == Mode::Datetime) {
        if (const auto t = parseDatetime(f.text)) {
            c.numbers.push_back(*t);
            ++c.values;
            return success();
        }
        if (c.forced)
            return valueError(c, f.offset, f.text,
                              "is not an ISO 8601 date or date-time (the column's type is set to "
                              "datetime)");
        c.mode = Mode::Deferred;
        std::vector<double>().swap(c.numbers);
        return success();
    }
    // Mode::Boolean is only ever chosen by an override.
    if (const auto b = parseBoolean(f.text)) {
        c.numbers.push_back(*b);
        ++c.values;
        return success();
    }
    return valueError(c, f.offset, f.text,
                      "is not a boolean (the column's type is set to boolean: use true/false, "
                      "yes/no or 1/0)");
}

Result<void> TableBuilder::readRecords(detail::CsvTokenizer &tokenizer, bool secondPass,
                                       const ProgressFn &progress, const std::stop_token &stop,
                                       std::uint64_t bomBytes, std::uint64_t totalBytes)
{
    const std::size_t width = m_columns.size();
    std::vector<std::size_t> deferred;
    if (secondPass) {
        for (std::size_t j = 0; j < width; ++j) {
            ColumnBuilder &c = m_columns[j];
            if (c.mode != Mode::Deferred)
                continue;
            deferred.push_back(j);
            c.mode = Mode::Text;
            c.missing = 0;
            c.values = 0;
            c.codes.reserve(m_rows);
        }
    }
    std::vector<bool> isDeferred(width, false);
    for (const std::size_t j : deferred)
        isDeferred[j] = true;
    std::optional<Error> fieldError;
    const char *textEnd = m_text.data() + m_text.size();
    // Pass 1 takes every field; numbers are the hot path, inlined here.
    const auto firstPass = [&](std::size_t j, std::string_view text, std::size_t offset) {
        if (j >= width)
            return true; // a ragged record: counted, refused below
        ColumnBuilder &c = m_columns[j];
        double v;
        // Views into the text may be read past their end (unescaped ones
        // live in the tokenizer's scratch buffer and may not).
        const char *readable = text.data() >= m_text.data() && text.data() < textEnd ? textEnd
                                                                                     : nullptr;
        if (c.mode == Mode::Numeric && detail::parsePlainNumber(text, v, readable)) {
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
    // Pass 2 takes the deferred columns only, as text.
    const auto secondPassField = [&](std::size_t j, std::string_view text, std::size_t offset) {
        if (j >= width || !isDeferred[j])
            return true;
        if (auto added = addText(m_columns[j], {text, offset}); !added) {
            fieldError = added.error();
            return false;
        }
        return true;
    };
    constexpr std::size_t kCheckEvery = 1u << 22; // bytes between progress and stop checks
    std::size_t nextCheck = kCheckEvery;
    std::size_t rows = 0;
    while (secondPass ? tokenizer.next(secondPassField) : tokenizer.next(firstPass)) {
        if (tokenizer.fieldCount() != width) {
            const int line = detail::positionAt(m_text, tokenizer.recordOffset()).line;
            return Error(ErrorCode::InvalidArgument,
                         detail::raggedRecord(m_source, line, tokenizer.fieldCount(), width), line);
        }
        if (++rows > m_options.maxRows && m_options.maxRows > 0) {
            const int line = detail::positionAt(m_text, tokenizer.recordOffset()).line;
            return Error(ErrorCode::InvalidArgument,
                         m_source + ":" + std::to_string(line) + ": more than "
                             + std::to_string(m_options.maxRows) + " rows (the maxRows limit)",
                         line);
        }
        if (tokenizer.offset() >= nextCheck) {
            nextCheck = tokenizer.offset() + kCheckEvery;
            if (stop.stop_requested())
                return Error(ErrorCode::Cancelled, "reading " + m_source + " was cancelled");
            if (progress && !secondPass)
                progress(bomBytes + tokenizer.offset(), totalBytes);
        }
    }
    if (fieldError)
        return *fieldError;
    if (tokenizer.error())
        return *tokenizer.error();
    m_rows = rows;
    return success();
}

Result<Column> TableBuilder::finish(ColumnBuilder &c)
{
    if (c.mode == Mode::Numeric && c.nonFiniteOffset != kNone)
        return valueError(c, c.nonFiniteOffset, c.nonFiniteValue,
                          "is not a finite number (numeric columns refuse infinities)");
    Column col;
    col.name = std::move(c.name);
    col.missing = c.missing;
    switch (c.mode) {
    case Mode::Numeric:
        col.type = ColumnType::Numeric;
        col.numbers = std::move(c.numbers);
        return col;
    case Mode::Datetime:
        col.type = ColumnType::Datetime;
        col.numbers = std::move(c.numbers);
        return col;
    case Mode::Boolean:
        col.type = ColumnType::Boolean;
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

Result<Table> TableBuilder::build(const ProgressFn &progress, std::stop_token stop,
                                  std::uint64_t bomBytes, std::uint64_t totalBytes)
{
    const char d = m_options.delimiter;
    if (d == '"' || d == '\n' || d == '\r' || d == '\0' || static_cast<unsigned char>(d) >= 0x80)
        return Error(
            ErrorCode::InvalidArgument,
            "the CSV delimiter must be an ASCII character other than a quote or a line end");
    if (stop.stop_requested())
        return Error(ErrorCode::Cancelled, "reading " + m_source + " was cancelled");
    detail::Utf8Validator utf8;
    std::uint64_t bad = utf8.feed(m_text.data(), m_text.size());
    if (bad == detail::Utf8Validator::kValid)
        bad = utf8.finish();
    if (bad != detail::Utf8Validator::kValid) {
        const detail::TextPosition pos = detail::positionAt(m_text, bad);
        return Error(ErrorCode::InvalidArgument, detail::where(m_source, pos) + utf8.reason(),
                     pos.line);
    }
    detail::CsvTokenizer tokenizer(m_text, m_source, d, m_options.maxFieldBytes);
    MDECK_TRY(readHeader(tokenizer));
    MDECK_TRY(readRecords(tokenizer, false, progress, stop, bomBytes, totalBytes));
    bool anyDeferred = false;
    for (const ColumnBuilder &c : m_columns)
        anyDeferred = anyDeferred || c.mode == Mode::Deferred;
    if (anyDeferred) {
        tokenizer.rewind(m_dataOffset);
        MDECK_TRY(readRecords(tokenizer, true, progress, stop, bomBytes, totalBytes));
    }
    Table table;
    table.source = m_source;
    table.rows = m_rows;
    table.columns.reserve(m_columns.size());
    for (ColumnBuilder &c : m_columns) {
        auto column = finish(c);
        if (!column)
            return column.error();
        table.columns.push_back(std::move(*column));
    }
    if (progress)
        progress(totalBytes, totalBytes);
    return table;
}

Result<Table> parseText(std::string_view text, const std::string &source, const CsvOptions &options,
                        const ProgressFn &progress, std::stop_token stop)
{
    const std::uint64_t total = text.size();
    if (text.empty())
        return Error(ErrorCode::InvalidArgument, source + " is empty");
    std::uint64_t bom = 0;
    if (text.size() >= 3 && text.substr(0, 3) == "\xef\xbb\xbf") {
        text.remove_prefix(3);
        bom = 3;
    }
    TableBuilder builder(text, source, options);
    return builder.build(progress, std::move(stop), bom, total);
}

// A read-only mapping of a whole file, unmapped on destruction.
class MappedFile
{
public:
    MappedFile() = default;
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;
    ~MappedFile()
    {
        if (m_data)
            ::munmap(m_data, m_size);
    }
    Result<void> map(int fd, std::size_t size, const std::string &path)
    {
        void *p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p == MAP_FAILED)
            return Error(ErrorCode::Io, "cannot map " + path + ": " + std::strerror(errno));
        ::madvise(p, size, MADV_SEQUENTIAL);
        m_data = p;
        m_size = size;
        return success();
    }
    std::string_view view() const { return {static_cast<const char *>(m_data), m_size}; }

private:
    void *m_data = nullptr;
    std::size_t m_size = 0;
};

// Hashes `text` on a second thread while the caller parses it; hashing
// stops early when the parse fails.
class BackgroundHash
{
public:
    explicit BackgroundHash(std::string_view text)
        : m_thread([this, text] {
            Sha256 hash;
            constexpr std::size_t kChunk = 8u << 20;
            for (std::size_t at = 0; at < text.size(); at += kChunk) {
                if (m_abandon.load(std::memory_order_relaxed))
                    return;
                hash.update(text.data() + at, std::min(kChunk, text.size() - at));
            }
            m_digest = hash.hexDigest();
        })
    {}
    ~BackgroundHash()
    {
        m_abandon = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    std::string digest()
    {
        m_thread.join();
        return m_digest;
    }

private:
    std::atomic<bool> m_abandon{false};
    std::string m_digest;
    std::thread m_thread;
};

} // namespace

Result<Table> parseCsv(std::string_view text, const std::string &source, const CsvOptions &options)
{
    try {
        auto table = parseText(text, source, options, {}, {});
        if (table && options.computeSha256)
            table->sha256 = Sha256::hex(text);
        return table;
    } catch (const std::bad_alloc &) {
        return Error(ErrorCode::Io, "not enough memory to read " + source);
    }
}

Result<Table> readCsv(const std::string &path, const CsvOptions &options,
                      const ProgressFn &progress, std::stop_token stop)
{
    try {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return Error(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                         "cannot read " + path + ": " + std::strerror(errno));
        struct stat st = {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
            ::close(fd);
            // Pipes and the like have no size to map; an empty file is
            // reported by the parser.
            auto text = readFile(path, std::uint64_t(1) << 40);
            if (!text)
                return text.error();
            auto table = parseText(*text, path, options, progress, std::move(stop));
            if (table && options.computeSha256)
                table->sha256 = Sha256::hex(*text);
            return table;
        }
        MappedFile file;
        const auto mapped = file.map(fd, static_cast<std::size_t>(st.st_size), path);
        ::close(fd);
        if (!mapped)
            return mapped.error();
        std::optional<BackgroundHash> hash;
        if (options.computeSha256)
            hash.emplace(file.view());
        auto table = parseText(file.view(), path, options, progress, std::move(stop));
        if (table && hash)
            table->sha256 = hash->digest();
        return table;
    } catch (const std::bad_alloc &) {
        return Error(ErrorCode::Io, "not enough memory to read " + path);
    } catch (const std::exception &e) { // e.g. no thread for the hash
        return Error(ErrorCode::Internal, "cannot read " + path + ": " + e.what());
    }
}

} // namespace mdeck::data
