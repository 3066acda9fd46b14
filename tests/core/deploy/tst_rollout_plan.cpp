#include "../test_support.h"

#include "core/common/files.h"
#include "core/deploy/rollout_plan.h"

#include <QDir>

using namespace mdeck;
using namespace mdeck::deploy;

class tst_RolloutPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void fullPlanFile();
    void flagsOverrideFile();
    void shadowPlan();
    void directHasNoSteps();
    void durations_data();
    void durations();
    void malformedPlans_data();
    void malformedPlans();
    void malformedFlags_data();
    void malformedFlags();
    void jsonRoundTrip();
    void replaysHostileCorpus();
};

void tst_RolloutPlan::defaults()
{
    const auto plan = buildPlan({}, RolloutMode::Canary).value();
    QCOMPARE(plan.steps.size(), std::size_t(3));
    QCOMPARE(plan.steps[0].percent, 10);
    QCOMPARE(plan.steps[1].percent, 50);
    QCOMPARE(plan.steps[2].percent, 100);
    QCOMPARE(plan.steps[0].bakeMs, kDefaultBakeMs);
    QCOMPARE(plan.thresholds.maxErrorRate.value(), 0.01);
    QCOMPARE(plan.thresholds.maxDisagreement.value(), 0.05);
    QVERIFY(!plan.thresholds.maxP99Ms);
    QVERIFY(!plan.thresholds.minAccuracy);
    QCOMPARE(plan.thresholds.minRequests, std::int64_t(100));
    QCOMPARE(describePlan(plan), std::string("10% 1m -> 50% 1m -> 100% 1m"));
}

void tst_RolloutPlan::fullPlanFile()
{
    const char *text = "# canary for iris\n"
                       "steps:\n"
                       "  - percent: 5\n"
                       "    bake: 30s\n"
                       "  - {percent: 25, bake: 10m}\n"
                       "  - percent: 100\n"
                       "thresholds:\n"
                       "  max_error_rate: 0.02\n"
                       "  max_p99_ms: 250\n"
                       "  max_disagreement: 0.1\n"
                       "  min_accuracy: 0.9\n"
                       "  min_labelled: 50\n"
                       "  min_requests: 20\n";
    const auto spec = parsePlanYaml(text, "plan.yaml").value();
    const auto plan = buildPlan(spec, RolloutMode::Canary).value();
    QCOMPARE(plan.steps.size(), std::size_t(3));
    QCOMPARE(plan.steps[0].bakeMs, std::int64_t(30000));
    QCOMPARE(plan.steps[1].percent, 25);
    QCOMPARE(plan.steps[1].bakeMs, std::int64_t(600000));
    QCOMPARE(plan.steps[2].bakeMs, kDefaultBakeMs);
    QCOMPARE(plan.thresholds.maxP99Ms.value(), 250.0);
    QCOMPARE(plan.thresholds.minAccuracy.value(), 0.9);
    QCOMPARE(plan.thresholds.minLabelled, std::int64_t(50));
    QCOMPARE(plan.thresholds.minRequests, std::int64_t(20));
}

void tst_RolloutPlan::flagsOverrideFile()
{
    auto file = parsePlanYaml("steps:\n  - percent: 20\n", "plan.yaml").value();
    PlanSpec flags;
    flags.percents = parsePercents("1,2,100").value();
    flags.bakes = parseBakes("1s,2s,3s").value();
    flags.maxP99Ms = 40;
    const auto plan = buildPlan(mergePlanSpecs(file, flags), RolloutMode::Canary).value();
    QCOMPARE(plan.steps.size(), std::size_t(3));
    QCOMPARE(plan.steps[2].bakeMs, std::int64_t(3000));
    QCOMPARE(plan.thresholds.maxP99Ms.value(), 40.0);
}

