#include "serving_fixture.h"

#include "core/serving/inference_codec.h"

using namespace mdeck;

// Request bodies checked against the breast-cancer signature (one FP32 input
// [-1, 30]): good ones in both data forms, and one named row per malformed
// or hostile body, each with the field its 400 message must name.
class tst_InferenceCodec : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::ServingFixture> m_fx;
    std::optional<training::LoadedModel> m_model;
    std::string m_row; // one good row of 30 numbers, as JSON

private Q_SLOTS:
    void initTestCase()
    {
        m_fx = std::make_unique<test::ServingFixture>();
        auto m = training::LoadedModel::load(*m_fx->registry, "bc", "1");
        QVERIFY(m.ok());
        m_model = std::move(*m);
        m_row = Json(test::breastCancerRows(1)[0]).dump();
    }

    void decodesFlatAndNested()
    {
        const auto rows = test::breastCancerRows(3);
        const std::string nested = test::inferBody(rows, "r-1");
        Json flat = Json::parse(nested);
        Json data = Json::array();
        for (const auto &r : rows)
            for (double v : r)
                data.push_back(v);
        flat["inputs"][0]["data"] = data;
        serving::CodecLimits limits;
        auto a = serving::decodeInferRequest(nested, *m_model, limits, true);
        auto b = serving::decodeInferRequest(flat.dump(), *m_model, limits, true);
        MDECK_VERIFY_OK(a);
        MDECK_VERIFY_OK(b);
        QCOMPARE(a->rows, std::size_t(3));
        QCOMPARE(a->id, std::string("r-1"));
        QVERIFY(a->input == b->input);
        QCOMPARE(a->input[31], float(rows[1][1]));
        QCOMPARE(a->rawRows.size(), std::size_t(3));
        QVERIFY(Json::parse(a->rawRows[2]) == Json(rows[2]));
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        const QByteArray row = QByteArray::fromStdString(m_row);
        auto in = [](const QByteArray &fields) {
            return "{\"inputs\":[{" + fields + "}]}";
        };
        const QByteArray shape1 = "\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,30],";
        QTest::addRow("truncated JSON")
            << QByteArray("{\"inputs\":[{\"name\":\"inp") << "request body:1:";
        QTest::addRow("not an object") << QByteArray("[1,2,3]") << "request body";
        QTest::addRow("empty body") << QByteArray("") << "request body";
        QTest::addRow("no inputs") << QByteArray("{}") << "inputs";
        QTest::addRow("inputs not array") << QByteArray("{\"inputs\":5}") << "inputs";
        QTest::addRow("id not string") << QByteArray("{\"id\":5,\"inputs\":[]}") << "id";
        QTest::addRow("wrong input name")
            << in("\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,30],\"data\":" + row)
            << "inputs[0].name";
        QTest::addRow("missing datatype")
            << in("\"name\":\"input\",\"shape\":[1,30],\"data\":" + row) << "inputs[0].datatype";
        QTest::addRow("BYTES datatype")
            << in("\"name\":\"input\",\"datatype\":\"BYTES\",\"shape\":[1,30],\"data\":" + row)
            << "inputs[0].datatype";
        QTest::addRow("shape not array")
            << in("\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":\"1,30\",\"data\":" + row)
            << "inputs[0].shape";
        QTest::addRow("negative dim")
            << in("\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,30],\"data\":" + row)
            << "inputs[0].shape[0]";
        QTest::addRow("wrong width")
            << in("\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,29],\"data\":" + row)
            << "inputs[0].shape";
        QTest::addRow("zero rows")
            << in("\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[0,30],\"data\":[]")
            << "inputs[0].shape";
        QTest::addRow("huge shape, tiny data")
            << in("\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[18446744073709551615,30],"
                  "\"data\":[1]")
            << "inputs[0].shape";
        QTest::addRow("too many rows")
            << in("\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[2000,30],\"data\":[1]")
            << "inputs[0].shape";
        QTest::addRow("data shorter than shape")
            << in(shape1 + "\"data\":[1,2,3]") << "inputs[0].data";
        QTest::addRow("data longer than shape")
            << in(shape1 + "\"data\":[" + row + "," + row + "]") << "inputs[0].data";
        QTest::addRow("string in data")
            << in(shape1 + "\"data\":[\"a\"" + row.mid(row.indexOf(','))) << "inputs[0].data[0]";
        QTest::addRow("NaN literal")
            << in(shape1 + "\"data\":[NaN" + row.mid(row.indexOf(','))) << "request body:1:";
        QTest::addRow("overflowing number")
            << in(shape1 + "\"data\":[1e400" + row.mid(row.indexOf(','))) << "request body";
        QTest::addRow("beyond FP32")
            << in(shape1 + "\"data\":[1e39" + row.mid(row.indexOf(','))) << "inputs[0].data[0]";
        QTest::addRow("null in data")
            << in(shape1 + "\"data\":[null" + row.mid(row.indexOf(','))) << "inputs[0].data[0]";
        QTest::addRow("too deeply nested data")
            << in(shape1 + "\"data\":[[[" + row + "]]]") << "inputs[0].data";
        QTest::addRow("deep nesting") << QByteArray(100000, '[') << "nested deeper";
        QTest::addRow("two inputs") << QByteArray("{\"inputs\":[{},{}]}") << "inputs";
        QTest::addRow("unknown output") << QByteArray("{\"inputs\":[{" + shape1 + "\"data\":" + row
                                                      + "}],\"outputs\":[{\"name\":\"nope\"}]}")
                                        << "outputs[0].name";
        QTest::addRow("parameters not object")
            << QByteArray("{\"parameters\":[],\"inputs\":[{" + shape1 + "\"data\":" + row + "}]}")
            << "parameters";
    }
    void rejects()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        auto r = serving::decodeInferRequest(body.toStdString(), *m_model, {}, true);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(QString::fromStdString(r.error().message).contains(field),
                 r.error().message.c_str());
    }

    // The fast reader of plain requests must read every body exactly as the
    // full JSON path does: the same values, raw rows, id and outputs, or the
    // same error.
    void fastPathReadsAsTheFullPath_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray row = QByteArray::fromStdString(m_row);
        const QByteArray in
            = "{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,30],\"data\":";
        QTest::addRow("plain") << "{\"inputs\":[" + in + row + "}]}";
        QTest::addRow("spaces everywhere")
            << " \r\n{ \"inputs\" : [ { \"name\" : \"input\" , \"datatype\" : \"FP64\" ,\t\"shape\""
               " : [ 1 , 30 ] , \"data\" : "
                + row + " } ] } \n";
        QTest::addRow("nested rows") << "{\"id\":\"a\",\"inputs\":[{\"name\":\"input\","
                                        "\"datatype\":\"FP32\",\"shape\":[2,30],"
                                        "\"data\":["
                + row + "," + row + "]}]}";
        QByteArray odd = "[-0,0.0,-0.0,1e2,1E-2,-1.5e+3,123456789012345678901234567890,1.0";
        for (int i = 8; i < 30; ++i)
            odd += ",0.1";
        odd += "]";
        QTest::addRow("number forms") << "{\"inputs\":[" + in + odd + "}]}";
        QTest::addRow("escaped id") << "{\"id\":\"\\u0041b\\n\",\"inputs\":[" + in + row + "}]}";
        QTest::addRow("non-ASCII id") << "{\"id\":\"caf\xc3\xa9\",\"inputs\":[" + in + row + "}]}";
        QTest::addRow("invalid UTF-8 id") << "{\"id\":\"\xff\",\"inputs\":[" + in + row + "}]}";
        QTest::addRow("duplicate id")
            << "{\"id\":\"a\",\"id\":\"b\",\"inputs\":[" + in + row + "}]}";
        QTest::addRow("parameters and unknown keys")
            << "{\"parameters\":{\"a\":[1,{\"b\":null}],\"c\":true},\"x\":[false],\"inputs\":[{"
               "\"parameters\":{},"
               "\"name\":\"input\",\"zz\":\"q\",\"datatype\":\"FP32\",\"shape\":[1,30],\"data\":"
                + row + "}]}";
        QTest::addRow("outputs") << "{\"inputs\":[" + in + row
                + "}],\"outputs\":[{\"name\":\"label\",\"parameters\":{}}]}";
        QTest::addRow("leading zero")
            << "{\"inputs\":[" + in + "[01" + row.mid(row.indexOf(',')) + "}]}";
        QTest::addRow("trailing comma") << "{\"inputs\":[" + in + row + "},]}";
        QTest::addRow("trailing garbage") << "{\"inputs\":[" + in + row + "}]}x";
        QTest::addRow("shape as float") << "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\","
                                           "\"shape\":[1.0,30],\"data\":"
                + row + "}]}";
        QTest::addRow("id too long")
            << "{\"id\":\"" + QByteArray(300, 'i') + "\",\"inputs\":[" + in + row + "}]}";
        QTest::addRow("one value short") << "{\"inputs\":[" + in + "[1]}]}";
        QTest::addRow("bare number data") << "{\"inputs\":[" + in + "5}]}";
    }
    void fastPathReadsAsTheFullPath()
    {
        QFETCH(QByteArray, body);
        serving::CodecLimits full;
        full.fastPath = false;
        const auto a = serving::decodeInferRequest(body.toStdString(), *m_model, {}, true);
        const auto b = serving::decodeInferRequest(body.toStdString(), *m_model, full, true);
        QCOMPARE(a.ok(), b.ok());
        if (!a.ok()) {
            QCOMPARE(a.error().message, b.error().message);
            return;
        }
        QCOMPARE(a->id, b->id);
        QCOMPARE(a->rows, b->rows);
        QCOMPARE(a->input.size(), b->input.size());
        QVERIFY(std::memcmp(a->input.data(), b->input.data(), a->input.size() * sizeof(float)) == 0);
        // The fast path logs each row's values as sent, the full path
        // formats them again: the same numbers, as JSON arrays.
        QCOMPARE(a->rawRows.size(), b->rawRows.size());
        for (std::size_t r = 0; r < a->rawRows.size(); ++r) {
            const Json fast = Json::parse(a->rawRows[r], nullptr, false);
            QVERIFY2(fast.is_array(), a->rawRows[r].c_str());
            QVERIFY2(fast == Json::parse(b->rawRows[r]), a->rawRows[r].c_str());
        }
        QVERIFY(a->outputs == b->outputs);
    }

    void fastPathLogsRowsAsSent()
    {
        QByteArray row = "[ 1.5e1, -0,\n 0.25";
        for (int i = 3; i < 30; ++i)
            row += ",0." + QByteArray::number(i);
        const QByteArray body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\","
                                "\"shape\":[2,30],\"data\":["
            + row + "]," + row + "]]}]}";
        const auto d = serving::decodeInferRequest(body.toStdString(), *m_model, {}, true);
        MDECK_VERIFY_OK(d);
        QCOMPARE(d->rawRows.size(), std::size_t(2));
        QCOMPARE(QByteArray::fromStdString(d->rawRows[1]), "[" + row.mid(2) + "]");
        QCOMPARE(Json::parse(d->rawRows[0]).size(), std::size_t(30));
    }

    void encodesLabelsAndRequestedOutputs()
    {
        const float out[4] = {0.9f, 0.1f, 0.2f, 0.8f};
        const std::string all = serving::encodeInferResponse(*m_model, "bc", "r", {}, out, 2);
        const Json j = Json::parse(all);
        QCOMPARE(j["model_name"].get<std::string>(), std::string("bc"));
        QCOMPARE(j["model_version"].get<std::string>(), std::string("1"));
        QCOMPARE(j["outputs"].size(), std::size_t(2));
        QCOMPARE(j["outputs"][0]["name"].get<std::string>(), std::string("output"));
        QVERIFY(j["outputs"][0]["shape"] == Json({2, 2}));
        QCOMPARE(j["outputs"][0]["data"][1].get<float>(), 0.1f);
        QVERIFY(j["outputs"][1]["data"] == Json({"malignant", "benign"}));
        const Json only = Json::parse(
            serving::encodeInferResponse(*m_model, "bc", "r\"\n", {"label"}, out, 2));
        QCOMPARE(only["outputs"].size(), std::size_t(1));
        QCOMPARE(only["id"].get<std::string>(), std::string("r\"\n"));
    }
};

QTEST_GUILESS_MAIN(tst_InferenceCodec)
#include "tst_inference_codec.moc"
