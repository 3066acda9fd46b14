#include "deploy_fixture.h"

#include "core/common/text.h"
#include "core/deploy/deploy_json.h"

using namespace mdeck;
using deploy::CandidateMode;
using deploy::NewDeployment;

class tst_DeploymentStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createListGet();
    void createByAlias();
    void createRefusesViewer();
    void createRefusesBadInput_data();
    void createRefusesBadInput();
    void duplicateNameConflicts();
    void createdEventAndAudit();
    void servedAtBeforeCreation();
    void timePoints_data();
    void timePoints();
    void jsonShapes();
};

void tst_DeploymentStore::createListGet()
{
    test::DeployFixture f;
    const auto g0 = f.deployments.generation().value();
    const auto d = f.createDeployment("iris-prod", 2);
    QCOMPARE(d.name, std::string("iris-prod"));
    QCOMPARE(d.model, std::string("iris"));
    QCOMPARE(d.stableVersion, 2);
    QVERIFY(d.stableVersionId > 0);
    QVERIFY(!d.candidateVersion);
    QCOMPARE(d.candidateMode, CandidateMode::None);
    QCOMPARE(d.canaryPercent, 0);
    QCOMPARE(d.maxBatchSize, 32);
    QCOMPARE(d.maxQueueDelayUs, std::int64_t(2000));
    QCOMPARE(d.createdBy, std::string("eng"));
    QVERIFY(f.deployments.generation().value() > g0);

    f.createDeployment("iris-eu", 1);
    const auto all = f.deployments.list().value();
    QCOMPARE(all.size(), std::size_t(2));
    QCOMPARE(all[0].name, std::string("iris-eu"));
    QCOMPARE(f.deployments.get("iris-prod")->stableVersion, 2);
    QCOMPARE(f.deployments.get("nope").error().code, ErrorCode::NotFound);
}

void tst_DeploymentStore::createByAlias()
{
    test::DeployFixture f;
    MDECK_VERIFY_OK(f.reg.setAlias(f.s.admin, "iris", "champion", 3));
    NewDeployment nd;
    nd.name = "iris-prod";
    nd.model = "iris";
    nd.alias = "champion";
    nd.maxBatchSize = 8;
    nd.maxQueueDelayUs = 500;
    const auto d = f.deployments.create(f.engineer, nd).value();
    QCOMPARE(d.stableVersion, 3);
    QCOMPARE(d.maxBatchSize, 8);
    QCOMPARE(d.maxQueueDelayUs, std::int64_t(500));
}

void tst_DeploymentStore::createRefusesViewer()
{
    test::DeployFixture f;
    NewDeployment nd;
    nd.name = "iris-prod";
    nd.model = "iris";
    nd.version = 1;
    QCOMPARE(f.deployments.create(f.viewer, nd).error().code, ErrorCode::PermissionDenied);
    QVERIFY(f.deployments.list()->empty());
}

void tst_DeploymentStore::createRefusesBadInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("version");
    QTest::addColumn<int>("batch");
    QTest::addColumn<qint64>("delay");
    QTest::addColumn<int>("code");
    const int invalid = static_cast<int>(ErrorCode::InvalidArgument);
    QTest::addRow("empty name") << QString() << 1 << 32 << qint64(10) << invalid;
    QTest::addRow("upper case") << QStringLiteral("Iris") << 1 << 32 << qint64(10) << invalid;
    QTest::addRow("slash") << QStringLiteral("a/b") << 1 << 32 << qint64(10) << invalid;
    QTest::addRow("path traversal") << QStringLiteral("..") << 1 << 32 << qint64(10) << invalid;
    QTest::addRow("too long") << QString(65, QLatin1Char('a')) << 1 << 32 << qint64(10) << invalid;
    QTest::addRow("control char") << QStringLiteral("a\nb") << 1 << 32 << qint64(10) << invalid;
    QTest::addRow("zero batch") << QStringLiteral("ok") << 1 << 0 << qint64(10) << invalid;
    QTest::addRow("huge batch") << QStringLiteral("ok") << 1 << 5000 << qint64(10) << invalid;
    QTest::addRow("negative delay") << QStringLiteral("ok") << 1 << 32 << qint64(-1) << invalid;
    QTest::addRow("huge delay") << QStringLiteral("ok") << 1 << 32 << qint64(20'000'000) << invalid;
    QTest::addRow("missing version")
        << QStringLiteral("ok") << 9 << 32 << qint64(10) << static_cast<int>(ErrorCode::NotFound);
}

