#include "../test_support.h"

#include "core/common/files.h"
#include "core/data/csv_reader.h"
#include "core/training/batch_predict.h"
#include "core/training/training_job.h"

using namespace mdeck;

class tst_BatchPredict : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::ScratchWorkspace> m_ws;
    std::unique_ptr<registry::ModelRegistry> m_reg;

    std::string copyWithEdits(const char *name, int line, const std::string &replacement)
    {
        const auto text = readFile(test::dataFile("breast_cancer.csv")).value();
        std::string out;
        int n = 1;
        std::size_t start = 0;
        while (start < text.size()) {
            const auto nl = text.find('\n', start);
            const std::string l = text.substr(start, nl - start);
            out += (n == line ? replacement : l) + "\n";
            ++n;
            start = nl == std::string::npos ? text.size() : nl + 1;
        }
        return m_ws->writeFile(name, out);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_ws = std::make_unique<test::ScratchWorkspace>();
        m_reg = std::make_unique<registry::ModelRegistry>(*m_ws->ws, training::artifactValidator());
        training::TrainRequest req;
        req.dataPath = test::dataFile("breast_cancer.csv");
        req.target = "target";
        req.spec.hidden = {8};
        req.spec.epochs = 3;
        auto out = training::runTraining(req, m_ws->path("work"));
        QVERIFY(out.ok());
        QVERIFY(training::registerOutcome(*m_reg, m_ws->admin, "trained", *out).ok());
        registry::NewVersion v;
        v.model = "scripted";
        v.artifactPath = test::dataFile("models/breast_cancer_mlp.torchscript.pt");
        v.signature = test::shippedSignature();
        QVERIFY(m_reg->registerVersion(m_ws->admin, v).ok());
    }

    void predictsWholeFile_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("firstProb");
        QTest::addRow("trained here") << "trained"
                                      << "prob_0";
        QTest::addRow("TorchScript") << "scripted"
                                     << "prob_malignant";
    }

    void predictsWholeFile()
    {
        QFETCH(QString, model);
        QFETCH(QString, firstProb);
        auto m = training::LoadedModel::load(*m_reg, model.toStdString(), "latest");
        MDECK_VERIFY_OK(m);
        const std::string out = m_ws->path("out.csv");
        std::uint64_t lastDone = 0;
        auto summary = training::predictCsv(*m, test::dataFile("breast_cancer.csv"), out,
                                            {false, 100},
                                            [&](std::uint64_t done, std::uint64_t total) {
                                                QVERIFY(done >= lastDone && done <= total);
                                                lastDone = done;
                                            });
        MDECK_VERIFY_OK(summary);
        QCOMPARE(summary->rowsRead, std::uint64_t(569));
        QCOMPARE(summary->rowsWritten, std::uint64_t(569));
        auto table = data::readCsv(out);
        MDECK_VERIFY_OK(table);
        QCOMPARE(table->rows, std::size_t(569));
        QCOMPARE(table->columns.size(), std::size_t(31 + 3));
        QCOMPARE(table->columns[31].name, std::string("prediction"));
        QCOMPARE(QString::fromStdString(table->columns[32].name), firstProb);
        QVERIFY(table->column("mean_radius"));
        for (std::size_t r = 0; r < table->rows; ++r) {
            const double p = table->columns[32].numbers[r] + table->columns[33].numbers[r];
            QVERIFY(std::abs(p - 1.0) < 1e-5);
        }
        QFile::remove(QString::fromStdString(out));
    }

    void refusesOrSkipsBadRows()
    {
        const std::string bad = copyWithEdits("bad.csv", 4, "oops" + std::string(30, ','));
        auto m = training::LoadedModel::load(*m_reg, "scripted", "latest");
        MDECK_VERIFY_OK(m);
        const std::string out = m_ws->path("bad-out.csv");
        auto refused = training::predictCsv(*m, bad, out);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.find("bad.csv:4") != std::string::npos,
                 refused.error().message.c_str());
        QVERIFY2(refused.error().message.find("mean_radius") != std::string::npos,
                 refused.error().message.c_str());
        QVERIFY(!fileExists(out));
        QVERIFY(!fileExists(out + ".part"));
        auto skipped = training::predictCsv(*m, bad, out, {true, 64});
        MDECK_VERIFY_OK(skipped);
        QCOMPARE(skipped->rowsSkipped, std::uint64_t(1));
        QCOMPARE(skipped->rowsWritten, std::uint64_t(568));
        QCOMPARE(skipped->skippedExamples.size(), std::size_t(1));
    }

    void refusesMissingColumnAndSameFile()
    {
        auto m = training::LoadedModel::load(*m_reg, "trained", "latest");
        MDECK_VERIFY_OK(m);
        const std::string in = m_ws->writeFile("short.csv", "mean_radius,target\n1,0\n");
        auto r = training::predictCsv(*m, in, m_ws->path("o.csv"));
        QVERIFY(!r);
        QVERIFY2(r.error().message.find("mean_texture") != std::string::npos,
                 r.error().message.c_str());
        auto same = training::predictCsv(*m, in, in);
        QVERIFY(!same);
    }

    void keepsQuotedFieldsIntact()
    {
        test::ScratchWorkspace s;
        registry::ModelRegistry reg(*s.ws, training::artifactValidator());
        training::TrainRequest req;
        req.dataPath = test::dataFile("penguins.csv");
        req.target = "species";
        req.spec.epochs = 2;
        auto out = training::runTraining(req, s.path("work"));
        MDECK_VERIFY_OK(out);
        MDECK_VERIFY_OK(training::registerOutcome(reg, s.admin, "penguins", *out));
        auto m = training::LoadedModel::load(reg, "penguins", "latest");
        MDECK_VERIFY_OK(m);
        const std::string in = s.writeFile(
            "q.csv",
            "note,island,beak_length_mm,beak_depth_mm,flipper_length_mm,body_mass_g,sex\n"
            "\"a, \"\"quoted\"\" note\",Biscoe,45.1,14.5,215,5000,FEMALE\n"
            "plain,Atlantis,,,,,\n");
        MDECK_VERIFY_OK(training::predictCsv(*m, in, s.path("q-out.csv")));
        auto table = data::readCsv(s.path("q-out.csv"));
        MDECK_VERIFY_OK(table);
        QCOMPARE(table->rows, std::size_t(2));
        const auto *note = table->column("note");
        QCOMPARE(note->categories[static_cast<std::size_t>(note->codes[0])],
                 std::string("a, \"quoted\" note"));
        QVERIFY(table->column("prob_Gentoo"));
    }
};

QTEST_GUILESS_MAIN(tst_BatchPredict)
#include "tst_batch_predict.moc"
