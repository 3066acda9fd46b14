#include "../test_support.h"
#include "core/pipeline/definition.h"
#include "core/pipeline/substitution.h"

#include <QDirIterator>

using namespace mdeck;
using namespace mdeck::pipeline;

namespace {

const char *kGood = R"(name: demo
description: a small pipeline
params:
  data: in.csv
  epochs: "5"
steps:
  - name: check
    kind: validate
    with:
      data: ${{ params.data }}
      expectations:
        - {expect: not-null, column: a}
        - {expect: between, column: b, min: 0, max: 1}
  - name: train
    kind: train
    needs: [check]
    retries: 2
    backoff: 250ms
    timeout: 5m
    with: {data: "${{ params.data }}", target: y, epochs: "${{ params.epochs }}"}
  - name: report
    kind: shell
    needs: train
    cache: true
    with:
      command: cp ${{ steps.train.outputs.metrics }} $MDECK_OUTPUTS/m.json && echo $${{ literal }}
      outputs: [m.json]
)";

} // namespace

class tst_PipelineDefinition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAGoodDefinition()
    {
        auto def = parseDefinition(kGood, "demo.yaml", {{"epochs", "9"}}, "/base");
        MDECK_VERIFY_OK(def);
        QCOMPARE(def->name, std::string("demo"));
        QCOMPARE(def->steps.size(), std::size_t(3));
        const StepDef &train = def->steps[1];
        QCOMPARE(train.retries, 2);
        QCOMPARE(train.backoffSeconds, 0.25);
        QCOMPARE(train.timeoutSeconds, 300.0);
        QCOMPARE(train.with["epochs"].get<int>(), 9);
        QCOMPARE(train.with["data"].get<std::string>(), std::string("/base/in.csv"));
        QCOMPARE(train.inputFiles, std::vector<std::string>{"/base/in.csv"});
        QVERIFY(train.cache); // train caches by default
        const StepDef &report = def->steps[2];
        QCOMPARE(report.needs, std::vector<std::string>{"train"});
        QVERIFY(report.cache);
        QCOMPARE(report.outputs, std::vector<std::string>{"m.json"});
        QVERIFY(report.with["command"].get<std::string>().find("${{ steps.train.outputs.metrics }}")
                != std::string::npos);
        QCOMPARE(topologicalOrder(*def), (std::vector<int>{0, 1, 2}));
        QVERIFY(dependsOn(*def, 2, 0));
        QVERIFY(!dependsOn(*def, 0, 2));
    }

    void resolvesStepReferencesAndEscapes()
    {
        auto text = resolveStepReferences("a ${{ steps.x.outputs.y }} b $${{ z }}",
                                          [](const StepReference &r) -> Result<std::string> {
                                              return "/art/" + r.step + "." + r.output;
                                          });
        MDECK_VERIFY_OK(text);
        QCOMPARE(*text, std::string("a /art/x.y b ${{ z }}"));
    }

    void orderKeepsFileOrderAmongIndependentSteps()
    {
        auto def = parseDefinition("name: p\nsteps:\n"
                                   "  - {name: c, kind: noop, needs: [a, b]}\n"
                                   "  - {name: b, kind: noop}\n"
                                   "  - {name: a, kind: noop}\n",
                                   "p.yaml");
        MDECK_VERIFY_OK(def);
        QCOMPARE(topologicalOrder(*def), (std::vector<int>{1, 2, 0}));
    }

    void refusesMalformedDefinitions_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        const QByteArray head = "name: p\nsteps:\n";
        QTest::addRow("invalid yaml")
            << QByteArray("name: p\nsteps: [\n  {a: 1\n") << 4 << "invalid YAML";
        QTest::addRow("not a mapping") << QByteArray("- a\n- b\n") << 1 << "must be a mapping";
        QTest::addRow("no steps") << QByteArray("name: p\n") << 1 << "'steps:'";
        QTest::addRow("bad pipeline name")
            << QByteArray("name: P Q\nsteps: []\n") << 1 << "pipeline name";
        QTest::addRow("unknown top-level key")
            << QByteArray("name: p\nstepz: []\n") << 2 << "unknown key 'stepz'";
        QTest::addRow("unknown kind") << head + "  - {name: a, kind: teleport}\n"
                                      << 3 << "unknown step kind 'teleport'";
        QTest::addRow("duplicate names")
            << head + "  - {name: a, kind: noop}\n  - {name: a, kind: noop}\n"
            << 4 << "used twice (first on line 3)";
        QTest::addRow("unknown need") << head + "  - {name: a, kind: noop, needs: [zz]}\n"
                                      << 3 << "unknown step 'zz'";
        QTest::addRow("self need") << head + "  - {name: a, kind: noop, needs: [a]}\n"
                                   << 3 << "needs itself";
        QTest::addRow("cycle") << head
                + "  - {name: a, kind: noop, needs: [c]}\n"
                  "  - {name: b, kind: noop, needs: [a]}\n"
                  "  - {name: c, kind: noop, needs: [b]}\n"
                               << 4 << "cycle: a -> c -> b -> a";
        QTest::addRow("unknown step key") << head + "  - name: a\n    kind: noop\n    retry: 3\n"
                                          << 5 << "unknown key 'retry'";
        QTest::addRow("wrong type") << head + "  - name: a\n    kind: noop\n    retries: many\n"
                                    << 5 << "retries must be an integer";
        QTest::addRow("bad duration") << head + "  - name: a\n    kind: noop\n    timeout: soon\n"
                                      << 5 << "not a duration";
        QTest::addRow("missing required setting")
            << head + "  - name: a\n    kind: shell\n    with: {env: {A: b}}\n"
            << 5 << "needs 'with: command:'";
        QTest::addRow("unknown setting")
            << head + "  - name: a\n    kind: shell\n    with: {command: x, cmd: y}\n"
            << 5 << "unknown key 'cmd'";
        QTest::addRow("list where a string belongs")
            << head + "  - name: a\n    kind: shell\n    with:\n      command: [a, b]\n"
            << 6 << "must be a single value";
        QTest::addRow("unknown parameter") << head
                + "  - {name: a, kind: shell, with: {command: "
                  "\"${{ params.x }}\"}}\n" << 3
                                           << "unknown parameter 'x'";
        QTest::addRow("unknown expression")
            << head + "  - {name: a, kind: shell, with: {command: \"${{ env.HOME }}\"}}\n"
            << 3 << "unknown expression";
        QTest::addRow("output of a step not needed") << head
                + "  - {name: a, kind: shell, with: {command: x, outputs: [o]}}\n"
                  "  - {name: b, kind: shell, with: {command: \"${{ steps.a.outputs.o }}\"}}\n"
                                                     << 4 << "does not need it";
        QTest::addRow("unknown output") << head
                + "  - {name: a, kind: train, with: {data: d.csv, target: y}}\n"
                  "  - {name: b, kind: shell, needs: [a], with: {command: \"${{ "
                  "steps.a.outputs.weights }}\"}}\n"
                                        << 4 << "has no output 'weights'";
        QTest::addRow("unknown expectation") << head
                + "  - {name: a, kind: validate, with: {data: d, expectations: [{expect: "
                  "vibes, column: a}]}}\n" << 3
                                             << "unknown expectation 'vibes'";
        QTest::addRow("expectation without bound") << head
                + "  - {name: a, kind: validate, with: {data: d, expectations: [{expect: "
                  "between, column: a}]}}\n" << 3 << "needs 'min:' or 'max:'";
        QTest::addRow("bad regex") << head
                + "  - {name: a, kind: validate, with: {data: d, "
                  "expectations: [{expect: matches, column: a, "
                  "pattern: '(['}]}}\n"
                                   << 3 << "not a valid regular expression";
        QTest::addRow("bad cron") << QByteArray("name: p\nschedule: '61 * * * *'\nsteps: []\n") << 2
                                  << "minute field";
        QTest::addRow("evaluate needs one source")
            << head + "  - {name: a, kind: evaluate, with: {data: d}}\n"
            << 3 << "exactly one of 'package:'";
        QTest::addRow("output name with a slash")
            << head + "  - {name: a, kind: shell, with: {command: x, outputs: [../x]}}\n"
            << 3 << "plain file name";
    }

    void refusesMalformedDefinitions()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, message);
        auto def = parseDefinition(yaml.toStdString(), "p.yaml");
        QVERIFY(!def);
        const std::string text = def.error().message;
        QVERIFY2(text.find(message.toStdString()) != std::string::npos, text.c_str());
        QVERIFY2(text.rfind("p.yaml", 0) == 0, text.c_str());
        QCOMPARE(def.error().line, line);
        QCOMPARE(def.error().code, ErrorCode::InvalidArgument);
    }

    void unknownKeyNamesLineAndColumn()
    {
        auto def
            = parseDefinition("name: p\nsteps:\n  - name: a\n    kind: noop\n    colour: red\n",
                              "p.yaml");
        QVERIFY(!def);
        QVERIFY2(def.error().message.find("p.yaml:5:5:") == 0, def.error().message.c_str());
    }

    void refusesUndeclaredParameterOverrides()
    {
        auto def = parseDefinition("name: p\nparams: {a: 1}\nsteps:\n  - {name: s, kind: noop}\n",
                                   "p.yaml", {{"b", "2"}});
        QVERIFY(!def);
        QVERIFY(def.error().message.find("no parameter 'b'") != std::string::npos);
    }

    void refusesOversizedAndBinaryInput()
    {
        std::string big = "name: p\nsteps:\n";
        big.resize(kMaxDefinitionBytes + 10, '#');
        QVERIFY(!parseDefinition(big, "big.yaml"));
        QVERIFY(!parseDefinition(std::string("name: p\0x", 9), "nul.yaml"));
        QVERIFY(!parseDefinition("", "empty.yaml"));
    }

    void deepChainDoesNotExhaustTheStack()
    {
        std::string yaml = "name: p\nsteps:\n  - {name: s0, kind: noop}\n";
        for (int i = 1; i < 5000; ++i)
            yaml += "  - {name: s" + std::to_string(i) + ", kind: noop, needs: [s"
                + std::to_string(i - 1) + "]}\n";
        yaml += "  - {name: loop, kind: noop, needs: [s4999]}\n";
        auto def = parseDefinition(yaml, "chain.yaml");
        MDECK_VERIFY_OK(def);
        QCOMPARE(topologicalOrder(*def).size(), std::size_t(5001));
        yaml.replace(yaml.find("{name: s0, kind: noop}"), 22,
                     "{name: s0, kind: noop, needs: [loop]}");
        auto cyclic = parseDefinition(yaml, "chain.yaml");
        QVERIFY(!cyclic);
        QVERIFY(cyclic.error().message.find("cycle") != std::string::npos);
    }

    void hostileCorpusIsRefused()
    {
        QDirIterator it(QStringLiteral(MDECK_TEST_DATA_DIR "/hostile/pipeline"), QDir::Files);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            ++files;
            auto def = loadDefinition(path.toStdString());
            QVERIFY2(!def, qPrintable(path));
            QVERIFY2(!def.error().message.empty(), qPrintable(path));
        }
        QVERIFY(files >= 8);
    }

    void durations()
    {
        QCOMPARE(*parseDuration("30s"), 30.0);
        QCOMPARE(*parseDuration("2m"), 120.0);
        QCOMPARE(*parseDuration("1h"), 3600.0);
        QCOMPARE(*parseDuration("250ms"), 0.25);
        QCOMPARE(*parseDuration("7"), 7.0);
        QVERIFY(!parseDuration("-1s"));
        QVERIFY(!parseDuration("8d"));
        QVERIFY(!parseDuration("1e9"));
        QVERIFY(!parseDuration(""));
    }

    void exampleSeattlePipelineIsValid()
    {
        auto def = loadDefinition(std::string(MDECK_TEST_DATA_DIR)
                                  + "/../../examples/pipelines/seattle-weather.yaml");
        MDECK_VERIFY_OK(def);
        QVERIFY(def->hasKind(StepKind::RequestRollout));
        QVERIFY(!def->schedule.empty());
    }
};

QTEST_GUILESS_MAIN(tst_PipelineDefinition)
#include "tst_pipeline_definition.moc"
