#pragma once

// The console's only door into core. EngineBridge owns the open workspace,
// its ModelRegistry (which checks model packages and TorchScript artifacts
// with training::artifactValidator()) and UserDirectory, and the acting identity. Every
// core call runs on the bridge's own thread pool; answers come back as
// signals on the GUI thread, tagged with the ticket that the request
// returned. Results of requests made before another workspace was opened are
// dropped, and a closed bridge waits for the calls already running and
// delivers nothing. Errors arrive as failed(), with core's English message.
// Training and benchmarks report live progress through a feed that merges
// bursts every 40 ms, and stop within one batch when cancel() is called.
// GUI thread only.

#include "ui/engine_types.h"

#include "core/auth/auth.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <map>
#include <memory>
#include <stop_token>

namespace mdeck::ui {

class LiveFeed;

class EngineBridge : public QObject
{
    Q_OBJECT

public:
    explicit EngineBridge(QObject *parent = nullptr);
    ~EngineBridge() override;

    bool hasWorkspace() const { return m_engine != nullptr; }
    QString workspacePath() const;
    // The workspace's fixed random id, to keep credentials per workspace.
    QString workspaceId() const;
    const auth::Actor &actor() const { return m_actor; }
    // Whether the acting user may do it; whyNot() says why not, "" when allowed.
    bool may(auth::Permission permission) const;
    QString whyNot(auth::Permission permission) const;
    bool isBusy() const { return m_running > 0; }

    // The token that identifies the user in the open workspace; "" = the
    // operating-system account. The acting user is resolved again at once.
    // Opening another workspace forgets the token.
    void setApiToken(const QString &token);
    QString apiToken() const { return m_token; }

    quint64 openWorkspace(const QString &dir);
    quint64 createWorkspace(const QString &dir);
    // Creates a workspace with the demo model in `dir`, or opens the one there.
    quint64 createDemoWorkspace(const QString &dir);
    quint64 loadModels();
    quint64 loadVersions(const registry::VersionQuery &query);
    quint64 loadVersion(const QString &model, int version);
    quint64 compareVersions(const QString &model, int left, int right);
    quint64 registerVersion(const RegistrationRequest &request);
    quint64 setAlias(const QString &model, const QString &alias, int version);
    quint64 setArchived(const QString &model, int version, bool archived);

    // Reads and profiles a CSV file with the given column types (the rest inferred).
    quint64 loadDataset(const QString &path,
                        const std::map<std::string, data::ColumnType> &typeOverrides = {});
    // Trains in a scratch folder; nothing reaches the registry until registerTrained().
    quint64 train(const training::TrainRequest &request);
    // Creates the model when it does not exist yet, then registers the trained version.
    quint64 registerTrained(const QString &model, const TrainedModel &trained,
                            const QString &description = {});
    // Benchmarks `model` at `reference` ("3", "latest", "champion") and stores the result.
    quint64 runBenchmark(const QString &model, const QString &reference,
                         const training::BenchOptions &options);
    quint64 loadBenchmarks(const QString &model);
    // Pipelines (engine_bridge_pipelines.cpp). A run started here executes on the
    // bridge's pool and writes its progress to the workspace, where
    // loadPipelineRun() reads it; closing the bridge cancels it.
    quint64 loadPipelines(int runLimit = 200);
    quint64 loadPipelineRun(qint64 runId);
    // `fileOrName`: a pipeline YAML file, or the name of a pipeline stored in the workspace.
    quint64 runPipeline(const QString &fileOrName,
                        const std::map<std::string, std::string> &params = {});
    // A new run of the definition and parameters a finished run used.
    quint64 rerunPipelineRun(qint64 runId);
    // Continues a finished run; with `fromStep`, that step and all after it run again.
    quint64 resumePipelineRun(qint64 runId, const QString &fromStep = {});
    quint64 cancelPipelineRun(qint64 runId);
    // The JSON report (an output artifact) of a validate step.
    quint64 loadStepReport(qint64 runId, const QString &step);
    // Deployments (engine_bridge_deploy.cpp).
    quint64 loadDeployments();
    quint64 loadDeployment(const QString &name);
    quint64 approveRollout(qint64 rolloutId, const QString &comment);
    quint64 rejectRollout(qint64 rolloutId, const QString &comment);
    quint64 rollback(const QString &deployment, const QString &comment);
    quint64 createDeployment(const deploy::NewDeployment &deployment);
    // GET /v2/health/ready of each base URL, in parallel on the pool.
    quint64 checkEndpoints(const QStringList &urls);

