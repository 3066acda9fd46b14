#include "core/data/csv_reader.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/data/csv_text_p.h"
#include "core/data/table_builder_p.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

namespace mdeck::data {

namespace {

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
    const char d = options.delimiter;
    if (d == '"' || d == '\n' || d == '\r' || d == '\0' || static_cast<unsigned char>(d) >= 0x80)
        return Error(
            ErrorCode::InvalidArgument,
            "the CSV delimiter must be an ASCII character other than a quote or a line end");
    if (stop.stop_requested())
        return Error(ErrorCode::Cancelled, "reading " + source + " was cancelled");
    detail::Utf8Validator utf8;
    std::uint64_t bad = utf8.feed(text.data(), text.size());
    if (bad == detail::Utf8Validator::kValid)
        bad = utf8.finish();
    if (bad != detail::Utf8Validator::kValid) {
        const detail::TextPosition pos = detail::positionAt(text, bad);
        return Error(ErrorCode::InvalidArgument, detail::where(source, pos) + utf8.reason(),
                     pos.line);
    }
    return detail::buildTable(text, source, options, progress, stop, bom, total);
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
