#include "core/monitor/snapshot.h"

#include "core/common/files.h"
#include "core/common/sha256.h"

#include <cmath>

namespace mdeck::monitor {

namespace {

Json num(double v)
{
    return std::isfinite(v) ? Json(v) : Json(nullptr);
}

double readNum(const Json &j, const char *key, double fallback = 0)
{
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

Error bad(const std::string &source, const std::string &why)
{
    return Error(ErrorCode::InvalidArgument, source + ": " + why);
}

} // namespace

Json referenceToJson(const Reference &reference, std::size_t maxSample)
{
    Json columns = Json::array();
    for (const auto &c : reference.columns) {
        std::vector<double> sample;
        if (c.sorted.size() <= maxSample) {
            sample = c.sorted;
        } else {
            // Evenly spaced order statistics keep the distribution's shape.
            for (std::size_t i = 0; i < maxSample; ++i)
                sample.push_back(c.sorted[i * (c.sorted.size() - 1) / (maxSample - 1)]);
        }
        Json col = {{"name", c.name},
                    {"kind", c.kind == ColumnKind::Numeric ? "numeric" : "categorical"},
                    {"rows", c.rows},
                    {"missing_rate", num(c.missingRate)},
                    {"min", num(c.min)},
                    {"max", num(c.max)},
                    {"sample", sample},
                    {"categories", c.categories},
                    {"histogram_edges", c.histogramEdges},
                    {"method", driftMethodName(c.method)},
                    {"threshold", num(c.threshold)}};
        if (c.band.valid)
            col["band"] = {num(c.band.lower), num(c.band.upper)};
        columns.push_back(std::move(col));
    }
    return Json{{"source", reference.source}, {"rows", reference.rows}, {"columns", columns}};
}

Result<Reference> referenceFromJson(const Json &j)
{
    if (!j.is_object() || !j.contains("columns") || !j["columns"].is_array())
        return Error(ErrorCode::InvalidArgument, "the reference lacks its 'columns' list");
    try {
        Reference r;
        r.source = j.value("source", "");
        r.rows = j.value("rows", std::uint64_t(0));
        for (const auto &c : j["columns"]) {
            ReferenceColumn col;
            col.name = c.at("name").get<std::string>();
            col.kind = c.value("kind", "numeric") == "numeric" ? ColumnKind::Numeric
                                                               : ColumnKind::Categorical;
            col.rows = c.value("rows", std::uint64_t(0));
            col.missingRate = readNum(c, "missing_rate");
            col.min = readNum(c, "min");
            col.max = readNum(c, "max");
            col.sorted = c.value("sample", std::vector<double>{});
            if (!std::is_sorted(col.sorted.begin(), col.sorted.end()))
                return Error(ErrorCode::InvalidArgument,
                             "the reference sample of '" + col.name + "' is not sorted");
            col.categories = c.value("categories", std::map<std::string, std::uint64_t>{});
            col.histogramEdges = c.value("histogram_edges", std::vector<double>{});
            auto method = parseDriftMethod(c.value("method", "auto"));
            if (!method)
                return method.error();
            col.method = *method;
            col.threshold = readNum(c, "threshold", defaultThreshold(col.method));
            if (auto b = c.find("band"); b != c.end() && b->is_array() && b->size() == 2
                && (*b)[0].is_number() && (*b)[1].is_number()) {
                col.band = {(*b)[0].get<double>(), (*b)[1].get<double>(), true};
            }
            r.columns.push_back(std::move(col));
        }
        return r;
    } catch (const std::exception &e) {
        return Error(ErrorCode::InvalidArgument,
                     std::string("the reference has a malformed field: ") + e.what());
    }
}

Result<std::string> encodeSnapshot(const Snapshot &s)
{
    if (s.windows.size() > kSnapshotMaxWindows)
        return Error(ErrorCode::InvalidArgument,
                     "a snapshot holds at most " + std::to_string(kSnapshotMaxWindows)
                         + " windows; narrow the range with --from/--to");
    Json windows = Json::array();
    for (const auto &w : s.windows)
        windows.push_back(windowToJson(w));
    const Json body = {{"format_version", kSnapshotFormatVersion},
                       {"created_at", s.createdAt},
                       {"series", s.series},
                       {"model", s.model},
                       {"version", s.version},
                       {"reference", referenceToJson(s.reference)},
                       {"windows", std::move(windows)}};
    const std::string text = body.dump();
    if (text.size() > kSnapshotMaxBytes)
        return Error(ErrorCode::InvalidArgument, "the snapshot would exceed 256 MiB");
    std::string out = std::string(kSnapshotMagic) + " " + std::to_string(kSnapshotFormatVersion)
        + "\nsha256 " + Sha256::hex(text) + " bytes " + std::to_string(text.size()) + "\n";
    out += text;
    return out;
}

Result<Snapshot> decodeSnapshot(std::string_view bytes, const std::string &source)
{
    const std::string_view magic = kSnapshotMagic;
    if (bytes.substr(0, magic.size()) != magic)
        return bad(source,
                   "not a ModelDeck drift snapshot (it does not start with " + std::string(magic)
                       + ")");
    const auto nl1 = bytes.find('\n');
    if (nl1 == std::string_view::npos || nl1 > 64)
        return bad(source, "truncated snapshot: the header line is incomplete");
    int version = 0;
    try {
        version = std::stoi(std::string(bytes.substr(magic.size(), nl1 - magic.size())));
    } catch (...) {
        return bad(source, "the snapshot header has no format version");
    }
    if (version > kSnapshotFormatVersion)
        return Error(ErrorCode::Unsupported,
                     source + ": snapshot format " + std::to_string(version)
                         + " is newer than this ModelDeck reads ("
                         + std::to_string(kSnapshotFormatVersion) + ")");
    if (version < 1)
        return bad(source, "the snapshot header has an invalid format version");
    const auto nl2 = bytes.find('\n', nl1 + 1);
    if (nl2 == std::string_view::npos || nl2 - nl1 > 128)
        return bad(source, "truncated snapshot: the checksum line is incomplete");
    const std::string line(bytes.substr(nl1 + 1, nl2 - nl1 - 1));
    char digest[65] = {};
    unsigned long long length = 0;
    if (std::sscanf(line.c_str(), "sha256 %64s bytes %llu", digest, &length) != 2
        || !isSha256Hex(digest))
        return bad(source, "the snapshot's checksum line is malformed");
    if (length > kSnapshotMaxBytes)
        return bad(source, "the snapshot declares more than 256 MiB");
    const std::string_view body = bytes.substr(nl2 + 1);
    if (body.size() < length)
        return bad(source,
                   "truncated snapshot: " + std::to_string(body.size()) + " of "
                       + std::to_string(length) + " body bytes present");
    if (body.size() > length)
        return bad(source,
                   "the snapshot has " + std::to_string(body.size() - length)
                       + " unexpected bytes after its body");
    if (Sha256::hex(body) != digest)
        return Error(ErrorCode::Integrity,
                     source + ": the snapshot is corrupted (its SHA-256 does not match)");
    auto json = parseJson(body, source);
    if (!json)
        return json.error();
    const Json &j = *json;
    if (!j.is_object() || !j.contains("windows") || !j["windows"].is_array())
        return bad(source, "the snapshot body lacks its 'windows' list");
    if (j["windows"].size() > kSnapshotMaxWindows)
        return bad(source, "the snapshot holds more than 20,000 windows");
    Snapshot s;
    s.formatVersion = version;
    try {
        s.createdAt = j.value("created_at", std::int64_t(0));
        s.series = j.value("series", "");
        s.model = j.value("model", "");
        s.version = j.value("version", 0);
    } catch (const std::exception &e) {
        return bad(source, std::string("malformed snapshot field: ") + e.what());
    }
    auto ref = referenceFromJson(j.value("reference", Json::object()));
    if (!ref)
        return bad(source, ref.error().message);
    s.reference = std::move(*ref);
    for (const auto &w : j["windows"]) {
        auto window = windowFromJson(w);
        if (!window)
            return bad(source, window.error().message);
        s.windows.push_back(std::move(*window));
    }
    return s;
}

Result<void> writeSnapshot(const Snapshot &snapshot, const std::string &path)
{
    auto bytes = encodeSnapshot(snapshot);
    if (!bytes)
        return bytes.error();
    return writeFileAtomic(path, *bytes);
}

Result<Snapshot> readSnapshot(const std::string &path)
{
    auto bytes = readFile(path, kSnapshotMaxBytes + 1024);
    if (!bytes)
        return bytes.error();
    return decodeSnapshot(*bytes, path);
}

} // namespace mdeck::monitor
