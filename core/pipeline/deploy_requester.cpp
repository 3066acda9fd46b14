#include "core/pipeline/deploy_requester.h"

#include "core/deploy/rollout_service.h"
#include "core/pipeline/run_store.h"

namespace mdeck::pipeline {

RolloutRequester deployRolloutRequester(registry::ModelRegistry &registry)
{
    return [&registry](const auth::Actor &actor, const RolloutRequest &r) -> Result<Json> {
        auto mode = deploy::parseRolloutMode(r.strategy);
        if (!mode)
            return mode.error();
        deploy::RolloutRequest request;
        request.deployment = r.deployment;
        request.version = r.version;
        request.mode = *mode;
        if (*mode == deploy::RolloutMode::Canary && r.traffic > 0 && r.traffic < 100) {
            // Start at the share the step asks for, then the default steps above it.
            std::vector<int> percents{r.traffic};
            for (int p : {50, 100})
                if (p > r.traffic)
                    percents.push_back(p);
            request.plan.percents = percents;
        }
        const std::string origin = "pipeline " + runSubject(r.runId) + ", step " + r.step;
        request.comment = r.note.empty() ? "requested by " + origin : r.note + " (" + origin + ")";
        deploy::DeploymentStore deployments(registry);
        auto target = deployments.get(r.deployment);
        if (!target)
            return target.error();
        if (target->model != r.model)
            return Error(ErrorCode::InvalidArgument,
                         "deployment '" + r.deployment + "' serves model '" + target->model
                             + "', not '" + r.model + "'");
        deploy::RolloutService service(deployments);
        auto rollout = service.request(actor, request);
        if (!rollout)
            return rollout.error();
        return Json{{"id", rollout->id},
                    {"deployment", rollout->deployment},
                    {"model", rollout->model},
                    {"from_version", rollout->fromVersion},
                    {"to_version", rollout->toVersion},
                    {"state", deploy::rolloutStateName(rollout->state)},
                    {"plan", deploy::describePlan(rollout->plan)}};
    };
}

} // namespace mdeck::pipeline
