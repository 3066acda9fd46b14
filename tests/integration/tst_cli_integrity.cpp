// What `mdeck` guarantees about trust: bundles carry a version and its
// history across workspaces and are refused when altered; altered artifacts
// and audit entries are found by `verify`; and who may do what is decided by
// workspace roles and tokens, never by the environment.

#include "mdeck_runner.h"

#include "core/auth/auth.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <memory>

using namespace mdeck::test;
using namespace Qt::StringLiterals;

class tst_CliIntegrity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void exportImport();
    void tamperedBundle_data();
    void tamperedBundle();
    void tamperedArtifact();
    void auditListAndVerify();
    void editedAuditEntry_data();
    void editedAuditEntry();
    void roles();
    void environmentDoesNotChangeActor();
    void badTokens_data();
    void badTokens();

private:
    MdeckRunner workspace(const QString &name = u"ws"_s);
    int registerModel(const MdeckRunner &cli, const QString &model);
    QString exportBundle(const MdeckRunner &cli, const QString &ref);

    std::unique_ptr<QTemporaryDir> m_tmp;
};

namespace {

QString login()
{
    return QString::fromStdString(mdeck::auth::osLogin());
}

// Offset of the content of `member` in a POSIX tar file, -1 when absent.
qsizetype tarMemberOffset(const QByteArray &tar, const QByteArray &member)
{
    qsizetype pos = 0;
    while (pos + 512 <= tar.size() && tar.at(pos) != '\0') {
        const QByteArray name = tar.mid(pos, 100).split('\0').first();
        const qsizetype size
            = tar.mid(pos + 124, 12).split('\0').first().trimmed().toLongLong(nullptr, 8);
        if (name == member)
            return pos + 512;
        pos += 512 + (size + 511) / 512 * 512;
    }
    return -1;
}

// Runs one SQL statement on a workspace database with the SQLite C API, as an attacker with file access would.
bool execSql(const QString &dbPath, const QByteArray &sql)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(dbPath.toUtf8().constData(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    char *error = nullptr;
    const bool ok = sqlite3_exec(db, sql.constData(), nullptr, nullptr, &error) == SQLITE_OK;
    if (!ok)
        qWarning("sqlite: %s", error);
    sqlite3_free(error);
    sqlite3_close(db);
    return ok;
}

} // namespace

void tst_CliIntegrity::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
}

MdeckRunner tst_CliIntegrity::workspace(const QString &name)
{
    MdeckRunner cli(m_tmp->filePath(name));
    const CliResult r = cli.run({u"init"_s});
    if (r.exitCode != 0)
        qWarning("mdeck init failed: %s", r.describe().constData());
    return cli;
}

int tst_CliIntegrity::registerModel(const MdeckRunner &cli, const QString &model)
{
    const CliResult r = cli.run({u"model"_s, u"register"_s, model, u"--artifact"_s, modelFile(),
                                 u"--signature"_s, signatureFile(), u"--metric"_s,
                                 u"accuracy=0.96"_s, u"--json"_s});
    if (r.exitCode != 0)
        qWarning("register failed: %s", r.describe().constData());
    return r.exitCode == 0 ? r.json().value(u"version"_s).toInt(-1) : -1;
}

QString tst_CliIntegrity::exportBundle(const MdeckRunner &cli, const QString &ref)
{
    const QString file = m_tmp->filePath(u"bundle.tar"_s);
    const CliResult r = cli.run({u"model"_s, u"export"_s, ref, file});
    if (r.exitCode != 0)
        qWarning("export failed: %s", r.describe().constData());
    return file;
}

