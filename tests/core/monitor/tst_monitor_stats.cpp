// The drift statistics against SciPy/NumPy: tests/data/monitor/stats_fixtures.json
// is written by make_fixtures.py next to it; every value must agree to 1e-9
// relative. Then the bad inputs, one row each.

#include "core/common/json.h"
#include "core/monitor/radix_sort.h"
#include "core/monitor/reference.h"
#include "core/monitor/stats.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

using namespace mdeck;
using namespace mdeck::monitor;

namespace {

Json loadFixtures()
{
    std::ifstream in(MDECK_TEST_DATA_DIR "/monitor/stats_fixtures.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = parseJson(ss.str(), "stats_fixtures.json");
    if (!parsed)
        qFatal("%s", parsed.error().message.c_str());
    return *parsed;
}

bool close(double got, double want, double rel = 1e-9)
{
    if (want == 0)
        return std::abs(got) <= 1e-300 || std::abs(got) < rel * 1e-6;
    return std::abs(got - want) <= rel * std::abs(want);
}

#define CHECK_CLOSE(got, want, what) \
    QVERIFY2(close((got), (want)), \
             qPrintable(QStringLiteral("%1: got %2, SciPy %3") \
                            .arg(QString::fromStdString(what)) \
                            .arg((got), 0, 'g', 17) \
                            .arg((want), 0, 'g', 17)))

std::map<std::string, std::uint64_t> counts(const Json &j)
{
    std::map<std::string, std::uint64_t> m;
    for (auto it = j.begin(); it != j.end(); ++it)
        m[it.key()] = it.value().get<std::uint64_t>();
    return m;
}

} // namespace

class tst_MonitorStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numericAgainstScipy();
    void ksPValuesAgainstScipy();
    void kolmogorovAndSmirnovAgainstScipy();
    void categoricalAgainstScipy();
    void zTestAgainstScipy();
    void chiSquareSfAgainstScipy();
    void autoMethodFollowsEvidently();
    void badInput_data();
    void badInput();
    void singleValueAndIdentical();
    void methodNames();
    void radixSortMatchesStdSort();
    void binCountsMatchUpperBound();
    void referenceBinning();
};

void tst_MonitorStats::numericAgainstScipy()
{
    const Json f = loadFixtures();
    for (const Json &c : f["numeric"]) {
        const std::string name = c["name"];
        const auto ref = c["reference"].get<std::vector<double>>();
        const auto cur = c["current"].get<std::vector<double>>();
        auto ks = ksTwoSample(ref, cur);
        QVERIFY(ks.ok());
        CHECK_CLOSE(ks->statistic, c["ks_statistic"].get<double>(), name + " KS D");
        CHECK_CLOSE(ks->pValue, c["ks_pvalue"].get<double>(), name + " KS p");
        auto w = wasserstein(ref, cur);
        QVERIFY(w.ok());
        CHECK_CLOSE(*w, c["wasserstein"].get<double>(), name + " Wasserstein");
        auto wn = wassersteinNormed(ref, cur);
        QVERIFY(wn.ok());
        CHECK_CLOSE(*wn, c["wasserstein_normed"].get<double>(), name + " Wasserstein normed");
        auto psi = psiNumeric(ref, cur);
        QVERIFY(psi.ok());
        CHECK_CLOSE(*psi, c["psi"].get<double>(), name + " PSI");
        auto js = jensenShannonNumeric(ref, cur);
        QVERIFY(js.ok());
        CHECK_CLOSE(*js, c["jensenshannon"].get<double>(), name + " Jensen-Shannon");
    }
}

void tst_MonitorStats::ksPValuesAgainstScipy()
{
    const Json f = loadFixtures();
    for (const Json &c : f["ks_pvalues"]) {
        const auto n1 = c["n1"].get<std::uint64_t>(), n2 = c["n2"].get<std::uint64_t>();
        const double d = c["d"];
        bool exact = false;
        const double p = ksPValue(d, n1, n2, &exact);
        QCOMPARE(exact, std::max(n1, n2) <= 10000);
        CHECK_CLOSE(p, c["pvalue"].get<double>(),
                    "ks p n1=" + std::to_string(n1) + " n2=" + std::to_string(n2)
                        + " d=" + std::to_string(d));
    }
}

void tst_MonitorStats::kolmogorovAndSmirnovAgainstScipy()
{
    const Json f = loadFixtures();
    for (const Json &c : f["kstwo_sf"]) {
        const auto n = c["n"].get<std::uint64_t>();
        const double x = c["x"];
        CHECK_CLOSE(kolmogorovSf(n, x), c["sf"].get<double>(),
                    "kstwo.sf n=" + std::to_string(n) + " x=" + std::to_string(x));
    }
    for (const Json &c : f["smirnov_sf"]) {
        const auto n = c["n"].get<std::uint64_t>();
        const double x = c["x"];
        CHECK_CLOSE(smirnovSf(n, x), c["sf"].get<double>(),
                    "smirnov n=" + std::to_string(n) + " x=" + std::to_string(x));
    }
}

