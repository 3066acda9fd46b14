#include "core/monitor/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace mdeck::monitor {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Result<void> requireFinite(std::span<const double> values, const char *what, const char *side)
{
    if (values.empty())
        return Error(ErrorCode::InvalidArgument,
                     std::string(what) + ": the " + side + " sample is empty");
    for (double v : values)
        if (!std::isfinite(v))
            return Error(ErrorCode::InvalidArgument,
                         std::string(what) + ": the " + side
                             + " sample holds a NaN or infinite value");
    return success();
}

// Regularised upper incomplete gamma Q(a, x): the series for P below a+1,
// Lentz's continued fraction for Q above.
double gammaQ(double a, double x)
{
    if (x <= 0)
        return 1.0;
    if (std::isinf(x))
        return 0.0;
    const double logPrefix = -x + a * std::log(x) - std::lgamma(a);
    if (x < a + 1) {
        double term = 1.0 / a, sum = term;
        for (int n = 1; n < 100000; ++n) {
            term *= x / (a + n);
            sum += term;
            if (std::abs(term) < std::abs(sum) * 1e-17)
                break;
        }
        return 1.0 - sum * std::exp(logPrefix);
    }
    const double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int i = 1; i < 100000; ++i) {
        const double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::abs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (std::abs(c) < tiny)
            c = tiny;
        d = 1 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1) < 1e-17)
            break;
    }
    return std::exp(logPrefix) * h;
}

// Sum in long double: the window sizes here reach 10⁷ values.
double accurateSum(std::span<const double> values)
{
    long double s = 0;
    for (double v : values)
        s += v;
    return static_cast<double>(s);
}

} // namespace

const char *driftMethodName(DriftMethod method)
{
    switch (method) {
    case DriftMethod::Auto:
        return "auto";
    case DriftMethod::KS:
        return "ks";
    case DriftMethod::ChiSquare:
        return "chisquare";
    case DriftMethod::ZTest:
        return "z";
    case DriftMethod::Wasserstein:
        return "wasserstein";
    case DriftMethod::JensenShannon:
        return "jensenshannon";
    case DriftMethod::PSI:
        return "psi";
    }
    return "auto";
}

Result<DriftMethod> parseDriftMethod(const std::string &name)
{
    for (auto m : {DriftMethod::Auto, DriftMethod::KS, DriftMethod::ChiSquare, DriftMethod::ZTest,
                   DriftMethod::Wasserstein, DriftMethod::JensenShannon, DriftMethod::PSI})
        if (name == driftMethodName(m))
            return m;
    return Error(ErrorCode::InvalidArgument,
                 "unknown drift method '" + name
                     + "' (expected auto, ks, chisquare, z, wasserstein, jensenshannon or psi)");
}

bool isPValueMethod(DriftMethod method)
{
    return method == DriftMethod::KS || method == DriftMethod::ChiSquare
        || method == DriftMethod::ZTest;
}

double defaultThreshold(DriftMethod method)
{
    return isPValueMethod(method) ? 0.05 : 0.1;
}

bool isDrift(DriftMethod method, double score, double threshold)
{
    if (std::isnan(score))
        return false;
    return isPValueMethod(method) ? score < threshold : score >= threshold;
}

DriftMethod autoMethod(ColumnKind kind, std::size_t referenceRows, std::size_t distinctValues)
{
    if (referenceRows <= 1000) {
        if (kind == ColumnKind::Numeric && distinctValues > 5)
            return DriftMethod::KS;
        return distinctValues > 2 ? DriftMethod::ChiSquare : DriftMethod::ZTest;
    }
    if (kind == ColumnKind::Numeric && distinctValues > 5)
        return DriftMethod::Wasserstein;
    return DriftMethod::JensenShannon;
}

