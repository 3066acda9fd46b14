// EngineBridge's deployment calls: the overview and details the Deployments
// panel draws, rollout decisions and rollback, and endpoint health checks.

#include "ui/engine_bridge_p.h"

#include "core/common/text.h"
#include "core/net/http_client.h"

#include <QtConcurrent>

#include <chrono>

namespace mdeck::ui {

namespace {

const net::HttpClient &healthClient()
{
    static const net::HttpClient client(net::ClientConfig{"ModelDeck console", {}, {}});
    return client;
}

} // namespace

quint64 EngineBridge::loadDeployments()
{
    if (!m_engine)
        return failLater(QStringLiteral("deployments"), tr("No workspace is open."));
    return start<DeploymentOverview>(
        QStringLiteral("deployments"),
        [engine = m_engine](TaskContext &) -> Result<DeploymentOverview> {
            DeploymentOverview out;
            auto list = engine->deployments->list();
            if (!list)
                return list.error();
            const std::int64_t now = nowMillis();
            auto &db = engine->workspace->db();
            for (auto &d : *list) {
                DeploymentRow row;
                auto open = engine->rollouts->open(d.name);
                if (!open)
                    return open.error();
                row.open = std::move(*open);
                auto traffic = watch::recentTraffic(db, d.name, now);
                if (!traffic)
                    return traffic.error();
                row.traffic = *traffic;
                row.deployment = std::move(d);
                out.rows.push_back(std::move(row));
            }
            auto servers = watch::recordedServers(db, now);
            if (!servers)
                return servers.error();
            out.servers = std::move(*servers);
            return out;
        },
        [this](quint64 ticket, DeploymentOverview overview) {
            Q_EMIT deploymentsLoaded(ticket, overview);
        });
}

quint64 EngineBridge::loadDeployment(const QString &name)
{
    if (!m_engine)
        return failLater(QStringLiteral("deployment"), tr("No workspace is open."));
    return start<DeploymentDetails>(
        QStringLiteral("deployment"),
        [engine = m_engine, name = name.toStdString()](TaskContext &) -> Result<DeploymentDetails> {
            DeploymentDetails out;
            auto d = engine->deployments->get(name);
            if (!d)
                return d.error();
            out.deployment = std::move(*d);
            auto open = engine->rollouts->open(name);
            if (!open)
                return open.error();
            out.open = std::move(*open);
            auto rollouts = engine->rollouts->list(name, 20);
            if (!rollouts)
                return rollouts.error();
            out.rollouts = std::move(*rollouts);
            auto events = engine->deployments->events(name, 200);
            if (!events)
                return events.error();
            out.events = std::move(*events);
            if (out.open) {
                auto note = engine->rollouts->note(out.open->id);
                if (!note)
                    return note.error();
                out.note = note->first;
                out.observationJson = note->second;
            }
            return out;
        },
        [this](quint64 ticket, DeploymentDetails details) {
            Q_EMIT deploymentLoaded(ticket, details);
        });
}

quint64 EngineBridge::approveRollout(qint64 rolloutId, const QString &comment)
{
    if (!m_engine)
        return failLater(QStringLiteral("approve"), tr("No workspace is open."));
    return start<deploy::Rollout>(
        QStringLiteral("approve"),
        [engine = m_engine, actor = m_actor, rolloutId, comment = comment.toStdString()](
            TaskContext &) { return engine->rollouts->approve(actor, rolloutId, comment); },
        [this](quint64 ticket, deploy::Rollout rollout) {
            Q_EMIT rolloutDecided(ticket, rollout);
            Q_EMIT deploymentsChanged();
        });
}

quint64 EngineBridge::rejectRollout(qint64 rolloutId, const QString &comment)
{
    if (!m_engine)
        return failLater(QStringLiteral("reject"), tr("No workspace is open."));
    return start<deploy::Rollout>(
        QStringLiteral("reject"),
        [engine = m_engine, actor = m_actor, rolloutId, comment = comment.toStdString()](
            TaskContext &) { return engine->rollouts->reject(actor, rolloutId, comment); },
        [this](quint64 ticket, deploy::Rollout rollout) {
            Q_EMIT rolloutDecided(ticket, rollout);
            Q_EMIT deploymentsChanged();
        });
}

quint64 EngineBridge::rollback(const QString &deployment, const QString &comment)
{
    if (!m_engine)
        return failLater(QStringLiteral("rollback"), tr("No workspace is open."));
    return start<deploy::Deployment>(
        QStringLiteral("rollback"),
        [engine = m_engine, actor = m_actor, name = deployment.toStdString(),
         comment = comment.toStdString()](TaskContext &) {
            return engine->rollouts->rollback(actor, name, comment);
        },
        [this](quint64 ticket, deploy::Deployment d) {
            Q_EMIT rolledBack(ticket, d);
            Q_EMIT deploymentsChanged();
        });
}

quint64 EngineBridge::createDeployment(const deploy::NewDeployment &deployment)
{
    if (!m_engine)
        return failLater(QStringLiteral("create deployment"), tr("No workspace is open."));
    return start<deploy::Deployment>(
        QStringLiteral("create deployment"),
        [engine = m_engine, actor = m_actor, deployment](TaskContext &) {
            return engine->deployments->create(actor, deployment);
        },
        [this](quint64 ticket, deploy::Deployment d) {
            Q_EMIT deploymentCreated(ticket, d);
            Q_EMIT deploymentsChanged();
        });
}

quint64 EngineBridge::checkEndpoints(const QStringList &urls)
{
    std::vector<std::string> list;
    for (const QString &u : urls)
        list.push_back(u.toStdString());
    // Needs no workspace: remote endpoints are watched on their own.
    return start<EndpointHealthList>(
        QStringLiteral("health"),
        [list](TaskContext &) -> Result<EndpointHealthList> {
            EndpointHealthList out(list.size());
            std::vector<std::thread> threads;
            for (std::size_t i = 0; i < list.size(); ++i)
                threads.emplace_back(
                    [&, i] { out[i] = watch::checkHealth(healthClient(), list[i], 2000); });
            for (auto &t : threads)
                t.join();
            return out;
        },
        [this](quint64 ticket, EndpointHealthList health) {
            Q_EMIT endpointsChecked(ticket, health);
        });
}

} // namespace mdeck::ui
