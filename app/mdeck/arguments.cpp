#include "app/mdeck/arguments.h"

#include "core/common/files.h"
#include "core/common/signature_json.h"
#include "core/data/csv_reader.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace mdeck::cli {

namespace {

constexpr std::uint64_t kMaxSignatureBytes = 8u << 20;

std::string shown(std::string_view text)
{
    std::string s(text.substr(0, 80));
    for (char &c : s)
        if (static_cast<unsigned char>(c) < 0x20)
            c = '?';
    return s;
}

} // namespace

Result<double> parseFiniteNumber(std::string_view text, std::string_view what)
{
    const std::string s(text);
    char *end = nullptr;
    const double value = s.empty() ? 0 : std::strtod(s.c_str(), &end);
    // strtod accepts leading spaces, "nan" and "inf": refuse all three.
    if (s.empty() || end != s.c_str() + s.size() || std::isspace(static_cast<unsigned char>(s[0]))
        || !std::isfinite(value))
        return Error(ErrorCode::InvalidArgument,
                     std::string(what) + " value '" + shown(text) + "' is not a finite number");
    return value;
}

Result<std::map<std::string, std::string>> parseKeyValues(const std::vector<std::string> &items,
                                                          std::string_view what)
{
    std::map<std::string, std::string> out;
    for (const auto &item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            return Error(ErrorCode::InvalidArgument,
                         std::string(what) + " '" + shown(item) + "' must have the form key=value");
        const std::string key = item.substr(0, eq);
        if (!out.emplace(key, item.substr(eq + 1)).second)
            return Error(ErrorCode::InvalidArgument,
                         std::string(what) + " '" + shown(key) + "' is given twice");
    }
    return out;
}

Result<std::map<std::string, double>> parseMetrics(const std::vector<std::string> &items)
{
    auto pairs = parseKeyValues(items, "metric");
    if (!pairs)
        return pairs.error();
    std::map<std::string, double> out;
    for (const auto &[key, text] : *pairs) {
        auto value = parseFiniteNumber(text, "metric '" + shown(key) + "'");
        if (!value)
            return value.error();
        out[key] = *value;
    }
    return out;
}

Result<VersionReference> parseVersionReference(std::string_view text)
{
    VersionReference ref;
    const auto at = text.find('@');
    const auto colon = text.find(':');
    if (colon != std::string_view::npos && (at == std::string_view::npos || colon < at)) {
        ref.model = std::string(text.substr(0, colon));
        ref.reference = std::string(text.substr(colon + 1));
        if (ref.reference.empty())
            return Error(ErrorCode::InvalidArgument,
                         "'" + shown(text)
                             + "' names no version after ':' (use NAME:VERSION or NAME@ALIAS)");
    } else if (at != std::string_view::npos) {
        ref.model = std::string(text.substr(0, at));
        ref.reference = std::string(text.substr(at));
        if (ref.reference.size() == 1)
            return Error(ErrorCode::InvalidArgument,
                         "'" + shown(text) + "' names no alias after '@' (use NAME@ALIAS)");
    } else {
        ref.model = std::string(text);
    }
    if (ref.model.empty())
        return Error(ErrorCode::InvalidArgument, "'" + shown(text) + "' names no model");
    return ref;
}

Result<Signature> loadSignatureFile(const std::string &path)
{
    // One byte over the limit, so that parseSignature names the limit itself.
    auto text = readFile(path, kMaxSignatureBytes + 1);
    if (!text) {
        if (text.error().code == ErrorCode::InvalidArgument)
            return Error(ErrorCode::InvalidArgument,
                         "signature file " + path
                             + " is larger than the 8 MiB limit for signatures");
        return text.error();
    }
    return parseSignature(*text, "signature file " + path);
}

Result<std::int64_t> parseTimeArgument(const std::string &text, const char *what)
{
    if (text.empty())
        return std::int64_t(0);
    if (text.find_first_not_of("0123456789") == std::string::npos && text.size() >= 10) {
        std::int64_t ms = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), ms);
        if (r.ec == std::errc() && r.ptr == text.data() + text.size())
            return ms;
        return Error(ErrorCode::InvalidArgument,
                     std::string(what) + " '" + text + "' is too large for Unix milliseconds");
    }
    if (auto seconds = data::parseDatetime(text); seconds && std::isfinite(*seconds))
        return static_cast<std::int64_t>(std::llround(*seconds * 1000));
    return Error(ErrorCode::InvalidArgument,
                 std::string(what) + " '" + text
                     + "' is neither a date such as 2015-03-01 nor Unix milliseconds");
}

Result<std::pair<std::int64_t, std::int64_t>> parseTimeRange(const std::string &from,
                                                             const std::string &to)
{
    auto fromMs = parseTimeArgument(from, "--from");
    if (!fromMs)
        return fromMs.error();
    auto toMs = parseTimeArgument(to, "--to");
    if (!toMs)
        return toMs.error();
    return std::make_pair(*fromMs, *toMs);
}

} // namespace mdeck::cli
