#include "../test_support.h"

#include "core/common/json.h"
#include "core/data/csv_reader.h"
#include "core/data/profile.h"

#include <algorithm>
#include <cmath>

using namespace mdeck;
using namespace mdeck::data;

namespace {

bool close(double got, double expected)
{
    return std::fabs(got - expected) <= 1e-12 * std::max(1.0, std::fabs(expected));
}

Table readData(const char *name)
{
    auto t = readCsv(test::dataFile(name));
    if (!t)
        qFatal("%s", t.error().message.c_str());
    return std::move(*t);
}

bool sameProfile(const DatasetProfile &a, const DatasetProfile &b)
{
    if (a.source != b.source || a.sha256 != b.sha256 || a.rows != b.rows
        || a.columns.size() != b.columns.size())
        return false;
    for (std::size_t i = 0; i < a.columns.size(); ++i) {
        const ColumnProfile &x = a.columns[i], &y = b.columns[i];
        // Exact comparisons on purpose: the JSON round trip must not lose a bit.
        if (x.name != y.name || x.type != y.type || x.count != y.count || x.missing != y.missing
            || x.min != y.min || x.max != y.max || x.mean != y.mean || x.std != y.std
            || x.quantiles != y.quantiles || x.histogram.edges != y.histogram.edges
            || x.histogram.counts != y.histogram.counts || x.sample != y.sample
            || x.categories != y.categories || x.distinct != y.distinct)
            return false;
    }
    return true;
}

} // namespace

