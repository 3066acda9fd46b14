#include "rollout_fixture.h"

#include "core/deploy/evidence.h"

using namespace mdeck;
using namespace mdeck::deploy;

using Fixture = test::RolloutFixture;
using test::kSecond;

class tst_Rollouts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void approvalStartsCanary();
    void selfApprovalRefused();
    void viewerRefused();
    void engineerCannotApprove();
    void rejectKeepsServing();
    void oneOpenRolloutPerDeployment();
    void requestRefusesBadCandidates();
    void incompatibleSignatureRefused();
    void evidenceRecordsMetricsBenchmarksAndShadow();
    void digestChangeRefusesApproval();
    void digestChangeRefusesAdvance();
    void evidenceChangeRefusesApproval();
    void evidenceChangeRefusesAdvance();
    void passingStepsPromote();
    void errorRateBreachRollsBack();
    void latencyBreachRollsBack();
    void disagreementBreachRollsBack();
    void loggedShadowDisagreementRollsBack();
    void accuracyBreachRollsBack();
    void notEnoughTrafficKeepsBaking();
    void pauseStopsTheClock();
    void manualPromoteNotByRequester();
    void requesterMayRollBackOthersMayNot();
    void rollbackToPreviousStableIsOneAction();
    void directRolloutPromotesOnApproval();
    void shadowStepServesNoTraffic();
    void servedAtAcrossChanges();
    void auditChainStaysIntact();
};

void tst_Rollouts::approvalStartsCanary()
{
    Fixture f;
    const auto g0 = f.deployments.generation().value();
    const auto req = f.request();
    QCOMPARE(req.state, RolloutState::Requested);
    QCOMPARE(req.plan.steps.size(), std::size_t(3));
    QCOMPARE(f.current().activeRollout.value(), req.id);
    QCOMPARE(f.deployments.generation().value(), g0); // a request changes nothing served
    const auto r = f.rollouts.approve(f.manager, req.id, "ship it").value();
    QCOMPARE(r.state, RolloutState::Running);
    QCOMPARE(r.step, 0);
    QCOMPARE(r.decidedBy, std::string("rm"));
    QVERIFY(!r.approvedSha256.empty());
    QCOMPARE(r.approvedEvidenceHash, r.evidenceHash);
    const auto d = f.current();
    QCOMPARE(d.stableVersion, 1);
    QCOMPARE(d.candidateVersion.value(), 2);
    QCOMPARE(d.candidateMode, CandidateMode::Canary);
    QCOMPARE(d.canaryPercent, 10);
    QVERIFY(d.candidateVersionId.has_value());
    QCOMPARE(f.deployments.generation().value(), g0 + 1);
    QCOMPARE(f.eventKinds(),
             (std::vector<EventKind>{EventKind::Created, EventKind::Requested, EventKind::Approved,
                                     EventKind::Started}));
    QCOMPARE(f.auditCount("rollout.request"), 1);
    QCOMPARE(f.auditCount("rollout.approve"), 1);
}

void tst_Rollouts::selfApprovalRefused()
{
    Fixture f;
    const auto req = f.request(2, RolloutMode::Canary, "10,100", &f.manager);
    auto r = f.rollouts.approve(f.manager, req.id, "mine");
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::PermissionDenied);
    QVERIFY(r.error().message.find("another release manager") != std::string::npos);
    QCOMPARE(f.rollouts.reject(f.manager, req.id, "mine").error().code, ErrorCode::PermissionDenied);
    QCOMPARE(f.rollouts.get(req.id)->state, RolloutState::Requested);
    MDECK_VERIFY_OK(f.rollouts.approve(f.manager2, req.id, "ok"));
}

