#pragma once

// Small text helpers shared by the core: names, timestamps, key=value pairs.

#include "core/base/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace mdeck {

// Model, alias and user names: [a-z0-9][a-z0-9._-]{0,63}.
bool isValidName(std::string_view name);
Result<void> checkName(std::string_view name, std::string_view what);

// Milliseconds since the Unix epoch, UTC.
std::int64_t nowMillis();
// "2026-11-27T03:35:21.123Z"
std::string isoTime(std::int64_t millis);

// "k=v" -> {k, v}; the key must be non-empty.
Result<std::pair<std::string, std::string>> splitKeyValue(std::string_view text,
                                                          std::string_view what);

// Text that is valid UTF-8 and holds no control characters other than tab.
bool isCleanText(std::string_view text);

// ASCII letters in lower case, every other byte as it is.
std::string asciiLower(std::string_view text);
// `text` without the characters of `chars` at either end.
std::string_view trimmed(std::string_view text, std::string_view chars = " \t");

} // namespace mdeck
