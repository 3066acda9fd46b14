#include "../deploy/deploy_fixture.h"
#include "../test_support.h"
#include "core/common/files.h"
#include "core/common/text.h"
#include "core/deploy/rollout_service.h"
#include "core/pipeline/executor.h"
#include "core/pipeline/scheduler.h"
#include "core/training/training_job.h"

#include <csignal>
#include <filesystem>
#include <thread>

using namespace mdeck;
using namespace mdeck::pipeline;

namespace {

struct Fixture
{
    test::ScratchWorkspace scratch;
    registry::ModelRegistry registry{*scratch.ws, training::artifactValidator()};

    Result<Definition> define(const std::string &yaml) const
    {
        return parseDefinition(yaml, "test.yaml", {}, scratch.path(""));
    }
    RunRecord run(const std::string &yaml, ExecutorOptions options = {}, std::stop_token stop = {})
    {
        auto def = define(yaml);
        if (!def)
            qFatal("definition: %s", def.error().message.c_str());
        Executor executor(*scratch.ws, registry, std::move(options));
        auto r = executor.run(scratch.admin, *def, stop);
        if (!r)
            qFatal("run: %s", r.error().message.c_str());
        return *r;
    }
};

const StepRecord &step(const RunRecord &run, const std::string &name)
{
    for (const auto &s : run.steps)
        if (s.name == name)
            return s;
    qFatal("no step %s", name.c_str());
}

bool goneOrZombie(long pid)
{
    if (::kill(static_cast<pid_t>(pid), 0) != 0)
        return true;
    auto stat = readFile("/proc/" + std::to_string(pid) + "/stat");
    return !stat || stat->find(") Z ") != std::string::npos;
}

std::string shellPipeline(const std::string &command, const std::string &extra = {})
{
    return "name: p\nsteps:\n  - name: sh\n    kind: shell\n" + extra
        + "    with:\n      command: '" + command + "'\n";
}

} // namespace