Result<double> wassersteinSorted(std::span<const double> u, std::span<const double> v)
{
    MDECK_TRY(requireFinite(u, "Wasserstein distance", "reference"));
    MDECK_TRY(requireFinite(v, "Wasserstein distance", "current"));
    // ∫|U − V| over the merged sorted values, as SciPy's _cdf_distance(p = 1):
    // |i/nu − j/nv| as an exact integer gap, summed with Kahan's compensation.
    const auto nu = static_cast<std::int64_t>(u.size()), nv = static_cast<std::int64_t>(v.size());
    const double scale = 1.0 / (static_cast<double>(nu) * static_cast<double>(nv));
    std::size_t i = 0, j = 0;
    double total = 0, carry = 0;
    double prev = std::min(u.front(), v.front());
    while (i < u.size() || j < v.size()) {
        const double x = (j >= v.size() || (i < u.size() && u[i] <= v[j])) ? u[i] : v[j];
        const std::int64_t gap = static_cast<std::int64_t>(i) * nv
            - static_cast<std::int64_t>(j) * nu;
        const double term = static_cast<double>(gap < 0 ? -gap : gap) * (x - prev) - carry;
        const double t = total + term;
        carry = (t - total) - term;
        total = t;
        prev = x;
        while (i < u.size() && u[i] == x)
            ++i;
        while (j < v.size() && v[j] == x)
            ++j;
    }
    total *= scale;
    return total;
}

Result<double> wasserstein(std::span<const double> reference, std::span<const double> current)
{
    MDECK_TRY(requireFinite(reference, "Wasserstein distance", "reference"));
    MDECK_TRY(requireFinite(current, "Wasserstein distance", "current"));
    std::vector<double> a(reference.begin(), reference.end());
    std::vector<double> b(current.begin(), current.end());
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return wassersteinSorted(a, b);
}

Result<double> wassersteinNormed(std::span<const double> reference, std::span<const double> current)
{
    auto w = wasserstein(reference, current);
    if (!w)
        return w.error();
    const double mean = accurateSum(reference) / static_cast<double>(reference.size());
    long double ss = 0;
    for (double x : reference)
        ss += (x - mean) * (x - mean);
    const double sd = std::sqrt(static_cast<double>(ss) / static_cast<double>(reference.size()));
    return *w / std::max(sd, 0.001);
}

void fillZeroShares(std::vector<double> &shares)
{
    double minNonZero = std::numeric_limits<double>::infinity();
    for (double s : shares)
        if (s != 0)
            minNonZero = std::min(minNonZero, s);
    if (std::isinf(minNonZero))
        return;
    const double fill = minNonZero <= 0.0001 ? minNonZero / 1e6 : 0.0001;
    for (double &s : shares)
        if (s == 0)
            s = fill;
}

Result<double> psiFromShares(Shares shares)
{
    if (shares.reference.empty() || shares.reference.size() != shares.current.size())
        return Error(ErrorCode::InvalidArgument, "PSI needs two share vectors of the same length");
    fillZeroShares(shares.reference);
    fillZeroShares(shares.current);
    long double psi = 0;
    for (std::size_t i = 0; i < shares.reference.size(); ++i) {
        const double r = shares.reference[i], c = shares.current[i];
        psi += (r - c) * std::log(r / c);
    }
    return static_cast<double>(psi);
}

Result<double> jensenShannonFromShares(const Shares &shares)
{
    const auto &p = shares.reference, &q = shares.current;
    if (p.empty() || p.size() != q.size())
        return Error(ErrorCode::InvalidArgument,
                     "the Jensen-Shannon distance needs two share vectors of the same length");
    const double sp = accurateSum(p), sq = accurateSum(q);
    if (!(sp > 0) || !(sq > 0))
        return Error(ErrorCode::InvalidArgument,
                     "the Jensen-Shannon distance needs nonzero counts on both sides");
    auto relEntr = [](double x, double y) {
        return x > 0 && y > 0 ? x * std::log(x / y) : 0.0;
    };
    long double left = 0, right = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double pi = p[i] / sp, qi = q[i] / sq, m = (pi + qi) / 2.0;
        left += relEntr(pi, m);
        right += relEntr(qi, m);
    }
    const double js = static_cast<double>(left + right);
    return std::sqrt(std::max(js, 0.0) / 2.0);
}

