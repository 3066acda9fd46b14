#!/usr/bin/env python3
"""Peer for bench/csv: pandas.read_csv (C engine) on the same file, best of N.

Usage: pandas_csv.py FILE [REPEATS]
Prints key=value lines, like bench_csv, for bench/csv/run.sh.
"""
import os
import sys
import time

import pandas as pd


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    size = os.path.getsize(path)
    best = float("inf")
    rows = 0
    for _ in range(repeats):
        start = time.perf_counter()
        frame = pd.read_csv(path, engine="c")
        best = min(best, time.perf_counter() - start)
        rows = len(frame)
        del frame
    print(f"pandas_version={pd.__version__}")
    print(f"pandas_rows={rows}")
    print(f"pandas_seconds={best:.4f}")
    print(f"pandas_mb_per_s={size / 1e6 / best:.1f}")


if __name__ == "__main__":
    main()
