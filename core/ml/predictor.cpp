#include "core/ml/predictor.h"

#include <torch/csrc/jit/passes/frozen_linear_transpose.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <mutex>

namespace mdeck::ml {

namespace {

std::string firstLine(const std::string &s)
{
    return s.substr(0, s.find('\n'));
}

torch::Tensor activate(Activation a, const torch::Tensor &t)
{
    switch (a) {
    case Activation::Relu:
        return torch::relu(t);
    case Activation::Tanh:
        return torch::tanh(t);
    case Activation::Sigmoid:
        return torch::sigmoid(t);
    case Activation::Gelu:
        return torch::gelu(t);
    }
    return t;
}

struct TorchLayers
{
    std::vector<torch::Tensor> weightsT; // in x out, so x.mm(w) needs no transpose per call
    std::vector<torch::Tensor> biases;
};

TorchLayers toTorch(const NativeModel &m, torch::Device device)
{
    TorchLayers t;
    for (const auto &l : m.layers()) {
        auto w = torch::from_blob(const_cast<float *>(l.weight.data()), {l.out, l.in},
                                  torch::kFloat);
        t.weightsT.push_back(w.t().contiguous().to(device));
        t.biases.push_back(
            torch::from_blob(const_cast<float *>(l.bias.data()), {l.out}, torch::kFloat)
                .clone()
                .to(device));
    }
    return t;
}

torch::Tensor forwardTensor(const NativeModel &m, const TorchLayers &t, torch::Tensor x)
{
    for (std::size_t i = 0; i < t.weightsT.size(); ++i) {
        x = torch::addmm(t.biases[i], x, t.weightsT[i]);
        if (i + 1 < t.weightsT.size())
            x = activate(m.activation(), x);
    }
    if (isClassification(m.task()))
        return torch::softmax(x, 1);
    return x * m.targetScale() + m.targetMean();
}

class NativePredictor : public Predictor
{
public:
    NativePredictor(NativeModel model, Device device)
        : m_model(std::move(model))
        , m_device(device == Device::Cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU))
        , m_torch(toTorch(m_model, m_device))
    {}

    std::size_t inputWidth() const override
    {
        return static_cast<std::size_t>(m_model.inputWidth());
    }
    std::size_t outputWidth() const override
    {
        return static_cast<std::size_t>(m_model.outputWidth());
    }
    std::string describe() const override
    {
        return std::string("native ") + taskName(m_model.task()) + " network, "
            + std::to_string(m_model.layers().size()) + " layers, "
            + std::to_string(m_model.parameterCount()) + " parameters";
    }

    Result<void> predict(const float *input, std::size_t rows, float *output) const override
    {
        if (rows < kNativeBatchThreshold && m_device.is_cpu()) {
            thread_local std::vector<float> scratch;
            scratch.resize(m_model.scratchSize());
            const std::size_t in = inputWidth(), out = outputWidth();
            for (std::size_t r = 0; r < rows; ++r)
                m_model.forwardRow(input + r * in, output + r * out, scratch.data());
            return success();
        }
        try {
            c10::InferenceMode inference;
            auto x = torch::from_blob(const_cast<float *>(input),
                                      {static_cast<std::int64_t>(rows),
                                       static_cast<std::int64_t>(inputWidth())},
                                      torch::kFloat);
            auto y = forwardTensor(m_model, m_torch, x.to(m_device)).to(torch::kCPU).contiguous();
            std::memcpy(output, y.data_ptr<float>(), rows * outputWidth() * sizeof(float));
            return success();
        } catch (const std::exception &e) {
            return Error(ErrorCode::Internal, "LibTorch failed: " + firstLine(e.what()));
        }
    }

private:
    NativeModel m_model;
    torch::Device m_device;
    TorchLayers m_torch;
};

class TorchScriptPredictor : public Predictor
{
public:
    TorchScriptPredictor(torch::jit::script::Module module, std::size_t in, std::size_t out,
                         torch::Device device, bool frozen)
        : m_module(std::move(module))
        , m_in(in)
        , m_out(out)
        , m_device(device)
        , m_frozen(frozen)
    {}

    std::size_t inputWidth() const override { return m_in; }
    std::size_t outputWidth() const override { return m_out; }
    std::string describe() const override
    {
        return m_frozen ? "TorchScript module, frozen for inference" : "TorchScript module";
    }

