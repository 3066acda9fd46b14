#include "core/data/csv_reader.h"

#include "core/data/csv_text_p.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace mdeck::data {

namespace {

constexpr int kEnd = -1;    // no more input
constexpr int kFailed = -2; // an error is set

} // namespace

// The grammar is the one of CsvTokenizer (csv_tokenizer.cpp), applied byte
// by byte to a fixed buffer instead of to text wholly in memory;
// tst_csv_reader compares the two on every malformed case.
struct CsvStreamReader::Impl
{
    ~Impl()
    {
        if (fd >= 0)
            ::close(fd);
        EVP_MD_CTX_free(sha);
    }

    bool fill();
    int peek()
    {
        if (pos == len && !fill())
            return error ? kFailed : kEnd;
        return static_cast<unsigned char>(buffer[pos]);
    }
    std::uint64_t offset() const { return bufferStart + pos; }
    bool fail(std::uint64_t at, const std::string &message);
    // An error at the first byte of the current field (which may lie on an
    // earlier line than the bytes read since).
    bool failAtField(const std::string &message)
    {
        line = fieldLine;
        lineStart = fieldLineStart;
        return fail(fieldStart, message);
    }
    void newline(std::uint64_t at)
    {
        ++line;
        lineStart = at + 1;
    }
    bool append(const char *data, std::size_t size);
    bool readQuoted();
    bool readUnquoted();
    // Reads one record into `record` and `spans`: 1, 0 at the end, -1 on error.
    int readRecord(std::size_t maxStored);

    std::string path;
    CsvOptions options;
    int fd = -1;
    std::array<char, kBufferBytes> buffer{};
    std::size_t pos = 0, len = 0;  // the unread bytes are buffer[pos, len)
    std::uint64_t bufferStart = 0; // file offset of buffer[0]
    std::uint64_t total = 0;
    bool eof = false;
    std::uint64_t badAt = detail::Utf8Validator::kValid;
    detail::Utf8Validator utf8;
    EVP_MD_CTX *sha = nullptr;
    std::array<bool, 256> special{};

    std::uint64_t line = 1, lineStart = 0;
    std::uint64_t recordLine = 0;
    std::vector<std::string> header;
    std::string record;
    std::vector<std::pair<std::size_t, std::size_t>> spans; // (offset, size) in `record`
    std::size_t fieldCount = 0;
    std::size_t fieldBytes = 0; // of the field being read
    bool storing = true;        // false for fields beyond the stored limit
    std::uint64_t fieldStart = 0, fieldLine = 1, fieldLineStart = 0;
    std::optional<Error> error; // sticky
    bool finished = false;
};

bool CsvStreamReader::Impl::fail(std::uint64_t at, const std::string &message)
{
    detail::TextPosition pos;
    pos.line = static_cast<int>(std::min<std::uint64_t>(line, INT32_MAX));
    pos.column = at >= lineStart ? static_cast<std::size_t>(at - lineStart + 1) : 1;
    error = Error(ErrorCode::InvalidArgument, detail::where(path, pos) + message, pos.line);
    return false;
}

// Reads more input after the unread bytes, which move to the front.
bool CsvStreamReader::Impl::fill()
{
    if (error)
        return false;
    if (badAt != detail::Utf8Validator::kValid)
        return fail(badAt, utf8.reason()); // bytes from there on are never handed out
    if (eof)
        return false;
    bufferStart += pos;
    std::memmove(buffer.data(), buffer.data() + pos, len - pos);
    len -= pos;
    pos = 0;
    ssize_t n = 0;
    do {
        n = ::read(fd, buffer.data() + len, buffer.size() - len);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        error = Error(ErrorCode::Io, "cannot read " + path + ": " + std::strerror(errno));
        return false;
    }
    if (n == 0) {
        eof = true;
        if (const auto at = utf8.finish(); at != detail::Utf8Validator::kValid)
            return fail(at, utf8.reason());
        return false;
    }
    const char *fresh = buffer.data() + len;
    const auto size = static_cast<std::size_t>(n);
    len += size;
    EVP_DigestUpdate(sha, fresh, size);
    badAt = utf8.feed(fresh, size);
    if (badAt != detail::Utf8Validator::kValid) {
        len = badAt > bufferStart ? std::min<std::size_t>(len, badAt - bufferStart) : 0;
        if (len == pos)
            return fail(badAt, utf8.reason());
    }
    return true;
}

