#include "test_support.h"

#include "core/common/files.h"
#include "core/ml/torchscript_check.h"

#include <QDirIterator>

using namespace mdeck;
using registry::ModelRegistry;
using registry::NewVersion;

namespace {

registry::ArtifactValidator torchValidator()
{
    return [](const std::string &path, const std::string &format,
              const Signature &sig) -> Result<void> {
        if (format == "torchscript")
            return ml::checkTorchScript(path, sig);
        return success();
    };
}

NewVersion shippedVersion(const std::string &model)
{
    NewVersion v;
    v.model = model;
    v.artifactPath = test::dataFile("models/breast_cancer_mlp.torchscript.pt");
    v.signature = test::shippedSignature();
    return v;
}

int countArtifacts(const std::string &dir)
{
    int n = 0;
    QDirIterator it(QString::fromStdString(dir + "/sha256"), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

struct Fixture
{
    test::ScratchWorkspace s;
    ModelRegistry reg{*s.ws, torchValidator()};
    auth::Actor viewer;
    auth::Actor engineer;

    Fixture()
    {
        s.users->addUser(s.admin, "vera", auth::Role::Viewer).value();
        s.users->addUser(s.admin, "eng", auth::Role::Engineer).value();
        viewer = s.users->resolve(s.users->createToken(s.admin, "vera", "", {})->secret, "x").value();
        engineer = s.users->resolve(s.users->createToken(s.admin, "eng", "", {})->secret, "x")
                       .value();
    }

    registry::ModelVersion registerShipped(const std::string &model,
                                           std::map<std::string, double> metrics = {},
                                           std::map<std::string, std::string> tags = {})
    {
        NewVersion v = shippedVersion(model);
        v.metrics = std::move(metrics);
        v.tags = std::move(tags);
        return reg.registerVersion(engineer, v).value();
    }
};

} // namespace

class tst_Registry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void createsModels()
    {
        Fixture f;
        auto m = f.reg.createModel(f.engineer, "breast-cancer", "WDBC classifier",
                                   {{"team", "health"}});
        MDECK_VERIFY_OK(m);
        QCOMPARE(m->owner, std::string("eng"));
        auto again = f.reg.getModel("breast-cancer");
        MDECK_VERIFY_OK(again);
        QCOMPARE(again->description, std::string("WDBC classifier"));
        QCOMPARE(again->tags.at("team"), std::string("health"));
        QCOMPARE(f.reg.createModel(f.engineer, "breast-cancer").error().code, ErrorCode::Conflict);
        QCOMPARE(f.reg.createModel(f.viewer, "other").error().code, ErrorCode::PermissionDenied);
        QCOMPARE(f.reg.createModel(f.engineer, "Bad/Name").error().code, ErrorCode::InvalidArgument);
        QCOMPARE(f.reg.getModel("nope").error().code, ErrorCode::NotFound);
        MDECK_VERIFY_OK(f.reg.createModel(f.engineer, "iris"));
        QCOMPARE(f.reg.listModels()->size(), std::size_t(2));
        QCOMPARE(f.reg.listModels("IR")->size(), std::size_t(1)); // case-insensitive
        QCOMPARE(f.reg.listModels("ir")->size(), std::size_t(1));
        QCOMPARE(f.reg.listModels("%")->size(), std::size_t(0));
    }

    void registersTheShippedTorchScriptModel()
    {
        Fixture f;
        NewVersion v = shippedVersion("breast-cancer");
        v.metrics = {{"accuracy", 0.96}, {"log_loss", 0.11}};
        v.params = {{"hidden", "32"}};
        v.tags = {{"stage", "dev"}};
        v.lineage.datasetHash = std::string(64, 'a');
        v.lineage.trainingRun = "run-7";
        v.description = "first";
        auto r = f.reg.registerVersion(f.engineer, v);
        MDECK_VERIFY_OK(r);
        QCOMPARE(r->version, 1);
        QCOMPARE(r->createdBy, std::string("eng"));
        QCOMPARE(r->artifactName, std::string("breast_cancer_mlp.torchscript.pt"));
        QCOMPARE(r->artifactSize, std::int64_t(12710));
        const auto digest = sha256File(v.artifactPath).value();
        QCOMPARE(r->artifactSha256, digest.sha256);
        QVERIFY(fileExists(f.s.ws->artifactsDir() + "/sha256/" + digest.sha256.substr(0, 2) + "/"
                           + digest.sha256));
        QCOMPARE(r->metrics.at("accuracy"), 0.96);
        QCOMPARE(r->params.at("hidden"), std::string("32"));
        QCOMPARE(r->lineage.trainingRun, std::string("run-7"));
        QVERIFY(r->signature == test::shippedSignature());
        // The model was created on the way, and numbering continues.
        v.lineage.parentVersion = 1;
        auto second = f.reg.registerVersion(f.engineer, v);
        MDECK_VERIFY_OK(second);
        QCOMPARE(second->version, 2);
        QCOMPARE(*second->lineage.parentVersion, 1);
        QCOMPARE(f.reg.getModel("breast-cancer")->versionCount, 2);
        // Same bytes are stored once.
        QCOMPARE(countArtifacts(f.s.ws->artifactsDir()), 1);
        auto path = f.reg.artifactPath(*second);
        MDECK_VERIFY_OK(path);
    }

    void refusesBadVersions_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("needle");
        QTest::addRow("not torchscript") << 0 << "not a TorchScript file";
        QTest::addRow("signature shape mismatch") << 1 << "does not run on zero inputs";
        QTest::addRow("output classes mismatch") << 2 << "signature says dimension 1 is 3";
        QTest::addRow("NaN metric") << 3 << "not a finite number";
        QTest::addRow("bad dataset hash") << 4 << "dataset hash";
        QTest::addRow("missing artifact") << 5 << "does not exist";
        QTest::addRow("unknown format") << 6 << "unknown artifact format";
        QTest::addRow("parent version missing") << 7 << "parent version 4";
        QTest::addRow("empty signature") << 8 << "at least one input";
        QTest::addRow("control characters in tag") << 9 << "printable";
        QTest::addRow("invalid model name") << 10 << "is invalid";
        QTest::addRow("output datatype mismatch") << 11 << "signature says FP64";
    }

