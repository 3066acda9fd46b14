#include "test_support.h"

#include "core/common/files.h"
#include "core/ml/torchscript_check.h"
#include "core/registry/bundle.h"

#include <QDir>

using namespace mdeck;

namespace {

registry::ArtifactValidator torchValidator()
{
    return [](const std::string &path, const std::string &format,
              const Signature &sig) -> Result<void> {
        return format == "torchscript" ? ml::checkTorchScript(path, sig) : success();
    };
}

// Flips one byte at `offset` of `needle`'s first occurrence in the file.
void flipByteAfter(const std::string &file, const QByteArray &needle, int offset)
{
    QFile f(QString::fromStdString(file));
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray all = f.readAll();
    const auto pos = all.indexOf(needle);
    QVERIFY(pos >= 0);
    all[pos + offset] = char(all[pos + offset] ^ 0x01);
    f.seek(0);
    f.write(all);
}

} // namespace

class tst_Bundle : public QObject
{
    Q_OBJECT

    std::string exportShipped(test::ScratchWorkspace &src, registry::ModelRegistry &reg)
    {
        registry::NewVersion v;
        v.model = "breast-cancer";
        v.artifactPath = test::dataFile("models/breast_cancer_mlp.torchscript.pt");
        v.signature = test::shippedSignature();
        v.metrics = {{"accuracy", 0.965}};
        v.params = {{"hidden", "32"}};
        v.tags = {{"source", "pytorch"}};
        v.lineage.trainingRun = "notebook-1";
        reg.registerVersion(src.admin, v).value();
        if (!reg.setAlias(src.admin, "breast-cancer", "champion", 1))
            qFatal("cannot set alias");
        const std::string file = src.path("bc.mdeck");
        auto info = registry::exportBundle(reg, "breast-cancer", 1, file);
        if (!info)
            qFatal("%s", info.error().message.c_str());
        return file;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void exportThenImportAcrossWorkspaces()
    {
        test::ScratchWorkspace src;
        registry::ModelRegistry reg(*src.ws, torchValidator());
        const std::string file = exportShipped(src, reg);
        auto info = registry::inspectBundle(file);
        MDECK_VERIFY_OK(info);
        QCOMPARE(info->model, std::string("breast-cancer"));
        QCOMPARE(info->auditEntries, std::int64_t(2));
        QCOMPARE(info->sourceWorkspace, src.ws->id());

        test::ScratchWorkspace dst;
        registry::ModelRegistry target(*dst.ws, torchValidator());
        auto v = registry::importBundle(target, dst.admin, file);
        MDECK_VERIFY_OK(v);
        const auto original = reg.getVersion("breast-cancer", 1).value();
        QCOMPARE(v->version, 1);
        QCOMPARE(v->artifactSha256, original.artifactSha256);
        QCOMPARE(v->metrics, original.metrics);
        QCOMPARE(v->params, original.params);
        QCOMPARE(v->tags, original.tags);
        QCOMPARE(v->lineage.trainingRun, std::string("notebook-1"));
        QVERIFY(v->signature == original.signature);
        MDECK_VERIFY_OK(target.artifactPath(*v));
        auto h = target.history("breast-cancer", 1);
        QCOMPARE(h->size(), std::size_t(1));
        QCOMPARE(h->front().action, std::string("version.import"));
        auto details = parseJson(h->front().details, "details").value();
        QCOMPARE(details["origin"]["audit"].size(), std::size_t(2));
        QCOMPARE(details["origin"]["source_workspace"].get<std::string>(), src.ws->id());
        QVERIFY(target.verifyWorkspace()->ok());
        // Importing again under another name gives a new model.
        auto renamed = registry::importBundle(target, dst.admin, file, "bc-copy");
        MDECK_VERIFY_OK(renamed);
        QCOMPARE(renamed->model, std::string("bc-copy"));
        // No temporary files left behind.
        QVERIFY(QDir(QString::fromStdString(dst.ws->artifactsDir() + "/tmp"))
                    .entryList(QDir::Files)
                    .isEmpty());
    }

    void exportRefusesToOverwrite()
    {
        test::ScratchWorkspace src;
        registry::ModelRegistry reg(*src.ws, torchValidator());
        const std::string file = exportShipped(src, reg);
        auto again = registry::exportBundle(reg, "breast-cancer", 1, file);
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        QCOMPARE(registry::exportBundle(reg, "breast-cancer", 7, src.path("x.mdeck")).error().code,
                 ErrorCode::NotFound);
    }

    void tamperedBundlesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("needle");
        QTest::addColumn<int>("offset");
        QTest::addColumn<QString>("message");
        // The TorchScript file is a zip: its first local header starts with "PK".
        QTest::addRow("artifact byte flipped") << QByteArray("PK\x03\x04") << 40 << "was altered";
        QTest::addRow("manifest metric edited")
            << QByteArray("\"accuracy\": 0.965") << 14 << "manifest.json was altered";
    }

    void tamperedBundlesAreRefused()
    {
        QFETCH(QByteArray, needle);
        QFETCH(int, offset);
        QFETCH(QString, message);
        test::ScratchWorkspace src;
        registry::ModelRegistry reg(*src.ws, torchValidator());
        const std::string file = exportShipped(src, reg);
        flipByteAfter(file, needle, offset);
        test::ScratchWorkspace dst;
        registry::ModelRegistry target(*dst.ws, torchValidator());
        auto r = registry::importBundle(target, dst.admin, file);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Integrity);
        QVERIFY2(r.error().message.find(message.toStdString()) != std::string::npos,
                 r.error().message.c_str());
        QVERIFY(target.listModels()->empty());
        QVERIFY(QDir(QString::fromStdString(dst.ws->artifactsDir() + "/sha256")).isEmpty());
        QVERIFY(QDir(QString::fromStdString(dst.ws->artifactsDir() + "/tmp"))
                    .entryList(QDir::Files)
                    .isEmpty());
    }

    void viewerCannotImport()
    {
        test::ScratchWorkspace src;
        registry::ModelRegistry reg(*src.ws, torchValidator());
        const std::string file = exportShipped(src, reg);
        auth::Actor viewer{0, "os:guest", auth::Role::Viewer, false, "anonymous"};
        QCOMPARE(registry::importBundle(reg, viewer, file).error().code, ErrorCode::Unauthenticated);
    }

    void replaysHostileCorpus()
    {
        QDir dir(test::dataPath("hostile/bundle"));
        const auto files = dir.entryList(QDir::Files);
        QVERIFY(files.size() >= 8);
        test::ScratchWorkspace dst;
        registry::ModelRegistry target(*dst.ws, torchValidator());
        for (const QString &name : files) {
            const std::string path = dir.filePath(name).toStdString();
            auto r = registry::importBundle(target, dst.admin, path);
            QVERIFY2(!r, qPrintable(name));
            QVERIFY2(r.error().message.find(path) != std::string::npos, r.error().message.c_str());
            QVERIFY(!registry::inspectBundle(path));
        }
        QVERIFY(target.listModels()->empty());
    }
};

QTEST_GUILESS_MAIN(tst_Bundle)
#include "tst_bundle.moc"
