#include "core/ml/torchscript_check.h"

#include <torch/script.h>
#include <torch/version.h>

#include <sstream>

namespace mdeck::ml {

namespace {

std::optional<c10::ScalarType> scalarTypeFor(const std::string &datatype)
{
    static const std::map<std::string, c10::ScalarType> kTypes = {
        {"BOOL", c10::kBool},   {"UINT8", c10::kByte}, {"INT8", c10::kChar},
        {"INT16", c10::kShort}, {"INT32", c10::kInt},  {"INT64", c10::kLong},
        {"FP16", c10::kHalf},   {"FP32", c10::kFloat}, {"FP64", c10::kDouble},
    };
    const auto it = kTypes.find(datatype);
    if (it == kTypes.end())
        return std::nullopt;
    return it->second;
}

std::string shapeText(c10::IntArrayRef sizes)
{
    std::ostringstream s;
    s << '[';
    for (std::size_t i = 0; i < sizes.size(); ++i)
        s << (i ? ", " : "") << sizes[i];
    s << ']';
    return s.str();
}

// LibTorch's interpreter errors put a generic line first and the cause
// ("RuntimeError: mat1 and mat2 shapes cannot be multiplied …") last.
std::string firstLine(const std::string &text)
{
    std::string best;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos)
            nl = text.size();
        const std::string line = text.substr(start, nl - start);
        if (line.find("Error: ") != std::string::npos)
            best = line.substr(line.find_first_not_of(' '));
        start = nl + 1;
    }
    if (!best.empty())
        return best.size() > 400 ? best.substr(0, 400) : best;
    const auto nl = text.find('\n');
    return nl == std::string::npos ? text : text.substr(0, nl);
}

Result<void> checkOutput(const torch::Tensor &t, const TensorSpec &spec, const std::string &path)
{
    const auto type = scalarTypeFor(spec.datatype);
    if (type && t.scalar_type() != *type)
        return Error(ErrorCode::InvalidArgument,
                     path + ": output '" + spec.name + "' is "
                         + std::string(c10::toString(t.scalar_type())) + " but the signature says "
                         + spec.datatype);
    if (static_cast<std::size_t>(t.dim()) != spec.shape.size())
        return Error(ErrorCode::InvalidArgument,
                     path + ": output '" + spec.name + "' has shape " + shapeText(t.sizes())
                         + " but the signature says " + std::to_string(spec.shape.size())
                         + " dimensions");
    for (std::size_t d = 0; d < spec.shape.size(); ++d) {
        if (spec.shape[d] != -1 && t.size(static_cast<int64_t>(d)) != spec.shape[d])
            return Error(ErrorCode::InvalidArgument,
                         path + ": output '" + spec.name + "' has shape " + shapeText(t.sizes())
                             + " but the signature says dimension " + std::to_string(d) + " is "
                             + std::to_string(spec.shape[d]));
    }
    return success();
}

} // namespace

std::string torchVersion()
{
    return TORCH_VERSION;
}

Result<void> checkTorchScript(const std::string &path, const Signature &signature)
{
    try {
        torch::jit::script::Module module;
        try {
            module = torch::jit::load(path, torch::kCPU);
        } catch (const std::exception &e) {
            return Error(ErrorCode::InvalidArgument,
                         path + " is not a TorchScript file LibTorch can load: "
                             + firstLine(e.what()));
        }
        module.eval();
        std::vector<torch::jit::IValue> inputs;
        for (const TensorSpec &in : signature.inputs) {
            const auto type = scalarTypeFor(in.datatype);
            if (!type)
                return Error(ErrorCode::InvalidArgument,
                             "input '" + in.name + "' has datatype " + in.datatype
                                 + ", which a TorchScript model cannot take");
            std::vector<int64_t> shape;
            for (auto d : in.shape)
                shape.push_back(d == -1 ? 1 : d);
            inputs.emplace_back(torch::zeros(shape, torch::TensorOptions().dtype(*type)));
        }
        torch::jit::IValue out;
        try {
            torch::NoGradGuard noGrad;
            out = module.forward(inputs);
        } catch (const std::exception &e) {
            return Error(ErrorCode::InvalidArgument,
                         path + " does not run on zero inputs shaped by its signature: "
                             + firstLine(e.what()));
        }
        std::vector<torch::Tensor> outputs;
        if (out.isTensor()) {
            outputs.push_back(out.toTensor());
        } else if (out.isTuple()) {
            for (const auto &e : out.toTuple()->elements()) {
                if (!e.isTensor())
                    return Error(ErrorCode::InvalidArgument,
                                 path + ": forward() returns a tuple with a non-tensor");
                outputs.push_back(e.toTensor());
            }
        } else if (out.isTensorList()) {
            for (const auto &t : out.toTensorVector())
                outputs.push_back(t);
        } else {
            return Error(ErrorCode::InvalidArgument,
                         path + ": forward() returns " + out.tagKind() + ", not tensors");
        }
        if (outputs.size() != signature.outputs.size())
            return Error(ErrorCode::InvalidArgument,
                         path + ": forward() returns " + std::to_string(outputs.size())
                             + " tensors but the signature lists "
                             + std::to_string(signature.outputs.size()));
        for (std::size_t i = 0; i < outputs.size(); ++i)
            MDECK_TRY(checkOutput(outputs[i], signature.outputs[i], path));
        return success();
    } catch (const std::exception &e) {
        return Error(ErrorCode::InvalidArgument, path + ": LibTorch failed: " + firstLine(e.what()));
    }
}

} // namespace mdeck::ml
