#include "../test_support.h"

#include "core/ml/metrics.h"
#include "core/ml/predictor.h"
#include "core/ml/trainer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <random>

using namespace mdeck;

namespace {

// Two Gaussian blobs per class in `cols` dimensions, seeded.
ml::TrainingSet blobs(std::size_t rows, std::size_t cols, int classes, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> noise(0.0f, 0.6f);
    ml::TrainingSet s;
    s.rows = rows;
    s.cols = cols;
    s.numClasses = classes;
    for (std::size_t r = 0; r < rows; ++r) {
        const int c = static_cast<int>(r % static_cast<std::size_t>(classes));
        s.classes.push_back(c);
        for (std::size_t k = 0; k < cols; ++k)
            s.x.push_back(static_cast<float>((k % static_cast<std::size_t>(classes))
                                                     == static_cast<std::size_t>(c)
                                                 ? 2.0
                                                 : 0.0)
                          + noise(rng));
    }
    return s;
}

ml::TrainingSet linearRegression(std::size_t rows, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    ml::TrainingSet s;
    s.rows = rows;
    s.cols = 3;
    for (std::size_t r = 0; r < rows; ++r) {
        const float a = n(rng), b = n(rng), c = n(rng);
        s.x.insert(s.x.end(), {a, b, c});
        s.targets.push_back(100.0f + 3.0f * a - 2.0f * b + 0.5f * c + 0.01f * n(rng));
    }
    return s;
}

std::vector<float> allWeights(const ml::NativeModel &m)
{
    std::vector<float> w;
    for (const auto &l : m.layers()) {
        w.insert(w.end(), l.weight.begin(), l.weight.end());
        w.insert(w.end(), l.bias.begin(), l.bias.end());
    }
    return w;
}

} // namespace

