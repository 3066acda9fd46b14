#include "core/store/prediction_store.h"

#include "core/common/json.h"
#include "core/store/prediction_segment.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <deque>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <tmmintrin.h>
#endif

namespace mdeck::store {

namespace {

constexpr int kMaxDepth = 64;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

void skipSpace(const char *&p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        ++p;
}

// Moves p past one JSON string (p at its opening quote); false when malformed.
bool skipString(const char *&p, const char *end, bool *escaped = nullptr)
{
    ++p;
    while (p < end) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"') {
            ++p;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (escaped)
                *escaped = true;
            if (++p == end)
                return false;
            if (*p == 'u') {
                if (end - p < 5)
                    return false;
                for (int k = 1; k <= 4; ++k)
                    if (!std::isxdigit(static_cast<unsigned char>(p[k])))
                        return false;
                p += 5;
                continue;
            }
            if (std::string_view("\"\\/bfnrt").find(*p) == std::string_view::npos)
                return false;
        }
        ++p;
    }
    return false;
}

bool skipNumber(const char *&p, const char *end)
{
    if (p < end && *p == '-')
        ++p;
    if (p == end || !isDigit(*p))
        return false;
    if (*p == '0')
        ++p;
    else
        while (p < end && isDigit(*p))
            ++p;
    if (p < end && *p == '.') {
        ++p;
        if (p == end || !isDigit(*p))
            return false;
        while (p < end && isDigit(*p))
            ++p;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-'))
            ++p;
        if (p == end || !isDigit(*p))
            return false;
        while (p < end && isDigit(*p))
            ++p;
    }
    return true;
}

// Moves p past one JSON value (whitespace before it skipped); false when
// malformed. With `out`, also appends the value without its whitespace.
bool readValue(const char *&p, const char *end, std::string *out, int depth = 0)
{
    skipSpace(p, end);
    if (p == end)
        return false;
    const char *start = p;
    auto copy = [&] {
        if (out)
            out->append(start, p);
        return true;
    };
    switch (*p) {
    case '"':
        return skipString(p, end) && copy();
    case '[':
    case '{': {
        if (depth == kMaxDepth)
            return false;
        const bool object = *p == '{';
        const char close = object ? '}' : ']';
        ++p;
        if (out)
            *out += *start;
        skipSpace(p, end);
        if (p < end && *p == close) {
            ++p;
            if (out)
                *out += close;
            return true;
        }
        for (;;) {
            if (object) {
                skipSpace(p, end);
                start = p;
                if (p == end || *p != '"' || !skipString(p, end))
                    return false;
                copy();
                skipSpace(p, end);
                if (p == end || *p != ':')
                    return false;
                ++p;
                if (out)
                    *out += ':';
            }
            if (!readValue(p, end, out, depth + 1))
                return false;
            skipSpace(p, end);
            if (p == end || (*p != close && *p != ','))
                return false;
            if (out)
                *out += *p;
            if (*p++ == close)
                return true;
        }
    }
    case 't':
    case 'f':
    case 'n':
        for (std::string_view word : {"true", "false", "null"})
            if (std::string_view(p, static_cast<std::size_t>(end - p)).starts_with(word)) {
                p += word.size();
                return copy();
            }
        return false;
    default:
        return skipNumber(p, end) && copy();
    }
}

bool skipValue(const char *&p, const char *end)
{
    return readValue(p, end, nullptr);
}

void appendInt(std::string &out, std::int64_t value)
{
    char text[24];
    const auto r = std::to_chars(text, text + sizeof text, value);
    out.append(text, r.ptr);
}

void appendJsonString(std::string &out, std::string_view text)
{
    static const char *kHex = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text.substr(plain, i - plain));
        plain = i + 1;
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    out.append(text.substr(plain));
    out += '"';
}