class tst_PipelineExecutor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesArtifactsAndServesTheCacheOnTheSecondRun()
    {
        Fixture f;
        const std::string plain = "name: p\nsteps:\n"
                                  "  - name: make\n    kind: shell\n    cache: true\n"
                                  "    with: {command: 'echo hello > $MDECK_OUTPUTS/out', "
                                  "outputs: [out]}\n"
                                  "  - name: use\n    kind: shell\n    needs: [make]\n"
                                  "    with: {command: 'cat ${{ steps.make.outputs.out }}'}\n";
        const RunRecord first = f.run(plain);
        QCOMPARE(first.state, RunState::Succeeded);
        QCOMPARE(step(first, "make").state, StepState::Succeeded);
        QCOMPARE(step(first, "use").logHead, std::string("hello\n"));
        QCOMPARE(step(first, "make").outputs.size(), std::size_t(1));
        const RunRecord second = f.run(plain);
        QCOMPARE(second.state, RunState::Succeeded);
        QCOMPARE(step(second, "make").state, StepState::Cached);
        QCOMPARE(step(second, "make").outputs[0].sha256, step(first, "make").outputs[0].sha256);
        QCOMPARE(step(second, "use").state, StepState::Succeeded); // shell: not cached by default
        // A changed definition misses the cache.
        std::string changed = plain;
        changed.replace(changed.find("echo hello"), 10, "echo howdy");
        QCOMPARE(step(f.run(changed), "make").state, StepState::Succeeded);
    }

    void validationReportNamesFailingRowsAndLines()
    {
        Fixture f;
        f.scratch.writeFile("d.csv", "id,x,c\n1,0.5,a\n2,7,b\n2,,zz\n4,abc,a\n");
        const RunRecord run = f.run(
            "name: p\nsteps:\n  - name: v\n    kind: validate\n    with:\n      data: d.csv\n"
            "      expectations:\n"
            "        - {expect: between, column: x, min: 0, max: 1}\n"
            "        - {expect: unique, column: id}\n"
            "        - {expect: not-null, column: x}\n"
            "        - {expect: in-set, column: c, values: [a, b]}\n"
            "        - {expect: column-exists, column: nope}\n"
            "        - {expect: row-count-between, min: 1, max: 10}\n"
            "        - {expect: mean-between, column: id, min: 0, max: 100}\n");
        QCOMPARE(run.state, RunState::Failed);
        const StepRecord &v = step(run, "v");
        QCOMPARE(v.state, StepState::Failed);
        QCOMPARE(v.attempts, 1);
        QVERIFY2(v.message.find("5 of 7 expectations") != std::string::npos, v.message.c_str());
        QCOMPARE(v.outputs.size(), std::size_t(1)); // the report is kept though the step failed
        auto path = registry::ArtifactStore(f.scratch.ws->artifactsDir())
                        .verified(v.outputs[0].sha256, v.outputs[0].size, "report");
        MDECK_VERIFY_OK(path);
        auto report = parseJson(readFile(*path).value(), *path);
        MDECK_VERIFY_OK(report);
        const Json &between = (*report)["expectations"][0];
        QCOMPARE(between["passed"].get<bool>(), false);
        QCOMPARE(between["failures"].get<int>(), 2);
        QCOMPARE(between["examples"][0]["line"].get<int>(), 3);
        QCOMPARE(between["examples"][1]["line"].get<int>(), 5);
        QCOMPARE(between["examples"][1]["reason"].get<std::string>(), std::string("not a number"));
        QCOMPARE((*report)["expectations"][1]["examples"][0]["line"].get<int>(), 4);
        QCOMPARE((*report)["expectations"][2]["examples"][0]["line"].get<int>(), 4);
        QCOMPARE((*report)["expectations"][3]["examples"][0]["value"].get<std::string>(),
                 std::string("zz"));
        QCOMPARE((*report)["expectations"][4]["passed"].get<bool>(), false);
        QCOMPARE((*report)["expectations"][5]["passed"].get<bool>(), true);
    }

    void nonZeroExitFailsAndSkipsDependents()
    {
        Fixture f;
        const RunRecord run = f.run("name: p\nsteps:\n"
                                    "  - {name: bad, kind: shell, with: {command: 'exit 3'}}\n"
                                    "  - {name: after, kind: noop, needs: [bad]}\n"
                                    "  - {name: later, kind: noop, needs: [after]}\n"
                                    "  - {name: free, kind: noop}\n");
        QCOMPARE(run.state, RunState::Failed);
        QCOMPARE(step(run, "bad").message, std::string("command exited with status 3"));
        QCOMPARE(step(run, "after").state, StepState::Skipped);
        QCOMPARE(step(run, "later").state, StepState::Skipped);
        QCOMPARE(step(run, "free").state, StepState::Succeeded);
    }

    void retriesWithBackoffUntilSuccess()
    {
        Fixture f;
        const std::string counter = f.scratch.path("count");
        const RunRecord run = f.run(
            shellPipeline("echo x >> " + counter + "; [ $(wc -l < " + counter + ") -ge 3 ]",
                          "    retries: 3\n    backoff: 10ms\n"));
        QCOMPARE(run.state, RunState::Succeeded);
        QCOMPARE(step(run, "sh").attempts, 3);
        QVERIFY(step(run, "sh").logHead.find("attempt 2 failed") != std::string::npos);
    }

    void timeoutKillsTheWholeProcessGroup()
    {
        Fixture f;
        const std::string pidFile = f.scratch.path("child.pid");
        const RunRecord run = f.run(
            shellPipeline("sleep 300 & echo $! > " + pidFile + "; wait", "    timeout: 500ms\n"));
        QCOMPARE(run.state, RunState::Failed);
        QVERIFY2(step(run, "sh").message.find("timed out") != std::string::npos,
                 step(run, "sh").message.c_str());
        const auto pid = std::stol(readFile(pidFile).value());
        // The background child was in the step's group: it is gone (or a zombie being reaped).
        QTRY_VERIFY_WITH_TIMEOUT(goneOrZombie(pid), 5000);
    }

    void floodingOutputKeepsHeadAndTail()
    {
        Fixture f;
        const RunRecord run = f.run(shellPipeline(
            "echo FIRST; head -c 5000000 /dev/zero | tr \"\\\\0\" x; echo; echo LAST"));
        QCOMPARE(run.state, RunState::Succeeded);
        const StepRecord &s = step(run, "sh");
        QVERIFY(s.logHead.rfind("FIRST", 0) == 0);
        QVERIFY(s.logTail.find("LAST") != std::string::npos);
        QVERIFY(s.logDropped > 4000000);
        QVERIFY(s.logHead.size() <= StepLog::kHeadBytes);
        QVERIFY(s.logTail.size() <= StepLog::kTailBytes);
    }

    void independentStepsRunInParallel()
    {
        // Each step waits for the other's marker: only two workers at once can finish.
        Fixture f;
        const std::string a = f.scratch.path("a"), b = f.scratch.path("b");
        auto waitFor = [](const std::string &mine, const std::string &other) {
            return "touch " + mine + "; i=0; while [ ! -e " + other
                + " ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; [ -e " + other + " ]";
        };
        ExecutorOptions options;
        options.workers = 2;
        const RunRecord run = f.run("name: p\nsteps:\n  - {name: a, kind: shell, with: {command: '"
                                        + waitFor(a, b)
                                        + "'}}\n  - {name: b, kind: shell, with: "
                                          "{command: '"
                                        + waitFor(b, a) + "'}}\n",
                                    options);
        QCOMPARE(run.state, RunState::Succeeded);
    }

    void dataFileChangingDuringTheRunFailsTheStep()
    {
        Fixture f;
        const std::string data = f.scratch.writeFile("d.csv", "a\n1\n2\n");
        const RunRecord run = f.run(
            "name: p\nsteps:\n"
            "  - {name: v, kind: validate, with: {data: d.csv, expectations: [{expect: "
            "not-null, column: a}]}}\n"
            "  - {name: change, kind: shell, needs: [v], with: {command: 'echo 3 >> "
            + data
            + "'}}\n"
              "  - {name: p2, kind: profile, needs: [change], with: {data: d.csv}}\n");
        QCOMPARE(run.state, RunState::Failed);
        QCOMPARE(step(run, "v").state, StepState::Succeeded);
        const std::string &message = step(run, "p2").message;
        QVERIFY2(message.find("data file") != std::string::npos
                     && message.find("changed before the step started") != std::string::npos,
                 message.c_str());
        QCOMPARE(run.fileHashes.size(), std::size_t(1));
    }

    void cancelStopsRunningAndPendingSteps()
    {
        Fixture f;
        std::stop_source stop;
        ExecutorOptions options;
        options.listener = [&](const RunEvent &e) {
            if (e.type == RunEvent::Type::StepStarted && e.step == "slow")
                stop.request_stop();
        };
        const RunRecord run = f.run("name: p\nsteps:\n"
                                    "  - {name: slow, kind: shell, with: {command: 'sleep 60'}}\n"
                                    "  - {name: next, kind: noop, needs: [slow]}\n",
                                    options, stop.get_token());
        QCOMPARE(run.state, RunState::Cancelled);
        QCOMPARE(step(run, "slow").state, StepState::Cancelled);
        QCOMPARE(step(run, "next").state, StepState::Cancelled);
    }

    void resumeContinuesAfterTheFinishedSteps()
    {
        Fixture f;
        const std::string flag = f.scratch.path("ok");
        const std::string counter = f.scratch.path("first-runs");
        auto def = f.define("name: p\nsteps:\n"
                            "  - {name: first, kind: shell, with: {command: 'echo x >> "
                            + counter
                            + "'}}\n  - {name: second, kind: shell, needs: [first], "
                              "with: {command: '[ -e "
                            + flag + " ]'}}\n");
        MDECK_VERIFY_OK(def);
        Executor executor(*f.scratch.ws, f.registry);
        auto failed = executor.run(f.scratch.admin, *def);
        MDECK_VERIFY_OK(failed);
        QCOMPARE(failed->state, RunState::Failed);
        f.scratch.writeFile("ok", "");
        auto resumed = executor.resume(f.scratch.admin, failed->id);
        MDECK_VERIFY_OK(resumed);
        QCOMPARE(resumed->state, RunState::Succeeded);
        QCOMPARE(resumed->attempt, 2);
        QCOMPARE(readFile(counter).value(), std::string("x\n")); // `first` ran once
        auto again = executor.resume(f.scratch.admin, failed->id, "first");
        MDECK_VERIFY_OK(again);
        QCOMPARE(readFile(counter).value(), std::string("x\nx\n"));
        QVERIFY(!executor.resume(f.scratch.admin, failed->id)); // succeeded: nothing to do
    }

    void unwritableWorkspaceFailsCleanly()
    {
        Fixture f;
        // A file where the work folder belongs: nothing can be written there.
        MDECK_VERIFY_OK(makeDirs(f.scratch.ws->dir() + "/pipelines"));
        f.scratch.writeFile("ws/pipelines/work", "blocker");
        const RunRecord run = f.run(shellPipeline("echo hi"));
        QCOMPARE(run.state, RunState::Failed);
        QVERIFY2(step(run, "sh").message.find("work folder") != std::string::npos,
                 step(run, "sh").message.c_str());
        // A read-only database refuses the run before anything starts.
        auto ro = store::Workspace::open(f.scratch.ws->dir(), true);
        MDECK_VERIFY_OK(ro);
        RunStore runs(**ro);
        auto def = f.define(shellPipeline("echo hi"));
        auto created = runs.createRun(f.scratch.admin, *def, "manual", Json::object());
        QVERIFY(!created);
        auto list = RunStore(*f.scratch.ws).list({});
        QCOMPARE(list->size(), std::size_t(1));
    }

    void onlyEngineersRunShellSteps()
    {
        Fixture f;
        MDECK_VERIFY_OK(
            f.scratch.users->addUser(f.scratch.admin, "vic", auth::Role::Viewer, "vic-login"));
        auth::Actor viewer{0, "vic", auth::Role::Viewer, true, "token"};
        RunStore runs(*f.scratch.ws);
        auto shell = f.define(shellPipeline("id"));
        auto created = runs.createRun(viewer, *shell, "manual", Json::object());
        QVERIFY(!created);
        QCOMPARE(created.error().code, ErrorCode::PermissionDenied);
        auto noop = f.define("name: p\nsteps:\n  - {name: a, kind: noop}\n");
        MDECK_VERIFY_OK(runs.createRun(viewer, *noop, "manual", Json::object()));
        auth::Actor stranger{0, "who", auth::Role::Viewer, false, "anonymous"};
        QVERIFY(!runs.createRun(stranger, *noop, "manual", Json::object()));
    }

    void schedulersClaimEachSlotOnceAndMissedRunsRunOnce()
    {
        Fixture f;
        auto def = f.define("name: cronned\nschedule: '0 * * * *'\nsteps:\n  - {name: a, kind: "
                            "noop}\n");
        MDECK_VERIFY_OK(def);
        RunStore runs(*f.scratch.ws);
        MDECK_VERIFY_OK(runs.saveDefinition(f.scratch.admin, *def, "cronned.yaml"));
        auto second = store::Workspace::open(f.scratch.ws->dir());
        MDECK_VERIFY_OK(second);
        RunStore otherRuns(**second);
        Scheduler one(runs, "one"), two(otherRuns, "two");
        // Two days of "downtime", at half past an hour so that a minute later is the same slot.
        const std::int64_t now = (nowMillis() / 1000 / 3600) * 3600 + 2 * 86400 + 1800;
        auto a = one.tick(f.scratch.admin, now);
        auto b = two.tick(f.scratch.admin, now);
        MDECK_VERIFY_OK(a);
        MDECK_VERIFY_OK(b);
        QCOMPARE(a->created.size() + b->created.size(), std::size_t(1)); // 48 missed: one run
        auto again = one.tick(f.scratch.admin, now + 60);
        QCOMPARE(again->created.size(), std::size_t(0)); // the same slot
        auto next = two.tick(f.scratch.admin, now + 3600);
        QCOMPARE(next->created.size(), std::size_t(1));
        auto listed = runs.list({"cronned", 10});
        QCOMPARE(listed->size(), std::size_t(2));
        QCOMPARE(listed->front().trigger, std::string("schedule"));
        // Racing threads on separate connections: still one claim per slot.
        std::atomic<int> created{0};
        {
            std::vector<std::jthread> threads;
            for (int i = 0; i < 4; ++i)
                threads.emplace_back([&, i] {
                    auto ws = store::Workspace::open(f.scratch.ws->dir());
                    RunStore r(**ws);
                    Scheduler s(r, "t" + std::to_string(i));
                    auto t = s.tick(f.scratch.admin, now + 7200);
                    if (t)
                        created += static_cast<int>(t->created.size());
                });
        }
        QCOMPARE(created.load(), 1);
    }

    void requestRolloutFilesARequestWithDeploy()
    {
        test::DeployFixture d;
        d.createDeployment("iris-prod", 1);
        auto def = parseDefinition("name: ship\nsteps:\n"
                                   "  - name: ask\n    kind: request-rollout\n"
                                   "    with: {model: iris, version: \"3\", deployment: iris-prod, "
                                   "traffic: 20, note: beat the champion}\n",
                                   "ship.yaml");
        MDECK_VERIFY_OK(def);
        Executor executor(*d.s.ws, d.reg);
        auto run = executor.run(d.engineer, *def);
        MDECK_VERIFY_OK(run);
        QVERIFY2(run->state == RunState::Succeeded, run->message.c_str());
        const Json &filed = step(*run, "ask").summary["filed"];
        QCOMPARE(filed["to_version"].get<int>(), 3);
        QCOMPARE(filed["state"].get<std::string>(), std::string("requested"));
        deploy::RolloutService service(d.deployments);
        auto open = service.open("iris-prod");
        MDECK_VERIFY_OK(open);
        QVERIFY(open->has_value());
        QCOMPARE((*open)->plan.steps.front().percent, 20);
        QVERIFY((*open)->requestComment.find("beat the champion") != std::string::npos);

        // A deployment that does not exist fails the step with deploy's message.
        auto missing = parseDefinition("name: ship2\nsteps:\n  - {name: ask, kind: "
                                       "request-rollout, with: {model: iris, deployment: nope}}\n",
                                       "ship2.yaml");
        auto failed = executor.run(d.engineer, *missing);
        MDECK_VERIFY_OK(failed);
        QCOMPARE(failed->state, RunState::Failed);
        QVERIFY2(step(*failed, "ask").message.find("nope") != std::string::npos,
                 step(*failed, "ask").message.c_str());
    }

    void fileTriggerAndAlertStart()
    {
        Fixture f;
        const std::string data = f.scratch.writeFile("watched.csv", "a\n1\n");
        auto def = f.define("name: watcher\nwatch: [watched.csv]\nsteps:\n  - {name: a, kind: "
                            "noop}\n");
        MDECK_VERIFY_OK(def);
        RunStore runs(*f.scratch.ws);
        MDECK_VERIFY_OK(runs.saveDefinition(f.scratch.admin, *def, "watcher.yaml"));
        Scheduler s(runs);
        QCOMPARE(s.tick(f.scratch.admin, 1000)->created.size(), std::size_t(0)); // baseline
        QCOMPARE(s.tick(f.scratch.admin, 1001)->created.size(), std::size_t(0)); // unchanged
        f.scratch.writeFile("watched.csv", "a\n2\n");
        auto changed = s.tick(f.scratch.admin, 1002);
        QCOMPARE(changed->created.size(), std::size_t(1));
        QCOMPARE(runs.get(changed->created[0])->trigger, std::string("file"));
        QCOMPARE(s.tick(f.scratch.admin, 1003)->created.size(), std::size_t(0));

        auto id = startPipelineFromAlert(runs, f.scratch.admin, "watcher",
                                         {"drift-high", "PSI 0.4 on temp_max", {{"psi", 0.4}}});
        MDECK_VERIFY_OK(id);
        QCOMPARE(runs.get(*id)->trigger, std::string("alert"));
        auto orphans = s.orphanedRuns();
        QVERIFY(std::find(orphans->begin(), orphans->end(), *id) != orphans->end());
        auto audit = auth::AuditLog::list(f.scratch.ws->db(), {runSubject(*id), "", 0, 10, true});
        QCOMPARE(audit->size(), std::size_t(1));
        QVERIFY(audit->front().details.find("drift-high") != std::string::npos);
        Executor executor(*f.scratch.ws, f.registry);
        auto done = executor.execute(f.scratch.admin, *id);
        MDECK_VERIFY_OK(done);
        QCOMPARE(done->state, RunState::Succeeded);
        QVERIFY(!executor.execute(f.scratch.admin, *id)); // never twice
        QVERIFY(!startPipelineFromAlert(runs, f.scratch.admin, "nope", {}));
    }
};

QTEST_GUILESS_MAIN(tst_PipelineExecutor)
#include "tst_pipeline_executor.moc"
