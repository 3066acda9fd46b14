#pragma once

// A trained feed-forward network as plain data: dense layers, one hidden
// activation, and the output transform (softmax for classifiers, an affine
// de-standardisation for regression). Its forward pass is plain C++ loops —
// for one row that is many times cheaper than any framework call — and it
// serialises to a small binary file. Immutable once built: callable from any
// thread. Errors: InvalidArgument for malformed weight files.

#include "core/base/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mdeck::ml {

enum class Activation { Relu, Tanh, Sigmoid, Gelu };
enum class Task { BinaryClassification, MulticlassClassification, Regression };

const char *activationName(Activation a);
Result<Activation> parseActivation(std::string_view text);
const char *taskName(Task t);
Result<Task> parseTask(std::string_view text);
inline bool isClassification(Task t)
{
    return t != Task::Regression;
}

struct DenseLayer
{
    int in = 0;
    int out = 0;
    std::vector<float> weight; // out x in, row-major (PyTorch's nn.Linear layout)
    std::vector<float> bias;   // out
};

class NativeModel
{
public:
    NativeModel() = default;
    NativeModel(std::vector<DenseLayer> layers, Activation activation, Task task,
                float targetMean = 0, float targetScale = 1);

    int inputWidth() const { return m_layers.empty() ? 0 : m_layers.front().in; }
    int outputWidth() const { return m_layers.empty() ? 0 : m_layers.back().out; }
    const std::vector<DenseLayer> &layers() const { return m_layers; }
    Activation activation() const { return m_activation; }
    Task task() const { return m_task; }
    float targetMean() const { return m_targetMean; }
    float targetScale() const { return m_targetScale; }
    std::int64_t parameterCount() const;

    // One row through the network with plain loops; `scratch` needs
    // scratchSize() floats. Outputs are probabilities (classifiers) or values.
    void forwardRow(const float *input, float *output, float *scratch) const;
    std::size_t scratchSize() const;

    std::string serialize() const;
    static Result<NativeModel> deserialize(std::string_view bytes, const std::string &source);

private:
    std::vector<DenseLayer> m_layers;
    Activation m_activation = Activation::Relu;
    Task m_task = Task::Regression;
    float m_targetMean = 0;
    float m_targetScale = 1;
    int m_maxWidth = 0;
};

void applyActivation(Activation a, float *values, std::size_t n);
void softmaxInPlace(float *values, std::size_t n);

} // namespace mdeck::ml
