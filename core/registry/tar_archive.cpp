#include "core/registry/tar_archive.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace mdeck::registry {

namespace {

constexpr std::size_t kBlock = 512;

void putOctal(char *field, std::size_t width, std::uint64_t value)
{
    // width includes the terminating NUL
    std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1),
                  static_cast<unsigned long long>(value));
}

unsigned checksum(const unsigned char *block)
{
    unsigned sum = 0;
    for (std::size_t i = 0; i < kBlock; ++i)
        sum += (i >= 148 && i < 156) ? ' ' : block[i];
    return sum;
}

Result<std::uint64_t> parseOctal(const char *field, std::size_t width, const std::string &what)
{
    std::uint64_t v = 0;
    std::size_t i = 0;
    while (i < width && field[i] == ' ')
        ++i;
    bool digits = false;
    for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i) {
        if (v > (UINT64_MAX >> 3))
            return Error(ErrorCode::InvalidArgument, what + " is too large");
        v = (v << 3) | static_cast<std::uint64_t>(field[i] - '0');
        digits = true;
    }
    for (; i < width; ++i)
        if (field[i] != ' ' && field[i] != '\0')
            return Error(ErrorCode::InvalidArgument, what + " is not an octal number");
    if (!digits)
        return Error(ErrorCode::InvalidArgument, what + " is empty");
    return v;
}

bool safeName(const std::string &name)
{
    if (name.empty() || name.size() > 99 || name.front() == '/')
        return false;
    std::size_t start = 0;
    while (start <= name.size()) {
        const auto slash = name.find('/', start);
        const std::string part = name.substr(start,
                                             slash == std::string::npos ? std::string::npos
                                                                        : slash - start);
        if (part.empty() || part == "." || part == "..")
            return false;
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    for (unsigned char c : name)
        if (c < 0x20 || c == 0x7f || c == '\\')
            return false;
    return true;
}

} // namespace

TarWriter::~TarWriter()
{
    if (m_file)
        std::fclose(m_file);
}

TarWriter::TarWriter(TarWriter &&other) noexcept
    : m_file(other.m_file)
    , m_path(std::move(other.m_path))
{
    other.m_file = nullptr;
}

Result<TarWriter> TarWriter::create(const std::string &path)
{
    TarWriter w;
    w.m_path = path;
    w.m_file = std::fopen(path.c_str(), "wbx");
    if (!w.m_file)
        return Error(ErrorCode::Io, "cannot create " + path + ": " + std::strerror(errno));
    return w;
}

Result<void> TarWriter::write(const void *data, std::size_t size)
{
    if (std::fwrite(data, 1, size, m_file) != size)
        return Error(ErrorCode::Io, "cannot write " + m_path + ": " + std::strerror(errno));
    return success();
}

Result<void> TarWriter::pad(std::uint64_t size)
{
    static const char zeros[kBlock] = {};
    const std::size_t rest = static_cast<std::size_t>(size % kBlock);
    return rest ? write(zeros, kBlock - rest) : success();
}

Result<void> TarWriter::header(const std::string &name, std::uint64_t size)
{
    if (!safeName(name))
        return Error(ErrorCode::InvalidArgument, "bundle member name '" + name + "' is not allowed");
    unsigned char block[kBlock] = {};
    auto *c = reinterpret_cast<char *>(block);
    std::memcpy(c, name.data(), name.size());
    putOctal(c + 100, 8, 0644);
    putOctal(c + 108, 8, 0);
    putOctal(c + 116, 8, 0);
    putOctal(c + 124, 12, size);
    putOctal(c + 136, 12, 0);
    c[156] = '0';
    std::memcpy(c + 257, "ustar", 6);
    std::memcpy(c + 263, "00", 2);
    std::snprintf(c + 148, 8, "%06o", checksum(block));
    c[155] = ' ';
    return write(block, kBlock);
}

Result<void> TarWriter::addData(const std::string &name, std::string_view data)
{
    MDECK_TRY(header(name, data.size()));
    MDECK_TRY(write(data.data(), data.size()));
    return pad(data.size());
}

Result<void> TarWriter::addFile(const std::string &name, const std::string &sourcePath)
{
    std::FILE *in = std::fopen(sourcePath.c_str(), "rb");
    if (!in)
        return Error(ErrorCode::Io, "cannot read " + sourcePath + ": " + std::strerror(errno));
    std::fseek(in, 0, SEEK_END);
    const long size = std::ftell(in);
    std::fseek(in, 0, SEEK_SET);
    if (size < 0) {
        std::fclose(in);
        return Error(ErrorCode::Io, "cannot read " + sourcePath);
    }
    auto r = [&]() -> Result<void> {
        MDECK_TRY(header(name, static_cast<std::uint64_t>(size)));
        std::vector<char> buf(1 << 16);
        std::uint64_t total = 0;
        std::size_t n = 0;
        while ((n = std::fread(buf.data(), 1, buf.size(), in)) > 0) {
            MDECK_TRY(write(buf.data(), n));
            total += n;
        }
        if (total != static_cast<std::uint64_t>(size))
            return Error(ErrorCode::Io, sourcePath + " changed size while it was being exported");
        return pad(total);
    }();
    std::fclose(in);
    return r;
}

