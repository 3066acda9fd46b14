#!/bin/sh
# Drift statistics on large windows against SciPy/NumPy in the same run:
# KS and Wasserstein (goal >= 10x SciPy), PSI / Jensen-Shannon / chi-square
# against a stored reference binning (goal within 3x of reading the window
# once through memory, measured here too). Both sides report the best
# process CPU time of REPEATS runs, so load from other processes matters less.
#
#   bench/monitor/run.sh [BUILD_DIR] [ROWS] [REPEATS]     (default: build 10000000 3)
#
# PYTHON picks the interpreter (default: Debian's /usr/bin/python3 with SciPy).
# BENCH_DIR is the scratch folder for the two raw files (2 x ROWS x 8 bytes).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
rows=${2:-10000000}
repeats=${3:-3}
python=${PYTHON:-/usr/bin/python3}
scratch=${BENCH_DIR:-/tmp}
prefix=$scratch/mdeck-bench-drift

bench=$build/bench/monitor/bench_monitor
if [ ! -x "$bench" ]; then
    echo "$bench not found (build the bench_monitor target first)" >&2
    exit 1
fi
value() { sed -n "s/^$1=//p"; }

"$bench" generate "$prefix" "$rows"
ours=$("$bench" run "$prefix" "$repeats")
peer=$("$python" "$here/../peers/scipy_drift.py" "$prefix" "$repeats")
rm -f "$prefix.ref" "$prefix.cur"

echo "$ours"
echo "$peer"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
awk -v ks="$(echo "$ours" | value ks_seconds)" -v sks="$(echo "$peer" | value scipy_ks_seconds)" \
    -v wd="$(echo "$ours" | value wasserstein_seconds)" \
    -v swd="$(echo "$peer" | value scipy_wasserstein_seconds)" \
    -v psi="$(echo "$ours" | value psi_seconds)" -v js="$(echo "$ours" | value js_seconds)" \
    -v chi="$(echo "$ours" | value chisquare_seconds)" \
    -v fl="$(echo "$ours" | value memory_floor_seconds)" \
    -v cfl="$(echo "$ours" | value codes_floor_seconds)" \
    -v npsi="$(echo "$peer" | value numpy_psi_seconds)" -v rows="$rows" 'BEGIN {
    printf "summary (%d rows a side): KS %.1fx SciPy (goal >= 10x: %s), Wasserstein %.1fx SciPy (goal >= 10x: %s)\n",
           rows, sks / ks, (sks / ks >= 10 ? "met" : "NOT met"), swd / wd, (swd / wd >= 10 ? "met" : "NOT met")
    printf "summary: PSI %.2fx, Jensen-Shannon %.2fx the memory-read floor (goal <= 3x: %s, %s); chi-square %.2fx its code-read floor (%s); NumPy PSI %.1fx slower than ours\n",
           psi / fl, js / fl, (psi / fl <= 3 ? "met" : "NOT met"), (js / fl <= 3 ? "met" : "NOT met"),
           chi / cfl, (chi / cfl <= 3 ? "met" : "NOT met"), npsi / psi
}'