class tst_Profile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Reference values computed once with Debian 12's python3-pandas 1.5.3 and
    // python3-numpy 1.24.2, from tests/data:
    //   /usr/bin/python3 -c "import pandas as pd, numpy as np; s = pd.read_csv(FILE)[COL];
    //     v = s.dropna().to_numpy(float); print(len(v), int(s.isna().sum()), len(np.unique(v)),
    //     repr(v.min()), repr(v.max()), repr(s.mean()), repr(s.std()),   # std: ddof=1
    //     [repr(x) for x in np.quantile(v, [.01, .05, .25, .5, .75, .95, .99])],
    //     np.histogram(v, bins=20))"
    void matchesNumpyOnRealFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("column");
        QTest::addColumn<QList<double>>("stats"); // count missing distinct min max mean std
        QTest::addColumn<QList<double>>("quantiles");
        QTest::addColumn<QList<int>>("histogram");
        QTest::addColumn<QList<double>>("edges"); // edges 1, 10 and 19

        QTest::addRow("seattle temp_max")
            << "seattle-weather.csv"
            << "temp_max"
            << QList<double>{1461, 0, 67, -1.6, 35.6, 16.43908281998631, 7.349758097360185}
            << QList<double>{2.5599999999999996, 6.1, 10.6, 15.6, 22.2, 28.9, 33.3}
            << QList<int>{5,  7,   20, 41, 75, 143, 136, 130, 158, 105,
                          88, 119, 96, 97, 84, 55,  49,  29,  13,  11}
            << QList<double>{0.26, 17.0, 33.74};
        QTest::addRow("seattle precipitation")
            << "seattle-weather.csv"
            << "precipitation"
            << QList<double>{1461, 0, 111, 0.0, 55.9, 3.02943189596167, 6.680194322314731}
            << QList<double>{0.0, 0.0, 0.0, 0.0, 2.8, 17.0, 32.38000000000002}
            << QList<int>{1090, 123, 68, 48, 35, 22, 21, 15, 5, 12, 4, 7, 3, 2, 0, 1, 2, 0, 0, 3}
            << QList<double>{2.795, 27.95, 53.105};
        QTest::addRow("penguins body_mass_g, 2 missing")
            << "penguins.csv"
            << "body_mass_g"
            << QList<double>{342, 2, 94, 2700.0, 6300.0, 4201.754385964912, 801.9545356980954}
            << QList<double>{2900.0, 3150.0, 3550.0, 4050.0, 4750.0, 5650.0, 5979.499999999999}
            << QList<int>{3,  12, 13, 30, 32, 39, 35, 18, 25, 17,
                          19, 22, 16, 12, 10, 17, 11, 5,  5,  1}
            << QList<double>{2880.0, 4500.0, 6120.0};
        QTest::addRow("penguins beak_length_mm, 2 missing")
            << "penguins.csv"
            << "beak_length_mm"
            << QList<double>{342, 2, 164, 32.1, 59.6, 43.9219298245614, 5.459583713926532}
            << QList<double>{34.041000000000004, 35.7, 39.225, 44.45, 48.5, 51.995,
                             55.512999999999984}
            << QList<int>{2, 7, 20, 20, 30, 27, 29, 19, 17, 32, 34, 21, 27, 34, 13, 3, 3, 2, 1, 1}
            << QList<double>{33.475, 45.85, 58.225};
        QTest::addRow("breast_cancer mean_radius")
            << "breast_cancer.csv"
            << "mean_radius"
            << QList<double>{569, 0, 456, 6.981, 28.11, 14.127291739894552, 3.524048826212078}
            << QList<double>{8.458359999999999, 9.5292, 11.7, 13.37, 15.78, 20.576,
                             24.37160000000002}
            << QList<int>{4, 15, 31, 48, 93, 92, 71, 58, 32, 23, 22, 28, 27, 11, 2, 5, 2, 2, 0, 3}
            << QList<double>{8.03745, 17.545499999999997, 27.05355};
        QTest::addRow("breast_cancer target (0/1)")
            << "breast_cancer.csv"
            << "target"
            << QList<double>{569, 0, 2, 0.0, 1.0, 0.6274165202108963, 0.4839179564031686}
            << QList<double>{0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0}
            << QList<int>{212, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 357}
            << QList<double>{0.05, 0.5, 0.9500000000000001};
    }

    void matchesNumpyOnRealFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, column);
        QFETCH(QList<double>, stats);
        QFETCH(QList<double>, quantiles);
        QFETCH(QList<int>, histogram);
        QFETCH(QList<double>, edges);
        const Table t = readData(file.toUtf8().constData());
        const DatasetProfile p = profileTable(t);
        QCOMPARE(p.rows, std::uint64_t(t.rows));
        const ColumnProfile *c = p.column(column.toStdString());
        QVERIFY(c);
        QCOMPARE(c->count, std::uint64_t(stats[0]));
        QCOMPARE(c->missing, std::uint64_t(stats[1]));
        QCOMPARE(c->distinct, std::uint64_t(stats[2]));
        QCOMPARE(c->min, stats[3]);
        QCOMPARE(c->max, stats[4]);
        QVERIFY2(close(c->mean, stats[5]), std::to_string(c->mean).c_str());
        QVERIFY2(close(c->std, stats[6]), std::to_string(c->std).c_str());
        const char *keys[] = {"p01", "p05", "p25", "p50", "p75", "p95", "p99"};
        QCOMPARE(c->quantiles.size(), std::size_t(7));
        for (int i = 0; i < 7; ++i)
            QVERIFY2(close(c->quantiles.at(keys[i]), quantiles[i]), keys[i]);
        QCOMPARE(c->histogram.counts.size(), kHistogramBins);
        QCOMPARE(c->histogram.edges.size(), kHistogramBins + 1);
        for (std::size_t i = 0; i < kHistogramBins; ++i)
            QCOMPARE(c->histogram.counts[i], std::uint64_t(histogram[int(i)]));
        QCOMPARE(c->histogram.edges.front(), c->min);
        QCOMPARE(c->histogram.edges.back(), c->max);
        QVERIFY(close(c->histogram.edges[1], edges[0]));
        QVERIFY(close(c->histogram.edges[10], edges[1]));
        QVERIFY(close(c->histogram.edges[19], edges[2]));
        // Under kMaxSample values the sample is all of them, sorted.
        QCOMPARE(c->sample.size(), std::size_t(c->count));
        QVERIFY(std::is_sorted(c->sample.begin(), c->sample.end()));
        QCOMPARE(c->sample.front(), c->min);
        QCOMPARE(c->sample.back(), c->max);
    }

    void categoriesByCountThenValue()
    {
        const DatasetProfile p = profileTable(readData("penguins.csv"));
        const ColumnProfile *sex = p.column("sex");
        QCOMPARE(sex->type, ColumnType::Categorical);
        QCOMPARE(sex->missing, std::uint64_t(10));
        QCOMPARE(sex->count, std::uint64_t(334));
        QCOMPARE(sex->distinct, std::uint64_t(3));
        using Counts = std::vector<std::pair<std::string, std::uint64_t>>;
        QCOMPARE(sex->categories, (Counts{{"MALE", 168}, {"FEMALE", 165}, {".", 1}}));
        QCOMPARE(p.column("island")->categories,
                 (Counts{{"Biscoe", 168}, {"Dream", 124}, {"Torgersen", 52}}));
        QVERIFY(sex->sample.empty() && sex->quantiles.empty());

        const auto ties = parseCsv("c\nb\na\nb\na\nc\n", "ties.csv").value();
        QCOMPARE(profileTable(ties).columns[0].categories, (Counts{{"a", 2}, {"b", 2}, {"c", 1}}));
    }

    void booleanAndDatetimeColumns()
    {
        const auto t = parseCsv("b,t\ntrue,2012-01-01\nno,2012-01-03\nyes,\n,2012-01-02\n", "x.csv")
                           .value();
        const DatasetProfile p = profileTable(t);
        const ColumnProfile *b = p.column("b");
        QCOMPARE(b->type, ColumnType::Boolean);
        QCOMPARE(b->categories,
                 (std::vector<std::pair<std::string, std::uint64_t>>{{"true", 2}, {"false", 1}}));
        QCOMPARE(b->mean, 2.0 / 3.0);
        QCOMPARE(b->missing, std::uint64_t(1));
        const ColumnProfile *d = p.column("t");
        QCOMPARE(d->type, ColumnType::Datetime);
        QCOMPARE(d->min, 1325376000.0);
        QCOMPARE(d->max, 1325376000.0 + 2 * 86400);
        QCOMPARE(d->quantiles.at("p50"), 1325376000.0 + 86400);
        QVERIFY(d->categories.empty());
    }

    void singleDistinctValueHasOneBin()
    {
        const DatasetProfile p = profileTable(parseCsv("x\n4.5\n4.5\nNA\n4.5\n", "x.csv").value());
        const ColumnProfile &c = p.columns[0];
        QCOMPARE(c.histogram.edges, (std::vector<double>{4.5, 4.5}));
        QCOMPARE(c.histogram.counts, (std::vector<std::uint64_t>{3}));
        QCOMPARE(c.std, 0.0);
        QCOMPARE(c.distinct, std::uint64_t(1));
    }

    void emptyAndAllMissingColumns()
    {
        const DatasetProfile p = profileTable(parseCsv("x,c\nNA,\n,NA\n", "x.csv").value());
        QCOMPARE(p.columns[0].count, std::uint64_t(0));
        QCOMPARE(p.columns[0].missing, std::uint64_t(2));
        QVERIFY(p.columns[0].histogram.edges.empty() && p.columns[0].sample.empty());
        QVERIFY(p.columns[0].quantiles.empty());
        const DatasetProfile none = profileTable(parseCsv("x\n", "x.csv").value());
        QCOMPARE(none.rows, std::uint64_t(0));
        QCOMPARE(none.columns[0].count, std::uint64_t(0));
    }

    void reservoirSampleIsSeededAndUniform()
    {
        std::string text = "x\n";
        for (int i = 0; i < 50000; ++i)
            text += std::to_string(i) + "\n";
        const Table t = parseCsv(text, "big.csv").value();
        const DatasetProfile a = profileTable(t, {}, 7);
        const DatasetProfile b = profileTable(t, {}, 7);
        const DatasetProfile c = profileTable(t, {}, 8);
        const std::vector<double> &s = a.columns[0].sample;
        QCOMPARE(s.size(), kMaxSample);
        QVERIFY(std::is_sorted(s.begin(), s.end()));
        QVERIFY(std::adjacent_find(s.begin(), s.end()) == s.end()); // drawn without replacement
        QCOMPARE(s, b.columns[0].sample);
        QVERIFY(s != c.columns[0].sample);
        // Uniform: about a fifth of the sample in each fifth of the range.
        for (int k = 0; k < 5; ++k) {
            const auto inFifth = std::count_if(s.begin(), s.end(), [k](double v) {
                return v >= k * 10000 && v < (k + 1) * 10000;
            });
            QVERIFY2(inFifth > 1800 && inFifth < 2200, std::to_string(inFifth).c_str());
        }
        // The statistics still use every value.
        QCOMPARE(a.columns[0].count, std::uint64_t(50000));
        QCOMPARE(a.columns[0].mean, 24999.5);
        QCOMPARE(a.columns[0].quantiles.at("p50"), 24999.5);
    }

    void restrictsToRows()
    {
        const Table t = parseCsv("x,c\n1,a\n2,b\n3,b\n100,c\n", "x.csv").value();
        const DatasetProfile p = profileTable(t, {0, 1, 2});
        QCOMPARE(p.rows, std::uint64_t(3));
        QCOMPARE(p.columns[0].max, 3.0);
        QCOMPARE(p.columns[0].mean, 2.0);
        QCOMPARE(p.columns[0].std, 1.0);
        QCOMPARE(p.columns[1].categories,
                 (std::vector<std::pair<std::string, std::uint64_t>>{{"b", 2}, {"a", 1}}));
    }

    void jsonRoundTripIsExact_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addRow("seattle-weather") << "seattle-weather.csv";
        QTest::addRow("penguins") << "penguins.csv";
        QTest::addRow("breast_cancer") << "breast_cancer.csv";
    }

    void jsonRoundTripIsExact()
    {
        QFETCH(QString, file);
        const DatasetProfile p = profileTable(readData(file.toUtf8().constData()));
        const std::string text = profileToJson(p).dump();
        auto parsed = parseJson(text, "profile.json");
        MDECK_VERIFY_OK(parsed);
        auto back = profileFromJson(*parsed, "profile.json");
        MDECK_VERIFY_OK(back);
        QVERIFY(sameProfile(p, *back));
        QCOMPARE(profileToJson(*back).dump(), text);
    }

    void fromJsonRefuses_data()
    {
        QTest::addColumn<QString>("pointer"); // JSON pointer of the field to change
        QTest::addColumn<QString>("value");   // JSON text to put there; empty = remove it
        QTest::addColumn<QString>("needle");
        QTest::addRow("no columns") << "/columns"
                                    << ""
                                    << "columns is missing";
        QTest::addRow("rows not a count") << "/rows"
                                          << "-1"
                                          << "rows must be a non-negative integer";
        QTest::addRow("bad sha256") << "/sha256"
                                    << "\"abc\""
                                    << "sha256 must be empty or 64";
        QTest::addRow("column without name") << "/columns/1/name"
                                             << ""
                                             << "columns[1].name is missing";
        QTest::addRow("repeated name") << "/columns/1/name"
                                       << "\"date\""
                                       << "columns[1].name repeats";
        QTest::addRow("unknown type") << "/columns/0/type"
                                      << "\"text\""
                                      << "columns[0].type is not a column type";
        QTest::addRow("count mismatch") << "/columns/1/count"
                                        << "5"
                                        << "columns[1].count and missing must add up";
        QTest::addRow("mean not a number") << "/columns/2/mean"
                                           << "\"x\""
                                           << "columns[2].mean must be a finite number";
        QTest::addRow("negative std") << "/columns/2/std"
                                      << "-1.0"
                                      << "columns[2].std must not be negative";
        QTest::addRow("quantile missing") << "/columns/2/quantiles/p50"
                                          << ""
                                          << "columns[2].quantiles.p50 is missing";
        QTest::addRow("edges unsorted") << "/columns/2/histogram/edges/3"
                                        << "-100.0"
                                        << "columns[2].histogram.edges must be in increasing order";
        QTest::addRow("counts do not add up") << "/columns/2/histogram/counts/0"
                                              << "0"
                                              << "columns[2].histogram.counts must add up";
        QTest::addRow("edges and counts disagree")
            << "/columns/2/histogram/edges/0"
            << ""
            << "columns[2].histogram.edges must have one element more";
        QTest::addRow("sample unsorted") << "/columns/2/sample/0"
                                         << "1000.0"
                                         << "columns[2].sample must be in increasing order";
        QTest::addRow("sample short") << "/columns/2/sample/0"
                                      << ""
                                      << "columns[2].sample must hold";
        QTest::addRow("bad category pair")
            << "/columns/5/categories/0"
            << "[\"rain\"]"
            << "columns[5].categories[0] must be a [value, count] pair";
        QTest::addRow("column not an object") << "/columns/3"
                                              << "7"
                                              << "columns[3] must be an object";
    }

    void fromJsonRefuses()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, needle);
        Json j = profileToJson(profileTable(readData("seattle-weather.csv")));
        const Json::json_pointer ptr(pointer.toStdString());
        if (value.isEmpty()) {
            Json &parent = j[ptr.parent_pointer()];
            if (parent.is_array())
                parent.erase(std::stoul(ptr.back()));
            else
                parent.erase(ptr.back());
        } else {
            j[ptr] = Json::parse(value.toStdString());
        }
        auto r = profileFromJson(j, "profile.json");
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(r.error().message.find(needle.toStdString()) != std::string::npos,
                 r.error().message.c_str());
        QVERIFY2(r.error().message.rfind("profile.json: ", 0) == 0, r.error().message.c_str());
    }

    void fromJsonRefusesNonObjects()
    {
        QVERIFY(!profileFromJson(Json::array(), "p.json"));
        QVERIFY(!profileFromJson(Json("text"), "p.json"));
        QVERIFY(!profileFromJson(Json::parse(R"({"source":"","sha256":"","rows":0,"columns":{}})"),
                                 "p.json"));
    }
};

QTEST_GUILESS_MAIN(tst_Profile)
#include "tst_profile.moc"