// Appends `text` without its whitespace when it is an array of numbers and
// nulls (what the server logs), in one pass; false (and `out` as it was)
// when it is anything else.
bool appendNumberArray(std::string &out, std::string_view text)
{
    const char *p = text.data();
    const char *end = p + text.size();
    const std::size_t mark = out.size();
    out.resize(mark + text.size()); // the most it can take
    char *w = out.data() + mark;
    auto compacted = [&]() -> bool {
        skipSpace(p, end);
        if (p == end || *p != '[')
            return false;
        *w++ = *p++;
        skipSpace(p, end);
        if (p < end && *p == ']') {
            *w++ = *p++;
            return true;
        }
        for (;;) {
            skipSpace(p, end);
            const char *start = p;
            if (p < end && *p == 'n') {
                if (end - p < 4 || std::memcmp(p, "null", 4) != 0)
                    return false;
                p += 4;
            } else if (!skipNumber(p, end)) {
                return false;
            }
            std::memcpy(w, start, static_cast<std::size_t>(p - start));
            w += p - start;
            skipSpace(p, end);
            if (p == end || (*p != ',' && *p != ']'))
                return false;
            *w++ = *p;
            if (*p++ == ']')
                return true;
        }
    };
    if (compacted()) {
        skipSpace(p, end);
        if (p == end) {
            out.resize(static_cast<std::size_t>(w - out.data()));
            return true;
        }
    }
    out.resize(mark);
    return false;
}

// Appends `text` without its whitespace when it is one JSON value, else as
// a JSON string.
void appendJsonValue(std::string &out, std::string_view text)
{
    if (appendNumberArray(out, text))
        return;
    const std::size_t mark = out.size();
    const char *p = text.data();
    const char *end = p + text.size();
    if (readValue(p, end, &out)) {
        skipSpace(p, end);
        if (p == end)
            return;
    }
    out.resize(mark);
    appendJsonString(out, text);
}

// For each 8-bit mask of bytes to drop, the shuffle that packs the kept
// bytes of 8 to the front, and how many there are.
struct DespaceTable
{
    std::uint8_t shuffle[256][8];
    std::uint8_t kept[256];
};

constexpr DespaceTable makeDespaceTable()
{
    DespaceTable t{};
    for (int mask = 0; mask < 256; ++mask) {
        int n = 0;
        for (int i = 0; i < 8; ++i)
            if (!(mask & (1 << i)))
                t.shuffle[mask][n++] = static_cast<std::uint8_t>(i);
        t.kept[mask] = static_cast<std::uint8_t>(n);
        for (int i = n; i < 8; ++i)
            t.shuffle[mask][i] = 0x80; // a zero byte, overwritten by what follows
    }
    return t;
}

constexpr DespaceTable kDespace = makeDespaceTable();

// Moves the bytes of [r, end) above the space to w (w <= r), in order;
// returns the new end. Works in place.
char *despaceScalar(const char *r, const char *end, char *w)
{
    for (; r < end; ++r) {
        *w = *r;
        w += static_cast<unsigned char>(*r) > ' ';
    }
    return w;
}

#if defined(__x86_64__)
// 16 bytes a step: a byte-wise unsigned compare gives the mask of bytes to
// drop, and each half is packed by one shuffle from the table. Each store
// ends at or before the 16 bytes just loaded, so in place is safe.
__attribute__((target("ssse3"))) char *despaceSsse3(const char *r, const char *end, char *w)
{
    const __m128i space = _mm_set1_epi8(' ');
    while (end - r >= 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(r));
        const auto drop = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, space), x)));
        if (drop == 0) {
            _mm_storeu_si128(reinterpret_cast<__m128i *>(w), x);
            w += 16;
        } else {
            const unsigned lo = drop & 0xFF, hi = drop >> 8;
            const __m128i packedLo = _mm_shuffle_epi8(x,
                                                      _mm_loadl_epi64(
                                                          reinterpret_cast<const __m128i *>(
                                                              kDespace.shuffle[lo])));
            _mm_storel_epi64(reinterpret_cast<__m128i *>(w), packedLo);
            w += kDespace.kept[lo];
            const __m128i packedHi = _mm_shuffle_epi8(_mm_srli_si128(x, 8),
                                                      _mm_loadl_epi64(
                                                          reinterpret_cast<const __m128i *>(
                                                              kDespace.shuffle[hi])));
            _mm_storel_epi64(reinterpret_cast<__m128i *>(w), packedHi);
            w += kDespace.kept[hi];
        }
        r += 16;
    }
    return despaceScalar(r, end, w);
}

const bool kHaveSsse3 = __builtin_cpu_supports("ssse3");
#endif

