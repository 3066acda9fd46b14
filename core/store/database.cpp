#include "core/store/database.h"

#include "core/store/schema.h"

#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <fstream>

namespace mdeck::store {

namespace {

ErrorCode codeFor(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ErrorCode::Integrity;
    case SQLITE_CONSTRAINT:
        return ErrorCode::Conflict;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return ErrorCode::PermissionDenied;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ErrorCode::Io;
    default:
        return ErrorCode::Internal;
    }
}

} // namespace

// ---- Statement ----

Statement::Statement(Database *db, sqlite3_stmt *stmt)
    : m_db(db)
    , m_stmt(stmt)
{}

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement::~Statement()
{
    reset();
}

void Statement::reset()
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
}

Statement &Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, std::string_view text)
{
    sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bindStatic(int index, std::string_view text)
{
    sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Statement &Statement::bindOptional(int index, const std::optional<std::int64_t> &value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error e = m_db->lastError("database statement failed");
    sqlite3_reset(m_stmt);
    return e;
}

Result<void> Statement::run()
{
    auto r = step();
    if (!r)
        return r.error();
    sqlite3_reset(m_stmt);
    return success();
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!p)
        return {};
    return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::string_view Statement::textView(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!p)
        return {};
    return std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

// ---- Transactions ----

Transaction::Transaction(Database *db, std::unique_lock<std::recursive_mutex> lock)
    : m_db(db)
    , m_lock(std::move(lock))
{}

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(other.m_db)
    , m_lock(std::move(other.m_lock))
    , m_open(other.m_open)
{
    other.m_open = false;
}

Transaction::~Transaction()
{
    if (m_open)
        (void) m_db->exec("ROLLBACK");
}

Result<void> Transaction::commit()
{
    MDECK_ASSERT(m_open);
    auto r = m_db->exec("COMMIT");
    if (!r) {
        (void) m_db->exec("ROLLBACK");
        m_open = false;
        return r.error();
    }
    m_open = false;
    return success();
}

ReadTransaction::ReadTransaction(Database *db, std::unique_lock<std::recursive_mutex> lock)
    : m_db(db)
    , m_lock(std::move(lock))
{}

ReadTransaction::ReadTransaction(ReadTransaction &&other) noexcept
    : m_db(other.m_db)
    , m_lock(std::move(other.m_lock))
    , m_open(other.m_open)
{
    other.m_open = false;
}

ReadTransaction::~ReadTransaction()
{
    if (m_open)
        (void) m_db->exec("COMMIT");
}

// ---- Database ----

Database::~Database()
{
    for (auto &[sql, stmt] : m_cache)
        sqlite3_finalize(stmt);
    if (m_db)
        sqlite3_close_v2(m_db);
}

int Database::latestSchemaVersion()
{
    return migrations().back().version;
}

Error Database::lastError(const std::string &what) const
{
    const int rc = sqlite3_extended_errcode(m_db);
    return Error(codeFor(rc), what + " (" + m_path + "): " + sqlite3_errmsg(m_db));
}

Result<std::unique_ptr<Database>> Database::open(const std::string &path, const OpenOptions &options)
{
    // Look at the header ourselves first: SQLite would happily treat some
    // foreign files as empty databases and write to them.
    std::ifstream probe(path, std::ios::binary);
    const bool exists = probe.good();
    if (exists) {
        char header[16] = {};
        probe.read(header, sizeof header);
        const auto got = probe.gcount();
        if (got > 0 && (got < 16 || std::memcmp(header, "SQLite format 3", 16) != 0))
            return Error(
                ErrorCode::Integrity,
                path + " is not a SQLite database (corrupt or foreign file); it was left untouched");
    } else if (!options.create) {
        return Error(ErrorCode::NotFound, "no workspace database at " + path);
    }
    probe.close();

    std::unique_ptr<Database> db(new Database);
    db->m_path = path;
    db->m_readOnly = options.readOnly;
    int flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE;
    if (options.readOnly)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(path.c_str(), &db->m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = db->m_db ? db->lastError("cannot open workspace database")
                           : Error(ErrorCode::Io, "cannot open " + path);
        return e;
    }
    MDECK_TRY(db->configure(options));
    return db;
}

Result<void> Database::configure(const OpenOptions &options)
{
    sqlite3_busy_timeout(m_db, options.busyTimeoutMs);
    sqlite3_extended_result_codes(m_db, 1);

    auto pragmaInt = [this](const char *sql) -> Result<std::int64_t> {
        auto st = prepare(sql);
        if (!st)
            return st.error();
        auto row = st->step();
        if (!row)
            return row.error();
        return *row ? st->int64(0) : 0;
    };

    // Reading the schema catches a corrupt header or a non-database file.
    auto tables = pragmaInt("SELECT count(*) FROM sqlite_master");
    if (!tables)
        return Error(ErrorCode::Integrity,
                     m_path + " is corrupt or not a SQLite database; it was left untouched ("
                         + tables.error().message + ")");
    auto appId = pragmaInt("PRAGMA application_id");
    if (!appId)
        return appId.error();
    if (*appId != kApplicationId && (*tables > 0 || *appId != 0))
        return Error(
            ErrorCode::Integrity,
            m_path + " is a SQLite database but not a ModelDeck workspace; it was left untouched");
    auto version = pragmaInt("PRAGMA user_version");
    if (!version)
        return version.error();
    m_schemaVersion = static_cast<int>(*version);
    if (m_schemaVersion > latestSchemaVersion())
        return Error(ErrorCode::Unsupported,
                     m_path + " was written by a newer ModelDeck (schema version "
                         + std::to_string(m_schemaVersion) + "; this ModelDeck knows up to "
                         + std::to_string(latestSchemaVersion())
                         + "). Upgrade ModelDeck to open it; the file was left untouched");

    if (!m_readOnly) {
        MDECK_TRY(exec("PRAGMA journal_mode=WAL"));
        MDECK_TRY(exec("PRAGMA synchronous=NORMAL"));
    }
    MDECK_TRY(exec("PRAGMA foreign_keys=ON"));

    const int target = options.migrateTo < 0 ? latestSchemaVersion() : options.migrateTo;
    if (m_schemaVersion < target) {
        if (m_readOnly)
            return Error(ErrorCode::Unsupported,
                         m_path + " needs a schema upgrade and was opened read-only");
        MDECK_TRY(migrate(target));
    }
    return success();
}

Result<void> Database::migrate(int target)
{
    for (const Migration &m : migrations()) {
        if (m.version > target)
            break;
        auto tx = begin();
        if (!tx)
            return tx.error();
        // Another process may have migrated while we waited for the lock.
        auto st = prepare("PRAGMA user_version");
        if (!st)
            return st.error();
        auto row = st->step();
        if (!row)
            return row.error();
        const int current = static_cast<int>(st->int64(0));
        st->reset();
        if (current >= m.version) {
            m_schemaVersion = current;
            continue;
        }
        if (current != m.version - 1)
            return Error(ErrorCode::Integrity,
                         m_path + " has an unexpected schema version " + std::to_string(current));
        if (m.version == 1)
            MDECK_TRY(exec("PRAGMA application_id=" + std::to_string(kApplicationId)));
        if (auto r = exec(m.sql); !r)
            return Error(r.error().code,
                         "migration " + std::to_string(m.version) + " (" + m.description
                             + ") failed: " + r.error().message);
        MDECK_TRY(exec("PRAGMA user_version=" + std::to_string(m.version)));
        MDECK_TRY(tx->commit());
        m_schemaVersion = m.version;
    }
    return success();
}

Result<Transaction> Database::begin()
{
    std::unique_lock lock(m_mutex);
    if (m_readOnly)
        return Error(ErrorCode::PermissionDenied, m_path + " is open read-only");
    MDECK_TRY(exec("BEGIN IMMEDIATE"));
    return Transaction(this, std::move(lock));
}

Result<ReadTransaction> Database::beginRead()
{
    std::unique_lock lock(m_mutex);
    MDECK_TRY(exec("BEGIN DEFERRED"));
    return ReadTransaction(this, std::move(lock));
}

Result<Statement> Database::prepare(std::string_view sql)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_cache.find(sql); it != m_cache.end())
        return Statement(this, it->second);
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return lastError("cannot prepare statement");
    m_cache.emplace(std::string(sql), stmt);
    return Statement(this, stmt);
}

Result<void> Database::exec(std::string_view sql)
{
    std::lock_guard lock(m_mutex);
    char *err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        return Error(codeFor(sqlite3_extended_errcode(m_db)),
                     "database error (" + m_path + "): " + msg);
    }
    return success();
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Result<void> Database::checkIntegrity()
{
    auto tx = beginRead();
    if (!tx)
        return tx.error();
    auto st = prepare("PRAGMA integrity_check");
    if (!st)
        return st.error();
    std::string problems;
    for (;;) {
        auto row = st->step();
        if (!row)
            return Error(ErrorCode::Integrity, row.error().message);
        if (!*row)
            break;
        const std::string line = st->text(0);
        if (line != "ok")
            problems += (problems.empty() ? "" : "; ") + line;
    }
    if (!problems.empty())
        return Error(ErrorCode::Integrity, m_path + " failed its integrity check: " + problems);
    return success();
}

} // namespace mdeck::store
