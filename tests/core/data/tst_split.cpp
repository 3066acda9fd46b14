#include "../test_support.h"

#include "core/data/csv_reader.h"
#include "core/data/split.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace mdeck;
using namespace mdeck::data;

namespace {

Table readData(const char *name)
{
    auto t = readCsv(test::dataFile(name));
    if (!t)
        qFatal("%s", t.error().message.c_str());
    return std::move(*t);
}

// Every usable row exactly once, each part sorted.
bool isPartition(const Split &s, std::size_t expected)
{
    std::vector<std::size_t> all;
    for (const auto *part : {&s.train, &s.validation, &s.test}) {
        if (!std::is_sorted(part->begin(), part->end()))
            return false;
        all.insert(all.end(), part->begin(), part->end());
    }
    std::sort(all.begin(), all.end());
    return all.size() == expected && std::adjacent_find(all.begin(), all.end()) == all.end();
}

std::map<std::string, std::size_t> classCounts(const Column &c, const std::vector<std::size_t> &rows)
{
    std::map<std::string, std::size_t> counts;
    for (const std::size_t r : rows)
        ++counts[c.type == ColumnType::Categorical ? c.categories[std::size_t(c.codes[r])]
                                                   : std::to_string(c.numbers[r])];
    return counts;
}

} // namespace