void tst_RolloutPlan::shadowPlan()
{
    auto spec = parsePlanYaml("shadow: 2m\nsteps:\n  - percent: 50\n", "p.yaml").value();
    const auto plan = buildPlan(spec, RolloutMode::Shadow).value();
    QCOMPARE(plan.steps.size(), std::size_t(2));
    QCOMPARE(plan.steps[0].mode, CandidateMode::Shadow);
    QCOMPARE(plan.steps[0].bakeMs, std::int64_t(120000));
    QCOMPARE(plan.steps[1].percent, 50);
    const auto bare = buildPlan({}, RolloutMode::Shadow).value();
    QCOMPARE(bare.steps.size(), std::size_t(1));
    QCOMPARE(bare.steps[0].bakeMs, kDefaultShadowBakeMs);
    QCOMPARE(buildPlan(spec, RolloutMode::Canary).error().code, ErrorCode::InvalidArgument);
}

void tst_RolloutPlan::directHasNoSteps()
{
    QVERIFY(buildPlan({}, RolloutMode::Direct)->steps.empty());
    PlanSpec spec;
    spec.percents = std::vector<int>{10};
    QVERIFY(!buildPlan(spec, RolloutMode::Direct));
}

void tst_RolloutPlan::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::addRow("seconds") << "60s" << qint64(60000);
    QTest::addRow("bare seconds") << "5" << qint64(5000);
    QTest::addRow("millis") << "250ms" << qint64(250);
    QTest::addRow("minutes") << "5m" << qint64(300000);
    QTest::addRow("hours") << "2h" << qint64(7200000);
    QTest::addRow("days") << "1d" << qint64(86400000);
    QTest::addRow("fraction") << "1.5s" << qint64(1500);
    QTest::addRow("zero") << "0s" << qint64(0);
    QTest::addRow("empty") << "" << qint64(-1);
    QTest::addRow("negative") << "-1s" << qint64(-1);
    QTest::addRow("unknown unit") << "5y" << qint64(-1);
    QTest::addRow("over a week") << "8d" << qint64(-1);
    QTest::addRow("overflow") << "99999999999999999999s" << qint64(-1);
    QTest::addRow("spaces") << "5 s" << qint64(-1);
}

void tst_RolloutPlan::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    auto d = parseDuration(text.toStdString(), "bake");
    if (ms < 0) {
        QVERIFY(!d);
        QCOMPARE(d.error().code, ErrorCode::InvalidArgument);
    } else {
        QCOMPARE(d.value(), ms);
    }
}

void tst_RolloutPlan::malformedPlans_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("needle");
    QTest::addRow("unknown top-level key")
        << QByteArray("steps:\n  - percent: 10\nspeed: 3\n") << 3 << "'speed' is not a known field";
    QTest::addRow("unknown step key")
        << QByteArray("steps:\n  - percent: 10\n    wait: 5s\n") << 3 << "'wait'";
    QTest::addRow("unknown threshold")
        << QByteArray("thresholds:\n  max_error: 0.1\n") << 2 << "'max_error'";
    QTest::addRow("duplicate key")
        << QByteArray("steps:\n  - percent: 10\n    percent: 20\n") << 3 << "appears twice";
    QTest::addRow("percent zero") << QByteArray("steps:\n  - percent: 0\n") << 2 << "'percent'";
    QTest::addRow("percent above 100")
        << QByteArray("steps:\n  - percent: 10\n  - percent: 150\n") << 3 << "between 1 and 100";
    QTest::addRow("percent text") << QByteArray("steps:\n  - percent: ten\n") << 2 << "'ten'";
    QTest::addRow("percent fraction")
        << QByteArray("steps:\n  - percent: 10.5\n") << 2 << "whole number";
    QTest::addRow("missing percent")
        << QByteArray("steps:\n  - bake: 5s\n") << 2 << "'percent' is missing";
    QTest::addRow("bad bake") << QByteArray("steps:\n  - percent: 10\n    bake: soon\n") << 3
                              << "'bake'";
    QTest::addRow("steps not a list") << QByteArray("steps: 10\n") << 1 << "non-empty list";
    QTest::addRow("step not a map") << QByteArray("steps:\n  - 10\n") << 2 << "mappings";
    QTest::addRow("thresholds not a map")
        << QByteArray("thresholds: [1]\n") << 1 << "must be a mapping";
    QTest::addRow("error rate above 1")
        << QByteArray("thresholds:\n  max_error_rate: 2\n") << 2 << "between 0 and 1";
    QTest::addRow("root is a list") << QByteArray("- 1\n- 2\n") << 1 << "must be a mapping";
    QTest::addRow("syntax error") << QByteArray("steps:\n  - percent: 10\n   bake: [\n") << 3
                                  << "plan.yaml:";
    QTest::addRow("tab indentation")
        << QByteArray("steps:\n\t- percent: 10\n") << 2 << "plan.yaml:2";
    QTest::addRow("nested value") << QByteArray("shadow: {a: 1}\n") << 1 << "single value";
}

