#pragma once

// SHA-256 over memory, files and streams (OpenSSL). Callable from any thread.

#include "core/base/result.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace mdeck {

class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void update(const void *data, std::size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    std::string hexDigest(); // lowercase, 64 characters; the hasher is spent afterwards

    static std::string hex(std::string_view data);

private:
    struct Impl;
    std::unique_ptr<Impl> m_d;
};

struct FileDigest
{
    std::string sha256;
    std::uint64_t size = 0;
};

Result<FileDigest> sha256File(const std::string &path);

bool isSha256Hex(std::string_view text);

} // namespace mdeck
