#include "core/data/csv_text_p.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace mdeck::data {

bool isMissingToken(std::string_view field)
{
    switch (field.size()) {
    case 0:
        return true;
    case 2:
        return field == "NA";
    case 3:
        return field == "NaN" || field == "nan" || field == "N/A";
    case 4:
        return field == "null" || field == "NULL";
    default:
        return false;
    }
}

std::optional<double> parseNumber(std::string_view text)
{
    double value = 0;
    if (detail::classifyNumber(text, value) != detail::NumberKind::Number)
        return std::nullopt;
    return value;
}

std::optional<double> parseBoolean(std::string_view text)
{
    switch (text.size()) {
    case 1:
        if (text[0] == '1')
            return 1.0;
        if (text[0] == '0')
            return 0.0;
        return std::nullopt;
    case 2:
        return text == "no" ? std::optional(0.0) : std::nullopt;
    case 3:
        return text == "yes" ? std::optional(1.0) : std::nullopt;
    case 4:
        return text == "true" || text == "True" || text == "TRUE" ? std::optional(1.0)
                                                                  : std::nullopt;
    case 5:
        return text == "false" || text == "False" || text == "FALSE" ? std::optional(0.0)
                                                                     : std::nullopt;
    default:
        return std::nullopt;
    }
}

namespace {

bool readDigits(std::string_view t, std::size_t pos, std::size_t n, int &out)
{
    if (pos + n > t.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (t[i] < '0' || t[i] > '9')
            return false;
        v = v * 10 + (t[i] - '0');
    }
    out = v;
    return true;
}

bool isLeapYear(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool equalsIgnoreCase(std::string_view a, std::string_view lowerB)
{
    if (a.size() != lowerB.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != lowerB[i])
            return false;
    }
    return true;
}

} // namespace

std::optional<double> parseDatetime(std::string_view t)
{
    int y = 0, mo = 0, d = 0;
    if (t.size() < 10 || !readDigits(t, 0, 4, y) || t[4] != '-' || !readDigits(t, 5, 2, mo)
        || t[7] != '-' || !readDigits(t, 8, 2, d))
        return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
        return std::nullopt;
    const double days = static_cast<double>(daysFromCivil(y, mo, d));
    if (t.size() == 10)
        return days * 86400.0;
    if (t[10] != 'T' && t[10] != ' ')
        return std::nullopt;
    int hh = 0, mi = 0, ss = 0;
    if (!readDigits(t, 11, 2, hh) || t.size() < 16 || t[13] != ':' || !readDigits(t, 14, 2, mi))
        return std::nullopt;
    std::size_t i = 16;
    double fraction = 0;
    if (i < t.size() && t[i] == ':') {
        if (!readDigits(t, i + 1, 2, ss))
            return std::nullopt;
        i += 3;
        if (i < t.size() && t[i] == '.') {
            ++i;
            std::int64_t digits = 0;
            double scale = 1;
            const std::size_t first = i;
            while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i - first < 9) {
                digits = digits * 10 + (t[i] - '0');
                scale *= 10;
                ++i;
            }
            if (i == first)
                return std::nullopt;
            fraction = static_cast<double>(digits) / scale;
        }
    }
    if (hh > 23 || mi > 59 || ss > 59)
        return std::nullopt;
    int offsetSeconds = 0;
    if (i < t.size()) {
        if (t[i] == 'Z') {
            ++i;
        } else if (t[i] == '+' || t[i] == '-') {
            const int sign = t[i] == '+' ? 1 : -1;
            int oh = 0, om = 0;
            if (!readDigits(t, i + 1, 2, oh))
                return std::nullopt;
            i += 3;
            if (i < t.size() && t[i] == ':')
                ++i;
            if (i < t.size()) {
                if (!readDigits(t, i, 2, om))
                    return std::nullopt;
                i += 2;
            }
            if (oh > 23 || om > 59)
                return std::nullopt;
            offsetSeconds = sign * (oh * 3600 + om * 60);
        }
    }
    if (i != t.size())
        return std::nullopt;
    return days * 86400.0 + (hh * 3600 + mi * 60 + ss - offsetSeconds) + fraction;
}

