#pragma once

// The rollout tests' fixture: a deployment "iris-prod" serving iris v1, a
// rollout service on a clock the test moves, a controller and an observation
// source returning whatever the test sets.

#include "deploy_fixture.h"

#include "core/common/files.h"
#include "core/common/text.h"
#include "core/deploy/rollout_controller.h"
#include "core/store/prediction_store.h"

#include <filesystem>

namespace mdeck::test {

using namespace mdeck::deploy;

constexpr std::int64_t kSecond = 1000;

struct RolloutFixture : DeployFixture
{
    std::int64_t now = nowMillis() + 10 * kSecond;
    RolloutService rollouts{deployments, [this] {
                                return now;
                            }};
    RolloutController controller{rollouts};
    Observation observed{200, 0, 20.0, 0, 0};
    ObservationSource source = [this](const std::string &, int, std::int64_t) {
        return Result<Observation>(observed);
    };

    RolloutFixture() { createDeployment("iris-prod", 1); }

    Rollout request(int version = 2, RolloutMode mode = RolloutMode::Canary,
                    const std::string &steps = "10,50,100", const auth::Actor *who = nullptr)
    {
        RolloutRequest req;
        req.deployment = "iris-prod";
        req.version = version;
        req.mode = mode;
        if (mode != RolloutMode::Direct) {
            req.plan.percents = parsePercents(steps).value();
            req.plan.bakes = std::vector<std::int64_t>{60 * kSecond};
        }
        req.comment = "better accuracy";
        return rollouts.request(who ? *who : engineer, req).value();
    }

    Rollout requestAndApprove(int version = 2, RolloutMode mode = RolloutMode::Canary,
                              const std::string &steps = "10,50,100")
    {
        const auto r = request(version, mode, steps);
        return rollouts.approve(manager, r.id, "looks good").value();
    }

    Deployment current() { return deployments.get("iris-prod").value(); }

    std::vector<TickAction> tickAt(std::int64_t t)
    {
        now = t;
        return controller.tick(t, source).value();
    }

    std::vector<EventKind> eventKinds()
    {
        std::vector<EventKind> out;
        const auto events = deployments.events("iris-prod").value();
        for (const auto &e : events)
            out.push_back(e.kind);
        return out;
    }

    int auditCount(const std::string &action)
    {
        auth::AuditQuery q;
        q.action = action;
        return static_cast<int>(auth::AuditLog::list(s.ws->db(), q)->size());
    }

    void tamperArtifact(int version)
    {
        const auto v = reg.getVersion("iris", version).value();
        const std::string path = reg.artifacts().pathFor(v.artifactSha256);
        std::filesystem::permissions(path, std::filesystem::perms::owner_all);
        QVERIFY(writeFileAtomic(path, "tampered bytes!!"));
    }

    // Logs a prediction of `version` in `role` for (request, row).
    void logPrediction(const std::string &requestId, int row, int version, const char *role,
                       const std::string &outputs, std::int64_t time)
    {
        const auto v = reg.getVersion("iris", version).value();
        auto &db = s.ws->db();
        auto tx = db.begin().value();
        store::PredictionBlockWriter log(db);
        store::PredictionEntry e;
        e.timeMs = time;
        e.deployment = "iris-prod";
        e.versionId = v.id;
        e.role = role;
        e.requestId = requestId;
        e.row = row;
        e.inputs = "[]";
        e.outputs = outputs;
        e.latencyUs = 10;
        MDECK_VERIFY_OK(log.add(e));
        MDECK_VERIFY_OK(log.flush());
        MDECK_VERIFY_OK(tx.commit());
    }

    void logFeedback(const std::string &requestId, int row, const std::string &label)
    {
        auto &db = s.ws->db();
        auto tx = db.begin().value();
        auto st = db.prepare("INSERT INTO feedback(request_id, row, label, time, source) "
                             "VALUES (?1, ?2, ?3, 0, 'test')")
                      .value();
        st.bind(1, requestId).bind(2, row).bind(3, label);
        MDECK_VERIFY_OK(st.run());
        MDECK_VERIFY_OK(tx.commit());
    }
};

} // namespace mdeck::test
