#include "core/common/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

namespace mdeck {

namespace {

std::string sysError(const std::string &what, const std::string &path)
{
    return what + " " + path + ": " + std::strerror(errno);
}

std::string tempNameFor(const std::string &path)
{
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp-%016llx", static_cast<unsigned long long>(rng()));
    return path + suffix;
}

} // namespace

bool writeAll(int fd, const char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

Result<std::string> readFile(const std::string &path, std::uint64_t maxBytes)
{
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return Error(ErrorCode::Io, sysError("cannot read", path));
    std::string out;
    std::vector<char> buf(1 << 16);
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
        if (out.size() + n > maxBytes) {
            std::fclose(f);
            return Error(ErrorCode::InvalidArgument,
                         path + " is larger than the limit of " + std::to_string(maxBytes)
                             + " bytes");
        }
        out.append(buf.data(), n);
    }
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed)
        return Error(ErrorCode::Io, "read error in " + path);
    return out;
}

Result<void> writeFileAtomic(const std::string &path, std::string_view data)
{
    const std::string tmp = tempNameFor(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return Error(ErrorCode::Io, sysError("cannot create", tmp));
    if (!writeAll(fd, data.data(), data.size()) || ::fsync(fd) != 0) {
        const std::string msg = sysError("cannot write", tmp);
        ::close(fd);
        ::unlink(tmp.c_str());
        return Error(ErrorCode::Io, msg);
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string msg = sysError("cannot rename onto", path);
        ::unlink(tmp.c_str());
        return Error(ErrorCode::Io, msg);
    }
    return success();
}

Result<void> copyFileAtomic(const std::string &from, const std::string &to)
{
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return Error(ErrorCode::Io, sysError("cannot read", from));
    const std::string tmp = tempNameFor(to);
    const int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
    if (out < 0) {
        const std::string msg = sysError("cannot create", tmp);
        ::close(in);
        return Error(ErrorCode::Io, msg);
    }
    std::vector<char> buf(1 << 16);
    bool ok = true;
    std::string msg;
    for (;;) {
        const ssize_t n = ::read(in, buf.data(), buf.size());
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ok = false;
            msg = sysError("cannot read", from);
            break;
        }
        if (!writeAll(out, buf.data(), static_cast<std::size_t>(n))) {
            ok = false;
            msg = sysError("cannot write", tmp);
            break;
        }
    }
    if (ok && ::fsync(out) != 0) {
        ok = false;
        msg = sysError("cannot flush", tmp);
    }
    ::close(in);
    ::close(out);
    if (ok && ::rename(tmp.c_str(), to.c_str()) != 0) {
        ok = false;
        msg = sysError("cannot rename onto", to);
    }
    if (!ok) {
        ::unlink(tmp.c_str());
        return Error(ErrorCode::Io, msg);
    }
    return success();
}

Result<void> makeDirs(const std::string &path)
{
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec)
        return Error(ErrorCode::Io, "cannot create folder " + path + ": " + ec.message());
    return success();
}

bool fileExists(const std::string &path)
{
    struct stat st
    {};
    return ::stat(path.c_str(), &st) == 0;
}

} // namespace mdeck
