#include "core/serving/prediction_log.h"

#include "core/common/crc32c.h"
#include "core/common/files.h"
#include "core/common/text.h"
#include "core/store/prediction_store.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <limits>
#include <system_error>

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mdeck::serving {

namespace {

constexpr int kLoadAttempts = 3;

std::string errnoText(int e)
{
    return std::generic_category().message(e);
}

bool readAll(int fd, char *out, std::size_t n, std::uint64_t offset)
{
    while (n > 0) {
        const ssize_t got = ::pread(fd, out, n, static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        out += got;
        n -= static_cast<std::size_t>(got);
        offset += static_cast<std::uint64_t>(got);
    }
    return true;
}

// A segment block the loader read: its place, and its rows in the rows read.
struct ReadBlock
{
    std::uint64_t offset = 0, bytes = 0;
    std::size_t firstRow = 0, endRow = 0;
};

// Points the workspace at the rows of `blocks`: one prediction block per
// segment block and deployment, version and role in it.
Result<void> indexBlocks(store::Database &db, std::int64_t segmentId,
                         const std::vector<ReadBlock> &blocks,
                         const std::vector<store::SegmentRow> &rows)
{
    auto st = db.prepare("INSERT INTO prediction_blocks (deployment, version_id, role, first_time, "
                         "last_time, row_count, data, segment, segment_offset, segment_bytes) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, ?9)");
    if (!st)
        return st.error();
    struct Key
    {
        std::string_view deployment;
        std::int64_t versionId = 0, firstMs = 0, lastMs = 0;
        std::uint8_t role = 0;
        int rows = 0;
    };
    std::vector<Key> keys;
    for (const ReadBlock &b : blocks) {
        keys.clear();
        for (std::size_t i = b.firstRow; i < b.endRow; ++i) {
            const store::SegmentRow &r = rows[i];
            auto key = std::find_if(keys.begin(), keys.end(), [&](const Key &k) {
                return k.versionId == r.versionId && k.role == r.role
                    && k.deployment == r.deployment;
            });
            if (key == keys.end())
                key = keys.insert(keys.end(),
                                  {r.deployment, r.versionId, r.timeMs, r.timeMs, r.role, 0});
            key->firstMs = std::min(key->firstMs, r.timeMs);
            key->lastMs = std::max(key->lastMs, r.timeMs);
            ++key->rows;
        }
        for (const Key &k : keys) {
            st->reset();
            st->bind(1, k.deployment)
                .bind(2, k.versionId)
                .bind(3, store::segmentRoleName(k.role))
                .bind(4, k.firstMs)
                .bind(5, k.lastMs)
                .bind(6, k.rows)
                .bind(7, segmentId)
                .bind(8, static_cast<std::int64_t>(b.offset))
                .bind(9, static_cast<std::int64_t>(b.bytes));
            MDECK_TRY(st->run());
        }
    }
    return {};
}

// The loader's connection.
Result<std::unique_ptr<store::Database>> openLoadConnection(const std::string &path)
{
    auto db = store::Database::open(path, store::OpenOptions{});
    if (!db)
        return db.error();
    // The loader inserts tens of thousands of rows a second: a large page
    // cache and memory-mapped reads keep that off read() calls, and rarer
    // checkpoints batch the copy from the write-ahead log. Failing these
    // only costs speed.
    (void) (*db)->exec("PRAGMA cache_size=-65536");
    (void) (*db)->exec("PRAGMA mmap_size=268435456");
    (void) (*db)->exec("PRAGMA wal_autocheckpoint=8192");
    return db;
}

PredictionRow rowOf(const PredictionRecord &r)
{
    return {r.timeMs, r.deployment, r.versionId, r.role,      r.requestId,
            r.row,    r.inputs,     r.outputs,   r.latencyUs, r.plainJson};
}

} // namespace

void SpoolBlockWriter::add(const PredictionRow &r)
{
    static_assert(static_cast<int>(Role::Stable) == 0 && static_cast<int>(Role::Canary) == 1
                      && static_cast<int>(Role::Shadow) == 2,
                  "roles are stored as their segment role bytes");
    m_writer.add({r.timeMs, r.versionId, r.latencyUs, r.row, static_cast<std::uint8_t>(r.role),
                  r.deployment, r.requestId, r.inputs, r.outputs, r.plainJson});
}

void SpoolBlockWriter::finish()
{
    m_writer.finish();
}

void sealSpoolBlocks(std::string &buffer, std::size_t from)
{
    store::sealSegmentBlocks(buffer, from);
}

void appendSpoolBlocks(const std::vector<PredictionRecord> &rows, std::string &out)
{
    const std::size_t from = out.size();
    SpoolBlockWriter writer(out);
    for (const PredictionRecord &r : rows)
        writer.add(rowOf(r));
    writer.finish();
    sealSpoolBlocks(out, from);
}

Result<std::unique_ptr<PredictionLog>> PredictionLog::open(const std::string &databasePath,
                                                           PredictionLogOptions options)
{
    const bool defaultFolder = options.spoolDir.empty();
    if (defaultFolder)
        options.spoolDir = std::filesystem::path(databasePath).parent_path().string()
            + "/predictions";
    std::unique_ptr<PredictionLog> log(new PredictionLog(options));
    auto db = store::Database::open(databasePath, store::OpenOptions{});
    if (!db)
        return db.error();
    log->m_db = std::move(*db);
    auto loadDb = openLoadConnection(databasePath);
    if (!loadDb)
        return loadDb.error();
    log->m_loadDb = std::move(*loadDb);
    MDECK_TRY(log->prepareSpool());
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path folder = fs::weakly_canonical(fs::absolute(databasePath).parent_path(), ec);
    // A folder as prediction_segments names it: relative to the database's
    // folder when under it.
    auto nameOf = [&](const std::string &dir) {
        const fs::path spool = fs::weakly_canonical(fs::absolute(dir), ec);
        const fs::path relative = spool.lexically_relative(folder);
        return !relative.empty() && *relative.begin() != ".." ? relative.generic_string()
                                                              : spool.generic_string();
    };
    log->m_spoolName = nameOf(log->m_options.spoolDir);
    log->adoptOrphans(log->m_options.spoolDir, log->m_spoolName);
    // Where servers before schema 11 spooled: a folder one of them left.
    const std::string legacy = folder.string() + "/spool/predictions";
    if (defaultFolder && fs::is_directory(legacy, ec))
        log->adoptOrphans(legacy, "spool/predictions");
    // Named for top -H and perf.
    log->m_spooler = std::thread([p = log.get()] {
        ::pthread_setname_np(::pthread_self(), "mdeck-spool");
        p->spoolerLoop();
    });
    log->m_loader = std::thread([p = log.get()] {
        ::pthread_setname_np(::pthread_self(), "mdeck-load");
        p->loaderLoop();
    });
    log->m_catchUp = std::thread([p = log.get()] {
        ::pthread_setname_np(::pthread_self(), "mdeck-catchup");
        p->catchUpLoop();
    });
    return log;
}

PredictionLog::PredictionLog(PredictionLogOptions options)
    : m_options(std::move(options))
{}

PredictionLog::~PredictionLog()
{
    close();
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

Result<void> PredictionLog::prepareSpool()
{
    const std::string &dir = m_options.spoolDir;
    if (auto made = makeDirs(dir); !made)
        return Error(ErrorCode::Io,
                     "cannot create the prediction spool folder " + dir + ": "
                         + made.error().message);
    const std::string base = std::to_string(::getpid()) + "-" + std::to_string(nowMillis());
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::string name = attempt ? base + "-" + std::to_string(attempt) : base;
        const std::string path = dir + "/" + name;
        if (::mkdir(path.c_str(), 0700) != 0) {
            if (errno == EEXIST)
                continue;
            return Error(ErrorCode::Io,
                         "cannot create the prediction spool folder " + path + ": "
                             + errnoText(errno));
        }
        const int fd = ::open((path + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return Error(ErrorCode::Io, "cannot create " + path + "/lock: " + errnoText(errno));
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) { // another log took it for dead
            ::close(fd);
            continue;
        }
        m_instance = name;
        m_instanceDir = path;
        m_lockFd = fd;
        return {};
    }
    return Error(ErrorCode::Io, "cannot create a prediction spool folder in " + dir);
}

void PredictionLog::adoptOrphans(const std::string &root, const std::string &rootName)
{
    std::error_code ec;
    std::vector<std::string> instances;
    for (const auto &entry : std::filesystem::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory(ec))
            instances.push_back(name);
    }
    std::sort(instances.begin(), instances.end());
    for (const std::string &instance : instances) {
        const std::string dir = root + "/" + instance;
        if (dir == m_instanceDir)
            continue;
        const int fd = ::open((dir + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) { // its log is alive
            ::close(fd);
            continue;
        }
        std::vector<Segment> segments;
        for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
            const std::string file = entry.path().filename().string();
            if (!file.ends_with(".seg") || !entry.is_regular_file(ec))
                continue;
            Segment s;
            s.name = rootName + "/" + instance + "/" + file;
            if (isSealed(s.name))
                continue; // loaded to its end: it holds stored predictions
            s.path = entry.path().string();
            s.instance = dir;
            s.size = entry.file_size(ec);
            s.sealed = true;
            s.adopted = true;
            segments.push_back(std::move(s));
        }
        std::sort(segments.begin(), segments.end(),
                  [](const Segment &a, const Segment &b) { return a.name < b.name; });
        if (segments.empty()) {
            releaseInstance(dir, fd, true);
            continue;
        }
        m_orphans.push_back({dir, fd});
        const std::lock_guard lock(m_spoolMutex);
        for (auto &s : segments) {
            m_backlogBytes += s.size;
            m_segments.push_back(std::move(s));
        }
    }
}

bool PredictionLog::isSealed(const std::string &name)
{
    auto tx = m_loadDb->beginRead();
    if (!tx)
        return false;
    auto st = m_loadDb->prepare("SELECT sealed FROM prediction_segments WHERE path = ?1");
    if (!st)
        return false;
    auto found = st->bind(1, name).step();
    return found && *found && st->int64(0) != 0;
}

void PredictionLog::releaseInstance(const std::string &dir, int lockFd, bool remove)
{
    if (remove) {
        ::unlink((dir + "/lock").c_str());
        ::rmdir(dir.c_str()); // stays while it holds segments
    }
    if (lockFd >= 0)
        ::close(lockFd);
}

bool PredictionLog::push(const PredictionRow *rows, std::size_t count)
{
    {
        const std::lock_guard lock(m_mutex);
        if (!m_closing && m_queueRows + count <= m_options.capacity) {
            for (std::size_t i = 0; i < count; ++i)
                m_queueWriter.add(rows[i]);
            m_queueRows += count;
            return true;
        }
    }
    m_dropped += count;
    return false;
}

bool PredictionLog::push(std::vector<PredictionRecord> &&rows)
{
    std::vector<PredictionRow> views;
    views.reserve(rows.size());
    for (const PredictionRecord &r : rows)
        views.push_back(rowOf(r));
    return push(views.data(), views.size());
}

void PredictionLog::close()
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        m_closed = true;
        m_closing = true;
    }
    m_cv.notify_all();
    if (m_spooler.joinable())
        m_spooler.join();
    {
        const std::lock_guard lock(m_spoolMutex);
        m_loaderStop = true;
    }
    m_loadCv.notify_all();
    if (m_loader.joinable())
        m_loader.join();
    if (m_catchUp.joinable())
        m_catchUp.join();
    if (!m_loadDb)
        return;
    const std::lock_guard lock(m_loadMutex);
    while (loadSome()) {
    }
    if (m_readFd >= 0) {
        ::close(m_readFd);
        m_readFd = -1;
    }
    bool ownLeft = false;
    {
        const std::lock_guard spoolLock(m_spoolMutex);
        for (const Segment &s : m_segments)
            ownLeft = ownLeft || !s.adopted;
    }
    // What could not be loaded stays for the next log to take over.
    if (!m_instance.empty())
        releaseInstance(m_instanceDir, m_lockFd, !ownLeft);
    m_lockFd = -1;
    for (const Orphan &o : m_orphans)
        if (o.lockFd >= 0)
            ::close(o.lockFd);
    m_orphans.clear();
}

