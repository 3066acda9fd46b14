#include "drift_sample.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <random>

namespace mdeck::ui::drift {

namespace {

constexpr int kBins = 16;
constexpr double kEps = 1e-4;

struct FeatureSpec
{
    const char *name;
    bool categorical;
    double lo, hi; // numeric range
    QStringList categories;
};

QList<FeatureSpec> specs(int count)
{
    QList<FeatureSpec> out = {
        {"tenure_months", false, 0, 72, {}},
        {"monthly_charges", false, 15, 120, {}},
        {"plan",
         true,
         0,
         0,
         {QStringLiteral("basic"), QStringLiteral("standard"), QStringLiteral("premium"),
          QStringLiteral("family")}},
        {"support_calls", false, 0, 12, {}},
        {"age", false, 18, 90, {}},
        {"region",
         true,
         0,
         0,
         {QStringLiteral("north"), QStringLiteral("south"), QStringLiteral("east"),
          QStringLiteral("west"), QStringLiteral("central")}},
        {"data_usage_gb", false, 0, 80, {}},
        {"payment_method",
         true,
         0,
         0,
         {QStringLiteral("card"), QStringLiteral("transfer"), QStringLiteral("invoice")}},
        {"contract_age_days", false, 0, 1500, {}},
        {"sex",
         true,
         0,
         0,
         {QStringLiteral("female"), QStringLiteral("male"), QStringLiteral("unknown")}},
    };
    while (out.size() > count)
        out.removeLast();
    for (int i = int(out.size()); i < count; ++i)
        out.append({nullptr, false, 0, 1, {}});
    return out;
}

// Probabilities of each bin or category for feature `f`, shifted by `drift` (0 = reference).
std::vector<double> distribution(int f, bool categorical, int bins, double drift)
{
    std::vector<double> p(static_cast<std::size_t>(bins));
    if (categorical) {
        for (int i = 0; i < bins; ++i)
            p[std::size_t(i)] = 1.0 / (1 + i + (f % 3)) * (i == bins - 1 ? 1 + 3 * drift : 1);
    } else {
        const double mean = 0.42 + 0.03 * (f % 5) + 0.18 * drift;
        const double sd = 0.17 * (1 + 0.25 * drift);
        for (int i = 0; i < bins; ++i) {
            const double x = (i + 0.5) / bins;
            p[std::size_t(i)] = std::exp(-0.5 * std::pow((x - mean) / sd, 2)) + 0.01;
        }
    }
    double total = 0;
    for (double v : p)
        total += v;
    for (double &v : p)
        v /= total;
    return p;
}

std::vector<double> sample(std::mt19937 &rng, const std::vector<double> &p, int rows)
{
    std::vector<double> counts(p.size(), 0.0);
    std::discrete_distribution<int> pick(p.begin(), p.end());
    for (int r = 0; r < rows; ++r)
        counts[std::size_t(pick(rng))] += 1;
    return counts;
}

std::vector<double> shares(const std::vector<double> &counts)
{
    double total = 0;
    for (double c : counts)
        total += c;
    std::vector<double> out(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i)
        out[i] = std::max(kEps, total > 0 ? counts[i] / total : 0.0);
    return out;
}

double psi(const std::vector<double> &ref, const std::vector<double> &cur)
{
    double s = 0;
    for (std::size_t i = 0; i < ref.size(); ++i)
        s += (cur[i] - ref[i]) * std::log(cur[i] / ref[i]);
    return s;
}

double jensenShannon(const std::vector<double> &a, const std::vector<double> &b)
{
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double m = (a[i] + b[i]) / 2;
        s += 0.5 * a[i] * std::log(a[i] / m) + 0.5 * b[i] * std::log(b[i] / m);
    }
    return std::sqrt(std::max(0.0, s));
}

// Two-sample Kolmogorov–Smirnov p-value on binned data (asymptotic distribution).
double ksPValue(const std::vector<double> &a, const std::vector<double> &b, double n, double m)
{
    double ca = 0, cb = 0, d = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ca += a[i];
        cb += b[i];
        d = std::max(d, std::abs(ca - cb));
    }
    const double en = std::sqrt(n * m / (n + m));
    const double lambda = (en + 0.12 + 0.11 / en) * d;
    double p = 0;
    for (int j = 1; j <= 100; ++j)
        p += 2 * ((j % 2) ? 1 : -1) * std::exp(-2 * j * j * lambda * lambda);
    return std::clamp(p, 0.0, 1.0);
}

} // namespace

