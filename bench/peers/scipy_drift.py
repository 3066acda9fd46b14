#!/usr/bin/python3
"""Peer for bench/monitor: scipy.stats.ks_2samp and wasserstein_distance on
the same raw float64 files bench_monitor writes, best of N, plus NumPy's
histogram against the same kind of reference quantile bins for PSI.

Usage: scipy_drift.py PREFIX [REPEATS]   (prints key=value lines)
"""
import sys
import time

import numpy as np
import scipy
from scipy import stats


def best(repeats, fn):
    t = float("inf")
    out = None
    for _ in range(repeats):
        start = time.process_time()  # CPU time, as bench_monitor measures
        out = fn()
        t = min(t, time.process_time() - start)
    return t, out


def main():
    prefix = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ref = np.fromfile(prefix + ".ref", dtype=np.float64)
    cur = np.fromfile(prefix + ".cur", dtype=np.float64)
    ks_t, ks = best(repeats, lambda: stats.ks_2samp(ref, cur))
    wd_t, wd = best(repeats, lambda: stats.wasserstein_distance(ref, cur))
    edges = np.quantile(ref, np.linspace(0, 1, 11))
    ref_share = np.histogram(ref, edges)[0] / len(ref)

    def psi():
        c = np.histogram(np.clip(cur, edges[0], edges[-1]), edges)[0] / len(cur)
        return float(np.sum((ref_share - c) * np.log(ref_share / np.where(c == 0, 1e-4, c))))

    psi_t, _ = best(repeats, psi)
    print(f"scipy_version={scipy.__version__}")
    print(f"numpy_version={np.__version__}")
    print(f"scipy_ks_seconds={ks_t:.4f}")
    print(f"scipy_ks_statistic={ks.statistic:.17g}")
    print(f"scipy_ks_pvalue={ks.pvalue:.17g}")
    print(f"scipy_wasserstein_seconds={wd_t:.4f}")
    print(f"scipy_wasserstein={wd:.17g}")
    print(f"numpy_psi_seconds={psi_t:.4f}")


if __name__ == "__main__":
    main()
