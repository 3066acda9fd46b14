#pragma once

// The rollout requester an Executor uses unless told otherwise: a
// `request-rollout` step files a rollout request with core/deploy's
// RolloutService (the deployment must exist; a release manager then approves
// it). Callable from any thread; `registry` must outlive the requester.

#include "core/pipeline/step_kinds.h"

namespace mdeck::pipeline {

RolloutRequester deployRolloutRequester(registry::ModelRegistry &registry);

} // namespace mdeck::pipeline
