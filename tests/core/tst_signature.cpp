#include "test_support.h"

#include "core/common/files.h"
#include "core/common/signature_json.h"
#include "core/common/text.h"

#include <QDir>

using namespace mdeck;

class tst_Signature : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesShippedSignature()
    {
        const Signature s = test::shippedSignature();
        QCOMPARE(s.inputs.size(), std::size_t(1));
        QCOMPARE(s.inputs[0].name, std::string("input"));
        QCOMPARE(s.inputs[0].datatype, std::string("FP32"));
        QCOMPARE(s.inputs[0].shape, (std::vector<std::int64_t>{-1, 30}));
        QCOMPARE(s.inputs[0].features.size(), std::size_t(30));
        QCOMPARE(s.inputs[0].features.front(), std::string("mean_radius"));
        QCOMPARE(s.outputs[0].classes, (std::vector<std::string>{"malignant", "benign"}));
    }

    void roundTripsThroughJson()
    {
        const Signature s = test::shippedSignature();
        const std::string text = signatureToJson(s).dump();
        auto again = parseSignature(text, "round trip");
        MDECK_VERIFY_OK(again);
        QVERIFY(*again == s);
        QVERIFY(signatureDifferences(s, *again).empty());
    }

    void reportsDifferences()
    {
        Signature a = test::shippedSignature();
        Signature b = a;
        b.inputs[0].shape = {-1, 31};
        b.outputs[0].datatype = "FP64";
        b.outputs.push_back({"extra", "FP32", {-1, 1}, {}, {}});
        const auto diff = signatureDifferences(a, b);
        QCOMPARE(diff.size(), std::size_t(3));
        QVERIFY(diff[0].find("shape [-1, 30] vs [-1, 31]") != std::string::npos);
        QVERIFY(diff[1].find("datatype FP32 vs FP64") != std::string::npos);
        QVERIFY(diff[2].find("only in the second") != std::string::npos);
    }

    void refusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("needle");
        QTest::addColumn<int>("line");
        const QByteArray out = R"("outputs": [{"name": "y", "datatype": "FP32", "shape": [-1, 1]}])";
        auto sig = [&out](const QByteArray &inputs) {
            return "{\"inputs\": [" + inputs + "], " + out + "}";
        };
        QTest::addRow("not json") << QByteArray("{\n\"inputs\": [\n  oops\n]}") << "invalid JSON"
                                  << 3;
        QTest::addRow("truncated") << QByteArray("{\"inputs\": [") << "invalid JSON" << 1;
        QTest::addRow("no inputs") << QByteArray("{" + out + "}") << "'inputs' is missing" << 0;
        QTest::addRow("empty inputs")
            << QByteArray("{\"inputs\": [], " + out + "}") << "'inputs' must list" << 0;
        QTest::addRow("unknown top-level field")
            << QByteArray("{\"inputz\": []}") << "'inputz' is not a known field" << 0;
        QTest::addRow("unknown datatype")
            << sig(R"({"name": "x", "datatype": "FLOAT", "shape": [-1, 2]})")
            << "inputs[0].datatype" << 0;
        QTest::addRow("shape not array")
            << sig(R"({"name": "x", "datatype": "FP32", "shape": 3})") << "inputs[0].shape" << 0;
        QTest::addRow("zero dimension")
            << sig(R"({"name": "x", "datatype": "FP32", "shape": [-1, 0]})") << "inputs[0].shape[1]"
            << 0;
        QTest::addRow("string dimension")
            << sig(R"({"name": "x", "datatype": "FP32", "shape": [-1, "2"]})")
            << "inputs[0].shape[1]" << 0;
        QTest::addRow("features count mismatch")
            << sig(R"({"name": "x", "datatype": "FP32", "shape": [-1, 3], "features": ["a", "b"]})")
            << "has 2 names but the last dimension of the shape is 3" << 0;
        QTest::addRow("classes on input")
            << sig(R"({"name": "x", "datatype": "FP32", "shape": [-1, 1], "classes": ["a"]})")
            << "only allowed on outputs" << 0;
        QTest::addRow("duplicate tensor names") << sig(
            R"({"name": "x", "datatype": "FP32", "shape": [1]}, {"name": "x", "datatype": "FP32", "shape": [1]})")
                                                << "repeats the tensor name 'x'" << 0;
        QTest::addRow("missing name")
            << sig(R"({"datatype": "FP32", "shape": [1]})") << "inputs[0].name" << 0;
        QTest::addRow("empty name")
            << sig(R"({"name": "", "datatype": "FP32", "shape": [1]})") << "inputs[0].name" << 0;
        QTest::addRow("embedded NUL")
            << QByteArray("{\"inputs\": [{\"name\": \"a\0b\"}]}", 30) << "invalid JSON" << 1;
        QTest::addRow("too many dimensions")
            << sig(R"({"name": "x", "datatype": "FP32", "shape": [1,1,1,1,1,1,1,1,1]})")
            << "1 to 8 dimensions" << 0;
    }

    void refusesMalformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, needle);
        QFETCH(int, line);
        auto r = parseSignature(std::string_view(text.constData(),
                                                 static_cast<std::size_t>(text.size())),
                                "sig.json");
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
                 r.error().message.c_str());
        QVERIFY2(r.error().message.rfind("sig.json", 0) == 0, r.error().message.c_str());
        if (line > 0)
            QCOMPARE(r.error().line, line);
    }

    void replaysHostileCorpus()
    {
        QDir dir(test::dataPath("hostile/signature"));
        const auto files = dir.entryList(QDir::Files);
        QVERIFY(files.size() >= 10);
        for (const QString &name : files) {
            auto text = readFile(dir.filePath(name).toStdString());
            MDECK_VERIFY_OK(text);
            auto r = parseSignature(*text, name.toStdString());
            QVERIFY2(!r, qPrintable(name));
            QVERIFY2(!r.error().message.empty(), qPrintable(name));
        }
    }

    void namesAreValidated_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::addRow("simple") << "breast-cancer" << true;
        QTest::addRow("dots and underscores") << "a.b_c-1" << true;
        QTest::addRow("64 chars") << QString(64, QLatin1Char('a')) << true;
        QTest::addRow("65 chars") << QString(65, QLatin1Char('a')) << false;
        QTest::addRow("empty") << "" << false;
        QTest::addRow("uppercase") << "Iris" << false;
        QTest::addRow("leading dash") << "-x" << false;
        QTest::addRow("leading dot") << ".x" << false;
        QTest::addRow("slash") << "a/b" << false;
        QTest::addRow("space") << "a b" << false;
        QTest::addRow("unicode") << QStringLiteral("mod\u00e8le") << false;
    }

    void namesAreValidated()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(isValidName(name.toStdString()), valid);
    }

    void cleanTextRejectsControlAndBadUtf8()
    {
        QVERIFY(isCleanText("plain text\twith tab"));
        QVERIFY(isCleanText("Gr\xc3\xb6\xc3\x9f"
                            "e"));
        QVERIFY(!isCleanText("line\nbreak"));
        QVERIFY(!isCleanText("\xff"));
        QVERIFY(!isCleanText("\xc0\xaf"));     // overlong '/'
        QVERIFY(!isCleanText("\xed\xa0\x80")); // surrogate
        QVERIFY(!isCleanText(std::string("a\0b", 3)));
    }

    void lowerAndTrim()
    {
        QCOMPARE(asciiLower("Content-LENGTH: 5 \xc3\x84"),
                 std::string("content-length: 5 \xc3\x84"));
        QCOMPARE(trimmed(" \t value \t"), std::string_view("value"));
        QCOMPARE(trimmed("\r\n a b\r\n", " \r\n"), std::string_view("a b"));
        QCOMPARE(trimmed(" \t "), std::string_view());
        QCOMPARE(trimmed(""), std::string_view());
    }
};

QTEST_GUILESS_MAIN(tst_Signature)
#include "tst_signature.moc"
