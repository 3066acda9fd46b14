#include "test_support.h"

#include "core/ml/torchscript_check.h"

using namespace mdeck;

class tst_TorchScript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsShippedModel()
    {
        MDECK_VERIFY_OK(
            ml::checkTorchScript(test::dataFile("models/breast_cancer_mlp.torchscript.pt"),
                                 test::shippedSignature()));
        QCOMPARE(ml::torchVersion().substr(0, 2), std::string("1."));
    }

    void refusesMismatches_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("needle");
        QTest::addRow("wrong feature count") << 0 << "does not run";
        QTest::addRow("wrong output width") << 1 << "dimension 1 is 5";
        QTest::addRow("two outputs declared") << 2 << "signature lists 2";
        QTest::addRow("BYTES input") << 3 << "cannot take";
        QTest::addRow("double input") << 4 << "does not run";
        QTest::addRow("rank mismatch") << 5 << "dimensions";
    }

    void refusesMismatches()
    {
        QFETCH(int, kind);
        QFETCH(QString, needle);
        Signature s = test::shippedSignature();
        switch (kind) {
        case 0:
            s.inputs[0].shape = {-1, 7};
            break;
        case 1:
            s.outputs[0].shape = {-1, 5};
            break;
        case 2:
            s.outputs.push_back({"extra", "FP32", {-1, 1}, {}, {}});
            break;
        case 3:
            s.inputs[0].datatype = "BYTES";
            break;
        case 4:
            s.inputs[0].datatype = "FP64";
            break;
        case 5:
            s.outputs[0].shape = {-1, 2, 1};
            break;
        }
        auto r = ml::checkTorchScript(test::dataFile("models/breast_cancer_mlp.torchscript.pt"), s);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
                 r.error().message.c_str());
    }

    void refusesNonTorchScriptFiles()
    {
        for (const char *f : {"breast_cancer.csv", "models/breast_cancer_mlp.signature.json",
                              "hostile/bundle/random.mdeck", "hostile/bundle/empty.mdeck"}) {
            auto r = ml::checkTorchScript(test::dataFile(f), test::shippedSignature());
            QVERIFY2(!r, f);
            QVERIFY2(r.error().message.find("not a TorchScript file") != std::string::npos,
                     r.error().message.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(tst_TorchScript)
#include "tst_torchscript.moc"