Result<Shares> evidentlyNumericShares(std::span<const double> reference,
                                      std::span<const double> current)
{
    MDECK_TRY(requireFinite(reference, "binning", "reference"));
    MDECK_TRY(requireFinite(current, "binning", "current"));
    const std::set<double> refDistinct(reference.begin(), reference.end());
    Shares out;
    const double nr = static_cast<double>(reference.size()),
                 nc = static_cast<double>(current.size());
    if (refDistinct.size() > 20) {
        // numpy.histogram_bin_edges(ref ∪ cur, "sturges"), then numpy.histogram.
        double lo = reference[0], hi = reference[0];
        for (auto s : {reference, current})
            for (double x : s) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
        const double size = nr + nc;
        const double width = (hi - lo) / (std::log2(size) + 1.0);
        const auto bins = static_cast<std::size_t>(std::ceil((hi - lo) / width));
        std::vector<double> edges(bins + 1);
        const double step = (hi - lo) / static_cast<double>(bins);
        for (std::size_t i = 0; i <= bins; ++i)
            edges[i] = static_cast<double>(i) * step + lo;
        edges[bins] = hi;
        auto count = [&](std::span<const double> s, double n) {
            std::vector<double> counts(bins, 0.0);
            for (double x : s) {
                auto it = std::upper_bound(edges.begin(), edges.end(), x);
                std::size_t k = static_cast<std::size_t>(it - edges.begin());
                k = k == 0 ? 0 : std::min(k - 1, bins - 1);
                counts[k] += 1;
            }
            for (double &c : counts)
                c /= n;
            return counts;
        };
        out.reference = count(reference, nr);
        out.current = count(current, nc);
        return out;
    }
    std::map<double, std::pair<double, double>> keys;
    for (double x : reference)
        keys[x].first += 1;
    for (double x : current)
        keys[x].second += 1;
    for (const auto &[k, c] : keys) {
        out.reference.push_back(c.first / nr);
        out.current.push_back(c.second / nc);
    }
    return out;
}

Shares categoricalShares(const std::map<std::string, std::uint64_t> &reference,
                         const std::map<std::string, std::uint64_t> &current)
{
    std::map<std::string, std::pair<double, double>> keys;
    double nr = 0, nc = 0;
    for (const auto &[k, c] : reference) {
        keys[k].first += static_cast<double>(c);
        nr += static_cast<double>(c);
    }
    for (const auto &[k, c] : current) {
        keys[k].second += static_cast<double>(c);
        nc += static_cast<double>(c);
    }
    Shares out;
    for (const auto &[k, c] : keys) {
        out.reference.push_back(nr > 0 ? c.first / nr : 0.0);
        out.current.push_back(nc > 0 ? c.second / nc : 0.0);
    }
    return out;
}

Result<double> psiNumeric(std::span<const double> reference, std::span<const double> current)
{
    auto shares = evidentlyNumericShares(reference, current);
    if (!shares)
        return shares.error();
    return psiFromShares(std::move(*shares));
}

Result<double> jensenShannonNumeric(std::span<const double> reference,
                                    std::span<const double> current)
{
    auto shares = evidentlyNumericShares(reference, current);
    if (!shares)
        return shares.error();
    return jensenShannonFromShares(*shares);
}

double chiSquareSf(double x, double degreesOfFreedom)
{
    if (std::isnan(x) || !(degreesOfFreedom > 0))
        return kNaN;
    return std::clamp(gammaQ(degreesOfFreedom / 2.0, x / 2.0), 0.0, 1.0);
}

double normalSf(double x)
{
    return 0.5 * std::erfc(x / std::sqrt(2.0));
}

