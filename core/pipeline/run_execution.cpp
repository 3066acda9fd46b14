#include "core/pipeline/executor_p.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/common/system_info.h"
#include "core/common/text.h"
#include "core/pipeline/substitution.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

namespace mdeck::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

// The executor's view of one step while a run executes.
struct Slot
{
    const StepDef *def = nullptr;
    std::mutex mutex; // guards `record` writes to the database
    StepRecord record;
    std::unique_ptr<StepLog> log;
    std::vector<int> needs; // indexes of the steps it needs
    std::stop_source stop;
    Clock::time_point deadline = Clock::time_point::max();
    std::atomic<bool> timedOut{false};
    bool dispatched = false;
};

std::string joinLines(const std::vector<std::string> &lines)
{
    std::string out;
    for (const auto &l : lines)
        out += (out.empty() ? "" : "; ") + l;
    return out;
}

class RunExecution
{
public:
    RunExecution(store::Workspace &ws, registry::ModelRegistry &registry, RunStore &runs,
                 const ExecutorOptions &options, const auth::Actor &actor, RunRecord run,
                 Definition def, std::stop_token stop)
        : m_ws(ws)
        , m_registry(registry)
        , m_runs(runs)
        , m_options(options)
        , m_actor(actor)
        , m_run(std::move(run))
        , m_def(std::move(def))
        , m_outerStop(std::move(stop))
        , m_artifacts(ws.artifactsDir())
    {}

