#pragma once

// What `mdeck deploy show` and `mdeck rollout status` share: the services
// opened over the command's workspace, and the printing of a deployment's
// state, its open rollout's progress and its recent timeline.

#include "app/mdeck/command_context.h"
#include "core/deploy/deployment_store.h"
#include "core/deploy/rollout_service.h"

#include <iosfwd>
#include <memory>
#include <vector>

namespace mdeck::cli {

struct DeployServices
{
    std::unique_ptr<deploy::DeploymentStore> deployments;
    std::unique_ptr<deploy::RolloutService> rollouts;
};

Result<DeployServices> deployServices(CommandContext &ctx);

// The state, the open rollout and the last `events` timeline lines, as text or JSON.
Result<void> printDeploymentStatus(CommandContext &ctx, DeployServices &s, const std::string &name,
                                   int events);

void printEvents(std::ostream &out, const std::vector<deploy::DeploymentEvent> &events);
std::string servingText(const deploy::Deployment &d);

} // namespace mdeck::cli
