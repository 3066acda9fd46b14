#include "ui/demo_workspace.h"

#include "core/common/sha256.h"
#include "core/common/signature_json.h"
#include "core/deploy/deployment_store.h"
#include "core/pipeline/executor.h"
#include "core/training/training_job.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace mdeck::ui {

namespace {

const QString kPrefix = QStringLiteral(":/modeldeck/demo/");

Result<QByteArray> readResource(const QString &name)
{
    QFile file(kPrefix + name);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Io,
                     "the demo resource " + name.toStdString() + " is missing from this build");
    return file.readAll();
}

Result<QString> writeResource(const QString &name, const QString &dir)
{
    auto bytes = readResource(name);
    if (!bytes)
        return bytes.error();
    const QString path = dir + QLatin1Char('/') + name;
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(*bytes) != bytes->size() || !out.flush())
        return Error(ErrorCode::Io, "cannot write the demo file " + path.toStdString());
    return path;
}

// Small, fixed settings: each model trains in a few seconds and always the same way.
ml::TrainSpec quickSpec(std::vector<int> hidden, double learningRate, double dropout)
{
    ml::TrainSpec spec;
    spec.hidden = std::move(hidden);
    spec.learningRate = learningRate;
    spec.dropout = dropout;
    spec.epochs = 60;
    spec.patience = 10;
    spec.seed = 42;
    spec.threads = 1;
    spec.batchSize = 32;
    return spec;
}

struct DemoRun
{
    const char *model;
    const char *description;
    const char *modelDescription;
    training::TrainRequest request;
};

// Trains, creates the model on its first version, registers; `step` sees 0..1 of this run.
Result<registry::ModelVersion> trainAndRegister(registry::ModelRegistry &registry,
                                                const auth::Actor &actor, DemoRun &run,
                                                const QString &dir,
                                                const std::function<void(double)> &step,
                                                std::stop_token stop)
{
    auto outcome = training::runTraining(
        run.request, dir.toStdString(),
        [&step](const training::TrainProgress &p) { step(p.fraction); }, stop);
    if (!outcome)
        return outcome.error();
    if (!registry.getModel(run.model)) {
        auto created = registry.createModel(actor, run.model, run.modelDescription,
                                            {{"source", "demo"}});
        if (!created)
            return created.error();
    }
    return training::registerOutcome(registry, actor, run.model, *outcome, run.description);
}

Result<void> populateTrainedModels(registry::ModelRegistry &registry, const auth::Actor &actor,
                                   const std::function<void(double)> &step, std::stop_token stop)
{
    QTemporaryDir scratch;
    if (!scratch.isValid())
        return Error(ErrorCode::Io, "cannot create a temporary folder for the demo");
    auto weather = writeResource(QStringLiteral("seattle-weather.csv"), scratch.path());
    if (!weather)
        return weather.error();
    auto penguins = writeResource(QStringLiteral("penguins.csv"), scratch.path());
    if (!penguins)
        return penguins.error();

    training::TrainRequest weatherRequest;
    weatherRequest.dataPath = weather->toStdString();
    weatherRequest.target = "weather";
    weatherRequest.timeColumn = "date";
    weatherRequest.task = ml::Task::MulticlassClassification;
    training::TrainRequest penguinRequest;
    penguinRequest.dataPath = penguins->toStdString();
    penguinRequest.target = "species";
    penguinRequest.sensitiveColumn = "sex";
    penguinRequest.task = ml::Task::MulticlassClassification;

    const char *weatherText = "Predicts the day's weather in Seattle (drizzle, rain, sun, snow, "
                              "fog) from precipitation, temperatures and wind; trained on the "
                              "oldest days, tested on the newest.";
    std::vector<DemoRun> runs;
    runs.push_back({"seattle-weather", "MLP 32, learning rate 0.01; split by date.", weatherText,
                    weatherRequest});
    runs.back().request.spec = quickSpec({32}, 0.01, 0);
    runs.push_back({"seattle-weather", "MLP 64-32 with dropout 0.1, learning rate 0.003.",
                    weatherText, weatherRequest});
    runs.back().request.spec = quickSpec({64, 32}, 0.003, 0.1);
    runs.push_back({"penguins",
                    "MLP 32 on island and body measurements; sex is kept out of the features "
                    "as the sensitive attribute.",
                    "Tells the penguin species (Adelie, Chinstrap, Gentoo) from island and "
                    "body measurements.",
                    penguinRequest});
    runs.back().request.spec = quickSpec({32}, 0.01, 0);

    std::vector<registry::ModelVersion> versions;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        auto version = trainAndRegister(
            registry, actor, runs[i], scratch.path(),
            [&](double f) { step((static_cast<double>(i) + f) / static_cast<double>(runs.size())); },
            stop);
        if (!version)
            return version.error();
        versions.push_back(std::move(*version));
    }
    // The better seattle-weather version (test accuracy) becomes the champion.
    const auto accuracy = [](const registry::ModelVersion &v) {
        const auto it = v.metrics.find("accuracy");
        return it == v.metrics.end() ? 0.0 : it->second;
    };
    const registry::ModelVersion &best = accuracy(versions[1]) > accuracy(versions[0])
        ? versions[1]
        : versions[0];
    if (auto alias = registry.setAlias(actor, "seattle-weather", "champion", best.version); !alias)
        return alias.error();
    if (auto alias = registry.setAlias(actor, "penguins", "champion", versions[2].version); !alias)
        return alias.error();
    return success();
}