    void refusesBadVersions()
    {
        QFETCH(int, kind);
        QFETCH(QString, needle);
        Fixture f;
        NewVersion v = shippedVersion("bc");
        switch (kind) {
        case 0:
            v.artifactPath = test::dataFile("breast_cancer.csv");
            break;
        case 1:
            v.signature.inputs[0].shape = {-1, 12};
            v.signature.inputs[0].features.resize(12);
            break;
        case 2:
            v.signature.outputs[0].shape = {-1, 3};
            v.signature.outputs[0].classes = {"a", "b", "c"};
            break;
        case 3:
            v.metrics["auc"] = std::nan("");
            break;
        case 4:
            v.lineage.datasetHash = "abc";
            break;
        case 5:
            v.artifactPath = f.s.path("missing.pt");
            break;
        case 6:
            v.format = "onnx";
            break;
        case 7:
            v.lineage.parentVersion = 4;
            break;
        case 8:
            v.signature = {};
            break;
        case 9:
            v.tags["note"] = "a\nb";
            break;
        case 10:
            v.model = "Breast Cancer";
            break;
        case 11:
            v.signature.outputs[0].datatype = "FP64";
            break;
        }
        auto r = f.reg.registerVersion(f.engineer, v);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
                 r.error().message.c_str());
        // Nothing half-written: no version, no model, no stray artifact.
        QCOMPARE(f.reg.searchVersions({})->total, std::int64_t(0));
        QCOMPARE(countArtifacts(f.s.ws->artifactsDir()), 0);
        QVERIFY(f.reg.listModels()->empty());
    }

    void viewerCannotRegister()
    {
        Fixture f;
        auto r = f.reg.registerVersion(f.viewer, shippedVersion("bc"));
        QCOMPARE(r.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(countArtifacts(f.s.ws->artifactsDir()), 0);
    }

    void versionsAreImmutable()
    {
        Fixture f;
        f.registerShipped("bc", {{"accuracy", 0.9}});
        store::Database &db = f.s.ws->db();
        auto tx = db.begin();
        auto upd = db.exec("UPDATE versions SET artifact_sha256 = 'x'");
        QVERIFY(!upd);
        QVERIFY(upd.error().message.find("immutable") != std::string::npos);
        QVERIFY(!db.exec("UPDATE version_metrics SET value = 1.0"));
        QVERIFY(!db.exec("DELETE FROM versions"));
    }

    void aliasesMoveAtomically()
    {
        Fixture f;
        f.registerShipped("bc");
        f.registerShipped("bc");
        MDECK_VERIFY_OK(f.reg.setAlias(f.engineer, "bc", "champion", 1));
        QCOMPARE(f.reg.resolve("bc", "@champion")->version, 1);
        MDECK_VERIFY_OK(f.reg.setAlias(f.engineer, "bc", "champion", 2));
        QCOMPARE(f.reg.resolve("bc", "champion")->version, 2);
        QCOMPARE(f.reg.getModel("bc")->aliases.size(), std::size_t(1));
        QVERIFY(f.reg.getVersion("bc", 1)->aliases.empty());
        QCOMPARE(f.reg.getVersion("bc", 2)->aliases, std::vector<std::string>{"champion"});
        QCOMPARE(f.reg.setAlias(f.engineer, "bc", "latest", 1).error().code,
                 ErrorCode::InvalidArgument);
        QCOMPARE(f.reg.setAlias(f.engineer, "bc", "42", 1).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(f.reg.setAlias(f.engineer, "bc", "champion", 9).error().code, ErrorCode::NotFound);
        QCOMPARE(f.reg.setAlias(f.viewer, "bc", "champion", 1).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(f.reg.resolve("bc", "champion")->version, 2);
        MDECK_VERIFY_OK(f.reg.removeAlias(f.engineer, "bc", "champion"));
        QCOMPARE(f.reg.resolve("bc", "champion").error().code, ErrorCode::NotFound);
        QCOMPARE(f.reg.removeAlias(f.engineer, "bc", "champion").error().code, ErrorCode::NotFound);
    }

    void archiving()
    {
        Fixture f;
        f.registerShipped("bc");
        f.registerShipped("bc");
        MDECK_VERIFY_OK(f.reg.setAlias(f.engineer, "bc", "champion", 2));
        auto refused = f.reg.setArchived(f.engineer, "bc", 2, true);
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QVERIFY(refused.error().message.find("champion") != std::string::npos);
        MDECK_VERIFY_OK(f.reg.removeAlias(f.engineer, "bc", "champion"));
        MDECK_VERIFY_OK(f.reg.setArchived(f.engineer, "bc", 2, true));
        QVERIFY(f.reg.getVersion("bc", 2)->archived);
        QCOMPARE(f.reg.resolve("bc", "latest")->version, 1);
        QCOMPARE(f.reg.setArchived(f.engineer, "bc", 2, true).error().code, ErrorCode::Conflict);
        QCOMPARE(f.reg.setAlias(f.engineer, "bc", "champion", 2).error().code, ErrorCode::Conflict);
        registry::VersionQuery active;
        active.includeArchived = false;
        QCOMPARE(f.reg.searchVersions(active)->total, std::int64_t(1));
        MDECK_VERIFY_OK(f.reg.setArchived(f.engineer, "bc", 2, false));
        QCOMPARE(f.reg.resolve("bc", "latest")->version, 2);
    }

    void tamperedArtifactIsRefusedOnLoad()
    {
        Fixture f;
        auto v = f.registerShipped("bc");
        const std::string stored = f.reg.artifacts().pathFor(v.artifactSha256);
        QFile::setPermissions(QString::fromStdString(stored), QFile::ReadOwner | QFile::WriteOwner);
        {
            QFile file(QString::fromStdString(stored));
            QVERIFY(file.open(QIODevice::ReadWrite));
            file.seek(100);
            file.write("X");
        }
        auto r = f.reg.artifactPath(v);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Integrity);
        const std::string &msg = r.error().message;
        QVERIFY2(msg.find("bc:1") != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("breast_cancer_mlp.torchscript.pt") != std::string::npos, msg.c_str());
        QVERIFY2(msg.find(v.artifactSha256) != std::string::npos, msg.c_str());
        const auto actual = sha256File(stored).value().sha256;
        QVERIFY2(msg.find(actual) != std::string::npos, msg.c_str());
        auto report = f.reg.verifyWorkspace();
        MDECK_VERIFY_OK(report);
        QCOMPARE(report->problems.size(), std::size_t(1));
        QCOMPARE(report->problems[0].subject, std::string("version bc:1"));
        // Registering the good bytes again repairs the stored copy.
        f.registerShipped("bc");
        MDECK_VERIFY_OK(f.reg.artifactPath(v));
        QVERIFY(f.reg.verifyWorkspace()->ok());
    }

    void missingArtifactIsReported()
    {
        Fixture f;
        auto v = f.registerShipped("bc");
        QVERIFY(QFile::remove(QString::fromStdString(f.reg.artifacts().pathFor(v.artifactSha256))));
        auto r = f.reg.artifactPath(v);
        QVERIFY(r.error().message.find("missing") != std::string::npos);
        auto report = f.reg.verifyWorkspace();
        QVERIFY(!report->ok());
        QCOMPARE(report->versionsChecked, std::int64_t(1));
    }

    void verifyFindsAuditTampering()
    {
        Fixture f;
        f.registerShipped("bc");
        {
            auto tx = f.s.ws->db().begin();
            QVERIFY(f.s.ws->db().exec(
                "UPDATE audit_log SET actor = 'someone-else' WHERE action = 'version.register'"));
            QVERIFY(tx->commit());
        }
        auto report = f.reg.verifyWorkspace();
        MDECK_VERIFY_OK(report);
        QCOMPARE(report->problems.size(), std::size_t(1));
        QCOMPARE(report->problems[0].subject, std::string("audit log"));
    }

    void searchFiltersSortsAndPages()
    {
        Fixture f;
        for (int i = 0; i < 5; ++i)
            f.registerShipped("alpha", {{"accuracy", 0.80 + i * 0.02}},
                              {{"team", i % 2 ? "odd" : "even"}});
        for (int i = 0; i < 3; ++i)
            f.registerShipped("beta", {{"accuracy", 0.5 + i * 0.1}});
        MDECK_VERIFY_OK(f.reg.setAlias(f.engineer, "alpha", "champion", 3));

        registry::VersionQuery q;
        auto all = f.reg.searchVersions(q);
        QCOMPARE(all->total, std::int64_t(8));
        QCOMPARE(all->rows.front().model, std::string("beta")); // newest first
        QCOMPARE(all->rows.front().version, 3);

        q.text = "alp";
        QCOMPARE(f.reg.searchVersions(q)->total, std::int64_t(5));
        q = {};
        q.tagKey = "team";
        q.tagValue = "odd";
        QCOMPARE(f.reg.searchVersions(q)->total, std::int64_t(2));
        q = {};
        q.alias = "champion";
        auto champ = f.reg.searchVersions(q);
        QCOMPARE(champ->total, std::int64_t(1));
        QCOMPARE(champ->rows[0].aliases, std::string("champion"));
        q = {};
        q.metric = registry::parseMetricFilter("accuracy>=0.84").value();
        q.sortBy = registry::SortKey::Metric;
        q.sortMetric = "accuracy";
        auto best = f.reg.searchVersions(q);
        QCOMPARE(best->total, std::int64_t(3));
        QCOMPARE(best->rows[0].version, 5);
        QCOMPARE(*best->rows[0].sortValue, 0.88);
        q.descending = false;
        QCOMPARE(f.reg.searchVersions(q)->rows[0].version, 3);
        q = {};
        q.sortBy = registry::SortKey::Model;
        q.descending = false;
        q.limit = 3;
        q.offset = 4;
        auto page = f.reg.searchVersions(q);
        QCOMPARE(page->total, std::int64_t(8));
        QCOMPARE(page->rows.size(), std::size_t(3));
        QCOMPARE(page->rows[0].model, std::string("alpha"));
        QCOMPARE(page->rows[0].version, 5);
        QCOMPARE(page->rows[1].model, std::string("beta"));
        q.limit = -1;
        QVERIFY(!f.reg.searchVersions(q));
        QVERIFY(!registry::parseMetricFilter("accuracy"));
        QVERIFY(!registry::parseMetricFilter(">=3"));
        QVERIFY(!registry::parseMetricFilter("acc>=x"));
    }

    void historyListsVersionEntries()
    {
        Fixture f;
        f.registerShipped("bc");
        MDECK_VERIFY_OK(f.reg.setAlias(f.engineer, "bc", "champion", 1));
        auto h = f.reg.history("bc", 1);
        MDECK_VERIFY_OK(h);
        QCOMPARE(h->size(), std::size_t(2));
        QCOMPARE((*h)[0].action, std::string("version.register"));
        QCOMPARE((*h)[1].action, std::string("alias.set"));
        auto model = f.reg.history("bc");
        QCOMPARE(model->size(), std::size_t(3)); // model.create too
        QCOMPARE((*model)[0].action, std::string("model.create"));
    }
};

QTEST_GUILESS_MAIN(tst_Registry)
#include "tst_registry.moc"