void tst_MonitorStats::categoricalAgainstScipy()
{
    const Json f = loadFixtures();
    for (const Json &c : f["categorical"]) {
        const std::string name = c["name"];
        const auto ref = counts(c["reference"]), cur = counts(c["current"]);
        auto chi = chiSquare(ref, cur);
        QVERIFY(chi.ok());
        CHECK_CLOSE(chi->statistic, c["chisquare_statistic"].get<double>(), name + " chi2");
        CHECK_CLOSE(chi->pValue, c["chisquare_pvalue"].get<double>(), name + " chi2 p");
        const Shares shares = categoricalShares(ref, cur);
        auto js = jensenShannonFromShares(shares);
        QVERIFY(js.ok());
        CHECK_CLOSE(*js, c["jensenshannon"].get<double>(), name + " JS");
        auto psi = psiFromShares(shares);
        QVERIFY(psi.ok());
        CHECK_CLOSE(*psi, c["psi"].get<double>(), name + " PSI");
    }
}

void tst_MonitorStats::zTestAgainstScipy()
{
    const Json f = loadFixtures();
    for (const Json &c : f["ztest"]) {
        auto z = zTestProportions(c["ref_pos"], c["ref_n"], c["cur_pos"], c["cur_n"]);
        QVERIFY(z.ok());
        CHECK_CLOSE(z->statistic, c["z"].get<double>(), std::string("z"));
        CHECK_CLOSE(z->pValue, c["pvalue"].get<double>(), std::string("z p"));
    }
}

void tst_MonitorStats::chiSquareSfAgainstScipy()
{
    const Json f = loadFixtures();
    for (const Json &c : f["chi2_sf"])
        CHECK_CLOSE(chiSquareSf(c["x"], c["df"]), c["sf"].get<double>(),
                    "chi2.sf x=" + std::to_string(c["x"].get<double>()));
}

void tst_MonitorStats::autoMethodFollowsEvidently()
{
    QCOMPARE(autoMethod(ColumnKind::Numeric, 1000, 6), DriftMethod::KS);
    QCOMPARE(autoMethod(ColumnKind::Numeric, 1000, 5), DriftMethod::ChiSquare);
    QCOMPARE(autoMethod(ColumnKind::Numeric, 1000, 2), DriftMethod::ZTest);
    QCOMPARE(autoMethod(ColumnKind::Categorical, 500, 3), DriftMethod::ChiSquare);
    QCOMPARE(autoMethod(ColumnKind::Categorical, 500, 2), DriftMethod::ZTest);
    QCOMPARE(autoMethod(ColumnKind::Numeric, 1001, 6), DriftMethod::Wasserstein);
    QCOMPARE(autoMethod(ColumnKind::Numeric, 1001, 5), DriftMethod::JensenShannon);
    QCOMPARE(autoMethod(ColumnKind::Categorical, 5000, 40), DriftMethod::JensenShannon);
    QVERIFY(isDrift(DriftMethod::KS, 0.01, 0.05));
    QVERIFY(!isDrift(DriftMethod::KS, 0.05, 0.05));
    QVERIFY(isDrift(DriftMethod::PSI, 0.1, 0.1));
    QVERIFY(!isDrift(DriftMethod::PSI, std::nan(""), 0.1));
    QVERIFY(datasetDrift(1, 2));
    QVERIFY(!datasetDrift(1, 3));
    QVERIFY(!datasetDrift(0, 0));
}

void tst_MonitorStats::badInput_data()
{
    QTest::addColumn<std::vector<double>>("reference");
    QTest::addColumn<std::vector<double>>("current");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::addRow("empty current") << std::vector<double>{1, 2, 3} << std::vector<double>{};
    QTest::addRow("empty reference") << std::vector<double>{} << std::vector<double>{1};
    QTest::addRow("NaN in current")
        << std::vector<double>{1, 2} << std::vector<double>{1, std::nan("")};
    QTest::addRow("Inf in reference") << std::vector<double>{1, inf} << std::vector<double>{1, 2};
    QTest::addRow("-Inf in current") << std::vector<double>{1, 2} << std::vector<double>{-inf};
}

void tst_MonitorStats::badInput()
{
    QFETCH(std::vector<double>, reference);
    QFETCH(std::vector<double>, current);
    QVERIFY(!ksTwoSample(reference, current).ok());
    QVERIFY(!wasserstein(reference, current).ok());
    QVERIFY(!wassersteinNormed(reference, current).ok());
    QVERIFY(!psiNumeric(reference, current).ok());
    QVERIFY(!jensenShannonNumeric(reference, current).ok());
    for (auto m : {DriftMethod::Auto, DriftMethod::KS, DriftMethod::PSI, DriftMethod::ChiSquare}) {
        auto r = numericDrift(reference, current, m, std::nan(""));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
    }
    QVERIFY(!chiSquare({}, {{"a", 1}}).ok());
    QVERIFY(!zTestProportions(0, 0, 1, 2).ok());
    QVERIFY(!zTest({{"a", 1}, {"b", 1}}, {{"c", 1}}).ok()); // three categories
    QVERIFY(!categoricalDrift({{"a", 1}}, {{"a", 1}}, DriftMethod::KS, 0.05).ok());
}