Result<void> TarWriter::finish()
{
    static const char zeros[kBlock * 2] = {};
    MDECK_TRY(write(zeros, sizeof zeros));
    if (std::fflush(m_file) != 0 || ::fsync(fileno(m_file)) != 0 || std::fclose(m_file) != 0) {
        m_file = nullptr;
        return Error(ErrorCode::Io, "cannot finish " + m_path + ": " + std::strerror(errno));
    }
    m_file = nullptr;
    return success();
}

Result<void> TarReader::read(const std::string &path, const BeginFn &begin, const ChunkFn &chunk,
                             std::uint64_t maxMembers)
{
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return Error(ErrorCode::Io, "cannot read " + path + ": " + std::strerror(errno));
    struct Closer
    {
        std::FILE *f;
        ~Closer() { std::fclose(f); }
    } closer{f};
    std::fseek(f, 0, SEEK_END);
    const long fileSize = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    std::uint64_t offset = 0;
    std::uint64_t members = 0;
    std::vector<char> buf(1 << 16);
    for (;;) {
        unsigned char block[kBlock];
        const std::size_t got = std::fread(block, 1, kBlock, f);
        if (got != kBlock)
            return Error(ErrorCode::InvalidArgument,
                         path + " is truncated: the archive ends at byte "
                             + std::to_string(offset + got) + " without its end marker");
        offset += kBlock;
        bool zero = true;
        for (unsigned char b : block)
            zero = zero && b == 0;
        if (zero)
            return success();
        auto *c = reinterpret_cast<const char *>(block);
        const std::string at = path + " (header at byte " + std::to_string(offset - kBlock) + ")";
        if (std::memcmp(c + 257, "ustar", 5) != 0)
            return Error(ErrorCode::InvalidArgument,
                         at + " is not a ModelDeck bundle: no ustar header");
        auto sum = parseOctal(c + 148, 8, at + ": field 'chksum'");
        if (!sum)
            return sum.error();
        if (*sum != checksum(block))
            return Error(ErrorCode::InvalidArgument,
                         at + ": the header checksum does not match (corrupt archive)");
        const std::string name(c, strnlen(c, 100));
        if (c[156] != '0' && c[156] != '\0')
            return Error(ErrorCode::InvalidArgument,
                         at + ": member '" + name.substr(0, 100)
                             + "' is not a regular file (links and folders are refused)");
        if (c[345] != '\0')
            return Error(ErrorCode::InvalidArgument,
                         at + ": member names with a prefix field are refused");
        if (!safeName(name))
            return Error(ErrorCode::InvalidArgument,
                         at + ": member name '" + name.substr(0, 100) + "' is not allowed");
        auto size = parseOctal(c + 124, 12, at + ": field 'size' of '" + name + "'");
        if (!size)
            return size.error();
        if (fileSize >= 0 && *size > static_cast<std::uint64_t>(fileSize) - offset)
            return Error(ErrorCode::InvalidArgument,
                         path + ": member '" + name + "' claims " + std::to_string(*size)
                             + " bytes but the file is shorter (truncated)");
        if (++members > maxMembers)
            return Error(ErrorCode::InvalidArgument,
                         path + " has more than " + std::to_string(maxMembers) + " members");
        const TarMember member{name, *size};
        MDECK_TRY(begin(member));
        std::uint64_t left = *size;
        while (left > 0) {
            const std::size_t want = static_cast<std::size_t>(
                std::min<std::uint64_t>(left, buf.size()));
            const std::size_t n = std::fread(buf.data(), 1, want, f);
            if (n != want)
                return Error(ErrorCode::InvalidArgument,
                             path + ": member '" + name + "' is truncated");
            MDECK_TRY(chunk(member, std::string_view(buf.data(), n)));
            left -= n;
        }
        offset += *size;
        const std::uint64_t rest = *size % kBlock;
        if (rest) {
            if (std::fseek(f, static_cast<long>(kBlock - rest), SEEK_CUR) != 0)
                return Error(ErrorCode::InvalidArgument, path + " is truncated");
            offset += kBlock - rest;
        }
    }
}

} // namespace mdeck::registry