void tst_CliIntegrity::exportImport()
{
    const MdeckRunner source = workspace(u"source"_s);
    QCOMPARE(registerModel(source, u"cancer"_s), 1);
    QCOMPARE(source.run({u"model"_s, u"alias"_s, u"cancer"_s, u"1"_s, u"champion"_s}).exitCode, 0);
    const QString bundle = exportBundle(source, u"cancer@champion"_s);
    QVERIFY(QFile::exists(bundle));
    // Never overwrites.
    CliResult r = source.run({u"model"_s, u"export"_s, u"cancer:1"_s, bundle});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already exists"), r.describe());

    const MdeckRunner target = workspace(u"target"_s);
    r = target.run({u"model"_s, u"import"_s, bundle, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(u"model"_s).toString(), u"cancer"_s);
    r = target.run({u"model"_s, u"import"_s, bundle, u"--as"_s, u"cancer-copy"_s});
    QVERIFY2(r.exitCode == 0, r.describe());

    const QJsonObject original = source.run({u"model"_s, u"show"_s, u"cancer:1"_s, u"--json"_s})
                                     .json();
    for (const QString &ref : {u"cancer:1"_s, u"cancer-copy:1"_s}) {
        const QJsonObject copy = target.run({u"model"_s, u"show"_s, ref, u"--json"_s}).json();
        QCOMPARE(copy.value(u"artifact"_s).toObject(), original.value(u"artifact"_s).toObject());
        QCOMPARE(copy.value(u"signature"_s).toObject(), original.value(u"signature"_s).toObject());
        QCOMPARE(copy.value(u"metrics"_s).toObject(), original.value(u"metrics"_s).toObject());
        QCOMPARE(copy.value(u"history"_s).toArray().last().toObject().value(u"action"_s).toString(),
                 u"version.import"_s);
    }
    r = target.run({u"audit"_s, u"list"_s, u"--action"_s, u"version.import"_s, u"--json"_s});
    const QJsonArray imports = r.json().value(u"entries"_s).toArray();
    QCOMPARE(imports.size(), 2);
    // The source's history travels inside the import entry.
    const QJsonObject origin
        = imports.at(0).toObject().value(u"details"_s).toObject().value(u"origin"_s).toObject();
    QVERIFY(!origin.value(u"audit"_s).toArray().isEmpty());
    QCOMPARE(target.run({u"verify"_s}).exitCode, 0);
    QCOMPARE(target.run({u"audit"_s, u"verify"_s}).exitCode, 0);
}

void tst_CliIntegrity::tamperedBundle_data()
{
    QTest::addColumn<QByteArray>("member");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QByteArray>("message");
    QTest::addRow("byte flipped in artifact")
        << QByteArray("artifact/breast_cancer_mlp.torchscript.pt") << 200
        << QByteArray("was altered");
    QTest::addRow("byte flipped in manifest")
        << QByteArray("manifest.json") << 30 << QByteArray("altered");
    QTest::addRow("byte flipped in manifest hash")
        << QByteArray("manifest.sha256") << 3 << QByteArray("altered");
}

void tst_CliIntegrity::tamperedBundle()
{
    QFETCH(QByteArray, member);
    QFETCH(int, offset);
    QFETCH(QByteArray, message);
    const MdeckRunner source = workspace(u"source"_s);
    QCOMPARE(registerModel(source, u"cancer"_s), 1);
    const QString bundle = exportBundle(source, u"cancer:1"_s);
    QByteArray tar = readBytes(bundle);
    const qsizetype start = tarMemberOffset(tar, member);
    QVERIFY2(start > 0, member.constData());
    tar[start + offset] = static_cast<char>(tar.at(start + offset) ^ 0x20);
    const QString bad = m_tmp->filePath(u"tampered.tar"_s);
    QVERIFY(writeBytes(bad, tar));

    const MdeckRunner target = workspace(u"target"_s);
    const QSet<QString> filesBefore = filesUnder(target.workspace() + u"/artifacts"_s);
    const CliResult r = target.run({u"model"_s, u"import"_s, bad});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.err.contains(message), r.describe());
    QCOMPARE(
        target.run({u"model"_s, u"list"_s, u"--json"_s}).json().value(u"models"_s).toArray().size(),
        0);
    QCOMPARE(filesUnder(target.workspace() + u"/artifacts"_s), filesBefore);
}

