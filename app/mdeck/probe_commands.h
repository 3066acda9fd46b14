#pragma once

// `mdeck probe URL`: Open Inference Protocol conformance checklist and load
// measurement of any V2 server. Needs no workspace.

#include "app/mdeck/command_context.h"

#include <string>

namespace mdeck::cli {

struct ProbeCliOptions
{
    std::string url;
    std::string model;
    std::string modelVersion;
    std::string inputJson; // file with the inference inputs
    std::string caFile;    // PEM bundle for https servers with a private CA
    double durationS = 10;
    int concurrency = 1;
    int timeoutMs = 5000;
    bool quiet = false;
};

// Prints the checklist (or --json) and fails when any check failed.
Result<void> probeServer(CommandContext &ctx, const ProbeCliOptions &o);

} // namespace mdeck::cli