void tst_RolloutPlan::malformedPlans()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, needle);
    auto r = parsePlanYaml(std::string_view(text.constData(), text.size()), "plan.yaml");
    QVERIFY2(!r, text.constData());
    QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
             r.error().message.c_str());
    QVERIFY2(r.error().message.rfind("plan.yaml", 0) == 0, r.error().message.c_str());
    QCOMPARE(r.error().line, line);
}

void tst_RolloutPlan::malformedFlags_data()
{
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QString>("bakes");
    QTest::addRow("decreasing") << "50,10"
                                << "";
    QTest::addRow("repeated") << "10,10"
                              << "";
    QTest::addRow("zero") << "0,100"
                          << "";
    QTest::addRow("over 100") << "10,101"
                              << "";
    QTest::addRow("empty item") << "10,,100"
                                << "";
    QTest::addRow("text") << "ten"
                          << "";
    QTest::addRow("bake count mismatch") << "10,50,100"
                                         << "1s,2s";
    QTest::addRow("bad bake") << "10"
                              << "later";
    QTest::addRow("too many steps") << QStringLiteral("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,"
                                                      "17,18,19,20,21")
                                    << "";
}

void tst_RolloutPlan::malformedFlags()
{
    QFETCH(QString, steps);
    QFETCH(QString, bakes);
    PlanSpec spec;
    auto percents = parsePercents(steps.toStdString());
    if (!percents) {
        QVERIFY(!percents.error().message.empty());
        return;
    }
    spec.percents = *percents;
    if (!bakes.isEmpty()) {
        auto b = parseBakes(bakes.toStdString());
        if (!b) {
            QVERIFY(!b.error().message.empty());
            return;
        }
        spec.bakes = *b;
    }
    auto plan = buildPlan(spec, RolloutMode::Canary);
    QVERIFY(!plan);
    QCOMPARE(plan.error().code, ErrorCode::InvalidArgument);
}

void tst_RolloutPlan::jsonRoundTrip()
{
    auto spec = parsePlanYaml("shadow: 90s\nsteps:\n  - percent: 30\n    bake: 1h\n"
                              "thresholds:\n  max_p99_ms: 12.5\n",
                              "p.yaml")
                    .value();
    const auto plan = buildPlan(spec, RolloutMode::Shadow).value();
    const auto back = planFromJson(planToJson(plan)).value();
    QCOMPARE(canonicalJson(planToJson(back)), canonicalJson(planToJson(plan)));
    QCOMPARE(back.steps.size(), std::size_t(2));
    QCOMPARE(back.thresholds.maxP99Ms.value(), 12.5);
    QVERIFY(!planFromJson(Json{{"steps", 3}}));
}

void tst_RolloutPlan::replaysHostileCorpus()
{
    QDir dir(test::dataPath("hostile/plan"));
    const auto files = dir.entryList(QDir::Files);
    QVERIFY(files.size() >= 15);
    for (const QString &name : files) {
        auto text = readFile(dir.filePath(name).toStdString());
        MDECK_VERIFY_OK(text);
        auto spec = parsePlanYaml(*text, name.toStdString());
        if (spec) // well-formed YAML whose plan is still wrong
            spec = buildPlan(*spec, RolloutMode::Canary).ok()
                ? Result<PlanSpec>(Error(ErrorCode::Internal, "accepted"))
                : Result<PlanSpec>(Error(ErrorCode::InvalidArgument, "refused"));
        QVERIFY2(!spec, qPrintable(name));
        QVERIFY2(spec.error().code == ErrorCode::InvalidArgument,
                 qPrintable(name + QLatin1Char(' ') + QString::fromStdString(spec.error().message)));
    }
}

QTEST_GUILESS_MAIN(tst_RolloutPlan)
#include "tst_rollout_plan.moc"