    // Asks a running train() or runBenchmark() to stop; it fails with "cancelled".
    void cancel(quint64 ticket);

    // A translated title of an operation named in failed() and progress().
    static QString operationTitle(const QString &operation);

Q_SIGNALS:
    void workspaceOpened(const QString &dir);
    void actorChanged();
    void modelsLoaded(quint64 ticket, const std::vector<mdeck::registry::Model> &models);
    void versionsLoaded(quint64 ticket, const mdeck::ui::VersionList &list);
    void versionLoaded(quint64 ticket, const mdeck::ui::VersionDetails &details);
    void comparisonLoaded(quint64 ticket, const mdeck::ui::VersionComparison &comparison);
    void versionRegistered(quint64 ticket, const mdeck::registry::ModelVersion &version);
    void aliasChanged(quint64 ticket, const QString &model, const QString &alias, int version);
    void archivedChanged(quint64 ticket, const QString &model, int version, bool archived);
    // After any change to models, versions or aliases, from this console.
    void registryChanged();
    void datasetLoaded(quint64 ticket, const mdeck::ui::DatasetSchema &schema);
    void trainingProgress(quint64 ticket, const mdeck::ui::TrainingUpdate &update);
    void trainingFinished(quint64 ticket, const mdeck::ui::TrainedModel &trained);
    void benchmarkProgress(quint64 ticket, const mdeck::ui::BenchmarkUpdate &update);
    void benchmarkFinished(quint64 ticket, const mdeck::ui::BenchmarkRun &run);
    void benchmarksLoaded(quint64 ticket, const mdeck::ui::BenchmarkHistory &history);
    void pipelinesLoaded(quint64 ticket, const mdeck::ui::PipelineOverview &overview);
    void pipelineRunLoaded(quint64 ticket, const mdeck::pipeline::RunRecord &run);
    void pipelineRunFinished(quint64 ticket, const mdeck::pipeline::RunRecord &run);
    void pipelineCancelRequested(quint64 ticket, qint64 runId);
    void stepReportLoaded(quint64 ticket, const QString &step, const mdeck::Json &report);
    void deploymentsLoaded(quint64 ticket, const mdeck::ui::DeploymentOverview &overview);
    void deploymentLoaded(quint64 ticket, const mdeck::ui::DeploymentDetails &details);
    void rolloutDecided(quint64 ticket, const mdeck::deploy::Rollout &rollout);
    void rolledBack(quint64 ticket, const mdeck::deploy::Deployment &deployment);
    void deploymentCreated(quint64 ticket, const mdeck::deploy::Deployment &deployment);
    void endpointsChecked(quint64 ticket, const mdeck::ui::EndpointHealthList &health);
    // After an approval, rejection or rollback from this console.
    void deploymentsChanged();
    void failed(quint64 ticket, const QString &operation, const QString &message);
    void busyChanged(bool busy);
    // total == 0: no measure of progress, only that `operation` is running.
    void progress(const QString &operation, int done, int total);

private:
    struct Engine;
    struct Opened;
    class TaskContext;
    struct Job
    {
        std::stop_source stop;
        QPointer<LiveFeed> feed;
    };

    template<typename T, typename Work, typename Done>
    quint64 start(const QString &operation, Work work, Done done);
    quint64 failLater(const QString &operation, const QString &message);
    quint64 startOpen(const QString &operation, const QString &dir, int mode);
    void taskStarted(const QString &operation);
    void taskFinished();
    LiveFeed *beginJob(std::stop_source stop);
    void endJob(quint64 ticket);

    QThreadPool m_pool;
    std::shared_ptr<Engine> m_engine;
    auth::Actor m_actor;
    QString m_token;
    quint64 m_lastTicket = 0;
    quint64 m_generation = 0; // bumped when another workspace opens
    int m_running = 0;
    std::map<quint64, Job> m_jobs; // running trainings and benchmarks
};

} // namespace mdeck::ui