std::uint64_t PredictionLog::depth() const
{
    const std::lock_guard lock(m_mutex);
    return m_queueRows + (m_spooledRows.load() - m_settledRows.load());
}

std::string PredictionLog::lastError() const
{
    const std::lock_guard lock(m_spoolMutex);
    return m_lastError;
}

void PredictionLog::fail(std::uint64_t rows, const std::string &message)
{
    m_failed += rows;
    const std::lock_guard lock(m_spoolMutex);
    m_lastError = message;
}

void PredictionLog::spoolerLoop()
{
    std::vector<FeedbackJob> feedback;
    for (;;) {
        bool closing;
        std::uint64_t rows;
        {
            std::unique_lock lock(m_mutex);
            // Wake on the interval: rows that arrive together share one
            // write. Feedback wakes the spooler at once, since a client waits.
            m_cv.wait_for(lock, m_options.flushInterval,
                          [&] { return m_closing || !m_feedback.empty(); });
            closing = m_closing;
            feedback.swap(m_feedback);
            m_queueWriter.finish();
            m_buffer.clear();
            m_buffer.swap(m_queue);
            rows = m_queueRows;
            m_queueRows = 0;
        }
        for (auto &job : feedback)
            job.done(insertFeedback(job.records));
        feedback.clear();
        if (rows > 0) {
            sealSpoolBlocks(m_buffer); // off the request path
            spool(rows);
        }
        if (closing) {
            const std::lock_guard lock(m_mutex);
            if (m_queueRows == 0 && m_feedback.empty())
                break;
        }
    }
    sealSegment();
}

