// The actions of alert rules as `mdeck drift watch` binds them: a rollback
// through core/deploy under the watcher's role, and a pipeline run started
// and executed from an alert.

#include "../core/deploy/rollout_fixture.h"

#include "app/mdeck/alert_actions.h"
#include "core/pipeline/definition.h"
#include "core/pipeline/run_store.h"

#include <QtTest>

using namespace mdeck;
using namespace mdeck::test;

namespace {

monitor::Firing firing(const std::string &rule)
{
    monitor::Firing f;
    f.rule.name = rule;
    f.rule.statistic = "drift_share";
    f.series = "deployment:iris-prod";
    f.windowId = 7;
    f.value = 0.8;
    return f;
}

} // namespace

class tst_AlertActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rollbackRollsTheCanaryBack()
    {
        RolloutFixture fx;
        fx.requestAndApprove(2);
        QCOMPARE(fx.current().candidateVersion.value_or(0), 2);

        cli::AlertActionRunner runner(*fx.s.ws, fx.reg, fx.manager, 1);
        MDECK_VERIFY_OK(runner.handlers().rollback(firing("drift"), {"rollback", "iris-prod", 3}));
        const deploy::Deployment after = fx.current();
        QVERIFY(!after.candidateVersion);
        QCOMPARE(after.stableVersion, 1);
        QCOMPARE(fx.auditCount("rollout.rolled-back"), 1);
    }

    void rollbackNeedsTheWatchersRole()
    {
        RolloutFixture fx;
        fx.requestAndApprove(2);
        cli::AlertActionRunner runner(*fx.s.ws, fx.reg, fx.viewer, 1);
        const auto refused = runner.handlers().rollback(firing("drift"),
                                                        {"rollback", "iris-prod", 3});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(fx.current().candidateVersion.value_or(0), 2); // still in flight
    }

    void rollbackOfAnUnknownDeploymentSaysSo()
    {
        RolloutFixture fx;
        cli::AlertActionRunner runner(*fx.s.ws, fx.reg, fx.manager, 1);
        const auto missing = runner.handlers().rollback(firing("drift"), {"rollback", "no-such", 3});
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.find("no-such") != std::string::npos,
                 missing.error().message.c_str());
    }

    void pipelineRunsFromTheAlert()
    {
        RolloutFixture fx;
        pipeline::RunStore runs(*fx.s.ws);
        const auto definition = pipeline::parseDefinition("name: retrain\n"
                                                          "steps:\n"
                                                          "  - name: a\n"
                                                          "    kind: noop\n"
                                                          "  - name: b\n"
                                                          "    kind: noop\n"
                                                          "    needs: [a]\n",
                                                          "retrain.yaml");
        MDECK_VERIFY_OK(definition);
        MDECK_VERIFY_OK(runs.saveDefinition(fx.engineer, *definition, "retrain.yaml"));
        {
            cli::AlertActionRunner runner(*fx.s.ws, fx.reg, fx.engineer, 1);
            MDECK_VERIFY_OK(
                runner.handlers().pipeline(firing("retrain on drift"), {"pipeline", "retrain", 4}));
        } // waits for the run
        pipeline::RunQuery all;
        const auto list = runs.list(all);
        MDECK_VERIFY_OK(list);
        QCOMPARE(list->size(), std::size_t(1));
        const pipeline::RunRecord run = list->front();
        QCOMPARE(run.trigger, std::string("alert"));
        QCOMPARE(run.state, pipeline::RunState::Succeeded);
        QVERIFY(run.triggerDetails.dump().find("retrain on drift") != std::string::npos);
    }

    void pipelineThatDoesNotExistIsRefused()
    {
        RolloutFixture fx;
        cli::AlertActionRunner runner(*fx.s.ws, fx.reg, fx.engineer, 1);
        const auto missing = runner.handlers().pipeline(firing("x"), {"pipeline", "nope", 4});
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.find("nope") != std::string::npos,
                 missing.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(tst_AlertActions)
#include "tst_alert_actions.moc"
