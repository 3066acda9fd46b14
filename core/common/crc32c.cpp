#include "core/common/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace mdeck {

namespace {

constexpr std::uint32_t kPolynomial = 0x82F63B78; // reflected 0x1EDC6F41

constexpr std::array<std::uint32_t, 256> makeTable()
{
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (c >> 1) ^ kPolynomial : c >> 1;
        table[i] = c;
    }
    return table;
}

constexpr auto kTable = makeTable();

std::uint32_t crcTable(const unsigned char *p, std::size_t n, std::uint32_t c)
{
    while (n--)
        c = kTable[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return c;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) std::uint32_t crcHardware(const unsigned char *p, std::size_t n,
                                                            std::uint32_t c)
{
    std::uint64_t c64 = c;
    for (; n >= 8; n -= 8, p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        c64 = _mm_crc32_u64(c64, word);
    }
    c = static_cast<std::uint32_t>(c64);
    for (; n > 0; --n)
        c = _mm_crc32_u8(c, *p++);
    return c;
}

const bool kHaveHardware = __builtin_cpu_supports("sse4.2");
#endif

} // namespace

std::uint32_t crc32c(const void *data, std::size_t size, std::uint32_t crc)
{
    const auto *p = static_cast<const unsigned char *>(data);
    const std::uint32_t c = ~crc;
#if defined(__x86_64__)
    if (kHaveHardware)
        return ~crcHardware(p, size, c);
#endif
    return ~crcTable(p, size, c);
}

} // namespace mdeck
