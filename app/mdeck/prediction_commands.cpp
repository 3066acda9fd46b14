#include "app/mdeck/arguments.h"
#include "app/mdeck/commands.h"
#include "app/mdeck/text_table.h"
#include "core/common/text.h"
#include "core/store/prediction_store.h"

#include <algorithm>
#include <map>
#include <ostream>

namespace mdeck::cli {

namespace {

struct Row
{
    std::int64_t id = 0, timeMs = 0, versionId = 0, latencyUs = 0;
    int row = 0;
    std::string deployment, role, requestId, inputs, outputs;
};

// "model:version" of each versions.id, looked up once.
class VersionNames
{
public:
    explicit VersionNames(store::Database &db)
        : m_db(db)
    {}
    const std::pair<std::string, std::int64_t> &of(std::int64_t versionId)
    {
        auto it = m_names.find(versionId);
        if (it != m_names.end())
            return it->second;
        std::pair<std::string, std::int64_t> name{"?", 0};
        auto st = m_db.prepare("SELECT m.name, v.version FROM versions v JOIN models m "
                               "ON m.id = v.model_id WHERE v.id = ?1");
        if (st) {
            auto found = st->bind(1, versionId).step();
            if (found && *found)
                name = {st->text(0), st->int64(1)};
        }
        return m_names.emplace(versionId, name).first->second;
    }

private:
    store::Database &m_db;
    std::map<std::int64_t, std::pair<std::string, std::int64_t>> m_names;
};

constexpr const char *kCsvHeader
    = "id,time,deployment,model,version,role,request_id,row,latency_us,inputs,outputs\r\n";

// A JSON string; bytes that are not UTF-8 become U+FFFD.
std::string jsonString(std::string_view text)
{
    return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// One RFC 4180 field: quoted when it holds a comma, a quote or a line break.
std::string csvField(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

void printJsonLine(std::ostream &out, const store::PredictionEntry &p, VersionNames &names)
{
    const auto &[model, version] = names.of(p.versionId);
    out << "{\"id\":" << p.id << ",\"time\":" << jsonString(isoTime(p.timeMs))
        << ",\"time_ms\":" << p.timeMs << ",\"deployment\":" << jsonString(p.deployment)
        << ",\"model\":" << jsonString(model) << ",\"version\":" << version
        << ",\"role\":" << jsonString(p.role) << ",\"request_id\":" << jsonString(p.requestId)
        << ",\"row\":" << p.row << ",\"inputs\":" << p.inputs << ",\"outputs\":" << p.outputs
        << ",\"latency_us\":" << p.latencyUs << "}\n";
}

void printCsvLine(std::ostream &out, const store::PredictionEntry &p, VersionNames &names)
{
    const auto &[model, version] = names.of(p.versionId);
    out << p.id << ',' << isoTime(p.timeMs) << ',' << csvField(p.deployment) << ','
        << csvField(model) << ',' << version << ',' << p.role << ',' << csvField(p.requestId) << ','
        << p.row << ',' << p.latencyUs << ',' << csvField(p.inputs) << ',' << csvField(p.outputs)
        << "\r\n";
}

store::PredictionEntry entryOf(const Row &r)
{
    store::PredictionEntry e;
    e.id = r.id;
    e.timeMs = r.timeMs;
    e.deployment = r.deployment;
    e.versionId = r.versionId;
    e.role = r.role;
    e.requestId = r.requestId;
    e.row = r.row;
    e.inputs = r.inputs;
    e.outputs = r.outputs;
    e.latencyUs = r.latencyUs;
    return e;
}

} // namespace

Result<void> predictionsList(CommandContext &ctx, const PredictionsOptions &o)
{
    ctx.readOnly();
    auto range = parseTimeRange(o.from, o.to);
    if (!range)
        return range.error();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    MDECK_TRY(ctx.actor()); // a bad token is refused even for reading
    store::Database &db = (*ws)->db();

    const bool table = o.format == "table" && !ctx.json();
    const std::int64_t limit = o.limit >= 0 ? o.limit : (table || ctx.json() ? 20 : -1);
    store::PredictionFilter f;
    f.deployment = o.deployment;
    f.role = o.role;
    if (!o.from.empty())
        f.fromMs = range->first;
    if (!o.to.empty())
        f.toMs = range->second;
    auto tx = db.beginRead();
    if (!tx)
        return tx.error();
    VersionNames names(db);

    // An export of everything streams, oldest first; otherwise the newest
    // `limit` rows are gathered (newest first) and printed.
    if (!table && !ctx.json() && limit < 0) {
        if (o.format == "csv")
            ctx.out() << kCsvHeader;
        MDECK_TRY(store::forEachPrediction(db, f, [&](const store::PredictionEntry &p) {
            if (o.format == "csv")
                printCsvLine(ctx.out(), p, names);
            else
                printJsonLine(ctx.out(), p, names);
            return bool(ctx.out());
        }));
        return success();
    }
    std::vector<Row> rows;
    f.newestFirst = true;
    if (limit > 0) {
        MDECK_TRY(store::forEachPrediction(db, f, [&](const store::PredictionEntry &p) {
            rows.push_back({p.id, p.timeMs, p.versionId, p.latencyUs, p.row,
                            std::string(p.deployment), std::string(p.role), std::string(p.requestId),
                            std::string(p.inputs), std::string(p.outputs)});
            return static_cast<std::int64_t>(rows.size()) < limit;
        }));
    }
    if (ctx.json()) {
        Json list = Json::array();
        for (const Row &r : rows) {
            const auto &[model, version] = names.of(r.versionId);
            list.push_back(Json{{"id", r.id},
                                {"time", isoTime(r.timeMs)},
                                {"time_ms", r.timeMs},
                                {"deployment", r.deployment},
                                {"model", model},
                                {"version", version},
                                {"role", r.role},
                                {"request_id", r.requestId},
                                {"row", r.row},
                                {"inputs", Json::parse(r.inputs, nullptr, false)},
                                {"outputs", Json::parse(r.outputs, nullptr, false)},
                                {"latency_us", r.latencyUs}});
        }
        ctx.printJson(Json{{"predictions", list}});
        return success();
    }
    if (!table) { // the newest `limit`, oldest first
        if (o.format == "csv")
            ctx.out() << kCsvHeader;
        for (auto r = rows.rbegin(); r != rows.rend(); ++r) {
            if (o.format == "csv")
                printCsvLine(ctx.out(), entryOf(*r), names);
            else
                printJsonLine(ctx.out(), entryOf(*r), names);
        }
        return success();
    }
    if (rows.empty()) {
        ctx.out() << "No predictions match.\n";
        return success();
    }
    TextTable t({"ID", "TIME", "DEPLOYMENT", "VERSION", "ROLE", "REQUEST", "ROW", "LATENCY",
                 "INPUTS", "OUTPUTS"});
    t.alignRight(0);
    t.alignRight(6);
    t.alignRight(7);
    for (const Row &r : rows) {
        const auto &[model, version] = names.of(r.versionId);
        t.addRow({std::to_string(r.id), isoTime(r.timeMs), r.deployment,
                  model + ":" + std::to_string(version), r.role, clip(r.requestId, 36),
                  std::to_string(r.row), std::to_string(r.latencyUs) + " µs", clip(r.inputs, 40),
                  clip(r.outputs, 30)});
    }
    t.print(ctx.out());
    return success();
}

} // namespace mdeck::cli
