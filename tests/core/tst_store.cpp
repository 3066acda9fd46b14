#include "test_support.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/store/schema.h"

#include <sqlite3.h>

#include <thread>

using namespace mdeck;

namespace {

void rawExec(const std::string &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK)
        qWarning("%s", err);
    sqlite3_free(err);
    sqlite3_close(db);
    QCOMPARE(rc, SQLITE_OK);
}

std::int64_t scalar(store::Database &db, const char *sql)
{
    auto tx = db.beginRead();
    auto st = db.prepare(sql);
    if (!st || !st->step())
        return -1;
    return st->int64(0);
}

} // namespace

class tst_Store : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void createsWorkspaceLayout()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/new/ws";
        auto ws = store::Workspace::create(path);
        MDECK_VERIFY_OK(ws);
        QVERIFY(fileExists(path + "/modeldeck.db"));
        QVERIFY(QFileInfo(QString::fromStdString(path + "/artifacts")).isDir());
        store::Database &db = (*ws)->db();
        QCOMPARE(db.schemaVersion(), store::Database::latestSchemaVersion());
        QCOMPARE(scalar(db, "PRAGMA application_id"), std::int64_t(store::Database::kApplicationId));
        QCOMPARE(scalar(db, "PRAGMA foreign_keys"), std::int64_t(1));
        auto tx = db.beginRead();
        auto st = db.prepare("PRAGMA journal_mode");
        QVERIFY(st && st->step().value());
        QCOMPARE(QString::fromStdString(st->text(0)), QStringLiteral("wal"));
        QCOMPARE((*ws)->id().size(), std::size_t(32));
    }

    void reopenKeepsIdentity()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        std::string id;
        {
            auto ws = store::Workspace::create(path);
            MDECK_VERIFY_OK(ws);
            id = (*ws)->id();
        }
        auto again = store::Workspace::open(path);
        MDECK_VERIFY_OK(again);
        QCOMPARE((*again)->id(), id);
    }

    void openRefusesFolderWithoutDatabase()
    {
        QTemporaryDir dir;
        auto ws = store::Workspace::open(dir.path().toStdString());
        QVERIFY(!ws);
        QCOMPARE(ws.error().code, ErrorCode::NotFound);
        QVERIFY(ws.error().message.find("not a ModelDeck workspace") != std::string::npos);
        QVERIFY(!fileExists(dir.path().toStdString() + "/modeldeck.db"));
        auto missing = store::Workspace::open(dir.path().toStdString() + "/nope");
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void migratesFromEveryOlderVersion_data()
    {
        QTest::addColumn<int>("from");
        for (int v = 0; v < store::Database::latestSchemaVersion(); ++v)
            QTest::addRow("from schema %d", v) << v;
    }

    void migratesFromEveryOlderVersion()
    {
        QFETCH(int, from);
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/modeldeck.db";
        {
            store::OpenOptions opts;
            opts.create = true;
            opts.migrateTo = from;
            auto db = store::Database::open(path, opts);
            MDECK_VERIFY_OK(db);
            QCOMPARE((*db)->schemaVersion(), from);
            if (from >= 1) {
                auto tx = (*db)->begin();
                auto st = (*db)->prepare("INSERT INTO users(name, role, created_at, created_by) "
                                         "VALUES ('ada', 'admin', 1, 'test')");
                MDECK_VERIFY_OK(st->run());
                MDECK_VERIFY_OK(tx->commit());
            }
        }
        store::OpenOptions opts;
        auto db = store::Database::open(path, opts);
        MDECK_VERIFY_OK(db);
        QCOMPARE((*db)->schemaVersion(), store::Database::latestSchemaVersion());
        if (from >= 1)
            QCOMPARE(scalar(**db, "SELECT count(*) FROM users WHERE name = 'ada'"), std::int64_t(1));
        QCOMPARE(scalar(**db, "SELECT count(*) FROM models"), std::int64_t(0));
    }

    void migrationsAreNumberedInOrder()
    {
        int expected = 1;
        for (const auto &m : store::migrations())
            QCOMPARE(m.version, expected++);
    }

    void refusesNewerSchemaWithoutTouchingIt()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        {
            QVERIFY(store::Workspace::create(path).ok());
        }
        const std::string dbPath = path + "/modeldeck.db";
        const std::string sql = "PRAGMA user_version = "
            + std::to_string(store::Database::latestSchemaVersion() + 1);
        rawExec(dbPath, sql.c_str());
        const auto before = sha256File(dbPath).value().sha256;
        auto ws = store::Workspace::open(path);
        QVERIFY(!ws);
        QCOMPARE(ws.error().code, ErrorCode::Unsupported);
        QVERIFY2(ws.error().message.find("newer ModelDeck") != std::string::npos,
                 ws.error().message.c_str());
        QCOMPARE(sha256File(dbPath).value().sha256, before);
    }

    void refusesCorruptOrForeignFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("foreignSqlite");
        QTest::addRow("text file") << QByteArray("hello, this is not a database\n") << false;
        QTest::addRow("short garbage") << QByteArray("SQLite") << false;
        QTest::addRow("zip header")
            << QByteArray("PK\x03\x04 some zip bytes padding padding", 36) << false;
        QByteArray truncated("SQLite format 3\0", 16);
        truncated.append(QByteArray(84, '\xff'));
        QTest::addRow("sqlite header then garbage") << truncated << false;
        QTest::addRow("another program's database") << QByteArray() << true;
    }

    void refusesCorruptOrForeignFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, foreignSqlite);
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        const std::string dbPath = path + "/modeldeck.db";
        if (foreignSqlite) {
            rawExec(dbPath, "CREATE TABLE songs(title TEXT); INSERT INTO songs VALUES ('x');");
        } else {
            QFile f(QString::fromStdString(dbPath));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const auto before = sha256File(dbPath).value();
        auto ws = store::Workspace::open(path);
        QVERIFY(!ws);
        QCOMPARE(ws.error().code, ErrorCode::Integrity);
        QVERIFY2(ws.error().message.find("left untouched") != std::string::npos,
                 ws.error().message.c_str());
        auto created = store::Workspace::create(path);
        QVERIFY(!created);
        const auto after = sha256File(dbPath).value();
        QCOMPARE(after.sha256, before.sha256);
        QCOMPARE(after.size, before.size);
    }

    void transactionRollsBackUnlessCommitted()
    {
        test::ScratchWorkspace s;
        store::Database &db = s.ws->db();
        {
            auto tx = db.begin();
            MDECK_VERIFY_OK(tx);
            auto st = db.prepare("INSERT INTO meta(key, value) VALUES ('probe', 'x')");
            MDECK_VERIFY_OK(st->run());
        }
        QCOMPARE(scalar(db, "SELECT count(*) FROM meta WHERE key = 'probe'"), std::int64_t(0));
        {
            auto tx = db.begin();
            auto st = db.prepare("INSERT INTO meta(key, value) VALUES ('probe', 'x')");
            MDECK_VERIFY_OK(st->run());
            MDECK_VERIFY_OK(tx->commit());
        }
        QCOMPARE(scalar(db, "SELECT count(*) FROM meta WHERE key = 'probe'"), std::int64_t(1));
    }

    void readOnlyRefusesWrites()
    {
        test::ScratchWorkspace s;
        auto ro = store::Workspace::open(s.ws->dir(), true);
        MDECK_VERIFY_OK(ro);
        auto tx = (*ro)->db().begin();
        QVERIFY(!tx);
        QCOMPARE(tx.error().code, ErrorCode::PermissionDenied);
    }

    void concurrentWritersBothSucceed()
    {
        test::ScratchWorkspace s;
        const std::string dir = s.ws->dir();
        constexpr int kPerWriter = 150;
        std::atomic<int> failures{0};
        auto writer = [&](int id) {
            auto ws = store::Workspace::open(dir);
            if (!ws) {
                ++failures;
                return;
            }
            for (int i = 0; i < kPerWriter; ++i) {
                auto tx = (*ws)->db().begin();
                if (!tx) {
                    ++failures;
                    continue;
                }
                auto st = (*ws)->db().prepare("INSERT INTO meta(key, value) VALUES (?1, 'v')");
                st->bind(1, "w" + std::to_string(id) + "-" + std::to_string(i));
                if (!st->run() || !tx->commit())
                    ++failures;
            }
        };
        std::int64_t seenWhileWriting = 0;
        std::thread a(writer, 1);
        std::thread b(writer, 2);
        {
            // A third connection reads while the writers run: it sees only committed rows.
            auto reader = store::Workspace::open(dir);
            MDECK_VERIFY_OK(reader);
            for (int i = 0; i < 20; ++i) {
                const auto n = scalar((*reader)->db(),
                                      "SELECT count(*) FROM meta WHERE key GLOB 'w[12]-*'");
                QVERIFY(n >= seenWhileWriting);
                seenWhileWriting = n;
            }
        }
        a.join();
        b.join();
        QCOMPARE(failures.load(), 0);
        auto reader = store::Workspace::open(dir);
        QCOMPARE(scalar((*reader)->db(), "SELECT count(*) FROM meta WHERE key GLOB 'w[12]-*'"),
                 std::int64_t(2 * kPerWriter));
    }

    void integrityCheckPassesOnHealthyDatabase()
    {
        test::ScratchWorkspace s;
        MDECK_VERIFY_OK(s.ws->db().checkIntegrity());
    }
};

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