bool CsvStreamReader::Impl::append(const char *data, std::size_t size)
{
    fieldBytes += size;
    if (fieldBytes > options.maxFieldBytes)
        return failAtField("a field is longer than the limit of "
                           + std::to_string(options.maxFieldBytes) + " bytes");
    if (storing)
        record.append(data, size);
    return true;
}

bool CsvStreamReader::Impl::readQuoted()
{
    ++pos; // the opening quote
    for (;;) {
        if (pos == len && !fill()) {
            if (!error)
                failAtField("the quoted field that starts here is never closed");
            return false;
        }
        const char *p = buffer.data() + pos;
        const char *e = buffer.data() + len;
        const char *q = static_cast<const char *>(
            std::memchr(p, '"', static_cast<std::size_t>(e - p)));
        const char *stop = q ? q : e;
        for (const char *nl = p; (nl = static_cast<const char *>(
                                      std::memchr(nl, '\n', static_cast<std::size_t>(stop - nl))));
             ++nl)
            newline(bufferStart + static_cast<std::uint64_t>(nl - buffer.data()));
        if (!append(p, static_cast<std::size_t>(stop - p)))
            return false;
        pos = static_cast<std::size_t>(stop - buffer.data());
        if (!q)
            continue;
        ++pos; // a quote: closing, or the first of a doubled pair
        const int c = peek();
        if (c == kFailed)
            return false;
        if (c != '"')
            break;
        if (!append("\"", 1))
            return false;
        ++pos;
    }
    const int c = peek();
    if (c == kFailed)
        return false;
    if (c != kEnd && c != options.delimiter && c != '\n' && c != '\r')
        return fail(offset(), "unexpected text after the closing quote of a field");
    return true;
}

bool CsvStreamReader::Impl::readUnquoted()
{
    for (;;) {
        if (pos == len && !fill())
            return !error;
        const char *p = buffer.data() + pos;
        const char *e = buffer.data() + len;
        const char *s = p;
        while (s < e && !special[static_cast<unsigned char>(*s)])
            ++s;
        if (!append(p, static_cast<std::size_t>(s - p)))
            return false;
        pos = static_cast<std::size_t>(s - buffer.data());
        if (s == e)
            continue;
        if (*s == '"')
            return fail(offset(),
                        "a quote inside an unquoted field (quote the whole field and "
                        "double the quote)");
        return true;
    }
}

int CsvStreamReader::Impl::readRecord(std::size_t maxStored)
{
    record.clear();
    spans.clear();
    fieldCount = 0;
    for (;;) { // blank lines separate nothing: skip them
        const int c = peek();
        if (c == kFailed)
            return -1;
        if (c == kEnd)
            return 0;
        if (c == '\n') {
            newline(offset());
            ++pos;
        } else if (c == '\r') {
            const std::uint64_t at = offset();
            ++pos;
            const int d = peek();
            if (d == kFailed)
                return -1;
            if (d != '\n') {
                fail(at, "a carriage return that is not followed by a line feed");
                return -1;
            }
            newline(offset());
            ++pos;
        } else {
            break;
        }
    }
    recordLine = line;
    for (;;) {
        fieldStart = offset();
        fieldLine = line;
        fieldLineStart = lineStart;
        fieldBytes = 0;
        storing = fieldCount < maxStored;
        const std::size_t begin = record.size();
        const int c = peek();
        if (c == kFailed)
            return -1;
        if (!(c == '"' ? readQuoted() : readUnquoted()))
            return -1;
        if (storing)
            spans.emplace_back(begin, record.size() - begin);
        ++fieldCount;
        const int t = peek();
        if (t == kFailed)
            return -1;
        if (t == kEnd)
            return 1;
        const std::uint64_t at = offset();
        ++pos;
        if (t == options.delimiter)
            continue;
        if (t == '\n') {
            newline(at);
            return 1;
        }
        const int d = peek(); // after a carriage return
        if (d == kFailed)
            return -1;
        if (d != '\n') {
            fail(at, "a carriage return that is not followed by a line feed");
            return -1;
        }
        newline(offset());
        ++pos;
        return 1;
    }
}

CsvStreamReader::CsvStreamReader()
    : m_d(std::make_unique<Impl>())
{}