// Reads one block's data into entries (ids, times, request ids, rows,
// inputs, outputs, latencies); decoded request ids live in `scratch`.
// Returns the byte where parsing failed, or npos.
std::size_t parseBlock(std::string_view data, std::int64_t blockId,
                       std::vector<PredictionEntry> &entries, std::deque<std::string> &scratch)
{
    entries.clear();
    scratch.clear();
    const char *const begin = data.data();
    const char *p = begin;
    const char *const end = begin + data.size();
    auto failAt = [&] {
        return static_cast<std::size_t>(p - begin);
    };
    auto expect = [&](char c) {
        skipSpace(p, end);
        if (p == end || *p != c)
            return false;
        ++p;
        return true;
    };
    auto integer = [&](std::int64_t &out) {
        skipSpace(p, end);
        const auto r = std::from_chars(p, end, out);
        if (r.ec != std::errc())
            return false;
        p = r.ptr;
        return true;
    };
    auto slice = [&](std::string_view &out) {
        skipSpace(p, end);
        const char *start = p;
        if (!skipValue(p, end))
            return false;
        out = std::string_view(start, static_cast<std::size_t>(p - start));
        return true;
    };
    if (!expect('['))
        return failAt();
    skipSpace(p, end);
    if (p < end && *p == ']')
        return std::string::npos;
    for (int position = 0;; ++position) {
        PredictionEntry e;
        e.id = predictionId(blockId, position);
        std::int64_t row = 0;
        if (!expect('[') || !integer(e.timeMs) || !expect(','))
            return failAt();
        skipSpace(p, end);
        const char *idStart = p;
        bool escaped = false;
        if (p == end || *p != '"' || !skipString(p, end, &escaped))
            return failAt();
        if (!escaped) {
            e.requestId = std::string_view(idStart + 1, static_cast<std::size_t>(p - idStart - 2));
        } else {
            const Json decoded = Json::parse(idStart, p, nullptr, false);
            if (!decoded.is_string())
                return failAt();
            e.requestId = scratch.emplace_back(decoded.get<std::string>());
        }
        if (!expect(',') || !integer(row) || !expect(',') || !slice(e.inputs) || !expect(',')
            || !slice(e.outputs) || !expect(',') || !integer(e.latencyUs) || !expect(']'))
            return failAt();
        e.row = static_cast<int>(row);
        entries.push_back(e);
        skipSpace(p, end);
        if (p < end && *p == ']') {
            ++p;
            skipSpace(p, end);
            return p == end ? std::string::npos : failAt();
        }
        if (!expect(','))
            return failAt();
    }
}

// Reads the rows of segment blocks, keeping each segment file open until
// it is destroyed.
class SegmentReader
{
public:
    explicit SegmentReader(const Database &db)
        : m_folder(std::filesystem::path(db.path()).parent_path().string())
    {}
    ~SegmentReader()
    {
        for (const auto &[path, fd] : m_files)
            ::close(fd);
    }
    SegmentReader(const SegmentReader &) = delete;
    SegmentReader &operator=(const SegmentReader &) = delete;

    // The rows of one deployment, version and role in the segment block of
    // `bytes` at `offset` of `path`, as prediction block `blockId` of
    // `rowCount` rows. Inputs and outputs are compacted into the reader's
    // own text, valid until the next read.
    Result<void> read(std::int64_t blockId, std::string_view path, std::int64_t offset,
                      std::int64_t bytes, std::string_view deployment, std::int64_t versionId,
                      std::string_view role, std::int64_t rowCount,
                      std::vector<PredictionEntry> &entries);

private:
    Result<int> file(std::string_view path, std::int64_t blockId);

    std::string m_folder;
    std::vector<std::pair<std::string, int>> m_files;
    std::string m_bytes, m_text;
    std::vector<SegmentRow> m_rows;
};

Result<int> SegmentReader::file(std::string_view path, std::int64_t blockId)
{
    for (const auto &[open, fd] : m_files)
        if (open == path)
            return fd;
    std::string full(path);
    if (!path.starts_with('/') && !m_folder.empty())
        full = m_folder + "/" + full;
    const int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Error(ErrorCode::Io,
                     "prediction block " + std::to_string(blockId) + ": cannot read " + full + ": "
                         + std::generic_category().message(errno));
    if (m_files.size() == 16) { // a few at a time
        ::close(m_files.front().second);
        m_files.erase(m_files.begin());
    }
    m_files.emplace_back(std::string(path), fd);
    return fd;
}

