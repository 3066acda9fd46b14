#include "core/common/json.h"

namespace mdeck {

Result<Json> parseJson(std::string_view text, const std::string &source)
{
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error &e) {
        // e.byte is 1-based and points just past the offending character.
        const std::size_t upto = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
        int line = 1;
        std::size_t lineStart = 0;
        for (std::size_t i = 0; i < upto; ++i) {
            if (text[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        }
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
        if (const auto colon = what.find("]: "); colon != std::string::npos)
            what = what.substr(colon + 3);
        else if (const auto pos = what.find(": "); pos != std::string::npos)
            what = what.substr(pos + 2);
        return Error(ErrorCode::InvalidArgument,
                     source + ":" + std::to_string(line) + ":"
                         + std::to_string(upto - lineStart + 1) + ": invalid JSON: " + what,
                     line);
    } catch (const Json::exception &e) {
        // out_of_range.406: a number beyond double's range, such as 1e400.
        std::string what = e.what();
        if (const auto pos = what.find("] "); pos != std::string::npos)
            what = what.substr(pos + 2);
        return Error(ErrorCode::InvalidArgument, source + ": invalid JSON: " + what);
    }
}

std::string canonicalJson(const Json &value)
{
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace mdeck
