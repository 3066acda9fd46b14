#include "core/serving/batcher.h"

#include <future>

namespace mdeck::serving {

namespace {
constexpr std::chrono::microseconds kArrivalGap{100};
}

BatchScheduler::BatchScheduler(std::size_t workers, BatchObserver observer)
    : m_observer(std::move(observer))
{
    for (std::size_t i = 0; i < std::max<std::size_t>(1, workers); ++i)
        m_threads.emplace_back([this] { work(); });
}

BatchScheduler::~BatchScheduler()
{
    shutdown();
}

void BatchScheduler::shutdown()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    for (auto &t : m_threads)
        if (t.joinable())
            t.join();
}

bool BatchScheduler::submit(const std::string &key, const QueueConfig &config, BatchJob job,
                            bool mayRunInline)
{
    std::vector<BatchJob> one;
    one.push_back(std::move(job));
    return submitMany(key, config, std::move(one), mayRunInline).empty();
}

std::vector<BatchJob> BatchScheduler::submitMany(const std::string &key, const QueueConfig &config,
                                                 std::vector<BatchJob> jobs, bool mayRunInline)
{
    const auto now = Clock::now();
    for (auto &job : jobs)
        job.enqueued = now;
    std::unique_lock lock(m_mutex);
    if (m_stopping)
        return jobs;
    Queue &q = m_queues[key];
    q.config = config;
    q.config.maxBatchRows = std::max<std::size_t>(1, config.maxBatchRows);
    // With batching on, a lone job runs inline only on an idle queue: while
    // a call of this queue runs, newcomers queue up to be merged by the
    // workers. Several jobs at once are a batch already and run on a free core.
    const bool idle = q.jobs.empty() && !q.claimed
        && (q.config.maxBatchRows <= 1 || q.running == 0 || jobs.size() > 1);
    if (mayRunInline && idle && m_executing < m_threads.size()) {
        ++q.running;
        ++m_executing;
        const std::size_t maxRows = q.config.maxBatchRows;
        lock.unlock();
        for (std::size_t first = 0; first < jobs.size();) {
            std::vector<BatchJob> batch;
            std::size_t rows = 0, n = first;
            const auto *model = jobs[first].model.get();
            while (n < jobs.size() && jobs[n].model.get() == model
                   && (n == first || rows + jobs[n].rows <= maxRows)) {
                rows += jobs[n].rows;
                batch.push_back(std::move(jobs[n++]));
            }
            first = n;
            execute(batch, rows);
            if (m_observer)
                m_observer(key, rows);
        }
        jobs.clear();
        lock.lock();
        --q.running;
        --m_executing;
        const bool waiting = m_totalRows > 0;
        lock.unlock();
        if (waiting) // a worker may have held back for a free core
            m_cv.notify_all();
        return jobs;
    }
    std::vector<BatchJob> refused;
    for (auto &job : jobs) {
        if (!refused.empty() || (q.rows + job.rows > config.maxQueuedRows && q.rows > 0)) {
            refused.push_back(std::move(job));
            continue;
        }
        q.rows += job.rows;
        m_totalRows += job.rows;
        q.jobs.push_back(std::move(job));
    }
    lock.unlock();
    if (refused.size() < jobs.size())
        m_cv.notify_all();
    return refused;
}

Result<BatchOutcome> BatchScheduler::run(const std::string &key, const QueueConfig &config,
                                         BatchJob job)
{
    std::promise<BatchOutcome> promise;
    auto future = promise.get_future();
    job.done = [&promise](BatchOutcome &&outcome) {
        promise.set_value(std::move(outcome));
    };
    if (!submit(key, config, std::move(job), true))
        return Error(ErrorCode::Conflict, "the queue of " + key + " is full");
    return future.get();
}

std::size_t BatchScheduler::queuedRows() const
{
    const std::lock_guard lock(m_mutex);
    return m_totalRows;
}

