#pragma once

// One connection to a workspace database (SQLite, WAL, foreign keys on, busy
// timeout). Opening checks that the file is a ModelDeck database, refuses one
// from a newer ModelDeck or a corrupt file without writing to it, and applies
// the pending forward-only migrations, each in its own transaction.
//
// Threads: a Database may be shared between threads. Every read or write goes
// through a ReadTransaction or Transaction, which hold the connection's mutex
// for their lifetime, so one thread's statements never interleave another's.
// Errors: Io, Integrity (corrupt or foreign file), Unsupported (newer schema).

#include "core/base/result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mdeck::store {

class Database;

// A cached prepared statement, reset and cleared when the handle goes away.
// Column and bind indexes are 0-based for columns and 1-based for parameters
// (SQLite's own convention).
class Statement
{
public:
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, const std::string &text)
    {
        return bind(index, std::string_view(text));
    }
    // Binds text without copying it: it must stay unchanged until the
    // statement has run (step() returned false) or been reset.
    Statement &bindStatic(int index, std::string_view text);
    Statement &bindNull(int index);
    Statement &bindOptional(int index, const std::optional<std::int64_t> &value);

    // true when a row is available, false when done.
    Result<bool> step();
    // Runs a statement that returns no rows.
    Result<void> run();
    void reset();

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    // The column's text without a copy, valid until the next step() or reset().
    std::string_view textView(int column) const;
    bool isNull(int column) const;

private:
    friend class Database;
    Statement(Database *db, sqlite3_stmt *stmt);
    Database *m_db;
    sqlite3_stmt *m_stmt;
};

// Holds the connection's lock; rolls back in its destructor unless committed.
class Transaction
{
public:
    Transaction(Transaction &&other) noexcept;
    Transaction(const Transaction &) = delete;
    ~Transaction();

    Result<void> commit();
    Database &db() { return *m_db; }

private:
    friend class Database;
    Transaction(Database *db, std::unique_lock<std::recursive_mutex> lock);
    Database *m_db;
    std::unique_lock<std::recursive_mutex> m_lock;
    bool m_open = true;
};

// A consistent snapshot for reads; holds the connection's lock.
class ReadTransaction
{
public:
    ReadTransaction(ReadTransaction &&other) noexcept;
    ReadTransaction(const ReadTransaction &) = delete;
    ~ReadTransaction();
    Database &db() { return *m_db; }

private:
    friend class Database;
    ReadTransaction(Database *db, std::unique_lock<std::recursive_mutex> lock);
    Database *m_db;
    std::unique_lock<std::recursive_mutex> m_lock;
    bool m_open = true;
};

struct OpenOptions
{
    bool create = false; // create the file if it does not exist
    bool readOnly = false;
    int migrateTo = -1; // -1: the latest schema; tests open older versions
    int busyTimeoutMs = 10000;
};

class Database
{
public:
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    static Result<std::unique_ptr<Database>> open(const std::string &path,
                                                  const OpenOptions &options);
    static int latestSchemaVersion();
    // The application_id stamped into every workspace database ("MDCK").
    static constexpr std::int32_t kApplicationId = 0x4D44434B;

    Result<Transaction> begin();         // BEGIN IMMEDIATE: a writer
    Result<ReadTransaction> beginRead(); // BEGIN DEFERRED: a reader

    // Prepares (or fetches from the cache) a statement. Call inside a transaction.
    Result<Statement> prepare(std::string_view sql);
    // Runs one or more statements with no results. Call inside a transaction.
    Result<void> exec(std::string_view sql);

    std::int64_t lastInsertId() const;
    int changes() const;
    int schemaVersion() const { return m_schemaVersion; }
    const std::string &path() const { return m_path; }
    bool readOnly() const { return m_readOnly; }

    // Full integrity check of the file (slow on big databases).
    Result<void> checkIntegrity();

    Error lastError(const std::string &what) const;

private:
    Database() = default;
    Result<void> configure(const OpenOptions &options);
    Result<void> migrate(int target);

    sqlite3 *m_db = nullptr;
    std::string m_path;
    bool m_readOnly = false;
    int m_schemaVersion = 0;
    std::recursive_mutex m_mutex;
    std::map<std::string, sqlite3_stmt *, std::less<>> m_cache;
};

} // namespace mdeck::store