void tst_MonitorStats::singleValueAndIdentical()
{
    const std::vector<double> five(10, 5.0);
    auto ks = ksTwoSample(five, five);
    QVERIFY(ks.ok());
    QCOMPARE(ks->statistic, 0.0);
    QCOMPARE(ks->pValue, 1.0);
    auto w = wassersteinNormed(five, std::vector<double>(4, 5.5));
    QVERIFY(w.ok());
    QCOMPARE(*w, 0.5 / 0.001); // std floored at 0.001, as Evidently
    auto chi = chiSquare({{"x", 10}}, {{"x", 3}});
    QVERIFY(chi.ok());
    QCOMPARE(chi->pValue, 1.0);
    auto z = zTest({{"x", 10}}, {{"x", 3}});
    QVERIFY(z.ok());
    QCOMPARE(z->pValue, 1.0);
    auto unseen = chiSquare({{"x", 10}, {"y", 5}}, {{"x", 3}, {"z", 1}});
    QVERIFY(unseen.ok());
    QVERIFY(std::isinf(unseen->statistic));
    QCOMPARE(unseen->pValue, 0.0);
    auto js = jensenShannonFromShares({{1.0, 0.0}, {0.0, 1.0}});
    QVERIFY(js.ok());
    QVERIFY(close(*js, std::sqrt(std::log(2.0)), 1e-12));
}

void tst_MonitorStats::methodNames()
{
    for (auto m : {DriftMethod::Auto, DriftMethod::KS, DriftMethod::ChiSquare, DriftMethod::ZTest,
                   DriftMethod::Wasserstein, DriftMethod::JensenShannon, DriftMethod::PSI}) {
        auto parsed = parseDriftMethod(driftMethodName(m));
        QVERIFY(parsed.ok());
        QCOMPARE(*parsed, m);
    }
    QVERIFY(!parseDriftMethod("kolmogorov").ok());
}

void tst_MonitorStats::radixSortMatchesStdSort()
{
    std::mt19937_64 rng(3);
    std::normal_distribution<double> normal(0, 1e3);
    std::vector<double> v(100000);
    for (auto &x : v)
        x = normal(rng);
    v[0] = -0.0;
    v[1] = 0.0;
    v[2] = std::numeric_limits<double>::infinity();
    v[3] = -std::numeric_limits<double>::infinity();
    v[4] = std::numeric_limits<double>::denorm_min();
    for (int i = 5; i < 1000; ++i)
        v[i] = 42.0; // ties
    std::vector<double> expected = v;
    std::sort(expected.begin(), expected.end());
    radixSort(v);
    QVERIFY(v == expected);
    std::vector<double> small = {3, 1, 2};
    radixSort(small);
    QVERIFY((small == std::vector<double>{1, 2, 3}));
}

void tst_MonitorStats::binCountsMatchUpperBound()
{
    const std::vector<double> edges = {-1.5, -0.3, 0.0, 0.2, 0.2000001, 1.7, 3.0};
    std::mt19937_64 rng(5);
    std::normal_distribution<double> normal(0, 1.5);
    std::vector<double> values(50000);
    for (auto &x : values)
        x = normal(rng);
    values[0] = -1.5; // edges themselves
    values[1] = 3.0;
    values[2] = 0.2;
    values[3] = 0.2000001;
    std::vector<std::uint64_t> got(edges.size() - 1, 0), want(edges.size() - 1, 0);
    countIntoBins(edges, values, got);
    for (double x : values) {
        auto k = static_cast<std::size_t>(std::upper_bound(edges.begin() + 1, edges.end() - 1, x)
                                          - (edges.begin() + 1));
        ++want[k];
    }
    QVERIFY(got == want);
}

void tst_MonitorStats::referenceBinning()
{
    std::vector<double> ref;
    for (int i = 0; i < 1000; ++i)
        ref.push_back(i);
    const Binning q = quantileBinning(ref, 10);
    QCOMPARE(q.edges.size(), std::size_t(11));
    for (double s : q.referenceShares)
        QVERIFY(std::abs(s - 0.1) < 0.002);
    const std::vector<double> same(ref.begin(), ref.end());
    auto psi = psiBinned(q, binCounts(q, same));
    QVERIFY(psi.ok());
    QVERIFY(*psi < 1e-4);
    const std::vector<double> shifted(500, 2000.0); // all above the reference: last bin
    auto far = psiBinned(q, binCounts(q, shifted));
    QVERIFY(far.ok());
    QVERIFY(*far > 1.0);
    QVERIFY(!psiBinned(q, binCounts(q, {})).ok()); // empty window
    const Binning single = quantileBinning(std::vector<double>(50, 7.0), 10);
    QCOMPARE(single.edges.size(), std::size_t(2)); // one bin [7, 7]
    auto js = jensenShannonBinned(single, binCounts(single, std::vector<double>{7.0, 7.0}));
    QVERIFY(js.ok());
    QCOMPARE(*js, 0.0);
}

QTEST_GUILESS_MAIN(tst_MonitorStats)
#include "tst_monitor_stats.moc"
