#include "../test_support.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/data/csv_reader.h"
#include "core/data/preprocessor.h"
#include "core/data/profile.h"

#include <QDir>
#include <QTemporaryDir>

#include <charconv>
#include <cstring>
#include <random>

using namespace mdeck;
using namespace mdeck::data;

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

// "types=age:numeric,b:boolean;maxColumns=2;maxFieldBytes=4;maxCategories=2;maxRows=1;delimiter=;"
CsvOptions optionsFrom(const QString &spec)
{
    CsvOptions o;
    for (const QString &part : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString key = part.section(QLatin1Char('='), 0, 0);
        const QString value = part.section(QLatin1Char('='), 1);
        if (key == QLatin1String("types")) {
            for (const QString &t : value.split(QLatin1Char(','))) {
                const auto type = parseColumnType(t.section(QLatin1Char(':'), 1).toStdString());
                if (!type)
                    qFatal("bad type in test spec");
                o.typeOverrides[t.section(QLatin1Char(':'), 0, 0).toStdString()] = *type;
            }
        } else if (key == QLatin1String("maxColumns")) {
            o.maxColumns = value.toULongLong();
        } else if (key == QLatin1String("maxFieldBytes")) {
            o.maxFieldBytes = value.toULongLong();
        } else if (key == QLatin1String("maxCategories")) {
            o.maxCategories = value.toULongLong();
        } else if (key == QLatin1String("maxRows")) {
            o.maxRows = value.toULongLong();
        } else if (key == QLatin1String("delimiter")) {
            o.delimiter = value.isEmpty() ? ';' : value.at(0).toLatin1();
        } else {
            qFatal("unknown key in test spec");
        }
    }
    return o;
}

std::string number(double v)
{
    if (std::isnan(v))
        return "NA";
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

// A table as text: "name:type=v1|v2;name:type=..." with NA for missing.
std::string render(const Table &t)
{
    std::string out;
    for (const Column &c : t.columns) {
        if (!out.empty())
            out += ";";
        out += c.name + ":" + columnTypeName(c.type) + "=";
        for (std::size_t r = 0; r < t.rows; ++r) {
            if (r > 0)
                out += "|";
            if (c.type == ColumnType::Categorical)
                out += c.codes[r] < 0 ? "NA" : c.categories[static_cast<std::size_t>(c.codes[r])];
            else
                out += number(c.numbers[r]);
        }
    }
    return out;
}

// Every record of a file through CsvStreamReader, as "f1|f2/f1|f2".
Result<std::string> streamAll(const std::string &path, const CsvOptions &options)
{
    auto reader = CsvStreamReader::open(path, options);
    if (!reader)
        return reader.error();
    std::string out;
    std::vector<std::string_view> fields;
    for (;;) {
        auto more = reader->next(fields);
        if (!more)
            return more.error();
        if (!*more)
            break;
        if (!out.empty())
            out += "/";
        for (std::size_t i = 0; i < fields.size(); ++i)
            out += (i ? "|" : "") + std::string(fields[i]);
    }
    return out;
}

} // namespace

class tst_CsvReader : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::string writeTemp(const char *name, std::string_view content)
    {
        const std::string path = m_dir.path().toStdString() + "/" + name;
        if (!writeFileAtomic(path, content))
            qFatal("cannot write %s", path.c_str());
        return path;
    }

