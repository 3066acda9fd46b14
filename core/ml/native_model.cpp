#include "core/ml/native_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace mdeck::ml {

namespace {

constexpr char kMagic[8] = {'M', 'D', 'E', 'C', 'K', 'N', 'N', '1'};
constexpr std::int32_t kMaxLayers = 64;
constexpr std::int32_t kMaxWidth = 1 << 20;

template<typename T>
void put(std::string &out, T v)
{
    out.append(reinterpret_cast<const char *>(&v), sizeof v);
}

template<typename T>
bool take(std::string_view &in, T &v)
{
    if (in.size() < sizeof v)
        return false;
    std::memcpy(&v, in.data(), sizeof v);
    in.remove_prefix(sizeof v);
    return true;
}

} // namespace

const char *activationName(Activation a)
{
    switch (a) {
    case Activation::Relu:
        return "relu";
    case Activation::Tanh:
        return "tanh";
    case Activation::Sigmoid:
        return "sigmoid";
    case Activation::Gelu:
        return "gelu";
    }
    return "relu";
}

Result<Activation> parseActivation(std::string_view text)
{
    for (Activation a : {Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Gelu})
        if (text == activationName(a))
            return a;
    return Error(ErrorCode::InvalidArgument,
                 "unknown activation '" + std::string(text.substr(0, 40))
                     + "' (expected relu, tanh, sigmoid or gelu)");
}

const char *taskName(Task t)
{
    switch (t) {
    case Task::BinaryClassification:
        return "binary";
    case Task::MulticlassClassification:
        return "multiclass";
    case Task::Regression:
        return "regression";
    }
    return "regression";
}

Result<Task> parseTask(std::string_view text)
{
    for (Task t : {Task::BinaryClassification, Task::MulticlassClassification, Task::Regression})
        if (text == taskName(t))
            return t;
    return Error(ErrorCode::InvalidArgument,
                 "unknown task '" + std::string(text.substr(0, 40))
                     + "' (expected binary, multiclass or regression)");
}

void applyActivation(Activation a, float *v, std::size_t n)
{
    switch (a) {
    case Activation::Relu:
        for (std::size_t i = 0; i < n; ++i)
            v[i] = v[i] > 0 ? v[i] : 0;
        break;
    case Activation::Tanh:
        for (std::size_t i = 0; i < n; ++i)
            v[i] = std::tanh(v[i]);
        break;
    case Activation::Sigmoid:
        for (std::size_t i = 0; i < n; ++i)
            v[i] = 1.0f / (1.0f + std::exp(-v[i]));
        break;
    case Activation::Gelu:
        for (std::size_t i = 0; i < n; ++i)
            v[i] = 0.5f * v[i] * (1.0f + std::erf(v[i] * 0.70710678118654752f));
        break;
    }
}

void softmaxInPlace(float *v, std::size_t n)
{
    float mx = v[0];
    for (std::size_t i = 1; i < n; ++i)
        mx = std::max(mx, v[i]);
    float sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = std::exp(v[i] - mx);
        sum += v[i];
    }
    for (std::size_t i = 0; i < n; ++i)
        v[i] /= sum;
}

NativeModel::NativeModel(std::vector<DenseLayer> layers, Activation activation, Task task,
                         float targetMean, float targetScale)
    : m_layers(std::move(layers))
    , m_activation(activation)
    , m_task(task)
    , m_targetMean(targetMean)
    , m_targetScale(targetScale)
{
    for (const auto &l : m_layers)
        m_maxWidth = std::max({m_maxWidth, l.in, l.out});
}

std::int64_t NativeModel::parameterCount() const
{
    std::int64_t n = 0;
    for (const auto &l : m_layers)
        n += static_cast<std::int64_t>(l.weight.size() + l.bias.size());
    return n;
}

std::size_t NativeModel::scratchSize() const
{
    return 2 * static_cast<std::size_t>(m_maxWidth);
}