void PredictionLog::spool(std::uint64_t rows)
{
    if (m_backlogBytes.load() >= m_options.spoolMaxBytes) {
        m_dropped += rows;
        const std::lock_guard lock(m_spoolMutex);
        m_lastError = "the prediction spool holds " + std::to_string(m_backlogBytes.load())
            + " bytes not yet loaded, its limit; rows are dropped until the database catches up";
        return;
    }
    if (m_segmentFd >= 0 && m_segmentSize >= m_options.segmentBytes)
        sealSegment();
    if (m_segmentFd < 0) {
        if (auto opened = openSegment(); !opened)
            return fail(rows, opened.error().message);
    }
    if (!writeAll(m_segmentFd, m_buffer.data(), m_buffer.size())) {
        const std::string message = "cannot append to the prediction spool in " + m_instanceDir
            + ": " + errnoText(errno);
        // Cut a partial write off, so the segment holds whole blocks only,
        // and go on in a new one.
        (void) ::ftruncate(m_segmentFd, static_cast<off_t>(m_segmentSize));
        sealSegment();
        return fail(rows, message);
    }
    m_segmentSize += m_buffer.size();
    m_spooledRows += rows;
    m_backlogBytes += m_buffer.size();
    {
        const std::lock_guard lock(m_spoolMutex);
        if (Segment *s = spoolingSegment()) {
            s->size = m_segmentSize;
            s->appended.emplace_back(m_segmentSize, nowMillis());
        }
        ++m_spoolGeneration;
    }
    m_loadCv.notify_one();
}