void tst_CliIntegrity::tamperedArtifact()
{
    const MdeckRunner cli = workspace();
    QCOMPARE(registerModel(cli, u"cancer"_s), 1);
    QCOMPARE(cli.run({u"verify"_s}).exitCode, 0);

    const QByteArray sha = sha256Of(modelFile());
    const QString stored = cli.workspace() + u"/artifacts/sha256/"_s
        + QString::fromLatin1(sha.left(2)) + u'/' + QString::fromLatin1(sha);
    QVERIFY(QFile::exists(stored));
    QFile::setPermissions(stored, QFile::ReadOwner | QFile::WriteOwner);
    QByteArray bytes = readBytes(stored);
    bytes[100] = static_cast<char>(bytes.at(100) ^ 0x01);
    QVERIFY(writeBytes(stored, bytes));
    const QByteArray altered = sha256Of(stored);

    const CliResult r = cli.run({u"verify"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.out.contains("version cancer:1"), r.describe());
    QVERIFY2(r.out.contains("breast_cancer_mlp.torchscript.pt"), r.describe());
    QVERIFY2(r.out.contains(sha), r.describe());
    QVERIFY2(r.out.contains(altered), r.describe());
    QVERIFY2(r.err.contains("mdeck: error: "), r.describe());
    const CliResult j = cli.run({u"verify"_s, u"--json"_s});
    QCOMPARE(j.exitCode, 1);
    QCOMPARE(j.json().value(u"ok"_s).toBool(), false);
    QCOMPARE(j.json().value(u"problems"_s).toArray().size(), 1);
    // Exporting an altered version is refused too.
    const CliResult e = cli.run(
        {u"model"_s, u"export"_s, u"cancer:1"_s, m_tmp->filePath(u"x.tar"_s)});
    QCOMPARE(e.exitCode, 1);
    QVERIFY2(e.err.contains("altered"), e.describe());
}

void tst_CliIntegrity::auditListAndVerify()
{
    const MdeckRunner cli = workspace();
    QCOMPARE(cli.run({u"model"_s, u"create"_s, u"cancer"_s}).exitCode, 0);
    QCOMPARE(registerModel(cli, u"cancer"_s), 1);
    CliResult r = cli.run({u"audit"_s, u"list"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("SEQ "));
    QVERIFY(r.out.contains("version.register") && r.out.contains("model.create")
            && r.out.contains("user.add"));

    r = cli.run({u"audit"_s, u"list"_s, u"--subject"_s, u"model:cancer"_s, u"--json"_s});
    QJsonArray entries = r.json().value(u"entries"_s).toArray();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.at(0).toObject().value(u"actor"_s).toString(), login());
    r = cli.run({u"audit"_s, u"list"_s, u"--limit"_s, u"2"_s, u"--json"_s});
    entries = r.json().value(u"entries"_s).toArray();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).toObject().value(u"seq"_s).toInt(), 3); // newest first

    r = cli.run({u"audit"_s, u"verify"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("3 entries checked"), r.describe());
}

