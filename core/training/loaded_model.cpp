#include "core/training/loaded_model.h"

#include "core/data/csv_reader.h"

namespace mdeck::training {

Result<std::pair<std::string, std::string>> parseModelReference(const std::string &text)
{
    const auto at = text.find('@');
    const auto colon = text.find(':');
    std::string name = text, ref = "latest";
    if (at != std::string::npos) {
        name = text.substr(0, at);
        ref = "@" + text.substr(at + 1);
    } else if (colon != std::string::npos) {
        name = text.substr(0, colon);
        ref = text.substr(colon + 1);
        if (ref.empty() || ref.find_first_not_of("0123456789") != std::string::npos)
            return Error(ErrorCode::InvalidArgument,
                         "'" + text + "' must look like NAME, NAME:VERSION or NAME@ALIAS");
    }
    if (name.empty() || (at != std::string::npos && at + 1 == text.size()))
        return Error(ErrorCode::InvalidArgument,
                     "'" + text + "' must look like NAME, NAME:VERSION or NAME@ALIAS");
    return std::make_pair(name, ref);
}

Result<LoadedModel> LoadedModel::load(registry::ModelRegistry &registry, const std::string &model,
                                      const std::string &reference, ml::Device device)
{
    auto version = registry.resolve(model, reference);
    if (!version)
        return version.error();
    auto path = registry.artifactPath(*version);
    if (!path)
        return path.error();
    LoadedModel m;
    m.m_version = std::move(*version);
    const Signature &sig = m.m_version.signature;
    if (m.m_version.format == "modeldeck") {
        auto p = readPackage(*path);
        if (!p)
            return p.error();
        m.m_features = p->features;
        m.m_classes = p->classes;
        m.m_task = ml::taskName(p->task);
        m.m_predictor = ml::makeNativePredictor(p->network, device);
        m.m_package = std::move(*p);
        return m;
    }
    if (m.m_version.format != "torchscript")
        return Error(ErrorCode::Unsupported,
                     "version " + model + ":" + std::to_string(m.m_version.version)
                         + " is a plain file; only trained and TorchScript models can predict");
    auto predictor = ml::loadTorchScriptPredictor(*path, sig, device);
    if (!predictor)
        return predictor.error();
    m.m_predictor = std::move(*predictor);
    m.m_features = sig.inputs[0].features;
    if (m.m_features.empty())
        for (std::size_t i = 0; i < m.m_predictor->inputWidth(); ++i)
            m.m_features.push_back("x" + std::to_string(i));
    m.m_classes = sig.outputs[0].classes;
    if (!m.m_classes.empty())
        m.m_task = m.m_classes.size() == 2 ? "binary" : "multiclass";
    return m;
}

Result<void> LoadedModel::encode(const std::vector<std::string_view> &fields, float *row) const
{
    if (fields.size() != m_features.size())
        return Error(ErrorCode::InvalidArgument,
                     "expected " + std::to_string(m_features.size()) + " features, got "
                         + std::to_string(fields.size()));
    if (m_package)
        return m_package->preprocessor.transformText(fields, row);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (data::isMissingToken(fields[i]))
            return Error(ErrorCode::InvalidArgument,
                         "feature '" + m_features[i]
                             + "' is missing; this TorchScript model has no imputation");
        auto v = data::parseNumber(fields[i]);
        if (!v)
            return Error(ErrorCode::InvalidArgument,
                         "feature '" + m_features[i] + "' is not a number: '"
                             + std::string(fields[i].substr(0, 40)) + "'");
        row[i] = static_cast<float>(*v);
    }
    return success();
}

} // namespace mdeck::training