void tst_DeploymentStore::createRefusesBadInput()
{
    QFETCH(QString, name);
    QFETCH(int, version);
    QFETCH(int, batch);
    QFETCH(qint64, delay);
    QFETCH(int, code);
    test::DeployFixture f;
    NewDeployment nd;
    nd.name = name.toStdString();
    nd.model = "iris";
    nd.version = version;
    nd.maxBatchSize = batch;
    nd.maxQueueDelayUs = delay;
    auto r = f.deployments.create(f.engineer, nd);
    QVERIFY(!r);
    QCOMPARE(static_cast<int>(r.error().code), code);
    QVERIFY(!r.error().message.empty());
    QVERIFY(f.deployments.list()->empty());
}

void tst_DeploymentStore::duplicateNameConflicts()
{
    test::DeployFixture f;
    f.createDeployment();
    NewDeployment nd;
    nd.name = "iris-prod";
    nd.model = "iris";
    nd.version = 2;
    QCOMPARE(f.deployments.create(f.engineer, nd).error().code, ErrorCode::Conflict);
    QCOMPARE(f.deployments.get("iris-prod")->stableVersion, 1);
}

void tst_DeploymentStore::createdEventAndAudit()
{
    test::DeployFixture f;
    f.createDeployment();
    const auto events = f.deployments.events("iris-prod").value();
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].kind, deploy::EventKind::Created);
    QCOMPARE(events[0].stableVersion, 1);
    QCOMPARE(events[0].actor, std::string("eng"));
    auth::AuditQuery q;
    q.subjectPrefix = "deployment:iris-prod";
    const auto audit = auth::AuditLog::list(f.s.ws->db(), q).value();
    QCOMPARE(audit.size(), std::size_t(1));
    QCOMPARE(audit[0].action, std::string("deployment.create"));
    QVERIFY(auth::AuditLog::verify(f.s.ws->db())->ok);
}

void tst_DeploymentStore::servedAtBeforeCreation()
{
    test::DeployFixture f;
    const auto d = f.createDeployment();
    QCOMPARE(f.deployments.servedAt("iris-prod", d.createdAt - 1000).error().code,
             ErrorCode::NotFound);
    const auto now = f.deployments.servedAt("iris-prod", nowMillis() + 1000).value();
    QCOMPARE(now.shares.size(), std::size_t(1));
    QCOMPARE(now.shares[0].version, 1);
    QCOMPARE(now.shares[0].trafficPercent, 100);
}

void tst_DeploymentStore::timePoints_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms"); // -1: refused
    QTest::addRow("date") << "2026-11-24" << qint64(1795478400000);
    QTest::addRow("minutes") << "2026-11-24T14:30" << qint64(1795530600000);
    QTest::addRow("seconds Z") << "2026-11-24T14:30:05Z" << qint64(1795530605000);
    QTest::addRow("millis") << "2026-11-24T14:30:05.250Z" << qint64(1795530605250);
    QTest::addRow("space separator") << "2026-11-24 14:30" << qint64(1795530600000);
    QTest::addRow("epoch ms") << "1795530605250" << qint64(1795530605250);
    QTest::addRow("empty") << "" << qint64(-1);
    QTest::addRow("words") << "last tuesday" << qint64(-1);
    QTest::addRow("month 13") << "2026-13-01" << qint64(-1);
    QTest::addRow("hour 25") << "2026-11-24T25:00" << qint64(-1);
    QTest::addRow("offset") << "2026-11-24T14:30+02:00" << qint64(-1);
    QTest::addRow("trailing junk") << "2026-11-24Tx" << qint64(-1);
    QTest::addRow("huge number") << "99999999999999999999" << qint64(-1);
    QTest::addRow("before 1970") << "1969-12-31" << qint64(-1);
    QTest::addRow("control char") << QStringLiteral("2026-11-24\n") << qint64(-1);
}

void tst_DeploymentStore::timePoints()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    auto t = deploy::parseTimePoint(text.toStdString());
    if (ms < 0) {
        QVERIFY(!t);
        QCOMPARE(t.error().code, ErrorCode::InvalidArgument);
    } else {
        MDECK_VERIFY_OK(t);
        QCOMPARE(*t, std::int64_t(ms));
    }
}

void tst_DeploymentStore::jsonShapes()
{
    test::DeployFixture f;
    const auto d = f.createDeployment();
    const Json j = deploy::deploymentJson(d);
    for (const char *key : {"name", "model", "stable_version", "candidate_version", "candidate_mode",
                            "canary_percent", "max_batch_size", "max_queue_delay_us"})
        QVERIFY2(j.contains(key), key);
    QVERIFY(j["candidate_version"].is_null());
    const auto events = f.deployments.events("iris-prod").value();
    QCOMPARE(deploy::eventJson(events[0])["kind"].get<std::string>(), std::string("created"));
}

QTEST_GUILESS_MAIN(tst_DeploymentStore)
#include "tst_deployment_store.moc"
