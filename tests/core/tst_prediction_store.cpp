#include "test_support.h"

#include "core/common/files.h"
#include "core/common/json.h"
#include "core/store/prediction_segment.h"
#include "core/store/prediction_store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mdeck;

namespace {

std::int64_t scalar(store::Database &db, const std::string &sql)
{
    auto tx = db.beginRead();
    auto st = db.prepare(sql);
    if (!st)
        return -1;
    auto row = st->step();
    if (!row || !*row)
        return -1;
    return st->int64(0);
}

std::string text(store::Database &db, const std::string &sql)
{
    auto tx = db.beginRead();
    auto st = db.prepare(sql);
    if (!st)
        return "<none>";
    auto row = st->step();
    if (!row || !*row)
        return "<none>";
    return st->text(0);
}

void exec(store::Database &db, const std::string &sql)
{
    auto tx = db.begin();
    QVERIFY(tx.ok());
    MDECK_VERIFY_OK(db.exec(sql));
    MDECK_VERIFY_OK(tx->commit());
}

// A model with two versions (ids 1 and 2), for the foreign keys.
void addVersions(store::Database &db)
{
    exec(db,
         "INSERT INTO models (id, name, owner, created_at, updated_at) "
         "VALUES (1, 'm', 'ada', 0, 0);"
         "INSERT INTO versions (id, model_id, version, format, artifact_name, "
         "artifact_sha256, artifact_size, signature, created_by, created_at) VALUES "
         "(1, 1, 1, 'file', 'a', 'x', 1, '{}', 'ada', 0), "
         "(2, 1, 2, 'file', 'a', 'y', 1, '{}', 'ada', 0);");
}

struct Stored
{
    std::int64_t id, time, version, latency;
    std::string deployment, role, request, inputs, outputs;
    int row;
};

std::vector<Stored> readAll(store::Database &db, const store::PredictionFilter &f = {})
{
    std::vector<Stored> out;
    auto tx = db.beginRead();
    auto ok = store::forEachPrediction(db, f, [&](const store::PredictionEntry &p) {
        out.push_back({p.id, p.timeMs, p.versionId, p.latencyUs, std::string(p.deployment),
                       std::string(p.role), std::string(p.requestId), std::string(p.inputs),
                       std::string(p.outputs), p.row});
        return true;
    });
    if (!ok)
        qWarning("%s", ok.error().message.c_str());
    return out;
}

store::PredictionEntry entry(std::int64_t time, std::string_view request, int row = 0,
                             std::string_view role = "stable", std::int64_t version = 1,
                             std::string_view deployment = "web")
{
    store::PredictionEntry e;
    e.timeMs = time;
    e.deployment = deployment;
    e.versionId = version;
    e.role = role;
    e.requestId = request;
    e.row = row;
    e.inputs = "[1.5, null,\n \"a b\"]";
    e.outputs = "[0.25,0.75]";
    e.latencyUs = 100 + time;
    return e;
}

} // namespace

class tst_PredictionStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<store::Database> m_db;
    int m_n = 0;