CsvStreamReader::~CsvStreamReader() = default;
CsvStreamReader::CsvStreamReader(CsvStreamReader &&) noexcept = default;
CsvStreamReader &CsvStreamReader::operator=(CsvStreamReader &&) noexcept = default;

Result<CsvStreamReader> CsvStreamReader::open(const std::string &path, const CsvOptions &options)
{
    const char d = options.delimiter;
    if (d == '"' || d == '\n' || d == '\r' || d == '\0' || static_cast<unsigned char>(d) >= 0x80)
        return Error(
            ErrorCode::InvalidArgument,
            "the CSV delimiter must be an ASCII character other than a quote or a line end");
    CsvStreamReader reader;
    Impl &m = *reader.m_d;
    m.path = path;
    m.options = options;
    m.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m.fd < 0)
        return Error(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                     "cannot read " + path + ": " + std::strerror(errno));
    struct stat st = {};
    if (::fstat(m.fd, &st) == 0 && S_ISREG(st.st_mode))
        m.total = static_cast<std::uint64_t>(st.st_size);
    m.sha = EVP_MD_CTX_new();
    if (!m.sha || EVP_DigestInit_ex(m.sha, EVP_sha256(), nullptr) != 1)
        return Error(ErrorCode::Internal, "cannot start SHA-256");
    for (const char c : {d, '"', '\n', '\r'})
        m.special[static_cast<unsigned char>(c)] = true;

    // A byte order mark may arrive split over several reads from a pipe.
    while (m.len - m.pos < 3 && !m.eof && m.badAt == detail::Utf8Validator::kValid && m.fill()) {
    }
    if (m.error)
        return *m.error;
    std::size_t matched = 0;
    if (m.len - m.pos >= 3 && std::memcmp(m.buffer.data() + m.pos, "\xef\xbb\xbf", 3) == 0) {
        m.pos += 3;
        matched = 3;
    }
    m.lineStart = matched;
    const int got = m.readRecord(options.maxColumns + 1);
    if (got < 0)
        return *m.error;
    if (got == 0)
        return Error(ErrorCode::InvalidArgument, path + " is empty");
    for (const auto &[at, size] : m.spans)
        m.header.emplace_back(m.record.data() + at, size);
    MDECK_TRY(
        detail::checkHeader(m.header, m.fieldCount, path, static_cast<int>(m.recordLine), options));
    return reader;
}

const std::vector<std::string> &CsvStreamReader::header() const
{
    return m_d->header;
}

Result<bool> CsvStreamReader::next(std::vector<std::string_view> &fields)
{
    Impl &m = *m_d;
    fields.clear();
    if (m.error)
        return *m.error;
    if (m.finished)
        return false;
    const std::size_t width = m.header.size();
    const int got = m.readRecord(width + 1);
    if (got < 0)
        return *m.error;
    if (got == 0) {
        m.finished = true;
        return false;
    }
    if (m.fieldCount != width) {
        const int line = static_cast<int>(std::min<std::uint64_t>(m.recordLine, INT32_MAX));
        m.error = Error(ErrorCode::InvalidArgument,
                        detail::raggedRecord(m.path, line, m.fieldCount, width), line);
        return *m.error;
    }
    fields.reserve(width);
    for (const auto &[at, size] : m.spans)
        fields.emplace_back(m.record.data() + at, size);
    return true;
}

std::uint64_t CsvStreamReader::recordLine() const
{
    return m_d->recordLine;
}

std::uint64_t CsvStreamReader::bytesRead() const
{
    return m_d->offset();
}

std::uint64_t CsvStreamReader::totalBytes() const
{
    return m_d->total;
}

std::string CsvStreamReader::sha256()
{
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!copy || EVP_MD_CTX_copy_ex(copy, m_d->sha) != 1
        || EVP_DigestFinal_ex(copy, digest, &size) != 1) {
        EVP_MD_CTX_free(copy);
        return {};
    }
    EVP_MD_CTX_free(copy);
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0xf]);
    }
    return out;
}

const std::string &CsvStreamReader::path() const
{
    return m_d->path;
}

std::size_t CsvStreamReader::bufferCapacity() const
{
    return m_d->buffer.size();
}

std::size_t CsvStreamReader::recordCapacity() const
{
    return m_d->record.capacity()
        + m_d->spans.capacity() * sizeof(std::pair<std::size_t, std::size_t>);
}

} // namespace mdeck::data
