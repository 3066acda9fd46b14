// The `mdeck` command line end to end: the real binary against real
// workspaces in temporary folders. Usage, workspace and model verbs,
// registration with the real TorchScript model, refusals, and hostile
// signature files.

#include "mdeck_runner.h"

#include "app/mdeck/cli_app.h"
#include "core/auth/auth.h"

#include <mdeck/version.h>

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sstream>

using namespace mdeck::test;
using namespace Qt::StringLiterals;

namespace {

CliResult runInProcess(const QStringList &args)
{
    std::vector<std::string> storage{"mdeck"};
    for (const QString &a : args)
        storage.push_back(a.toStdString());
    std::vector<char *> argv;
    for (auto &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    std::ostringstream out;
    std::ostringstream err;
    CliResult r;
    r.exitCode = mdeck::cli::runCli(static_cast<int>(storage.size()), argv.data(), out, err);
    r.finished = true;
    r.out = QByteArray::fromStdString(out.str());
    r.err = QByteArray::fromStdString(err.str());
    return r;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void version();
    void help();
    void missingWorkspace();
    void workspaceFromEnvironment();
    void usageErrors_data();
    void usageErrors();
    void initWorkspace();
    void createListShow();
    void registerRealModel();
    void registerRefused_data();
    void registerRefused();
    void hostileSignature_data();
    void hostileSignature();
    void hostileSignaturesRegisteredNothing();
    void aliasMovesAndArchive();
    void versionsSearch();
    void jsonOutputParses_data();
    void jsonOutputParses();

private:
    // A new workspace, initialised by this process's account (its admin).
    MdeckRunner workspace(const QString &name = u"ws"_s);
    // Registers the real model under `model`; returns its version number.
    int registerModel(const MdeckRunner &cli, const QString &model, const QStringList &extra = {});
    int versionCount(const MdeckRunner &cli);
    static const MdeckRunner &hostileWorkspace();

    std::unique_ptr<QTemporaryDir> m_tmp;
    QByteArray m_signature;
};

void tst_Cli::initTestCase()
{
    // runInProcess() reads the environment of this process.
    qunsetenv("MODELDECK_WORKSPACE");
    qunsetenv("MODELDECK_TOKEN");
    QVERIFY2(QFile::exists(mdeckBinary()), qPrintable(mdeckBinary()));
    m_signature = readBytes(signatureFile());
    QVERIFY(!m_signature.isEmpty());
}

void tst_Cli::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
}

MdeckRunner tst_Cli::workspace(const QString &name)
{
    MdeckRunner cli(m_tmp->filePath(name));
    const CliResult r = cli.run({u"init"_s});
    if (r.exitCode != 0)
        qWarning("mdeck init failed: %s", r.describe().constData());
    return cli;
}

int tst_Cli::registerModel(const MdeckRunner &cli, const QString &model, const QStringList &extra)
{
    const CliResult r = cli.run(QStringList{u"model"_s, u"register"_s, model, u"--artifact"_s,
                                            modelFile(), u"--signature"_s, signatureFile(),
                                            u"--json"_s}
                                + extra);
    if (r.exitCode != 0) {
        qWarning("register failed: %s", r.describe().constData());
        return -1;
    }
    return r.json().value(u"version"_s).toInt(-1);
}

int tst_Cli::versionCount(const MdeckRunner &cli)
{
    const CliResult r = cli.run({u"model"_s, u"versions"_s, u"--all"_s, u"--json"_s});
    return r.exitCode == 0 ? r.json().value(u"total"_s).toInt(-1) : -1;
}

void tst_Cli::version()
{
    MdeckRunner cli;
    CliResult r = cli.run({u"--version"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("mdeck " MDECK_VERSION "\n"));
    QVERIFY(r.out.contains("LibTorch "));
    QVERIFY(r.out.contains("BLAS: "));

    r = cli.run({u"--version"_s, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.jsonParses(), r.describe());
    const QJsonObject blas = r.json().value(u"blas"_s).toObject();
    QCOMPARE(r.json().value(u"mdeck"_s).toString(), QStringLiteral(MDECK_VERSION));
    QVERIFY(!r.json().value(u"libtorch"_s).toString().isEmpty());
    // The executable links LibTorch, so some BLAS is really loaded; the reference one must warn.
    QVERIFY(blas.value(u"name"_s).toString() != u"none loaded"_s);
    if (blas.value(u"reference"_s).toBool())
        QVERIFY2(r.err.contains("warning")
                     && blas.value(u"summary"_s).toString().contains(u"WARNING"_s),
                 r.describe());
    else
        QVERIFY(!r.err.contains("warning"));
}

void tst_Cli::help()
{
    MdeckRunner cli;
    CliResult r = cli.run({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    for (const char *verb : {"init", "model", "user", "token", "audit", "verify"})
        QVERIFY2(r.out.contains(verb), verb);
    r = cli.run({u"model"_s, u"register"_s, u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--signature"));
    QVERIFY(r.out.contains("--metric"));
}

void tst_Cli::missingWorkspace()
{
    MdeckRunner cli;
    const CliResult r = cli.run({u"model"_s, u"list"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(
                 "mdeck: error: no workspace: pass --workspace or set MODELDECK_WORKSPACE"),
             r.describe());
    // A folder that is not a workspace is a failure that says what to do.
    MdeckRunner elsewhere(m_tmp->path());
    const CliResult e = elsewhere.run({u"model"_s, u"list"_s});
    QCOMPARE(e.exitCode, 1);
    QVERIFY2(e.err.contains("mdeck init"), e.describe());
}

void tst_Cli::workspaceFromEnvironment()
{
    const MdeckRunner ws = workspace();
    MdeckRunner cli;
    cli.environment().insert(u"MODELDECK_WORKSPACE"_s, ws.workspace());
    QCOMPARE(cli.run({u"model"_s, u"create"_s, u"fromenv"_s}).exitCode, 0);
    const CliResult r = ws.run({u"model"_s, u"list"_s});
    QVERIFY2(r.out.contains("fromenv"), r.describe());
}

void tst_Cli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    const QString sig = signatureFile();
    const QString pt = modelFile();
    QTest::addRow("no command") << QStringList{} << QByteArray("no command given");
    QTest::addRow("unknown verb") << QStringList{u"frobnicate"_s} << QByteArray("frobnicate");
    QTest::addRow("model without verb")
        << QStringList{u"model"_s} << QByteArray("'mdeck model' needs a command: create, list");
    QTest::addRow("unknown model verb") << QStringList{u"model"_s, u"delete"_s, u"m"_s}
                                        << QByteArray("'mdeck model' has no command 'delete'");
    QTest::addRow("unknown option")
        << QStringList{u"model"_s, u"list"_s, u"--colour"_s} << QByteArray("--colour");
    QTest::addRow("create without name")
        << QStringList{u"model"_s, u"create"_s} << QByteArray("NAME");
    QTest::addRow("register without signature")
        << QStringList{u"model"_s, u"register"_s, u"m"_s, u"--artifact"_s, pt}
        << QByteArray("--signature");
    QTest::addRow("metric not a number")
        << QStringList{u"model"_s,       u"register"_s, u"m"_s,        u"--artifact"_s,   pt,
                       u"--signature"_s, sig,           u"--metric"_s, u"accuracy=high"_s}
        << QByteArray("metric 'accuracy' value 'high' is not a finite number");
    QTest::addRow("metric nan") << QStringList{u"model"_s,   u"register"_s,
                                               u"m"_s,       u"--artifact"_s,
                                               pt,           u"--signature"_s,
                                               sig,          u"--metric"_s,
                                               u"loss=nan"_s}
                                << QByteArray("metric 'loss'");
    QTest::addRow("metric inf") << QStringList{u"model"_s,
                                               u"register"_s,
                                               u"m"_s,
                                               u"--artifact"_s,
                                               pt,
                                               u"--signature"_s,
                                               sig,
                                               u"--metric"_s,
                                               u"loss=1e999"_s}
                                << QByteArray("metric 'loss'");
    QTest::addRow("tag without value")
        << QStringList{u"model"_s, u"create"_s, u"m"_s, u"--tag"_s, u"team"_s}
        << QByteArray("key=value");
    QTest::addRow("unknown format")
        << QStringList{u"model"_s,       u"register"_s, u"m"_s,        u"--artifact"_s, pt,
                       u"--signature"_s, sig,           u"--format"_s, u"onnx"_s}
        << QByteArray("--format");
    QTest::addRow("unknown role") << QStringList{u"user"_s, u"add"_s, u"bob"_s, u"--role"_s,
                                                 u"boss"_s}
                                  << QByteArray("unknown role 'boss'");
    QTest::addRow("versions without model or --all")
        << QStringList{u"model"_s, u"versions"_s} << QByteArray("NAME or --all");
    QTest::addRow("versions with model and --all")
        << QStringList{u"model"_s, u"versions"_s, u"m"_s, u"--all"_s} << QByteArray("--all");
    QTest::addRow("limit not a number")
        << QStringList{u"model"_s, u"versions"_s, u"--all"_s, u"--limit"_s, u"ten"_s}
        << QByteArray("--limit");
    QTest::addRow("unknown sort key")
        << QStringList{u"model"_s, u"versions"_s, u"--all"_s, u"--sort"_s, u"size"_s}
        << QByteArray("sort key");
    QTest::addRow("malformed metric filter")
        << QStringList{u"model"_s, u"versions"_s, u"--all"_s, u"--metric"_s, u"accuracy"_s}
        << QByteArray("metric filter");
    QTest::addRow("version not a number")
        << QStringList{u"model"_s, u"alias"_s, u"m"_s, u"two"_s, u"best"_s}
        << QByteArray("VERSION");
    QTest::addRow("empty token") << QStringList{u"--token"_s, u""_s, u"model"_s, u"list"_s}
                                 << QByteArray("token");
}

void tst_Cli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    // In-process through runCli(), which is all that main() calls: parsing
    // fails before any workspace is touched, and this saves a process per row.
    const CliResult r = runInProcess(QStringList{u"--workspace"_s, m_tmp->filePath(u"ws"_s)} + args);
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.err.startsWith("mdeck: error: "), r.describe());
    QVERIFY2(r.err.contains(message), r.describe());
    QVERIFY(r.out.isEmpty());
}

void tst_Cli::initWorkspace()
{
    const QString dir = m_tmp->filePath(u"fresh"_s);
    MdeckRunner cli;
    CliResult r = cli.run({u"init"_s, dir});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QByteArray login = QByteArray::fromStdString(mdeck::auth::osLogin());
    QVERIFY2(r.out.contains("Admin: "), r.describe());
    QVERIFY2(r.out.contains("operating-system account " + login), r.describe());
    QVERIFY(QFile::exists(dir + u"/modeldeck.db"_s));
    QVERIFY(QDir(dir + u"/artifacts"_s).exists());

    // A second init keeps the workspace and says so.
    r = cli.run({u"init"_s, dir, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.json().value(u"created"_s).toBool(), false);
    const QJsonArray admins = r.json().value(u"admins"_s).toArray();
    QCOMPARE(admins.size(), 1);
    QCOMPARE(admins.at(0).toObject().value(u"os_login"_s).toString().toUtf8(), login);
}

void tst_Cli::createListShow()
{
    const MdeckRunner cli = workspace();
    CliResult r = cli.run({u"model"_s, u"create"_s, u"cancer"_s, u"--description"_s,
                           u"breast cancer MLP"_s, u"--tag"_s, u"team=oncology"_s, u"--tag"_s,
                           u"tier=gold"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(cli.run({u"model"_s, u"create"_s, u"iris"_s}).exitCode, 0);

    r = cli.run({u"model"_s, u"create"_s, u"cancer"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already exists"), r.describe());
    r = cli.run({u"model"_s, u"create"_s, u"Bad Name"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("model name 'Bad Name' is invalid"), r.describe());

    r = cli.run({u"model"_s, u"list"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("NAME "));
    QVERIFY(r.out.contains("cancer") && r.out.contains("iris"));
    r = cli.run({u"model"_s, u"list"_s, u"--filter"_s, u"canc"_s, u"--json"_s});
    const QJsonArray models = r.json().value(u"models"_s).toArray();
    QCOMPARE(models.size(), 1);
    QCOMPARE(models.at(0).toObject().value(u"name"_s).toString(), u"cancer"_s);

    r = cli.run({u"model"_s, u"show"_s, u"cancer"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("breast cancer MLP"));
    QVERIFY(r.out.contains("team=oncology"));
    QVERIFY(r.out.contains(QByteArray::fromStdString(mdeck::auth::osLogin())));
    r = cli.run({u"model"_s, u"show"_s, u"cancer"_s, u"--json"_s});
    QCOMPARE(r.json().value(u"tags"_s).toObject().value(u"tier"_s).toString(), u"gold"_s);
    QCOMPARE(r.json().value(u"versions"_s).toArray().size(), 0);

    r = cli.run({u"model"_s, u"show"_s, u"nosuch"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no model named 'nosuch'"), r.describe());
}

void tst_Cli::registerRealModel()
{
    const MdeckRunner cli = workspace();
    const QString runId = u"run-42"_s;
    const QString datasetHash = QString::fromLatin1(sha256Of(dataFile(u"breast_cancer.csv"_s)));
    const int v = registerModel(cli, u"cancer"_s,
                                {u"--metric"_s, u"accuracy=0.965"_s, u"--metric"_s, u"f1=0.97"_s,
                                 u"--param"_s, u"lr=0.001"_s, u"--tag"_s, u"stage=candidate"_s,
                                 u"--description"_s, u"first cut"_s, u"--dataset-hash"_s,
                                 datasetHash, u"--training-run"_s, runId});
    QCOMPARE(v, 1);
    QCOMPARE(registerModel(cli, u"cancer"_s, {u"--parent-version"_s, u"1"_s}), 2);

    CliResult r = cli.run({u"model"_s, u"show"_s, u"cancer:1"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject j = r.json();
    QCOMPARE(j.value(u"format"_s).toString(), u"torchscript"_s);
    const QJsonObject artifact = j.value(u"artifact"_s).toObject();
    QCOMPARE(artifact.value(u"sha256"_s).toString().toLatin1(), sha256Of(modelFile()));
    QCOMPARE(artifact.value(u"size"_s).toInteger(), QFileInfo(modelFile()).size());
    QCOMPARE(j.value(u"metrics"_s).toObject().value(u"accuracy"_s).toDouble(), 0.965);
    QCOMPARE(j.value(u"params"_s).toObject().value(u"lr"_s).toString(), u"0.001"_s);
    QCOMPARE(j.value(u"lineage"_s).toObject().value(u"dataset_hash"_s).toString(), datasetHash);
    QCOMPARE(j.value(u"lineage"_s).toObject().value(u"training_run"_s).toString(), runId);
    // The stored signature is the file's, field for field.
    QCOMPARE(j.value(u"signature"_s).toObject(), QJsonDocument::fromJson(m_signature).object());
    const QJsonArray history = j.value(u"history"_s).toArray();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.at(0).toObject().value(u"action"_s).toString(), u"version.register"_s);

    r = cli.run({u"model"_s, u"show"_s, u"cancer:latest"_s});
    QVERIFY2(r.out.contains("Version:") && r.out.contains(" 2\n"), r.describe());
    QVERIFY(r.out.contains("parent version: 1"));
    QVERIFY(r.out.contains("mean_radius"));
    QVERIFY(r.out.contains("malignant"));
    QVERIFY(r.out.contains("History:"));
}

void tst_Cli::registerRefused_data()
{
    QTest::addColumn<QByteArray>("signature"); // "" = the real one
    QTest::addColumn<QString>("artifact");
    QTest::addColumn<QByteArray>("message");
    QJsonObject sig = QJsonDocument::fromJson(readBytes(signatureFile())).object();

    auto withInput = [&](int width) {
        QJsonObject s = sig;
        QJsonArray inputs = s.value(u"inputs"_s).toArray();
        QJsonObject in = inputs.at(0).toObject();
        QJsonArray features;
        for (int i = 0; i < width; ++i)
            features.append(u"f%1"_s.arg(i));
        in[u"shape"_s] = QJsonArray{-1, width};
        in[u"features"_s] = features;
        inputs[0] = in;
        s[u"inputs"_s] = inputs;
        return QJsonDocument(s).toJson();
    };
    auto withClasses = [&](int count) {
        QJsonObject s = sig;
        QJsonArray outputs = s.value(u"outputs"_s).toArray();
        QJsonObject out = outputs.at(0).toObject();
        QJsonArray classes;
        for (int i = 0; i < count; ++i)
            classes.append(u"c%1"_s.arg(i));
        out[u"shape"_s] = QJsonArray{-1, count};
        out[u"classes"_s] = classes;
        outputs[0] = out;
        s[u"outputs"_s] = outputs;
        return QJsonDocument(s).toJson();
    };
    QTest::addRow("input width 31, model takes 30")
        << withInput(31) << modelFile() << QByteArray("does not run");
    QTest::addRow("input width 29, model takes 30")
        << withInput(29) << modelFile() << QByteArray("does not run");
    QTest::addRow("3 classes, model gives 2")
        << withClasses(3) << modelFile() << QByteArray("signature says dimension 1 is 3");
    QTest::addRow("csv file as torchscript") << QByteArray() << dataFile(u"breast_cancer.csv"_s)
                                             << QByteArray("is not a TorchScript file");
    QTest::addRow("signature file as torchscript")
        << QByteArray() << signatureFile() << QByteArray("is not a TorchScript file");
}

void tst_Cli::registerRefused()
{
    QFETCH(QByteArray, signature);
    QFETCH(QString, artifact);
    QFETCH(QByteArray, message);
    // One workspace for every row: each refusal must leave it as it was.
    static QTemporaryDir dir;
    static const MdeckRunner cli(dir.filePath(u"ws"_s));
    static const CliResult before = [this] {
        cli.run({u"init"_s});
        registerModel(cli, u"cancer"_s);
        return cli.run({u"model"_s, u"versions"_s, u"--all"_s, u"--json"_s});
    }();
    QCOMPARE(before.json().value(u"total"_s).toInt(), 1);
    const QSet<QString> filesBefore = {QStringLiteral("sha256/")
                                       + QString::fromLatin1(sha256Of(modelFile()).left(2)) + u'/'
                                       + QString::fromLatin1(sha256Of(modelFile()))};

    QString sigPath = signatureFile();
    if (!signature.isEmpty()) {
        sigPath = m_tmp->filePath(u"signature.json"_s);
        QVERIFY(writeBytes(sigPath, signature));
    }
    const CliResult r = cli.run({u"model"_s, u"register"_s, u"cancer"_s, u"--artifact"_s, artifact,
                                 u"--signature"_s, sigPath});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.err.startsWith("mdeck: error: "), r.describe());
    QVERIFY2(r.err.contains(message), r.describe());
    // The error names the user's file, not the copy in the artifact store.
    QVERIFY2(r.err.contains(artifact.toUtf8()), r.describe());
    QVERIFY2(!r.err.contains("/artifacts/sha256/"), r.describe());

    // Nothing registered, nothing left behind.
    QCOMPARE(cli.run({u"model"_s, u"versions"_s, u"--all"_s, u"--json"_s}).out, before.out);
    QCOMPARE(filesUnder(cli.workspace() + u"/artifacts"_s), filesBefore);
}

void tst_Cli::hostileSignature_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("message"); // names the field or the place
    const QByteArray good = readBytes(signatureFile());
    auto replaced = [&](const char *from, const char *to) {
        QByteArray s = good;
        const QByteArray compact = QJsonDocument::fromJson(s).toJson(QJsonDocument::Compact);
        return QByteArray(compact).replace(from, to);
    };
    QTest::addRow("truncated") << good.left(good.size() / 2) << QByteArray("invalid JSON");
    QTest::addRow("empty file") << QByteArray() << QByteArray(":1:1: invalid JSON");
    QTest::addRow("not an object")
        << QByteArray("[1, 2, 3]") << QByteArray("must be a JSON object");
    QTest::addRow("shape is a string") << replaced("\"shape\":[-1,30]", "\"shape\":\"-1,30\"")
                                       << QByteArray("field 'inputs[0].shape'");
    QTest::addRow("dimension is text") << replaced("\"shape\":[-1,30]", "\"shape\":[-1,\"30\"]")
                                       << QByteArray("field 'inputs[0].shape[1]'");
    QTest::addRow("name is a number")
        << replaced("\"name\":\"input\"", "\"name\":7") << QByteArray("field 'inputs[0].name'");
    QTest::addRow("unknown datatype")
        << replaced("\"datatype\":\"FP32\"", "\"datatype\":\"FLOAT128\"")
        << QByteArray("field 'inputs[0].datatype' 'FLOAT128' is not one of");
    QTest::addRow("features count mismatch")
        << replaced("\"shape\":[-1,30]", "\"shape\":[-1,12]")
        << QByteArray("field 'inputs[0].features' has 30 names");
    QTest::addRow("unknown field") << replaced("\"inputs\":", "\"inptus\":")
                                   << QByteArray("field 'inptus' is not a known field");
    QTest::addRow("negative dimension") << replaced("\"shape\":[-1,2]", "\"shape\":[-1,-2]")
                                        << QByteArray("field 'outputs[0].shape[1]'");
    QTest::addRow("no outputs") << QByteArray(
        R"({"inputs":[{"name":"x","datatype":"FP32","shape":[-1,1]}]})")
                                << QByteArray("field 'outputs'");
    QByteArray nul = good;
    nul.insert(40, '\0');
    QTest::addRow("NUL byte") << nul << QByteArray("invalid JSON");
    QTest::addRow("deep nesting") << QByteArray(R"({"inputs":)") + QByteArray(100000, '[')
            + QByteArray(100000, ']')
            + "}" << QByteArray("field 'inputs[0]'");
    QByteArray huge = R"({"inputs":[{"name":")" + QByteArray(9 << 20, 'a') + R"("}]})";
    QTest::addRow("huge file") << huge << QByteArray("larger than the 8 MiB limit");
}

void tst_Cli::hostileSignature()
{
    QFETCH(QByteArray, content);
    QFETCH(QByteArray, message);
    const MdeckRunner &cli = hostileWorkspace();
    const QString path = m_tmp->filePath(u"hostile.json"_s);
    QVERIFY(writeBytes(path, content));
    const CliResult r = cli.run({u"model"_s, u"register"_s, u"cancer"_s, u"--artifact"_s,
                                 modelFile(), u"--signature"_s, path});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.err.startsWith("mdeck: error: signature file " + path.toUtf8()), r.describe());
    QVERIFY2(r.err.contains(message), r.describe());
    QCOMPARE(filesUnder(cli.workspace() + u"/artifacts"_s), QSet<QString>());
}

void tst_Cli::hostileSignaturesRegisteredNothing()
{
    const MdeckRunner &cli = hostileWorkspace();
    QCOMPARE(versionCount(cli), 0);
    QCOMPARE(cli.run({u"model"_s, u"list"_s, u"--json"_s}).json().value(u"models"_s).toArray().size(),
             0);
    QCOMPARE(cli.run({u"audit"_s, u"list"_s, u"--json"_s}).json().value(u"entries"_s).toArray().size(),
             1);
}

const MdeckRunner &tst_Cli::hostileWorkspace()
{
    // One workspace for every row of hostileSignature(): each refusal must leave it unchanged.
    static QTemporaryDir dir;
    static const MdeckRunner cli = [] {
        MdeckRunner c(dir.filePath(u"ws"_s));
        c.run({u"init"_s});
        return c;
    }();
    return cli;
}

void tst_Cli::aliasMovesAndArchive()
{
    const MdeckRunner cli = workspace();
    QCOMPARE(registerModel(cli, u"cancer"_s), 1);
    QCOMPARE(registerModel(cli, u"cancer"_s), 2);
    const QStringList show = {u"model"_s, u"show"_s, u"cancer@champion"_s, u"--json"_s};

    QCOMPARE(cli.run({u"model"_s, u"alias"_s, u"cancer"_s, u"1"_s, u"champion"_s}).exitCode, 0);
    QCOMPARE(cli.run(show).json().value(u"version"_s).toInt(), 1);
    // Moving the alias: it now names version 2, and version 1 has none.
    QCOMPARE(cli.run({u"model"_s, u"alias"_s, u"cancer"_s, u"2"_s, u"champion"_s}).exitCode, 0);
    QCOMPARE(cli.run(show).json().value(u"version"_s).toInt(), 2);
    CliResult r = cli.run({u"model"_s, u"show"_s, u"cancer:1"_s, u"--json"_s});
    QCOMPARE(r.json().value(u"aliases"_s).toArray().size(), 0);
    r = cli.run({u"model"_s, u"show"_s, u"cancer"_s, u"--json"_s});
    QCOMPARE(r.json().value(u"aliases"_s).toObject().value(u"champion"_s).toInt(), 2);

    // A version an alias points at cannot be archived.
    r = cli.run({u"model"_s, u"archive"_s, u"cancer"_s, u"2"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("alias champion"), r.describe());
    QCOMPARE(cli.run({u"model"_s, u"archive"_s, u"cancer"_s, u"1"_s}).exitCode, 0);
    r = cli.run({u"model"_s, u"archive"_s, u"cancer"_s, u"1"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already archived"), r.describe());
    r = cli.run({u"model"_s, u"alias"_s, u"cancer"_s, u"1"_s, u"shadow"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("archived"), r.describe());

    r = cli.run({u"model"_s, u"versions"_s, u"cancer"_s, u"--active-only"_s, u"--json"_s});
    QCOMPARE(r.json().value(u"total"_s).toInt(), 1);
    r = cli.run({u"model"_s, u"versions"_s, u"cancer"_s, u"--json"_s});
    QCOMPARE(r.json().value(u"total"_s).toInt(), 2);

    QCOMPARE(cli.run({u"model"_s, u"unarchive"_s, u"cancer"_s, u"1"_s}).exitCode, 0);
    QCOMPARE(cli.run({u"model"_s, u"unalias"_s, u"cancer"_s, u"champion"_s}).exitCode, 0);
    r = cli.run(show);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no alias 'champion'"), r.describe());
    QCOMPARE(cli.run({u"model"_s, u"archive"_s, u"cancer"_s, u"2"_s}).exitCode, 0);

    r = cli.run({u"audit"_s, u"list"_s, u"--subject"_s, u"version:cancer"_s, u"--json"_s});
    QStringList actions;
    for (const auto &e : r.json().value(u"entries"_s).toArray())
        actions.prepend(e.toObject().value(u"action"_s).toString());
    QCOMPARE(actions,
             (QStringList{u"version.register"_s, u"version.register"_s, u"alias.set"_s,
                          u"alias.set"_s, u"version.archive"_s, u"version.unarchive"_s,
                          u"alias.remove"_s, u"version.archive"_s}));
}

void tst_Cli::versionsSearch()
{
    const MdeckRunner cli = workspace();
    QCOMPARE(registerModel(cli, u"cancer"_s,
                           {u"--metric"_s, u"acc=0.91"_s, u"--tag"_s, u"env=prod"_s}),
             1);
    QCOMPARE(registerModel(cli, u"cancer"_s, {u"--metric"_s, u"acc=0.97"_s}), 2);
    QCOMPARE(registerModel(cli, u"iris"_s, {u"--metric"_s, u"acc=0.85"_s}), 1);

    auto models = [&](const QStringList &args) {
        const CliResult r = cli.run(QStringList{u"model"_s, u"versions"_s, u"--json"_s} + args);
        QStringList out;
        for (const auto &row : r.json().value(u"versions"_s).toArray())
            out << row.toObject().value(u"model"_s).toString() + u':'
                    + QString::number(row.toObject().value(u"version"_s).toInt());
        return out;
    };
    QCOMPARE(models({u"--all"_s, u"--sort"_s, u"metric:acc"_s}),
             (QStringList{u"cancer:2"_s, u"cancer:1"_s, u"iris:1"_s}));
    QCOMPARE(models({u"--all"_s, u"--metric"_s, u"acc>=0.9"_s, u"--sort"_s, u"metric:acc"_s,
                     u"--asc"_s}),
             (QStringList{u"cancer:1"_s, u"cancer:2"_s}));
    QCOMPARE(models({u"--all"_s, u"--tag"_s, u"env=prod"_s}), (QStringList{u"cancer:1"_s}));
    QCOMPARE(models({u"--all"_s, u"--filter"_s, u"IRI"_s}), (QStringList{u"iris:1"_s}));
    QCOMPARE(models({u"cancer"_s, u"--sort"_s, u"version"_s, u"--asc"_s, u"--limit"_s, u"1"_s,
                     u"--offset"_s, u"1"_s}),
             (QStringList{u"cancer:2"_s}));
    const CliResult table = cli.run(
        {u"model"_s, u"versions"_s, u"--all"_s, u"--sort"_s, u"metric:acc"_s});
    QVERIFY2(table.out.startsWith("MODEL ") && table.out.contains("Showing 1-3 of 3 versions."),
             table.describe());
    const CliResult unknown = cli.run({u"model"_s, u"versions"_s, u"nosuch"_s});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("no model named 'nosuch'"), unknown.describe());
}

void tst_Cli::jsonOutputParses_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("key");
    QTest::addRow("model list") << QStringList{u"model"_s, u"list"_s} << u"models"_s;
    QTest::addRow("model show") << QStringList{u"model"_s, u"show"_s, u"cancer"_s} << u"versions"_s;
    QTest::addRow("version show") << QStringList{u"model"_s, u"show"_s, u"cancer:1"_s}
                                  << u"signature"_s;
    QTest::addRow("model versions")
        << QStringList{u"model"_s, u"versions"_s, u"--all"_s} << u"versions"_s;
    QTest::addRow("user list") << QStringList{u"user"_s, u"list"_s} << u"users"_s;
    QTest::addRow("token list") << QStringList{u"token"_s, u"list"_s} << u"tokens"_s;
    QTest::addRow("audit list") << QStringList{u"audit"_s, u"list"_s} << u"entries"_s;
    QTest::addRow("audit verify") << QStringList{u"audit"_s, u"verify"_s} << u"ok"_s;
    QTest::addRow("verify") << QStringList{u"verify"_s} << u"problems"_s;
    QTest::addRow("version") << QStringList{u"--version"_s} << u"blas"_s;
}

void tst_Cli::jsonOutputParses()
{
    QFETCH(QStringList, args);
    QFETCH(QString, key);
    static const MdeckRunner cli = [this] {
        static QTemporaryDir dir;
        MdeckRunner c(dir.filePath(u"ws"_s));
        c.run({u"init"_s});
        registerModel(c, u"cancer"_s, {u"--metric"_s, u"acc=0.9"_s});
        return c;
    }();
    const CliResult r = cli.run(args << u"--json"_s);
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.jsonParses(), r.describe());
    QVERIFY2(r.json().contains(key), r.describe());
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
