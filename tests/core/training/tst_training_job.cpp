#include "../test_support.h"

#include "core/common/files.h"
#include "core/data/csv_reader.h"
#include "core/training/benchmark.h"
#include "core/training/loaded_model.h"
#include "core/training/training_job.h"

#include <QDirIterator>

using namespace mdeck;

namespace {

training::TrainRequest request(const char *file, const char *target)
{
    training::TrainRequest r;
    r.dataPath = test::dataFile(file);
    r.target = target;
    r.spec.hidden = {32};
    r.spec.epochs = 40;
    r.spec.patience = 8;
    r.spec.learningRate = 0.01;
    r.spec.threads = 1;
    return r;
}

int versionsIn(registry::ModelRegistry &reg)
{
    return static_cast<int>(reg.searchVersions({})->total);
}

} // namespace

class tst_TrainingJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void trainsRegistersAndPredictsBreastCancer()
    {
        test::ScratchWorkspace s;
        registry::ModelRegistry reg(*s.ws, training::artifactValidator());
        auto req = request("breast_cancer.csv", "target");
        std::vector<std::string> stages;
        int epochs = 0;
        auto out = training::runTraining(req, s.path("work"), [&](const training::TrainProgress &p) {
            if (stages.empty() || stages.back() != p.stage)
                stages.push_back(p.stage);
            if (p.epoch)
                ++epochs;
        });
        MDECK_VERIFY_OK(out);
        QCOMPARE(out->package.task, ml::Task::BinaryClassification);
        QCOMPARE(out->package.classes, (std::vector<std::string>{"0", "1"}));
        QCOMPARE(out->package.features.size(), std::size_t(30));
        QVERIFY2(out->testMetrics.at("accuracy") > 0.9,
                 qPrintable(QString::number(out->testMetrics.at("accuracy"))));
        QVERIFY(out->testMetrics.at("roc_auc") > 0.95);
        QCOMPARE(epochs, int(out->history.size()));
        QCOMPARE(stages.front(), std::string("reading"));
        QCOMPARE(stages.back(), std::string("packaging"));
        QCOMPARE(out->trainRows + out->validationRows + out->testRows, std::size_t(569));
        QCOMPARE(out->datasetSha256, sha256File(req.dataPath)->sha256);
        QCOMPARE(out->package.signature.inputs.size(), std::size_t(1));
        QCOMPARE(out->package.signature.inputs[0].shape, (std::vector<std::int64_t>{-1, 30}));
        QCOMPARE(out->package.reference.rows, std::uint64_t(out->trainRows));

        auto v = training::registerOutcome(reg, s.admin, "bc", *out);
        MDECK_VERIFY_OK(v);
        QCOMPARE(v->format, std::string("modeldeck"));
        QCOMPARE(v->lineage.datasetHash, out->datasetSha256);
        QCOMPARE(v->metrics.at("accuracy"), out->testMetrics.at("accuracy"));
        QVERIFY(v->params.count("learning_rate"));
        QVERIFY(!fileExists(out->packagePath));

        // The predictor, fed the raw text of the rows, agrees with the trainer's evaluation.
        auto model = training::LoadedModel::load(reg, "bc", "latest");
        MDECK_VERIFY_OK(model);
        auto table = data::readCsv(req.dataPath);
        MDECK_VERIFY_OK(table);
        auto reader = data::CsvStreamReader::open(req.dataPath);
        MDECK_VERIFY_OK(reader);
        std::vector<std::string_view> fields;
        std::vector<std::size_t> rows;
        std::vector<float> viaText;
        std::vector<float> row(model->inputWidth());
        std::size_t r = 0;
        while (reader->next(fields).value()) {
            fields.pop_back(); // target is the last column
            MDECK_VERIFY_OK(model->encode(fields, row.data()));
            viaText.insert(viaText.end(), row.begin(), row.end());
            rows.push_back(r++);
        }
        std::vector<float> viaTable;
        MDECK_VERIFY_OK(model->package()->preprocessor.transform(*table, rows, viaTable));
        QCOMPARE(viaText, viaTable);
        std::vector<float> a(rows.size() * 2), b(rows.size() * 2);
        MDECK_VERIFY_OK(model->predictor().predict(viaText.data(), rows.size(), a.data()));
        auto direct = ml::makeNativePredictor(out->package.network);
        MDECK_VERIFY_OK(direct->predict(viaTable.data(), rows.size(), b.data()));
        QCOMPARE(a, b);
    }

    void penguinsWithMissingValuesAndCategories()
    {
        test::ScratchWorkspace s;
        auto req = request("penguins.csv", "species");
        req.sensitiveColumn = "sex";
        auto out = training::runTraining(req, s.path("work"));
        MDECK_VERIFY_OK(out);
        QCOMPARE(out->package.task, ml::Task::MulticlassClassification);
        QCOMPARE(out->package.classes, (std::vector<std::string>{"Adelie", "Chinstrap", "Gentoo"}));
        QVERIFY(std::find(out->package.features.begin(), out->package.features.end(), "island")
                != out->package.features.end());
        QVERIFY(std::find(out->package.features.begin(), out->package.features.end(), "sex")
                == out->package.features.end());
        QCOMPARE(out->package.signature.inputs.size(),
                 out->package.features.size()); // one input per raw column
        QVERIFY(out->testMetrics.at("accuracy") > 0.9);
        QCOMPARE(out->package.confusion.size(), std::size_t(3));
    }

    void seattleWeatherWithTimeSplit()
    {
        test::ScratchWorkspace s;
        auto req = request("seattle-weather.csv", "weather");
        req.timeColumn = "date";
        auto out = training::runTraining(req, s.path("work"));
        MDECK_VERIFY_OK(out);
        QCOMPARE(out->package.classes.size(), std::size_t(5));
        QCOMPARE(out->package.lineage["split"]["kind"].get<std::string>(), std::string("time"));
        QCOMPARE(out->package.features,
                 (std::vector<std::string>{"precipitation", "temp_max", "temp_min", "wind"}));
        QVERIFY(out->testMetrics.at("accuracy") > 0.5);
    }

    void regressionOnPenguinMass()
    {
        test::ScratchWorkspace s;
        auto req = request("penguins.csv", "body_mass_g");
        req.spec.epochs = 60;
        auto out = training::runTraining(req, s.path("work"));
        MDECK_VERIFY_OK(out);
        QCOMPARE(out->package.task, ml::Task::Regression);
        QVERIFY2(out->testMetrics.at("r2") > 0.6,
                 qPrintable(QString::number(out->testMetrics.at("r2"))));
        QVERIFY(out->droppedRows > 0); // two penguins were never weighed
    }

    void refusesBadData_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("needle");
        QTest::addRow("header only") << QByteArray("a,b,y\n") << "y"
                                     << "no rows";
        QTest::addRow("no such target") << QByteArray("a,y\n1,0\n2,1\n") << "z"
                                        << "no column 'z'";
        QTest::addRow("one class") << QByteArray("a,y\n1,x\n2,x\n3,x\n4,x\n5,x\n") << "y"
                                   << "only one class";
        QTest::addRow("target all missing") << QByteArray("a,y\n1,\n2,NA\n3,\n") << "y"
                                            << "missing in every row";
        QTest::addRow("ragged row") << QByteArray("a,y\n1,0\n2\n") << "y"
                                    << ":3";
        QTest::addRow("only the target") << QByteArray("y\n0\n1\n0\n1\n") << "y"
                                         << "no feature columns";
        QTest::addRow("date target") << QByteArray("a,y\n1,2020-01-01\n2,2020-01-02\n") << "y"
                                     << "date";
    }

    void refusesBadData()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, target);
        QFETCH(QString, needle);
        test::ScratchWorkspace s;
        training::TrainRequest req;
        req.dataPath = s.writeFile("bad.csv", csv.toStdString());
        req.target = target.toStdString();
        req.spec.epochs = 2;
        auto out = training::runTraining(req, s.path("work"));
        QVERIFY(!out);
        QVERIFY2(out.error().message.find(needle.toStdString()) != std::string::npos,
                 out.error().message.c_str());
        QVERIFY(!QDir(QString::fromStdString(s.path("work"))).exists()
                || QDir(QString::fromStdString(s.path("work"))).isEmpty());
    }

    void cancelLeavesNothing()
    {
        test::ScratchWorkspace s;
        registry::ModelRegistry reg(*s.ws, training::artifactValidator());
        auto req = request("breast_cancer.csv", "target");
        req.spec.epochs = 1000;
        req.spec.patience = 0;
        std::stop_source stop;
        auto out = training::runTraining(
            req, s.path("work"),
            [&](const training::TrainProgress &p) {
                if (p.epoch && p.epoch->epoch == 2)
                    stop.request_stop();
            },
            stop.get_token());
        QVERIFY(!out);
        QCOMPARE(out.error().code, ErrorCode::Cancelled);
        QCOMPARE(versionsIn(reg), 0);
        QVERIFY(!QDir(QString::fromStdString(s.path("work"))).exists()
                || QDir(QString::fromStdString(s.path("work"))).isEmpty());
    }

    void tamperedPackageIsRefusedByTheValidator()
    {
        test::ScratchWorkspace s;
        auto req = request("breast_cancer.csv", "target");
        req.spec.epochs = 2;
        auto out = training::runTraining(req, s.path("work"));
        MDECK_VERIFY_OK(out);
        auto validate = training::artifactValidator();
        MDECK_VERIFY_OK(validate(out->packagePath, "modeldeck", out->package.signature));
        Signature other = out->package.signature;
        other.outputs[0].classes = {"malignant", "benign"};
        QVERIFY(!validate(out->packagePath, "modeldeck", other));
        QVERIFY(!validate(test::dataFile("breast_cancer.csv"), "modeldeck", out->package.signature));
        {
            QFile f(QString::fromStdString(out->packagePath));
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(f.size() - 2048);
            char c = 0;
            f.getChar(&c);
            f.seek(f.size() - 2048);
            f.putChar(char(c ^ 0x55));
        }
        auto tampered = validate(out->packagePath, "modeldeck", out->package.signature);
        QVERIFY(!tampered);
    }

    void benchmarkIsStoredWithTheVersion()
    {
        test::ScratchWorkspace s;
        registry::ModelRegistry reg(*s.ws, training::artifactValidator());
        registry::NewVersion v;
        v.model = "bc";
        v.artifactPath = test::dataFile("models/breast_cancer_mlp.torchscript.pt");
        v.signature = test::shippedSignature();
        MDECK_VERIFY_OK(reg.registerVersion(s.admin, v));
        auto model = training::LoadedModel::load(reg, "bc", "1");
        MDECK_VERIFY_OK(model);
        training::BenchOptions opts;
        opts.batches = {1, 64};
        opts.windowMs = 20;
        opts.warmupMs = 5;
        opts.maxWindows = 6;
        int finished = 0;
        auto report = training::runBenchmark(*model, opts,
                                             [&](double f, const training::BatchResult *r) {
                                                 QVERIFY(f >= 0 && f <= 1.0 + 1e-9);
                                                 if (r)
                                                     ++finished;
                                             });
        MDECK_VERIFY_OK(report);
        QCOMPARE(finished, 2);
        for (const auto &r : report->results) {
            QVERIFY(r.windows >= 3 && r.windows <= 6);
            QVERIFY(r.p50Us > 0 && r.p50Us <= r.p90Us && r.p90Us <= r.p99Us && r.p99Us <= r.maxUs);
            QVERIFY(r.rowsPerSecond > 0);
            QVERIFY(r.rowsPerSecondCiLow <= r.rowsPerSecond
                    && r.rowsPerSecond <= r.rowsPerSecondCiHigh);
        }
        QCOMPARE(report->hardware["cores"].get<int>(), QThread::idealThreadCount());
        auto stored = reg.addBenchmark(s.admin, "bc", 1, report->device, report->hardware.dump(),
                                       training::benchResultsToJson(*report).dump());
        MDECK_VERIFY_OK(stored);
        auto listed = reg.listBenchmarks("bc", 1);
        QCOMPARE(listed->size(), std::size_t(1));
        auto back = training::benchResultsFromJson(
            parseJson(listed->front().resultsJson, "x").value());
        MDECK_VERIFY_OK(back);
        QCOMPARE(back->size(), std::size_t(2));
        QCOMPARE((*back)[1].batch, 64);
        QVERIFY(!training::parseBatchList("1,,2"));
        QVERIFY(!training::parseBatchList("0"));
        QCOMPARE(training::parseBatchList("1,8,64").value(), (std::vector<int>{1, 8, 64}));
    }
};

QTEST_GUILESS_MAIN(tst_TrainingJob)
#include "tst_training_job.moc"