private Q_SLOTS:
    void init()
    {
        store::OpenOptions o;
        o.create = true;
        auto db = store::Database::open(m_dir.filePath(QStringLiteral("p%1.db").arg(++m_n))
                                            .toStdString(),
                                        o);
        MDECK_VERIFY_OK(db);
        m_db = std::move(*db);
        addVersions(*m_db);
    }

    void validJson_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("numbers") << QByteArray("[1, -2.5e3, 0, 0.5E-7]") << true;
        QTest::newRow("literals and strings")
            << QByteArray("[true,false,null,\"a\\\"\\\\\\/\\n\\u00e9\"]") << true;
        QTest::newRow("object") << QByteArray("{\"a\": [1, {\"b\": {}}], \"c\": []}") << true;
        QTest::newRow("spaces around") << QByteArray(" \n[1] ") << true;
        QTest::newRow("nan") << QByteArray("[nan]") << false;
        QTest::newRow("leading zero") << QByteArray("[01]") << false;
        QTest::newRow("bare dot") << QByteArray("[1.]") << false;
        QTest::newRow("plus sign") << QByteArray("[+1]") << false;
        QTest::newRow("trailing comma") << QByteArray("[1,]") << false;
        QTest::newRow("unterminated") << QByteArray("[1, 2") << false;
        QTest::newRow("two values") << QByteArray("[1] [2]") << false;
        QTest::newRow("bad escape") << QByteArray("[\"\\x\"]") << false;
        QTest::newRow("short unicode escape") << QByteArray("[\"\\u12\"]") << false;
        QTest::newRow("control character") << QByteArray("[\"a\tb\"]") << false;
        QTest::newRow("key without quotes") << QByteArray("{a: 1}") << false;
        QTest::newRow("empty") << QByteArray("") << false;
        QTest::newRow("nested 64") << QByteArray(64, '[') + QByteArray(64, ']') << true;
        QTest::newRow("nested 65") << QByteArray(65, '[') + QByteArray(65, ']') << false;
        QTest::newRow("nested 100000")
            << QByteArray(100000, '[') + QByteArray(100000, ']') << false;
    }

    void validJson()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QCOMPARE(store::isValidJson(text.toStdString()), valid);
        if (valid) // SQLite agrees with what the writer lets through
            QCOMPARE(scalar(*m_db, "SELECT json_valid('" + text.toStdString() + "')"), 1);
    }

    // Every byte value, at every length and alignment the 16-byte steps
    // and the tail meet, against a byte-by-byte reference.
    void withoutSpaceMatchesByteByByte()
    {
        std::uint32_t seed = 12345;
        auto next = [&] {
            seed = seed * 1664525u + 1013904223u;
            return seed >> 24;
        };
        for (int length = 0; length <= 80; ++length) {
            for (int trial = 0; trial < 40; ++trial) {
                std::string text;
                for (int i = 0; i < length; ++i) {
                    // Mostly digits and separators, often whitespace, any byte at times.
                    const std::uint32_t kind = next() % 8;
                    const char c = kind < 3 ? static_cast<char>('0' + next() % 10)
                        : kind == 3         ? ','
                        : kind == 4         ? ' '
                        : kind == 5         ? "\t\n\r"[next() % 3]
                                            : static_cast<char>(next());
                    text += c;
                }
                std::string expected = "keep";
                for (const char c : text)
                    if (static_cast<unsigned char>(c) > ' ')
                        expected += c;
                std::string out = "keep";
                store::appendWithoutSpace(out, text);
                QCOMPARE(out, expected);
            }
        }
        std::string out;
        store::appendWithoutSpace(out, "[ 1 , 2.5 ,\tnull ]");
        QCOMPARE(out, std::string("[1,2.5,null]"));
    }

    void inputsAreCompacted_data()
    {
        QTest::addColumn<QByteArray>("inputs");
        QTest::addColumn<QByteArray>("stored");
        QTest::newRow("numbers") << QByteArray("[1, -2.5e+3, 0,\t0.5E-7 , null]")
                                 << QByteArray("[1,-2.5e+3,0,0.5E-7,null]");
        QTest::newRow("empty") << QByteArray(" [ ] ") << QByteArray("[]");
        QTest::newRow("nested") << QByteArray("[[1, 2], [3]]") << QByteArray("[[1,2],[3]]");
        QTest::newRow("strings") << QByteArray("[\"a b\", 1]") << QByteArray("[\"a b\",1]");
        for (const char *bad : {"[1.]", "[01]", "[1,]", "[1 2]", "[nul]", "[-]", "[1e]", "[.5]",
                                "[1,2]x", "[1", "1, 2", "[+1]", "[nulll]", "[0x10]"})
            QTest::addRow("not JSON: %s", bad)
                << QByteArray(bad) << "\"" + QByteArray(bad).replace('"', "\\\"") + "\"";
    }

    void inputsAreCompacted()
    {
        QFETCH(QByteArray, inputs);
        QFETCH(QByteArray, stored);
        {
            auto tx = m_db->begin().value();
            store::PredictionBlockWriter w(*m_db);
            auto e = entry(1, "r");
            e.inputs = std::string_view(inputs.constData(), static_cast<std::size_t>(inputs.size()));
            MDECK_VERIFY_OK(w.add(e));
            MDECK_VERIFY_OK(w.flush());
            MDECK_VERIFY_OK(tx.commit());
        }
        const auto rows = readAll(*m_db);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(QByteArray::fromStdString(rows[0].inputs), stored);
        QCOMPARE(scalar(*m_db, "SELECT count(*) FROM prediction_blocks WHERE json_valid(data)"), 1);
    }

    void roundTripThroughBlocks()
    {
        {
            auto tx = m_db->begin().value();
            store::PredictionBlockWriter w(*m_db);
            // Interleaved stable and shadow rows of one request each.
            for (int i = 0; i < 5; ++i) {
                const std::string id = "r" + std::to_string(i);
                MDECK_VERIFY_OK(w.add(entry(1000 + i, id)));
                MDECK_VERIFY_OK(w.add(entry(1000 + i, id, 0, "shadow", 2)));
            }
            // A hostile request id and rows whose text is not JSON.
            auto odd = entry(2000, "quote\" back\\ tab\t nl\n \x01 é");
            odd.inputs = "[1, 2";
            odd.outputs = "NaN";
            MDECK_VERIFY_OK(w.add(odd));
            MDECK_VERIFY_OK(w.flush());
            MDECK_VERIFY_OK(tx.commit());
        }
        QCOMPARE(scalar(*m_db, "SELECT count(*) FROM prediction_blocks"), 2);
        QCOMPARE(scalar(*m_db, "SELECT row_count FROM prediction_blocks WHERE role = 'stable'"), 6);
        QCOMPARE(scalar(*m_db, "SELECT first_time FROM prediction_blocks WHERE role = 'stable'"),
                 1000);
        QCOMPARE(scalar(*m_db, "SELECT last_time FROM prediction_blocks WHERE role = 'stable'"),
                 2000);
        QCOMPARE(scalar(*m_db, "SELECT count(*) FROM prediction_blocks WHERE json_valid(data)"), 2);

        const auto rows = readAll(*m_db);
        QCOMPARE(rows.size(), std::size_t(11));
        // Ids grow in storage order: the stable block first, then the shadow one.
        for (std::size_t i = 1; i < rows.size(); ++i)
            QVERIFY(rows[i].id > rows[i - 1].id);
        QCOMPARE(rows[0].request, std::string("r0"));
        QCOMPARE(rows[0].inputs, std::string("[1.5,null,\"a b\"]"));
        QCOMPARE(rows[0].outputs, std::string("[0.25,0.75]"));
        QCOMPARE(rows[0].latency, 1100);
        QCOMPARE(rows[0].deployment, std::string("web"));
        QCOMPARE(rows[5].request, std::string("quote\" back\\ tab\t nl\n \x01 é"));
        QCOMPARE(rows[5].inputs, std::string("\"[1, 2\"")); // kept, as a JSON string
        QCOMPARE(rows[5].outputs, std::string("\"NaN\""));
        QCOMPARE(rows[6].role, std::string("shadow"));
        QCOMPARE(rows[6].version, 2);

        // What tests ask SQL about: the same rows with the same ids.
        MDECK_VERIFY_OK(test::copyPredictionsToTemp(*m_db));
        QCOMPARE(scalar(*m_db, "SELECT count(*) FROM predictions"), 11);
        QCOMPARE(scalar(*m_db,
                        "SELECT id FROM predictions WHERE request_id = 'r3' AND role = "
                        "'shadow'"),
                 rows[9].id);
        QCOMPARE(text(*m_db, "SELECT request_id FROM predictions WHERE time = 2000"),
                 rows[5].request);
        QCOMPARE(scalar(*m_db, "SELECT sum(latency_us) FROM predictions WHERE role = 'stable'"),
                 1100 + 1101 + 1102 + 1103 + 1104 + 2100);
        // The workspace itself has no `predictions` view any more: its data
        // column is empty for blocks kept in segment files.
        QCOMPARE(scalar(*m_db,
                        "SELECT count(*) FROM main.sqlite_master WHERE name = "
                        "'predictions'"),
                 0);
    }

    // Blocks kept in a segment file, as the prediction log stores them: one
    // block row per segment block and deployment, version and role.
    void readsSegmentBlocks()
    {
        std::string bytes;
        store::SegmentBlockWriter w(bytes);
        auto row = [](std::int64_t time, std::string_view request, std::uint8_t role,
                      std::int64_t version, std::string_view deployment, std::string_view inputs,
                      bool plain) {
            store::SegmentRow r;
            r.timeMs = time;
            r.versionId = version;
            r.latencyUs = time + 1;
            r.row = static_cast<int>(time % 7);
            r.role = role;
            r.deployment = deployment;
            r.requestId = request;
            r.inputs = inputs;
            r.outputs = "[0.5, 0.5]";
            r.plainJson = plain;
            return r;
        };
        w.add(row(10, "a", 0, 1, "web", "[1, 2,\t3]", true));
        w.add(row(11, "b", 2, 2, "web", "[4]", true));
        w.add(row(12, "quote\" id", 0, 1, "web", "not json", false));
        w.add(row(13, "d", 0, 1, "api", "[5]", true));
        w.add(row(14, "e", 0, 1, "web", "{\"k\": [1, 2]}", false));
        w.finish();
        store::sealSegmentBlocks(bytes);
        const std::size_t first = bytes.size();
        w.add(row(20, "f", 0, 1, "web", "[6]", true));
        w.finish();
        store::sealSegmentBlocks(bytes, first);
        MDECK_VERIFY_OK(makeDirs(m_dir.filePath(QStringLiteral("seg")).toStdString()));
        MDECK_VERIFY_OK(
            writeFileAtomic(m_dir.filePath(QStringLiteral("seg/1.seg")).toStdString(), bytes));
        const std::string one = std::to_string(first);
        const std::string two = std::to_string(bytes.size() - first);
        exec(*m_db,
             "INSERT INTO prediction_segments (id, path, loaded, sealed) VALUES (5, 'seg/1.seg', "
                 + std::to_string(bytes.size())
                 + ", 1);"
                   "INSERT INTO prediction_blocks (id, deployment, version_id, role, first_time, "
                   "last_time, row_count, data, segment, segment_offset, segment_bytes) VALUES "
                   "(1, 'web', 1, 'stable', 10, 14, 3, '', 5, 0, "
                 + one + "), (2, 'web', 2, 'shadow', 11, 11, 1, '', 5, 0, " + one
                 + "), (3, 'api', 1, 'stable', 13, 13, 1, '', 5, 0, " + one
                 + "), (4, 'web', 1, 'stable', 20, 20, 1, '', 5, " + one + ", " + two + ")");

        const auto rows = readAll(*m_db);
        QCOMPARE(rows.size(), std::size_t(6));
        QCOMPARE(rows[0].id, store::predictionId(1, 0));
        QCOMPARE(rows[0].inputs, std::string("[1,2,3]")); // plain: compacted
        QCOMPARE(rows[0].outputs, std::string("[0.5,0.5]"));
        QCOMPARE(rows[0].latency, std::int64_t(11));
        QCOMPARE(rows[0].row, 3);
        QCOMPARE(rows[1].id, store::predictionId(1, 1));
        QCOMPARE(rows[1].request, std::string("quote\" id"));
        QCOMPARE(rows[1].inputs, std::string("\"not json\"")); // kept, as a JSON string
        QCOMPARE(rows[2].inputs, std::string("{\"k\":[1,2]}"));
        QCOMPARE(rows[3].role, std::string("shadow"));
        QCOMPARE(rows[3].version, std::int64_t(2));
        QCOMPARE(rows[3].request, std::string("b"));
        QCOMPARE(rows[4].deployment, std::string("api"));
        QCOMPARE(rows[5].id, store::predictionId(4, 0));
        QCOMPARE(rows[5].time, std::int64_t(20));

        store::PredictionFilter f;
        f.fromMs = 12;
        f.toMs = 20;
        f.deployment = "web";
        const auto some = readAll(*m_db, f);
        QCOMPARE(some.size(), std::size_t(2));
        QCOMPARE(some[0].request, std::string("quote\" id"));
        QCOMPARE(some[1].request, std::string("e"));
        f = {};
        f.newestFirst = true;
        f.afterId = store::predictionId(1, 1);
        const auto newest = readAll(*m_db, f);
        QCOMPARE(newest.size(), std::size_t(4));
        QCOMPARE(newest.front().request, std::string("f"));
        QCOMPARE(newest.back().request, std::string("e"));
    }

    void brokenSegmentBlockIsNamed_data()
    {
        QTest::addColumn<QByteArray>("change");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("a flipped bit") << QByteArray("flip") << QByteArray("checksum");
        QTest::newRow("the wrong offset") << QByteArray("offset") << QByteArray("malformed");
        QTest::newRow("past the end") << QByteArray("past") << QByteArray("past the end");
        QTest::newRow("a negative offset")
            << QByteArray("negative") << QByteArray("impossible position");
        QTest::newRow("huge") << QByteArray("huge") << QByteArray("impossible position");
        QTest::newRow("rows of its key") << QByteArray("count") << QByteArray("not 2");
        QTest::newRow("file gone") << QByteArray("gone") << QByteArray("cannot read");
        QTest::newRow("unknown segment") << QByteArray("unknown") << QByteArray("does not know");
    }

    void brokenSegmentBlockIsNamed()
    {
        QFETCH(QByteArray, change);
        QFETCH(QByteArray, expected);
        std::string bytes;
        store::SegmentBlockWriter w(bytes);
        store::SegmentRow r;
        r.deployment = "web";
        r.versionId = 1;
        r.requestId = "a";
        r.inputs = "[1]";
        r.outputs = "[2]";
        r.plainJson = true;
        w.add(r);
        w.finish();
        store::sealSegmentBlocks(bytes);
        if (change == "flip")
            bytes[bytes.size() - 2] ^= 0x01;
        const std::string file = m_dir.filePath(QStringLiteral("broken.seg")).toStdString();
        if (change != "gone")
            MDECK_VERIFY_OK(writeFileAtomic(file, bytes));
        else
            QFile::remove(QString::fromStdString(file));
        std::int64_t offset = 0, size = static_cast<std::int64_t>(bytes.size()), count = 1;
        if (change == "offset") {
            offset = 1;
            size -= 1;
        }
        if (change == "past")
            offset = 4096;
        if (change == "negative")
            offset = -5;
        if (change == "huge")
            size = std::int64_t(1) << 40;
        if (change == "count")
            count = 2;
        if (change == "unknown") // only a workspace edited by hand, without its foreign keys
            MDECK_VERIFY_OK(m_db->exec("PRAGMA foreign_keys=OFF"));
        exec(*m_db,
             "INSERT INTO prediction_segments (id, path, loaded) VALUES (3, '" + file + "', 1)");
        exec(*m_db,
             "INSERT INTO prediction_blocks (id, deployment, version_id, role, first_time, "
             "last_time, row_count, data, segment, segment_offset, segment_bytes) VALUES (7, "
             "'web', 1, 'stable', 0, 0, "
                 + std::to_string(count) + ", '', " + (change == "unknown" ? "99" : "3") + ", "
                 + std::to_string(offset) + ", " + std::to_string(size) + ")");
        auto tx = m_db->beginRead();
        auto got = store::forEachPrediction(*m_db, {},
                                            [](const store::PredictionEntry &) { return true; });
        QVERIFY(!got);
        QVERIFY2(got.error().message.find("prediction block 7") != std::string::npos,
                 got.error().message.c_str());
        QVERIFY2(got.error().message.find(expected.toStdString()) != std::string::npos,
                 got.error().message.c_str());
    }

    void filtersAndOrder()
    {
        {
            auto tx = m_db->begin().value();
            store::PredictionBlockWriter w(*m_db);
            // 2,500 rows: blocks of 1,024, 1,024 and 452.
            for (int i = 0; i < 2500; ++i)
                MDECK_VERIFY_OK(w.add(entry(i, "r" + std::to_string(i), i % 3)));
            MDECK_VERIFY_OK(w.add(entry(10, "other", 0, "stable", 1, "api")));
            MDECK_VERIFY_OK(w.flush());
            MDECK_VERIFY_OK(tx.commit());
        }
        QCOMPARE(scalar(*m_db, "SELECT count(*) FROM prediction_blocks"), 4);
        QCOMPARE(scalar(*m_db, "SELECT max(row_count) FROM prediction_blocks"),
                 std::int64_t(store::kMaxBlockRows));

        store::PredictionFilter f;
        f.deployment = "web";
        const auto all = readAll(*m_db, f);
        QCOMPARE(all.size(), std::size_t(2500));
        QCOMPARE(all[1024].request, std::string("r1024"));
        QCOMPARE(all[1024].row, 1024 % 3);

        f.fromMs = 1000;
        f.toMs = 1100;
        auto window = readAll(*m_db, f);
        QCOMPARE(window.size(), std::size_t(100));
        QCOMPARE(window.front().time, 1000);
        QCOMPARE(window.back().time, 1099);

        // An id cursor: after the 1,500th row, up to and including the 2,000th.
        store::PredictionFilter ids;
        ids.deployment = "web";
        ids.afterId = all[1499].id;
        ids.lastId = all[1999].id;
        auto range = readAll(*m_db, ids);
        QCOMPARE(range.size(), std::size_t(500));
        QCOMPARE(range.front().request, std::string("r1500"));
        QCOMPARE(range.back().request, std::string("r1999"));

        ids.newestFirst = true;
        auto backwards = readAll(*m_db, ids);
        QCOMPARE(backwards.size(), std::size_t(500));
        QCOMPARE(backwards.front().request, std::string("r1999"));
        QCOMPARE(backwards.back().request, std::string("r1500"));

        store::PredictionFilter other;
        other.deployment = "api";
        QCOMPARE(readAll(*m_db, other).size(), std::size_t(1));
        other.role = "shadow";
        QCOMPARE(readAll(*m_db, other).size(), std::size_t(0));
        store::PredictionFilter v2;
        v2.versionId = 2;
        QCOMPARE(readAll(*m_db, v2).size(), std::size_t(0));

        // The visit can stop early.
        int seen = 0;
        auto tx = m_db->beginRead();
        MDECK_VERIFY_OK(store::forEachPrediction(*m_db, {}, [&](const store::PredictionEntry &) {
            return ++seen < 3;
        }));
        QCOMPARE(seen, 3);
    }

    void malformedBlockIsNamed_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("a field short") << QByteArray("[[0,\"a\",0,[1],[2]]]");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("not an array") << QByteArray("{}");
        QTest::newRow("unterminated") << QByteArray("[[0,\"a\",0,[1],[2],1]");
        QTest::newRow("trailing bytes") << QByteArray("[[0,\"a\",0,[1],[2],1]] x");
        QTest::newRow("time overflows") << QByteArray("[[99999999999999999999,\"a\",0,[1],[2],1]]");
        QTest::newRow("request id not a string") << QByteArray("[[0,7,0,[1],[2],1]]");
        QTest::newRow("bad escape in request id") << QByteArray("[[0,\"\\x\",0,[1],[2],1]]");
        QTest::newRow("inputs nested 100 deep")
            << "[[0,\"a\",0," + QByteArray(100, '[') + QByteArray(100, ']') + ",[2],1]]";
        QTest::newRow("rows run together") << QByteArray("[[0,\"a\",0,[1],[2],1][0]]");
    }

    void malformedBlockIsNamed()
    {
        QFETCH(QByteArray, data);
        {
            auto tx = m_db->begin().value();
            auto st = m_db->prepare("INSERT INTO prediction_blocks (id, deployment, version_id, "
                                    "role, first_time, last_time, row_count, data) VALUES (7, "
                                    "'web', 1, 'stable', 0, 0, 1, ?1)")
                          .value();
            st.bind(1, std::string_view(data.constData(), static_cast<std::size_t>(data.size())));
            MDECK_VERIFY_OK(st.run());
            MDECK_VERIFY_OK(tx.commit());
        }
        auto tx = m_db->beginRead();
        auto r = store::forEachPrediction(*m_db, {},
                                          [](const store::PredictionEntry &) { return true; });
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Integrity);
        QVERIFY2(r.error().message.find("prediction block 7") != std::string::npos,
                 r.error().message.c_str());
    }

    void labelsByRequest()
    {
        store::FeedbackLookup none(*m_db);
        auto nothing = none.label("a", 0);
        MDECK_VERIFY_OK(nothing);
        QVERIFY(!*nothing);
        exec(*m_db,
             "INSERT INTO feedback (request_id, row, label, time, source) "
             "VALUES ('a', 1, 'cat', 5, 'test')");
        auto tx = m_db->beginRead();
        store::FeedbackLookup some(*m_db);
        QCOMPARE(some.label("a", 1).value().value_or("<none>"), std::string("cat"));
        QVERIFY(!some.label("a", 0).value());
    }

    // Schema 11 keeps schema 10's blocks, and the spool positions of a
    // server that died, under the folder such servers spooled to.
    void migratesSpoolPositions()
    {
        const std::string path = m_dir.filePath(QStringLiteral("ten.db")).toStdString();
        {
            store::OpenOptions o;
            o.create = true;
            o.migrateTo = 10;
            auto db = store::Database::open(path, o);
            MDECK_VERIFY_OK(db);
            addVersions(**db);
            exec(**db, "INSERT INTO prediction_spool VALUES ('77-1/00000003.seg', 4096)");
            auto tx = (*db)->begin().value();
            store::PredictionBlockWriter w(**db);
            MDECK_VERIFY_OK(w.add(entry(100, "kept")));
            MDECK_VERIFY_OK(w.flush());
            MDECK_VERIFY_OK(tx.commit());
        }
        auto db = store::Database::open(path, {});
        MDECK_VERIFY_OK(db);
        QCOMPARE(text(**db,
                      "SELECT path || ' ' || loaded || ' ' || sealed FROM "
                      "prediction_segments"),
                 std::string("spool/predictions/77-1/00000003.seg 4096 0"));
        QCOMPARE(scalar(**db,
                        "SELECT count(*) FROM sqlite_master WHERE name IN "
                        "('prediction_spool', 'predictions')"),
                 0);
        const auto rows = readAll(**db);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].request, std::string("kept"));
        QCOMPARE(rows[0].inputs, std::string("[1.5,null,\"a b\"]"));
        auto check = store::checkPredictionBlocks(**db);
        MDECK_VERIFY_OK(check);
        QCOMPARE(check->blocksChecked, std::int64_t(1));
        QVERIFY(check->problems.empty());
    }

    // A workspace of schema 9 keeps its predictions, their order and the
    // drift windows' references to them.
    void migratesRowsIntoBlocks()
    {
        const std::string path = m_dir.filePath(QStringLiteral("old.db")).toStdString();
        {
            store::OpenOptions o;
            o.create = true;
            o.migrateTo = 9;
            auto db = store::Database::open(path, o);
            MDECK_VERIFY_OK(db);
            addVersions(**db);
            exec(**db,
                 "INSERT INTO predictions (id, time, deployment, version_id, role, "
                 "request_id, row, inputs, outputs, latency_us) VALUES "
                 "(3, 100, 'web', 1, 'stable', 'a', 0, '[1, 2]', '[0.5]', 7), "
                 "(4, 101, 'web', 2, 'shadow', 'a', 0, '[1, 2]', 'not json', 8), "
                 "(9, 102, 'web', 1, 'stable', 'b\"', 1, '[3]', '[\"x\"]', 9);"
                 "INSERT INTO drift_windows (series, version_id, start_time, end_time, "
                 "first_prediction, last_prediction, rows, drift_share, dataset_drift, "
                 "results, computed_at) VALUES ('s', 1, 100, 103, 3, 9, 2, 0, 0, "
                 "'{\"first_prediction\": 3, \"last_prediction\": 9, \"rows\": 2}', 1)");
        }
        auto db = store::Database::open(path, {});
        MDECK_VERIFY_OK(db);
        const auto rows = readAll(**db);
        QCOMPARE(rows.size(), std::size_t(3));
        QCOMPARE(rows[0].id, store::predictionId(3, 0));
        QCOMPARE(rows[1].id, store::predictionId(4, 0));
        QCOMPARE(rows[2].id, store::predictionId(9, 0));
        QCOMPARE(rows[0].inputs, std::string("[1,2]"));
        QCOMPARE(rows[1].outputs, std::string("\"not json\""));
        QCOMPARE(rows[1].role, std::string("shadow"));
        QCOMPARE(rows[2].request, std::string("b\""));
        QCOMPARE(rows[2].row, 1);
        QCOMPARE(rows[2].latency, 9);
        QCOMPARE(scalar(**db, "SELECT first_prediction FROM drift_windows"),
                 store::predictionId(3, 0));
        QCOMPARE(scalar(**db, "SELECT last_prediction FROM drift_windows"),
                 store::predictionId(9, 0));
        // The window's own JSON, which the monitor reads back, too.
        QCOMPARE(scalar(**db, "SELECT results ->> '$.first_prediction' FROM drift_windows"),
                 store::predictionId(3, 0));
        QCOMPARE(scalar(**db, "SELECT results ->> '$.last_prediction' FROM drift_windows"),
                 store::predictionId(9, 0));
        QCOMPARE(scalar(**db, "SELECT results ->> '$.rows' FROM drift_windows"), 2);
        // New blocks come after the old rows.
        {
            auto tx = (*db)->begin().value();
            store::PredictionBlockWriter w(**db);
            MDECK_VERIFY_OK(w.add(entry(200, "c")));
            MDECK_VERIFY_OK(w.flush());
            MDECK_VERIFY_OK(tx.commit());
        }
        QCOMPARE(readAll(**db).back().id, store::predictionId(10, 0));
    }
};

QTEST_GUILESS_MAIN(tst_PredictionStore)
#include "tst_prediction_store.moc"
