#pragma once

// The first-start demo: the model "breast-cancer" with two registrations of
// a real TorchScript MLP (resources/demo, see PROVENANCE.md there) and the
// alias "champion". Runs on a worker thread; writes the embedded files to a
// temporary folder before registering them. Errors: those of ModelRegistry, Io.

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