class tst_Trainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void learnsMulticlassBlobs()
    {
        ml::TrainSpec spec;
        spec.task = ml::Task::MulticlassClassification;
        spec.hidden = {16};
        spec.epochs = 30;
        spec.learningRate = 0.01;
        auto train = blobs(600, 6, 3, 1);
        auto val = blobs(150, 6, 3, 2);
        int reports = 0;
        auto r = ml::train(spec, train, val, [&](const ml::EpochReport &e) {
            ++reports;
            QCOMPARE(e.epoch, reports);
            QCOMPARE(e.metricName, std::string("accuracy"));
            QVERIFY(e.etaSeconds >= 0);
        });
        MDECK_VERIFY_OK(r);
        QCOMPARE(reports, int(r->history.size()));
        QVERIFY(r->history.back().validationMetric > 0.9);
        QCOMPARE(r->model.outputWidth(), 3);
        QCOMPARE(r->model.inputWidth(), 6);
    }

    void sameSeedSameWeights()
    {
        ml::TrainSpec spec;
        spec.task = ml::Task::BinaryClassification;
        spec.hidden = {8, 8};
        spec.dropout = 0.1;
        spec.epochs = 5;
        spec.threads = 1;
        auto train = blobs(300, 4, 2, 3);
        auto val = blobs(60, 4, 2, 4);
        auto a = ml::train(spec, train, val);
        auto b = ml::train(spec, train, val);
        MDECK_VERIFY_OK(a);
        MDECK_VERIFY_OK(b);
        QCOMPARE(allWeights(a->model), allWeights(b->model));
        spec.seed = 43;
        auto c = ml::train(spec, train, val);
        QVERIFY(allWeights(a->model) != allWeights(c->model));
    }

    void linearRegressionRecoversTheLine()
    {
        ml::TrainSpec spec;
        spec.task = ml::Task::Regression;
        spec.model = ml::ModelKind::Linear;
        spec.optimizer = ml::OptimizerKind::Sgd;
        spec.learningRate = 0.05;
        spec.epochs = 40;
        spec.batchSize = 32;
        auto r = ml::train(spec, linearRegression(800, 5), linearRegression(200, 6));
        MDECK_VERIFY_OK(r);
        QCOMPARE(r->model.layers().size(), std::size_t(1));
        QVERIFY2(r->history.back().validationMetric < 0.1,
                 qPrintable(QString::number(r->history.back().validationMetric)));
        float out = 0;
        std::vector<float> scratch(r->model.scratchSize());
        const float x[3] = {1, 1, 1};
        r->model.forwardRow(x, &out, scratch.data());
        QVERIFY(std::abs(out - 101.5f) < 0.2f);
    }

    void stopsEarly()
    {
        ml::TrainSpec spec;
        spec.task = ml::Task::BinaryClassification;
        spec.hidden = {64};
        spec.epochs = 500;
        spec.patience = 3;
        spec.learningRate = 0.05;
        auto r = ml::train(spec, blobs(100, 4, 2, 7), blobs(40, 4, 2, 8));
        MDECK_VERIFY_OK(r);
        QVERIFY(r->stoppedEarly);
        QVERIFY(int(r->history.size()) < 500);
        QCOMPARE(int(r->history.size()), r->bestEpoch + 3);
    }

    void cancelTakesEffectWithinABatch()
    {
        ml::TrainSpec spec;
        spec.task = ml::Task::BinaryClassification;
        spec.epochs = 1000;
        spec.patience = 0;
        std::stop_source stop;
        int epochs = 0;
        auto r = ml::train(
            spec, blobs(400, 4, 2, 9), blobs(40, 4, 2, 10),
            [&](const ml::EpochReport &) {
                if (++epochs == 2)
                    stop.request_stop();
            },
            stop.get_token());
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::Cancelled);
        QVERIFY(r.error().message.find("epoch 3") != std::string::npos);
    }

    void refusesBadInput_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("needle");
        QTest::addRow("one class") << 0 << "only one class";
        QTest::addRow("NaN feature") << 1 << "NaN or infinite";
        QTest::addRow("empty") << 2 << "no rows";
        QTest::addRow("bad learning rate") << 3 << "learning rate";
        QTest::addRow("mlp without hidden") << 4 << "hidden layer";
        QTest::addRow("label out of range") << 5 << "out of range";
        QTest::addRow("diverges") << 6 << "diverged";
    }

    void refusesBadInput()
    {
        QFETCH(int, kind);
        QFETCH(QString, needle);
        ml::TrainSpec spec;
        spec.task = ml::Task::BinaryClassification;
        spec.epochs = 3;
        auto train = blobs(50, 3, 2, 1);
        auto val = blobs(20, 3, 2, 2);
        switch (kind) {
        case 0:
            train.numClasses = 1;
            for (auto &c : train.classes)
                c = 0;
            break;
        case 1:
            train.x[5] = std::nanf("");
            break;
        case 2:
            train = {};
            break;
        case 3:
            spec.learningRate = -1;
            break;
        case 4:
            spec.hidden.clear();
            break;
        case 5:
            train.classes[0] = 7;
            break;
        case 6:
            spec.task = ml::Task::Regression;
            spec.optimizer = ml::OptimizerKind::Sgd;
            spec.learningRate = 10;
            spec.momentum = 0.99;
            spec.epochs = 50;
            train = linearRegression(200, 1);
            val = linearRegression(50, 2);
            for (auto &v : train.x)
                v *= 1000;
            break;
        }
        auto r = ml::train(spec, train, val);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
                 r.error().message.c_str());
    }

    void leanPathEqualsLibTorch_data()
    {
        QTest::addColumn<int>("activation");
        QTest::addColumn<int>("task");
        QTest::addRow("relu classifier")
            << int(ml::Activation::Relu) << int(ml::Task::MulticlassClassification);
        QTest::addRow("tanh classifier")
            << int(ml::Activation::Tanh) << int(ml::Task::BinaryClassification);
        QTest::addRow("gelu regression") << int(ml::Activation::Gelu) << int(ml::Task::Regression);
        QTest::addRow("sigmoid regression")
            << int(ml::Activation::Sigmoid) << int(ml::Task::Regression);
    }

    void leanPathEqualsLibTorch()
    {
        QFETCH(int, activation);
        QFETCH(int, task);
        std::mt19937_64 rng(11);
        std::normal_distribution<float> n(0, 0.5f);
        const int sizes[] = {16, 64, 64, task == int(ml::Task::Regression) ? 1 : 3};
        std::vector<ml::DenseLayer> layers;
        for (int i = 0; i + 1 < 4; ++i) {
            ml::DenseLayer l;
            l.in = sizes[i];
            l.out = sizes[i + 1];
            for (int k = 0; k < l.in * l.out; ++k)
                l.weight.push_back(n(rng));
            for (int k = 0; k < l.out; ++k)
                l.bias.push_back(n(rng));
            layers.push_back(std::move(l));
        }
        ml::NativeModel model(layers, ml::Activation(activation), ml::Task(task), 5.0f, 2.0f);
        const std::size_t rows = 40;
        std::vector<float> x(rows * 16);
        for (auto &v : x)
            v = n(rng);
        const std::size_t out = static_cast<std::size_t>(model.outputWidth());
        std::vector<float> viaTorch(rows * out), viaLoops(rows * out), viaPredictor(rows * out);
        MDECK_VERIFY_OK(ml::forwardWithTorch(model, x.data(), rows, viaTorch.data()));
        std::vector<float> scratch(model.scratchSize());
        for (std::size_t r = 0; r < rows; ++r)
            model.forwardRow(&x[r * 16], &viaLoops[r * out], scratch.data());
        auto predictor = ml::makeNativePredictor(model);
        MDECK_VERIFY_OK(predictor->predict(x.data(), rows, viaPredictor.data()));
        for (std::size_t i = 0; i < viaTorch.size(); ++i) {
            QVERIFY2(std::abs(viaTorch[i] - viaLoops[i])
                         <= 1e-5f * std::max(1.0f, std::abs(viaTorch[i])),
                     qPrintable(QStringLiteral("%1 vs %2").arg(viaTorch[i]).arg(viaLoops[i])));
            QCOMPARE(viaPredictor[i], viaTorch[i]); // large batches go through LibTorch
        }
        // A single row takes the lean path.
        std::vector<float> one(out);
        MDECK_VERIFY_OK(predictor->predict(x.data(), 1, one.data()));
        for (std::size_t i = 0; i < out; ++i)
            QCOMPARE(one[i], viaLoops[i]);
    }

    void weightsRoundTripAndRefuseHostileBytes()
    {
        ml::TrainSpec spec;
        spec.task = ml::Task::MulticlassClassification;
        spec.hidden = {5};
        spec.epochs = 2;
        auto r = ml::train(spec, blobs(60, 4, 3, 1), blobs(30, 4, 3, 2));
        MDECK_VERIFY_OK(r);
        const std::string bytes = r->model.serialize();
        auto back = ml::NativeModel::deserialize(bytes, "w.bin");
        MDECK_VERIFY_OK(back);
        QCOMPARE(allWeights(*back), allWeights(r->model));
        QCOMPARE(back->task(), ml::Task::MulticlassClassification);
        QVERIFY(!ml::NativeModel::deserialize("", "w.bin"));
        QVERIFY(!ml::NativeModel::deserialize(bytes.substr(0, bytes.size() - 3), "w.bin"));
        QVERIFY(!ml::NativeModel::deserialize(bytes + "x", "w.bin"));
        std::string huge = bytes;
        const std::int32_t big = 1 << 30;
        std::memcpy(&huge[28], &big, 4); // first layer's input width
        auto r2 = ml::NativeModel::deserialize(huge, "w.bin");
        QVERIFY(!r2);
        QVERIFY(r2.error().message.find("w.bin") == 0);
        std::string nan = bytes;
        const float qnan = std::nanf("");
        std::memcpy(&nan[36], &qnan, 4);
        QVERIFY(!ml::NativeModel::deserialize(nan, "w.bin"));
    }

    void torchScriptPredictorRunsShippedModel()
    {
        auto p = ml::loadTorchScriptPredictor(test::dataFile(
                                                  "models/breast_cancer_mlp.torchscript.pt"),
                                              test::shippedSignature());
        MDECK_VERIFY_OK(p);
        QCOMPARE((*p)->inputWidth(), std::size_t(30));
        QCOMPARE((*p)->outputWidth(), std::size_t(2));
        std::vector<float> x(3 * 30, 0.0f), y(3 * 2);
        MDECK_VERIFY_OK((*p)->predict(x.data(), 3, y.data()));
        for (int r = 0; r < 3; ++r)
            QVERIFY(std::abs(y[r * 2] + y[r * 2 + 1] - 1.0f) < 1e-5f);
    }

    // The predictor freezes the module for speed; its answers must still be
    // PyTorch's own, down to the tiny probabilities of the confident rows.
    void torchScriptPredictorAnswersAsPyTorchDoes()
    {
        auto p = ml::loadTorchScriptPredictor(test::dataFile(
                                                  "models/breast_cancer_mlp.torchscript.pt"),
                                              test::shippedSignature());
        MDECK_VERIFY_OK(p);
        QVERIFY2(QString::fromStdString((*p)->describe()).contains(QLatin1String("frozen")),
                 (*p)->describe().c_str());
        QFile ref(
            QString::fromStdString(test::dataFile("models/breast_cancer_mlp.reference.json")));
        QVERIFY(ref.open(QIODevice::ReadOnly));
        const QJsonArray expected
            = QJsonDocument::fromJson(ref.readAll())[QStringLiteral("outputs")].toArray();
        QFile csv(QString::fromStdString(test::dataFile("breast_cancer.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        csv.readLine(); // header; the target is the last column
        std::vector<float> x;
        for (qsizetype r = 0; r < expected.size(); ++r) {
            const QList<QByteArray> cells = csv.readLine().trimmed().split(',');
            QCOMPARE(cells.size(), 31);
            for (int k = 0; k < 30; ++k)
                x.push_back(cells[k].toFloat());
        }
        const auto rows = static_cast<std::size_t>(expected.size());
        QCOMPARE(rows, std::size_t(8));
        std::vector<float> y(rows * 2);
        MDECK_VERIFY_OK((*p)->predict(x.data(), rows, y.data()));
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < 2; ++c) {
                const double want = expected[qsizetype(r)][qsizetype(c)].toDouble();
                const double got = y[r * 2 + c];
                QVERIFY2(std::abs(got - want) <= 1e-6 + 1e-4 * std::abs(want),
                         qPrintable(QStringLiteral("row %1 output %2: %3, PyTorch says %4")
                                        .arg(r)
                                        .arg(c)
                                        .arg(got, 0, 'g', 9)
                                        .arg(want, 0, 'g', 9)));
            }
    }
};

QTEST_GUILESS_MAIN(tst_Trainer)
#include "tst_trainer.moc"