Result<void> SegmentReader::read(std::int64_t blockId, std::string_view path, std::int64_t offset,
                                 std::int64_t bytes, std::string_view deployment,
                                 std::int64_t versionId, std::string_view role,
                                 std::int64_t rowCount, std::vector<PredictionEntry> &entries)
{
    entries.clear();
    const std::string where = "prediction block " + std::to_string(blockId) + " ("
        + std::string(path) + " at byte " + std::to_string(offset) + ")";
    if (offset < 0 || bytes < 0
        || static_cast<std::uint64_t>(bytes) > kSegmentHeaderBytes + kMaxSegmentPayload)
        return Error(ErrorCode::Integrity, where + " has an impossible position");
    auto fd = file(path, blockId);
    if (!fd)
        return fd.error();
    m_bytes.resize(static_cast<std::size_t>(bytes));
    std::size_t got = 0;
    while (got < m_bytes.size()) {
        const ssize_t n = ::pread(*fd, m_bytes.data() + got, m_bytes.size() - got,
                                  static_cast<off_t>(offset + static_cast<std::int64_t>(got)));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return Error(ErrorCode::Io,
                         where + ": cannot read: " + std::generic_category().message(errno));
        if (n == 0)
            return Error(ErrorCode::Integrity, where + " lies past the end of its file");
        got += static_cast<std::size_t>(n);
    }
    SegmentBlockHeader h;
    m_rows.clear();
    if (readSegmentHeader(m_bytes.data(), m_bytes.size(), h) != SegmentBlock::Complete
        || h.size() != m_bytes.size() || !parseSegmentRows(m_bytes.data() + h.bytes, h, m_rows))
        return Error(ErrorCode::Integrity, where + " is malformed or fails its checksum");
    // Text first, views after: the text may move while it grows.
    m_text.clear();
    std::vector<std::size_t> ends;
    int position = 0;
    for (const SegmentRow &r : m_rows) {
        if (r.versionId != versionId || r.deployment != deployment
            || segmentRoleName(r.role) != role)
            continue;
        PredictionEntry e;
        e.id = predictionId(blockId, position++);
        e.timeMs = r.timeMs;
        e.requestId = r.requestId;
        e.row = r.row;
        e.latencyUs = r.latencyUs;
        for (const std::string_view text : {r.inputs, r.outputs}) {
            if (r.plainJson)
                appendWithoutSpace(m_text, text);
            else
                appendJsonValue(m_text, text);
            ends.push_back(m_text.size());
        }
        entries.push_back(e);
    }
    if (position != rowCount)
        return Error(ErrorCode::Integrity,
                     where + " holds " + std::to_string(position) + " rows of its key, not "
                         + std::to_string(rowCount));
    std::size_t start = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        entries[i].inputs = std::string_view(m_text).substr(start, ends[2 * i] - start);
        entries[i].outputs = std::string_view(m_text).substr(ends[2 * i],
                                                             ends[2 * i + 1] - ends[2 * i]);
        start = ends[2 * i + 1];
    }
    return {};
}

// What readBlock() takes of a block, in this order.
constexpr const char *kBlockColumns
    = "b.deployment, b.version_id, b.role, b.data, b.segment, b.segment_offset, b.segment_bytes, "
      "s.path, b.row_count FROM prediction_blocks b LEFT JOIN prediction_segments s "
      "ON s.id = b.segment";

// Reads the rows of block `blockId` into `entries`, from the columns
// kBlockColumns of `st`'s row, starting at column `first`: from its
// segment, or parsing its data (decoded request ids in `scratch`).
Result<void> readBlock(const Statement &st, int first, std::int64_t blockId,
                       SegmentReader &segments, std::vector<PredictionEntry> &entries,
                       std::deque<std::string> &scratch)
{
    if (st.isNull(first + 4)) {
        const std::size_t bad = parseBlock(st.textView(first + 3), blockId, entries, scratch);
        if (bad == std::string::npos)
            return {};
        return Error(ErrorCode::Integrity,
                     "prediction block " + std::to_string(blockId)
                         + " holds malformed data at byte " + std::to_string(bad));
    }
    if (st.isNull(first + 7))
        return Error(ErrorCode::Integrity,
                     "prediction block " + std::to_string(blockId)
                         + " names a segment the workspace does not know");
    return segments.read(blockId, st.textView(first + 7), st.int64(first + 5), st.int64(first + 6),
                         st.textView(first), st.int64(first + 1), st.textView(first + 2),
                         st.int64(first + 8), entries);
}

} // namespace

