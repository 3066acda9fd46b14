#pragma once

// The Open Inference Protocol's JSON tensors, checked against one loaded
// model version: a request body becomes encoded input rows (and, for the
// prediction log, each row's raw values as JSON text); model outputs become a
// response body. Pure functions, callable from any thread.
// Errors: InvalidArgument, with a message that names the offending field
// ("inputs[0].shape: ...") so the server can answer 400 with it.

#include "core/training/loaded_model.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mdeck::serving {

struct CodecLimits
{
    std::size_t maxBatchRows = 1024;
    std::size_t maxNesting = 32; // JSON depth of the whole body
    // Read plain one-matrix requests without building a JSON tree; the
    // result is the same either way (a switch for tests).
    bool fastPath = true;
};

struct DecodedRequest
{
    std::string id; // as given; "" when the request has none
    std::size_t rows = 0;
    std::vector<float> input;         // rows x model.inputWidth(), encoded
    std::vector<std::string> rawRows; // per row, a JSON array of the raw values (when asked)
    std::vector<std::string> outputs; // requested output names; empty = all
};

// The name of the label tensor returned for classifiers.
inline constexpr const char *kLabelOutput = "label";

// True when the model's output columns are class probabilities.
bool isClassifier(const training::LoadedModel &model);

// The outputs a client may request, in response order (signature output, then label).
std::vector<TensorSpec> servedOutputs(const training::LoadedModel &model);

Result<DecodedRequest> decodeInferRequest(std::string_view body, const training::LoadedModel &model,
                                          const CodecLimits &limits, bool keepRawRows);

// The response body for `rows` rows of model output (rows x outputWidth()).
std::string encodeInferResponse(const training::LoadedModel &model, const std::string &deployment,
                                const std::string &id, const std::vector<std::string> &outputs,
                                const float *output, std::size_t rows);

// Appends one row of model output as the JSON array kept in the prediction log.
void appendOutputRowJson(std::string &out, const float *row, std::size_t width);

// The predicted class index of a probability row, or -1 for a regression.
int predictedClass(const training::LoadedModel &model, const float *row);

// JSON string literal with the protocol's escaping (for hand-built bodies).
void appendJsonString(std::string &out, std::string_view text);
void appendNumber(std::string &out, double value);
void appendNumber(std::string &out, float value); // shortest text that reads back as the same float

} // namespace mdeck::serving
