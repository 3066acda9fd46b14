#pragma once

// Internal to core/data: the text rules the CSV readers and the preprocessor
// share (numbers, missing and non-finite tokens, UTF-8, positions, messages),
// so a value parses the same way wherever it comes from.

#include "core/base/result.h"
#include "core/data/csv_reader.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace mdeck::data::detail {

enum class NumberKind { Number, NonFinite, NotANumber };

// The value of `text` as a finite double, or why not. "inf", "Infinity" and
// overflowing literals are NonFinite; underflow gives a signed zero.
NumberKind classifyNumber(std::string_view text, double &value);

// Reads the run of ASCII digits at p (stopping at end) into `mantissa`
// (mantissa * 10^k + digits; it may wrap when the run is long, which the
// caller detects by the count). Eight bytes are examined at a time while
// p + 8 <= readable: `readable` bounds the memory that may be loaded, which
// may extend past `end`.
inline const char *readDigits(const char *p, const char *end, const char *readable,
                              std::uint64_t &mantissa)
{
    static constexpr std::uint64_t kPow10[] = {1,      10,      100,      1000,     10000,
                                               100000, 1000000, 10000000, 100000000};
    while (readable - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        // A byte is a digit when its high nibble is 3 and its low nibble is
        // at most 9 (adding 6 keeps the high nibble 3). Bytes up to the
        // first non-digit are exact; what follows it does not matter.
        const std::uint64_t nonDigit = ((w & 0xf0f0f0f0f0f0f0f0) ^ 0x3030303030303030)
            | (((w + 0x0606060606060606) & 0xf0f0f0f0f0f0f0f0) ^ 0x3030303030303030);
        std::size_t n = nonDigit == 0 ? 8 : static_cast<std::size_t>(__builtin_ctzll(nonDigit)) / 8;
        n = std::min<std::size_t>(n, static_cast<std::size_t>(end - p));
        if (n == 0)
            return p;
        // The n digits, right-aligned behind leading zeros, combined pairwise.
        std::uint64_t d = (w - 0x3030303030303030) << (8 * (8 - n));
        d = d * 10 + (d >> 8);
        d = (((d & 0x000000ff000000ff) * (100 + (1000000ull << 32)))
             + (((d >> 16) & 0x000000ff000000ff) * (1 + (10000ull << 32))))
            >> 32;
        mantissa = mantissa * kPow10[n] + d;
        p += n;
        if (n < 8)
            return p;
    }
    while (p < end && static_cast<unsigned>(*p - '0') < 10) {
        mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        ++p;
    }
    return p;
}

// The common case of classifyNumber, inlined into the readers' hot loops:
// an optional '-', digits, an optional fraction, and no exponent. False
// means "ask classifyNumber", never "not a number". Memory up to `readable`
// (at least the end of `text`) may be loaded.
//
// Up to 19 significant digits give an exact integer mantissa; when it is
// below 2^53 and the power of ten is at most 10^22 (both exact doubles), one
// IEEE multiplication or division is correctly rounded (Clinger's fast path),
// so the result is bit-identical to std::from_chars.
inline bool parsePlainNumber(std::string_view text, double &value, const char *readable = nullptr)
{
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = text.data();
    const char *end = p + text.size();
    if (readable == nullptr || readable < end)
        readable = end;
    const bool negative = p < end && *p == '-';
    p += negative;
    std::uint64_t mantissa = 0;
    const char *start = p;
    p = readDigits(p, end, readable, mantissa);
    int digits = static_cast<int>(p - start);
    int fraction = 0;
    if (p < end && *p == '.') {
        const char *f = ++p;
        p = readDigits(p, end, readable, mantissa);
        fraction = static_cast<int>(p - f);
        digits += fraction;
    }
    if (p != end || digits == 0 || digits > 19 || fraction > 22
        || mantissa > (std::uint64_t(1) << 53))
        return false;
    double v = static_cast<double>(mantissa);
    if (fraction > 0)
        v /= kPow10[fraction];
    value = negative ? -v : v;
    return true;
}

// "inf", "+Infinity", "-INF" and the like, in any case.
bool isNonFiniteToken(std::string_view text);

// 1-based line and byte column of `offset` in `text`.
struct TextPosition
{
    int line = 1;
    std::size_t column = 1;
};
TextPosition positionAt(std::string_view text, std::size_t offset);

// "source:line:column: " for messages.
std::string where(const std::string &source, TextPosition pos);

// A value as it appears in an error message: quoted, control characters
// escaped, long values shortened.
std::string quoted(std::string_view value);

// Checks UTF-8 incrementally, chunk after chunk, and refuses NUL bytes.
// Offsets count every byte fed so far.
class Utf8Validator
{
public:
    static constexpr std::uint64_t kValid = ~std::uint64_t(0);

    // Offset of the first byte of the first invalid sequence, or kValid.
    // After an error the validator must be discarded.
    std::uint64_t feed(const char *data, std::size_t size);
    // kValid, or the offset of a sequence the input ended inside.
    std::uint64_t finish();
    // What was wrong, e.g. "invalid UTF-8 (byte 0xe9)".
    const std::string &reason() const { return m_reason; }

private:
    std::uint64_t fail(std::uint64_t at, unsigned char byte, const char *what);

    std::uint64_t m_pos = 0;  // bytes fed so far
    std::uint64_t m_lead = 0; // offset of the current multi-byte sequence
    unsigned char m_leadByte = 0;
    int m_need = 0;                         // continuation bytes still expected
    unsigned char m_lo = 0x80, m_hi = 0xbf; // bounds of the next continuation byte
    std::string m_reason;
};

// Checks the header's names (non-empty, unique, within maxColumns) and
// that every type override names one of them. `count` is the number of
// fields in the header record (`names` may hold fewer when it is too many).
Result<void> checkHeader(const std::vector<std::string> &names, std::size_t count,
                         const std::string &source, int line, const CsvOptions &options);

std::string fieldTooLong(const std::string &source, TextPosition pos, std::size_t limit);
std::string raggedRecord(const std::string &source, int line, std::size_t fields,
                         std::size_t expected);

} // namespace mdeck::data::detail