void appendWithoutSpace(std::string &out, std::string_view text)
{
    const std::size_t mark = out.size();
    out.append(text);
    char *w = out.data() + mark;
    const char *end = out.data() + out.size();
#if defined(__x86_64__)
    if (kHaveSsse3) {
        out.resize(static_cast<std::size_t>(despaceSsse3(w, end, w) - out.data()));
        return;
    }
#endif
    out.resize(static_cast<std::size_t>(despaceScalar(w, end, w) - out.data()));
}

bool isValidJson(std::string_view text)
{
    const char *p = text.data();
    const char *end = p + text.size();
    if (!skipValue(p, end))
        return false;
    skipSpace(p, end);
    return p == end;
}

Result<void> PredictionBlockWriter::add(const PredictionEntry &p)
{
    auto it = std::find_if(m_open.begin(), m_open.end(), [&](const OpenBlock &b) {
        return b.versionId == p.versionId && b.deployment == p.deployment && b.role == p.role;
    });
    if (it == m_open.end()) {
        it = m_open.emplace(m_open.end());
        it->deployment = p.deployment;
        it->versionId = p.versionId;
        it->role = p.role;
    }
    OpenBlock &b = *it;
    if (b.rows == 0) {
        b.data = "[";
        b.firstMs = b.lastMs = p.timeMs;
    } else {
        b.data += ',';
    }
    b.firstMs = std::min(b.firstMs, p.timeMs);
    b.lastMs = std::max(b.lastMs, p.timeMs);
    b.data += '[';
    appendInt(b.data, p.timeMs);
    b.data += ',';
    appendJsonString(b.data, p.requestId);
    b.data += ',';
    appendInt(b.data, p.row);
    b.data += ',';
    if (p.plainJson) {
        appendWithoutSpace(b.data, p.inputs);
        b.data += ',';
        appendWithoutSpace(b.data, p.outputs);
    } else {
        appendJsonValue(b.data, p.inputs);
        b.data += ',';
        appendJsonValue(b.data, p.outputs);
    }
    b.data += ',';
    appendInt(b.data, p.latencyUs);
    b.data += ']';
    if (++b.rows == kMaxBlockRows)
        return insert(b);
    return {};
}

Result<void> PredictionBlockWriter::flush()
{
    for (OpenBlock &b : m_open)
        if (b.rows > 0)
            MDECK_TRY(insert(b));
    // A few empty blocks keep their buffers for the next transaction.
    constexpr std::size_t kKeptBlocks = 8;
    if (m_open.size() > kKeptBlocks)
        m_open.resize(kKeptBlocks);
    return {};
}

void PredictionBlockWriter::discard()
{
    for (OpenBlock &b : m_open) {
        b.rows = 0;
        b.data.clear();
    }
}

