#pragma once

// The prediction log: every predicted row reaches the workspace in three
// steps, and stays in the segment file it was appended to.
//  1. push() puts the rows in a bounded in-memory queue. It never waits on a
//     disk or the database: rows that do not fit are dropped and counted.
//  2. The spooler thread appends what is queued, every flushInterval, to a
//     segment file in the log's folder (core/store/prediction_segment.h): a
//     few hundred nanoseconds a row.
//  3. The loader thread reads the new blocks of the segment, checks them,
//     syncs the file to disk, and points the workspace at them: one row of
//     `prediction_blocks` per segment block and deployment, version and role,
//     in small transactions that also record how far it read
//     (`prediction_segments`), so no row is loaded twice. Readers
//     (core/store/prediction_store.h) read the rows from the segment. The
//     loader runs at the lowest CPU priority (SCHED_IDLE): on a saturated
//     machine the workspace lags, and it catches up as soon as a core is
//     idle. When the oldest unloaded row waits longer than maxLag, a
//     catch-up thread at normal priority loads until the lag is half that.
//     Past spoolMaxBytes not yet loaded, rows are dropped and counted.
// close() spools what is queued and loads the rest on the calling thread.
// A process killed before that leaves its folder unlocked; the next log
// opened on the workspace loads what it had not.
// Ground-truth labels go straight to `feedback` on the spooler's connection.
// Thread-safe. Errors: those of store::Database (Io, Integrity, Unsupported),
// and Io for the spool folder.

#include "core/serving/route.h"
#include "core/store/database.h"
#include "core/store/prediction_segment.h"

#include <atomic>
#include <chrono>
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
    bool plainJson = false; // as PredictionRow::plainJson
};

// A row to log, pointing at its caller's text.
struct PredictionRow
{
    std::int64_t timeMs = 0;
    std::string_view deployment;
    std::int64_t versionId = 0;
    Role role = Role::Stable;
    std::string_view requestId;
    int row = 0;
    std::string_view inputs, outputs;
    std::int64_t latencyUs = 0;
    // Inputs and outputs are valid JSON arrays of numbers and nulls, as the
    // server's codec checked or wrote them: loaded without checking again.
    bool plainJson = false;
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
    std::chrono::milliseconds flushInterval{50};
    // Empty: "predictions" beside the database file (and a folder a server
    // before schema 11 left in "spool/predictions" is taken over). The
    // segments stay there: they hold the logged predictions.
    std::string spoolDir;
    std::uint64_t spoolMaxBytes = 4ull << 30; // spooled, not yet loaded
    std::uint64_t segmentBytes = 64ull << 20; // a new segment file after this
    std::size_t loadTransactionRows = 16384;  // rows per loader transaction (whole blocks)
    bool idleLoader = true;                   // run the loader at SCHED_IDLE
    std::chrono::milliseconds maxLag{10000};  // then loading competes with requests
};

// The spool's format is the segment format (core/store/prediction_segment.h).
constexpr std::size_t kSpoolBlockRows = store::kSegmentBlockRows;
void appendSpoolBlocks(const std::vector<PredictionRecord> &rows, std::string &out);
// Stores each block's CRC in its header, for the blocks of `buffer` from
// byte `from` on (what SpoolBlockWriter wrote there, finished).
void sealSpoolBlocks(std::string &buffer, std::size_t from = 0);

// Appends rows to a buffer of spool blocks, opening a block when needed;
// finish() writes the open block's header.
class SpoolBlockWriter
{
public:
    explicit SpoolBlockWriter(std::string &out)
        : m_writer(out)
    {}
    void add(const PredictionRow &row);
    void finish();

private:
    store::SegmentBlockWriter m_writer;
};

class PredictionLog
{
public:
    // Opens its own connections to the workspace database at `databasePath`,
    // creates its spool folder and takes over the spool of any log that died.
    static Result<std::unique_ptr<PredictionLog>> open(const std::string &databasePath,
                                                       PredictionLogOptions options = {});
    ~PredictionLog(); // close()
    PredictionLog(const PredictionLog &) = delete;
    PredictionLog &operator=(const PredictionLog &) = delete;

    // Queues the rows (copying their text), or drops all of them (counted)
    // when they do not fit.
    bool push(const PredictionRow *rows, std::size_t count);
    bool push(std::vector<PredictionRecord> &&rows);
    // Spools what is queued, loads everything spooled, then stops. Later
    // pushes are dropped.
    void close();

    // Inserts or replaces labels for (request id, row), all or nothing, on
    // the spooler thread; `done` is called there with the outcome (at once,
    // with Conflict, when the log is closed).
    void submitFeedback(std::vector<FeedbackRecord> records, std::function<void(Result<void>)> done);
    // submitFeedback(), waiting for the outcome.
    Result<void> writeFeedback(std::vector<FeedbackRecord> records);