Result<ChiSquareResult> chiSquareCounts(std::span<const double> observed,
                                        std::span<const double> expected)
{
    if (observed.empty() || observed.size() != expected.size())
        return Error(ErrorCode::InvalidArgument,
                     "chi-square needs observed and expected counts of the same length");
    ChiSquareResult r;
    r.degreesOfFreedom = static_cast<int>(observed.size()) - 1;
    long double stat = 0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        const double o = observed[i], e = expected[i];
        if (!std::isfinite(o) || !std::isfinite(e) || o < 0 || e < 0)
            return Error(ErrorCode::InvalidArgument, "chi-square counts must be finite and >= 0");
        if (e == 0) {
            if (o > 0)
                stat = std::numeric_limits<long double>::infinity();
            continue;
        }
        stat += (o - e) * (o - e) / e;
    }
    r.statistic = static_cast<double>(stat);
    if (r.degreesOfFreedom == 0) {
        r.pValue = 1.0; // one category on both sides: nothing can differ
        r.statistic = 0;
        return r;
    }
    r.pValue = std::isinf(r.statistic) ? 0.0 : chiSquareSf(r.statistic, r.degreesOfFreedom);
    return r;
}

Result<ChiSquareResult> chiSquare(const std::map<std::string, std::uint64_t> &reference,
                                  const std::map<std::string, std::uint64_t> &current)
{
    std::map<std::string, std::pair<double, double>> keys;
    double nr = 0, nc = 0;
    for (const auto &[k, c] : reference) {
        keys[k].first += static_cast<double>(c);
        nr += static_cast<double>(c);
    }
    for (const auto &[k, c] : current) {
        keys[k].second += static_cast<double>(c);
        nc += static_cast<double>(c);
    }
    if (nr == 0 || nc == 0)
        return Error(ErrorCode::InvalidArgument,
                     std::string("chi-square: the ") + (nr == 0 ? "reference" : "current")
                         + " sample is empty");
    const double scale = nc / nr;
    std::vector<double> observed, expected;
    for (const auto &[k, c] : keys) {
        observed.push_back(c.second);
        expected.push_back(c.first * scale);
    }
    return chiSquareCounts(observed, expected);
}

Result<ZTestResult> zTestProportions(std::uint64_t refPositive, std::uint64_t refRows,
                                     std::uint64_t curPositive, std::uint64_t curRows)
{
    if (refRows == 0 || curRows == 0)
        return Error(ErrorCode::InvalidArgument,
                     std::string("Z-test: the ") + (refRows == 0 ? "reference" : "current")
                         + " sample is empty");
    if (refPositive > refRows || curPositive > curRows)
        return Error(ErrorCode::InvalidArgument, "Z-test: more positives than rows");
    const double n1 = static_cast<double>(refRows), n2 = static_cast<double>(curRows);
    const double p1 = static_cast<double>(refPositive) / n1;
    const double p2 = static_cast<double>(curPositive) / n2;
    const double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    ZTestResult r;
    const double variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
    if (variance == 0) {
        r.statistic = 0; // both samples hold one and the same value
        r.pValue = 1;
        return r;
    }
    r.statistic = (p1 - p2) / std::sqrt(variance);
    r.pValue = std::min(1.0, 2 * normalSf(std::abs(r.statistic)));
    return r;
}

Result<ZTestResult> zTest(const std::map<std::string, std::uint64_t> &reference,
                          const std::map<std::string, std::uint64_t> &current)
{
    std::set<std::string> keys;
    std::uint64_t nr = 0, nc = 0;
    for (const auto &[k, c] : reference) {
        keys.insert(k);
        nr += c;
    }
    for (const auto &[k, c] : current) {
        keys.insert(k);
        nc += c;
    }
    if (keys.size() > 2)
        return Error(ErrorCode::InvalidArgument,
                     "the Z-test compares two categories; this column has "
                         + std::to_string(keys.size()));
    if (keys.empty())
        return Error(ErrorCode::InvalidArgument, "Z-test: both samples are empty");
    const std::string &positive = *keys.begin();
    auto get = [&](const std::map<std::string, std::uint64_t> &m) {
        auto it = m.find(positive);
        return it == m.end() ? std::uint64_t(0) : it->second;
    };
    return zTestProportions(get(reference), nr, get(current), nc);
}

