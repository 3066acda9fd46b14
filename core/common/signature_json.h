#pragma once

// Reading and writing signature files (see docs/model-signature.md). Every
// refusal names the source and the field, e.g. "inputs[0].shape[1]".

#include "core/base/result.h"
#include "core/base/signature.h"
#include "core/common/json.h"

namespace mdeck {

Result<Signature> signatureFromJson(const Json &json, const std::string &source);
Result<Signature> parseSignature(std::string_view text, const std::string &source);
Json signatureToJson(const Signature &signature);

bool isKnownDatatype(std::string_view datatype);

// Differences between two signatures, one English line each; empty when equal.
std::vector<std::string> signatureDifferences(const Signature &a, const Signature &b);

} // namespace mdeck
