// EngineBridge against real workspaces: every answer comes back as a signal,
// refusals come back as failed() with core's message, stale answers are
// dropped, and a signature is checked before anything is written.

#include "workspace_fixture.h"

#include "ui/engine_bridge.h"
#include "ui/resources.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 30000;

// Opens `path` and waits for the answer.
bool openAndWait(EngineBridge &bridge, const QString &path)
{
    QSignalSpy opened(&bridge, &EngineBridge::workspaceOpened);
    bridge.openWorkspace(path);
    return opened.wait(kTimeout) || opened.count() == 1;
}

RegistrationRequest request(const QString &model, const QString &signature)
{
    RegistrationRequest r;
    r.version.model = model.toStdString();
    r.version.format = "torchscript";
    r.version.artifactPath = test::modelFile().toStdString();
    r.version.metrics = {{"accuracy", 0.97}};
    r.signatureFile = signature;
    return r;
}

} // namespace

class tst_EngineBridge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        initResources();
        QVERIFY(m_fixture.create());
    }

    void openMissingWorkspaceFails()
    {
        EngineBridge bridge;
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        const quint64 ticket = bridge.openWorkspace(m_fixture.scratch()
                                                    + QStringLiteral("/nothing-here"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeout);
        QCOMPARE(failed.first().at(0).toULongLong(), ticket);
        QCOMPARE(failed.first().at(1).toString(), QStringLiteral("open"));
        QVERIFY(!failed.first().at(2).toString().isEmpty());
        QVERIFY(!bridge.hasWorkspace());
        QVERIFY(!bridge.may(auth::Permission::Read));
    }

    void requestsWithoutWorkspaceFail()
    {
        EngineBridge bridge;
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        const quint64 ticket = bridge.loadModels();
        QCOMPARE(failed.count(), 0); // answered later, so the caller can keep the ticket first
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(0).toULongLong(), ticket);
    }

    void loadsModelsVersionsAndDetails()
    {
        EngineBridge bridge;
        QSignalSpy busy(&bridge, &EngineBridge::busyChanged);
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QVERIFY(bridge.hasWorkspace());
        QCOMPARE(bridge.workspacePath(), m_fixture.path());
        QVERIFY(!bridge.workspaceId().isEmpty());
        QCOMPARE(bridge.actor().role, auth::Role::Admin);
        QVERIFY(bridge.may(auth::Permission::ManageModels));
        QVERIFY(bridge.whyNot(auth::Permission::ManageModels).isEmpty());
        QVERIFY(busy.count() >= 2);
        QCOMPARE(busy.first().first().toBool(), true);
        QCOMPARE(busy.last().first().toBool(), false);

        std::vector<registry::Model> models;
        connect(&bridge, &EngineBridge::modelsLoaded, this,
                [&](quint64, const std::vector<registry::Model> &m) { models = m; });
        bridge.loadModels();
        QTRY_COMPARE_WITH_TIMEOUT(models.size(), std::size_t(3), kTimeout);
        QCOMPARE(models[0].name, std::string("breast-cancer"));

        VersionList versions;
        connect(&bridge, &EngineBridge::versionsLoaded, this,
                [&](quint64, const VersionList &l) { versions = l; });
        registry::VersionQuery query;
        query.model = "breast-cancer";
        bridge.loadVersions(query);
        QTRY_COMPARE_WITH_TIMEOUT(versions.rows.size(), std::size_t(2), kTimeout);
        QCOMPARE(versions.total, 2);

        VersionDetails details;
        connect(&bridge, &EngineBridge::versionLoaded, this,
                [&](quint64, const VersionDetails &d) { details = d; });
        bridge.loadVersion(QStringLiteral("breast-cancer"), 1);
        QTRY_COMPARE_WITH_TIMEOUT(details.version.version, 1, kTimeout);
        QCOMPARE(details.version.aliases, std::vector<std::string>{"champion"});
        QVERIFY(!details.history.empty());
        QCOMPARE(details.version.signature.inputs.at(0).features.size(), std::size_t(30));

        VersionComparison comparison;
        connect(&bridge, &EngineBridge::comparisonLoaded, this,
                [&](quint64, const VersionComparison &c) { comparison = c; });
        bridge.compareVersions(QStringLiteral("breast-cancer"), 1, 2);
        QTRY_COMPARE_WITH_TIMEOUT(comparison.right.version, 2, kTimeout);
        QCOMPARE(comparison.left.params.at("lr"), std::string("0.01"));
    }

    void staleAnswersAreDropped()
    {
        EngineBridge bridge;
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QSignalSpy models(&bridge, &EngineBridge::modelsLoaded);
        QSignalSpy opened(&bridge, &EngineBridge::workspaceOpened);
        bridge.loadModels();
        bridge.openWorkspace(m_fixture.path()); // the first answer now belongs to a closed workspace
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeout);
        QTRY_VERIFY(!bridge.isBusy());
        QCOMPARE(models.count(), 0);
    }

    void registersTorchScriptWithItsSignature()
    {
        EngineBridge bridge;
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QSignalSpy registered(&bridge, &EngineBridge::versionRegistered);
        QSignalSpy changed(&bridge, &EngineBridge::registryChanged);
        QSignalSpy progress(&bridge, &EngineBridge::progress);
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        const quint64 ticket = bridge.registerVersion(
            request(QStringLiteral("bridge-model"), test::signatureFile()));
        QTRY_COMPARE_WITH_TIMEOUT(registered.count() + failed.count(), 1, kTimeout);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(2).toString()));
        QCOMPARE(registered.first().at(0).toULongLong(), ticket);
        const auto version = registered.first().at(1).value<registry::ModelVersion>();
        QCOMPARE(version.model, std::string("bridge-model"));
        QCOMPARE(version.version, 1);
        QCOMPARE(version.metrics.at("accuracy"), 0.97);
        QCOMPARE(version.signature.outputs.at(0).classes.size(), std::size_t(2));
        QCOMPARE(changed.count(), 1);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.first().at(0).toString(), QStringLiteral("register"));
    }

    void invalidSignatureWritesNothing()
    {
        const QString bad = m_fixture.scratch() + QStringLiteral("/bad.signature.json");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"inputs": [{"name": "x", "datatype": "FP99", "shape": [1]}], "outputs": []})");
        file.close();
        const int artifacts = m_fixture.artifactFileCount();

        EngineBridge bridge;
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        QSignalSpy registered(&bridge, &EngineBridge::versionRegistered);
        bridge.registerVersion(request(QStringLiteral("breast-cancer"), bad));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeout);
        QCOMPARE(failed.first().at(1).toString(), QStringLiteral("register"));
        QVERIFY2(failed.first().at(2).toString().contains(QStringLiteral("bad.signature.json")),
                 qPrintable(failed.first().at(2).toString()));
        QCOMPARE(registered.count(), 0);
        QCOMPARE(m_fixture.versionCount("breast-cancer"), 2);
        QCOMPARE(m_fixture.artifactFileCount(), artifacts);
    }

    void missingSignatureFileIsRefused()
    {
        EngineBridge bridge;
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        bridge.registerVersion(request(QStringLiteral("breast-cancer"),
                                       m_fixture.scratch() + QStringLiteral("/none.json")));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeout);
        QCOMPARE(m_fixture.versionCount("breast-cancer"), 2);
    }

    void aliasesAndArchiving()
    {
        EngineBridge bridge;
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QSignalSpy alias(&bridge, &EngineBridge::aliasChanged);
        QSignalSpy archived(&bridge, &EngineBridge::archivedChanged);
        QSignalSpy failed(&bridge, &EngineBridge::failed);

        // An archived version cannot carry an alias: core says why.
        bridge.setArchived(QStringLiteral("churn-model"), 1, true);
        QTRY_COMPARE_WITH_TIMEOUT(archived.count(), 1, kTimeout);
        QCOMPARE(archived.first().at(3).toBool(), true);
        bridge.setAlias(QStringLiteral("churn-model"), QStringLiteral("prod"), 1);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeout);
        QCOMPARE(alias.count(), 0);
        QCOMPARE(failed.first().at(1).toString(), QStringLiteral("alias"));
        QVERIFY2(failed.first().at(2).toString().contains(QStringLiteral("archived")),
                 qPrintable(failed.first().at(2).toString()));

        bridge.setArchived(QStringLiteral("churn-model"), 1, false);
        QTRY_COMPARE_WITH_TIMEOUT(archived.count(), 2, kTimeout);
        QCOMPARE(archived.last().at(3).toBool(), false);
        bridge.setAlias(QStringLiteral("churn-model"), QStringLiteral("prod"), 1);
        QTRY_COMPARE_WITH_TIMEOUT(alias.count(), 1, kTimeout);
        QCOMPARE(alias.first().at(2).toString(), QStringLiteral("prod"));
    }

    void viewerTokenMayOnlyRead()
    {
        const QString token = m_fixture.addUserWithToken("vera", auth::Role::Viewer);
        QVERIFY2(!token.isEmpty(), qPrintable(m_fixture.error()));
        EngineBridge bridge;
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QSignalSpy actor(&bridge, &EngineBridge::actorChanged);
        bridge.setApiToken(token);
        QTRY_COMPARE_WITH_TIMEOUT(actor.count(), 1, kTimeout);
        QCOMPARE(bridge.actor().name, std::string("vera"));
        QCOMPARE(bridge.actor().role, auth::Role::Viewer);
        QVERIFY(bridge.may(auth::Permission::Read));
        QVERIFY(!bridge.may(auth::Permission::ManageModels));
        QVERIFY(bridge.whyNot(auth::Permission::ManageModels).contains(QStringLiteral("viewer")));

        // Core refuses as well, whatever the window shows.
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        bridge.registerVersion(request(QStringLiteral("breast-cancer"), test::signatureFile()));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeout);
        QCOMPARE(m_fixture.versionCount("breast-cancer"), 2);
    }

    void wrongTokenFallsBackToTheAccount()
    {
        EngineBridge bridge;
        QVERIFY(openAndWait(bridge, m_fixture.path()));
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        QSignalSpy actor(&bridge, &EngineBridge::actorChanged);
        bridge.setApiToken(QStringLiteral("mdk_not-a-token"));
        QTRY_COMPARE_WITH_TIMEOUT(actor.count(), 1, kTimeout);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(1).toString(), QStringLiteral("actor"));
        QCOMPARE(bridge.actor().role, auth::Role::Admin);
    }

    void createsTheDemoWorkspace()
    {
        const QString dir = m_fixture.scratch() + QStringLiteral("/demo");
        EngineBridge bridge;
        QSignalSpy opened(&bridge, &EngineBridge::workspaceOpened);
        QSignalSpy failed(&bridge, &EngineBridge::failed);
        bridge.createDemoWorkspace(dir);
        QTRY_COMPARE_WITH_TIMEOUT(opened.count() + failed.count(), 1, 240000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(2).toString()));

        VersionDetails champion;
        connect(&bridge, &EngineBridge::versionLoaded, this,
                [&](quint64, const VersionDetails &d) { champion = d; });
        bridge.loadVersion(QStringLiteral("breast-cancer"), 1);
        QTRY_COMPARE_WITH_TIMEOUT(champion.version.version, 1, kTimeout);
        QCOMPARE(champion.version.aliases, std::vector<std::string>{"champion"});
        QVERIFY(champion.version.metrics.empty()); // the demo records no metrics it did not compute
        QCOMPARE(champion.version.lineage.datasetHash.size(), std::size_t(64));

        // The example pipeline: stored, one run that failed validation, one that finished.
        PipelineOverview pipelines;
        connect(&bridge, &EngineBridge::pipelinesLoaded, this,
                [&](quint64, const PipelineOverview &o) { pipelines = o; });
        bridge.loadPipelines();
        QTRY_COMPARE_WITH_TIMEOUT(pipelines.runs.size(), std::size_t(2), kTimeout);
        QCOMPARE(pipelines.definitions.size(), std::size_t(1));
        QCOMPARE(pipelines.definitions[0].schedule, std::string("0 3 * * 1"));
        QVERIFY2(pipelines.runs[0].state == pipeline::RunState::Succeeded,
                 pipelines.runs[0].message.c_str());
        QCOMPARE(pipelines.runs[1].state, pipeline::RunState::Failed);
        QVERIFY(pipelines.runs[1].message.find("check-data") != std::string::npos);
        // seattle-weather is deployed, serving its champion (version 1 or 2), with a rollout of
        // the version the example pipeline registered (3) awaiting a decision.
        DeploymentOverview overview;
        connect(&bridge, &EngineBridge::deploymentsLoaded, this,
                [&](quint64, const DeploymentOverview &o) { overview = o; });
        bridge.loadDeployments();
        QTRY_COMPARE_WITH_TIMEOUT(overview.rows.size(), std::size_t(1), kTimeout);
        QCOMPARE(overview.rows[0].deployment.name, std::string("seattle-weather"));
        QVERIFY(overview.rows[0].deployment.stableVersion == 1
                || overview.rows[0].deployment.stableVersion == 2);
        QVERIFY(overview.rows[0].open.has_value());
        QCOMPARE(overview.rows[0].open->toVersion, 3);
        QCOMPARE(overview.rows[0].open->state, deploy::RolloutState::Requested);
        QCOMPARE(overview.rows[0].open->requestedBy, std::string("alex"));

        // Opening the demo again adds nothing.
        EngineBridge again;
        QSignalSpy reopened(&again, &EngineBridge::workspaceOpened);
        again.createDemoWorkspace(dir);
        QTRY_COMPARE_WITH_TIMEOUT(reopened.count(), 1, kTimeout);
        VersionList list;
        connect(&again, &EngineBridge::versionsLoaded, this,
                [&](quint64, const VersionList &l) { list = l; });
        registry::VersionQuery query;
        query.model = "breast-cancer";
        again.loadVersions(query);
        QTRY_COMPARE_WITH_TIMEOUT(list.total, 2, kTimeout);
    }

private:
    test::WorkspaceFixture m_fixture;
};

QTEST_MAIN(tst_EngineBridge)
#include "tst_engine_bridge.moc"