class tst_Split : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesBadFractions_data()
    {
        QTest::addColumn<double>("train");
        QTest::addColumn<double>("validation");
        QTest::addColumn<double>("test");
        QTest::addColumn<QString>("needle");
        QTest::addRow("sum below 1")
            << 0.7 << 0.1 << 0.1 << "must add up to 1 (they add up to 0.900000)";
        QTest::addRow("sum above 1") << 0.8 << 0.15 << 0.15 << "must add up to 1";
        QTest::addRow("off by 1e-6") << 0.7 << 0.15 << 0.150001 << "must add up to 1";
        QTest::addRow("negative") << 1.0 << -0.1 << 0.1
                                  << "the validation fraction must be a number from 0 to 1";
        QTest::addRow("above 1") << 1.5 << 0.0 << -0.5
                                 << "the train fraction must be a number from 0 to 1";
        QTest::addRow("NaN") << std::nan("") << 0.5 << 0.5 << "the train fraction";
        QTest::addRow("no training rows")
            << 0.0 << 0.5 << 0.5 << "the train fraction must be greater than 0";
    }

    void refusesBadFractions()
    {
        QFETCH(double, train);
        QFETCH(double, validation);
        QFETCH(double, test);
        QFETCH(QString, needle);
        const Table t = readData("seattle-weather.csv");
        const SplitFractions f{train, validation, test};
        for (const auto &r : {randomSplit(t, "weather", f, 1), timeSplit(t, "date", f)}) {
            QVERIFY(!r);
            QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
            QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
                     r.error().message.c_str());
        }
    }

    void acceptsSumWithinTolerance()
    {
        const Table t = readData("seattle-weather.csv");
        MDECK_VERIFY_OK(randomSplit(t, "weather", {0.7, 0.15, 0.15 + 5e-10}, 1));
        MDECK_VERIFY_OK(randomSplit(t, "weather", {1.0, 0.0, 0.0}, 1));
    }

    void stratifiedKeepsClassProportions()
    {
        const Table t = readData("seattle-weather.csv");
        auto s = randomSplit(t, "weather", {0.7, 0.15, 0.15}, 42);
        MDECK_VERIFY_OK(s);
        QVERIFY(isPartition(*s, t.rows));
        const Column &weather = *t.column("weather");
        std::vector<std::size_t> all(t.rows);
        for (std::size_t r = 0; r < t.rows; ++r)
            all[r] = r;
        const auto total = classCounts(weather, all);
        const auto train = classCounts(weather, s->train);
        const auto validation = classCounts(weather, s->validation);
        QCOMPARE(total.size(), std::size_t(5));
        for (const auto &[cls, n] : total) {
            QVERIFY2(std::fabs(double(train.at(cls)) - 0.7 * double(n)) <= 1.0, cls.c_str());
            QVERIFY2(std::fabs(double(validation.at(cls)) - 0.15 * double(n)) <= 1.0, cls.c_str());
        }
        // rain: 641 rows -> 448.7 / 96.15 / 96.15 by the largest remainder.
        QCOMPARE(train.at("rain"), std::size_t(449));
        QCOMPARE(validation.at("rain"), std::size_t(96));
    }

    void sameSeedSameSplit()
    {
        const Table t = readData("penguins.csv");
        const auto a = randomSplit(t, "species", {0.6, 0.2, 0.2}, 7).value();
        const auto b = randomSplit(t, "species", {0.6, 0.2, 0.2}, 7).value();
        const auto c = randomSplit(t, "species", {0.6, 0.2, 0.2}, 8).value();
        QCOMPARE(a.train, b.train);
        QCOMPARE(a.test, b.test);
        QVERIFY(a.train != c.train);
    }

    // Pinned from this implementation (mt19937_64 + in-repo Fisher–Yates):
    // the same on every standard library. A change here changes every split
    // a user has recorded, so it must be deliberate.
    void splitIsPinned()
    {
        std::string text = "y\n";
        for (int i = 0; i < 20; ++i)
            text += (i % 2 ? "a\n" : "b\n");
        const Table t = parseCsv(text, "pinned.csv").value();
        const Split s = randomSplit(t, "y", {0.5, 0.25, 0.25}, 42).value();
        QCOMPARE(s.train.size(), std::size_t(10));
        QCOMPARE(s.validation.size() + s.test.size(), std::size_t(10));
        QCOMPARE(s.train, (std::vector<std::size_t>{2, 3, 4, 5, 6, 8, 11, 13, 17, 18}));
    }

    void tinyClassesKeepATrainingRow()
    {
        const Table t = parseCsv("y\na\na\na\na\na\na\na\na\nb\nc\nc\n", "tiny.csv").value();
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            const Split s = randomSplit(t, "y", {0.7, 0.15, 0.15}, seed).value();
            QVERIFY(isPartition(s, t.rows));
            const auto train = classCounts(*t.column("y"), s.train);
            QCOMPARE(train.at("b"), std::size_t(1)); // the only row of b
            QVERIFY(train.at("c") >= 1);
        }
    }

    void dropsMissingTargets()
    {
        const Table t = readData("penguins.csv");
        const Split s = randomSplit(t, "sex", {0.7, 0.15, 0.15}, 3).value();
        QVERIFY(isPartition(s, t.rows - 10));
        for (const auto *part : {&s.train, &s.validation, &s.test})
            for (const std::size_t r : *part)
                QVERIFY(!t.column("sex")->isMissing(r));
    }

    void integerTargetsAreClasses()
    {
        const Table t = readData("breast_cancer.csv");
        const Split s = randomSplit(t, "target", {0.7, 0.15, 0.15}, 5).value();
        QVERIFY(isPartition(s, t.rows));
        const auto train = classCounts(*t.column("target"), s.train);
        // 212 malignant, 357 benign: 148.4 and 249.9 in train.
        QCOMPARE(train.at(std::to_string(0.0)), std::size_t(148));
        QCOMPARE(train.at(std::to_string(1.0)), std::size_t(250));
    }

    void regressionTargetsShuffle()
    {
        const Table t = readData("breast_cancer.csv");
        const Split s = randomSplit(t, "mean_radius", {0.8, 0.1, 0.1}, 5).value();
        QVERIFY(isPartition(s, t.rows));
        QCOMPARE(s.train.size(), std::size_t(455)); // 455.2
        QCOMPARE(s.validation.size() + s.test.size(), std::size_t(114));
        const Split plain = randomSplit(t, "target", {0.8, 0.1, 0.1}, 5, false).value();
        QVERIFY(isPartition(plain, t.rows));
        QCOMPARE(plain.train.size(), std::size_t(455));
    }

    void refusesUnusableTargets()
    {
        const Table t = parseCsv("y,x\nNA,1\n,2\n", "t.csv").value();
        auto empty = randomSplit(t, "y", {}, 1);
        QVERIFY(!empty);
        QVERIFY(empty.error().message.find("has no values to split by") != std::string::npos);
        auto unknown = randomSplit(t, "z", {}, 1);
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.find("t.csv has no column 'z'") != std::string::npos);
    }

    void timeSplitOrdersByDate()
    {
        const Table t = readData("seattle-weather.csv");
        const Split s = timeSplit(t, "date", {0.7, 0.15, 0.15}).value();
        QCOMPARE(s.train.size(), std::size_t(1023)); // 1022.7, 219.15, 219.15
        QCOMPARE(s.validation.size(), std::size_t(219));
        QCOMPARE(s.test.size(), std::size_t(219));
        const auto &date = t.column("date")->numbers;
        const auto latest = [&](const std::vector<std::size_t> &rows) {
            double m = -1e300;
            for (const std::size_t r : rows)
                m = std::max(m, date[r]);
            return m;
        };
        const auto earliest = [&](const std::vector<std::size_t> &rows) {
            double m = 1e300;
            for (const std::size_t r : rows)
                m = std::min(m, date[r]);
            return m;
        };
        QVERIFY(latest(s.train) < earliest(s.validation));
        QVERIFY(latest(s.validation) < earliest(s.test));
        QVERIFY(std::is_sorted(s.test.begin(), s.test.end(),
                               [&](std::size_t a, std::size_t b) { return date[a] < date[b]; }));
    }

    void timeSplitSortsUnorderedRows()
    {
        const Table t = parseCsv("t\n2012-01-05\n2012-01-01\n2012-01-03\n2012-01-02\n", "t.csv")
                            .value();
        const Split s = timeSplit(t, "t", {0.5, 0.25, 0.25}).value();
        QCOMPARE(s.train, (std::vector<std::size_t>{1, 3}));
        QCOMPARE(s.validation, (std::vector<std::size_t>{2}));
        QCOMPARE(s.test, (std::vector<std::size_t>{0}));
    }

    void timeSplitRefuses()
    {
        const Table t = parseCsv("t,x\n2012-01-01,1\n,2\nNA,3\n2012-01-02,4\n", "t.csv").value();
        auto missing = timeSplit(t, "t", {});
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.find("has 2 missing timestamps") != std::string::npos,
                 missing.error().message.c_str());
        auto numeric = timeSplit(t, "x", {});
        QVERIFY(!numeric);
        QVERIFY(numeric.error().message.find("is numeric, not datetime") != std::string::npos);
        QVERIFY(!timeSplit(t, "nope", {}));
    }
};

QTEST_GUILESS_MAIN(tst_Split)
#include "tst_split.moc"