void tst_CliIntegrity::editedAuditEntry_data()
{
    QTest::addColumn<QByteArray>("sql");
    QTest::addColumn<QByteArray>("message");
    QTest::addRow("actor edited") << QByteArray(
        "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
                                  << QByteArray(
                                         "audit entry #2 (model.create model:cancer by mallory");
    QTest::addRow("details edited") << QByteArray(
        "UPDATE audit_log SET details = replace(details, '0.96', '0.99') WHERE seq = 3")
                                    << QByteArray("audit entry #3 (version.register");
    QTest::addRow("entry deleted")
        << QByteArray("DELETE FROM audit_log WHERE seq = 2") << QByteArray("#2");
    QTest::addRow("last entry deleted")
        << QByteArray("DELETE FROM audit_log WHERE seq = 3") << QByteArray("#3");
}

void tst_CliIntegrity::editedAuditEntry()
{
    QFETCH(QByteArray, sql);
    QFETCH(QByteArray, message);
    const MdeckRunner cli = workspace();
    QCOMPARE(cli.run({u"model"_s, u"create"_s, u"cancer"_s}).exitCode, 0);
    QCOMPARE(registerModel(cli, u"cancer"_s), 1);
    QCOMPARE(cli.run({u"audit"_s, u"verify"_s}).exitCode, 0);

    QVERIFY(execSql(cli.workspace() + u"/modeldeck.db"_s, sql));
    CliResult r = cli.run({u"audit"_s, u"verify"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.err.startsWith("mdeck: error: "), r.describe());
    QVERIFY2(r.err.contains(message), r.describe());
    r = cli.run({u"verify"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.out.contains("audit log") && r.out.contains(message), r.describe());
}

void tst_CliIntegrity::roles()
{
    const MdeckRunner admin = workspace();
    QCOMPARE(admin.run({u"user"_s, u"add"_s, u"erin"_s, u"--role"_s, u"engineer"_s}).exitCode, 0);
    QCOMPARE(admin.run({u"user"_s, u"add"_s, u"vic"_s, u"--role"_s, u"viewer"_s}).exitCode, 0);
    CliResult r = admin.run(
        {u"token"_s, u"create"_s, u"--user"_s, u"erin"_s, u"--label"_s, u"ci"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.err.contains("only time the token is shown"), r.describe());
    const QString engineerToken = r.json().value(u"secret"_s).toString();
    QVERIFY(engineerToken.startsWith(u"mdk_"_s));
    r = admin.run({u"token"_s, u"create"_s, u"--user"_s, u"vic"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QString viewerToken = QString::fromUtf8(r.out.split('\n').value(1)).trimmed();
    QVERIFY2(viewerToken.startsWith(u"mdk_"_s), r.describe());
    // Secrets are never listed again.
    r = admin.run({u"token"_s, u"list"_s});
    QVERIFY(!r.out.contains(engineerToken.toUtf8()) && !r.out.contains(viewerToken.toUtf8()));
    QVERIFY(r.out.contains("erin") && r.out.contains("vic"));

    MdeckRunner viewer(admin.workspace());
    viewer.environment().insert(u"MODELDECK_TOKEN"_s, viewerToken);
    const QStringList reg = {u"model"_s,  u"register"_s,    u"cancer"_s,    u"--artifact"_s,
                             modelFile(), u"--signature"_s, signatureFile()};
    r = viewer.run(reg);
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.err.contains("user 'vic' (viewer) may not change models and versions"), r.describe());
    QCOMPARE(viewer.run({u"model"_s, u"list"_s}).exitCode, 0); // viewers read
    r = viewer.run({u"user"_s, u"add"_s, u"mallory"_s, u"--role"_s, u"admin"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("may not manage users"), r.describe());

    r = admin.run(QStringList{u"--token"_s, engineerToken} + reg + QStringList{u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(u"created_by"_s).toString(), u"erin"_s);
    r = admin.run({u"--token"_s, engineerToken, u"user"_s, u"role"_s, u"erin"_s, u"admin"_s});
    QCOMPARE(r.exitCode, 1);

    // The admin promotes the viewer; the same token now may register.
    QCOMPARE(admin.run({u"user"_s, u"role"_s, u"vic"_s, u"engineer"_s}).exitCode, 0);
    r = viewer.run(reg);
    QVERIFY2(r.exitCode == 0, r.describe());
    r = admin.run({u"user"_s, u"list"_s, u"--json"_s});
    QCOMPARE(r.json().value(u"users"_s).toArray().size(), 3);
}

void tst_CliIntegrity::environmentDoesNotChangeActor()
{
    const MdeckRunner admin = workspace();
    QCOMPARE(admin
                 .run({u"user"_s, u"add"_s, u"someoneelse"_s, u"--role"_s, u"viewer"_s,
                       u"--os-login"_s, u"someoneelse"_s})
                 .exitCode,
             0);
    MdeckRunner spoofed(admin.workspace());
    spoofed.environment().insert(u"USER"_s, u"someoneelse"_s);
    spoofed.environment().insert(u"LOGNAME"_s, u"someoneelse"_s);
    spoofed.environment().insert(u"HOME"_s, m_tmp->path());
    // Still the admin: $USER names a viewer, but the account of the process is the admin's.
    const CliResult r = spoofed.run({u"model"_s, u"create"_s, u"cancer"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const CliResult a = admin.run(
        {u"audit"_s, u"list"_s, u"--action"_s, u"model.create"_s, u"--json"_s});
    QCOMPARE(a.json().value(u"entries"_s).toArray().at(0).toObject().value(u"actor"_s).toString(),
             login());
    const CliResult u = spoofed.run({u"user"_s, u"list"_s, u"--json"_s});
    QCOMPARE(u.json().value(u"you"_s).toObject().value(u"name"_s).toString(), login());
}

void tst_CliIntegrity::badTokens_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QByteArray>("message");
    QTest::addRow("made up") << u"mdk_0123456789abcdef0123456789abcdef0123456789abcdef"_s
                             << QByteArray("not valid for this workspace");
    QTest::addRow("garbage") << u"hello world"_s << QByteArray("not valid");
    QTest::addRow("revoked") << u"REVOKED"_s << QByteArray("revoked");
}

void tst_CliIntegrity::badTokens()
{
    QFETCH(QString, token);
    QFETCH(QByteArray, message);
    const MdeckRunner admin = workspace();
    if (token == u"REVOKED"_s) {
        CliResult r = admin.run({u"token"_s, u"create"_s, u"--json"_s});
        token = r.json().value(u"secret"_s).toString();
        const int id = r.json().value(u"id"_s).toInt();
        QCOMPARE(admin.run({u"token"_s, u"revoke"_s, QString::number(id)}).exitCode, 0);
    }
    // Refused for writing and for reading: a bad token never falls back to the OS account.
    for (const QStringList &args :
         {QStringList{u"model"_s, u"create"_s, u"cancer"_s}, QStringList{u"model"_s, u"list"_s}}) {
        const CliResult r = admin.run(QStringList{u"--token"_s, token} + args);
        QVERIFY2(r.exitCode == 1, r.describe());
        QVERIFY2(r.err.contains(message), r.describe());
    }
    QCOMPARE(
        admin.run({u"model"_s, u"list"_s, u"--json"_s}).json().value(u"models"_s).toArray().size(),
        0);
}

QTEST_GUILESS_MAIN(tst_CliIntegrity)
#include "tst_cli_integrity.moc"
