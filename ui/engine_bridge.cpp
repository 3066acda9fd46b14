#include "ui/engine_bridge.h"

#include "ui/engine_bridge_p.h"

#include "ui/demo_workspace.h"
#include "ui/text_format.h"

#include "core/auth/user_directory.h"
#include "core/common/files.h"
#include "core/common/signature_json.h"

#include <QTimer>

namespace mdeck::ui {

namespace {

enum OpenMode { Open = 0, Create = 1, Demo = 2 };

constexpr std::uint64_t kMaxSignatureBytes = 16u << 20;

} // namespace

struct EngineBridge::Opened
{
    std::shared_ptr<Engine> engine;
    auth::Actor actor;
    std::string tokenProblem; // why the token was not accepted, "" when it was or none was given
};

EngineBridge::EngineBridge(QObject *parent)
    : QObject(parent)
{
    // SQLite serialises the writers anyway; two threads keep a read answering during a registration.
    m_pool.setMaxThreadCount(2);
    // A failed or cancelled training or benchmark ends its job here; a finished one in its answer.
    connect(this, &EngineBridge::failed, this, [this](quint64 ticket) { endJob(ticket); });
}

EngineBridge::~EngineBridge()
{
    // Queued work is dropped; running work finishes (core writes are all or nothing), and
    // because the watchers are children of this object, nobody hears of it.
    m_pool.clear();
    for (QFutureWatcherBase *watcher : findChildren<QFutureWatcherBase *>()) {
        watcher->disconnect(this);
        watcher->cancel();
    }
    m_pool.waitForDone();
}

QString EngineBridge::workspacePath() const
{
    return m_engine ? toQ(m_engine->workspace->dir()) : QString();
}

QString EngineBridge::workspaceId() const
{
    return m_engine ? toQ(m_engine->workspace->id()) : QString();
}

bool EngineBridge::may(auth::Permission permission) const
{
    return m_engine && auth::require(m_actor, permission).ok();
}

QString EngineBridge::whyNot(auth::Permission permission) const
{
    if (!m_engine)
        return tr("No workspace is open.");
    if (may(permission))
        return {};
    if (!m_actor.authenticated)
        return tr("You act as %1, who is not a user of this workspace, and may only read. "
                  "Ask an admin to add you, or set an API token in the settings.")
            .arg(toQ(m_actor.name));
    return tr("Your role (%1) may not do this; it needs the engineer role or higher.")
        .arg(roleTitle(m_actor.role));
}

void EngineBridge::setApiToken(const QString &token)
{
    m_token = token.trimmed();
    if (!m_engine)
        return;
    std::shared_ptr<Engine> engine = m_engine;
    const std::string secret = m_token.toStdString();
    start<Opened>(
        QStringLiteral("actor"),
        [engine, secret](TaskContext &) -> Result<Opened> {
            Opened out{engine, {}, {}};
            if (!secret.empty()) {
                auto actor = engine->users->resolve(secret, auth::osLogin());
                if (actor) {
                    out.actor = std::move(*actor);
                    return out;
                }
                out.tokenProblem = actor.error().message;
            }
            auto actor = engine->users->resolve(std::nullopt, auth::osLogin());
            if (!actor)
                return actor.error();
            out.actor = std::move(*actor);
            return out;
        },
        [this](quint64 ticket, Opened opened) {
            if (opened.engine != m_engine)
                return;
            m_actor = std::move(opened.actor);
            Q_EMIT actorChanged();
            if (!opened.tokenProblem.empty())
                Q_EMIT failed(ticket, QStringLiteral("actor"), toQ(opened.tokenProblem));
        });
}

quint64 EngineBridge::openWorkspace(const QString &dir)
{
    return startOpen(QStringLiteral("open"), dir, Open);
}

quint64 EngineBridge::createWorkspace(const QString &dir)
{
    return startOpen(QStringLiteral("create"), dir, Create);
}

quint64 EngineBridge::createDemoWorkspace(const QString &dir)
{
    return startOpen(QStringLiteral("demo"), dir, Demo);
}

quint64 EngineBridge::startOpen(const QString &operation, const QString &dir, int mode)
{
    ++m_generation;  // answers to requests made for the previous workspace are now stale
    m_token.clear(); // a token belongs to one workspace; the window sets the new one's
    const std::string path = dir.toStdString();
    return start<Opened>(
        operation,
        [path, mode](TaskContext &ctx) -> Result<Opened> {
            const int steps = mode == Demo ? 6 : 2;
            ctx.step(0, steps);
            auto engine = Engine::open(path, mode != Open);
            if (!engine)
                return engine.error();
            Opened out{*engine, {}, {}};
            if (mode != Open) {
                // The creator of a workspace becomes its admin.
                auto admin = out.engine->users->bootstrap(auth::osLogin());
                if (!admin)
                    return admin.error();
                if (mode == Demo) {
                    auto models = out.engine->registry->listModels();
                    if (!models)
                        return models.error();
                    if (models->empty()) {
                        auto demo = populateDemoWorkspace(
                            *out.engine->registry, *admin,
                            [&ctx](int done, int total) { ctx.step(1 + done, 2 + total); },
                            ctx.stopToken());
                        if (!demo)
                            return demo.error();
                    }
                }
            }
            auto actor = out.engine->users->resolve(std::nullopt, auth::osLogin());
            if (!actor)
                return actor.error();
            out.actor = std::move(*actor);
            ctx.step(steps, steps);
            return out;
        },
        [this](quint64, Opened opened) {
            m_engine = std::move(opened.engine);
            m_actor = std::move(opened.actor);
            Q_EMIT workspaceOpened(workspacePath());
            Q_EMIT actorChanged();
        });
}

quint64 EngineBridge::loadModels()
{
    if (!m_engine)
        return failLater(QStringLiteral("models"), tr("No workspace is open."));
    return start<std::vector<registry::Model>>(
        QStringLiteral("models"),
        [engine = m_engine](TaskContext &) { return engine->registry->listModels(); },
        [this](quint64 ticket, std::vector<registry::Model> models) {
            Q_EMIT modelsLoaded(ticket, models);
        });
}

quint64 EngineBridge::loadVersions(const registry::VersionQuery &query)
{
    if (!m_engine)
        return failLater(QStringLiteral("versions"), tr("No workspace is open."));
    return start<VersionList>(
        QStringLiteral("versions"),
        [engine = m_engine, query](TaskContext &) -> Result<VersionList> {
            auto page = engine->registry->searchVersions(query);
            if (!page)
                return page.error();
            return VersionList{std::move(page->rows), page->total};
        },
        [this](quint64 ticket, VersionList list) { Q_EMIT versionsLoaded(ticket, list); });
}

quint64 EngineBridge::loadVersion(const QString &model, int version)
{
    if (!m_engine)
        return failLater(QStringLiteral("version"), tr("No workspace is open."));
    return start<VersionDetails>(
        QStringLiteral("version"),
        [engine = m_engine, name = model.toStdString(),
         version](TaskContext &) -> Result<VersionDetails> {
            auto v = engine->registry->getVersion(name, version);
            if (!v)
                return v.error();
            auto history = engine->registry->history(name, version);
            if (!history)
                return history.error();
            return VersionDetails{std::move(*v), std::move(*history)};
        },
        [this](quint64 ticket, VersionDetails details) { Q_EMIT versionLoaded(ticket, details); });
}

quint64 EngineBridge::compareVersions(const QString &model, int left, int right)
{
    if (!m_engine)
        return failLater(QStringLiteral("compare"), tr("No workspace is open."));
    return start<VersionComparison>(
        QStringLiteral("compare"),
        [engine = m_engine, name = model.toStdString(), left,
         right](TaskContext &) -> Result<VersionComparison> {
            auto a = engine->registry->getVersion(name, left);
            if (!a)
                return a.error();
            auto b = engine->registry->getVersion(name, right);
            if (!b)
                return b.error();
            return VersionComparison{std::move(*a), std::move(*b)};
        },
        [this](quint64 ticket, VersionComparison comparison) {
            Q_EMIT comparisonLoaded(ticket, comparison);
        });
}

quint64 EngineBridge::registerVersion(const RegistrationRequest &request)
{
    if (!m_engine)
        return failLater(QStringLiteral("register"), tr("No workspace is open."));
    return start<registry::ModelVersion>(
        QStringLiteral("register"),
        [engine = m_engine, actor = m_actor, version = request.version,
         signatureFile = request.signatureFile.toStdString()](
            TaskContext &ctx) mutable -> Result<registry::ModelVersion> {
            // The signature is read and checked before anything is written.
            ctx.step(0, 2);
            auto text = readFile(signatureFile, kMaxSignatureBytes);
            if (!text)
                return text.error();
            auto signature = parseSignature(*text, signatureFile);
            if (!signature)
                return signature.error();
            version.signature = std::move(*signature);
            ctx.step(1, 2);
            auto registered = engine->registry->registerVersion(actor, version);
            ctx.step(2, 2);
            return registered;
        },
        [this](quint64 ticket, registry::ModelVersion version) {
            Q_EMIT versionRegistered(ticket, version);
            Q_EMIT registryChanged();
        });
}

quint64 EngineBridge::setAlias(const QString &model, const QString &alias, int version)
{
    if (!m_engine)
        return failLater(QStringLiteral("alias"), tr("No workspace is open."));
    return start<bool>(
        QStringLiteral("alias"),
        [engine = m_engine, actor = m_actor, name = model.toStdString(), a = alias.toStdString(),
         version](TaskContext &) -> Result<bool> {
            if (auto done = engine->registry->setAlias(actor, name, a, version); !done)
                return done.error();
            return true;
        },
        [this, model, alias, version](quint64 ticket, bool) {
            Q_EMIT aliasChanged(ticket, model, alias, version);
            Q_EMIT registryChanged();
        });
}

quint64 EngineBridge::setArchived(const QString &model, int version, bool archived)
{
    if (!m_engine)
        return failLater(QStringLiteral("archive"), tr("No workspace is open."));
    return start<bool>(
        QStringLiteral("archive"),
        [engine = m_engine, actor = m_actor, name = model.toStdString(), version,
         archived](TaskContext &) -> Result<bool> {
            if (auto done = engine->registry->setArchived(actor, name, version, archived); !done)
                return done.error();
            return true;
        },
        [this, model, version, archived](quint64 ticket, bool) {
            Q_EMIT archivedChanged(ticket, model, version, archived);
            Q_EMIT registryChanged();
        });
}

QString EngineBridge::operationTitle(const QString &operation)
{
    if (operation == QLatin1String("open"))
        return tr("Opening the workspace");
    if (operation == QLatin1String("create"))
        return tr("Creating the workspace");
    if (operation == QLatin1String("demo"))
        return tr("Creating the demo workspace");
    if (operation == QLatin1String("actor"))
        return tr("Signing in");
    if (operation == QLatin1String("models"))
        return tr("Loading models");
    if (operation == QLatin1String("versions"))
        return tr("Loading versions");
    if (operation == QLatin1String("version"))
        return tr("Loading the version");
    if (operation == QLatin1String("compare"))
        return tr("Comparing versions");
    if (operation == QLatin1String("register"))
        return tr("Registering the version");
    if (operation == QLatin1String("alias"))
        return tr("Setting the alias");
    if (operation == QLatin1String("archive"))
        return tr("Archiving the version");
    if (operation == QLatin1String("dataset"))
        return tr("Reading the data");
    if (operation == QLatin1String("train"))
        return tr("Training");
    if (operation == QLatin1String("benchmark"))
        return tr("Benchmarking");
    if (operation == QLatin1String("benchmarks"))
        return tr("Loading benchmarks");
    if (operation == QLatin1String("pipelines"))
        return tr("Loading pipelines");
    if (operation == QLatin1String("pipeline-run"))
        return tr("Loading the run");
    if (operation == QLatin1String("pipeline"))
        return tr("Running the pipeline");
    if (operation == QLatin1String("pipeline-cancel"))
        return tr("Cancelling the run");
    if (operation == QLatin1String("pipeline-report"))
        return tr("Loading the validation report");
    return operation;
}

quint64 EngineBridge::failLater(const QString &operation, const QString &message)
{
    const quint64 ticket = ++m_lastTicket;
    // Queued, so that the caller has stored the ticket before the answer arrives.
    QTimer::singleShot(0, this, [this, ticket, operation, message] {
        Q_EMIT failed(ticket, operation, message);
    });
    return ticket;
}

void EngineBridge::taskStarted(const QString &operation)
{
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
    Q_EMIT progress(operation, 0, 0);
}

void EngineBridge::taskFinished()
{
    if (--m_running == 0)
        Q_EMIT busyChanged(false);
}

} // namespace mdeck::ui
