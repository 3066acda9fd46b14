#pragma once

// A registered version made ready to predict: its verified artifact loaded
// into a Predictor, with the recipe that turns raw feature values (text, as
// in a CSV file) into the model's input row. Serves both packages trained
// here (preprocessing inside) and imported TorchScript files (numeric
// features in signature order). Immutable after load: thread-safe.
// Errors: NotFound, Integrity, Unsupported (a model shape this cannot run).

#include "core/ml/predictor.h"
#include "core/registry/model_registry.h"
#include "core/training/model_package.h"

#include <optional>

namespace mdeck::training {

class LoadedModel
{
public:
    static Result<LoadedModel> load(registry::ModelRegistry &registry, const std::string &model,
                                    const std::string &reference,
                                    ml::Device device = ml::Device::Cpu);

    const registry::ModelVersion &version() const { return m_version; }
    const std::vector<std::string> &features() const { return m_features; }
    const std::vector<std::string> &classes() const { return m_classes; }
    // "binary", "multiclass", "regression", or "" when a TorchScript file does not say.
    const std::string &task() const { return m_task; }
    std::size_t inputWidth() const { return m_predictor->inputWidth(); }
    std::size_t outputWidth() const { return m_predictor->outputWidth(); }
    const ml::Predictor &predictor() const { return *m_predictor; }
    const std::optional<ModelPackage> &package() const { return m_package; }

    // Raw fields, in features() order, into one input row of inputWidth() floats.
    Result<void> encode(const std::vector<std::string_view> &fields, float *row) const;

private:
    registry::ModelVersion m_version;
    std::vector<std::string> m_features;
    std::vector<std::string> m_classes;
    std::string m_task;
    std::optional<ModelPackage> m_package;
    std::shared_ptr<ml::Predictor> m_predictor;
};

// "name", "name:3", "name@champion" -> {name, reference}.
Result<std::pair<std::string, std::string>> parseModelReference(const std::string &text);

} // namespace mdeck::training
