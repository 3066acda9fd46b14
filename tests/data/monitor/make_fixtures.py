#!/usr/bin/python3
"""Writes stats_fixtures.json: drift statistics computed by SciPy/NumPy for
tests/core/monitor/tst_monitor_stats.cpp. Run with Debian's Python
(/usr/bin/python3: SciPy 1.10.1, NumPy 1.24.2). The samples are drawn from
fixed seeds, so rerunning gives the same file. Evidently's conventions
(binning, zero fill, chi-square expectation, normalisation) are written out
here with NumPy, as Evidently's legacy engine computes them."""
import json
import math
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance


def evidently_binned(ref, cur, fill):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    if len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = sorted(set(ref) | set(cur))
        r = np.array([np.sum(ref == k) for k in keys]) / len(ref)
        c = np.array([np.sum(cur == k) for k in keys]) / len(cur)
    if fill:
        for a in (r, c):
            m = min(a[a != 0])
            np.place(a, a == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return r, c


def psi(ref, cur):
    r, c = evidently_binned(ref, cur, True)
    return float(np.sum((r - c) * np.log(r / c)))


def js(ref, cur):
    r, c = evidently_binned(ref, cur, False)
    return float(distance.jensenshannon(r, c))


def wasserstein_normed(ref, cur):
    return float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001))


def chi_counts(ref_counts, cur_counts):
    keys = sorted(set(ref_counts) | set(cur_counts))
    nr = sum(ref_counts.values())
    nc = sum(cur_counts.values())
    f_exp = [ref_counts.get(k, 0) * nc / nr for k in keys]
    f_obs = [cur_counts.get(k, 0) for k in keys]
    res = stats.chisquare(f_obs, f_exp)
    return float(res[0]), float(res[1])


def z_counts(r_pos, r_n, c_pos, c_n):
    p1, p2 = r_pos / r_n, c_pos / c_n
    pooled = (p1 * r_n + p2 * c_n) / (r_n + c_n)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / r_n + 1 / c_n))
    return float(z), float(2 * stats.norm.sf(abs(z)))


def numeric_case(name, ref, cur):
    ref = [float(x) for x in ref]
    cur = [float(x) for x in cur]
    ks = stats.ks_2samp(ref, cur)
    return {
        "name": name, "reference": ref, "current": cur,
        "ks_statistic": float(ks.statistic), "ks_pvalue": float(ks.pvalue),
        "wasserstein": float(stats.wasserstein_distance(ref, cur)),
        "wasserstein_normed": wasserstein_normed(ref, cur),
        "psi": psi(ref, cur), "jensenshannon": js(ref, cur),
    }