void tst_Rollouts::viewerRefused()
{
    Fixture f;
    RolloutRequest req;
    req.deployment = "iris-prod";
    req.version = 2;
    req.comment = "x";
    QCOMPARE(f.rollouts.request(f.viewer, req).error().code, ErrorCode::PermissionDenied);
    const auto r = f.request();
    QCOMPARE(f.rollouts.approve(f.viewer, r.id, "x").error().code, ErrorCode::PermissionDenied);
    f.rollouts.approve(f.manager, r.id, "ok").value();
    QCOMPARE(f.rollouts.pause(f.viewer, "iris-prod", "x").error().code, ErrorCode::PermissionDenied);
    QCOMPARE(f.rollouts.rollback(f.viewer, "iris-prod", "x").error().code,
             ErrorCode::PermissionDenied);
    QCOMPARE(f.rollouts.promote(f.viewer, "iris-prod", "x").error().code,
             ErrorCode::PermissionDenied);
    auth::Actor stranger; // an OS account the workspace does not know
    stranger.name = "nobody";
    QVERIFY(!f.rollouts.rollback(stranger, "iris-prod", "x"));
    QCOMPARE(f.current().candidateVersion.value(), 2);
}

void tst_Rollouts::engineerCannotApprove()
{
    Fixture f;
    const auto r = f.request();
    QCOMPARE(f.rollouts.approve(f.engineer2, r.id, "x").error().code, ErrorCode::PermissionDenied);
    QCOMPARE(f.rollouts.approve(f.manager, r.id, "").error().code, ErrorCode::InvalidArgument);
}

void tst_Rollouts::rejectKeepsServing()
{
    Fixture f;
    const auto g0 = f.deployments.generation().value();
    const auto r = f.request();
    const auto rejected = f.rollouts.reject(f.manager, r.id, "not yet").value();
    QCOMPARE(rejected.state, RolloutState::Rejected);
    QCOMPARE(rejected.decisionComment, std::string("not yet"));
    QVERIFY(!f.current().activeRollout);
    QVERIFY(!f.current().candidateVersion);
    QCOMPARE(f.deployments.generation().value(), g0);
    QCOMPARE(f.rollouts.approve(f.manager2, r.id, "x").error().code, ErrorCode::Conflict);
    f.request(); // a new request is possible again
}

void tst_Rollouts::oneOpenRolloutPerDeployment()
{
    Fixture f;
    f.request();
    RolloutRequest req;
    req.deployment = "iris-prod";
    req.version = 3;
    req.comment = "another";
    QCOMPARE(f.rollouts.request(f.engineer2, req).error().code, ErrorCode::Conflict);
}

void tst_Rollouts::requestRefusesBadCandidates()
{
    Fixture f;
    RolloutRequest req;
    req.deployment = "iris-prod";
    req.comment = "x";
    req.version = 1;
    QCOMPARE(f.rollouts.request(f.engineer, req).error().code, ErrorCode::Conflict); // stable
    req.version = 9;
    QCOMPARE(f.rollouts.request(f.engineer, req).error().code, ErrorCode::NotFound);
    req.version = 2;
    for (const std::string &bad :
         {std::string(), std::string(5000, 'x'), std::string("a\x01b"), std::string("\xff\xfe")}) {
        req.comment = bad;
        QCOMPARE(f.rollouts.request(f.engineer, req).error().code, ErrorCode::InvalidArgument);
    }
    req.comment = "x";
    req.deployment = "nope";
    QCOMPARE(f.rollouts.request(f.engineer, req).error().code, ErrorCode::NotFound);
    req.deployment = "iris-prod";
    req.plan.percents = std::vector<int>{50, 10};
    QCOMPARE(f.rollouts.request(f.engineer, req).error().code, ErrorCode::InvalidArgument);
    MDECK_VERIFY_OK(f.reg.setArchived(f.s.admin, "iris", 2, true));
    req.plan = {};
    QCOMPARE(f.rollouts.request(f.engineer, req).error().code, ErrorCode::Conflict);
    QVERIFY(f.rollouts.list("iris-prod")->empty());
}

