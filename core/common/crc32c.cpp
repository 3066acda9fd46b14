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
// The crc32 instruction takes 3 cycles but can start one each cycle, so the
// hardware path runs three streams over adjacent stretches of the input and
// joins them: appending n bytes to a message maps its CRC register through
// a fixed linear operator, the one of n zero bytes, applied here from four
// byte-wise tables. (The method of Intel's white paper on iSCSI CRC and of
// Mark Adler's crc32c.c.)
constexpr std::size_t kLong = 8192, kShort = 256; // stretch lengths, powers of two

using Matrix = std::array<std::uint32_t, 32>;

constexpr std::uint32_t times(const Matrix &m, std::uint32_t v)
{
    std::uint32_t sum = 0;
    for (int i = 0; v; ++i, v >>= 1)
        if (v & 1)
            sum ^= m[static_cast<std::size_t>(i)];
    return sum;
}

constexpr Matrix square(const Matrix &m)
{
    Matrix out{};
    for (std::size_t n = 0; n < 32; ++n)
        out[n] = times(m, m[n]);
    return out;
}

using ShiftTable = std::array<std::array<std::uint32_t, 256>, 4>;

// The operator of `len` zero bytes (a power of two), byte by byte.
constexpr ShiftTable makeShift(std::size_t len)
{
    Matrix op{}; // one zero bit
    op[0] = kPolynomial;
    for (std::size_t n = 1; n < 32; ++n)
        op[n] = std::uint32_t(1) << (n - 1);
    op = square(square(square(op))); // eight zero bits: one byte
    for (; len > 1; len >>= 1)
        op = square(op);
    ShiftTable t{};
    for (std::uint32_t n = 0; n < 256; ++n)
        for (int k = 0; k < 4; ++k)
            t[static_cast<std::size_t>(k)][n] = times(op, n << (8 * k));
    return t;
}

constexpr ShiftTable kShiftLong = makeShift(kLong);
constexpr ShiftTable kShiftShort = makeShift(kShort);

std::uint32_t shift(const ShiftTable &t, std::uint32_t c)
{
    return t[0][c & 0xFF] ^ t[1][(c >> 8) & 0xFF] ^ t[2][(c >> 16) & 0xFF] ^ t[3][c >> 24];
}

__attribute__((target("sse4.2"))) std::uint32_t crcHardware(const unsigned char *p, std::size_t n,
                                                            std::uint32_t c)
{
    auto word = [](const unsigned char *at) {
        std::uint64_t w;
        std::memcpy(&w, at, 8);
        return w;
    };
    std::uint64_t c0 = c;
    for (const auto &[stretch, table] :
         {std::pair{kLong, &kShiftLong}, std::pair{kShort, &kShiftShort}}) {
        while (n >= 3 * stretch) {
            std::uint64_t c1 = 0, c2 = 0;
            for (const unsigned char *end = p + stretch; p < end; p += 8) {
                c0 = _mm_crc32_u64(c0, word(p));
                c1 = _mm_crc32_u64(c1, word(p + stretch));
                c2 = _mm_crc32_u64(c2, word(p + 2 * stretch));
            }
            c0 = shift(*table, static_cast<std::uint32_t>(c0)) ^ c1;
            c0 = shift(*table, static_cast<std::uint32_t>(c0)) ^ c2;
            p += 2 * stretch;
            n -= 3 * stretch;
        }
    }
    for (; n >= 8; n -= 8, p += 8)
        c0 = _mm_crc32_u64(c0, word(p));
    c = static_cast<std::uint32_t>(c0);
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
