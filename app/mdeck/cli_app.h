#pragma once

// The `mdeck` command line as a function, so that tests and other programs can
// run it in-process. Parses the arguments, runs one verb against the
// workspace, writes results to `out` and diagnostics to `err`, and returns the
// exit status: 0 done, 1 failed, 2 usage error. Call from one thread at a time.

#include <iosfwd>

namespace mdeck::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int runCli(int argc, char **argv, std::ostream &out, std::ostream &err);

} // namespace mdeck::cli