// The example pipeline, stored with its schedule, and two of its runs: one
// on the Seattle data that trains, registers and asks for a canary of the
// deployment "seattle-weather" (a margin of -1 so the comparison with the
// champion always passes), one on the penguins data that fails validation.
Result<void> populatePipelineRuns(registry::ModelRegistry &registry, const auth::Actor &actor,
                                  std::stop_token stop)
{
    store::Workspace &ws = registry.workspace();
    const QString dir = QString::fromStdString(ws.dir() + "/pipelines/examples");
    if (!QDir().mkpath(dir))
        return Error(ErrorCode::Io, "cannot create " + dir.toStdString());
    Result<QString> yaml = QString();
    for (const char *name :
         {"seattle-weather.csv", "penguins.csv", "seattle-weather.pipeline.yaml"}) {
        auto written = writeResource(QLatin1String(name), dir);
        if (!written)
            return written.error();
        yaml = written;
    }
    deploy::DeploymentStore deployments(registry);
    if (!deployments.get("seattle-weather")) {
        deploy::NewDeployment deployment;
        deployment.name = "seattle-weather";
        deployment.model = "seattle-weather";
        deployment.alias = "champion";
        if (auto created = deployments.create(actor, deployment); !created)
            return created.error();
    }
    const std::string path = yaml->toStdString();
    auto stored = pipeline::loadDefinition(path);
    if (!stored)
        return stored.error();
    pipeline::Executor executor(ws, registry);
    MDECK_TRY(executor.runs().saveDefinition(actor, *stored, path));
    for (const auto &params : {std::map<std::string, std::string>{{"data", "penguins.csv"}},
                               std::map<std::string, std::string>{{"margin", "-1"}}}) {
        auto def = pipeline::loadDefinition(path, params);
        if (!def)
            return def.error();
        auto run = executor.run(actor, *def, stop);
        if (!run)
            return run.error();
    }
    return success();
}

} // namespace

Result<void> populateDemoWorkspace(registry::ModelRegistry &registry, const auth::Actor &actor,
                                   const std::function<void(int, int)> &step, std::stop_token stop)
{
    // Four steps for the TorchScript model, the rest for the three trained versions.
    constexpr int kSteps = 20;
    step(0, kSteps);
    auto model = readResource(QStringLiteral("breast_cancer_mlp.torchscript.pt"));
    auto signatureText = readResource(QStringLiteral("breast_cancer_mlp.signature.json"));
    auto data = readResource(QStringLiteral("breast_cancer.csv"));
    for (const auto *r : {&model, &signatureText, &data}) {
        if (!*r)
            return r->error();
    }
    auto signature = parseSignature(signatureText->toStdString(),
                                    "breast_cancer_mlp.signature.json");
    if (!signature)
        return signature.error();

    QTemporaryDir scratch;
    const QString artifact = scratch.filePath(QStringLiteral("breast_cancer_mlp.torchscript.pt"));
    QFile out(artifact);
    if (!scratch.isValid() || !out.open(QIODevice::WriteOnly) || out.write(*model) != model->size()
        || !out.flush())
        return Error(ErrorCode::Io, "cannot write the demo model to " + artifact.toStdString());
    out.close();

    auto created = registry.createModel(
        actor, kDemoModel,
        "Classifies breast tumours as malignant or benign from 30 measurements "
        "of cell nuclei (Wisconsin Diagnostic Breast Cancer data).",
        {{"dataset", "wdbc"}, {"task", "binary-classification"}});
    if (!created)
        return created.error();
    step(1, kSteps);
    if (stop.stop_requested())
        return Error(ErrorCode::Cancelled, "the demo workspace was not finished");

    registry::NewVersion first;
    first.model = kDemoModel;
    first.description
        = "TorchScript MLP 30-32-2 traced by PyTorch 1.13.1 from the Wisconsin Diagnostic "
          "Breast Cancer data.";
    first.format = "torchscript";
    first.artifactPath = artifact.toStdString();
    first.signature = *signature;
    first.params = {{"architecture", "MLP 30-32-2, softmax"},
                    {"framework", "PyTorch 1.13.1 (TorchScript)"}};
    first.tags = {{"source", "demo"}};
    // The training data ships with the demo, so its hash is a fact, not a claim.
    first.lineage.datasetHash = Sha256::hex(
        std::string_view(data->constData(), static_cast<std::size_t>(data->size())));
    auto v1 = registry.registerVersion(actor, first);
    if (!v1)
        return v1.error();
    step(2, kSteps);
    if (stop.stop_requested())
        return Error(ErrorCode::Cancelled, "the demo workspace was not finished");

    registry::NewVersion second = first;
    second.description = "The same artifact registered again, so that Compare has two versions.";
    second.tags = {{"source", "demo"}, {"note", "same artifact as version 1"}};
    second.lineage.parentVersion = v1->version;
    auto v2 = registry.registerVersion(actor, second);
    if (!v2)
        return v2.error();
    step(3, kSteps);

    if (auto alias = registry.setAlias(actor, kDemoModel, "champion", v1->version); !alias)
        return alias.error();
    step(4, kSteps);
    if (auto trained = populateTrainedModels(
            registry, actor,
            [&step](double f) { step(4 + static_cast<int>(f * (kSteps - 4)), kSteps); }, stop);
        !trained)
        return trained.error();
    if (auto runs = populatePipelineRuns(registry, actor, stop); !runs)
        return runs.error();
    step(kSteps, kSteps);
    return success();
}

} // namespace mdeck::ui
