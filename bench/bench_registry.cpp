// Registry throughput and search latency at 100,000 versions.
//
// 1. Registers N versions (100 models, 3 metrics and 2 tags each, one small
//    shared artifact) through ModelRegistry::registerVersion.
// 2. In the same run, inserts the same rows into the same tables of a fresh
//    workspace with raw SQLite prepared statements: once with one transaction
//    per row (the registry's unit of work) and once in batches.
// 3. Times ModelRegistry::searchVersions on the registry's workspace.
// Prints each figure against its goal and a summary table. See README.md.

#include "core/auth/user_directory.h"
#include "core/common/signature_json.h"
#include "core/common/system_info.h"
#include "core/common/text.h"
#include "core/registry/model_registry.h"
#include "core/store/workspace.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace mdeck;

constexpr double kRatioGoal = 0.3;
constexpr double kSearchGoalMs = 20.0;

struct Options
{
    int versions = 100000;
    int models = 100;
    int repeats = 5;
    int batch = 1000;
    double budgetSeconds = 50; // each insert phase stops early past this
    std::string reuse;         // search only, on this kept registry workspace
    bool keep = false;
    std::string dir; // scratch parent folder; "" = the system's temporary folder
};

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

[[noreturn]] void die(const std::string &what)
{
    std::fprintf(stderr, "bench_registry: %s\n", what.c_str());
    std::exit(1);
}

template<typename T>
T check(Result<T> r, const char *what)
{
    if (!r)
        die(std::string(what) + ": " + r.error().message);
    return std::move(*r);
}

// Rows written and the seconds it took.
struct Timed
{
    int rows = 0;
    double seconds = 0;
    double rate() const { return seconds > 0 ? rows / seconds : 0; }
};

// The synthetic content of row `i`, shared by the registry and the raw inserts.
struct Row
{
    std::string model;
    std::map<std::string, double> metrics;
    std::map<std::string, std::string> tags;
};

Row rowFor(int i, int models)
{
    char name[32];
    std::snprintf(name, sizeof name, "model-%03d", i % models);
    const unsigned h = static_cast<unsigned>(i) * 2654435761u;
    Row r;
    r.model = name;
    r.metrics = {{"accuracy", 0.5 + (h % 5000) / 10000.0},
                 {"f1", 0.4 + ((h >> 8) % 6000) / 10000.0},
                 {"loss", ((h >> 16) % 1000) / 1000.0}};
    static const char *kEnv[] = {"prod", "staging", "dev"};
    r.tags = {{"env", kEnv[i % 3]}, {"team", "team-" + std::to_string(i % 10)}};
    return r;
}

Signature smallSignature()
{
    TensorSpec in{"input", "FP32", {-1, 4}, {"f0", "f1", "f2", "f3"}, {}};
    TensorSpec out{"output", "FP32", {-1, 2}, {}, {"no", "yes"}};
    return Signature{{in}, {out}};
}

// ---- 1. through the registry ----

Timed registerThroughRegistry(registry::ModelRegistry &reg, const auth::Actor &actor,
                              const std::string &artifact, const Options &o)
{
    for (int m = 0; m < o.models; ++m)
        check(reg.createModel(actor, rowFor(m, o.models).model, "benchmark model"), "create model");
    registry::NewVersion nv;
    nv.format = "file";
    nv.artifactPath = artifact;
    nv.signature = smallSignature();
    nv.lineage.trainingRun = "bench";
    Timed run;
    const auto start = Clock::now();
    for (int i = 0; i < o.versions; ++i) {
        Row row = rowFor(i, o.models);
        nv.model = std::move(row.model);
        nv.metrics = std::move(row.metrics);
        nv.tags = std::move(row.tags);
        check(reg.registerVersion(actor, nv), "register version");
        run.rows = i + 1;
        if ((i + 1) % (o.versions / 10 > 0 ? o.versions / 10 : 1) == 0)
            std::fprintf(stderr, "  registry: %d versions, %.1f s\n", i + 1, secondsSince(start));
        if (secondsSince(start) > o.budgetSeconds) {
            std::fprintf(stderr, "  registry: time budget of %.0f s spent after %d versions\n",
                         o.budgetSeconds, i + 1);
            break;
        }
    }
    run.seconds = secondsSince(start);
    return run;
}