    Result<void> predict(const float *input, std::size_t rows, float *output) const override
    {
        try {
            // Inference mode skips autograd's bookkeeping (version counters,
            // views) that no-grad mode still keeps: about 1 us a call.
            c10::InferenceMode inference;
            auto x = torch::from_blob(const_cast<float *>(input),
                                      {static_cast<std::int64_t>(rows),
                                       static_cast<std::int64_t>(m_in)},
                                      torch::kFloat)
                         .to(m_device);
            // Module::forward is not const; scripted inference does not mutate the module.
            auto &module = const_cast<torch::jit::script::Module &>(m_module);
            torch::jit::IValue out = module.forward({x});
            if (!out.isTensor())
                return Error(ErrorCode::Internal, "the TorchScript module did not return a tensor");
            auto y = out.toTensor().to(torch::kCPU).to(torch::kFloat).contiguous();
            if (y.dim() != 2 || y.size(0) != static_cast<std::int64_t>(rows)
                || y.size(1) != static_cast<std::int64_t>(m_out))
                return Error(ErrorCode::Internal,
                             "the TorchScript module returned an unexpected shape");
            std::memcpy(output, y.data_ptr<float>(), rows * m_out * sizeof(float));
            return success();
        } catch (const std::exception &e) {
            return Error(ErrorCode::Internal, "LibTorch failed: " + firstLine(e.what()));
        }
    }

private:
    torch::jit::script::Module m_module;
    std::size_t m_in, m_out;
    torch::Device m_device;
    bool m_frozen;
};

} // namespace

std::unique_ptr<Predictor> makeNativePredictor(NativeModel model, Device device)
{
    return std::make_unique<NativePredictor>(std::move(model), device);
}

Result<std::unique_ptr<Predictor>> loadTorchScriptPredictor(const std::string &path,
                                                            const Signature &sig, Device device)
{
    if (sig.inputs.size() != 1 || sig.outputs.size() != 1)
        return Error(ErrorCode::Unsupported,
                     "only TorchScript models with one input and one output can be run here");
    const TensorSpec &in = sig.inputs[0];
    const TensorSpec &out = sig.outputs[0];
    if (in.datatype != "FP32" || in.shape.size() != 2 || in.shape[1] < 1 || out.shape.size() != 2
        || out.shape[1] < 1)
        return Error(
            ErrorCode::Unsupported,
            "the TorchScript model must take FP32 [-1, n] and return [-1, m] with n and m fixed");
    try {
        const torch::Device dev = device == Device::Cuda ? torch::Device(torch::kCUDA)
                                                         : torch::Device(torch::kCPU);
        auto module = torch::jit::load(path, dev);
        module.eval();
        // Freezing inlines the weights as constants; then each Linear gets
        // its weight transposed once, here, instead of on every call, as
        // torch.jit.freeze does in Python. A call of a small network costs
        // 20-25 % less. A module that cannot be frozen runs as it was saved.
        bool frozen = false;
        try {
            auto f = torch::jit::freeze(module);
            auto graph = f.get_method("forward").graph();
            torch::jit::FrozenLinearTranspose(graph);
            module = std::move(f);
            frozen = true;
        } catch (const std::exception &) {
        }
        return std::unique_ptr<Predictor>(
            std::make_unique<TorchScriptPredictor>(std::move(module),
                                                   static_cast<std::size_t>(in.shape[1]),
                                                   static_cast<std::size_t>(out.shape[1]), dev,
                                                   frozen));
    } catch (const std::exception &e) {
        return Error(ErrorCode::InvalidArgument, path + " cannot be loaded: " + firstLine(e.what()));
    }
}

Result<void> forwardWithTorch(const NativeModel &model, const float *input, std::size_t rows,
                              float *output)
{
    try {
        torch::NoGradGuard noGrad;
        const TorchLayers t = toTorch(model, torch::kCPU);
        auto x = torch::from_blob(const_cast<float *>(input),
                                  {static_cast<std::int64_t>(rows), model.inputWidth()},
                                  torch::kFloat);
        auto y = forwardTensor(model, t, x).contiguous();
        std::memcpy(output, y.data_ptr<float>(),
                    rows * static_cast<std::size_t>(model.outputWidth()) * sizeof(float));
        return success();
    } catch (const std::exception &e) {
        return Error(ErrorCode::Internal, "LibTorch failed: " + firstLine(e.what()));
    }
}

void setTorchThreads(int threads)
{
    if (threads > 0)
        torch::set_num_threads(threads);
}

int torchThreads()
{
    return torch::get_num_threads();
}

bool cudaAvailable()
{
    return torch::cuda::is_available();
}

std::string cudaDeviceName()
{
    // LibTorch's C++ API exposes the device count but not the card's name;
    // the hardware fingerprint records what it can state truthfully.
    if (!cudaAvailable())
        return {};
    return "CUDA device 0 of " + std::to_string(torch::cuda::device_count());
}

} // namespace mdeck::ml
