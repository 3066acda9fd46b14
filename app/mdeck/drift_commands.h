#pragma once

// The `mdeck drift` verbs: report, watch, rules validate|list|test, export
// and alerts. drift_cli.cpp wires them to CLI11.

#include "app/mdeck/command_context.h"

#include <cstdint>
#include <string>

namespace mdeck::cli {

// What every drift verb names: the series and how it is windowed.
struct DriftSeriesOptions
{
    std::string deployment;
    std::string model; // NAME:VERSION
    std::string window = "1000";
    std::string reference; // CSV reference for versions without a profile
    std::string method;    // a drift method for every column ("" = auto)
    double threshold = -1; // < 0: the method's default
    std::string from, to;  // ISO dates/times or Unix milliseconds
};

struct DriftReportOptions
{
    DriftSeriesOptions series;
    bool flush = false;       // include the trailing incomplete window
    bool allFeatures = false; // per-feature tables for every window, not only the last
};

struct DriftWatchOptions
{
    DriftSeriesOptions series;
    std::string rules;
    double intervalS = 5;
    int webhookAttempts = 3;
    int maxCycles = 0; // 0 = until interrupted
};

struct DriftRulesOptions
{
    std::string file;
    DriftSeriesOptions series; // for `rules test`
};

struct DriftExportOptions
{
    DriftSeriesOptions series;
    std::string out;
};

struct DriftAlertsOptions
{
    std::string rule;
    int limit = 200;
};

Result<void> driftReport(CommandContext &ctx, const DriftReportOptions &o);
Result<void> driftWatch(CommandContext &ctx, const DriftWatchOptions &o);
Result<void> driftRulesValidate(CommandContext &ctx, const DriftRulesOptions &o);
Result<void> driftRulesList(CommandContext &ctx, const DriftRulesOptions &o);
Result<void> driftRulesTest(CommandContext &ctx, const DriftRulesOptions &o);
Result<void> driftExport(CommandContext &ctx, const DriftExportOptions &o);
Result<void> driftAlerts(CommandContext &ctx, const DriftAlertsOptions &o);

} // namespace mdeck::cli