    // Rows pushed and not yet in the table: queued in memory or spooled.
    std::uint64_t depth() const;
    std::uint64_t spoolBytes() const { return m_backlogBytes.load(); }
    std::uint64_t dropped() const { return m_dropped.load(); }
    // Rows of this log now in the table.
    std::uint64_t written() const { return m_written.load(); }
    // Rows left by a log that died, now in the table.
    std::uint64_t recovered() const { return m_recovered.load(); }
    // Rows that could not be spooled or loaded (see lastError()).
    std::uint64_t failedWrites() const { return m_failed.load(); }
    std::string lastError() const;

private:
    struct Segment
    {
        std::string name; // its path in prediction_segments
        std::string path;
        std::string instance;   // the folder of the log that appends to it
        std::uint64_t size = 0; // bytes that hold whole blocks
        bool sealed = false;    // nothing more will be appended
        bool adopted = false;   // left by a log that died
        // (segment size, when it was reached) of each append not yet loaded.
        std::deque<std::pair<std::uint64_t, std::int64_t>> appended;
    };
    struct FeedbackJob
    {
        std::vector<FeedbackRecord> records;
        std::function<void(Result<void>)> done;
    };
    struct Orphan
    {
        std::string instance; // its folder
        int lockFd = -1;
    };

    PredictionLog(PredictionLogOptions options);
    Result<void> prepareSpool();
    // Takes over the folders under `root` whose log died; `rootName` is
    // `root` as prediction_segments names it.
    void adoptOrphans(const std::string &root, const std::string &rootName);
    void spoolerLoop();
    void loaderLoop();
    void catchUpLoop();
    // How long the oldest spooled row has waited to be loaded, in ms.
    std::int64_t lagMs() const;
    void spool(std::uint64_t rows);
    Result<void> openSegment();
    void sealSegment();
    Segment *spoolingSegment(); // the one being appended to; m_spoolMutex held
    // Opens a segment to load from where it was left; false when it is gone.
    bool startSegment(const Segment &segment);
    // Loads one transaction's worth; false when nothing was ready.
    bool loadSome();
    void finishSegment(const Segment &segment, bool corrupt);
    // True when prediction_segments holds `name` as loaded to its end.
    bool isSealed(const std::string &name);
    void releaseInstance(const std::string &dir, int lockFd, bool remove);
    Result<void> insertFeedback(const std::vector<FeedbackRecord> &records);
    void fail(std::uint64_t rows, const std::string &message);

    PredictionLogOptions m_options;
    std::unique_ptr<store::Database> m_db;     // the spooler's: feedback
    std::unique_ptr<store::Database> m_loadDb; // the loader's
    // The spool folder as prediction_segments names it: relative to the
    // database's folder when under it.
    std::string m_spoolName;
    std::string m_instance, m_instanceDir;
    int m_lockFd = -1;
    std::vector<Orphan> m_orphans;

    // The in-memory queue, between push() and the spooler.
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    // Rows already encoded as spool blocks: push() copies into it, the
    // spooler swaps it for its empty buffer and writes it.
    std::string m_queue;
    SpoolBlockWriter m_queueWriter{m_queue};
    std::uint64_t m_queueRows = 0;
    std::vector<FeedbackJob> m_feedback;
    bool m_closing = false;
    bool m_closed = false;

    // The spooler's own state.
    int m_segmentFd = -1;
    std::uint64_t m_segmentSize = 0;
    std::string m_segmentName;
    unsigned m_segmentNumber = 0;
    std::string m_buffer;

    // Segments to load, oldest first, shared by the spooler and the loader.
    mutable std::mutex m_spoolMutex;
    std::condition_variable m_loadCv;
    std::deque<Segment> m_segments;
    bool m_loaderStop = false;
    std::uint64_t m_spoolGeneration = 0;
    std::string m_lastError;

    // The loader's position; m_loadMutex lets close() take over from it.
    std::mutex m_loadMutex;
    std::string m_readName;
    int m_readFd = -1;
    std::uint64_t m_readOffset = 0;
    std::uint64_t m_readSynced = 0; // bytes of the segment known to be on disk
    int m_retries = 0;
    std::string m_readBuffer;

    std::atomic<std::uint64_t> m_dropped{0}, m_written{0}, m_recovered{0}, m_failed{0};
    std::atomic<std::uint64_t> m_spooledRows{0}, m_settledRows{0}, m_backlogBytes{0};
    std::thread m_spooler, m_loader, m_catchUp;
};

} // namespace mdeck::serving
