#include "serving_fixture.h"

#include "core/common/crc32c.h"
#include "core/common/text.h"
#include "core/serving/batcher.h"
#include "core/serving/prediction_log.h"
#include "core/serving/serving_stats.h"

#include <QProcess>
#include <QStandardPaths>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

using namespace mdeck;

// The batcher, the prediction log and the statistics on their own.
class tst_ServingUnits : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::ServingFixture> m_fx;
    std::shared_ptr<const training::LoadedModel> m_model;

    serving::BatchJob job(std::size_t rows)
    {
        serving::BatchJob j;
        j.model = m_model;
        j.rows = rows;
        const auto data = test::breastCancerRows(rows);
        for (const auto &r : data)
            for (double v : r)
                j.input.push_back(static_cast<float>(v));
        return j;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fx = std::make_unique<test::ServingFixture>();
        auto m = training::LoadedModel::load(*m_fx->registry, "bc", "1");
        QVERIFY(m.ok());
        m_model = std::make_shared<const training::LoadedModel>(std::move(*m));
    }

    void loneRequestRunsAlone()
    {
        serving::BatchScheduler s(2);
        serving::QueueConfig c;
        c.maxQueueDelay = std::chrono::seconds(5); // must not be waited for: the queue is idle
        auto out = s.run("bc/1", c, job(3));
        MDECK_VERIFY_OK(out);
        MDECK_VERIFY_OK(out->status);
        QCOMPARE(out->batchRows, std::size_t(3));
        std::vector<float> expected(6);
        MDECK_VERIFY_OK(m_model->predictor().predict(job(3).input.data(), 3, expected.data()));
        QVERIFY(out->output == expected);
    }

    void concurrentRequestsMerge()
    {
        serving::BatchScheduler s(1);
        serving::QueueConfig c;
        c.maxBatchRows = 64;
        c.maxQueueDelay = std::chrono::milliseconds(20);
        std::atomic<std::size_t> largest{0}, done{0};
        std::vector<float> single(2);
        MDECK_VERIFY_OK(m_model->predictor().predict(job(1).input.data(), 1, single.data()));
        std::atomic<bool> allEqual{true};
        // The first job holds the only worker while the rest queue up, so
        // the merge does not depend on how fast this loop submits.
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        for (int i = 0; i < 200; ++i) {
            auto j = job(1);
            j.done = [&, i, released](serving::BatchOutcome &&o) {
                if (i == 0)
                    released.wait();
                largest = std::max<std::size_t>(largest, o.batchRows);
                if (!o.status || o.output.size() != 2 || std::fabs(o.output[0] - single[0]) > 1e-5f)
                    allEqual = false;
                ++done;
            };
            QVERIFY(s.submit("bc/1", c, std::move(j)));
        }
        release.set_value();
        QTRY_COMPARE_WITH_TIMEOUT(done.load(), std::size_t(200), 20000);
        QVERIFY(allEqual);
        QVERIFY2(largest > 1, "queued requests were never merged");
        QVERIFY(largest <= 64);
    }

    // What an event loop submits together runs at once on its thread, in
    // batches of at most maxBatchRows.
    void jobsSubmittedTogetherRunAsBatches()
    {
        serving::BatchScheduler s(2);
        serving::QueueConfig c;
        c.maxBatchRows = 8;
        std::vector<std::size_t> batchRows(10);
        std::vector<std::thread::id> ranOn(10);
        std::vector<serving::BatchJob> jobs;
        for (std::size_t i = 0; i < 10; ++i) {
            auto j = job(1);
            j.done = [&, i](serving::BatchOutcome &&o) {
                QVERIFY(o.status.ok());
                batchRows[i] = o.batchRows;
                ranOn[i] = std::this_thread::get_id();
            };
            jobs.push_back(std::move(j));
        }
        QVERIFY(s.submitMany("bc/1", c, std::move(jobs), true).empty());
        for (std::size_t i = 0; i < 10; ++i) {
            QCOMPARE(batchRows[i], std::size_t(i < 8 ? 8 : 2));
            QVERIFY(ranOn[i] == std::this_thread::get_id());
        }
    }

    // Queued together, jobs are refused from the first that does not fit on,
    // even if a later, smaller one would.
    void jobsSubmittedTogetherAreRefusedInOrder()
    {
        serving::BatchScheduler s(1);
        serving::QueueConfig c;
        c.maxQueuedRows = 4;
        c.maxBatchRows = 1;
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        std::atomic<int> done{0};
        auto blocker = job(1);
        blocker.done = [&, released](serving::BatchOutcome &&) {
            released.wait();
            ++done;
        };
        QVERIFY(s.submit("bc/1", c, std::move(blocker)));
        std::vector<serving::BatchJob> jobs;
        for (const std::size_t rows : {2, 2, 2, 1}) {
            auto j = job(rows);
            j.done = [&](serving::BatchOutcome &&) {
                ++done;
            };
            jobs.push_back(std::move(j));
        }
        const auto refused = s.submitMany("bc/1", c, std::move(jobs), false);
        release.set_value();
        // The blocker may still be queued (1 row): then only one more 2-row job fits.
        QVERIFY(refused.size() == 2 || refused.size() == 3);
        QCOMPARE(refused.back().rows, std::size_t(1));
        QTRY_COMPARE_WITH_TIMEOUT(done.load(), 5 - int(refused.size()), 20000);
    }

    void fullQueueRefuses()
    {
        serving::BatchScheduler s(1);
        serving::QueueConfig c;
        c.maxQueuedRows = 4;
        c.maxBatchRows = 1;
        std::atomic<int> done{0}, refused{0};
        // The first job holds the only worker until every job is submitted,
        // so the queue cannot drain meanwhile.
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        for (int i = 0; i < 50; ++i) {
            auto j = job(2);
            j.done = [&, i, released](serving::BatchOutcome &&) {
                if (i == 0)
                    released.wait();
                ++done;
            };
            if (!s.submit("bc/1", c, std::move(j)))
                ++refused;
        }
        release.set_value();
        QTRY_COMPARE_WITH_TIMEOUT(done.load() + refused.load(), 50, 20000);
        QVERIFY(refused.load() > 0);
    }

    void logDropsWhenFullAndDrainsOnClose()
    {
        serving::PredictionLogOptions o;
        o.capacity = 10;
        o.flushInterval = std::chrono::milliseconds(200);
        auto log = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(log);
        auto rows = [&](int n, const std::string &id) {
            std::vector<serving::PredictionRecord> v(n);
            for (int i = 0; i < n; ++i) {
                v[i].timeMs = nowMillis();
                v[i].deployment = "bc";
                v[i].versionId = m_model->version().id;
                v[i].requestId = id;
                v[i].row = i;
                v[i].inputs = "[1]";
                v[i].outputs = "[0.5,0.5]";
            }
            return v;
        };
        QVERIFY((*log)->push(rows(8, "a")));
        QVERIFY(!(*log)->push(rows(5, "b"))); // all or nothing
        QCOMPARE((*log)->dropped(), std::uint64_t(5));
        (*log)->close();
        QCOMPARE((*log)->written(), std::uint64_t(8));
        QCOMPARE((*log)->depth(), std::uint64_t(0));
        QVERIFY(!(*log)->push(rows(1, "c")));
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'a'"), 8);
    }

    // The spool folder of a test's own: other tests' logs stay out of it.
    std::string spoolDir(const std::string &name) const
    {
        return m_fx->scratch.ws->dir() + "/spool-" + name;
    }

    std::vector<serving::PredictionRecord> records(int n, const std::string &id)
    {
        std::vector<serving::PredictionRecord> v(n);
        for (int i = 0; i < n; ++i) {
            v[i].timeMs = nowMillis();
            v[i].deployment = "bc";
            v[i].versionId = m_model->version().id;
            v[i].role = i % 2 ? serving::Role::Canary : serving::Role::Stable;
            v[i].requestId = id;
            v[i].row = i;
            v[i].inputs = "[" + std::to_string(i) + ",2.5]";
            v[i].outputs = "[0.5,0.5]";
        }
        return v;
    }

    // `predictions` in `sql` is what forEachPrediction reads, copied.
    std::int64_t count(const std::string &sql)
    {
        if (!test::copyPredictionsToTemp(m_fx->scratch.ws->db()))
            return -2;
        auto tx = m_fx->scratch.ws->db().beginRead();
        auto st = m_fx->scratch.ws->db().prepare(sql);
        if (!st || !st->step().value())
            return -1;
        return st->int64(0);
    }

    static std::vector<std::string> filesUnder(const std::string &dir)
    {
        std::vector<std::string> out;
        std::error_code ec;
        for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
             it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file(ec))
                out.push_back(std::filesystem::relative(it->path(), dir).string());
        std::sort(out.begin(), out.end());
        return out;
    }

    void logLoadsWhileOpenAndKeepsItsSegment()
    {
        serving::PredictionLogOptions o;
        o.spoolDir = spoolDir("live");
        auto log = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(log);
        QVERIFY((*log)->push(records(600, "live")));
        // Loaded without closing: the table follows the log.
        QTRY_COMPARE_WITH_TIMEOUT((*log)->written(), std::uint64_t(600), 20000);
        QCOMPARE((*log)->depth(), std::uint64_t(0));
        QCOMPARE((*log)->spoolBytes(), std::uint64_t(0));
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'live'"), 600);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'live' AND row = 599 "
                       "AND inputs = '[599,2.5]' AND role = 'canary'"),
                 1);
        (*log)->close();
        QCOMPARE((*log)->failedWrites(), std::uint64_t(0));
        // The segment stays, sealed: the rows are read from it. Its folder's
        // lock goes.
        const auto files = filesUnder(o.spoolDir);
        QCOMPARE(files.size(), std::size_t(1));
        QVERIFY2(files[0].ends_with("/00000001.seg"), files[0].c_str());
        const auto size = static_cast<std::int64_t>(
            std::filesystem::file_size(o.spoolDir + "/" + files[0]));
        QCOMPARE(count("SELECT COUNT(*) FROM prediction_segments WHERE sealed = 1 AND path = "
                       "'spool-live/"
                       + files[0] + "' AND loaded = " + std::to_string(size)),
                 1);
        QCOMPARE(count("SELECT COUNT(*) FROM prediction_blocks WHERE data = '' AND segment IS "
                       "NOT NULL AND row_count > 0"),
                 count("SELECT COUNT(*) FROM prediction_blocks"));
    }

    void logTakesOverTheSpoolOfALogThatDied()
    {
        // A log killed after loading the first block of its first segment,
        // in the middle of writing a third block, with a second segment.
        const std::string dir = spoolDir("dead") + "/4242-1";
        MDECK_VERIFY_OK(makeDirs(dir));
        std::string first, a, b, c, d;
        serving::appendSpoolBlocks(records(3, "dead-a"), a);
        serving::appendSpoolBlocks(records(2, "dead-b"), b);
        serving::appendSpoolBlocks(records(4, "dead-c"), c);
        serving::appendSpoolBlocks(records(1, "dead-d"), d);
        first = a + b + c.substr(0, c.size() - 5);
        MDECK_VERIFY_OK(writeFileAtomic(dir + "/00000001.seg", first));
        MDECK_VERIFY_OK(writeFileAtomic(dir + "/00000002.seg", d));
        {
            auto log = serving::PredictionLog::open(m_fx->dbPath(), {.spoolDir = spoolDir("x")});
            MDECK_VERIFY_OK(log);
            QVERIFY((*log)->push(records(3, "dead-a")));
        }
        auto &db = m_fx->scratch.ws->db();
        {
            auto tx = db.begin();
            MDECK_VERIFY_OK(tx);
            MDECK_VERIFY_OK(db.exec("INSERT INTO prediction_segments (path, loaded) VALUES "
                                    "('spool-dead/4242-1/00000001.seg', "
                                    + std::to_string(a.size()) + ")"));
            MDECK_VERIFY_OK(tx->commit());
        }

        serving::PredictionLogOptions o;
        o.spoolDir = spoolDir("dead");
        auto log = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(log);
        QTRY_COMPARE_WITH_TIMEOUT((*log)->recovered(), std::uint64_t(3), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(count("SELECT COUNT(*) FROM prediction_segments WHERE path LIKE "
                                        "'spool-dead/4242-1/%' AND sealed = 1"),
                                  2, 20000);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'dead-a'"), 3);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'dead-b'"), 2);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'dead-c'"), 0);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'dead-d'"), 1);
        QCOMPARE((*log)->failedWrites(), std::uint64_t(4)); // the torn block's rows
        QVERIFY2((*log)->lastError().find("incomplete block") != std::string::npos,
                 (*log)->lastError().c_str());
        QCOMPARE((*log)->written(), std::uint64_t(0));
        QCOMPARE(count("SELECT loaded FROM prediction_segments WHERE path = "
                       "'spool-dead/4242-1/00000001.seg'"),
                 static_cast<std::int64_t>(a.size() + b.size()));
        (*log)->close();
        // The dead log's segments hold its rows now; its lock is gone.
        QCOMPARE(filesUnder(dir), (std::vector<std::string>{"00000001.seg", "00000002.seg"}));

        // A later log leaves sealed segments alone: nothing is loaded twice.
        auto again = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(again);
        (*again)->close();
        QCOMPARE((*again)->recovered(), std::uint64_t(0));
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id LIKE 'dead-_'"), 6);
    }

    // A server before schema 11 spooled to spool/predictions; a log on the
    // default folder takes over what such a server left there.
    void logTakesOverALegacySpoolFolder()
    {
        const std::string dir = m_fx->scratch.ws->dir() + "/spool/predictions/55-1";
        MDECK_VERIFY_OK(makeDirs(dir));
        std::string rows;
        serving::appendSpoolBlocks(records(3, "legacy"), rows);
        MDECK_VERIFY_OK(writeFileAtomic(dir + "/00000001.seg", rows));
        auto log = serving::PredictionLog::open(m_fx->dbPath());
        MDECK_VERIFY_OK(log);
        QTRY_COMPARE_WITH_TIMEOUT((*log)->recovered(), std::uint64_t(3), 20000);
        (*log)->close();
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'legacy'"), 3);
        QCOMPARE(count("SELECT sealed FROM prediction_segments WHERE path = "
                       "'spool/predictions/55-1/00000001.seg'"),
                 1);
        QVERIFY(std::filesystem::is_directory(m_fx->scratch.ws->dir() + "/predictions"));
    }

    void logKeepsACorruptSegmentAside()
    {
        const std::string dir = spoolDir("corrupt") + "/77-1";
        MDECK_VERIFY_OK(makeDirs(dir));
        std::string good;
        serving::appendSpoolBlocks(records(2, "after-garbage"), good);
        MDECK_VERIFY_OK(writeFileAtomic(dir + "/00000001.seg", "this is not a prediction spool"));
        // One bit of the first row's request id: the rows still parse, but
        // the block's CRC no longer matches.
        std::string flipped = good;
        const std::size_t id = flipped.find("after-garbage");
        QVERIFY(id != std::string::npos);
        flipped[id] ^= 0x01;
        MDECK_VERIFY_OK(writeFileAtomic(dir + "/00000002.seg", flipped));
        MDECK_VERIFY_OK(writeFileAtomic(dir + "/00000003.seg", good));
        // A good block, then a bad one: the good rows are loaded and read
        // from the segment, which stays where it is; the rest is not loaded.
        std::string before;
        serving::appendSpoolBlocks(records(2, "before-garbage"), before);
        MDECK_VERIFY_OK(writeFileAtomic(dir + "/00000004.seg", before + flipped));
        serving::PredictionLogOptions o;
        o.spoolDir = spoolDir("corrupt");
        auto log = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(log);
        QTRY_COMPARE_WITH_TIMEOUT((*log)->recovered(), std::uint64_t(4), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(count("SELECT COUNT(*) FROM prediction_segments WHERE sealed = "
                                        "1 AND path LIKE 'spool-corrupt/77-1/%'"),
                                  2, 20000);
        (*log)->close();
        QCOMPARE(filesUnder(dir),
                 (std::vector<std::string>{"00000001.seg.corrupt", "00000002.seg.corrupt",
                                           "00000003.seg", "00000004.seg"}));
        QVERIFY2((*log)->lastError().find(".seg") != std::string::npos, (*log)->lastError().c_str());
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'after-garbage'"), 2);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'before-garbage'"), 2);
        QCOMPARE(count("SELECT loaded FROM prediction_segments WHERE path = "
                       "'spool-corrupt/77-1/00000004.seg'"),
                 static_cast<std::int64_t>(before.size()));
    }

    void crc32cKnownValues()
    {
        // RFC 3720 (iSCSI), B.4, and the usual check value.
        const std::string check = "123456789";
        QCOMPARE(crc32c(check.data(), check.size()), std::uint32_t(0xE3069283));
        const std::string zeros(32, '\0'), ones(32, '\xff');
        QCOMPARE(crc32c(zeros.data(), zeros.size()), std::uint32_t(0x8A9136AA));
        QCOMPARE(crc32c(ones.data(), ones.size()), std::uint32_t(0x62A8AB43));
        std::string ascending;
        for (int i = 0; i < 32; ++i)
            ascending += static_cast<char>(i);
        QCOMPARE(crc32c(ascending.data(), ascending.size()), std::uint32_t(0x46DD794E));
        QCOMPARE(crc32c(nullptr, 0), std::uint32_t(0));
        // In pieces, at every split (words and tails alike), as in one go.
        std::string text;
        for (int i = 0; i < 100; ++i)
            text += static_cast<char>(i * 37 + 11);
        const std::uint32_t whole = crc32c(text.data(), text.size());
        for (std::size_t cut = 0; cut <= text.size(); ++cut)
            QCOMPARE(crc32c(text.data() + cut, text.size() - cut, crc32c(text.data(), cut)), whole);
        // Long inputs, which go three streams at a time, against a bit-by-bit
        // reference, at lengths around the stretches and from odd addresses.
        auto reference = [](const char *p, std::size_t n) {
            std::uint32_t c = 0xFFFFFFFF;
            for (std::size_t i = 0; i < n; ++i) {
                c ^= static_cast<unsigned char>(p[i]);
                for (int k = 0; k < 8; ++k)
                    c = (c & 1) ? (c >> 1) ^ 0x82F63B78 : c >> 1;
            }
            return ~c;
        };
        std::string big(3 * 8192 * 2 + 3 * 256 * 3 + 64, '\0');
        std::uint32_t seed = 12345;
        for (char &ch : big) {
            seed = seed * 1103515245 + 12345;
            ch = static_cast<char>(seed >> 16);
        }
        for (const std::size_t n :
             {std::size_t(767), std::size_t(768), std::size_t(769), std::size_t(3 * 256 * 2 + 7),
              std::size_t(3 * 8192 - 1), std::size_t(3 * 8192), std::size_t(3 * 8192 + 3 * 256 + 9),
              big.size() - 1})
            for (const std::size_t at : {std::size_t(0), std::size_t(1)})
                QCOMPARE(crc32c(big.data() + at, n), reference(big.data() + at, n));
        const std::size_t half = 3 * 8192 + 100;
        QCOMPARE(crc32c(big.data() + half, big.size() - half, crc32c(big.data(), half)),
                 reference(big.data(), big.size()));
    }

    void logTrustsPlainJsonOnlyUnderItsCrc()
    {
        auto make = [&](const std::string &id, const std::string &inputs, bool plain) {
            auto r = records(1, id);
            r[0].inputs = inputs;
            r[0].plainJson = plain;
            std::string block;
            serving::appendSpoolBlocks(r, block);
            return block;
        };
        // Rows the server vouches for lose their whitespace unchecked; rows
        // it does not are checked, and kept as a string when not JSON.
        const std::string plain = make("plain", "[1 ,\t2.5,\nnull ]", true);
        const std::string checked = make("checked", "[1, oops]", false);
        // The first format, which has no CRC: its rows are always checked,
        // whatever their flag says.
        const std::string v2 = make("first-format", "[1, oops]", true);
        const std::string v1 = "MDPL" + v2.substr(4, 8) + v2.substr(16);
        const std::string dir = spoolDir("formats") + "/91-1";
        MDECK_VERIFY_OK(makeDirs(dir));
        MDECK_VERIFY_OK(writeFileAtomic(dir + "/00000001.seg", plain + checked + v1));
        serving::PredictionLogOptions o;
        o.spoolDir = spoolDir("formats");
        auto log = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(log);
        QTRY_COMPARE_WITH_TIMEOUT((*log)->recovered(), std::uint64_t(3), 20000);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'plain' "
                       "AND inputs = '[1,2.5,null]'"),
                 1);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'checked' AND "
                       "json_type(inputs) = 'text' AND inputs ->> '$' = '[1, oops]'"),
                 1);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'first-format' AND "
                       "json_type(inputs) = 'text' AND inputs ->> '$' = '[1, oops]'"),
                 1);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE NOT json_valid(inputs) OR NOT "
                       "json_valid(outputs)"),
                 0);
        (*log)->close();
        QCOMPARE(filesUnder(o.spoolDir), std::vector<std::string>{"91-1/00000001.seg"});
    }

    void logLeavesALiveLogsSpoolAlone()
    {
        serving::PredictionLogOptions o;
        o.spoolDir = spoolDir("shared");
        o.flushInterval = std::chrono::milliseconds(10);
        auto first = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(first);
        QVERIFY((*first)->push(records(50, "first-log")));
        auto second = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(second);
        QVERIFY((*second)->push(records(7, "second-log")));
        (*second)->close();
        QCOMPARE((*second)->recovered(), std::uint64_t(0));
        (*first)->close();
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'first-log'"), 50);
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'second-log'"), 7);
        // Each log's own segment, kept.
        const auto files = filesUnder(o.spoolDir);
        QCOMPARE(files.size(), std::size_t(2));
        QVERIFY(files[0].ends_with("/00000001.seg") && files[1].ends_with("/00000001.seg"));
    }

    void logDropsPastTheSpoolLimitWhileTheDatabaseIsBusy()
    {
        serving::PredictionLogOptions o;
        o.spoolDir = spoolDir("full");
        o.spoolMaxBytes = 1;
        o.flushInterval = std::chrono::milliseconds(10);
        auto log = serving::PredictionLog::open(m_fx->dbPath(), o);
        MDECK_VERIFY_OK(log);
        {
            // Another writer holds the database: nothing spooled can be loaded.
            auto &db = m_fx->scratch.ws->db();
            auto hold = db.begin();
            MDECK_VERIFY_OK(hold);
            QVERIFY((*log)->push(records(5, "kept")));
            QTRY_VERIFY_WITH_TIMEOUT((*log)->spoolBytes() > 0, 5000);
            QVERIFY((*log)->push(records(3, "over")));
            QTRY_COMPARE_WITH_TIMEOUT((*log)->dropped(), std::uint64_t(3), 5000);
            QVERIFY((*log)->lastError().find("limit") != std::string::npos);
            MDECK_VERIFY_OK(hold->commit());
        }
        (*log)->close();
        QCOMPARE((*log)->written(), std::uint64_t(5));
        QCOMPARE(count("SELECT COUNT(*) FROM predictions WHERE request_id = 'over'"), 0);
    }

    void logRefusesAnUnwritableSpoolFolder()
    {
        const std::string file = m_fx->scratch.ws->dir() + "/a-file";
        MDECK_VERIFY_OK(writeFileAtomic(file, "x"));
        auto log = serving::PredictionLog::open(m_fx->dbPath(), {.spoolDir = file + "/spool"});
        QVERIFY(!log.ok());
        QCOMPARE(log.error().code, ErrorCode::Io);
        QVERIFY2(log.error().message.find("spool") != std::string::npos,
                 log.error().message.c_str());
    }

    void statsWindowAndQuantiles()
    {
        serving::ServingStats s;
        const auto since = nowMillis() - 1000;
        for (int i = 0; i < 90; ++i)
            s.recordRequest("d", 1, serving::Role::Canary, 200, 0.0008, 1);
        for (int i = 0; i < 10; ++i)
            s.recordRequest("d", 1, serving::Role::Canary, 500, 0.2, 0);
        s.recordComparison("d", 1, serving::Role::Canary, 90, 9);
        s.recordRequest("d", 2, serving::Role::Stable, 200, 0.001, 1);
        const auto w = s.window("d", 1, std::nullopt, since);
        QCOMPARE(w.requests, std::uint64_t(100));
        QCOMPARE(w.errors, std::uint64_t(10));
        QCOMPARE(w.rows, std::uint64_t(90));
        QCOMPARE(w.disagreementRate(), 0.1);
        QCOMPARE(w.latencyQuantileSeconds(0.5), 0.001);
        QCOMPARE(w.latencyQuantileSeconds(0.99), 0.25);
        QCOMPARE(s.window("d", 1, serving::Role::Stable, since).requests, std::uint64_t(0));
        QCOMPARE(s.window("d", 1, std::nullopt, nowMillis() + 5000).requests, std::uint64_t(0));
    }

    void metricsPassPromtool()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("promtool is not installed (Debian package prometheus)");
        serving::ServingStats s;
        s.recordRequest("a \"quoted\"\\name", 3, serving::Role::Stable, 200, 0.001, 2);
        s.recordRequest("b", 1, serving::Role::Canary, 400, 0.0001, 0);
        s.recordQueue("b", 1, serving::Role::Canary, 0.00001);
        s.recordBatch("b", 1, serving::Role::Canary, 7);
        s.recordComparison("b", 1, serving::Role::Canary, 5, 1);
        s.recordUnrouted(404);
        const std::string text = s.prometheus({});
        QProcess p;
        p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(p.waitForStarted());
        p.write(QByteArray::fromStdString(text));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0,
                 (p.readAllStandardOutput() + p.readAllStandardError() + "\n"
                  + QByteArray::fromStdString(text))
                     .constData());
    }
};

QTEST_GUILESS_MAIN(tst_ServingUnits)
#include "tst_serving_units.moc"
