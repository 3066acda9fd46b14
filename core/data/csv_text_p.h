#pragma once

// Internal to core/data: the text rules the CSV readers and the preprocessor
// share (numbers, missing and non-finite tokens, UTF-8, positions, messages),
// so a value parses the same way wherever it comes from.

#include "core/base/result.h"
#include "core/data/csv_reader.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mdeck::data::detail {

enum class NumberKind { Number, NonFinite, NotANumber };

// The value of `text` as a finite double, or why not. "inf", "Infinity" and
// overflowing literals are NonFinite; underflow gives a signed zero.
NumberKind classifyNumber(std::string_view text, double &value);

// The common case of classifyNumber, inlined into the readers' hot loops:
// an optional '-', digits, an optional fraction, and no exponent. False
// means "ask classifyNumber", never "not a number".
//
// Up to 19 significant digits give an exact integer mantissa; when it is
// below 2^53 and the power of ten is at most 10^22 (both exact doubles), one
// IEEE multiplication or division is correctly rounded (Clinger's fast path),
// so the result is bit-identical to std::from_chars.
inline bool parsePlainNumber(std::string_view text, double &value)
{
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = text.data();
    const char *end = p + text.size();
    const bool negative = p < end && *p == '-';
    p += negative;
    std::uint64_t mantissa = 0;
    int digits = 0;
    const char *start = p;
    while (p < end && static_cast<unsigned>(*p - '0') < 10) {
        mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        ++p;
    }
    digits = static_cast<int>(p - start);
    int fraction = 0;
    if (p < end && *p == '.') {
        const char *f = ++p;
        while (p < end && static_cast<unsigned>(*p - '0') < 10) {
            mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
            ++p;
        }
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