Result<ColumnDrift> numericDrift(std::span<const double> reference, std::span<const double> current,
                                 DriftMethod method, double threshold)
{
    MDECK_TRY(requireFinite(reference, "drift", "reference"));
    MDECK_TRY(requireFinite(current, "drift", "current"));
    ColumnDrift out;
    std::set<double> distinct(reference.begin(), reference.end());
    distinct.insert(current.begin(), current.end());
    if (method == DriftMethod::Auto)
        method = autoMethod(ColumnKind::Numeric, reference.size(), distinct.size());
    out.method = method;
    out.threshold = std::isnan(threshold) ? defaultThreshold(method) : threshold;
    auto asCounts = [](std::span<const double> s) {
        std::map<std::string, std::uint64_t> m;
        for (double x : s) {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", x);
            ++m[buf];
        }
        return m;
    };
    switch (method) {
    case DriftMethod::KS: {
        auto r = ksTwoSample(reference, current);
        if (!r)
            return r.error();
        out.score = r->pValue;
        break;
    }
    case DriftMethod::Wasserstein: {
        auto r = wassersteinNormed(reference, current);
        if (!r)
            return r.error();
        out.score = *r;
        break;
    }
    case DriftMethod::PSI: {
        auto r = psiNumeric(reference, current);
        if (!r)
            return r.error();
        out.score = *r;
        break;
    }
    case DriftMethod::JensenShannon: {
        auto r = jensenShannonNumeric(reference, current);
        if (!r)
            return r.error();
        out.score = *r;
        break;
    }
    case DriftMethod::ChiSquare: {
        auto r = chiSquare(asCounts(reference), asCounts(current));
        if (!r)
            return r.error();
        out.score = r->pValue;
        break;
    }
    case DriftMethod::ZTest: {
        auto r = zTest(asCounts(reference), asCounts(current));
        if (!r)
            return r.error();
        out.score = r->pValue;
        break;
    }
    case DriftMethod::Auto:
        break;
    }
    out.drift = isDrift(method, out.score, out.threshold);
    return out;
}

Result<ColumnDrift> categoricalDrift(const std::map<std::string, std::uint64_t> &reference,
                                     const std::map<std::string, std::uint64_t> &current,
                                     DriftMethod method, double threshold)
{
    std::uint64_t nr = 0, nc = 0;
    std::set<std::string> distinct;
    for (const auto &[k, c] : reference) {
        nr += c;
        distinct.insert(k);
    }
    for (const auto &[k, c] : current) {
        nc += c;
        distinct.insert(k);
    }
    if (nr == 0 || nc == 0)
        return Error(ErrorCode::InvalidArgument,
                     std::string("drift: the ") + (nr == 0 ? "reference" : "current")
                         + " sample is empty");
    if (method == DriftMethod::Auto)
        method = autoMethod(ColumnKind::Categorical, nr, distinct.size());
    ColumnDrift out;
    out.method = method;
    out.threshold = std::isnan(threshold) ? defaultThreshold(method) : threshold;
    switch (method) {
    case DriftMethod::ChiSquare: {
        auto r = chiSquare(reference, current);
        if (!r)
            return r.error();
        out.score = r->pValue;
        break;
    }
    case DriftMethod::ZTest: {
        auto r = zTest(reference, current);
        if (!r)
            return r.error();
        out.score = r->pValue;
        break;
    }
    case DriftMethod::JensenShannon: {
        auto r = jensenShannonFromShares(categoricalShares(reference, current));
        if (!r)
            return r.error();
        out.score = *r;
        break;
    }
    case DriftMethod::PSI: {
        auto r = psiFromShares(categoricalShares(reference, current));
        if (!r)
            return r.error();
        out.score = *r;
        break;
    }
    default:
        return Error(ErrorCode::InvalidArgument,
                     std::string("the ") + driftMethodName(method)
                         + " method needs a numeric column; use chisquare, z, "
                           "jensenshannon or psi for a categorical one");
    }
    out.drift = isDrift(method, out.score, out.threshold);
    return out;
}

bool datasetDrift(std::size_t driftedColumns, std::size_t columns, double share)
{
    return columns > 0
        && static_cast<double>(driftedColumns) / static_cast<double>(columns) >= share;
}

} // namespace mdeck::monitor