// ---- 2. raw SQLite ----

class RawDb
{
public:
    explicit RawDb(const std::string &path)
    {
        if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            die("cannot open " + path);
        // The connection settings of store::Database.
        exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        sqlite3_busy_timeout(m_db, 10000);
    }
    ~RawDb()
    {
        for (auto *st : m_statements)
            sqlite3_finalize(st);
        sqlite3_close_v2(m_db);
    }
    void exec(const char *sql)
    {
        char *err = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK)
            die(std::string("sqlite: ") + (err ? err : "?") + " in " + sql);
    }
    sqlite3_stmt *prepare(const char *sql)
    {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
            die(std::string("prepare: ") + sqlite3_errmsg(m_db));
        m_statements.push_back(st);
        return st;
    }
    void step(sqlite3_stmt *st)
    {
        if (sqlite3_step(st) != SQLITE_DONE)
            die(std::string("step: ") + sqlite3_errmsg(m_db));
        sqlite3_reset(st);
    }
    sqlite3_int64 lastId() const { return sqlite3_last_insert_rowid(m_db); }

private:
    sqlite3 *m_db = nullptr;
    std::vector<sqlite3_stmt *> m_statements;
};

// The rows one registration writes: the version, its metrics and tags, the
// model's updated_at, one audit entry and the audit head. Hashes and
// version numbers are computed in memory, as a hand-written importer would.
Timed rawInserts(const std::string &dbPath, int rows, const Options &o, int rowsPerTransaction)
{
    RawDb db(dbPath);
    sqlite3_stmt *model = db.prepare(
        "INSERT INTO models(name, description, owner, created_at, updated_at) "
        "VALUES (?1, 'benchmark model', 'bench', ?2, ?2)");
    sqlite3_stmt *version = db.prepare(
        "INSERT INTO versions(model_id, version, description, format, artifact_name, "
        "artifact_sha256, "
        "artifact_size, signature, dataset_hash, training_run, parent_version, created_by, "
        "created_at) "
        "VALUES (?1, ?2, '', 'file', 'model.bin', ?3, 256, ?4, '', 'bench', NULL, 'bench', ?5)");
    sqlite3_stmt *metric = db.prepare(
        "INSERT INTO version_metrics(version_id, key, value) VALUES (?1, ?2, ?3)");
    sqlite3_stmt *tag = db.prepare(
        "INSERT INTO version_tags(version_id, key, value) VALUES (?1, ?2, ?3)");
    sqlite3_stmt *touch = db.prepare("UPDATE models SET updated_at = ?1 WHERE id = ?2");
    sqlite3_stmt *audit = db.prepare(
        "INSERT INTO audit_log(seq, time, actor, action, subject, details, "
        "prev_hash, hash) VALUES (?1, ?2, 'bench', 'version.register', ?3, ?4, ?5, ?6)");
    sqlite3_stmt *head = db.prepare("INSERT INTO meta(key, value) VALUES ('audit_head', ?1) "
                                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    const std::string signature = canonicalJson(signatureToJson(smallSignature()));
    const std::string sha(64, 'a');
    const std::string details = R"({"artifact":"model.bin","format":"file","metrics":{"accuracy":0.9,)"
                                R"("f1":0.8,"loss":0.1},"sha256":")"
        + sha + R"(","size":256})";

    std::vector<sqlite3_int64> modelIds;
    std::vector<int> nextVersion(static_cast<std::size_t>(o.models), 1);
    db.exec("BEGIN IMMEDIATE");
    for (int m = 0; m < o.models; ++m) {
        const std::string name = rowFor(m, o.models).model;
        sqlite3_bind_text(model, 1, name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(model, 2, nowMillis());
        db.step(model);
        modelIds.push_back(db.lastId());
    }
    db.exec("COMMIT");

    const auto start = Clock::now();
    for (int i = 0; i < rows; ++i) {
        if (i % rowsPerTransaction == 0)
            db.exec("BEGIN IMMEDIATE");
        const Row row = rowFor(i, o.models);
        const auto m = static_cast<std::size_t>(i % o.models);
        const std::int64_t now = nowMillis();
        sqlite3_bind_int64(version, 1, modelIds[m]);
        sqlite3_bind_int(version, 2, nextVersion[m]++);
        sqlite3_bind_text(version, 3, sha.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(version, 4, signature.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_int64(version, 5, now);
        db.step(version);
        const sqlite3_int64 vid = db.lastId();
        for (const auto &[k, v] : row.metrics) {
            sqlite3_bind_int64(metric, 1, vid);
            sqlite3_bind_text(metric, 2, k.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(metric, 3, v);
            db.step(metric);
        }
        for (const auto &[k, v] : row.tags) {
            sqlite3_bind_int64(tag, 1, vid);
            sqlite3_bind_text(tag, 2, k.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(tag, 3, v.c_str(), -1, SQLITE_TRANSIENT);
            db.step(tag);
        }
        sqlite3_bind_int64(touch, 1, now);
        sqlite3_bind_int64(touch, 2, modelIds[m]);
        db.step(touch);
        const std::string subject = registry::versionSubject(row.model, nextVersion[m] - 1);
        sqlite3_bind_int64(audit, 1, i + 2); // seq 1 is the bootstrap admin's entry
        sqlite3_bind_int64(audit, 2, now);
        sqlite3_bind_text(audit, 3, subject.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(audit, 4, details.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(audit, 5, sha.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(audit, 6, sha.c_str(), -1, SQLITE_STATIC);
        db.step(audit);
        const std::string headValue = std::to_string(i + 2) + ":" + sha;
        sqlite3_bind_text(head, 1, headValue.c_str(), -1, SQLITE_TRANSIENT);
        db.step(head);
        const bool overBudget = secondsSince(start) > o.budgetSeconds;
        if ((i + 1) % rowsPerTransaction == 0 || i + 1 == rows || overBudget)
            db.exec("COMMIT");
        if (overBudget) {
            std::fprintf(stderr, "  raw: time budget of %.0f s spent after %d rows\n",
                         o.budgetSeconds, i + 1);
            return Timed{i + 1, secondsSince(start)};
        }
    }
    return Timed{rows, secondsSince(start)};
}

// ---- 3. search ----

struct SearchResult
{
    std::string name;
    double firstMs = 0;
    double medianMs = 0;
    double maxMs = 0;
    std::int64_t rows = 0;
    std::int64_t total = 0;
};

SearchResult timeSearch(registry::ModelRegistry &reg, const std::string &name,
                        const registry::VersionQuery &q, int repeats)
{
    SearchResult r;
    r.name = name;
    std::vector<double> ms;
    for (int i = 0; i <= repeats; ++i) {
        const auto start = Clock::now();
        auto page = check(reg.searchVersions(q), name.c_str());
        const double t = secondsSince(start) * 1000;
        if (i == 0) {
            r.firstMs = t; // includes preparing the statement
            r.rows = static_cast<std::int64_t>(page.rows.size());
            r.total = page.total;
        } else {
            ms.push_back(t);
        }
    }
    std::sort(ms.begin(), ms.end());
    r.medianMs = ms.empty() ? r.firstMs : ms[ms.size() / 2];
    r.maxMs = ms.empty() ? r.firstMs : ms.back();
    return r;
}

const char *verdict(bool ok)
{
    return ok ? "ok" : "MISSED";
}

std::vector<SearchResult> measureSearches(registry::ModelRegistry &reg, const Options &o)
{
    std::fprintf(stderr, "searching...\n");
    std::vector<SearchResult> out;
    registry::VersionQuery q;
    out.push_back(timeSearch(reg, "first page (100), newest first", q, o.repeats));
    q = {};
    q.text = "model-04";
    out.push_back(timeSearch(reg, "text filter 'model-04', first page", q, o.repeats));
    q = {};
    q.tagKey = "env";
    q.tagValue = "prod";
    out.push_back(timeSearch(reg, "tag env=prod, first page", q, o.repeats));
    q = {};
    q.metric = registry::MetricFilter{"accuracy", registry::MetricOp::GreaterEqual, 0.9};
    q.sortBy = registry::SortKey::Metric;
    q.sortMetric = "accuracy";
    out.push_back(timeSearch(reg, "accuracy>=0.9 sorted by accuracy, first page", q, o.repeats));
    q = {};
    q.model = "model-007";
    q.sortBy = registry::SortKey::Version;
    out.push_back(timeSearch(reg, "one model by version number, first page", q, o.repeats));
    q = {};
    q.limit = 100000;
    out.push_back(timeSearch(reg, "every row in one page (limit 100000)", q, o.repeats));
    return out;
}

void printSearches(const std::vector<SearchResult> &searches)
{
    for (const auto &s : searches) {
        char label[96];
        std::snprintf(label, sizeof label, "search: %s", s.name.c_str());
        std::printf("%-50s %12.2fms %10s  %-6s (first %.2f ms, max %.2f ms, %lld rows of %lld)\n",
                    label, s.medianMs, "<= 20 ms", verdict(s.medianMs <= kSearchGoalMs), s.firstMs,
                    s.maxMs, static_cast<long long>(s.rows), static_cast<long long>(s.total));
    }
}

// The machine, and how busy it is: other processes on the cores skew every figure.
void printMachine()
{
    const HardwareInfo hw = detectHardware();
    std::string load = "?";
    if (std::ifstream f("/proc/loadavg"); f)
        f >> load;
    std::printf("machine: %s, %d cores, %.1f GiB, %s; load average %s\n", hw.cpuModel.c_str(),
                hw.logicalCores, static_cast<double>(hw.memoryBytes) / (1ull << 30), hw.os.c_str(),
                load.c_str());
    if (std::atof(load.c_str()) > 0.5 * hw.logicalCores)
        std::printf("WARNING: the machine is busy; figures will be slower and noisier than on an "
                    "idle one\n");
}

Options parseOptions(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char * {
            if (i + 1 >= argc)
                die("option " + a + " needs a value");
            return argv[++i];
        };
        if (a == "--versions")
            o.versions = std::max(1, std::atoi(next()));
        else if (a == "--models")
            o.models = std::max(1, std::atoi(next()));
        else if (a == "--repeats")
            o.repeats = std::max(1, std::atoi(next()));
        else if (a == "--batch")
            o.batch = std::max(1, std::atoi(next()));
        else if (a == "--budget")
            o.budgetSeconds = std::atof(next());
        else if (a == "--keep")
            o.keep = true;
        else if (a == "--reuse")
            o.reuse = next();
        else if (a == "--dir")
            o.dir = next();
        else
            die("usage: bench_registry [--versions N] [--models N] [--repeats N] [--batch N] "
                "[--budget SECONDS] "
                "[--dir FOLDER] [--keep] [--reuse WORKSPACE]");
    }
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    const Options o = parseOptions(argc, argv);
    printMachine();
    if (!o.reuse.empty()) {
        // Search timings only, on the registry workspace of a kept earlier run.
        auto ws = check(store::Workspace::open(o.reuse), "open workspace");
        registry::ModelRegistry reg(*ws);
        std::printf("bench_registry: search only, on %s\n", o.reuse.c_str());
        printSearches(measureSearches(reg, o));
        return 0;
    }
    const std::filesystem::path parent = o.dir.empty() ? std::filesystem::temp_directory_path()
                                                       : std::filesystem::path(o.dir);
    std::string pattern = (parent / "mdeck-bench-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        die("cannot create a temporary folder in " + parent.string());
    const std::string root = pattern;
    // Declared before the workspaces, so it runs after they are closed.
    struct Cleanup
    {
        std::string root;
        bool keep;
        ~Cleanup()
        {
            std::error_code ec;
            if (keep)
                std::printf("kept %s (search again with --reuse %s/registry)\n", root.c_str(),
                            root.c_str());
            else
                std::filesystem::remove_all(root, ec);
        }
    } cleanup{root, o.keep};
    std::printf(
        "bench_registry: %d versions over %d models, 3 metrics and 2 tags each; scratch %s\n",
        o.versions, o.models, root.c_str());

    const std::string artifact = root + "/model.bin";
    {
        std::FILE *f = std::fopen(artifact.c_str(), "wb");
        if (!f)
            die("cannot write " + artifact);
        for (int i = 0; i < 256; ++i)
            std::fputc(i, f);
        std::fclose(f);
    }

    // 1. Registry.
    auto ws = check(store::Workspace::create(root + "/registry"), "create workspace");
    auth::UserDirectory users(ws->db());
    const auth::Actor actor = check(users.bootstrap(auth::osLogin()), "bootstrap");
    registry::ModelRegistry reg(*ws);
    std::fprintf(stderr, "registering through ModelRegistry::registerVersion...\n");
    const Timed registered = registerThroughRegistry(reg, actor, artifact, o);

    // 2. Raw SQLite into fresh workspaces with the same schema.
    auto rawDbPath = [&](const char *name) {
        const std::string dir = root + "/" + name;
        auto raw = check(store::Workspace::create(dir), "create raw workspace");
        auth::UserDirectory rawUsers(raw->db());
        check(rawUsers.bootstrap(auth::osLogin()), "bootstrap raw");
        return store::Workspace::databasePath(dir);
    };
    std::fprintf(stderr, "raw SQLite, one transaction per row...\n");
    const Timed raw = rawInserts(rawDbPath("raw-per-row"), registered.rows, o, 1);
    std::fprintf(stderr, "raw SQLite, %d rows per transaction...\n", o.batch);
    const Timed batched = rawInserts(rawDbPath("raw-batched"), registered.rows, o, o.batch);

    // 3. Search.
    const std::vector<SearchResult> searches = measureSearches(reg, o);

    const double ratio = registered.rate() / raw.rate();
    std::printf("\n%-50s %14s %10s  %s\n", "figure", "value", "goal", "");
    std::printf("%-50s %12.0f/s %10s   (%d versions)\n", "registry: registerVersion",
                registered.rate(), "", registered.rows);
    std::printf("%-50s %12.0f/s %10s   (%d rows)\n", "raw SQLite, 1 transaction per row",
                raw.rate(), "", raw.rows);
    char label[96];
    std::snprintf(label, sizeof label, "raw SQLite, %d rows per transaction", o.batch);
    std::printf("%-50s %12.0f/s %10s   (%d rows)\n", label, batched.rate(), "", batched.rows);
    std::printf("%-50s %14.3f %10s  %s\n", "ratio registry / raw (1 transaction per row)", ratio,
                ">= 0.30", verdict(ratio >= kRatioGoal));
    std::printf("%-50s %14.3f\n", "ratio registry / raw batched",
                registered.rate() / batched.rate());
    std::printf("%-50s %12.1fus\n", "registry: time per version", 1e6 / registered.rate());
    std::printf("%-50s %12.1fus\n", "raw SQLite: time per row (1 transaction per row)",
                1e6 / raw.rate());
    printSearches(searches);
    if (registered.rows < o.versions)
        std::printf("NOTE: only %d of %d versions were registered within the time budget; the "
                    "search figures are "
                    "for that many rows\n",
                    registered.rows, o.versions);
    return 0;
}
