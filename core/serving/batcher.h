#pragma once

// The dynamic batcher: requests for the same (deployment, version) wait in
// one queue and a pool of worker threads runs them through the model, merging
// queued requests into one call of up to maxBatchRows rows. Like Triton's
// dynamic batcher, a worker waits up to maxQueueDelay for more rows, but only
// while other calls of that queue are running: a request that finds the queue
// idle runs at once. Thread-safe; completions run on a worker thread.
// Errors: a full queue refuses the job (submit returns false).

#include "core/training/loaded_model.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mdeck::serving {

using Clock = std::chrono::steady_clock;

struct BatchOutcome
{
    Result<void> status;                 // the model's error when the call failed
    std::vector<float> output;           // rows x model.outputWidth()
    std::chrono::microseconds queued{0}; // time from submit to the model call
    std::size_t batchRows = 0;           // rows of the call this job was part of
};

struct BatchJob
{
    std::shared_ptr<const training::LoadedModel> model;
    std::vector<float> input; // rows x model->inputWidth()
    std::size_t rows = 0;
    std::function<void(BatchOutcome &&)> done;
    Clock::time_point enqueued{};
};

struct QueueConfig
{
    std::size_t maxBatchRows = 32;
    std::chrono::microseconds maxQueueDelay{500};
    std::size_t maxQueuedRows = 65536; // beyond this, submit() refuses
};

// Called once per model call, for metrics: queue key, rows, first job's queue time.
using BatchObserver = std::function<void(const std::string &key, std::size_t rows)>;

class BatchScheduler
{
public:
    explicit BatchScheduler(std::size_t workers, BatchObserver observer = {});
    ~BatchScheduler(); // shutdown()
    // Refuses new jobs, runs what is queued, then joins the workers.
    void shutdown();
    BatchScheduler(const BatchScheduler &) = delete;
    BatchScheduler &operator=(const BatchScheduler &) = delete;

    // Queues a job under `key`; false (and `done` not called) when the queue is full
    // or the scheduler is stopping. With `mayRunInline`, a job whose queue is
    // idle while a core is free runs on the calling thread at once (no
    // hand-off), and `done` is called before submit returns.
    bool submit(const std::string &key, const QueueConfig &config, BatchJob job,
                bool mayRunInline = false);
    // submit() for jobs of one key at once, in order: run inline they form
    // batches of up to maxBatchRows rows. Returns the jobs that were refused
    // (their `done` not called): once one is, so are all after it.
    std::vector<BatchJob> submitMany(const std::string &key, const QueueConfig &config,
                                     std::vector<BatchJob> jobs, bool mayRunInline);
    // submit(..., true), then waits for the outcome.
    Result<BatchOutcome> run(const std::string &key, const QueueConfig &config, BatchJob job);

    std::size_t queuedRows() const;
    std::size_t workers() const { return m_threads.size(); }

private:
    struct Queue
    {
        QueueConfig config;
        std::vector<BatchJob> jobs; // FIFO; front erased in bulk
        std::size_t rows = 0;
        std::size_t running = 0; // model calls in progress
        bool claimed = false;    // a worker is forming a batch from it
    };
    void work();
    Queue *pickLocked();
    void execute(std::vector<BatchJob> &batch, std::size_t rows);

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::map<std::string, Queue> m_queues;
    std::size_t m_totalRows = 0;
    std::size_t m_executing = 0; // model calls running, on workers or inline
    bool m_stopping = false;
    BatchObserver m_observer;
    std::vector<std::thread> m_threads;
};

} // namespace mdeck::serving