namespace detail {

bool isNonFiniteToken(std::string_view text)
{
    if (!text.empty() && (text[0] == '+' || text[0] == '-'))
        text.remove_prefix(1);
    return equalsIgnoreCase(text, "inf") || equalsIgnoreCase(text, "infinity");
}

NumberKind classifyNumber(std::string_view text, double &value)
{
    if (parsePlainNumber(text, value))
        return NumberKind::Number;
    if (isNonFiniteToken(text))
        return NumberKind::NonFinite;
    std::string_view body = text;
    if (!body.empty() && body[0] == '+') {
        body.remove_prefix(1);
        if (!body.empty() && body[0] == '-')
            return NumberKind::NotANumber;
    }
    const std::string_view digits = !body.empty() && body[0] == '-' ? body.substr(1) : body;
    // from_chars would also read "nan", "inf" and hex digits after a sign.
    if (digits.empty() || !((digits[0] >= '0' && digits[0] <= '9') || digits[0] == '.'))
        return NumberKind::NotANumber;
    const char *end = body.data() + body.size();
    const auto r = std::from_chars(body.data(), end, value, std::chars_format::general);
    if (r.ptr != end)
        return NumberKind::NotANumber;
    if (r.ec == std::errc())
        return std::isfinite(value) ? NumberKind::Number : NumberKind::NonFinite;
    if (r.ec != std::errc::result_out_of_range)
        return NumberKind::NotANumber;
    // Out of range: overflow is non-finite, underflow rounds to zero. The
    // decimal magnitude tells which: the position of the first significant
    // digit relative to the point, plus the exponent.
    std::int64_t magnitude = 0;
    std::size_t i = 0;
    std::int64_t intDigits = 0;
    bool seenNonZero = false;
    std::int64_t leadingFractionZeros = 0;
    for (; i < digits.size() && digits[i] >= '0' && digits[i] <= '9'; ++i) {
        if (digits[i] != '0' || seenNonZero) {
            seenNonZero = true;
            ++intDigits;
        }
    }
    if (i < digits.size() && digits[i] == '.') {
        for (++i; i < digits.size() && digits[i] >= '0' && digits[i] <= '9'; ++i) {
            if (!seenNonZero && digits[i] == '0')
                ++leadingFractionZeros;
            else
                seenNonZero = true;
        }
    }
    magnitude = intDigits > 0 ? intDigits - 1 : -(leadingFractionZeros + 1);
    if (i + 1 < digits.size() && (digits[i] == 'e' || digits[i] == 'E')) {
        std::int64_t exponent = 0;
        const auto er = std::from_chars(digits.data() + i + 1 + (digits[i + 1] == '+'),
                                        digits.data() + digits.size(), exponent);
        if (er.ec == std::errc::result_out_of_range)
            exponent = digits[i + 1] == '-' ? -(std::int64_t(1) << 40) : std::int64_t(1) << 40;
        magnitude += exponent;
    }
    if (magnitude < 0) {
        value = !body.empty() && body[0] == '-' ? -0.0 : 0.0;
        return NumberKind::Number;
    }
    return NumberKind::NonFinite;
}

TextPosition positionAt(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    TextPosition pos;
    std::size_t lineStart = 0;
    const char *base = text.data();
    const char *p = base;
    const char *end = base + offset;
    while (p < end) {
        const void *nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (!nl)
            break;
        ++pos.line;
        p = static_cast<const char *>(nl) + 1;
        lineStart = static_cast<std::size_t>(p - base);
    }
    pos.column = offset - lineStart + 1;
    return pos;
}

std::string where(const std::string &source, TextPosition pos)
{
    return source + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": ";
}

std::string quoted(std::string_view value)
{
    constexpr std::size_t kShown = 60;
    std::string out = "'";
    std::size_t i = 0;
    for (; i < value.size() && i < kShown; ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    // Do not cut a UTF-8 sequence in half.
    while (i < value.size() && (static_cast<unsigned char>(value[i]) & 0xc0) == 0x80)
        out.push_back(value[i++]);
    if (i < value.size())
        out += "...";
    out += "'";
    return out;
}

std::uint64_t Utf8Validator::fail(std::uint64_t at, unsigned char byte, const char *what)
{
    char buf[128];
    if (byte == 0)
        std::snprintf(buf, sizeof buf, "%s", what);
    else
        std::snprintf(buf, sizeof buf, "%s (byte 0x%02x): the file must be UTF-8 text", what, byte);
    m_reason = buf;
    return at;
}

std::uint64_t Utf8Validator::feed(const char *data, std::size_t size)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    const auto *end = p + size;
    const std::uint64_t base = m_pos;
    m_pos += size;
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    while (p < end) {
        if (m_need == 0) {
            // ASCII without NUL, eight bytes at a time.
            while (end - p >= 8) {
                std::uint64_t w;
                std::memcpy(&w, p, 8);
                if (((w | ((w - kOnes) & ~w)) & kHigh) != 0)
                    break;
                p += 8;
            }
            if (p == end)
                break;
            const unsigned char c = *p;
            const std::uint64_t at = base
                + static_cast<std::uint64_t>(p - reinterpret_cast<const unsigned char *>(data));
            ++p;
            if (c == 0)
                return fail(at, c, "NUL byte");
            if (c < 0x80)
                continue;
            m_lead = at;
            m_leadByte = c;
            m_lo = 0x80;
            m_hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                m_need = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                m_need = 2;
                if (c == 0xe0)
                    m_lo = 0xa0;
                else if (c == 0xed)
                    m_hi = 0x9f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                m_need = 3;
                if (c == 0xf0)
                    m_lo = 0x90;
                else if (c == 0xf4)
                    m_hi = 0x8f;
            } else {
                return fail(at, c, "invalid UTF-8");
            }
        } else {
            const unsigned char c = *p;
            if (c < m_lo || c > m_hi)
                return fail(m_lead, m_leadByte, "invalid UTF-8");
            m_lo = 0x80;
            m_hi = 0xbf;
            --m_need;
            ++p;
        }
    }
    return kValid;
}