void tst_Rollouts::incompatibleSignatureRefused()
{
    Fixture f;
    registry::NewVersion v;
    v.model = "iris";
    v.format = "file";
    v.artifactPath = f.s.writeFile("other", "other model");
    v.signature = test::shippedSignature();
    v.signature.inputs[0].datatype = "FP64";
    f.reg.registerVersion(f.s.admin, v).value();
    RolloutRequest req;
    req.deployment = "iris-prod";
    req.version = 4;
    req.comment = "x";
    auto r = f.rollouts.request(f.engineer, req);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::Conflict);
    QVERIFY2(r.error().message.find("datatype FP32 vs FP64") != std::string::npos,
             r.error().message.c_str());
}

void tst_Rollouts::evidenceRecordsMetricsBenchmarksAndShadow()
{
    Fixture f;
    const auto bench = f.reg.addBenchmark(f.s.admin, "iris", 2, "cpu", "{}", "{\"p50\": 1}").value();
    // Shadow traffic: 4 rows compared, one disagreeing argmax.
    for (int row = 0; row < 4; ++row) {
        f.logPrediction("req-1", row, 1, "stable", "[0.9, 0.1]", f.now);
        f.logPrediction("req-1", row, 2, "shadow", row == 3 ? "[0.2, 0.8]" : "[0.7, 0.3]", f.now);
    }
    f.logPrediction("req-2", 0, 2, "shadow", "[0.7, 0.3]", f.now); // no stable row: not compared
    const auto r = f.request();
    const auto ev = parseJson(r.evidenceJson, "evidence").value();
    QCOMPARE(ev["stable_version"].get<int>(), 1);
    QCOMPARE(ev["candidate_version"].get<int>(), 2);
    bool sawAccuracy = false;
    for (const auto &m : ev["metrics"]) {
        if (m["key"] == "accuracy") {
            sawAccuracy = true;
            QVERIFY(std::abs(m["difference"].get<double>() - 0.05) < 1e-9);
        }
    }
    QVERIFY(sawAccuracy);
    QCOMPARE(ev["benchmarks"]["candidate"]["id"].get<std::int64_t>(), bench.id);
    QVERIFY(ev["benchmarks"]["stable"].is_null());
    QCOMPARE(ev["signature"]["compatible"].get<bool>(), true);
    QCOMPARE(ev["shadow"]["compared"].get<int>(), 4);
    QCOMPARE(ev["shadow"]["disagreed"].get<int>(), 1);
    QCOMPARE(ev["evidence_hash"].get<std::string>(), r.evidenceHash);

    QVERIFY(!answersDisagree(Json::array({1.0}), Json::array({1.0 + 1e-9}), false));
    QVERIFY(answersDisagree(Json::array({1.0}), Json::array({1.001}), false));
    QVERIFY(answersDisagree(Json::array({1.0, 2.0}), Json::array({1.0}), false));
}

void tst_Rollouts::digestChangeRefusesApproval()
{
    Fixture f;
    const auto r = f.request();
    f.tamperArtifact(2);
    auto approved = f.rollouts.approve(f.manager, r.id, "ok");
    QVERIFY(!approved);
    QCOMPARE(approved.error().code, ErrorCode::Integrity);
    QCOMPARE(f.rollouts.get(r.id)->state, RolloutState::Requested);
    QVERIFY(!f.current().candidateVersion);
    QCOMPARE(f.eventKinds().back(), EventKind::Refused);
    QCOMPARE(f.auditCount("rollout.refused"), 1);
}

void tst_Rollouts::digestChangeRefusesAdvance()
{
    Fixture f;
    f.requestAndApprove();
    f.tamperArtifact(2);
    const auto actions = f.tickAt(f.now + 61 * kSecond);
    QCOMPARE(actions.size(), std::size_t(1));
    QCOMPARE(actions[0].kind, EventKind::Refused);
    QVERIFY2(actions[0].message.find("failed verification") != std::string::npos,
             actions[0].message.c_str());
    const auto r = f.rollouts.open("iris-prod")->value();
    QCOMPARE(r.state, RolloutState::Paused);
    QCOMPARE(r.step, 0);
    QCOMPARE(f.current().canaryPercent, 10);
    QCOMPARE(f.auditCount("rollout.refused"), 1);
    QVERIFY(f.tickAt(f.now + 200 * kSecond).empty()); // paused: nothing more
    // Promoting by hand is refused the same way.
    QCOMPARE(f.rollouts.promote(f.manager2, "iris-prod", "force").error().code,
             ErrorCode::Integrity);
    QCOMPARE(f.current().stableVersion, 1);
}

