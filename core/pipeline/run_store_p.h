#pragma once

// Helpers shared by run_store.cpp and run_store_triggers.cpp. Private to core/pipeline.

#include "core/auth/auth.h"
#include "core/common/json.h"
#include "core/pipeline/definition.h"

namespace mdeck::pipeline::detail {

// The JSON in a column, or `fallback` when it does not parse.
Json parseOr(const std::string &text, Json fallback);
// Who may start a run: any workspace user, but a pipeline with a shell step
// runs arbitrary commands, so it needs an engineer or more.
Result<void> mayRun(const auth::Actor &actor, const Definition &definition);

} // namespace mdeck::pipeline::detail
