#include "ui/demo_workspace.h"

#include "core/common/sha256.h"
#include "core/common/signature_json.h"

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

} // namespace

Result<void> populateDemoWorkspace(registry::ModelRegistry &registry, const auth::Actor &actor,
                                   const std::function<void(int, int)> &step, std::stop_token stop)
{
    constexpr int kSteps = 4;
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
    step(kSteps, kSteps);
    return success();
}

} // namespace mdeck::ui