BatchScheduler::Queue *BatchScheduler::pickLocked()
{
    for (auto &[key, q] : m_queues)
        if (!q.jobs.empty() && !q.claimed)
            return &q;
    return nullptr;
}

void BatchScheduler::work()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        Queue *q = nullptr;
        m_cv.wait(lock, [&] { return (q = pickLocked()) != nullptr || m_stopping; });
        if (!q)
            return; // stopping with nothing left to run
        q->claimed = true;
        // Wait for company only while every core is busy anyway (an idle queue
        // or an idle core runs at once: waiting would leave it unused), and
        // only while requests keep arriving: a gap of kArrivalGap with no
        // newcomer ends the wait, as more waiting would only add latency.
        if (q->config.maxQueueDelay.count() > 0 && q->running > 0
            && m_executing >= m_threads.size()) {
            const auto deadline = q->jobs.front().enqueued + q->config.maxQueueDelay;
            while (q->rows < q->config.maxBatchRows && !m_stopping && Clock::now() < deadline) {
                const std::size_t before = q->rows;
                m_cv.wait_until(lock, std::min(deadline, Clock::now() + kArrivalGap),
                                [&] { return q->rows >= q->config.maxBatchRows || m_stopping; });
                if (q->rows == before)
                    break;
            }
        }
        std::vector<BatchJob> batch;
        std::size_t rows = 0, n = 0;
        const training::LoadedModel *model = q->jobs.front().model.get();
        while (n < q->jobs.size() && q->jobs[n].model.get() == model
               && (n == 0 || rows + q->jobs[n].rows <= q->config.maxBatchRows)) {
            rows += q->jobs[n].rows;
            ++n;
        }
        batch.reserve(n);
        for (std::size_t i = 0; i < n; ++i)
            batch.push_back(std::move(q->jobs[i]));
        q->jobs.erase(q->jobs.begin(), q->jobs.begin() + static_cast<std::ptrdiff_t>(n));
        q->rows -= rows;
        m_totalRows -= rows;
        q->claimed = false;
        ++q->running;
        std::string key;
        if (m_observer)
            for (const auto &[k, v] : m_queues)
                if (&v == q)
                    key = k;
        if (!q->jobs.empty())
            m_cv.notify_one();
        ++m_executing;
        lock.unlock();
        execute(batch, rows);
        if (m_observer)
            m_observer(key, rows);
        batch.clear(); // release model references before taking the lock
        lock.lock();
        --q->running;
        --m_executing;
    }
}

void BatchScheduler::execute(std::vector<BatchJob> &batch, std::size_t rows)
{
    const training::LoadedModel *model = batch[0].model.get();
    const auto start = Clock::now();
    const std::size_t inW = model->inputWidth(), outW = model->outputWidth();
    std::vector<float> joined;
    const float *input = batch[0].input.data();
    if (batch.size() > 1) {
        joined.reserve(rows * inW);
        for (const auto &job : batch)
            joined.insert(joined.end(), job.input.begin(), job.input.end());
        input = joined.data();
    }
    std::vector<float> output(rows * outW);
    Result<void> status = success();
    try {
        status = model->predictor().predict(input, rows, output.data());
    } catch (const std::exception &e) {
        status = Error(ErrorCode::Internal, std::string("model call failed: ") + e.what());
    }
    std::size_t offset = 0;
    for (auto &job : batch) {
        BatchOutcome outcome;
        outcome.status = status;
        outcome.batchRows = rows;
        outcome.queued = std::chrono::duration_cast<std::chrono::microseconds>(start - job.enqueued);
        if (status)
            outcome.output.assign(output.begin() + static_cast<std::ptrdiff_t>(offset * outW),
                                  output.begin()
                                      + static_cast<std::ptrdiff_t>((offset + job.rows) * outW));
        offset += job.rows;
        if (job.done) {
            try {
                job.done(std::move(outcome));
            } catch (const std::exception &) {
                // a completion's failure stays its own; the batch goes on
            }
        }
    }
}

} // namespace mdeck::serving