Result<void> PredictionBlockWriter::insert(OpenBlock &b)
{
    b.data += ']';
    auto st = m_db.prepare("INSERT INTO prediction_blocks (deployment, version_id, role, "
                           "first_time, last_time, row_count, data) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st)
        return st.error();
    st->bind(1, b.deployment)
        .bind(2, b.versionId)
        .bind(3, b.role)
        .bind(4, b.firstMs)
        .bind(5, b.lastMs)
        .bind(6, b.rows)
        .bindStatic(7, b.data);
    auto done = st->run();
    b.rows = 0;
    b.data.clear();
    return done;
}

Result<void> forEachPrediction(Database &db, const PredictionFilter &f,
                               const std::function<bool(const PredictionEntry &)> &visit)
{
    // The matching blocks' ids first, sorted (by SQLite, in a temporary tree
    // when it walks an index: ids only, never the data), then each block.
    std::string sql = "SELECT id FROM prediction_blocks "
                      "WHERE last_time >= ?1 AND first_time < ?2 AND id >= ?3 AND id <= ?4";
    if (!f.deployment.empty())
        sql += " AND deployment = ?5";
    if (f.versionId != 0)
        sql += " AND version_id = ?6";
    if (!f.role.empty())
        sql += " AND role = ?7";
    sql += f.newestFirst ? " ORDER BY id DESC" : " ORDER BY id";
    auto ids = db.prepare(sql);
    if (!ids)
        return ids.error();
    ids->bind(1, f.fromMs)
        .bind(2, f.toMs)
        .bind(3, std::max<std::int64_t>(f.afterId, 0) / kMaxBlockRows)
        .bind(4, f.lastId / kMaxBlockRows);
    if (!f.deployment.empty())
        ids->bind(5, f.deployment);
    if (f.versionId != 0)
        ids->bind(6, f.versionId);
    if (!f.role.empty())
        ids->bind(7, f.role);
    static const std::string kSelect = std::string("SELECT ") + kBlockColumns + " WHERE b.id = ?1";
    auto st = db.prepare(kSelect);
    if (!st)
        return st.error();
    std::vector<PredictionEntry> entries;
    std::deque<std::string> scratch;
    SegmentReader segments(db);
    for (;;) {
        auto more = ids->step();
        if (!more)
            return more.error();
        if (!*more)
            return {};
        const std::int64_t blockId = ids->int64(0);
        st->reset();
        st->bind(1, blockId);
        auto found = st->step();
        if (!found)
            return found.error();
        if (!*found)
            continue;
        const std::string_view deployment = st->textView(0);
        const std::int64_t versionId = st->int64(1);
        const std::string_view role = st->textView(2);
        MDECK_TRY(readBlock(*st, 0, blockId, segments, entries, scratch));
        auto one = [&](PredictionEntry &e) {
            if (e.timeMs < f.fromMs || e.timeMs >= f.toMs || e.id <= f.afterId || e.id > f.lastId)
                return true;
            e.deployment = deployment;
            e.versionId = versionId;
            e.role = role;
            return visit(e);
        };
        bool go = true;
        if (f.newestFirst)
            for (auto e = entries.rbegin(); go && e != entries.rend(); ++e)
                go = one(*e);
        else
            for (auto e = entries.begin(); go && e != entries.end(); ++e)
                go = one(*e);
        if (!go)
            return {};
    }
}

Result<PredictionBlocksCheck> checkPredictionBlocks(Database &db)
{
    auto tx = db.beginRead();
    if (!tx)
        return tx.error();
    auto st = db.prepare(std::string("SELECT b.id, ") + kBlockColumns + " ORDER BY b.id");
    if (!st)
        return st.error();
    PredictionBlocksCheck check;
    SegmentReader segments(db);
    std::vector<PredictionEntry> entries;
    std::deque<std::string> scratch;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            return check;
        ++check.blocksChecked;
        const std::int64_t blockId = st->int64(0);
        // A segment block's row count is checked as it is read; a block's
        // own data only here.
        if (auto read = readBlock(*st, 1, blockId, segments, entries, scratch); !read)
            check.problems.push_back(read.error().message);
        else if (st->isNull(5) && static_cast<std::int64_t>(entries.size()) != st->int64(9))
            check.problems.push_back("prediction block " + std::to_string(blockId) + " holds "
                                     + std::to_string(entries.size()) + " rows, not "
                                     + std::to_string(st->int64(9)));
    }
}

Result<std::optional<std::string>> FeedbackLookup::label(std::string_view requestId, int row)
{
    if (!m_any) {
        auto st = m_db.prepare("SELECT EXISTS (SELECT 1 FROM feedback)");
        if (!st)
            return st.error();
        auto got = st->step();
        if (!got)
            return got.error();
        m_any = *got && st->int64(0) != 0;
    }
    if (!*m_any)
        return std::optional<std::string>();
    auto st = m_db.prepare("SELECT label FROM feedback WHERE request_id = ?1 AND row = ?2");
    if (!st)
        return st.error();
    st->bind(1, requestId).bind(2, row);
    auto got = st->step();
    if (!got)
        return got.error();
    std::optional<std::string> label;
    if (*got)
        label = st->text(0);
    return label;
}

} // namespace mdeck::store