Result<void> PredictionLog::openSegment()
{
    char number[16];
    std::snprintf(number, sizeof number, "%08u.seg", ++m_segmentNumber);
    Segment s;
    s.name = m_spoolName + "/" + m_instance + "/" + number;
    s.path = m_instanceDir + "/" + number;
    s.instance = m_instanceDir;
    m_segmentFd = ::open(s.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (m_segmentFd < 0)
        return Error(ErrorCode::Io, "cannot create " + s.path + ": " + errnoText(errno));
    m_segmentSize = 0;
    m_segmentName = s.name;
    const std::lock_guard lock(m_spoolMutex);
    m_segments.push_back(std::move(s));
    return {};
}

PredictionLog::Segment *PredictionLog::spoolingSegment()
{
    for (auto it = m_segments.rbegin(); it != m_segments.rend(); ++it)
        if (it->name == m_segmentName)
            return &*it;
    return nullptr;
}

void PredictionLog::sealSegment()
{
    if (m_segmentFd < 0)
        return;
    ::close(m_segmentFd);
    m_segmentFd = -1;
    {
        const std::lock_guard lock(m_spoolMutex);
        if (Segment *s = spoolingSegment())
            s->sealed = true;
        ++m_spoolGeneration;
    }
    m_loadCv.notify_one();
}

void PredictionLog::loaderLoop()
{
    if (m_options.idleLoader) {
        // Loading waits for a core nobody else wants: requests never queue
        // behind it. Where the policy is refused, it runs as a normal thread.
        sched_param param{};
        (void) ::sched_setscheduler(0, SCHED_IDLE, &param);
    }
    std::uint64_t seen = 0;
    for (;;) {
        bool progressed;
        {
            const std::lock_guard lock(m_loadMutex);
            progressed = loadSome();
        }
        std::unique_lock lock(m_spoolMutex);
        if (m_loaderStop)
            return;
        if (progressed)
            continue;
        // A retry after a failed transaction waits for the timeout.
        m_loadCv.wait_for(lock, std::chrono::seconds(1),
                          [&] { return m_loaderStop || m_spoolGeneration != seen; });
        seen = m_spoolGeneration;
    }
}

void PredictionLog::catchUpLoop()
{
    for (;;) {
        {
            std::unique_lock lock(m_spoolMutex);
            m_loadCv.wait_for(lock, std::chrono::milliseconds(250), [&] { return m_loaderStop; });
            if (m_loaderStop)
                return;
        }
        if (lagMs() <= m_options.maxLag.count())
            continue;
        const std::lock_guard lock(m_loadMutex);
        while (lagMs() > m_options.maxLag.count() / 2 && loadSome()) {
            const std::lock_guard spoolLock(m_spoolMutex);
            if (m_loaderStop)
                return;
        }
    }
}

std::int64_t PredictionLog::lagMs() const
{
    const std::lock_guard lock(m_spoolMutex);
    for (const Segment &s : m_segments) {
        if (s.adopted)
            return std::numeric_limits<std::int64_t>::max(); // waiting since its log died
        if (!s.appended.empty())
            return nowMillis() - s.appended.front().second;
    }
    return 0;
}

bool PredictionLog::startSegment(const Segment &seg)
{
    if (m_readFd >= 0)
        ::close(m_readFd);
    m_readName = seg.name;
    m_readOffset = 0;
    m_readSynced = 0;
    m_retries = 0;
    m_readFd = ::open(seg.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_readFd < 0) {
        fail(0, "cannot read " + seg.path + ": " + errnoText(errno));
        finishSegment(seg, false);
        return false;
    }
    // Where a log that died got to, if it started on this segment.
    if (auto tx = m_loadDb->beginRead()) {
        auto st = m_loadDb->prepare("SELECT loaded FROM prediction_segments WHERE path = ?1");
        auto found = st ? st->bind(1, seg.name).step() : Result<bool>(false);
        if (found && *found)
            m_readOffset = std::min<std::uint64_t>(static_cast<std::uint64_t>(
                                                       std::max<std::int64_t>(st->int64(0), 0)),
                                                   seg.size);
    }
    m_readSynced = m_readOffset;
    m_backlogBytes -= m_readOffset;
    return true;
}

bool PredictionLog::loadSome()
{
    Segment seg;
    {
        const std::lock_guard lock(m_spoolMutex);
        if (m_segments.empty())
            return false;
        seg = m_segments.front();
    }
    if (m_readName != seg.name && !startSegment(seg))
        return true;

    // Whole blocks, up to a transaction's worth of rows.
    std::uint64_t end = m_readOffset;
    std::size_t planned = 0;
    store::SegmentBlock state = store::SegmentBlock::Complete;
    store::SegmentBlockHeader h;
    constexpr std::size_t kHeaderBytes = store::kSegmentHeaderBytes;
    while (planned < m_options.loadTransactionRows) {
        char header[kHeaderBytes] = {};
        const std::uint64_t available = seg.size - end;
        const std::size_t want = static_cast<std::size_t>(
            std::min<std::uint64_t>(available, kHeaderBytes));
        if (!readAll(m_readFd, header, want, end)) {
            state = store::SegmentBlock::Corrupt; // the file got shorter
            break;
        }
        // What the header says lies beyond `want` comes from `available`.
        state
            = store::readSegmentHeader(header,
                                       static_cast<std::size_t>(
                                           std::min<std::uint64_t>(available,
                                                                   std::uint64_t(kHeaderBytes)
                                                                       + store::kMaxSegmentPayload)),
                                       h);
        if (state != store::SegmentBlock::Complete)
            break;
        end += h.size();
        planned += h.rows;
    }
    const bool own = !seg.adopted;
    if (end == m_readOffset) {
        if (state == store::SegmentBlock::Incomplete && !seg.sealed)
            return false; // the spooler is still writing
        if (state == store::SegmentBlock::Incomplete && m_readOffset < seg.size) {
            // A writer killed in the middle of a block.
            fail(seg.size - m_readOffset >= h.bytes ? h.rows : 0,
                 seg.path + " ends with an incomplete block at byte " + std::to_string(m_readOffset)
                     + "; its rows are lost");
        } else if (state == store::SegmentBlock::Corrupt) {
            fail(0,
                 seg.path + " holds no valid block at byte " + std::to_string(m_readOffset)
                     + "; the rest of the segment is not loaded");
        }
        finishSegment(seg, state == store::SegmentBlock::Corrupt);
        return true;
    }

    m_readBuffer.resize(static_cast<std::size_t>(end - m_readOffset));
    std::vector<store::SegmentRow> rows;
    std::vector<ReadBlock> blocks;
    rows.reserve(planned);
    std::uint64_t parsedEnd = m_readOffset;
    if (readAll(m_readFd, m_readBuffer.data(), m_readBuffer.size(), m_readOffset)) {
        for (const char *p = m_readBuffer.data(); parsedEnd < end;) {
            store::readSegmentHeader(p, kHeaderBytes + store::kMaxSegmentPayload, h);
            const std::size_t first = rows.size();
            if (!store::parseSegmentRows(p + h.bytes, h, rows))
                break; // a corrupt block: the next round sees it first
            blocks.push_back({parsedEnd, h.size(), first, rows.size()});
            p += h.size();
            parsedEnd += h.size();
        }
    }
    if (parsedEnd == m_readOffset) {
        fail(0,
             seg.path + " holds a malformed block at byte " + std::to_string(m_readOffset)
                 + "; the rest of the segment is not loaded");
        finishSegment(seg, true);
        return true;
    }

    auto load = [&]() -> Result<void> {
        // The rows reach the disk before the workspace points at them.
        if (m_readSynced < parsedEnd) {
            if (::fdatasync(m_readFd) != 0)
                return Error(ErrorCode::Io, "cannot sync " + seg.path + ": " + errnoText(errno));
            m_readSynced = parsedEnd;
        }
        auto tx = m_loadDb->begin();
        if (!tx)
            return tx.error();
        auto st = m_loadDb->prepare(
            "INSERT INTO prediction_segments (path, loaded) VALUES (?1, ?2) "
            "ON CONFLICT (path) DO UPDATE SET loaded = excluded.loaded "
            "RETURNING id");
        if (!st)
            return st.error();
        auto got = st->bind(1, seg.name).bind(2, static_cast<std::int64_t>(parsedEnd)).step();
        if (!got)
            return got.error();
        const std::int64_t segmentId = st->int64(0);
        st->reset();
        MDECK_TRY(indexBlocks(*m_loadDb, segmentId, blocks, rows));
        return tx->commit();
    };
    if (auto loaded = load(); !loaded) {
        if (++m_retries < kLoadAttempts) {
            const std::lock_guard lock(m_spoolMutex);
            m_lastError = "cannot load spooled predictions: " + loaded.error().message;
            return false;
        }
        // Give these rows up; a later log retries them only if this one dies.
        fail(rows.size(),
             "cannot load " + std::to_string(rows.size())
                 + " spooled predictions: " + loaded.error().message);
        if (own)
            m_settledRows += rows.size();
    } else if (own) {
        m_written += rows.size();
        m_settledRows += rows.size();
    } else {
        m_recovered += rows.size();
    }
    m_retries = 0;
    m_backlogBytes -= parsedEnd - m_readOffset;
    m_readOffset = parsedEnd;
    {
        const std::lock_guard lock(m_spoolMutex);
        if (!m_segments.empty() && m_segments.front().name == seg.name) {
            auto &appended = m_segments.front().appended;
            while (!appended.empty() && appended.front().first <= m_readOffset)
                appended.pop_front();
        }
    }
    return true;
}

void PredictionLog::finishSegment(const Segment &segment, bool corrupt)
{
    if (m_readFd >= 0) {
        ::close(m_readFd);
        m_readFd = -1;
    }
    m_readName.clear();
    m_backlogBytes -= segment.size - std::min(m_readOffset, segment.size);
    m_readOffset = 0;
    // A segment that holds loaded rows stays, sealed: the workspace reads
    // them there. One that holds none goes, file first: a position without
    // its file is harmless, a file without its position would be loaded
    // again. One whose first block is malformed is kept aside as .corrupt.
    if (auto tx = m_loadDb->begin()) {
        auto st = m_loadDb->prepare("SELECT loaded FROM prediction_segments WHERE path = ?1");
        auto found = st ? st->bind(1, segment.name).step() : Result<bool>(false);
        if (found) {
            const bool holdsRows = *found && st->int64(0) > 0;
            st->reset();
            if (!holdsRows) {
                if (corrupt)
                    (void) std::rename(segment.path.c_str(), (segment.path + ".corrupt").c_str());
                else
                    (void) ::unlink(segment.path.c_str());
            }
            auto mark = m_loadDb->prepare(holdsRows
                                              ? "UPDATE prediction_segments SET sealed = 1 "
                                                "WHERE path = ?1"
                                              : "DELETE FROM prediction_segments WHERE path = ?1");
            if (mark && mark->bind(1, segment.name).run())
                (void) tx->commit();
        }
    }
    const std::string instance = segment.instance;
    bool instanceDone = true;
    {
        const std::lock_guard lock(m_spoolMutex);
        if (!m_segments.empty() && m_segments.front().name == segment.name)
            m_segments.pop_front();
        for (const Segment &s : m_segments)
            instanceDone = instanceDone && s.instance != instance;
    }
    if (!segment.adopted || !instanceDone)
        return;
    for (auto it = m_orphans.begin(); it != m_orphans.end(); ++it)
        if (it->instance == instance) {
            releaseInstance(instance, it->lockFd, true);
            m_orphans.erase(it);
            break;
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
