#pragma once

// A run as a JUnit XML report for CI systems: one test suite per run, one
// test case per step (failed steps as failures, skipped and cancelled ones as
// skipped), the step's log as system-out. Written whole or not at all.

#include "core/pipeline/types.h"

namespace mdeck::cli {

std::string junitXml(const pipeline::RunRecord &run);
Result<void> writeJunit(const pipeline::RunRecord &run, const std::string &path);

} // namespace mdeck::cli