    Result<RunRecord> execute()
    {
        m_fileHashes = m_run.fileHashes;
        m_slots.resize(m_def.steps.size());
        for (std::size_t i = 0; i < m_def.steps.size(); ++i) {
            auto &slot = m_slots[i];
            slot = std::make_unique<Slot>();
            slot->def = &m_def.steps[i];
            for (const auto &need : slot->def->needs)
                slot->needs.push_back(m_def.stepIndex(need));
            for (const auto &s : m_run.steps)
                if (s.name == slot->def->name)
                    slot->record = s;
            slot->record.name = slot->def->name;
            const std::string name = slot->def->name;
            slot->log = std::make_unique<StepLog>([this, name](std::string_view text) {
                emit({RunEvent::Type::StepLog, m_run.id, name, StepState::Running,
                      RunState::Running, std::string(text)});
            });
        }
        MDECK_TRY(m_runs.markStarted(m_run.id));
        emit({RunEvent::Type::RunStarted, m_run.id, {}, {}, RunState::Running, m_def.name});

        const int workers = m_options.workers > 0
            ? m_options.workers
            : std::clamp(static_cast<int>(usableCores()), 1, 8);
        std::vector<std::jthread> pool;
        for (int i = 0; i < workers; ++i)
            pool.emplace_back([this] { workerLoop(); });

        auto lastFlush = Clock::now();
        auto lastCancelPoll = Clock::now();
        bool cancelled = false;
        while (true) {
            const bool stopNow = m_outerStop.stop_requested();
            if (!cancelled && stopNow) {
                cancelled = true;
                cancelAll();
            }
            std::uint64_t seen = 0;
            {
                std::lock_guard lock(m_mutex);
                seen = m_finished;
            }
            if (!cancelled)
                scheduleReady();
            {
                std::unique_lock lock(m_mutex);
                if (m_running == 0 && m_queue.empty() && (cancelled || !anyReadyLocked()))
                    break;
                // A step that finished since `seen` may have made others ready: no wait then.
                m_doneCv.wait_for(lock, std::chrono::milliseconds(50),
                                  [&] { return m_finished != seen; });
            }
            const auto now = Clock::now();
            {
                std::lock_guard lock(m_mutex);
                for (auto &slot : m_slots)
                    if (slot->record.state == StepState::Running && now > slot->deadline
                        && !slot->timedOut) {
                        slot->timedOut = true;
                        slot->stop.request_stop();
                    }
            }
            if (now - lastCancelPoll > std::chrono::milliseconds(m_options.cancelPollMs)) {
                lastCancelPoll = now;
                auto requested = m_runs.cancelRequested(m_run.id);
                if (requested && *requested && !cancelled) {
                    cancelled = true;
                    cancelAll();
                }
            }
            if (now - lastFlush > std::chrono::milliseconds(m_options.logFlushMs)) {
                lastFlush = now;
                flushLogs();
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_shutdown = true;
        }
        m_workCv.notify_all();
        pool.clear();

        // Whatever never ran is skipped (a need failed) or cancelled.
        std::vector<std::string> failed;
        bool allDone = true;
        for (auto &slot : m_slots) {
            auto &r = slot->record;
            if (r.state == StepState::Pending) {
                r.state = cancelled ? StepState::Cancelled : StepState::Skipped;
                r.message = cancelled ? "the run was cancelled" : "a step it needs did not succeed";
                writeStep(*slot);
            }
            if (r.state == StepState::Failed)
                failed.push_back(r.name + ": " + r.message);
            if (!isDone(r.state))
                allDone = false;
        }
        RunState state = RunState::Succeeded;
        std::string message;
        if (cancelled) {
            state = RunState::Cancelled;
            message = "cancelled";
        } else if (!allDone) {
            state = RunState::Failed;
            message = failed.empty() ? "some steps did not finish" : joinLines(failed);
        }
        MDECK_TRY(m_runs.finishRun(m_run.id, state, message));
        emit({RunEvent::Type::RunFinished, m_run.id, {}, {}, state, message});
        return m_runs.get(m_run.id);
    }

private:
    void emit(const RunEvent &event) const
    {
        if (m_options.listener)
            m_options.listener(event);
    }

    bool needsDone(const Slot &slot, bool &blocked) const
    {
        bool ready = true;
        for (int need : slot.needs) {
            const auto &other = *m_slots[static_cast<std::size_t>(need)];
            const auto st = other.record.state;
            if (!isDone(st))
                ready = false;
            if (st == StepState::Failed || st == StepState::Skipped || st == StepState::Cancelled)
                blocked = true;
        }
        return ready;
    }

    bool anyReadyLocked() const
    {
        for (const auto &slot : m_slots) {
            if (slot->record.state != StepState::Pending || slot->dispatched)
                continue;
            bool blocked = false;
            if (needsDone(*slot, blocked) || blocked)
                return true;
        }
        return false;
    }

    void scheduleReady()
    {
        std::vector<Slot *> toSkip;
        {
            std::lock_guard lock(m_mutex);
            // Skipping may unblock nothing but can make later steps skippable: repeat.
            for (bool changed = true; changed;) {
                changed = false;
                for (auto &slot : m_slots) {
                    if (slot->record.state != StepState::Pending || slot->dispatched)
                        continue;
                    bool blocked = false;
                    if (needsDone(*slot, blocked)) {
                        slot->dispatched = true;
                        m_queue.push_back(slot.get());
                    } else if (blocked) {
                        std::lock_guard slotLock(slot->mutex);
                        slot->record.state = StepState::Skipped;
                        slot->record.message = "a step it needs did not succeed";
                        toSkip.push_back(slot.get());
                        changed = true;
                    }
                }
            }
        }
        m_workCv.notify_all();
        for (Slot *slot : toSkip) {
            writeStep(*slot);
            emit({RunEvent::Type::StepFinished, m_run.id, slot->record.name, StepState::Skipped,
                  RunState::Running, slot->record.message});
        }
    }

    void cancelAll()
    {
        std::lock_guard lock(m_mutex);
        m_queue.clear();
        for (auto &slot : m_slots) {
            slot->stop.request_stop();
            if (slot->dispatched && slot->record.state == StepState::Pending)
                slot->dispatched = false; // back to pending: marked cancelled at the end
        }
    }

    void workerLoop()
    {
        while (true) {
            Slot *slot = nullptr;
            {
                std::unique_lock lock(m_mutex);
                m_workCv.wait(lock, [&] { return m_shutdown || !m_queue.empty(); });
                if (m_queue.empty())
                    return;
                slot = m_queue.front();
                m_queue.pop_front();
                ++m_running;
                {
                    std::lock_guard slotLock(slot->mutex);
                    slot->record.state = StepState::Running;
                }
            }
            runStep(*slot);
            {
                std::lock_guard lock(m_mutex);
                --m_running;
                ++m_finished;
            }
            m_doneCv.notify_all();
        }
    }

    void writeStepLocked(Slot &slot)
    {
        const auto snap = slot.log->snapshot();
        if (snap.total > 0) {
            slot.record.logHead = snap.head;
            slot.record.logTail = snap.tail;
            slot.record.logDropped = snap.dropped;
        }
        if (auto done = m_runs.updateStep(m_run.id, slot.record); !done)
            slot.log->line("could not record the step's state: " + done.error().message);
    }

    void writeStep(Slot &slot)
    {
        std::lock_guard lock(slot.mutex);
        writeStepLocked(slot);
    }

    void flushLogs()
    {
        for (auto &slot : m_slots) {
            std::lock_guard lock(slot->mutex);
            if (slot->record.state == StepState::Running && slot->log->takeChanged())
                writeStepLocked(*slot);
        }
    }

    Result<std::string> artifactPath(const StepReference &ref)
    {
        const int i = m_def.stepIndex(ref.step);
        if (i < 0)
            return Error(ErrorCode::NotFound, "no step '" + ref.step + "'");
        const auto &rec = m_slots[static_cast<std::size_t>(i)]->record;
        for (const auto &a : rec.outputs)
            if (a.name == ref.output)
                return m_artifacts.verified(a.sha256, a.size,
                                            "output '" + a.name + "' of step '" + ref.step + "'");
        return Error(ErrorCode::NotFound,
                     "step '" + ref.step + "' produced no output '" + ref.output + "'");
    }

    Result<Json> resolveWith(const Json &value)
    {
        if (value.is_string()) {
            auto r = resolveStepReferences(value.get<std::string>(),
                                           [this](const StepReference &ref) {
                                               return artifactPath(ref);
                                           });
            if (!r)
                return r.error();
            return Json(*r);
        }
        if (value.is_array() || value.is_object()) {
            Json out = value;
            for (auto it = out.begin(); it != out.end(); ++it) {
                auto v = resolveWith(it.value());
                if (!v)
                    return v.error();
                it.value() = std::move(*v);
            }
            return out;
        }
        return value;
    }

    // Hashes the step's input files; a file that differs from the first hash
    // seen in this run fails the step.
    Result<Json> checkInputFiles(const StepDef &step, const char *when)
    {
        Json hashes = Json::object();
        for (const auto &path : step.inputFiles) {
            auto digest = sha256File(path);
            if (!digest)
                return Error(digest.error().code,
                             "step '" + step.name + "': input " + digest.error().message);
            std::string first;
            {
                std::lock_guard lock(m_mutex);
                auto [it, fresh] = m_fileHashes.emplace(path, digest->sha256);
                first = it->second;
                if (fresh)
                    MDECK_TRY(m_runs.recordFileHash(m_run.id, path, digest->sha256));
            }
            if (first != digest->sha256)
                return Error(ErrorCode::Integrity,
                             "data file " + path + " changed " + when + " (run "
                                 + std::to_string(m_run.id) + " first read it with SHA-256 "
                                 + first.substr(0, 12) + "…, now " + digest->sha256.substr(0, 12)
                                 + "…); start a new run to use the new data");
            hashes[path] = digest->sha256;
        }
        return hashes;
    }

    Result<std::string> cacheKey(const StepDef &step, const Json &fileHashes)
    {
        Json refs = Json::object();
        auto collect = [&](const Json &v, auto &&self) -> Result<void> {
            if (v.is_string()) {
                auto found = findStepReferences(v.get<std::string>());
                if (!found)
                    return found.error();
                for (const auto &r : *found) {
                    const auto &rec = m_slots[static_cast<std::size_t>(m_def.stepIndex(r.step))]
                                          ->record;
                    for (const auto &a : rec.outputs)
                        if (a.name == r.output)
                            refs[r.step + "." + r.output] = a.sha256;
                }
            } else if (v.is_structured()) {
                for (const auto &x : v)
                    MDECK_TRY(self(x, self));
            }
            return success();
        };
        MDECK_TRY(collect(step.with, collect));
        const Json key = {{"kind", stepKindName(step.kind)},
                          {"with", step.with},
                          {"artifacts", refs},
                          {"files", fileHashes},
                          {"format", 1}};
        return Sha256::hex(canonicalJson(key));
    }

    void finishStep(Slot &slot, StepState state, const std::string &message)
    {
        std::unique_lock runLock(m_mutex);
        std::lock_guard lock(slot.mutex);
        slot.record.state = state;
        slot.record.message = message;
        slot.record.finishedAt = nowMillis();
        runLock.unlock();
        writeStepLocked(slot);
        emit({RunEvent::Type::StepFinished, m_run.id, slot.record.name, state, RunState::Running,
              message});
    }

    void runStep(Slot &slot)
    {
        const StepDef &step = *slot.def;
        StepLog &log = *slot.log;
        {
            std::lock_guard lock(slot.mutex);
            slot.record.startedAt = nowMillis();
            slot.record.finishedAt = 0;
            slot.record.message.clear();
            writeStepLocked(slot);
        }
        emit({RunEvent::Type::StepStarted,
              m_run.id,
              step.name,
              StepState::Running,
              RunState::Running,
              {}});
        auto hashes = checkInputFiles(step, "before the step started");
        if (!hashes)
            return finishStep(slot, StepState::Failed, hashes.error().message);
        auto key = cacheKey(step, *hashes);
        if (!key)
            return finishStep(slot, StepState::Failed, key.error().message);
        slot.record.cacheKey = *key;
        if (step.cache && serveFromCache(slot))
            return;

        double backoff = step.backoffSeconds;
        for (int attempt = 1;; ++attempt) {
            std::stop_token stepStop;
            {
                std::lock_guard lock(m_mutex);
                slot.record.attempts = attempt;
                slot.stop = std::stop_source();
                stepStop = slot.stop.get_token();
                slot.timedOut = false;
                if (step.timeoutSeconds > 0)
                    slot.deadline = Clock::now()
                        + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(step.timeoutSeconds));
                if (m_outerStop.stop_requested())
                    slot.stop.request_stop();
            }
            std::stop_source forwardTo = slot.stop;
            std::stop_callback forward(m_outerStop,
                                       [forwardTo]() mutable { forwardTo.request_stop(); });
            auto outcome = attemptStep(slot, attempt, stepStop);
            {
                std::lock_guard lock(m_mutex);
                slot.deadline = Clock::time_point::max();
            }
            if (outcome.state != StepState::Failed || attempt > step.retries
                || outcome.deterministic || m_outerStop.stop_requested()
                || outcome.state == StepState::Cancelled)
                return finishStep(slot, outcome.state, outcome.message);
            log.line("attempt " + std::to_string(attempt) + " failed: " + outcome.message
                     + "; retrying in " + std::to_string(backoff) + " s");
            {
                std::lock_guard lock(slot.mutex);
                slot.record.message = "attempt " + std::to_string(attempt)
                    + " failed: " + outcome.message;
                writeStepLocked(slot);
            }
            const auto until = Clock::now()
                + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(backoff));
            while (Clock::now() < until && !m_outerStop.stop_requested())
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (m_outerStop.stop_requested())
                return finishStep(slot, StepState::Cancelled, "the run was cancelled");
            backoff = std::min(backoff * 2, 3600.0);
        }
    }

    bool serveFromCache(Slot &slot)
    {
        auto hit = m_runs.cacheLookup(slot.record.cacheKey);
        if (!hit || !*hit)
            return false;
        for (const auto &a : (*hit)->outputs)
            if (!m_artifacts.verified(a.sha256, a.size, "cached output '" + a.name + "'"))
                return false; // the artifact is gone or altered: run the step again
        {
            std::lock_guard lock(slot.mutex);
            slot.record.outputs = (*hit)->outputs;
            slot.record.summary = (*hit)->summary;
        }
        slot.log->line("served from the cache (outputs of run " + std::to_string((*hit)->runId)
                       + ")");
        finishStep(slot, StepState::Cached, "served from the cache");
        return true;
    }

    struct AttemptOutcome
    {
        StepState state;
        std::string message;
        bool deterministic = false; // a failed check: retrying cannot change it
    };

    AttemptOutcome attemptStep(Slot &slot, int attempt, std::stop_token stop)
    {
        const StepDef &step = *slot.def;
        auto failed = [&](const std::string &m) {
            return AttemptOutcome{StepState::Failed, m};
        };
        const std::string outDir = m_ws.dir() + "/pipelines/work/run-" + std::to_string(m_run.id)
            + "/" + step.name + "-" + std::to_string(attempt);
        std::error_code ec;
        std::filesystem::remove_all(outDir, ec);
        if (auto made = makeDirs(outDir); !made)
            return failed("cannot create the step's work folder: " + made.error().message);
        struct Cleanup
        {
            std::string dir;
            ~Cleanup()
            {
                std::error_code e;
                std::filesystem::remove_all(dir, e);
            }
        } cleanup{outDir};

        auto with = resolveWith(step.with);
        if (!with)
            return failed(with.error().message);
        StepContext ctx{m_def, step,       std::move(*with), outDir,   *slot.log,
                        stop,  m_registry, m_actor,          m_run.id, m_options.rolloutRequester};
        auto result = runStepKind(ctx);
        if (slot.timedOut)
            return failed("timed out after " + std::to_string(step.timeoutSeconds) + " s");
        if (!result) {
            if (result.error().code == ErrorCode::Cancelled && m_outerStop.stop_requested())
                return {StepState::Cancelled, "the run was cancelled"};
            return failed(result.error().message);
        }
        if (auto after = checkInputFiles(step, "while the step ran"); !after)
            return failed(after.error().message);
        std::vector<ArtifactRef> outputs;
        for (const auto &[name, file] : result->outputs) {
            auto stored = m_artifacts.put(file);
            if (!stored)
                return failed("cannot store output '" + name + "': " + stored.error().message);
            outputs.push_back(
                {name, stored->digest.sha256, static_cast<std::int64_t>(stored->digest.size)});
        }
        {
            std::lock_guard lock(slot.mutex);
            slot.record.outputs = outputs;
            slot.record.summary = result->summary;
        }
        if (result->failure) {
            const bool check = step.kind == StepKind::Validate || step.kind == StepKind::Compare;
            return {StepState::Failed, *result->failure, check};
        }
        if (step.cache) {
            RunStore::CacheEntry entry{outputs, result->summary, m_run.id};
            if (auto stored = m_runs.cacheStore(slot.record.cacheKey, m_def.name, step.name,
                                                m_run.id, entry);
                !stored)
                slot.log->line("could not store the step in the cache: " + stored.error().message);
        }
        return {StepState::Succeeded, {}};
    }

    store::Workspace &m_ws;
    registry::ModelRegistry &m_registry;
    RunStore &m_runs;
    const ExecutorOptions &m_options;
    const auth::Actor &m_actor;
    RunRecord m_run;
    Definition m_def;
    std::stop_token m_outerStop;
    registry::ArtifactStore m_artifacts;

    std::vector<std::unique_ptr<Slot>> m_slots;
    std::map<std::string, std::string> m_fileHashes;
    std::mutex m_mutex; // guards the queue, m_running, m_shutdown, dispatch flags, m_fileHashes
    std::condition_variable m_workCv;
    std::condition_variable m_doneCv;
    std::deque<Slot *> m_queue;
    int m_running = 0;
    std::uint64_t m_finished = 0; // steps finished so far, to wake the scheduling loop
    bool m_shutdown = false;
};

} // namespace

namespace detail {

Result<RunRecord> executeRun(store::Workspace &workspace, registry::ModelRegistry &registry,
                             RunStore &runs, const ExecutorOptions &options,
                             const auth::Actor &actor, RunRecord run, Definition definition,
                             std::stop_token stop)
{
    RunExecution execution(workspace, registry, runs, options, actor, std::move(run),
                           std::move(definition), std::move(stop));
    return execution.execute();
}

} // namespace detail

} // namespace mdeck::pipeline