void tst_Rollouts::evidenceChangeRefusesApproval()
{
    Fixture f;
    const auto r = f.request();
    f.reg.addBenchmark(f.s.admin, "iris", 2, "cpu", "{}", "{}").value();
    auto approved = f.rollouts.approve(f.manager, r.id, "ok");
    QVERIFY(!approved);
    QCOMPARE(approved.error().code, ErrorCode::Integrity);
    QVERIFY(approved.error().message.find("evidence") != std::string::npos);
    QCOMPARE(f.auditCount("rollout.refused"), 1);
    QVERIFY(!f.current().candidateVersion);
}

void tst_Rollouts::evidenceChangeRefusesAdvance()
{
    Fixture f;
    f.requestAndApprove();
    f.reg.addBenchmark(f.s.admin, "iris", 1, "cpu", "{}", "{}").value();
    const auto actions = f.tickAt(f.now + 61 * kSecond);
    QCOMPARE(actions.size(), std::size_t(1));
    QCOMPARE(actions[0].kind, EventKind::Refused);
    QCOMPARE(f.current().canaryPercent, 10);
    QCOMPARE(f.rollouts.open("iris-prod")->value().state, RolloutState::Paused);
}

void tst_Rollouts::passingStepsPromote()
{
    Fixture f;
    const auto start = f.now;
    f.requestAndApprove();
    QVERIFY(f.tickAt(start + 30 * kSecond).empty()); // still baking
    QCOMPARE(f.current().canaryPercent, 10);
    auto a = f.tickAt(start + 61 * kSecond);
    QCOMPARE(a.size(), std::size_t(1));
    QCOMPARE(a[0].kind, EventKind::Step);
    QCOMPARE(f.current().canaryPercent, 50);
    QCOMPARE(f.tickAt(start + 122 * kSecond).at(0).kind, EventKind::Step);
    QCOMPARE(f.current().canaryPercent, 100);
    const auto g = f.deployments.generation().value();
    QCOMPARE(f.tickAt(start + 183 * kSecond).at(0).kind, EventKind::Promoted);
    const auto d = f.current();
    QCOMPARE(d.stableVersion, 2);
    QVERIFY(!d.candidateVersion);
    QCOMPARE(d.previousStableVersion.value(), 1);
    QVERIFY(!d.activeRollout);
    QCOMPARE(f.deployments.generation().value(), g + 1);
    const auto events = f.deployments.events("iris-prod").value();
    QVERIFY(events.back().actor.find("approved by rm") != std::string::npos);
    QCOMPARE(f.rollouts.list("iris-prod")->front().state, RolloutState::Promoted);
}

void tst_Rollouts::errorRateBreachRollsBack()
{
    Fixture f;
    f.requestAndApprove();
    f.observed = {200, 10, 20.0, 0, 0};
    const auto a = f.tickAt(f.now + 5 * kSecond); // breaches act before the bake ends
    QCOMPARE(a.size(), std::size_t(1));
    QCOMPARE(a[0].kind, EventKind::RolledBack);
    QVERIFY2(a[0].message.find("error rate 5.00%") != std::string::npos, a[0].message.c_str());
    const auto d = f.current();
    QCOMPARE(d.stableVersion, 1);
    QVERIFY(!d.candidateVersion);
    QCOMPARE(d.candidateMode, CandidateMode::None);
    const auto r = f.rollouts.list("iris-prod")->front();
    QCOMPARE(r.state, RolloutState::RolledBack);
    QVERIFY(r.reason.find("error rate") != std::string::npos);
    QCOMPARE(f.auditCount("rollout.rolled-back"), 1);
}

