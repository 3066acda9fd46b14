#include "core/monitor/monitor_service.h"

#include "core/auth/audit_log.h"
#include "core/auth/auth.h"
#include "core/common/text.h"
#include "core/registry/model_registry.h"
#include "core/store/prediction_store.h"
#include "core/store/workspace.h"
#include "core/training/model_package.h"

#include <chrono>
#include <cmath>

namespace mdeck::monitor {

namespace {

constexpr std::size_t kReadBatch = 20000;

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

} // namespace

std::string SeriesSpec::key() const
{
    std::string k;
    if (!deployment.empty())
        k += "deployment=" + deployment + ";";
    if (!model.empty())
        k += "model=" + model + ";version=" + std::to_string(version) + ";";
    k += (by == WindowBy::Rows ? "rows=" : "ms=") + std::to_string(size);
    return k;
}

Result<void> parseWindowSize(const std::string &text, SeriesSpec &spec)
{
    std::size_t used = 0;
    long long n = 0;
    try {
        n = std::stoll(text, &used);
    } catch (...) {
        used = 0;
    }
    const std::string unit = text.substr(used);
    if (used == 0 || n <= 0)
        return Error(ErrorCode::InvalidArgument,
                     "window '" + text + "' must be a positive count or a duration such as 15m");
    static const std::map<std::string, std::int64_t> kUnits = {{"s", 1000},
                                                               {"m", 60000},
                                                               {"h", 3600000},
                                                               {"d", 86400000},
                                                               {"w", 604800000}};
    if (unit.empty() || unit == "rows") {
        if (n > 10'000'000)
            return Error(ErrorCode::InvalidArgument, "window of more than 10,000,000 rows");
        spec.by = WindowBy::Rows;
        spec.size = n;
        return success();
    }
    auto it = kUnits.find(unit);
    if (it == kUnits.end())
        return Error(ErrorCode::InvalidArgument,
                     "window '" + text + "': unknown unit '" + unit + "' (rows, s, m, h, d, w)");
    spec.by = WindowBy::Time;
    spec.size = n * it->second;
    return success();
}

MonitorService::MonitorService(store::Workspace &workspace, registry::ModelRegistry &registry)
    : m_ws(workspace)
    , m_registry(registry)
{}

Result<MonitoredVersion> MonitorService::resolve(const SeriesSpec &spec)
{
    MonitoredVersion mv;
    mv.model = spec.model;
    mv.version = spec.version;
    if (spec.model.empty() || spec.version == 0) {
        if (spec.deployment.empty())
            return Error(ErrorCode::InvalidArgument, "name a deployment or a model version");
        auto tx = m_ws.db().beginRead();
        if (!tx)
            return tx.error();
        auto st = m_ws.db().prepare(
            "SELECT m.name, v.version FROM prediction_blocks p "
            "JOIN versions v ON v.id = p.version_id JOIN models m ON m.id = v.model_id "
            "WHERE p.deployment = ?1 AND (?2 = '' OR m.name = ?2) ORDER BY p.id DESC LIMIT 1");
        if (!st)
            return st.error();
        st->bind(1, spec.deployment).bind(2, spec.model);
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            return Error(ErrorCode::NotFound,
                         "deployment '" + spec.deployment + "' has logged no predictions");
        mv.model = st->text(0);
        mv.version = static_cast<int>(st->int64(1));
    }
    auto version = m_registry.getVersion(mv.model, mv.version);
    if (!version)
        return version.error();
    mv.versionId = version->id;
    const std::string label = mv.model + ":" + std::to_string(mv.version);
    std::optional<data::DatasetProfile> profile;
    if (version->format == "modeldeck") {
        auto path = m_registry.artifactPath(*version);
        if (!path)
            return path.error();
        auto package = training::readPackage(*path);
        if (!package)
            return package.error();
        mv.info.features = package->features;
        mv.info.classes = package->classes;
        mv.info.sensitiveColumn = package->sensitiveColumn;
        if (package->reference.rows > 0)
            profile = package->reference;
    } else {
        const Signature &sig = version->signature;
        if (sig.inputs.size() == 1 && !sig.inputs[0].features.empty())
            mv.info.features = sig.inputs[0].features;
        else
            for (const auto &in : sig.inputs)
                mv.info.features.push_back(in.name);
        if (!sig.outputs.empty())
            mv.info.classes = sig.outputs[0].classes;
    }
    if (!spec.referenceCsv.empty()) {
        auto ref = referenceFromCsv(spec.referenceCsv, mv.info.features, spec.methods);
        if (!ref)
            return ref.error();
        mv.reference = std::move(*ref);
    } else if (profile) {
        auto ref = referenceFromProfile(*profile, mv.info.features, spec.methods);
        if (!ref)
            return Error(ErrorCode::InvalidArgument, label + ": " + ref.error().message);
        mv.reference = std::move(*ref);
        mv.reference.source = "model.json of " + label;
    } else {
        return Error(ErrorCode::InvalidArgument,
                     label + " has no training profile; give a reference CSV (--reference FILE)");
    }
    return mv;
}

Result<std::vector<PredictionRow>> MonitorService::readPredictions(
    const SeriesSpec &spec, std::int64_t versionId, std::int64_t afterId, std::size_t limit,
    std::int64_t fromTime, std::int64_t toTime)
{
    auto tx = m_ws.db().beginRead();
    if (!tx)
        return tx.error();
    store::PredictionFilter f;
    f.deployment = spec.deployment;
    f.versionId = versionId;
    f.afterId = afterId;
    if (fromTime != 0)
        f.fromMs = fromTime;
    if (toTime != 0)
        f.toMs = toTime;
    store::FeedbackLookup labels(m_ws.db());
    std::vector<PredictionRow> rows;
    std::optional<Error> failed;
    MDECK_TRY(store::forEachPrediction(m_ws.db(), f, [&](const store::PredictionEntry &p) {
        if (rows.size() >= limit)
            return false;
        PredictionRow r;
        r.id = p.id;
        r.time = p.timeMs;
        r.requestId = p.requestId;
        r.row = p.row;
        // A malformed stored row becomes a bad row of the window, not a failure.
        r.inputs = Json::parse(p.inputs.begin(), p.inputs.end(), nullptr, false);
        r.outputs = Json::parse(p.outputs.begin(), p.outputs.end(), nullptr, false);
        auto label = labels.label(p.requestId, p.row);
        if (!label) {
            failed = label.error();
            return false;
        }
        if (*label)
            r.label = std::move(**label);
        rows.push_back(std::move(r));
        return true;
    }));
    if (failed)
        return *failed;
    return rows;
}

Result<std::int64_t> MonitorService::storeWindows(const std::string &series, std::int64_t versionId,
                                                  std::vector<WindowResult> &windows,
                                                  const auth::Actor &actor)
{
    auto tx = m_ws.db().begin();
    if (!tx)
        return tx.error();
    auto st = m_ws.db().prepare(
        "INSERT INTO drift_windows (series, version_id, start_time, end_time, first_prediction, "
        "last_prediction, rows, drift_share, dataset_drift, results, computed_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st)
        return st.error();
    const std::int64_t now = nowMillis();
    for (auto &w : windows) {
        st->reset();
        st->bind(1, series)
            .bind(2, versionId)
            .bind(3, w.start)
            .bind(4, w.end)
            .bind(5, w.firstPredictionId)
            .bind(6, w.lastPredictionId)
            .bind(7, static_cast<std::int64_t>(w.rows))
            .bind(8, w.driftShare)
            .bind(9, static_cast<std::int64_t>(w.datasetDrift))
            .bind(10, windowToJson(w).dump())
            .bind(11, now);
        MDECK_TRY(st->run());
        w.id = m_ws.db().lastInsertId();
    }
    if (!windows.empty()) {
        auto logged = auth::AuditLog::append(m_ws.db(), actor, "drift.windows", series,
                                             Json{{"windows", windows.size()},
                                                  {"first", windows.front().id},
                                                  {"last", windows.back().id}});
        if (!logged)
            return logged.error();
    }
    MDECK_TRY(tx->commit());
    return static_cast<std::int64_t>(windows.size());
}

Result<UpdateSummary> MonitorService::update(const SeriesSpec &spec, const auth::Actor &actor,
                                             bool flush, const ProgressFn &progress,
                                             std::stop_token stop)
{
    MDECK_TRY(auth::require(actor, auth::Permission::Read));
    if (spec.size <= 0)
        return Error(ErrorCode::InvalidArgument, "the window size must be positive");
    auto mv = resolve(spec);
    if (!mv)
        return mv.error();
    SeriesSpec resolved = spec;
    resolved.model = mv->model;
    resolved.version = mv->version;
    UpdateSummary summary;
    summary.series = resolved.key();

    // Where the last stored window ended, and the first window (output baseline).
    std::int64_t lastId = 0, lastEnd = 0, firstFrom = -1, firstTo = -1;
    {
        auto tx = m_ws.db().beginRead();
        if (!tx)
            return tx.error();
        auto st = m_ws.db().prepare(
            "SELECT max(last_prediction), max(end_time), min(first_prediction) FROM drift_windows "
            "WHERE series = ?1");
        if (!st)
            return st.error();
        st->bind(1, summary.series);
        auto row = st->step();
        if (!row)
            return row.error();
        if (*row && !st->isNull(0)) {
            lastId = st->int64(0);
            lastEnd = st->int64(1);
            firstFrom = st->int64(2) - 1;
        }
        if (firstFrom >= 0) {
            auto first = m_ws.db().prepare(
                "SELECT last_prediction FROM drift_windows WHERE series = ?1 ORDER BY id LIMIT 1");
            if (!first)
                return first.error();
            first->bind(1, summary.series);
            if (auto r = first->step(); r && *r)
                firstTo = first->int64(0);
        }
    }
    std::optional<Reference> baseline;
    auto makeBaseline = [&](std::span<const PredictionRow> rows) {
        if (!rows.empty())
            baseline = referenceFromRows(rows, mv->info, spec.methods);
    };
    if (firstFrom >= 0 && firstTo > firstFrom) {
        auto rows = readPredictions(resolved, mv->versionId, firstFrom,
                                    static_cast<std::size_t>(firstTo - firstFrom));
        if (!rows)
            return rows.error();
        std::erase_if(*rows, [&](const PredictionRow &r) { return r.id > firstTo; });
        makeBaseline(*rows);
    }

    std::vector<PredictionRow> pending;
    std::vector<WindowResult> ready;
    std::int64_t cursor = lastId;
    const std::int64_t now = nowMillis();
    auto emit = [&](std::vector<PredictionRow> rows, std::int64_t start,
                    std::int64_t end) -> Result<void> {
        if (rows.empty())
            return success();
        if (!baseline)
            makeBaseline(rows);
        auto w = evaluateWindow(mv->reference, mv->info, rows, baseline ? &*baseline : nullptr,
                                spec.options);
        if (!w)
            return w.error();
        if (spec.by == WindowBy::Time) {
            w->start = start;
            w->end = end;
        }
        ready.push_back(std::move(*w));
        return success();
    };
    for (;;) {
        if (stop.stop_requested())
            return Error(ErrorCode::Cancelled, "drift update cancelled");
        auto batch = readPredictions(resolved, mv->versionId, cursor, kReadBatch);
        if (!batch)
            return batch.error();
        if (batch->empty())
            break;
        cursor = batch->back().id;
        summary.rowsRead += batch->size();
        for (auto &r : *batch) {
            if (spec.by == WindowBy::Time && r.time < lastEnd)
                continue; // late arrival for a stored window
            if (spec.by == WindowBy::Time && !pending.empty()) {
                const std::int64_t start = floorDiv(pending.front().time, spec.size) * spec.size;
                if (r.time >= start + spec.size) {
                    MDECK_TRY(emit(std::move(pending), start, start + spec.size));
                    pending.clear();
                }
            }
            pending.push_back(std::move(r));
            if (spec.by == WindowBy::Rows && pending.size() >= static_cast<std::size_t>(spec.size)) {
                MDECK_TRY(emit(std::move(pending), 0, 0));
                pending.clear();
            }
        }
        if (progress)
            progress(summary.rowsRead, 0);
        if (batch->size() < kReadBatch)
            break;
    }
    if (!pending.empty()) {
        const std::int64_t start = floorDiv(pending.front().time, spec.size) * spec.size;
        const bool closed = spec.by == WindowBy::Time && now >= start + spec.size;
        if (flush || closed)
            MDECK_TRY(emit(std::move(pending), start, start + spec.size));
    }
    auto stored = storeWindows(summary.series, mv->versionId, ready, actor);
    if (!stored)
        return stored.error();
    summary.added = std::move(ready);
    return summary;
}

Result<std::vector<WindowSummary>> MonitorService::listWindows(const WindowQuery &q)
{
    auto tx = m_ws.db().beginRead();
    if (!tx)
        return tx.error();
    auto st = m_ws.db().prepare(
        "SELECT id, start_time, end_time, rows, drift_share, dataset_drift FROM drift_windows "
        "WHERE series = ?1 AND (?2 = 0 OR start_time >= ?2) AND (?3 = 0 OR start_time < ?3) "
        "ORDER BY start_time, id LIMIT ?4");
    if (!st)
        return st.error();
    st->bind(1, q.series).bind(2, q.from).bind(3, q.to).bind(4, static_cast<std::int64_t>(q.limit));
    std::vector<WindowSummary> out;
    for (;;) {
        auto more = st->step();
        if (!more)
            return more.error();
        if (!*more)
            break;
        out.push_back({st->int64(0), st->int64(1), st->int64(2),
                       static_cast<std::uint64_t>(st->int64(3)), st->real(4), st->int64(5) != 0});
    }
    return out;
}

Result<std::vector<WindowResult>> MonitorService::windows(const WindowQuery &q)
{
    auto tx = m_ws.db().beginRead();
    if (!tx)
        return tx.error();
    auto st = m_ws.db().prepare(
        "SELECT id, results FROM drift_windows WHERE series = ?1 AND (?2 = 0 OR start_time >= ?2) "
        "AND (?3 = 0 OR start_time < ?3) ORDER BY start_time, id LIMIT ?4");
    if (!st)
        return st.error();
    st->bind(1, q.series).bind(2, q.from).bind(3, q.to).bind(4, static_cast<std::int64_t>(q.limit));
    std::vector<WindowResult> out;
    for (;;) {
        auto more = st->step();
        if (!more)
            return more.error();
        if (!*more)
            break;
        auto json = parseJson(st->text(1), "drift window " + std::to_string(st->int64(0)));
        if (!json)
            return json.error();
        auto w = windowFromJson(*json);
        if (!w)
            return w.error();
        w->id = st->int64(0);
        out.push_back(std::move(*w));
    }
    return out;
}

Result<WindowResult> MonitorService::window(std::int64_t id)
{
    auto tx = m_ws.db().beginRead();
    if (!tx)
        return tx.error();
    auto st = m_ws.db().prepare("SELECT results FROM drift_windows WHERE id = ?1");
    if (!st)
        return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, "no drift window " + std::to_string(id));
    auto json = parseJson(st->text(0), "drift window " + std::to_string(id));
    if (!json)
        return json.error();
    auto w = windowFromJson(*json);
    if (w)
        w->id = id;
    return w;
}

Result<std::vector<std::string>> MonitorService::listSeries()
{
    auto tx = m_ws.db().beginRead();
    if (!tx)
        return tx.error();
    auto st = m_ws.db().prepare("SELECT DISTINCT series FROM drift_windows ORDER BY series");
    if (!st)
        return st.error();
    std::vector<std::string> out;
    for (;;) {
        auto more = st->step();
        if (!more)
            return more.error();
        if (!*more)
            break;
        out.push_back(st->text(0));
    }
    return out;
}

Result<WindowResult> MonitorService::compareRanges(const SeriesSpec &spec, std::int64_t refFrom,
                                                   std::int64_t refTo, std::int64_t from,
                                                   std::int64_t to)
{
    auto mv = resolve(spec);
    if (!mv)
        return mv.error();
    constexpr std::size_t kMaxRows = 1'000'000;
    auto refRows = readPredictions(spec, mv->versionId, 0, kMaxRows, refFrom, refTo);
    if (!refRows)
        return refRows.error();
    auto rows = readPredictions(spec, mv->versionId, 0, kMaxRows, from, to);
    if (!rows)
        return rows.error();
    if (refRows->empty())
        return Error(ErrorCode::InvalidArgument, "the reference range holds no predictions");
    const Reference ref = referenceFromRows(*refRows, mv->info, spec.methods);
    return evaluateWindow(ref, mv->info, *rows, &ref, spec.options);
}

Result<Snapshot> MonitorService::snapshot(const SeriesSpec &spec, const auth::Actor &actor,
                                          std::int64_t from, std::int64_t to)
{
    auto updated = update(spec, actor);
    if (!updated)
        return updated.error();
    auto mv = resolve(spec);
    if (!mv)
        return mv.error();
    WindowQuery q;
    q.series = updated->series;
    q.from = from;
    q.to = to;
    q.limit = kSnapshotMaxWindows + 1;
    auto ws = windows(q);
    if (!ws)
        return ws.error();
    if (ws->size() > kSnapshotMaxWindows)
        return Error(ErrorCode::InvalidArgument,
                     "more than " + std::to_string(kSnapshotMaxWindows)
                         + " windows in range; narrow it with --from/--to");
    Snapshot s;
    s.createdAt = nowMillis();
    s.series = updated->series;
    s.model = mv->model;
    s.version = mv->version;
    s.reference = std::move(mv->reference);
    s.windows = std::move(*ws);
    return s;
}

Result<std::size_t> MonitorService::refreshPerformance(const SeriesSpec &spec,
                                                       const auth::Actor &actor,
                                                       std::size_t maxWindows)
{
    MDECK_TRY(auth::require(actor, auth::Permission::Read));
    auto mv = resolve(spec);
    if (!mv)
        return mv.error();
    SeriesSpec resolved = spec;
    resolved.model = mv->model;
    resolved.version = mv->version;
    const std::string series = resolved.key();
    auto stored = windows({series, 0, 0, 1000000});
    if (!stored)
        return stored.error();
    const std::size_t first = stored->size() > maxWindows ? stored->size() - maxWindows : 0;
    std::vector<WindowResult> changed;
    for (std::size_t k = first; k < stored->size(); ++k) {
        WindowResult &w = (*stored)[k];
        std::int64_t labelled = 0;
        {
            auto tx = m_ws.db().beginRead();
            if (!tx)
                return tx.error();
            store::PredictionFilter f;
            f.deployment = resolved.deployment;
            f.versionId = mv->versionId;
            f.afterId = w.firstPredictionId - 1;
            f.lastId = w.lastPredictionId;
            store::FeedbackLookup labels(m_ws.db());
            std::optional<Error> failed;
            MDECK_TRY(store::forEachPrediction(m_ws.db(), f, [&](const store::PredictionEntry &p) {
                auto label = labels.label(p.requestId, p.row);
                if (!label)
                    failed = label.error();
                else if (*label)
                    ++labelled;
                return label.ok();
            }));
            if (failed)
                return *failed;
        }
        const std::int64_t known = w.performance && !w.performance->estimated
            ? static_cast<std::int64_t>(w.performance->labelled)
            : 0;
        if (labelled == known)
            continue;
        auto rows = readPredictions(resolved, mv->versionId, w.firstPredictionId - 1,
                                    static_cast<std::size_t>(w.lastPredictionId
                                                             - w.firstPredictionId + 1));
        if (!rows)
            return rows.error();
        if (spec.by == WindowBy::Time)
            std::erase_if(*rows, [&](const PredictionRow &r) {
                return r.time < w.start || r.time >= w.end;
            });
        if (rows->empty())
            continue;
        auto fresh = evaluateWindow(mv->reference, mv->info, *rows, nullptr, spec.options);
        if (!fresh)
            return fresh.error();
        w.performance = fresh->performance;
        changed.push_back(w);
    }
    if (changed.empty())
        return std::size_t(0);
    auto tx = m_ws.db().begin();
    if (!tx)
        return tx.error();
    auto st = m_ws.db().prepare("UPDATE drift_windows SET results = ?1, computed_at = ?2 "
                                "WHERE id = ?3");
    if (!st)
        return st.error();
    for (const auto &w : changed) {
        st->reset();
        st->bind(1, windowToJson(w).dump()).bind(2, nowMillis()).bind(3, w.id);
        MDECK_TRY(st->run());
    }
    auto logged = auth::AuditLog::append(m_ws.db(), actor, "drift.performance", series,
                                         Json{{"windows", changed.size()}});
    if (!logged)
        return logged.error();
    MDECK_TRY(tx->commit());
    return changed.size();
}

} // namespace mdeck::monitor