def main():
    rng = np.random.default_rng(20261127)
    r3 = lambda a: np.round(a, 3)
    numeric = [
        numeric_case("tiny exact", r3(rng.normal(0, 1, 8)), r3(rng.normal(0.5, 1, 11))),
        numeric_case("equal sizes", r3(rng.normal(0, 1, 40)), r3(rng.normal(0.3, 1, 40))),
        numeric_case("unequal exact", r3(rng.normal(10, 2, 300)), r3(rng.normal(10.4, 2.5, 450))),
        numeric_case("ties and few values", rng.integers(0, 8, 200), rng.integers(1, 9, 150)),
        numeric_case("shifted exponential", r3(rng.exponential(2, 1200)), r3(rng.exponential(2.6, 900))),
        numeric_case("single value vs spread", [3.0] * 30, r3(rng.normal(3, 1, 25))),
        numeric_case("no drift large", r3(rng.normal(0, 1, 2500)), r3(rng.normal(0, 1, 2000))),
    ]
    same = r3(rng.normal(0, 1, 50))
    numeric.append(numeric_case("identical samples", same, same))

    # Asymptotic branch of ks_2samp and the kstwo / smirnov functions themselves.
    ks_pvalues = []
    for n1, n2, d in [(20000, 15000, 0.004), (20000, 15000, 0.012), (20000, 15000, 0.03),
                      (12000, 11000, 0.02), (50000, 40000, 0.003), (10001, 300, 0.05),
                      (10001, 60, 0.1), (10001, 60, 0.25), (10001, 60, 0.6),
                      (3000000, 2000000, 0.0008), (3000000, 2000000, 0.002),
                      (200, 150, 0.1), (9000, 10000, 0.02), (777, 1000, 0.05)]:
        m, n = max(n1, n2), min(n1, n2)
        if max(n1, n2) <= 10000:
            # Exact branch: SciPy rounds D to a multiple of 1/lcm.
            g = math.gcd(n1, n2)
            lcm = (n1 // g) * n2
            d = round(d * lcm) / lcm
        en = round(m * n / (m + n))
        if max(n1, n2) > 10000:
            p = float(stats.kstwo.sf(d, en))
        else:
            p = float(stats._stats_py._attempt_exact_2kssamp(n1, n2, math.gcd(n1, n2), d, "two-sided")[2])
        ks_pvalues.append({"n1": n1, "n2": n2, "d": d, "pvalue": p})
    kstwo = []
    for n in [5, 30, 140, 141, 500, 5000, 100000, 200000, 2000000]:
        for x in [0.6 / n, 0.9 / n, 1.5 / n, 0.5 / math.sqrt(n), 1.0 / math.sqrt(n), 1.3 / math.sqrt(n),
                  1.6 / math.sqrt(n), 2.5 / math.sqrt(n), 4.5 / math.sqrt(n), 0.55, 1 - 0.5 / n]:
            if 0 < x < 1:
                kstwo.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})
    smirnov = []
    for n in [2, 10, 100, 1000, 20000, 900000, 2000000]:
        for x in [0.3 / n, 1.5 / n, 1.0 / math.sqrt(n), 2.0 / math.sqrt(n), 0.2, 0.7]:
            if 0 < x < 1:
                smirnov.append({"n": n, "x": x, "sf": float(scipy.special.smirnov(n, x))})

    categorical = []
    for name, rc, cc in [
        ("weather", {"sun": 400, "rain": 300, "fog": 50, "snow": 10, "drizzle": 40},
         {"sun": 150, "rain": 320, "fog": 20, "snow": 25, "drizzle": 10}),
        ("close", {"a": 100, "b": 120, "c": 90}, {"a": 98, "b": 125, "c": 85}),
        ("missing category in current", {"a": 100, "b": 50, "c": 5}, {"a": 90, "b": 60}),
    ]:
        keys = sorted(set(rc) | set(cc))
        nr, nc = sum(rc.values()), sum(cc.values())
        r = np.array([rc.get(k, 0) for k in keys]) / nr
        c = np.array([cc.get(k, 0) for k in keys]) / nc
        rf, cf = r.copy(), c.copy()
        for a in (rf, cf):
            m = min(a[a != 0])
            np.place(a, a == 0, m / 10**6 if m <= 0.0001 else 0.0001)
        stat, p = chi_counts(rc, cc)
        categorical.append({"name": name, "reference": rc, "current": cc,
                            "chisquare_statistic": stat, "chisquare_pvalue": p,
                            "jensenshannon": float(distance.jensenshannon(r, c)),
                            "psi": float(np.sum((rf - cf) * np.log(rf / cf)))})
    ztests = []
    for rp, rn, cp, cn in [(300, 1000, 340, 900), (50, 100, 52, 100), (10, 500, 80, 400),
                           (1, 20000, 400, 20000)]:
        z, p = z_counts(rp, rn, cp, cn)
        ztests.append({"ref_pos": rp, "ref_n": rn, "cur_pos": cp, "cur_n": cn, "z": z, "pvalue": p})
    chi2sf = []
    for x, df in [(0.5, 1), (3.84, 1), (12.0, 4), (40.0, 4), (150.0, 9), (7.0, 19), (30.0, 19),
                  (900.0, 30)]:
        chi2sf.append({"x": x, "df": df, "sf": float(stats.chi2.sf(x, df))})

    out = {
        "provenance": "tests/data/monitor/make_fixtures.py with SciPy %s, NumPy %s, Python %s"
        % (scipy.__version__, np.__version__, sys.version.split()[0]),
        "numeric": numeric, "ks_pvalues": ks_pvalues, "kstwo_sf": kstwo, "smirnov_sf": smirnov,
        "categorical": categorical, "ztest": ztests, "chi2_sf": chi2sf,
    }
    with open(sys.argv[1] if len(sys.argv) > 1 else "stats_fixtures.json", "w") as f:
        json.dump(out, f, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