private Q_SLOTS:
    void readsSeattleWeather()
    {
        const std::string path = test::dataFile("seattle-weather.csv");
        auto t = readCsv(path);
        MDECK_VERIFY_OK(t);
        QCOMPARE(t->rows, std::size_t(1461));
        QCOMPARE(t->columns.size(), std::size_t(6));
        QCOMPARE(t->column("date")->type, ColumnType::Datetime);
        QCOMPARE(t->column("weather")->type, ColumnType::Categorical);
        QCOMPARE(t->column("temp_max")->type, ColumnType::Numeric);
        QCOMPARE(t->column("date")->numbers.front(), 1325376000.0); // 2012-01-01T00:00:00Z
        QCOMPARE(t->column("date")->numbers.back(), 1451520000.0);  // 2015-12-31
        QCOMPARE(t->column("weather")->categories,
                 (std::vector<std::string>{"drizzle", "rain", "sun", "snow", "fog"}));
        for (const Column &c : t->columns)
            QCOMPARE(c.missing, std::size_t(0));
        QCOMPARE(t->sha256, sha256File(path).value().sha256);
        QCOMPARE(t->source, path);
    }

    void readsPenguinsWithMissingValues()
    {
        // CRLF line ends and empty fields, as in the published file.
        auto t = readCsv(test::dataFile("penguins.csv"));
        MDECK_VERIFY_OK(t);
        QCOMPARE(t->rows, std::size_t(344));
        const std::pair<const char *, std::size_t> missing[] = {{"species", 0},
                                                                {"island", 0},
                                                                {"beak_length_mm", 2},
                                                                {"beak_depth_mm", 2},
                                                                {"flipper_length_mm", 2},
                                                                {"body_mass_g", 2},
                                                                {"sex", 10}};
        for (const auto &[name, count] : missing) {
            QVERIFY2(t->column(name), name);
            QCOMPARE(t->column(name)->missing, count);
        }
        QCOMPARE(t->column("sex")->type, ColumnType::Categorical);
        QCOMPARE(t->column("sex")->categories, (std::vector<std::string>{"MALE", "FEMALE", "."}));
        QCOMPARE(t->column("body_mass_g")->type, ColumnType::Numeric);
        QVERIFY(t->column("body_mass_g")->isMissing(3));
        QVERIFY(t->column("sex")->isMissing(3));
    }

    void readsBreastCancerAsNumeric()
    {
        auto t = readCsv(test::dataFile("breast_cancer.csv"));
        MDECK_VERIFY_OK(t);
        QCOMPARE(t->rows, std::size_t(569));
        QCOMPARE(t->columns.size(), std::size_t(31));
        for (const Column &c : t->columns)
            QVERIFY2(c.type == ColumnType::Numeric, c.name.c_str());
        QCOMPARE(t->column("mean_radius")->numbers[0], 17.99);
        QCOMPARE(t->column("target")->numbers[0], 0.0); // a 0/1 column stays numeric
    }

    void readsWellFormed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("options");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<QByteArray>("records"); // as CsvStreamReader yields them

        QTest::addRow("quoted fields with comma and quotes")
            << QByteArray("name,n\n\"Smith, J\",1\n\"say \"\"hi\"\"\",2\n") << ""
            << QByteArray("name:categorical=Smith, J|say \"hi\";n:numeric=1|2")
            << QByteArray("Smith, J|1/say \"hi\"|2");
        QTest::addRow("embedded newline")
            << QByteArray("a,b\n\"line1\nline2\",1\n\"x\",2\n") << ""
            << QByteArray("a:categorical=line1\nline2|x;b:numeric=1|2")
            << QByteArray("line1\nline2|1/x|2");
        QTest::addRow("CRLF") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << ""
                              << QByteArray("a:numeric=1|3;b:numeric=2|4") << QByteArray("1|2/3|4");
        QTest::addRow("CRLF inside quotes")
            << QByteArray("a,b\r\n\"x\r\ny\",2\r\n") << ""
            << QByteArray("a:categorical=x\r\ny;b:numeric=2") << QByteArray("x\r\ny|2");
        QTest::addRow("BOM") << QByteArray("\xef\xbb\xbf"
                                           "a,b\n1,2\n")
                             << "" << QByteArray("a:numeric=1;b:numeric=2") << QByteArray("1|2");
        QTest::addRow("no final newline")
            << QByteArray("a,b\n1,2") << "" << QByteArray("a:numeric=1;b:numeric=2")
            << QByteArray("1|2");
        QTest::addRow("blank lines skipped")
            << QByteArray("\na,b\n\n1,2\r\n\r\n3,4\n\n") << ""
            << QByteArray("a:numeric=1|3;b:numeric=2|4") << QByteArray("1|2/3|4");
        QTest::addRow("header only")
            << QByteArray("a,b\n") << "" << QByteArray("a:numeric=;b:numeric=") << QByteArray("");
        QTest::addRow("trailing empty field")
            << QByteArray("a,b\n1,\n") << "" << QByteArray("a:numeric=1;b:numeric=NA")
            << QByteArray("1|");
        QTest::addRow("quoted empty field is missing")
            << QByteArray("a,b\n\"\",x\n") << "" << QByteArray("a:numeric=NA;b:categorical=x")
            << QByteArray("|x");
        QTest::addRow("missing tokens")
            << QByteArray("x\n1\nNA\nNaN\nnan\nnull\nNULL\nN/A\n\"\"\n2\n") << ""
            << QByteArray("x:numeric=1|NA|NA|NA|NA|NA|NA|NA|2")
            << QByteArray("1/NA/NaN/nan/null/NULL/N/A//2");
        QTest::addRow("0/1 stays numeric") << QByteArray("y\n0\n1\n1\n") << ""
                                           << QByteArray("y:numeric=0|1|1") << QByteArray("0/1/1");
        QTest::addRow("boolean words")
            << QByteArray("b\ntrue\nFALSE\nyes\nno\nTrue\n\n") << ""
            << QByteArray("b:boolean=1|0|1|0|1") << QByteArray("true/FALSE/yes/no/True");
        QTest::addRow("boolean words and 0/1")
            << QByteArray("b\ntrue\n0\n1\n") << "" << QByteArray("b:boolean=1|0|1")
            << QByteArray("true/0/1");
        QTest::addRow("numbers then a boolean word")
            << QByteArray("b\n0\n1\nfalse\n") << "" << QByteArray("b:boolean=0|1|0")
            << QByteArray("0/1/false");
        QTest::addRow("datetime variants")
            << QByteArray("t\n1970-01-02\n1970-01-01T00:01\n1970-01-01 00:00:01Z\n"
                          "1970-01-01T01:00:00+01:00\n1970-01-01T00:00:00.5\nNA\n")
            << "" << QByteArray("t:datetime=86400|60|1|0|0.5|NA")
            << QByteArray("1970-01-02/1970-01-01T00:01/1970-01-01 00:00:01Z/"
                          "1970-01-01T01:00:00+01:00/1970-01-01T00:00:00.5/NA");
        QTest::addRow("numbers then text become categorical")
            << QByteArray("x\n1\n2.50\nabc\n1\n") << "" << QByteArray("x:categorical=1|2.50|abc|1")
            << QByteArray("1/2.50/abc/1");
        QTest::addRow("dates then text become categorical")
            << QByteArray("x\n2012-01-01\nsoon\n") << ""
            << QByteArray("x:categorical=2012-01-01|soon") << QByteArray("2012-01-01/soon");
        QTest::addRow("missing first, then text")
            << QByteArray("x\nNA\n\nabc\n") << "" << QByteArray("x:categorical=NA|abc")
            << QByteArray("NA/abc");
        QTest::addRow("inf in a text column")
            << QByteArray("x\nabc\ninf\n") << "" << QByteArray("x:categorical=abc|inf")
            << QByteArray("abc/inf");
        QTest::addRow("inf then text")
            << QByteArray("x\ninf\nabc\n") << "" << QByteArray("x:categorical=inf|abc")
            << QByteArray("inf/abc");
        QTest::addRow("quoted numbers are numbers")
            << QByteArray("x\n\"1.5\"\n-2\n") << "" << QByteArray("x:numeric=1.5|-2")
            << QByteArray("1.5/-2");
        QTest::addRow("exponents, plus sign, underflow")
            << QByteArray("x\n1e3\n+1.5\n1E-400\n-0\n.5\n5.\n") << ""
            << QByteArray("x:numeric=1000|1.5|0|-0|0.5|5")
            << QByteArray("1e3/+1.5/1E-400/-0/.5/5.");
        QTest::addRow("all missing column")
            << QByteArray("a,b\n,1\nNA,2\n") << "" << QByteArray("a:numeric=NA|NA;b:numeric=1|2")
            << QByteArray("|1/NA|2");
        QTest::addRow("semicolon delimiter")
            << QByteArray("a;b\n1,5;x\n") << "delimiter=;"
            << QByteArray("a:categorical=1,5;b:categorical=x") << QByteArray("1,5|x");
        QTest::addRow("categorical override keeps text")
            << QByteArray("zip\n01234\n1234\n") << "types=zip:categorical"
            << QByteArray("zip:categorical=01234|1234") << QByteArray("01234/1234");
        QTest::addRow("boolean override on 0/1")
            << QByteArray("b\n0\n1\n") << "types=b:boolean" << QByteArray("b:boolean=0|1")
            << QByteArray("0/1");
        QTest::addRow("numeric override on numbers")
            << QByteArray("n\n1\nNA\n") << "types=n:numeric" << QByteArray("n:numeric=1|NA")
            << QByteArray("1/NA");
        QTest::addRow("UTF-8 text")
            << QByteArray("city\nK\xc3\xb6ln\n\xe6\x9d\xb1\xe4\xba\xac\n") << ""
            << QByteArray("city:categorical=K\xc3\xb6ln|\xe6\x9d\xb1\xe4\xba\xac")
            << QByteArray("K\xc3\xb6ln/\xe6\x9d\xb1\xe4\xba\xac");
        QTest::addRow("field at the size limit")
            << QByteArray("a\nabcd\n\"wxyz\"\n") << "maxFieldBytes=4"
            << QByteArray("a:categorical=abcd|wxyz") << QByteArray("abcd/wxyz");
    }

    void readsWellFormed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, options);
        QFETCH(QByteArray, expected);
        QFETCH(QByteArray, records);
        const CsvOptions o = optionsFrom(options);
        auto t = parseCsv(view(text), "t.csv", o);
        MDECK_VERIFY_OK(t);
        QCOMPARE(render(*t), expected.toStdString());
        QCOMPARE(t->sha256, Sha256::hex(view(text)));
        CsvOptions two = o;
        two.threads = 2;
        auto halves = parseCsv(view(text), "t.csv", two);
        MDECK_VERIFY_OK(halves);
        QCOMPARE(render(*halves), expected.toStdString());
        // The same text from a file, and through the streaming reader.
        const std::string path = writeTemp("well-formed.csv", view(text));
        auto fromFile = readCsv(path, o);
        MDECK_VERIFY_OK(fromFile);
        QCOMPARE(render(*fromFile), expected.toStdString());
        auto streamed = streamAll(path, o);
        MDECK_VERIFY_OK(streamed);
        QCOMPARE(*streamed, records.toStdString());
    }

    void refusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("options");
        QTest::addColumn<QString>("needle");
        QTest::addColumn<int>("line");
        QTest::addColumn<bool>("structural"); // the streaming reader must refuse it too, same line

        QTest::addRow("empty file") << QByteArray() << ""
                                    << "t.csv is empty" << 0 << false;
        QTest::addRow("only a BOM") << QByteArray("\xef\xbb\xbf") << ""
                                    << "is empty" << 0 << true;
        QTest::addRow("only blank lines") << QByteArray("\n\r\n\n") << ""
                                          << "is empty" << 0 << true;
        QTest::addRow("ragged row, too few")
            << QByteArray("a,b\n1,2\n3\n") << ""
            << "t.csv:3: line 3 has 1 field but the header has 2" << 3 << true;
        QTest::addRow("ragged row, too many")
            << QByteArray("a,b\n1,2,3\n") << ""
            << "line 2 has 3 fields but the header has 2" << 2 << true;
        QTest::addRow("ragged row after a quoted newline")
            << QByteArray("a,b\n\"x\ny\",1\n2\n") << ""
            << "line 4 has 1 field" << 4 << true;
        QTest::addRow("unterminated quote")
            << QByteArray("a,b\n1,2\n3,\"oops\n4,5\n6,7\n") << ""
            << "t.csv:3:3: the quoted field that starts here is never closed" << 3 << true;
        QTest::addRow("quote inside unquoted field")
            << QByteArray("a\nx\"y\n") << ""
            << "t.csv:2:2: a quote inside an unquoted field" << 2 << true;
        QTest::addRow("text after closing quote")
            << QByteArray("a,b\n\"x\"y,1\n") << ""
            << "t.csv:2:4: unexpected text after the closing quote" << 2 << true;
        QTest::addRow("bare carriage return")
            << QByteArray("a,b\r1,2\r") << ""
            << "t.csv:1:4: a carriage return that is not followed" << 1 << true;
        QTest::addRow("invalid UTF-8") << QByteArray("a,b\n1,caf\xe9\n") << ""
                                       << "t.csv:2:6: invalid UTF-8 (byte 0xe9)" << 2 << true;
        QTest::addRow("invalid UTF-8 in header")
            << QByteArray("a,\xff\n1,2\n") << ""
            << "t.csv:1:3: invalid UTF-8 (byte 0xff)" << 1 << true;
        QTest::addRow("overlong UTF-8") << QByteArray("a\n\xc0\xaf\n") << ""
                                        << "t.csv:2:1: invalid UTF-8" << 2 << true;
        QTest::addRow("UTF-16 surrogate") << QByteArray("a\nx\xed\xa0\x80\n") << ""
                                          << "t.csv:2:2: invalid UTF-8 (byte 0xed)" << 2 << true;
        QTest::addRow("UTF-8 cut at end of file")
            << QByteArray("a\nx\xe2\x82") << ""
            << "t.csv:2:2: incomplete UTF-8 sequence" << 2 << true;
        QTest::addRow("NUL byte") << QByteArray("age\n3\0 1\n", 9) << ""
                                  << "t.csv:2:2: NUL byte" << 2 << true;
        QTest::addRow("duplicate header")
            << QByteArray("a,b,a\n1,2,3\n") << ""
            << "t.csv:1: the header names column 'a' twice (columns 1 and 3)" << 1 << true;
        QTest::addRow("empty header name") << QByteArray("a,,c\n1,2,3\n") << ""
                                           << "column 2 of the header has no name" << 1 << true;
        QTest::addRow("too many columns")
            << QByteArray("a,b,c\n1,2,3\n") << "maxColumns=2"
            << "the header has 3 columns, more than the limit of 2" << 1 << true;
        QTest::addRow("field too large")
            << QByteArray("a\nhello\n") << "maxFieldBytes=4"
            << "t.csv:2:1: a field is longer than the limit of 4 bytes" << 2 << true;
        QTest::addRow("quoted field too large")
            << QByteArray("a\n\"he\nllo\"\n") << "maxFieldBytes=4"
            << "longer than the limit of 4 bytes" << 2 << true;
        QTest::addRow("text in numeric override")
            << QByteArray("age,score\n31,0.5\nold,0.7\n") << "types=age:numeric"
            << "t.csv:3:1: value 'old' in column 'age' is not a number" << 3 << false;
        QTest::addRow("inf in numeric column")
            << QByteArray("x\n1\n2\ninf\n3\n") << ""
            << "t.csv:4:1: value 'inf' in column 'x' is not a finite number" << 4 << false;
        QTest::addRow("Infinity in numeric column") << QByteArray("x,y\n1,Infinity\n") << ""
                                                    << "t.csv:2:3: value 'Infinity'" << 2 << false;
        QTest::addRow("-inf first") << QByteArray("x\n-inf\n1\n") << ""
                                    << "value '-inf'" << 2 << false;
        QTest::addRow("overflowing literal")
            << QByteArray("x\n1\n1e999\n") << ""
            << "value '1e999' in column 'x' is not a finite number" << 3 << false;
        QTest::addRow("inf in numeric override")
            << QByteArray("x\n1\ninf\n") << "types=x:numeric"
            << "value 'inf' in column 'x' is not a finite" << 3 << false;
        QTest::addRow("not a boolean in boolean override")
            << QByteArray("b\ntrue\nmaybe\n") << "types=b:boolean"
            << "value 'maybe' in column 'b' is not a boolean" << 3 << false;
        QTest::addRow("not a date in datetime override")
            << QByteArray("d\n2012-01-01\n2012-02-30\n") << "types=d:datetime"
            << "value '2012-02-30' in column 'd' is not an ISO 8601 date" << 3 << false;
        QTest::addRow("override names an unknown column")
            << QByteArray("a\n1\n") << "types=b:numeric"
            << "names column 'b', which is not in the header" << 0 << true;
        QTest::addRow("too many categories")
            << QByteArray("c\nx\ny\nx\nz\n") << "maxCategories=2"
            << "t.csv:5:1: value 'z' in column 'c' is one category too many" << 5 << false;
        QTest::addRow("too many rows") << QByteArray("a\n1\n2\n") << "maxRows=1"
                                       << "more than 1 rows" << 3 << false;
        QTest::addRow("long value shortened in the message")
            << QByteArray("n\n" + QByteArray(200, 'x') + "\n") << "types=n:numeric"
            << "value 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'" << 2
            << false;
        QTest::addRow("newline in value escaped in the message")
            << QByteArray("n\n\"a\nb\"\n") << "types=n:numeric"
            << "value 'a\\nb'" << 2 << false;
    }

    void refusesMalformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, options);
        QFETCH(QString, needle);
        QFETCH(int, line);
        QFETCH(bool, structural);
        const CsvOptions o = optionsFrom(options);
        auto t = parseCsv(view(text), "t.csv", o);
        QVERIFY(!t);
        QCOMPARE(t.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(t.error().message.find(needle.toStdString()) != std::string::npos,
                 t.error().message.c_str());
        QVERIFY2(t.error().message.rfind("t.csv", 0) == 0, t.error().message.c_str());
        QCOMPARE(t.error().line, line);
        CsvOptions two = o;
        two.threads = 2;
        auto halves = parseCsv(view(text), "t.csv", two);
        QVERIFY(!halves);
        QCOMPARE(halves.error().message, t.error().message);

        const std::string path = writeTemp("t.csv", view(text));
        auto fromFile = readCsv(path, o);
        QVERIFY(!fromFile);
        QCOMPARE(fromFile.error().line, line);
        if (structural) {
            auto streamed = streamAll(path, o);
            QVERIFY(!streamed);
            QCOMPARE(streamed.error().line, line);
            QVERIFY2(streamed.error().message.find(needle.toStdString().substr(
                         needle.startsWith(QLatin1String("t.csv")) ? 5 : 0))
                         != std::string::npos,
                     streamed.error().message.c_str());
        }
    }

    // The halves of a text read on two threads must merge into exactly the
    // table (or the error) one thread makes, whatever each column does on
    // either side of the split.
    void twoThreadsMatchOneThread_data()
    {
        QTest::addColumn<QString>("variant");
        for (const char *v :
             {"numbers", "missing then text", "numbers then text", "text then numbers",
              "categories differ by half", "missing then dates", "dates then missing",
              "booleans then missing", "missing then booleans", "quoted newlines everywhere",
              "inf in second half", "inf in second half of text column", "ragged in second half",
              "override error in second half", "categories over the limit only when merged",
              "all missing", "dates then junk in second half"})
            QTest::addRow("%s", v) << QString::fromLatin1(v);
    }

    void twoThreadsMatchOneThread()
    {
        QFETCH(QString, variant);
        const std::string v = variant.toStdString();
        constexpr int kRows = 400;
        CsvOptions o;
        std::string text = "id,x,note\n";
        for (int r = 0; r < kRows; ++r) {
            const bool second = r >= kRows / 2;
            std::string x;
            if (v == "numbers")
                x = std::to_string(r * 0.5);
            else if (v == "missing then text")
                x = second ? "t" + std::to_string(r % 3) : "";
            else if (v == "numbers then text")
                x = second ? "word" : std::to_string(r);
            else if (v == "text then numbers")
                x = second ? std::to_string(r) : "word" + std::to_string(r % 2);
            else if (v == "categories differ by half")
                x = second ? std::string(1, "yz"[r % 2]) : std::string(1, "xy"[r % 2]);
            else if (v == "missing then dates")
                x = second ? "2012-01-" + std::to_string(10 + r % 20) : "NA";
            else if (v == "dates then missing")
                x = second ? "" : "2012-02-0" + std::to_string(1 + r % 9);
            else if (v == "booleans then missing")
                x = second ? "" : (r % 2 ? "yes" : "no");
            else if (v == "missing then booleans")
                x = second ? (r % 2 ? "true" : "0") : "";
            else if (v == "quoted newlines everywhere")
                x = "\"" + std::to_string(r) + "\n\"\"q\"\"\"";
            else if (v == "inf in second half")
                x = r == kRows - 10 ? "inf" : std::to_string(r);
            else if (v == "inf in second half of text column")
                x = r == kRows - 10 ? "inf" : "w" + std::to_string(r % 4);
            else if (v == "ragged in second half")
                x = r == kRows - 5 ? "1,2" : "3";
            else if (v == "override error in second half") {
                o.typeOverrides["x"] = ColumnType::Numeric;
                x = r == kRows - 7 ? "oops" : "4";
            } else if (v == "categories over the limit only when merged") {
                o.maxCategories = 300;
                x = "c" + std::to_string(r);
            } else if (v == "all missing")
                x = "NA";
            else if (v == "dates then junk in second half")
                x = r == kRows - 3 ? "junk" : "2013-05-05";
            text += std::to_string(r) + "," + x + ",\"n," + std::to_string(r % 5) + "\"\n";
        }
        o.threads = 1;
        auto one = parseCsv(text, "t.csv", o);
        o.threads = 2;
        auto two = parseCsv(text, "t.csv", o);
        QCOMPARE(two.ok(), one.ok());
        if (one.ok())
            QCOMPARE(render(*two), render(*one));
        else
            QCOMPARE(two.error().message, one.error().message);
    }

    void refusesBadDelimiter()
    {
        CsvOptions o;
        o.delimiter = '"';
        QVERIFY(!parseCsv("a\n1\n", "t.csv", o));
        QVERIFY(!CsvStreamReader::open(test::dataFile("penguins.csv"), o));
    }

    void reportsMissingFile()
    {
        auto t = readCsv(m_dir.path().toStdString() + "/nope.csv");
        QVERIFY(!t);
        QCOMPARE(t.error().code, ErrorCode::NotFound);
        QVERIFY(!CsvStreamReader::open(m_dir.path().toStdString() + "/nope.csv"));
    }

    void handlesOneHundredThousandCategories()
    {
        std::string text = "id,value\n";
        for (int i = 0; i < 100000; ++i)
            text += "id" + std::to_string(i) + "," + std::to_string(i % 7) + "\n";
        auto t = parseCsv(text, "many.csv");
        MDECK_VERIFY_OK(t);
        QCOMPARE(t->column("id")->type, ColumnType::Categorical);
        QCOMPARE(t->column("id")->categories.size(), std::size_t(100000));
        QCOMPARE(t->column("id")->categories[99999], std::string("id99999"));
        QCOMPARE(t->column("id")->codes[12345], 12345);
        const DatasetProfile p = profileTable(*t);
        QCOMPARE(p.column("id")->distinct, std::uint64_t(100000));
        QCOMPARE(p.column("id")->categories.size(), kMaxProfileCategories + 1);
        QCOMPARE(p.column("id")->categories.back().first, std::string("(other)"));
        QCOMPARE(p.column("id")->categories.back().second,
                 std::uint64_t(100000 - kMaxProfileCategories));
    }

    void parseNumberMatchesFromChars()
    {
        // The inlined fast path must give the same bits as std::from_chars,
        // on its own and inside a CSV (where it reads past a field's end).
        std::mt19937_64 rng(1);
        std::string csv = "x,y\n";
        std::vector<double> inCsv;
        const char digits[] = "0123456789";
        for (int i = 0; i < 200000; ++i) {
            std::string s;
            if (rng() % 3 == 0)
                s += '-';
            const int intDigits = static_cast<int>(rng() % 12);
            for (int k = 0; k < intDigits; ++k)
                s += digits[rng() % 10];
            if (rng() % 2) {
                s += '.';
                const int fracDigits = static_cast<int>(rng() % 18);
                for (int k = 0; k < fracDigits; ++k)
                    s += digits[rng() % 10];
            }
            if (rng() % 8 == 0)
                s += "e" + std::to_string(static_cast<int>(rng() % 40) - 20);
            double expected = 0;
            const auto r = std::from_chars(s.data(), s.data() + s.size(), expected);
            const bool valid = r.ec == std::errc() && r.ptr == s.data() + s.size();
            const auto got = data::parseNumber(s);
            QVERIFY2(got.has_value() == valid, s.c_str());
            if (valid)
                QVERIFY2(std::memcmp(&*got, &expected, sizeof expected) == 0, s.c_str());
            if (valid && std::isfinite(expected)) {
                csv += s + (rng() % 2 ? ",1234567890\n" : ",\"12\"\n");
                inCsv.push_back(expected);
            }
        }
        const Table t = parseCsv(csv, "numbers.csv").value();
        QCOMPARE(t.columns[0].type, ColumnType::Numeric);
        QCOMPARE(t.rows, inCsv.size());
        QVERIFY(std::memcmp(t.columns[0].numbers.data(), inCsv.data(), inCsv.size() * sizeof(double))
                == 0);
    }

    void parseNumber_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("value");
        QTest::addRow("integer") << "42" << true << 42.0;
        QTest::addRow("decimal") << "-0.125" << true << -0.125;
        QTest::addRow("plus") << "+3" << true << 3.0;
        QTest::addRow("exponent") << "2.5E2" << true << 250.0;
        QTest::addRow("twenty digits") << "12345678901234567890" << true << 12345678901234567890.0;
        QTest::addRow("empty") << "" << false << 0.0;
        QTest::addRow("dot only") << "." << false << 0.0;
        QTest::addRow("minus only") << "-" << false << 0.0;
        QTest::addRow("inf") << "inf" << false << 0.0;
        QTest::addRow("nan") << "nan" << false << 0.0;
        QTest::addRow("-nan") << "-nan" << false << 0.0;
        QTest::addRow("overflow") << "1e400" << false << 0.0;
        QTest::addRow("hex") << "0x10" << false << 0.0;
        QTest::addRow("leading space") << " 1" << false << 0.0;
        QTest::addRow("trailing space") << "1 " << false << 0.0;
        QTest::addRow("dangling exponent") << "1e" << false << 0.0;
        QTest::addRow("two signs") << "+-1" << false << 0.0;
        QTest::addRow("comma decimal") << "1,5" << false << 0.0;
    }

    void parseNumber()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(double, value);
        const auto got = data::parseNumber(text.toStdString());
        QCOMPARE(got.has_value(), valid);
        if (valid)
            QCOMPARE(*got, value);
    }

    void parseDatetime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("seconds");
        QTest::addRow("date") << "2012-01-01" << true << 1325376000.0;
        QTest::addRow("leap day") << "2016-02-29" << true << 1456704000.0;
        QTest::addRow("before 1970") << "1969-12-31" << true << -86400.0;
        QTest::addRow("T and Z") << "2012-01-01T10:00:00Z" << true << 1325412000.0;
        QTest::addRow("space, minutes") << "2012-01-01 10:00" << true << 1325412000.0;
        QTest::addRow("offset") << "2012-01-01T10:00:00-02:30" << true << 1325421000.0;
        QTest::addRow("fraction") << "2012-01-01T00:00:00.250" << true << 1325376000.25;
        QTest::addRow("not a leap day") << "2015-02-29" << false << 0.0;
        QTest::addRow("month 13") << "2012-13-01" << false << 0.0;
        QTest::addRow("hour 24") << "2012-01-01T24:00" << false << 0.0;
        QTest::addRow("slashes") << "2012/01/01" << false << 0.0;
        QTest::addRow("trailing text") << "2012-01-01x" << false << 0.0;
        QTest::addRow("year only") << "2012" << false << 0.0;
        QTest::addRow("empty fraction") << "2012-01-01T00:00:00." << false << 0.0;
    }

    void parseDatetime()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(double, seconds);
        const auto got = data::parseDatetime(text.toStdString());
        QCOMPARE(got.has_value(), valid);
        if (valid)
            QCOMPARE(*got, seconds);
    }

    void missingAndBooleanTokens()
    {
        for (const char *t : {"", "NA", "NaN", "nan", "null", "NULL", "N/A"})
            QVERIFY2(isMissingToken(t), t);
        for (const char *t : {" ", "na", "None", "-", "0", "NAN"})
            QVERIFY2(!isMissingToken(t), t);
        for (const char *t : {"true", "True", "TRUE", "yes", "1"})
            QCOMPARE(parseBoolean(t), std::optional(1.0));
        for (const char *t : {"false", "False", "FALSE", "no", "0"})
            QCOMPARE(parseBoolean(t), std::optional(0.0));
        for (const char *t : {"Yes", "t", "2", ""})
            QVERIFY2(!parseBoolean(t), t);
    }

    void reportsProgressAndCancels_data()
    {
        QTest::addColumn<unsigned>("threads");
        QTest::addRow("automatic") << 0u;
        QTest::addRow("one thread") << 1u;
        QTest::addRow("two threads") << 2u;
    }

    void reportsProgressAndCancels()
    {
        QFETCH(unsigned, threads);
        std::string text = "a,b\n";
        while (text.size() < (12u << 20))
            text += "1.25,2.5\n";
        const std::string path = writeTemp("big.csv", text);
        CsvOptions options;
        options.threads = threads;
        std::vector<std::uint64_t> done;
        auto t = readCsv(path, options, [&](std::uint64_t bytes, std::uint64_t total) {
            QCOMPARE(total, std::uint64_t(text.size()));
            done.push_back(bytes);
        });
        MDECK_VERIFY_OK(t);
        QCOMPARE(t->rows, (text.size() - 4) / 9);
        QVERIFY(done.size() >= 3);
        QVERIFY(std::is_sorted(done.begin(), done.end()));
        QCOMPARE(done.back(), std::uint64_t(text.size()));

        std::stop_source before;
        before.request_stop();
        auto cancelled = readCsv(path, options, {}, before.get_token());
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);

        // Cancelled while reading: the first progress report asks to stop.
        std::stop_source during;
        auto stopped = readCsv(
            path, options, [&](std::uint64_t, std::uint64_t) { during.request_stop(); },
            during.get_token());
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().code, ErrorCode::Cancelled);
    }

    void replaysHostileCorpus()
    {
        QDir dir(test::dataPath("hostile/csv"));
        const auto files = dir.entryList({QStringLiteral("*.csv")}, QDir::Files);
        QVERIFY(files.size() >= 30);
        for (const QString &name : files) {
            const std::string path = dir.filePath(name).toStdString();
            // An Error or a valid table, never a crash; a table must also profile and fit.
            auto t = readCsv(path);
            if (!t) {
                QVERIFY2(!t.error().message.empty(), qPrintable(name));
            } else {
                const DatasetProfile p = profileTable(*t);
                QCOMPARE(p.columns.size(), t->columns.size());
                if (t->rows > 0) {
                    std::vector<std::string> features;
                    for (const Column &c : t->columns)
                        features.push_back(c.name);
                    std::vector<std::size_t> rows(t->rows);
                    for (std::size_t r = 0; r < rows.size(); ++r)
                        rows[r] = r;
                    auto pre = Preprocessor::fit(*t, features, rows);
                    MDECK_VERIFY_OK(pre);
                }
            }
            // The streaming reader agrees on whether the structure is valid.
            auto streamed = streamAll(path, {});
            if (t)
                QVERIFY2(streamed.ok(), qPrintable(name));
            else if (streamed)
                QVERIFY2(t.error().message.find("value") != std::string::npos
                             || t.error().message.find("rows") != std::string::npos,
                         qPrintable(name + QStringLiteral(": ")
                                    + QString::fromStdString(t.error().message)));
        }
    }
};

QTEST_GUILESS_MAIN(tst_CsvReader)
#include "tst_csv_reader.moc"
