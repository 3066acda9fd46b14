#pragma once

// `mdeck serve`: the workspace's model server in the foreground. Declared
// here and wired to CLI11 in serve_cli.cpp.

#include "app/mdeck/command_context.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mdeck::cli {

struct ServeOptions
{
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string tlsCert;
    std::string tlsKey;
    int workers = 0;
    int ioThreads = 0;
    std::uint64_t maxBody = 8u << 20;
    int maxBatchRows = 1024;
    int maxConnections = 256;
    int maxHeaderBytes = 16384;
    int maxBatchSize = 32;      // per --model route
    int maxQueueDelayUs = 500;  // per --model route
    double idleTimeout = 5;     // seconds
    double requestTimeout = 10; // seconds
    bool requireToken = false;
    bool noLog = false;
    double logMaxLag = 10;           // seconds
    std::vector<std::string> models; // NAME, NAME:V or NAME@ALIAS
};

Result<void> serve(CommandContext &ctx, const ServeOptions &o);

} // namespace mdeck::cli
