#include "core/common/sha256.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace mdeck {

struct Sha256::Impl
{
    EVP_MD_CTX *ctx = nullptr;
};

Sha256::Sha256()
    : m_d(std::make_unique<Impl>())
{
    m_d->ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(m_d->ctx, EVP_sha256(), nullptr);
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_d->ctx);
}

void Sha256::update(const void *data, std::size_t size)
{
    EVP_DigestUpdate(m_d->ctx, data, size);
}

std::string Sha256::hexDigest()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(m_d->ctx, digest, &len);
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0xf]);
    }
    return out;
}

std::string Sha256::hex(std::string_view data)
{
    Sha256 h;
    h.update(data);
    return h.hexDigest();
}

Result<FileDigest> sha256File(const std::string &path)
{
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return Error(ErrorCode::Io, "cannot read " + path + ": " + std::strerror(errno));
    Sha256 h;
    FileDigest d;
    std::vector<char> buf(1 << 16);
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
        h.update(buf.data(), n);
        d.size += n;
    }
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed)
        return Error(ErrorCode::Io, "read error in " + path);
    d.sha256 = h.hexDigest();
    return d;
}

bool isSha256Hex(std::string_view text)
{
    if (text.size() != 64)
        return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

} // namespace mdeck
