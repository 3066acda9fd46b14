#pragma once

// One interface for every model that turns a dense float matrix into
// outputs: native networks trained here (a lean plain-C++ path for small
// batches, LibTorch's BLAS-backed matrix products for large ones) and
// imported TorchScript files with one FP32 input and one output. predict()
// is const and thread-safe: many requests may run at once.
// Errors: InvalidArgument (shape), Internal (LibTorch failure).

#include "core/base/signature.h"
#include "core/ml/native_model.h"

#include <memory>

namespace mdeck::ml {

enum class Device { Cpu, Cuda };

class Predictor
{
public:
    virtual ~Predictor() = default;
    virtual std::size_t inputWidth() const = 0;
    virtual std::size_t outputWidth() const = 0;
    // `input` holds rows x inputWidth() floats; `output` receives rows x outputWidth().
    virtual Result<void> predict(const float *input, std::size_t rows, float *output) const = 0;
    virtual std::string describe() const = 0;
};

// Rows at or above this use LibTorch matrix products; below it, plain loops.
inline constexpr std::size_t kNativeBatchThreshold = 16;

std::unique_ptr<Predictor> makeNativePredictor(NativeModel model, Device device = Device::Cpu);

// Loads a TorchScript file whose forward takes one FP32 [-1, n] tensor and
// returns one [-1, m] tensor, as its signature says.
Result<std::unique_ptr<Predictor>> loadTorchScriptPredictor(const std::string &path,
                                                            const Signature &signature,
                                                            Device device = Device::Cpu);

// The same network through LibTorch only, for proving the lean path equal.
Result<void> forwardWithTorch(const NativeModel &model, const float *input, std::size_t rows,
                              float *output);

// LibTorch's intra-op thread count (process-wide).
void setTorchThreads(int threads);
int torchThreads();

bool cudaAvailable();
// "CUDA device 0 of N", or "" without CUDA.
std::string cudaDeviceName();

} // namespace mdeck::ml
