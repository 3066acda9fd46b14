#include "workspace_fixture.h"

#include "core/auth/user_directory.h"
#include "core/common/files.h"
#include "core/common/signature_json.h"
#include "core/registry/model_registry.h"
#include "core/store/workspace.h"
#include "ui/resources.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QSettings>
#include <QStandardPaths>

namespace mdeck::test {

void prepareConsoleTest(const QString &applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ModelDeckTests"));
    QCoreApplication::setApplicationName(applicationName);
    QSettings().clear();
    ui::initResources();
}

namespace {

struct Session
{
    std::unique_ptr<store::Workspace> ws;
    std::unique_ptr<registry::ModelRegistry> registry;
    std::unique_ptr<auth::UserDirectory> users;
    auth::Actor admin;
};

// Opens its own connection each time, as another process would, so the
// console under test never shares a Database object with the fixture.
std::optional<Session> openSession(const QString &path, QString *error)
{
    auto ws = store::Workspace::create(path.toStdString());
    if (!ws) {
        *error = QString::fromStdString(ws.error().message);
        return std::nullopt;
    }
    Session s;
    s.ws = std::move(*ws);
    s.registry = std::make_unique<registry::ModelRegistry>(
        *s.ws); // no validator: the fixture trusts its data
    s.users = std::make_unique<auth::UserDirectory>(s.ws->db());
    auto admin = s.users->bootstrap(auth::osLogin());
    if (!admin) {
        *error = QString::fromStdString(admin.error().message);
        return std::nullopt;
    }
    s.admin = *admin;
    return s;
}

Signature testSignature()
{
    auto text = readFile(signatureFile().toStdString());
    auto sig = parseSignature(text ? *text : std::string(), "signature");
    return sig ? *sig : Signature{};
}

} // namespace

QString dataFile(const QString &name)
{
    return QStringLiteral(MDECK_TEST_DATA_DIR "/") + name;
}

QString modelFile()
{
    return dataFile(QStringLiteral("models/breast_cancer_mlp.torchscript.pt"));
}

QString signatureFile()
{
    return dataFile(QStringLiteral("models/breast_cancer_mlp.signature.json"));
}

bool WorkspaceFixture::create()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    auto s = openSession(path(), &m_error);
    if (!s)
        return false;
    auto add = [&](const std::string &model, std::map<std::string, double> metrics,
                   std::map<std::string, std::string> params,
                   std::map<std::string, std::string> tags) {
        registry::NewVersion v;
        v.model = model;
        v.format = "torchscript";
        v.artifactPath = modelFile().toStdString();
        v.signature = testSignature();
        v.metrics = std::move(metrics);
        v.params = std::move(params);
        v.tags = std::move(tags);
        auto r = s->registry->registerVersion(s->admin, v);
        if (!r)
            m_error = QString::fromStdString(r.error().message);
        return r.ok();
    };
    if (!s->registry->createModel(s->admin, "breast-cancer", "Tumour classifier").ok())
        return false;
    bool ok = add("breast-cancer", {{"accuracy", 0.90}, {"loss", 0.30}},
                  {{"lr", "0.01"}, {"epochs", "10"}}, {{"stage", "baseline"}})
        && add("breast-cancer", {{"accuracy", 0.95}, {"loss", 0.35}},
               {{"lr", "0.001"}, {"epochs", "10"}}, {{"stage", "candidate"}})
        && add("churn-model", {{"auc", 0.8}}, {}, {}) && add("iris", {}, {}, {});
    if (!ok)
        return false;
    if (auto alias = s->registry->setAlias(s->admin, "breast-cancer", "champion", 1); !alias) {
        m_error = QString::fromStdString(alias.error().message);
        return false;
    }
    return true;
}

QString WorkspaceFixture::addUserWithToken(const std::string &name, auth::Role role)
{
    auto s = openSession(path(), &m_error);
    if (!s)
        return {};
    if (auto user = s->users->addUser(s->admin, name, role); !user) {
        m_error = QString::fromStdString(user.error().message);
        return {};
    }
    auto token = s->users->createToken(s->admin, name, "tests", std::nullopt);
    if (!token) {
        m_error = QString::fromStdString(token.error().message);
        return {};
    }
    return QString::fromStdString(token->secret);
}

int WorkspaceFixture::addVersion(const std::string &model,
                                 const std::map<std::string, double> &metrics)
{
    auto s = openSession(path(), &m_error);
    if (!s)
        return 0;
    registry::NewVersion v;
    v.model = model;
    v.format = "file";
    v.artifactPath = modelFile().toStdString();
    v.signature = testSignature();
    v.metrics = metrics;
    auto r = s->registry->registerVersion(s->admin, v);
    return r ? r->version : 0;
}

int WorkspaceFixture::versionCount(const std::string &model)
{
    auto s = openSession(path(), &m_error);
    if (!s)
        return -1;
    auto m = s->registry->getModel(model);
    return m ? m->versionCount : -1;
}

int WorkspaceFixture::benchmarkCount(const std::string &model)
{
    auto s = openSession(path(), &m_error);
    if (!s)
        return -1;
    auto records = s->registry->listBenchmarks(model);
    return records ? static_cast<int>(records->size()) : -1;
}

int WorkspaceFixture::artifactFileCount() const
{
    int count = 0;
    QDirIterator it(path() + QStringLiteral("/artifacts"), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

} // namespace mdeck::test
