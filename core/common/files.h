#pragma once

// Whole-file reads and all-or-nothing writes: data goes to a temporary file in
// the target's folder, is flushed to disk, then renamed over the target.

#include "core/base/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace mdeck {

Result<std::string> readFile(const std::string &path, std::uint64_t maxBytes = 1ull << 30);
Result<void> writeFileAtomic(const std::string &path, std::string_view data);
// Copies `from` to `to` through a temporary file and a rename; the copy is read-only.
Result<void> copyFileAtomic(const std::string &from, const std::string &to);
Result<void> makeDirs(const std::string &path);
// Writes all of `data` to `fd`, again after a signal or a short write; false
// on an error, with errno set.
bool writeAll(int fd, const char *data, std::size_t size);
bool fileExists(const std::string &path);

} // namespace mdeck
