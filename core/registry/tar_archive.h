#pragma once

// A minimal POSIX ustar reader and writer for model bundles: regular files
// only, names up to 100 bytes, no links, no absolute or ".." paths. Any other
// input is refused with a message that names the member and the field.
// Not thread-safe per object.

#include "core/base/result.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace mdeck::registry {

class TarWriter
{
public:
    ~TarWriter();
    static Result<TarWriter> create(const std::string &path);
    TarWriter(TarWriter &&other) noexcept;

    Result<void> addData(const std::string &name, std::string_view data);
    Result<void> addFile(const std::string &name, const std::string &sourcePath);
    Result<void> finish(); // writes the end marker, flushes and closes

private:
    TarWriter() = default;
    Result<void> header(const std::string &name, std::uint64_t size);
    Result<void> write(const void *data, std::size_t size);
    Result<void> pad(std::uint64_t size);
    std::FILE *m_file = nullptr;
    std::string m_path;
};

struct TarMember
{
    std::string name;
    std::uint64_t size = 0;
};

// Streams each member's content to `sink` in chunks. `begin` is called before
// each member and may refuse it. Errors name the archive and the member.
class TarReader
{
public:
    using BeginFn = std::function<Result<void>(const TarMember &member)>;
    using ChunkFn = std::function<Result<void>(const TarMember &member, std::string_view chunk)>;

    static Result<void> read(const std::string &path, const BeginFn &begin, const ChunkFn &chunk,
                             std::uint64_t maxMembers = 16);
};

} // namespace mdeck::registry
