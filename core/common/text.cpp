#include "core/common/text.h"

#include <chrono>
#include <ctime>

namespace mdeck {

bool isValidName(std::string_view name)
{
    if (name.empty() || name.size() > 64)
        return false;
    auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    };
    if (!alnum(name.front()))
        return false;
    for (char c : name)
        if (!alnum(c) && c != '.' && c != '_' && c != '-')
            return false;
    return true;
}

Result<void> checkName(std::string_view name, std::string_view what)
{
    if (isValidName(name))
        return success();
    std::string shown;
    for (char c : name.substr(0, 80))
        shown.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
    return Error(ErrorCode::InvalidArgument,
                 std::string(what) + " name '" + shown
                     + "' is invalid: use 1 to 64 characters a-z, 0-9, '.', '_' or '-', "
                       "starting with a letter or digit");
}

std::int64_t nowMillis()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string isoTime(std::int64_t millis)
{
    const std::time_t secs = static_cast<std::time_t>(millis / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(millis % 1000));
    return buf;
}

Result<std::pair<std::string, std::string>> splitKeyValue(std::string_view text,
                                                          std::string_view what)
{
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return Error(ErrorCode::InvalidArgument,
                     std::string(what) + " '" + std::string(text)
                         + "' must have the form key=value");
    return std::make_pair(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
}

bool isCleanText(std::string_view text)
{
    std::size_t i = 0;
    const auto *s = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t n = text.size();
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7f)
                return false;
            ++i;
            continue;
        }
        int len = 0;
        std::uint32_t cp = 0;
        if ((c & 0xe0) == 0xc0) {
            len = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<std::size_t>(len) > n)
            return false;
        for (int k = 1; k < len; ++k) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)
            || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += static_cast<std::size_t>(len);
    }
    return true;
}

std::string asciiLower(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view trimmed(std::string_view text, std::string_view chars)
{
    const std::size_t b = text.find_first_not_of(chars);
    if (b == std::string_view::npos)
        return {};
    return text.substr(b, text.find_last_not_of(chars) - b + 1);
}

} // namespace mdeck
