// `mdeck deploy …` and `mdeck rollout …` end to end: the real binary, a real
// workspace, and several users acting through their own API tokens.

#include "mdeck_runner.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mdeck::test;
using namespace Qt::StringLiterals;

class tst_CliDeploy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void createRequestApprovePromoteRollback();
    void refusals();
    void usageErrors_data();
    void usageErrors();
    void planFileErrorsNameTheLine();

private:
    // Runs as the user owning `token` ("" = this process's account, the admin).
    CliResult as(const QString &token, QStringList args) const;
    QString tokenFor(const QString &user, const QString &role);

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<MdeckRunner> m_cli;
    QString m_engineer;
    QString m_manager;
    QString m_viewer;
};

CliResult tst_CliDeploy::as(const QString &token, QStringList args) const
{
    if (!token.isEmpty())
        args.prepend(token), args.prepend(u"--token"_s);
    return m_cli->run(args);
}

QString tst_CliDeploy::tokenFor(const QString &user, const QString &role)
{
    const CliResult add = m_cli->run({u"user"_s, u"add"_s, user, u"--role"_s, role});
    if (add.exitCode != 0)
        qWarning("user add failed: %s", add.describe().constData());
    const CliResult t = m_cli->run({u"token"_s, u"create"_s, u"--user"_s, user, u"--json"_s});
    return t.json().value(u"secret"_s).toString();
}

void tst_CliDeploy::initTestCase()
{
    QVERIFY2(QFile::exists(mdeckBinary()), qPrintable(mdeckBinary()));
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_cli = std::make_unique<MdeckRunner>(m_tmp->filePath(u"ws"_s));
    QCOMPARE(m_cli->run({u"init"_s}).exitCode, 0);
    for (int v = 1; v <= 2; ++v) {
        const QString artifact = m_tmp->filePath(u"model%1.bin"_s.arg(v));
        QVERIFY(writeBytes(artifact, "model bytes " + QByteArray::number(v)));
        const CliResult r = m_cli->run({u"model"_s, u"register"_s, u"iris"_s, u"--artifact"_s,
                                        artifact, u"--format"_s, u"file"_s, u"--signature"_s,
                                        signatureFile(), u"--metric"_s, u"accuracy=0.9%1"_s.arg(v)});
        QVERIFY2(r.exitCode == 0, r.describe().constData());
    }
    m_engineer = tokenFor(u"eng"_s, u"engineer"_s);
    m_manager = tokenFor(u"rm"_s, u"release-manager"_s);
    m_viewer = tokenFor(u"vera"_s, u"viewer"_s);
    QVERIFY(!m_engineer.isEmpty() && !m_manager.isEmpty() && !m_viewer.isEmpty());
}