void tst_Rollouts::latencyBreachRollsBack()
{
    Fixture f;
    RolloutRequest req;
    req.deployment = "iris-prod";
    req.version = 2;
    req.comment = "x";
    req.plan.maxP99Ms = 50;
    const auto r = f.rollouts.request(f.engineer, req).value();
    f.rollouts.approve(f.manager, r.id, "ok").value();
    f.observed = {200, 0, 80.0, 0, 0};
    QCOMPARE(f.tickAt(f.now + kSecond).at(0).kind, EventKind::RolledBack);
}

void tst_Rollouts::disagreementBreachRollsBack()
{
    Fixture f;
    f.requestAndApprove(2, RolloutMode::Shadow);
    f.observed = {200, 0, 5.0, 200, 30};
    const auto a = f.tickAt(f.now + kSecond);
    QCOMPARE(a.at(0).kind, EventKind::RolledBack);
    QVERIFY(a[0].message.find("disagreement") != std::string::npos);
}

void tst_Rollouts::loggedShadowDisagreementRollsBack()
{
    Fixture f;
    RolloutRequest req;
    req.deployment = "iris-prod";
    req.version = 2;
    req.mode = RolloutMode::Shadow;
    req.comment = "x";
    req.plan.minRequests = 4;
    const auto r = f.rollouts.request(f.engineer, req).value();
    f.rollouts.approve(f.manager, r.id, "ok").value();
    f.observed = {4, 0, 5.0, 0, 0}; // the source compares nothing itself
    for (int row = 0; row < 4; ++row) {
        f.logPrediction("s-1", row, 1, "stable", "[0.9, 0.1]", f.now + 1);
        f.logPrediction("s-1", row, 2, "shadow", row < 2 ? "[0.1, 0.9]" : "[0.8, 0.2]", f.now + 1);
    }
    const auto a = f.tickAt(f.now + 2 * kSecond);
    QCOMPARE(a.at(0).kind, EventKind::RolledBack);
    QVERIFY2(a[0].message.find("disagreement 50.00% (2 of 4)") != std::string::npos,
             a[0].message.c_str());
}

void tst_Rollouts::accuracyBreachRollsBack()
{
    Fixture f;
    RolloutRequest req;
    req.deployment = "iris-prod";
    req.version = 2;
    req.comment = "x";
    req.plan.minAccuracy = 0.9;
    req.plan.minLabelled = 4;
    const auto r = f.rollouts.request(f.engineer, req).value();
    f.rollouts.approve(f.manager, r.id, "ok").value();
    // Three labelled rows, below the minimum count: no verdict yet.
    for (int row = 0; row < 3; ++row) {
        f.logPrediction("c-1", row, 2, "canary", "[0.9, 0.1]", f.now + 1);
        f.logFeedback("c-1", row, "benign"); // predicted "malignant": wrong
    }
    QVERIFY(f.tickAt(f.now + 2 * kSecond).empty());
    f.logPrediction("c-1", 3, 2, "canary", "[0.1, 0.9]", f.now);
    f.logFeedback("c-1", 3, "benign");
    const auto a = f.tickAt(f.now + kSecond);
    QCOMPARE(a.at(0).kind, EventKind::RolledBack);
    QVERIFY2(a[0].message.find("accuracy 25.00% on 4") != std::string::npos, a[0].message.c_str());
}

void tst_Rollouts::notEnoughTrafficKeepsBaking()
{
    Fixture f;
    f.requestAndApprove();
    f.observed = {5, 1, 20.0, 0, 0}; // 20% errors, but too few requests to judge
    QVERIFY(f.tickAt(f.now + 10 * kSecond).empty());
    const auto a = f.tickAt(f.now + 61 * kSecond);
    QCOMPARE(a.size(), std::size_t(1));
    QCOMPARE(a[0].kind, EventKind::Alert);
    QVERIFY2(a[0].message.find("waiting for traffic: 5 of 100") != std::string::npos,
             a[0].message.c_str());
    QVERIFY(f.tickAt(f.now + 10 * kSecond).empty()); // one alert per step
    const auto r = f.rollouts.open("iris-prod")->value();
    QCOMPARE(r.state, RolloutState::Running);
    QCOMPARE(r.step, 0);
    QVERIFY(f.rollouts.note(r.id)->first.find("waiting for traffic") != std::string::npos);
    f.observed = {150, 0, 20.0, 0, 0};
    QCOMPARE(f.tickAt(f.now + kSecond).at(0).kind, EventKind::Step);
}

