#pragma once

// Acceptance check for imported TorchScript files: LibTorch loads the file
// and runs forward() once on zero inputs shaped by the signature (variable
// dimensions set to 1); the outputs must match the signature's outputs in
// count, datatype and fixed dimensions. Callable from any thread.
// Errors: InvalidArgument (does not load, does not run, does not match).

#include "core/base/result.h"
#include "core/base/signature.h"

#include <string>

namespace mdeck::ml {

Result<void> checkTorchScript(const std::string &path, const Signature &signature);

// "1.13.1"
std::string torchVersion();

} // namespace mdeck::ml