void tst_CliDeploy::createRequestApprovePromoteRollback()
{
    CliResult r = as(m_engineer,
                     {u"deploy"_s, u"create"_s, u"iris-prod"_s, u"--model"_s, u"iris"_s,
                      u"--version"_s, u"1"_s, u"--max-batch"_s, u"16"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QCOMPARE(r.json().value(u"max_batch_size"_s).toInt(), 16);

    r = as(m_engineer,
           {u"rollout"_s, u"request"_s, u"iris-prod"_s, u"--version"_s, u"2"_s, u"--steps"_s,
            u"10,100"_s, u"--bake"_s, u"30s"_s, u"--comment"_s, u"better accuracy"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QString id = QString::number(r.json().value(u"id"_s).toInt());
    QCOMPARE(r.json().value(u"state"_s).toString(), u"requested"_s);
    QVERIFY(r.json().value(u"evidence"_s).toObject().contains(u"metrics"_s));

    r = as(m_engineer, {u"rollout"_s, u"approve"_s, id, u"--comment"_s, u"mine"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("may not approve rollouts"), r.err.constData());

    r = as(m_manager, {u"rollout"_s, u"approve"_s, id, u"--comment"_s, u"evidence is fine"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());

    r = as(m_viewer, {u"deploy"_s, u"show"_s, u"iris-prod"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QCOMPARE(r.json().value(u"candidate_version"_s).toInt(), 2);
    QCOMPARE(r.json().value(u"canary_percent"_s).toInt(), 10);
    QCOMPARE(r.json().value(u"rollout"_s).toObject().value(u"state"_s).toString(), u"running"_s);

    r = as(m_viewer, {u"rollout"_s, u"status"_s, u"iris-prod"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QVERIFY2(r.out.contains("step:") && r.out.contains("started"), r.out.constData());

    r = as(m_viewer, {u"rollout"_s, u"pause"_s, u"iris-prod"_s, u"--comment"_s, u"x"_s});
    QCOMPARE(r.exitCode, 1);

    r = as(m_manager, {u"rollout"_s, u"promote"_s, u"iris-prod"_s, u"--comment"_s, u"go"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    r = as({}, {u"deploy"_s, u"list"_s, u"--json"_s});
    const QJsonObject d = r.json().value(u"deployments"_s).toArray().at(0).toObject();
    QCOMPARE(d.value(u"stable_version"_s).toInt(), 2);
    QCOMPARE(d.value(u"previous_stable_version"_s).toInt(), 1);

    r = as(m_manager,
           {u"rollout"_s, u"rollback"_s, u"iris-prod"_s, u"--comment"_s, u"v2 misbehaves"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    r = as({}, {u"deploy"_s, u"history"_s, u"iris-prod"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QStringList kinds;
    for (const auto &e : r.json().value(u"events"_s).toArray())
        kinds << e.toObject().value(u"kind"_s).toString();
    QCOMPARE(kinds,
             (QStringList{u"created"_s, u"requested"_s, u"approved"_s, u"started"_s, u"promoted"_s,
                          u"rolled-back"_s}));

    r = as({}, {u"deploy"_s, u"history"_s, u"iris-prod"_s, u"--at"_s, u"2099-01-01"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QJsonArray shares = r.json().value(u"shares"_s).toArray();
    QCOMPARE(shares.size(), 1);
    QCOMPARE(shares.at(0).toObject().value(u"version"_s).toInt(), 1);

    r = as({}, {u"audit"_s, u"verify"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
}

void tst_CliDeploy::refusals()
{
    CliResult r = as(m_viewer,
                     {u"deploy"_s, u"create"_s, u"viewer-dep"_s, u"--model"_s, u"iris"_s,
                      u"--version"_s, u"1"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("mdeck: error:"), r.err.constData());

    r = as({},
           {u"deploy"_s, u"create"_s, u"self"_s, u"--model"_s, u"iris"_s, u"--version"_s, u"1"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    r = as({},
           {u"rollout"_s, u"request"_s, u"self"_s, u"--version"_s, u"2"_s, u"--comment"_s,
            u"mine"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QString id = QString::number(r.json().value(u"id"_s).toInt());
    r = as({}, {u"rollout"_s, u"approve"_s, id, u"--comment"_s, u"self"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("another release manager"), r.err.constData());

    r = as({}, {u"deploy"_s, u"show"_s, u"nope"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no deployment named 'nope'"), r.err.constData());
    r = as({}, {u"deploy"_s, u"history"_s, u"self"_s, u"--at"_s, u"last tuesday"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("must look like"), r.err.constData());
    r = as({},
           {u"rollout"_s, u"request"_s, u"self"_s, u"--version"_s, u"2"_s, u"--steps"_s, u"50,10"_s,
            u"--comment"_s, u"x"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("must increase"), r.err.constData());
}

void tst_CliDeploy::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("bad deployment name")
        << QStringList{u"deploy"_s, u"create"_s,    u"Bad/Name"_s, u"--model"_s,
                       u"iris"_s,   u"--version"_s, u"1"_s};
    QTest::addRow("no version nor alias")
        << QStringList{u"deploy"_s, u"create"_s, u"x"_s, u"--model"_s, u"iris"_s};
    QTest::addRow("version and alias")
        << QStringList{u"deploy"_s,    u"create"_s, u"x"_s,       u"--model"_s, u"iris"_s,
                       u"--version"_s, u"1"_s,      u"--alias"_s, u"champion"_s};
    QTest::addRow("batch too large")
        << QStringList{u"deploy"_s,    u"create"_s, u"x"_s,           u"--model"_s, u"iris"_s,
                       u"--version"_s, u"1"_s,      u"--max-batch"_s, u"100000"_s};
    QTest::addRow("missing comment")
        << QStringList{u"rollout"_s, u"request"_s, u"x"_s, u"--version"_s, u"2"_s};
    QTest::addRow("empty comment")
        << QStringList{u"rollout"_s, u"approve"_s, u"1"_s, u"--comment"_s, QString()};
    QTest::addRow("bad steps") << QStringList{u"rollout"_s,   u"request"_s,   u"x"_s,
                                              u"--version"_s, u"2"_s,         u"--steps"_s,
                                              u"10,abc"_s,    u"--comment"_s, u"c"_s};
    QTest::addRow("bad bake") << QStringList{u"rollout"_s,   u"request"_s,   u"x"_s,
                                             u"--version"_s, u"2"_s,         u"--bake"_s,
                                             u"soon"_s,      u"--comment"_s, u"c"_s};
    QTest::addRow("bad mode") << QStringList{u"rollout"_s,   u"request"_s,   u"x"_s,
                                             u"--version"_s, u"2"_s,         u"--mode"_s,
                                             u"yolo"_s,      u"--comment"_s, u"c"_s};
    QTest::addRow("error rate above 1")
        << QStringList{u"rollout"_s,          u"request"_s, u"x"_s,         u"--version"_s, u"2"_s,
                       u"--max-error-rate"_s, u"2"_s,       u"--comment"_s, u"c"_s};
}

void tst_CliDeploy::usageErrors()
{
    QFETCH(QStringList, args);
    const CliResult r = m_cli->run(args);
    QVERIFY2(r.exitCode == 2, r.describe().constData());
    QVERIFY2(r.err.startsWith("mdeck: error:"), r.err.constData());
}

void tst_CliDeploy::planFileErrorsNameTheLine()
{
    CliResult r = as({},
                     {u"deploy"_s, u"create"_s, u"planned"_s, u"--model"_s, u"iris"_s,
                      u"--version"_s, u"1"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    const QString plan = m_tmp->filePath(u"plan.yaml"_s);
    QVERIFY(writeBytes(plan, "steps:\n  - percent: 10\n    bake: 1m\n  - percent: 101\n"));
    r = as(m_engineer,
           {u"rollout"_s, u"request"_s, u"planned"_s, u"--version"_s, u"2"_s, u"--plan"_s, plan,
            u"--comment"_s, u"c"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("plan.yaml:4:"), r.err.constData());
    QVERIFY(writeBytes(plan,
                       "steps:\n  - percent: 20\n    bake: 2m\nthresholds:\n"
                       "  min_requests: 5\n"));
    r = as(m_engineer,
           {u"rollout"_s, u"request"_s, u"planned"_s, u"--version"_s, u"2"_s, u"--plan"_s, plan,
            u"--comment"_s, u"c"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe().constData());
    QCOMPARE(r.json().value(u"plan_summary"_s).toString(), u"20% 2m"_s);
    // A hostile plan file is refused, and nothing was requested.
    r = as(m_engineer,
           {u"rollout"_s, u"request"_s, u"planned"_s, u"--version"_s, u"2"_s, u"--plan"_s,
            dataFile(u"hostile/plan/deep-nesting.yaml"_s), u"--comment"_s, u"c"_s});
    QCOMPARE(r.exitCode, 1);
}

QTEST_GUILESS_MAIN(tst_CliDeploy)
#include "tst_cli_deploy.moc"
