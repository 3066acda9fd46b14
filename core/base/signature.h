#pragma once

// The tensor-level contract of a model version: the Open Inference Protocol's
// tensor metadata plus feature and class names. Plain data, no JSON, so that
// core/ml can use it on a machine that has LibTorch and nothing else.

#include <cstdint>
#include <string>
#include <vector>

namespace mdeck {

struct TensorSpec
{
    std::string name;
    std::string datatype;              // BOOL, UINT8 … FP64, BYTES
    std::vector<std::int64_t> shape;   // -1 marks a variable dimension
    std::vector<std::string> features; // inputs: column names of the last dimension
    std::vector<std::string> classes;  // outputs: labels of a classifier's columns

    bool operator==(const TensorSpec &) const = default;
};

struct Signature
{
    std::vector<TensorSpec> inputs;
    std::vector<TensorSpec> outputs;

    bool operator==(const Signature &) const = default;
};

} // namespace mdeck
