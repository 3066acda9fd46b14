#include "core/serving/prediction_log.h"

#include <future>

namespace mdeck::serving {

Result<std::unique_ptr<PredictionLog>> PredictionLog::open(const std::string &databasePath,
                                                           PredictionLogOptions options)
{
    store::OpenOptions o;
    auto db = store::Database::open(databasePath, o);
    if (!db)
        return db.error();
    // The log inserts tens of thousands of rows a second into tables whose
    // request-id index takes random keys: a large page cache and memory-mapped
    // reads keep that off read() calls, and rarer checkpoints batch the copy
    // from the write-ahead log. Failing these only costs speed.
    (void) (*db)->exec("PRAGMA cache_size=-65536");
    (void) (*db)->exec("PRAGMA mmap_size=268435456");
    (void) (*db)->exec("PRAGMA wal_autocheckpoint=8192");
    return std::unique_ptr<PredictionLog>(new PredictionLog(std::move(*db), options));
}

PredictionLog::PredictionLog(std::unique_ptr<store::Database> db, PredictionLogOptions options)
    : m_db(std::move(db))
    , m_options(options)
{
    m_writer = std::thread([this] { writerLoop(); });
}

PredictionLog::~PredictionLog()
{
    close();
}

bool PredictionLog::push(std::vector<PredictionRecord> &&rows)
{
    {
        const std::lock_guard lock(m_mutex);
        if (!m_closing && m_queue.size() + rows.size() <= m_options.capacity) {
            if (m_queue.empty())
                m_queue = std::move(rows);
            else
                for (auto &r : rows)
                    m_queue.push_back(std::move(r));
            return true;
        }
    }
    m_dropped += rows.size();
    return false;
}

void PredictionLog::close()
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_closing && !m_writer.joinable())
            return;
        m_closing = true;
    }
    m_cv.notify_all();
    if (m_writer.joinable())
        m_writer.join();
}

std::uint64_t PredictionLog::depth() const
{
    const std::lock_guard lock(m_mutex);
    return m_queue.size();
}

void PredictionLog::writerLoop()
{
    std::vector<PredictionRecord> batch;
    std::vector<FeedbackJob> feedback;
    for (;;) {
        bool closing;
        {
            std::unique_lock lock(m_mutex);
            // Wake on the interval: a row waits at most flushInterval, and
            // rows that arrive together share one transaction. Feedback wakes
            // the writer at once, since a client waits for it.
            m_cv.wait_for(lock, m_options.flushInterval,
                          [&] { return m_closing || !m_feedback.empty(); });
            closing = m_closing;
            feedback.swap(m_feedback);
            if (m_queue.size() <= m_options.maxTransactionRows) {
                batch.swap(m_queue);
            } else {
                const auto n = static_cast<std::ptrdiff_t>(m_options.maxTransactionRows);
                batch.assign(std::make_move_iterator(m_queue.begin()),
                             std::make_move_iterator(m_queue.begin() + n));
                m_queue.erase(m_queue.begin(), m_queue.begin() + n);
            }
        }
        for (auto &job : feedback)
            job.done(insertFeedback(job.records));
        feedback.clear();
        if (!batch.empty()) {
            if (write(batch))
                m_written += batch.size();
            else
                m_failed += batch.size();
            batch.clear();
        }
        if (closing) {
            const std::lock_guard lock(m_mutex);
            if (m_queue.empty() && m_feedback.empty())
                return;
        }
    }
}

void PredictionLog::submitFeedback(std::vector<FeedbackRecord> records,
                                   std::function<void(Result<void>)> done)
{
    {
        const std::lock_guard lock(m_mutex);
        if (!m_closing) {
            m_feedback.push_back({std::move(records), std::move(done)});
            m_cv.notify_all();
            return;
        }
    }
    done(Error(ErrorCode::Conflict, "the prediction log is closed"));
}

Result<void> PredictionLog::writeFeedback(std::vector<FeedbackRecord> records)
{
    std::promise<Result<void>> promise;
    auto future = promise.get_future();
    submitFeedback(std::move(records),
                   [&promise](Result<void> outcome) { promise.set_value(std::move(outcome)); });
    return future.get();
}

Result<void> PredictionLog::write(const std::vector<PredictionRecord> &rows)
{
    // Rows go in kRowsPerInsert at a time, one multi-row INSERT each, which
    // halves SQLite's per-row work; the rest one by one. Text is bound
    // without copying: `rows` outlives every statement run here.
    constexpr std::size_t kRowsPerInsert = 32;
    static const std::string kInsert
        = "INSERT INTO predictions (time, deployment, version_id, role, request_id, row, inputs, "
          "outputs, latency_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static const std::string kInsertMany = [] {
        std::string sql = kInsert;
        for (std::size_t i = 1; i < kRowsPerInsert; ++i)
            sql += ", (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        return sql;
    }();
    auto tx = m_db->begin();
    if (!tx)
        return tx.error();
    auto many = m_db->prepare(kInsertMany);
    if (!many)
        return many.error();
    auto one = m_db->prepare(kInsert);
    if (!one)
        return one.error();
    for (std::size_t first = 0; first < rows.size();) {
        const bool full = rows.size() - first >= kRowsPerInsert;
        store::Statement &st = full ? *many : *one;
        const std::size_t n = full ? kRowsPerInsert : 1;
        st.reset();
        for (std::size_t i = 0; i < n; ++i) {
            const PredictionRecord &r = rows[first + i];
            const int b = static_cast<int>(i * 9);
            st.bind(b + 1, r.timeMs)
                .bindStatic(b + 2, r.deployment)
                .bind(b + 3, r.versionId)
                .bindStatic(b + 4, roleName(r.role))
                .bindStatic(b + 5, r.requestId)
                .bind(b + 6, r.row)
                .bindStatic(b + 7, r.inputs)
                .bindStatic(b + 8, r.outputs)
                .bind(b + 9, r.latencyUs);
        }
        MDECK_TRY(st.run());
        first += n;
    }
    return tx->commit();
}

Result<void> PredictionLog::insertFeedback(const std::vector<FeedbackRecord> &records)
{
    auto tx = m_db->begin();
    if (!tx)
        return tx.error();
    auto st = m_db->prepare(
        "INSERT OR REPLACE INTO feedback (request_id, row, label, time, source) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return st.error();
    for (const auto &r : records) {
        st->reset();
        st->bind(1, r.requestId).bind(2, r.row).bind(3, r.label).bind(4, r.timeMs).bind(5, r.source);
        MDECK_TRY(st->run());
    }
    return tx->commit();
}

} // namespace mdeck::serving