void tst_Rollouts::pauseStopsTheClock()
{
    Fixture f;
    const auto start = f.now;
    f.requestAndApprove();
    f.now = start + 30 * kSecond;
    const auto g = f.deployments.generation().value();
    const auto paused = f.rollouts.pause(f.manager, "iris-prod", "investigating").value();
    QCOMPARE(paused.state, RolloutState::Paused);
    QCOMPARE(paused.bakedMs, 30 * kSecond);
    QCOMPARE(f.deployments.generation().value(), g); // still serving the canary
    QCOMPARE(f.current().canaryPercent, 10);
    QVERIFY(f.tickAt(start + 500 * kSecond).empty());
    f.now = start + 500 * kSecond;
    MDECK_VERIFY_OK(f.rollouts.resume(f.manager2, "iris-prod", "fine"));
    QVERIFY(f.tickAt(start + 520 * kSecond).empty()); // 50 s baked of 60
    QCOMPARE(f.current().canaryPercent, 10);
    QCOMPARE(f.tickAt(start + 531 * kSecond).at(0).kind, EventKind::Step);
    QCOMPARE(f.rollouts.resume(f.manager, "iris-prod", "x").error().code, ErrorCode::Conflict);
    QCOMPARE(f.rollouts.resume(f.engineer, "iris-prod", "x").error().code, ErrorCode::Conflict);
}

void tst_Rollouts::manualPromoteNotByRequester()
{
    Fixture f;
    const auto req = f.request(2, RolloutMode::Canary, "10,100", &f.manager);
    f.rollouts.approve(f.manager2, req.id, "ok").value();
    QCOMPARE(f.rollouts.promote(f.manager, "iris-prod", "now").error().code,
             ErrorCode::PermissionDenied);
    QCOMPARE(f.rollouts.promote(f.engineer, "iris-prod", "now").error().code,
             ErrorCode::PermissionDenied);
    const auto r = f.rollouts.promote(f.manager2, "iris-prod", "now").value();
    QCOMPARE(r.state, RolloutState::Promoted);
    QCOMPARE(f.current().stableVersion, 2);
}

void tst_Rollouts::requesterMayRollBackOthersMayNot()
{
    Fixture f;
    f.requestAndApprove();
    QCOMPARE(f.rollouts.rollback(f.engineer2, "iris-prod", "no").error().code,
             ErrorCode::PermissionDenied);
    QCOMPARE(f.rollouts.pause(f.engineer2, "iris-prod", "no").error().code,
             ErrorCode::PermissionDenied);
    MDECK_VERIFY_OK(f.rollouts.pause(f.engineer, "iris-prod", "looking")); // the requester may
    QCOMPARE(f.rollouts.resume(f.engineer, "iris-prod", "go").error().code,
             ErrorCode::PermissionDenied); // resuming is a release decision
    const auto g = f.deployments.generation().value();
    const auto d = f.rollouts.rollback(f.engineer, "iris-prod", "my mistake").value();
    QVERIFY(!d.candidateVersion);
    QCOMPARE(d.stableVersion, 1);
    QCOMPARE(f.deployments.generation().value(), g + 1);
    QVERIFY(f.rollouts.list("iris-prod")->front().reason.find("my mistake") != std::string::npos);
    // With nothing in flight and nothing promoted, there is nothing to roll back.
    QCOMPARE(f.rollouts.rollback(f.manager, "iris-prod", "x").error().code, ErrorCode::Conflict);
}

