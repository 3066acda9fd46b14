#pragma once

// The first-start demo: the model "breast-cancer" with two registrations of
// a real TorchScript MLP (resources/demo, see PROVENANCE.md there) and the
// alias "champion"; then "seattle-weather" (two versions with different
// hyperparameters, split by date) and "penguins" (sensitive column sex),
// trained here with small fixed settings so that they carry real metrics,
// each with a "champion"; the deployment "seattle-weather", and the example
// pipeline stored with one finished and one failed run. Runs on a worker thread; writes the embedded
// files to a temporary folder first. Errors: those of ModelRegistry and of
// training, Io, Cancelled.

#include "core/auth/auth.h"
#include "core/registry/model_registry.h"

#include <functional>
#include <stop_token>

namespace mdeck::ui {

inline constexpr const char *kDemoModel = "breast-cancer";

Result<void> populateDemoWorkspace(registry::ModelRegistry &registry, const auth::Actor &actor,
                                   const std::function<void(int done, int total)> &step,
                                   std::stop_token stop = {});

} // namespace mdeck::ui
