#pragma once

// The prediction log: every predicted row goes to the workspace's
// `predictions` table through a bounded in-memory queue that one writer
// thread drains in batched transactions, on its own database connection.
// push() never blocks on the database: when the queue is full the rows are
// dropped and counted. Ground-truth labels go to `feedback` through the same
// writer, ahead of queued rows, so one connection never interleaves two
// transactions. Thread-safe. Errors: those of store::Database (Io, Integrity, Unsupported).

#include "core/serving/route.h"
#include "core/store/database.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mdeck::serving {

struct PredictionRecord
{
    std::int64_t timeMs = 0;
    std::string deployment;
    std::int64_t versionId = 0; // versions.id, not the version number
    Role role = Role::Stable;
    std::string requestId;
    int row = 0;
    std::string inputs;  // JSON array of the raw feature values
    std::string outputs; // JSON array of the model's outputs for the row
    std::int64_t latencyUs = 0;
};

struct FeedbackRecord
{
    std::string requestId;
    int row = 0;
    std::string label;
    std::int64_t timeMs = 0;
    std::string source;
};

struct PredictionLogOptions
{
    std::size_t capacity = 100000; // rows held in memory before push() drops
    std::size_t maxTransactionRows = 5000;
    std::chrono::milliseconds flushInterval{50};
};

class PredictionLog
{
public:
    // Opens its own connection to the workspace database at `databasePath`.
    static Result<std::unique_ptr<PredictionLog>> open(const std::string &databasePath,
                                                       PredictionLogOptions options = {});
    ~PredictionLog(); // close()
    PredictionLog(const PredictionLog &) = delete;
    PredictionLog &operator=(const PredictionLog &) = delete;

    // Queues the rows, or drops all of them (counted) when they do not fit.
    bool push(std::vector<PredictionRecord> &&rows);
    // Writes what is queued, then stops the writer. Later pushes are dropped.
    void close();

    // Inserts or replaces labels for (request id, row), all or nothing, on
    // the writer thread; `done` is called there with the outcome (at once,
    // with Conflict, when the log is closed).
    void submitFeedback(std::vector<FeedbackRecord> records, std::function<void(Result<void>)> done);
    // submitFeedback(), waiting for the outcome.
    Result<void> writeFeedback(std::vector<FeedbackRecord> records);

    std::uint64_t depth() const;
    std::uint64_t dropped() const { return m_dropped.load(); }
    std::uint64_t written() const { return m_written.load(); }
    std::uint64_t failedWrites() const { return m_failed.load(); }

private:
    PredictionLog(std::unique_ptr<store::Database> db, PredictionLogOptions options);
    void writerLoop();
    Result<void> write(const std::vector<PredictionRecord> &rows);
    Result<void> insertFeedback(const std::vector<FeedbackRecord> &records);

    struct FeedbackJob
    {
        std::vector<FeedbackRecord> records;
        std::function<void(Result<void>)> done;
    };

    std::unique_ptr<store::Database> m_db;
    PredictionLogOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<PredictionRecord> m_queue;
    std::vector<FeedbackJob> m_feedback;
    bool m_closing = false;
    std::atomic<std::uint64_t> m_dropped{0}, m_written{0}, m_failed{0};
    std::thread m_writer;
};

} // namespace mdeck::serving