DriftViewModel makeSampleDrift(const SampleOptions &o, int first, int count)
{
    const int nf = std::max(3, o.features);
    const int total = std::max(1, o.windows);
    if (count < 0)
        count = std::max(0, total - first);
    const int driftFrom = o.driftFrom >= 0 ? o.driftFrom : total * 6 / 10;
    const QList<FeatureSpec> spec = specs(nf);
    constexpr double kRefRows = 20000;

    DriftViewModel m;
    m.scope = {QStringLiteral("sample:churn-model"), QStringLiteral("churn-model v3 (sample)")};
    m.methods = {{QStringLiteral("psi"), QStringLiteral("PSI"), true, 0.2},
                 {QStringLiteral("js"), QStringLiteral("Jensen–Shannon"), true, 0.1},
                 {QStringLiteral("ks"), QStringLiteral("KS p-value"), false, 0.05}};
    std::vector<std::vector<double>> refShares;
    for (int f = 0; f < nf; ++f) {
        FeatureInfo info;
        const FeatureSpec &s = spec[f];
        info.name = s.name ? QString::fromLatin1(s.name) : QStringLiteral("feature_%1").arg(f + 1);
        info.categorical = s.categorical;
        const int bins = s.categorical ? int(s.categories.size()) : kBins;
        if (s.categorical) {
            info.categories = s.categories;
        } else {
            for (int i = 0; i <= kBins; ++i)
                info.edges.push_back(s.lo + (s.hi - s.lo) * i / kBins);
        }
        const std::vector<double> p = distribution(f, s.categorical, bins, 0);
        for (double v : p)
            info.reference.push_back(std::round(v * kRefRows));
        refShares.push_back(shares(info.reference));
        m.features.append(info);
    }
    // Which features drift: the second (monthly_charges) strongly, the third (plan) mildly.
    auto driftOf = [&](int f, int w) {
        if (w < driftFrom)
            return 0.0;
        const double ramp = std::min(1.0, (w - driftFrom + 1) / 12.0);
        return f == 1 ? 0.9 * ramp : f == 2 ? 0.35 * ramp : 0.0;
    };
    for (int mi = 0; mi < m.methods.size(); ++mi) {
        MethodScores s;
        s.scores.assign(std::size_t(nf) * std::size_t(count), NAN);
        s.thresholds.assign(std::size_t(nf), m.methods[mi].defaultThreshold);
        s.bandMean.assign(std::size_t(nf), mi == 2 ? 0.5 : mi == 0 ? 0.02 : 0.05);
        s.bandSigma.assign(std::size_t(nf), mi == 2 ? 0.1 : mi == 0 ? 0.012 : 0.015);
        m.scores.append(s);
    }
    m.current.resize(std::size_t(nf) * std::size_t(count));
    QualitySeries missing{QCoreApplication::translate("MonitorAdapter", "missing values"), {}};
    QualitySeries range{QCoreApplication::translate("MonitorAdapter", "out of range"), {}};
    PerformanceSeries realized{QStringLiteral("accuracy"), false, {}, {}, {}};
    PerformanceSeries estimated{QStringLiteral("accuracy"), true, {}, {}, {}};
    m.fairness.attribute = QStringLiteral("sex");
    m.fairness.referenceGroup = QStringLiteral("female");
    m.fairness.minGroupSize = 30;
    const QStringList groups{QStringLiteral("female"), QStringLiteral("male"),
                             QStringLiteral("unknown")};
    for (const QString &g : groups)
        m.fairness.groups.append({g, {}, {}, {}});

    for (int k = 0; k < count; ++k) {
        const int w = first + k;
        std::mt19937 rng(o.seed * 7919u + unsigned(w));
        const int rows = 380 + int(rng() % 240);
        m.windows.push_back(
            {o.startMs + qint64(w) * o.windowMs, o.startMs + qint64(w + 1) * o.windowMs, rows});
        for (int f = 0; f < nf; ++f) {
            const FeatureInfo &info = m.features[f];
            const int bins = int(info.reference.size());
            const std::vector<double> counts = sample(rng,
                                                      distribution(f, info.categorical, bins,
                                                                   driftOf(f, w)),
                                                      rows);
            const std::vector<double> cur = shares(counts);
            const std::size_t at = std::size_t(f) * std::size_t(count) + std::size_t(k);
            m.scores[0].scores[at] = psi(refShares[std::size_t(f)], cur);
            m.scores[1].scores[at] = jensenShannon(refShares[std::size_t(f)], cur);
            m.scores[2].scores[at] = ksPValue(refShares[std::size_t(f)], cur, kRefRows, rows);
            m.current[at] = counts;
            if (m.scores[0].scores[at] > m.scores[0].thresholds[std::size_t(f)])
                m.alerts.push_back({f, k, 0, m.scores[0].scores[at],
                                    m.scores[0].thresholds[std::size_t(f)],
                                    QStringLiteral("psi-default")});
        }
        std::normal_distribution<double> noise(0, 1);
        const bool spike = w % 53 == 40;
        missing.values.push_back(std::max(0.0, 0.012 + 0.003 * noise(rng) + (spike ? 0.09 : 0)));
        range.values.push_back(std::max(0.0, 0.004 + 0.0015 * noise(rng) + 0.02 * driftOf(1, w)));
        const double acc = 0.86 - 0.07 * driftOf(1, w) + 0.01 * noise(rng);
        // Labels arrive two days late: the newest windows have only the estimate.
        realized.values.push_back(w < total - 48 ? acc : NAN);
        const double est = 0.86 - 0.06 * driftOf(1, w) + 0.006 * noise(rng);
        estimated.values.push_back(est);
        estimated.lower.push_back(est - 0.025);
        estimated.upper.push_back(est + 0.025);
        const qint64 female = rows * 48 / 100;
        const qint64 unknown = 3 + qint64(rng() % 20);
        const qint64 sizes[3] = {female, rows - female - unknown, unknown};
        const double rate[3] = {0.24, 0.24 - 0.08 * driftOf(1, w) / 0.9, 0.2};
        for (int g = 0; g < 3; ++g) {
            GroupStats &gs = m.fairness.groups[g];
            gs.sizes.push_back(sizes[g]);
            gs.positiveRate.push_back(std::clamp(rate[g] + 0.015 * noise(rng), 0.0, 1.0));
            gs.truePositiveRate.push_back(
                w < total - 48 ? std::clamp(0.8 + 0.03 * noise(rng), 0.0, 1.0) : NAN);
        }
    }
    m.quality = {missing, range};
    m.performance = {realized, estimated};
    return m;
}

} // namespace mdeck::ui::drift
