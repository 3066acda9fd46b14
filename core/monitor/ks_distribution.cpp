// Distribution of the Kolmogorov–Smirnov statistic, following the algorithms
// SciPy 1.10 uses so that p-values agree with scipy.stats.ks_2samp:
//  - exact two-sample tails: the "outside the square" alternating sum for
//    equal sizes, and Hodges' inside method with Viehmann's recursion for 1−p
//    otherwise;
//  - kstwo.sf (Simard & L'Ecuyer's choice of method by n and n·x²): Ruben–
//    Gambino end cases, 2·smirnov for the upper tail, the Durbin matrix
//    (Marsaglia–Tsang–Wang) for small n·x, Pelz–Good otherwise;
//  - smirnov: the Birnbaum–Tingey sum, summed in long double with each term
//    taken through logarithms; beyond n = 10⁶ the exponential approximation.

#include "core/monitor/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <vector>

namespace mdeck::monitor {

namespace {

constexpr int kScaleExponent = 128;
const double kScaleUp = std::ldexp(1.0, kScaleExponent);
const double kScaleDown = std::ldexp(1.0, -kScaleExponent);

double clip01(double p)
{
    return std::clamp(p, 0.0, 1.0);
}

// Pr(D_{n,n} >= h/n) as 2·(A0·(1 − A1·(1 − A2·(…)))), each Ai a ratio of
// binomials written as a product of h simple factors to avoid cancellation.
double probOutsideSquare(std::int64_t n, std::int64_t h)
{
    double p = 0.0;
    for (std::int64_t k = n / h; k >= 0; --k) {
        double a = 1.0;
        for (std::int64_t j = 0; j < h; ++j)
            a = static_cast<double>(n - k * h - j) * a / static_cast<double>(n + k * h + j + 1);
        p = a * (1.0 - p);
    }
    return 2 * p;
}

// Share of lattice paths from (0,0) to (m,n) that leave the band
// |x/m − y/n| < h/lcm(m,n): one sliding column of the 1−p recursion.
double probOutsideBand(std::int64_t m, std::int64_t n, std::int64_t g, std::int64_t h)
{
    if (m < n)
        std::swap(m, n);
    const std::int64_t mg = m / g;
    const std::int64_t ng = n / g;
    auto ceilDiv = [](std::int64_t a, std::int64_t b) {
        return static_cast<std::int64_t>(std::ceil(static_cast<double>(a) / static_cast<double>(b)));
    };
    auto floorDiv = [](std::int64_t a, std::int64_t b) {
        return static_cast<std::int64_t>(
            std::floor(static_cast<double>(a) / static_cast<double>(b)));
    };
    std::int64_t minj = 0;
    std::int64_t maxj = std::min(ceilDiv(h, mg), n + 1);
    std::int64_t curlen = maxj - minj;
    const std::int64_t lenA = std::min(2 * maxj + 2, n + 1);
    std::vector<double> a(static_cast<std::size_t>(lenA), 1.0);
    std::fill(a.begin() + minj, a.begin() + maxj, 0.0);
    for (std::int64_t i = 1; i <= m; ++i) {
        const std::int64_t lastminj = minj;
        const std::int64_t lastlen = curlen;
        minj = std::min(std::max(floorDiv(ng * i - h, mg) + 1, std::int64_t(0)), n);
        maxj = std::min(ceilDiv(ng * i + h, mg), n + 1);
        if (maxj <= minj)
            return 1.0;
        double val = minj == 0 ? 0.0 : 1.0;
        for (std::int64_t jj = 0; jj < maxj - minj; ++jj) {
            const std::int64_t j = jj + minj;
            val = (a[static_cast<std::size_t>(jj + minj - lastminj)] * static_cast<double>(i)
                   + val * static_cast<double>(j))
                / static_cast<double>(i + j);
            a[static_cast<std::size_t>(jj)] = val;
        }
        curlen = maxj - minj;
        if (lastlen > curlen) {
            const auto from = static_cast<std::size_t>(maxj - minj);
            const auto to = std::min(a.size(), from + static_cast<std::size_t>(lastlen - curlen));
            std::fill(a.begin() + static_cast<std::ptrdiff_t>(from),
                      a.begin() + static_cast<std::ptrdiff_t>(to), 1.0);
        }
    }
    return a[static_cast<std::size_t>(maxj - minj - 1)];
}

// Durbin's matrix for Pr(D_n <= d): the k-th diagonal entry of H^n scaled by
// n!/n^n, with exponents kept apart to stay within double range.
double kolmogorovCdfDurbin(std::uint64_t n, double d)
{
    if (d >= 1.0)
        return 1.0;
    const double nd = static_cast<double>(n) * d;
    if (nd <= 0.5)
        return 0.0;
    const int k = static_cast<int>(std::ceil(nd));
    const double h = k - nd;
    const int m = 2 * k - 1;
    using Matrix = std::vector<double>;
    auto at = [m](Matrix &x, int r, int c) -> double & {
        return x[std::size_t(r) * m + c];
    };
    auto multiply = [m](const Matrix &x, const Matrix &y) {
        Matrix z(std::size_t(m) * m, 0.0);
        for (int r = 0; r < m; ++r)
            for (int t = 0; t < m; ++t) {
                const double xv = x[std::size_t(r) * m + t];
                if (xv == 0.0)
                    continue;
                const double *yrow = &y[std::size_t(t) * m];
                double *zrow = &z[std::size_t(r) * m];
                for (int c = 0; c < m; ++c)
                    zrow[c] += xv * yrow[c];
            }
        return z;
    };
    std::vector<double> v(m), w(m);
    double fac = 1.0;
    for (int j = 1; j <= m; ++j) {
        w[j - 1] = fac;
        fac /= j;
        v[j - 1] = (1.0 - std::pow(h, j)) * fac;
    }
    const double tt = std::pow(std::max(2 * h - 1.0, 0.0), m) - 2 * std::pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    Matrix hm(std::size_t(m) * m, 0.0);
    for (int i = 1; i < m; ++i)
        for (int r = i - 1; r < m; ++r)
            at(hm, r, i) = w[r - (i - 1)];
    for (int r = 0; r < m; ++r)
        at(hm, r, 0) = v[r];
    for (int c = 0; c < m; ++c)
        at(hm, m - 1, c) = v[m - 1 - c];

    Matrix power(std::size_t(m) * m, 0.0);
    for (int i = 0; i < m; ++i)
        at(power, i, i) = 1.0;
    std::uint64_t nn = n;
    long expnt = 0, hExpnt = 0;
    while (nn > 0) {
        if (nn % 2) {
            power = multiply(power, hm);
            expnt += hExpnt;
        }
        hm = multiply(hm, hm);
        hExpnt *= 2;
        if (std::abs(at(hm, k - 1, k - 1)) > kScaleUp) {
            for (double &x : hm)
                x /= kScaleUp;
            hExpnt += kScaleExponent;
        }
        nn /= 2;
    }
    double p = at(power, k - 1, k - 1);
    const double dn = static_cast<double>(n);
    for (std::uint64_t i = 1; i <= n; ++i) {
        p = static_cast<double>(i) * p / dn;
        if (std::abs(p) < kScaleDown) {
            p *= kScaleUp;
            expnt -= kScaleExponent;
        }
    }
    if (expnt != 0)
        p = std::ldexp(p, static_cast<int>(expnt));
    return clip01(p);
}

// Pelz–Good's expansion of Pr(D_n <= x) in powers of 1/sqrt(n).
double kolmogorovCdfPelzGood(std::uint64_t n, double x)
{
    using std::numbers::pi;
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    const double dn = static_cast<double>(n);
    const double z = std::sqrt(dn) * x;
    const double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
    const double pi2 = pi * pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
    const double qlog = -pi2 / 8 / z2;
    if (qlog < -708)
        return 0.0;
    double q = std::exp(qlog);
    const double k1a = -z2, k1b = pi2 / 4;
    const double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4,
                 k2c = pi4 * (1 - 2 * z2) / 16;
    const double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16,
                 k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * std::pow(z, 8);
    double kk[4] = {0, 0, 0, 0};
    const int maxk = static_cast<int>(std::ceil(16 * z / pi));
    for (int k = maxk; k > 0; --k) {
        const double m = 2.0 * k - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
        const double qpower = std::pow(q, 8.0 * k);
        const double coeffs[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                                  k3a + k3b * m2 + k3c * m4 + k3d * m6};
        for (int i = 0; i < 4; ++i)
            kk[i] = kk[i] * qpower + coeffs[i];
    }
    const double sqrt2pi = std::sqrt(2 * pi);
    const double denominators[4] = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
    for (int i = 0; i < 4; ++i)
        kk[i] = kk[i] * q * sqrt2pi / denominators[i];
    q = std::exp(-pi2 / 2 / z2);
    double k2extra = 0, k3extra = 0;
    const double sqrt3z = std::sqrt(3.0) * z;
    for (int k = maxk; k > 0; --k) {
        const double ks2 = double(k) * k;
        const double qp = std::pow(q, ks2);
        k2extra += ks2 * qp;
        const double kspi = pi * k;
        k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
    }
    kk[2] += k2extra * pi2 * sqrt2pi / (-36 * z3);
    kk[3] += k3extra * pi2 * sqrt2pi / (216 * z6);
    double sum = 0;
    for (int i = 0; i < 4; ++i)
        sum += kk[i] / std::pow(dn, i / 2.0);
    return sum;
}

double logFactorialOverPower(double n)
{
    // log(n!/n^n) by Stirling's series, n·log(n) removed up front.
    static const double kCoeffs[] = {-2.955065359477124183e-2,  6.4102564102564102564e-3,
                                     -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                                     -5.952380952380952381e-4,  7.9365079365079365079e-4,
                                     -2.7777777777777777778e-3, 8.3333333333333333333e-2};
    const double rn = 1.0 / n;
    const double t = rn / n;
    double poly = 0;
    for (double c : kCoeffs)
        poly = poly * t + c;
    return std::log(n) / 2 - n + std::log(2 * std::numbers::pi) / 2 + rn * poly;
}

} // namespace

double smirnovSf(std::uint64_t n, double x)
{
    if (std::isnan(x) || n == 0 || x < 0 || x > 1)
        return std::nan("");
    const double dn = static_cast<double>(n);
    if (n == 1)
        return x;
    if (x == 0.0)
        return 1.0;
    if (x == 1.0)
        return 0.0;
    const double nx = dn * x;
    const double nxfl = std::floor(nx);
    const bool integral = nx == nxfl;
    if (nxfl == 0 || (nxfl == 1 && integral)) // x <= 1/n
        return clip01(1 - x * std::pow(1 + x, dn - 1));
    if (-2 * dn * x * x < -708.3964185322641)
        return 0.0;
    if (nxfl >= dn - 1) // x >= 1 − 1/n
        return clip01(std::pow(1 - x, dn));
    if (n > 1000000) {
        const double logp = -std::pow(6.0 * nx + 1, 2) / 18.0 / dn;
        return clip01(logp < -std::numbers::ln2 ? std::exp(logp) : 1 + std::expm1(logp));
    }
    // x · Σ_{j < n(1−x)} C(n,j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1), positive terms.
    const auto last = static_cast<std::int64_t>(dn - nxfl - 1);
    const long double ln = static_cast<long double>(n);
    const long double lx = static_cast<long double>(x);
    const long double lgn = std::lgamma(ln + 1);
    long double sum = 0, previous = 0;
    for (std::int64_t j = 0; j <= last; ++j) {
        const long double lj = static_cast<long double>(j);
        const long double a = ((ln - lj) - ln * lx) / ln; // 1 − x − j/n
        const long double b = (ln * lx + lj) / ln;        // x + j/n
        if (a <= 0)
            break;
        const long double logTerm = lgn - std::lgamma(lj + 1) - std::lgamma(ln - lj + 1)
            + (ln - lj) * std::log(a) + (lj - 1) * std::log(b);
        const long double term = std::exp(logTerm);
        sum += term;
        if (term < previous && term < sum * 1e-21L) // past the peak and negligible
            break;
        previous = term;
    }
    return clip01(static_cast<double>(lx * sum));
}

double kolmogorovSf(std::uint64_t n, double x)
{
    if (n == 0 || std::isnan(x))
        return std::nan("");
    if (x >= 1.0)
        return 0.0;
    if (x <= 0.0)
        return 1.0;
    const double dn = static_cast<double>(n);
    const double t = dn * x;
    if (t <= 1.0) {
        if (t <= 0.5)
            return 1.0;
        double prob;
        if (n <= 140) {
            prob = 1.0;
            for (std::uint64_t i = 1; i <= n; ++i)
                prob *= static_cast<double>(i) * (1.0 / dn) * (2 * t - 1);
        } else {
            prob = std::exp(logFactorialOverPower(dn) + dn * std::log(2 * t - 1));
        }
        return clip01(1.0 - prob);
    }
    if (t >= dn - 1)
        return clip01(2 * std::pow(1.0 - x, dn));
    if (x >= 0.5)
        return clip01(2 * smirnovSf(n, x));
    const double nxsquared = t * x;
    if (n <= 140) {
        if (nxsquared <= 4) // SciPy uses Pomeranz above 0.754693; both are exact
            return clip01(1.0 - kolmogorovCdfDurbin(n, x));
        return clip01(2 * smirnovSf(n, x));
    }
    if (nxsquared >= 370.0)
        return 0.0;
    if (nxsquared >= 2.2)
        return clip01(2 * smirnovSf(n, x));
    double cdf;
    if (nxsquared >= 18.0)
        cdf = 1.0;
    else if (n <= 100000 && dn * std::pow(x, 1.5) <= 1.4)
        cdf = kolmogorovCdfDurbin(n, x);
    else
        cdf = kolmogorovCdfPelzGood(n, x);
    return clip01(1.0 - cdf);
}

namespace {

// SciPy's exact branch; false when it would fall back to the asymptotic one.
bool exactTwoSample(std::uint64_t n1, std::uint64_t n2, double &d, double &p)
{
    const auto g = std::gcd(n1, n2);
    const auto lcm = (n1 / g) * n2;
    const auto h = static_cast<std::int64_t>(std::nearbyint(d * static_cast<double>(lcm)));
    d = static_cast<double>(h) / static_cast<double>(lcm);
    if (h == 0) {
        p = 1.0;
        return true;
    }
    double prob = n1 == n2
        ? probOutsideSquare(static_cast<std::int64_t>(n1), h)
        : probOutsideBand(static_cast<std::int64_t>(n1), static_cast<std::int64_t>(n2),
                          static_cast<std::int64_t>(g), h);
    if (!std::isfinite(prob) || prob < 0 || prob > 1)
        return false;
    p = prob;
    return true;
}

} // namespace

double ksPValue(double d, std::uint64_t n1, std::uint64_t n2, bool *exact, double *statistic)
{
    double p = 1.0;
    double dd = d;
    const bool tried = std::max(n1, n2) <= 10000;
    const bool ok = tried && exactTwoSample(n1, n2, dd, p);
    if (statistic && tried)
        *statistic = dd; // SciPy reports D rounded to a multiple of 1/lcm(n1, n2) there
    if (ok) {
        if (exact)
            *exact = true;
        return clip01(p);
    }
    if (exact)
        *exact = false;
    const double m = static_cast<double>(std::max(n1, n2));
    const double n = static_cast<double>(std::min(n1, n2));
    const double en = m * n / (m + n);
    return clip01(kolmogorovSf(static_cast<std::uint64_t>(std::nearbyint(en)), d));
}

Result<KsResult> ksTwoSampleSorted(std::span<const double> a, std::span<const double> b)
{
    if (a.empty() || b.empty())
        return Error(ErrorCode::InvalidArgument,
                     "the Kolmogorov-Smirnov test needs values in both samples");
    for (auto s : {a, b})
        for (double v : s)
            if (!std::isfinite(v))
                return Error(ErrorCode::InvalidArgument,
                             "the Kolmogorov-Smirnov test got a NaN or infinite value");
    // Largest gap between the two empirical CDFs, walking both sorted samples.
    // The gap i/n1 − j/n2 is compared as the integer i·n2 − j·n1 (exact), and
    // the extremes are then evaluated in floating point as SciPy does.
    const auto n1 = static_cast<std::int64_t>(a.size()), n2 = static_cast<std::int64_t>(b.size());
    std::size_t i = 0, j = 0;
    std::int64_t maxGap = std::numeric_limits<std::int64_t>::min();
    std::int64_t minGap = std::numeric_limits<std::int64_t>::max();
    std::size_t maxI = 0, maxJ = 0, minI = 0, minJ = 0;
    const std::size_t na = a.size(), nb = b.size();
    while (i < na || j < nb) {
        const double v = (j >= nb || (i < na && a[i] <= b[j])) ? a[i] : b[j];
        while (i < na && a[i] == v)
            ++i;
        while (j < nb && b[j] == v)
            ++j;
        const std::int64_t gap = static_cast<std::int64_t>(i) * n2
            - static_cast<std::int64_t>(j) * n1;
        if (gap > maxGap) {
            maxGap = gap;
            maxI = i;
            maxJ = j;
        }
        if (gap < minGap) {
            minGap = gap;
            minI = i;
            minJ = j;
        }
    }
    const double dn1 = static_cast<double>(n1), dn2 = static_cast<double>(n2);
    const double maxS = static_cast<double>(maxI) / dn1 - static_cast<double>(maxJ) / dn2;
    const double minAbs = std::clamp(-(static_cast<double>(minI) / dn1
                                       - static_cast<double>(minJ) / dn2),
                                     0.0, 1.0);
    KsResult r;
    r.statistic = minAbs > maxS ? minAbs : maxS;
    r.pValue = ksPValue(r.statistic, a.size(), b.size(), &r.exact, &r.statistic);
    return r;
}

Result<KsResult> ksTwoSample(std::span<const double> reference, std::span<const double> current)
{
    std::vector<double> a(reference.begin(), reference.end());
    std::vector<double> b(current.begin(), current.end());
    for (auto *s : {&a, &b})
        for (double v : *s)
            if (!std::isfinite(v))
                return Error(ErrorCode::InvalidArgument,
                             "the Kolmogorov-Smirnov test got a NaN or infinite value");
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return ksTwoSampleSorted(a, b);
}

} // namespace mdeck::monitor