void tst_Rollouts::rollbackToPreviousStableIsOneAction()
{
    Fixture f;
    f.requestAndApprove(2, RolloutMode::Direct);
    QCOMPARE(f.current().stableVersion, 2);
    QCOMPARE(f.rollouts.rollback(f.engineer, "iris-prod", "x").error().code,
             ErrorCode::PermissionDenied); // reverting a promotion is a release decision
    const auto g = f.deployments.generation().value();
    const auto d = f.rollouts.rollback(f.manager, "iris-prod", "v2 misbehaves").value();
    QCOMPARE(d.stableVersion, 1);
    QVERIFY(!d.previousStableVersion);
    QCOMPARE(f.deployments.generation().value(), g + 1);
    QCOMPARE(f.eventKinds().back(), EventKind::RolledBack);
    QCOMPARE(f.auditCount("deployment.rollback"), 1);
    QCOMPARE(f.rollouts.rollback(f.manager, "iris-prod", "again").error().code, ErrorCode::Conflict);
}

void tst_Rollouts::directRolloutPromotesOnApproval()
{
    Fixture f;
    const auto g = f.deployments.generation().value();
    const auto r = f.requestAndApprove(3, RolloutMode::Direct);
    QCOMPARE(r.state, RolloutState::Promoted);
    QCOMPARE(f.current().stableVersion, 3);
    QCOMPARE(f.deployments.generation().value(), g + 1);
}

void tst_Rollouts::shadowStepServesNoTraffic()
{
    Fixture f;
    f.requestAndApprove(2, RolloutMode::Shadow);
    const auto d = f.current();
    QCOMPARE(d.candidateMode, CandidateMode::Shadow);
    QCOMPARE(d.candidateVersion.value(), 2);
    QCOMPARE(d.canaryPercent, 0);
    const auto served = f.deployments.servedAt("iris-prod", f.now).value();
    QCOMPARE(served.shares.size(), std::size_t(2));
    QCOMPARE(served.shares[0].trafficPercent, 100);
    QCOMPARE(served.shares[1].role, std::string("shadow"));
    // The shadow phase bakes 5 minutes by default, then the canary steps run.
    QVERIFY(f.tickAt(f.now + 299 * kSecond).empty());
    QCOMPARE(f.tickAt(f.now + 2 * kSecond).at(0).kind, EventKind::Step);
    QCOMPARE(f.current().candidateMode, CandidateMode::Canary);
    QCOMPARE(f.current().canaryPercent, 10);
}

void tst_Rollouts::servedAtAcrossChanges()
{
    Fixture f;
    const auto created = f.current().createdAt;
    const auto start = f.now;
    f.requestAndApprove(2, RolloutMode::Canary, "25,100");
    f.tickAt(start + 61 * kSecond);
    f.tickAt(start + 122 * kSecond);
    QCOMPARE(f.current().stableVersion, 2);

    auto at = [&](std::int64_t t) {
        return f.deployments.servedAt("iris-prod", t).value();
    };
    const auto before = at(created);
    QCOMPARE(before.shares.size(), std::size_t(1));
    QCOMPARE(before.shares[0].version, 1);
    const auto canary = at(start + 30 * kSecond);
    QCOMPARE(canary.shares.size(), std::size_t(2));
    QCOMPARE(canary.shares[0].trafficPercent, 75);
    QCOMPARE(canary.shares[1].version, 2);
    QCOMPARE(canary.shares[1].trafficPercent, 25);
    QCOMPARE(at(start + 100 * kSecond).shares[1].trafficPercent, 100);
    const auto after = at(start + 1000 * kSecond);
    QCOMPARE(after.shares.size(), std::size_t(1));
    QCOMPARE(after.shares[0].version, 2);
    QCOMPARE(after.since, start + 122 * kSecond);
}

void tst_Rollouts::auditChainStaysIntact()
{
    Fixture f;
    f.requestAndApprove();
    f.observed = {200, 50, 20.0, 0, 0};
    f.tickAt(f.now + kSecond);
    const auto v = auth::AuditLog::verify(f.s.ws->db()).value();
    QVERIFY2(v.ok, v.problem.c_str());
}

QTEST_GUILESS_MAIN(tst_Rollouts)
#include "tst_rollouts.moc"