void NativeModel::forwardRow(const float *input, float *output, float *scratch) const
{
    const float *x = input;
    float *bufs[2] = {scratch, scratch + m_maxWidth};
    for (std::size_t li = 0; li < m_layers.size(); ++li) {
        const DenseLayer &l = m_layers[li];
        const bool last = li + 1 == m_layers.size();
        float *y = last ? output : bufs[li % 2];
        const float *w = l.weight.data();
        for (int o = 0; o < l.out; ++o) {
            const float *wr = w + static_cast<std::size_t>(o) * l.in;
            float acc = l.bias[o];
            for (int i = 0; i < l.in; ++i)
                acc += wr[i] * x[i];
            y[o] = acc;
        }
        if (!last)
            applyActivation(m_activation, y, static_cast<std::size_t>(l.out));
        x = y;
    }
    if (isClassification(m_task))
        softmaxInPlace(output, static_cast<std::size_t>(outputWidth()));
    else
        for (int o = 0; o < outputWidth(); ++o)
            output[o] = output[o] * m_targetScale + m_targetMean;
}

std::string NativeModel::serialize() const
{
    std::string out(kMagic, sizeof kMagic);
    put<std::int32_t>(out, static_cast<std::int32_t>(m_layers.size()));
    put<std::int32_t>(out, static_cast<std::int32_t>(m_activation));
    put<std::int32_t>(out, static_cast<std::int32_t>(m_task));
    put<float>(out, m_targetMean);
    put<float>(out, m_targetScale);
    for (const auto &l : m_layers) {
        put<std::int32_t>(out, l.in);
        put<std::int32_t>(out, l.out);
        out.append(reinterpret_cast<const char *>(l.weight.data()), l.weight.size() * sizeof(float));
        out.append(reinterpret_cast<const char *>(l.bias.data()), l.bias.size() * sizeof(float));
    }
    return out;
}

Result<NativeModel> NativeModel::deserialize(std::string_view in, const std::string &source)
{
    auto bad = [&source](const std::string &what) {
        return Error(ErrorCode::InvalidArgument,
                     source + ": not a valid ModelDeck weights file: " + what);
    };
    if (in.size() < sizeof kMagic || std::memcmp(in.data(), kMagic, sizeof kMagic) != 0)
        return bad("wrong magic bytes");
    in.remove_prefix(sizeof kMagic);
    std::int32_t layers = 0, act = 0, task = 0;
    float mean = 0, scale = 1;
    if (!take(in, layers) || !take(in, act) || !take(in, task) || !take(in, mean)
        || !take(in, scale))
        return bad("truncated header");
    if (layers < 1 || layers > kMaxLayers)
        return bad("layer count " + std::to_string(layers) + " out of range");
    if (act < 0 || act > static_cast<int>(Activation::Gelu))
        return bad("unknown activation " + std::to_string(act));
    if (task < 0 || task > static_cast<int>(Task::Regression))
        return bad("unknown task " + std::to_string(task));
    if (!std::isfinite(mean) || !std::isfinite(scale))
        return bad("non-finite target scaling");
    std::vector<DenseLayer> ls;
    for (int li = 0; li < layers; ++li) {
        DenseLayer l;
        if (!take(in, l.in) || !take(in, l.out))
            return bad("truncated layer " + std::to_string(li));
        if (l.in < 1 || l.out < 1 || l.in > kMaxWidth || l.out > kMaxWidth)
            return bad("layer " + std::to_string(li) + " has size " + std::to_string(l.in) + "x"
                       + std::to_string(l.out));
        if (!ls.empty() && ls.back().out != l.in)
            return bad("layer " + std::to_string(li) + " does not fit the layer before it");
        const std::size_t nw = static_cast<std::size_t>(l.in) * static_cast<std::size_t>(l.out);
        const std::size_t bytes = (nw + static_cast<std::size_t>(l.out)) * sizeof(float);
        if (in.size() < bytes)
            return bad("truncated weights of layer " + std::to_string(li));
        l.weight.resize(nw);
        l.bias.resize(static_cast<std::size_t>(l.out));
        std::memcpy(l.weight.data(), in.data(), nw * sizeof(float));
        in.remove_prefix(nw * sizeof(float));
        std::memcpy(l.bias.data(), in.data(), l.bias.size() * sizeof(float));
        in.remove_prefix(l.bias.size() * sizeof(float));
        for (float v : l.weight)
            if (!std::isfinite(v))
                return bad("non-finite weight in layer " + std::to_string(li));
        for (float v : l.bias)
            if (!std::isfinite(v))
                return bad("non-finite bias in layer " + std::to_string(li));
        ls.push_back(std::move(l));
    }
    if (!in.empty())
        return bad(std::to_string(in.size()) + " unexpected trailing bytes");
    return NativeModel(std::move(ls), static_cast<Activation>(act), static_cast<Task>(task), mean,
                       scale);
}

} // namespace mdeck::ml
