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
#include <sched.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mdeck::serving {

namespace {

static_assert(std::endian::native == std::endian::little,
              "the prediction spool is written in the machine's byte order, little-endian");

constexpr std::uint32_t kMagic = 0x3250444D;   // "MDP2"
constexpr std::uint32_t kMagicV1 = 0x4C50444D; // "MDPL": no CRC, rows always checked
constexpr std::size_t kHeaderBytes = 16;
constexpr std::size_t kHeaderBytesV1 = 12;
constexpr std::uint8_t kPlainJsonFlag = 0x80; // in a row's role byte
constexpr std::size_t kFixedRowBytes = 3 * 8 + 4 + 1 + 4 * 4;
constexpr std::size_t kBlockPayloadTarget = 8u << 20; // a block ends after this many bytes
constexpr std::uint32_t kMaxPayload = 1u << 30;
constexpr int kLoadAttempts = 3;

template<class T>
T get(const char *p)
{
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

std::string errnoText(int e)
{
    return std::generic_category().message(e);
}

// One spooled row, pointing into the bytes read from a segment.
struct RowView
{
    std::int64_t timeMs = 0, versionId = 0, latencyUs = 0;
    int row = 0;
    Role role = Role::Stable;
    std::string_view deployment, requestId, inputs, outputs;
    bool plainJson = false;
};

struct BlockHeader
{
    std::uint32_t payload = 0, rows = 0, crc = 0;
    std::size_t bytes = kHeaderBytes; // the header's own
    bool checksummed = false;         // the second format: a CRC, and plainJson flags
    std::size_t size() const { return bytes + payload; }
};

enum class Block { Complete, Incomplete, Corrupt };

// `p` holds `available` bytes of the segment from a block's start on.
Block readHeader(const char *p, std::size_t available, BlockHeader &h)
{
    if (available < 4)
        return Block::Incomplete;
    const auto magic = get<std::uint32_t>(p);
    if (magic != kMagic && magic != kMagicV1)
        return Block::Corrupt;
    h.checksummed = magic == kMagic;
    h.bytes = h.checksummed ? kHeaderBytes : kHeaderBytesV1;
    if (available < h.bytes)
        return Block::Incomplete;
    h.payload = get<std::uint32_t>(p + 4);
    h.rows = get<std::uint32_t>(p + 8);
    h.crc = h.checksummed ? get<std::uint32_t>(p + 12) : 0;
    if (h.payload > kMaxPayload || h.rows == 0 || h.rows > kSpoolBlockRows
        || std::size_t(h.rows) * kFixedRowBytes > h.payload)
        return Block::Corrupt;
    return available < h.size() ? Block::Incomplete : Block::Complete;
}

// Parses a whole block's payload into `rows`; false (and `rows` as it was)
// when its CRC does not match or it does not hold exactly the rows its
// header announces.
bool parseRows(const char *p, const BlockHeader &h, std::vector<RowView> &rows)
{
    if (h.checksummed && crc32c(p, h.payload) != h.crc)
        return false;
    const std::size_t first = rows.size();
    const char *end = p + h.payload;
    for (std::uint32_t i = 0; i < h.rows; ++i) {
        const std::uint8_t roleByte = static_cast<std::uint8_t>(p[28]) & ~kPlainJsonFlag;
        if (static_cast<std::size_t>(end - p) < kFixedRowBytes || roleByte > 2) {
            rows.resize(first);
            return false;
        }
        RowView r;
        r.timeMs = get<std::int64_t>(p);
        r.versionId = get<std::int64_t>(p + 8);
        r.latencyUs = get<std::int64_t>(p + 16);
        r.row = get<std::int32_t>(p + 24);
        r.role = static_cast<Role>(roleByte);
        r.plainJson = h.checksummed && (static_cast<std::uint8_t>(p[28]) & kPlainJsonFlag) != 0;
        std::uint32_t lengths[4];
        for (int k = 0; k < 4; ++k)
            lengths[k] = get<std::uint32_t>(p + 29 + 4 * k);
        p += kFixedRowBytes;
        std::string_view *fields[4] = {&r.deployment, &r.requestId, &r.inputs, &r.outputs};
        for (int k = 0; k < 4; ++k) {
            if (static_cast<std::size_t>(end - p) < lengths[k]) {
                rows.resize(first);
                return false;
            }
            *fields[k] = std::string_view(p, lengths[k]);
            p += lengths[k];
        }
        rows.push_back(r);
    }
    if (p != end) {
        rows.resize(first);
        return false;
    }
    return true;
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

// Rows go into the table as blocks, one per deployment, version and role.
// Text is bound without copying: `rows` outlives every statement run here.
Result<void> insertRows(store::PredictionBlockWriter &writer, const std::vector<RowView> &rows)
{
    writer.discard(); // what a failed transaction left
    for (const RowView &r : rows) {
        store::PredictionEntry e;
        e.timeMs = r.timeMs;
        e.deployment = r.deployment;
        e.versionId = r.versionId;
        e.role = roleName(r.role);
        e.requestId = r.requestId;
        e.row = r.row;
        e.inputs = r.inputs;
        e.outputs = r.outputs;
        e.latencyUs = r.latencyUs;
        e.plainJson = r.plainJson;
        MDECK_TRY(writer.add(e));
    }
    return writer.flush();
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
    if (m_open
        && (m_rows == kSpoolBlockRows
            || m_out.size() - m_header - kHeaderBytes >= kBlockPayloadTarget))
        finish();
    if (!m_open) {
        m_header = m_out.size();
        m_out.append(kHeaderBytes, '\0');
        m_rows = 0;
        m_open = true;
    }
    const std::string_view text[4] = {r.deployment, r.requestId, r.inputs, r.outputs};
    char fixed[kFixedRowBytes];
    std::memcpy(fixed, &r.timeMs, 8);
    std::memcpy(fixed + 8, &r.versionId, 8);
    std::memcpy(fixed + 16, &r.latencyUs, 8);
    const std::int32_t row = r.row;
    std::memcpy(fixed + 24, &row, 4);
    fixed[28] = static_cast<char>(static_cast<std::uint8_t>(r.role)
                                  | (r.plainJson ? kPlainJsonFlag : 0));
    std::size_t bytes = kFixedRowBytes;
    for (int k = 0; k < 4; ++k) {
        const auto length = static_cast<std::uint32_t>(text[k].size());
        std::memcpy(fixed + 29 + 4 * k, &length, 4);
        bytes += length;
    }
    m_out.reserve(m_out.size() + bytes);
    m_out.append(fixed, kFixedRowBytes);
    for (const std::string_view t : text)
        m_out.append(t);
    ++m_rows;
}

void SpoolBlockWriter::finish()
{
    if (!m_open)
        return;
    const auto payload = static_cast<std::uint32_t>(m_out.size() - m_header - kHeaderBytes);
    std::memcpy(m_out.data() + m_header, &kMagic, 4);
    std::memcpy(m_out.data() + m_header + 4, &payload, 4);
    std::memcpy(m_out.data() + m_header + 8, &m_rows, 4);
    m_open = false;
}

void sealSpoolBlocks(std::string &buffer, std::size_t from)
{
    while (from + kHeaderBytes <= buffer.size()) {
        char *block = buffer.data() + from;
        const auto payload = get<std::uint32_t>(block + 4);
        const std::uint32_t crc = crc32c(block + kHeaderBytes, payload);
        std::memcpy(block + 12, &crc, 4);
        from += kHeaderBytes + payload;
    }
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
    if (options.spoolDir.empty())
        options.spoolDir = std::filesystem::path(databasePath).parent_path().string()
            + "/spool/predictions";
    std::unique_ptr<PredictionLog> log(new PredictionLog(options));
    auto db = store::Database::open(databasePath, store::OpenOptions{});
    if (!db)
        return db.error();
    log->m_db = std::move(*db);
    auto loadDb = openLoadConnection(databasePath);
    if (!loadDb)
        return loadDb.error();
    log->m_loadDb = std::move(*loadDb);
    log->m_blockWriter = std::make_unique<store::PredictionBlockWriter>(*log->m_loadDb);
    MDECK_TRY(log->prepareSpool());
    log->adoptOrphans();
    log->m_spooler = std::thread([p = log.get()] { p->spoolerLoop(); });
    log->m_loader = std::thread([p = log.get()] { p->loaderLoop(); });
    log->m_catchUp = std::thread([p = log.get()] { p->catchUpLoop(); });
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

void PredictionLog::adoptOrphans()
{
    std::error_code ec;
    std::vector<std::string> instances;
    for (const auto &entry : std::filesystem::directory_iterator(m_options.spoolDir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name != m_instance && entry.is_directory(ec))
            instances.push_back(name);
    }
    std::sort(instances.begin(), instances.end());
    for (const std::string &instance : instances) {
        const std::string dir = m_options.spoolDir + "/" + instance;
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
            s.name = instance + "/" + file;
            s.path = entry.path().string();
            s.size = entry.file_size(ec);
            s.sealed = true;
            s.adopted = true;
            segments.push_back(std::move(s));
        }
        std::sort(segments.begin(), segments.end(),
                  [](const Segment &a, const Segment &b) { return a.name < b.name; });
        if (segments.empty()) {
            releaseInstance(instance, fd, true);
            continue;
        }
        m_orphans.push_back({instance, fd});
        const std::lock_guard lock(m_spoolMutex);
        for (auto &s : segments) {
            m_backlogBytes += s.size;
            m_segments.push_back(std::move(s));
        }
    }
}

void PredictionLog::releaseInstance(const std::string &instance, int lockFd, bool remove)
{
    if (remove) {
        // The rows go first: a folder that is still there is taken over
        // again and cleaned, while a position left without its segment is
        // harmless.
        if (auto tx = m_loadDb->begin()) {
            auto st = m_loadDb->prepare("DELETE FROM prediction_spool WHERE substr(segment, 1, "
                                        "length(?1) + 1) = ?1 || '/'");
            if (st && st->bind(1, instance).run())
                (void) tx->commit();
        }
        const std::string dir = m_options.spoolDir + "/" + instance;
        ::unlink((dir + "/lock").c_str());
        ::rmdir(dir.c_str()); // stays when it keeps a .corrupt segment
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
        releaseInstance(m_instance, m_lockFd, !ownLeft);
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
    s.name = m_instance + "/" + number;
    s.path = m_instanceDir + "/" + number;
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
    m_retries = 0;
    m_readFd = ::open(seg.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (m_readFd < 0) {
        fail(0, "cannot read " + seg.path + ": " + errnoText(errno));
        finishSegment(seg, false);
        return false;
    }
    // Where a log that died got to, if it started on this segment.
    if (auto tx = m_loadDb->beginRead()) {
        auto st = m_loadDb->prepare("SELECT loaded FROM prediction_spool WHERE segment = ?");
        auto found = st ? st->bind(1, seg.name).step() : Result<bool>(false);
        if (found && *found)
            m_readOffset = std::min<std::uint64_t>(static_cast<std::uint64_t>(
                                                       std::max<std::int64_t>(st->int64(0), 0)),
                                                   seg.size);
    }
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
    Block state = Block::Complete;
    BlockHeader h;
    while (planned < m_options.loadTransactionRows) {
        char header[kHeaderBytes] = {};
        const std::uint64_t available = seg.size - end;
        const std::size_t want = static_cast<std::size_t>(
            std::min<std::uint64_t>(available, kHeaderBytes));
        if (!readAll(m_readFd, header, want, end)) {
            state = Block::Corrupt; // the file got shorter
            break;
        }
        // What the header says lies beyond `want` comes from `available`.
        state = readHeader(header,
                           static_cast<std::size_t>(
                               std::min<std::uint64_t>(available,
                                                       std::uint64_t(kHeaderBytes) + kMaxPayload)),
                           h);
        if (state != Block::Complete)
            break;
        end += h.size();
        planned += h.rows;
    }
    const bool own = !seg.adopted;
    if (end == m_readOffset) {
        if (state == Block::Incomplete && !seg.sealed)
            return false; // the spooler is still writing
        if (state == Block::Incomplete && m_readOffset < seg.size) {
            // A writer killed in the middle of a block.
            fail(seg.size - m_readOffset >= h.bytes ? h.rows : 0,
                 seg.path + " ends with an incomplete block at byte " + std::to_string(m_readOffset)
                     + "; its rows are lost");
        } else if (state == Block::Corrupt) {
            fail(0,
                 seg.path + " holds no valid block at byte " + std::to_string(m_readOffset)
                     + "; the segment is kept as .corrupt and the rest of it is not loaded");
        }
        finishSegment(seg, state == Block::Corrupt);
        return true;
    }

    m_readBuffer.resize(static_cast<std::size_t>(end - m_readOffset));
    std::vector<RowView> rows;
    rows.reserve(planned);
    std::uint64_t parsedEnd = m_readOffset;
    if (readAll(m_readFd, m_readBuffer.data(), m_readBuffer.size(), m_readOffset)) {
        for (const char *p = m_readBuffer.data(); parsedEnd < end;) {
            readHeader(p, kHeaderBytes + kMaxPayload, h);
            if (!parseRows(p + h.bytes, h, rows))
                break; // a corrupt block: the next round sees it first
            p += h.size();
            parsedEnd += h.size();
        }
    }
    if (parsedEnd == m_readOffset) {
        fail(0,
             seg.path + " holds a malformed block at byte " + std::to_string(m_readOffset)
                 + "; the segment is kept as .corrupt and the rest of it is not loaded");
        finishSegment(seg, true);
        return true;
    }

    auto load = [&]() -> Result<void> {
        auto tx = m_loadDb->begin();
        if (!tx)
            return tx.error();
        MDECK_TRY(insertRows(*m_blockWriter, rows));
        auto st = m_loadDb->prepare("INSERT INTO prediction_spool (segment, loaded) VALUES (?, ?) "
                                    "ON CONFLICT (segment) DO UPDATE SET loaded = excluded.loaded");
        if (!st)
            return st.error();
        MDECK_TRY(st->bind(1, seg.name).bind(2, static_cast<std::int64_t>(parsedEnd)).run());
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
    // The file goes before its position: a position without a file is
    // harmless, a file without its position would be loaded again.
    if (corrupt)
        (void) std::rename(segment.path.c_str(), (segment.path + ".corrupt").c_str());
    else
        (void) ::unlink(segment.path.c_str());
    if (auto tx = m_loadDb->begin()) {
        auto st = m_loadDb->prepare("DELETE FROM prediction_spool WHERE segment = ?");
        if (st && st->bind(1, segment.name).run())
            (void) tx->commit();
    }
    std::string instance = segment.name.substr(0, segment.name.find('/'));
    bool instanceDone = true;
    {
        const std::lock_guard lock(m_spoolMutex);
        if (!m_segments.empty() && m_segments.front().name == segment.name)
            m_segments.pop_front();
        for (const Segment &s : m_segments)
            instanceDone = instanceDone && !s.name.starts_with(instance + "/");
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
