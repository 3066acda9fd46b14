#pragma once

// Monitoring over a workspace: cuts the prediction log of a deployment or a
// model version into windows (by row count or by time), compares each with
// the version's reference and stores the result, so charts and back-tests
// read stored numbers and never recompute. Incremental: update() reads only
// predictions after the last stored window, so a new window costs time in
// proportion to its own rows. Late predictions (time inside a window already
// stored) are not folded back in.
//
// Threads: callable from any thread; the database serialises access.
// Errors: NotFound (model, version, deployment), InvalidArgument (a version
// without a reference profile and no CSV reference, a bad window spec),
// PermissionDenied, Io, Cancelled.

#include "core/monitor/snapshot.h"

#include <functional>
#include <stop_token>

namespace mdeck::store {
class Workspace;
}
namespace mdeck::registry {
class ModelRegistry;
}
namespace mdeck::auth {
struct Actor;
}

namespace mdeck::monitor {

enum class WindowBy { Rows, Time };

// What is monitored and how it is windowed.
struct SeriesSpec
{
    std::string deployment; // "" = every prediction of the version
    std::string model;      // with version: the version whose rows are read
    int version = 0;        // 0 with a deployment: its most recent version in the log
    WindowBy by = WindowBy::Rows;
    std::int64_t size = 1000; // rows, or milliseconds for WindowBy::Time
    std::string referenceCsv; // reference for versions without a profile
    MethodChoice methods;
    WindowOptions options;

    // The stored series name, e.g. "deployment=web;model=iris;version=3;rows=1000".
    std::string key() const;
};

// Parses "500" (rows), "500rows", "15m", "1h", "1d", "30s" into a spec's by/size.
Result<void> parseWindowSize(const std::string &text, SeriesSpec &spec);

// What a monitored version brings: its features, classes and reference.
struct MonitoredVersion
{
    std::int64_t versionId = 0;
    std::string model;
    int version = 0;
    ModelInfo info;
    Reference reference;
};

struct UpdateSummary
{
    std::string series;
    std::vector<WindowResult> added; // the windows stored by this call
    std::uint64_t rowsRead = 0;
};

struct WindowQuery
{
    std::string series;
    std::int64_t from = 0; // window start >= from (Unix ms); 0 = no bound
    std::int64_t to = 0;   // window start < to; 0 = no bound
    std::size_t limit = 10000;
};

// A summary row per stored window (no JSON parsing): what a chart needs first.
struct WindowSummary
{
    std::int64_t id = 0;
    std::int64_t start = 0, end = 0;
    std::uint64_t rows = 0;
    double driftShare = 0;
    bool datasetDrift = false;
};

using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

class MonitorService
{
public:
    MonitorService(store::Workspace &workspace, registry::ModelRegistry &registry);

    // The version a spec points at, with its reference (profile or CSV).
    Result<MonitoredVersion> resolve(const SeriesSpec &spec);

    // Evaluates and stores every complete window after the last stored one.
    // `flush` also stores the trailing incomplete window (rows) or the
    // current time window. Any role may update (the results are derived
    // data); the update is audited when it stores windows.
    Result<UpdateSummary> update(const SeriesSpec &spec, const auth::Actor &actor,
                                 bool flush = false, const ProgressFn &progress = {},
                                 std::stop_token stop = {});

    // Labels often arrive after a window is stored: recomputes the performance
    // section of the series' latest `maxWindows` windows whose labelled row
    // count changed since, and returns how many were updated. Costs a count
    // query per window and a re-read of the windows that changed.
    Result<std::size_t> refreshPerformance(const SeriesSpec &spec, const auth::Actor &actor,
                                           std::size_t maxWindows = 50);

    Result<std::vector<WindowSummary>> listWindows(const WindowQuery &query);
    Result<std::vector<WindowResult>> windows(const WindowQuery &query);
    Result<WindowResult> window(std::int64_t id);
    // Series names with stored windows.
    Result<std::vector<std::string>> listSeries();

    // Compares two sets of predictions of the same version directly (no
    // storing): the rows of [from, to) against those of [refFrom, refTo).
    Result<WindowResult> compareRanges(const SeriesSpec &spec, std::int64_t refFrom,
                                       std::int64_t refTo, std::int64_t from, std::int64_t to);

    // The stored windows of a series in [from, to) with the version's
    // reference, as one snapshot (see snapshot.h); updates the series first.
    Result<Snapshot> snapshot(const SeriesSpec &spec, const auth::Actor &actor,
                              std::int64_t from = 0, std::int64_t to = 0);

    // Raw predictions of a version (with labels joined), ids in (afterId, …], at most `limit`.
    Result<std::vector<PredictionRow>> readPredictions(const SeriesSpec &spec,
                                                       std::int64_t versionId, std::int64_t afterId,
                                                       std::size_t limit, std::int64_t fromTime = 0,
                                                       std::int64_t toTime = 0);

    store::Workspace &workspace() { return m_ws; }

private:
    Result<std::int64_t> storeWindows(const std::string &series, std::int64_t versionId,
                                      std::vector<WindowResult> &windows, const auth::Actor &actor);
    store::Workspace &m_ws;
    registry::ModelRegistry &m_registry;
};

} // namespace mdeck::monitor
