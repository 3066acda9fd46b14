#include "../test_support.h"

#include "core/data/csv_reader.h"
#include "core/data/preprocessor.h"
#include "core/data/split.h"

#include <cmath>
#include <cstring>

using namespace mdeck;
using namespace mdeck::data;

namespace {

std::vector<std::size_t> allRows(const Table &t)
{
    std::vector<std::size_t> rows(t.rows);
    for (std::size_t r = 0; r < t.rows; ++r)
        rows[r] = r;
    return rows;
}

std::vector<std::string> allColumns(const Table &t)
{
    std::vector<std::string> names;
    for (const Column &c : t.columns)
        names.push_back(c.name);
    return names;
}

} // namespace

class tst_Preprocessor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fitsOnTrainingRowsOnly()
    {
        const Table t = parseCsv("x,c\n1,a\n2,b\n3,b\n1000,z\nNA,\n", "t.csv").value();
        auto p = Preprocessor::fit(t, {"x", "c"}, {0, 1, 2});
        MDECK_VERIFY_OK(p);
        const FeatureSpec &x = p->features()[0];
        QCOMPARE(x.median, 2.0);
        QCOMPARE(x.mean, 2.0);
        QCOMPARE(x.scale, std::sqrt(2.0 / 3.0)); // population standard deviation
        const FeatureSpec &c = p->features()[1];
        QCOMPARE(c.categories, (std::vector<std::string>{"a", "b"})); // "z" is not in training
        QCOMPARE(c.mostFrequent, std::string("b"));
        QCOMPARE(p->width(), std::size_t(1 + 3));
        QCOMPARE(p->outputNames(), (std::vector<std::string>{"x", "c=a", "c=b", "c=<unknown>"}));

        std::vector<float> out;
        MDECK_VERIFY_OK(p->transform(t, {0, 3, 4}, out));
        QCOMPARE(out.size(), std::size_t(12));
        QCOMPARE(out[0], float((1.0 - 2.0) / std::sqrt(2.0 / 3.0)));
        QCOMPARE((std::vector<float>(out.begin() + 1, out.begin() + 4)),
                 (std::vector<float>{1, 0, 0}));
        QCOMPARE((std::vector<float>(out.begin() + 5, out.begin() + 8)),
                 (std::vector<float>{0, 0, 1})); // z: unknown
        QCOMPARE(out[8], 0.0f);                  // missing x: the median, which is the mean here
        QCOMPARE((std::vector<float>(out.begin() + 9, out.begin() + 12)),
                 (std::vector<float>{0, 1, 0})); // missing c: "b"
    }

    void constantColumnHasScaleOne()
    {
        const Table t = parseCsv("k\n5\n5\n5\n", "t.csv").value();
        const Preprocessor p = Preprocessor::fit(t, {"k"}, allRows(t)).value();
        QCOMPARE(p.features()[0].scale, 1.0);
        QCOMPARE(p.features()[0].mean, 5.0);
        float out = -1;
        MDECK_VERIFY_OK(p.transformText({"7"}, &out));
        QCOMPARE(out, 2.0f);
    }

    void tiesPickTheSmallestValue()
    {
        const Table t = parseCsv("c\nb\na\nb\na\n", "t.csv").value();
        QCOMPARE(Preprocessor::fit(t, {"c"}, allRows(t)).value().features()[0].mostFrequent,
                 std::string("a"));
    }

    void booleanAndDatetimeAreNumbers()
    {
        const Table t = parseCsv("b,d\ntrue,1970-01-01\nfalse,1970-01-03\n,\n", "t.csv").value();
        const Preprocessor p = Preprocessor::fit(t, {"b", "d"}, {0, 1}).value();
        QCOMPARE(p.width(), std::size_t(2));
        QCOMPARE(p.features()[0].type, ColumnType::Boolean);
        QCOMPARE(p.features()[1].mean, 86400.0);
        QCOMPARE(p.features()[1].scale, 86400.0);
        float out[2];
        MDECK_VERIFY_OK(p.transformText({"yes", "1970-01-03T00:00:00Z"}, out));
        QCOMPARE(out[0], 1.0f);
        QCOMPARE(out[1], 1.0f);
        MDECK_VERIFY_OK(p.transformText({"NA", ""}, out)); // missing: the medians
        QCOMPARE(out[0], 0.0f);
        QCOMPARE(out[1], 0.0f);
    }

    // The model sees the same floats whether its rows came through readCsv
    // (training, batch prediction) or as raw text (serving).
    void transformMatchesTransformTextBitForBit_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("target");
        QTest::addRow("seattle-weather: datetime, numeric, categorical") << "seattle-weather.csv"
                                                                         << "weather";
        QTest::addRow("penguins: missing values, quoted CRLF file") << "penguins.csv"
                                                                    << "species";
        QTest::addRow("breast_cancer: 31 numeric") << "breast_cancer.csv"
                                                   << "target";
    }

    void transformMatchesTransformTextBitForBit()
    {
        QFETCH(QString, file);
        QFETCH(QString, target);
        const std::string path = test::dataFile(file.toUtf8().constData());
        const Table t = readCsv(path).value();
        const Split split = randomSplit(t, target.toStdString(), {0.6, 0.2, 0.2}, 11).value();
        const std::vector<std::string> features = allColumns(t);
        const Preprocessor p = Preprocessor::fit(t, features, split.train).value();
        std::vector<float> fromTable;
        MDECK_VERIFY_OK(p.transform(t, allRows(t), fromTable));

        auto reader = CsvStreamReader::open(path);
        MDECK_VERIFY_OK(reader);
        QCOMPARE(reader->header(), features);
        std::vector<std::string_view> fields;
        std::vector<float> fromText(p.width());
        std::size_t row = 0;
        while (reader->next(fields).value()) {
            MDECK_VERIFY_OK(p.transformText(fields, fromText.data()));
            QVERIFY2(std::memcmp(fromText.data(), fromTable.data() + row * p.width(),
                                 p.width() * sizeof(float))
                         == 0,
                     qPrintable(QStringLiteral("row %1").arg(row)));
            ++row;
        }
        QCOMPARE(row, t.rows);
    }

    void transformTextRefuses_data()
    {
        QTest::addColumn<QByteArray>("fields"); // separated by |
        QTest::addColumn<QString>("needle");
        QTest::addRow("text for a number")
            << QByteArray("abc|a|true") << "feature 'x': value 'abc' is not a finite number";
        QTest::addRow("inf for a number") << QByteArray("inf|a|true") << "feature 'x': value 'inf'";
        QTest::addRow("word for a boolean")
            << QByteArray("1|a|maybe") << "feature 'b': value 'maybe' is not a boolean";
        QTest::addRow("too few fields")
            << QByteArray("1|a") << "a record needs 3 fields, one per feature; it has 2";
    }

    void transformTextRefuses()
    {
        QFETCH(QByteArray, fields);
        QFETCH(QString, needle);
        const Table t = parseCsv("x,c,b\n1,a,true\n2,b,false\n", "t.csv").value();
        const Preprocessor p = Preprocessor::fit(t, {"x", "c", "b"}, allRows(t)).value();
        std::vector<std::string> owned;
        for (const QByteArray &f : fields.split('|'))
            owned.push_back(f.toStdString());
        const std::vector<std::string_view> views(owned.begin(), owned.end());
        std::vector<float> out(p.width());
        auto r = p.transformText(views, out.data());
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
                 r.error().message.c_str());
    }

    void transformRefusesOtherTables()
    {
        const Table train = parseCsv("x,c\n1,a\n2,b\n", "train.csv").value();
        const Preprocessor p = Preprocessor::fit(train, {"x", "c"}, allRows(train)).value();
        std::vector<float> out;
        const Table wrongType = parseCsv("x,c\nlow,a\n", "new.csv").value();
        auto r = p.transform(wrongType, {0}, out);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find(
                     "feature 'x' is categorical in new.csv but the model was fitted on numeric")
                     != std::string::npos,
                 r.error().message.c_str());
        const Table noColumn = parseCsv("x\n1\n", "new.csv").value();
        QVERIFY(!p.transform(noColumn, {0}, out));
        QVERIFY(!p.transform(train, {5}, out));
        // A 0/1 numeric column may feed a boolean feature, with the same result.
        const Table words = parseCsv("b\ntrue\nfalse\n", "words.csv").value();
        const Preprocessor flags = Preprocessor::fit(words, {"b"}, allRows(words)).value();
        QCOMPARE(flags.features()[0].type, ColumnType::Boolean);
        const Table digits = parseCsv("b\n1\n0\n", "digits.csv").value();
        QCOMPARE(digits.columns[0].type, ColumnType::Numeric);
        std::vector<float> fromWords, fromDigits;
        MDECK_VERIFY_OK(flags.transform(words, allRows(words), fromWords));
        MDECK_VERIFY_OK(flags.transform(digits, allRows(digits), fromDigits));
        QVERIFY(fromWords == fromDigits);
    }

    void fitRefuses()
    {
        const Table t = parseCsv("x,y\n1,2\n", "t.csv").value();
        QVERIFY(!Preprocessor::fit(t, {}, {0}));
        QVERIFY(!Preprocessor::fit(t, {"x"}, {}));
        QVERIFY(!Preprocessor::fit(t, {"x"}, {1}));
        QVERIFY(!Preprocessor::fit(t, {"x", "x"}, {0}));
        auto unknown = Preprocessor::fit(t, {"z"}, {0});
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.find("t.csv has no column 'z'") != std::string::npos);
    }

    void jsonRoundTrip()
    {
        const Table t = readCsv(test::dataFile("penguins.csv")).value();
        const Preprocessor p = Preprocessor::fit(t, allColumns(t), allRows(t)).value();
        const std::string text = p.toJson().dump();
        auto back = Preprocessor::fromJson(Json::parse(text), "pre.json");
        MDECK_VERIFY_OK(back);
        QCOMPARE(back->width(), p.width());
        QCOMPARE(back->outputNames(), p.outputNames());
        QCOMPARE(back->toJson().dump(), text);
        std::vector<float> a, b;
        MDECK_VERIFY_OK(p.transform(t, allRows(t), a));
        MDECK_VERIFY_OK(back->transform(t, allRows(t), b));
        QVERIFY(a == b);
    }

    void fromJsonRefuses_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("value"); // empty: remove the field
        QTest::addColumn<QString>("needle");
        QTest::addRow("newer version") << "/version"
                                       << "2"
                                       << "version 2 is not supported";
        QTest::addRow("width mismatch") << "/width"
                                        << "3"
                                        << "width is 3 but the features make";
        QTest::addRow("no features") << "/features"
                                     << "[]"
                                     << "features must be a non-empty array";
        QTest::addRow("zero scale") << "/features/0/scale"
                                    << "0.0"
                                    << "features[0].scale must be greater than 0";
        QTest::addRow("no median") << "/features/0/median"
                                   << ""
                                   << "features[0].median is missing";
        QTest::addRow("unknown type") << "/features/0/type"
                                      << "\"float\""
                                      << "features[0].type is not a column type";
        QTest::addRow("repeated name") << "/features/1/name"
                                       << "\"x\""
                                       << "features[1].name repeats 'x'";
        QTest::addRow("unsorted categories") << "/features/1/categories"
                                             << "[\"b\",\"a\"]"
                                             << "features[1].categories must be sorted";
        QTest::addRow("category not a string") << "/features/1/categories/0"
                                               << "1"
                                               << "features[1].categories[0] must be a string";
    }

    void fromJsonRefuses()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, needle);
        const Table t = parseCsv("x,c\n1,a\n2,b\n", "t.csv").value();
        Json j = Preprocessor::fit(t, {"x", "c"}, allRows(t)).value().toJson();
        const Json::json_pointer ptr(pointer.toStdString());
        if (value.isEmpty())
            j[ptr.parent_pointer()].erase(ptr.back());
        else
            j[ptr] = Json::parse(value.toStdString());
        auto r = Preprocessor::fromJson(j, "pre.json");
        QVERIFY(!r);
        QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
                 r.error().message.c_str());
        QVERIFY2(r.error().message.rfind("pre.json: ", 0) == 0, r.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(tst_Preprocessor)
#include "tst_preprocessor.moc"