std::uint64_t Utf8Validator::finish()
{
    if (m_need == 0)
        return kValid;
    return fail(m_lead, m_leadByte, "incomplete UTF-8 sequence");
}

Result<void> checkHeader(const std::vector<std::string> &names, std::size_t count,
                         const std::string &source, int line, const CsvOptions &options)
{
    const std::string at = source + ":" + std::to_string(line) + ": ";
    if (count > options.maxColumns || names.size() > options.maxColumns)
        return Error(ErrorCode::InvalidArgument,
                     at + "the header has " + std::to_string(count)
                         + " columns, more than the limit of " + std::to_string(options.maxColumns),
                     line);
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty())
            return Error(ErrorCode::InvalidArgument,
                         at + "column " + std::to_string(i + 1) + " of the header has no name",
                         line);
        const auto [it, inserted] = seen.emplace(names[i], i);
        if (!inserted)
            return Error(ErrorCode::InvalidArgument,
                         at + "the header names column " + quoted(names[i]) + " twice (columns "
                             + std::to_string(it->second + 1) + " and " + std::to_string(i + 1)
                             + ")",
                         line);
    }
    for (const auto &[name, type] : options.typeOverrides) {
        (void) type;
        if (!seen.count(name))
            return Error(ErrorCode::InvalidArgument,
                         source + ": the type override names column " + quoted(name)
                             + ", which is not in the header");
    }
    return success();
}

std::string fieldTooLong(const std::string &source, TextPosition pos, std::size_t limit)
{
    return where(source, pos) + "a field is longer than the limit of " + std::to_string(limit)
        + " bytes";
}

std::string raggedRecord(const std::string &source, int line, std::size_t fields,
                         std::size_t expected)
{
    return source + ":" + std::to_string(line) + ": line " + std::to_string(line) + " has "
        + std::to_string(fields) + (fields == 1 ? " field" : " fields") + " but the header has "
        + std::to_string(expected);
}

} // namespace detail
} // namespace mdeck::data
