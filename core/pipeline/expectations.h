#pragma once

// Data expectations of a `validate` step, checked in one streaming pass over
// a CSV file with bounded memory per expectation (except `unique` and
// `quantile-between`, which keep one entry per row). The report names each
// failing expectation with up to kExamples offending rows and their line
// numbers. Callable from any thread.
// Errors: Io, InvalidArgument (malformed CSV, naming the line), Cancelled.

#include "core/base/result.h"
#include "core/common/json.h"

#include <stop_token>

namespace mdeck::pipeline {

inline constexpr int kExamples = 5;

// `expectations` is the checked list from a definition. The report:
// {"data", "sha256", "rows", "passed", "failed", "expectations": [{"expect",
// "column", "passed", "failures", "observed", "message", "examples": [{"line",
// "value"}]}]}.
Result<Json> checkExpectations(const std::string &csvPath, const Json &expectations,
                               std::stop_token stop = {});

// A short text of a report for logs and the command line.
std::string describeReport(const Json &report);

} // namespace mdeck::pipeline
