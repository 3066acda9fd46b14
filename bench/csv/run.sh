#!/bin/sh
# Times readCsv against pandas.read_csv on the same ~100 MB CSV, next to the
# machine's memory-read bandwidth, all in one run. The goal is readCsv >= 2x pandas.
#
#   bench/csv/run.sh [BUILD_DIR] [CSV_FILE]
#
# BUILD_DIR holds bench_csv (searched as BUILD_DIR/bench/csv/bench_csv, then
# BUILD_DIR/bench_csv); PYTHON picks the interpreter (default: Debian's
# /usr/bin/python3, which has python3-pandas).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
file=${2:-/tmp/mdeck-bench-csv.csv}
python=${PYTHON:-/usr/bin/python3}

bench=$build/bench/csv/bench_csv
[ -x "$bench" ] || bench=$build/bench_csv
if [ ! -x "$bench" ]; then
    echo "bench_csv not found under $build (build the bench_csv target first)" >&2
    exit 1
fi

value() { sed -n "s/^$1=//p"; }

echo "generating $file"
"$bench" generate "$file" 100 >/dev/null
mdeck=$("$bench" read "$file" 3)
pandas=$("$python" "$here/../peers/pandas_csv.py" "$file" 3)
memory=$("$bench" bandwidth)

mdeck_mbps=$(echo "$mdeck" | value mdeck_mb_per_s)
pandas_mbps=$(echo "$pandas" | value pandas_mb_per_s)
sum_mbps=$(echo "$memory" | value memory_sum_mb_per_s)
copy_mbps=$(echo "$memory" | value memory_memcpy_read_mb_per_s)
bytes=$(wc -c <"$file")

echo "file: $file ($bytes bytes, $(echo "$mdeck" | value mdeck_rows) rows)"
echo "readCsv:         $(echo "$mdeck" | value mdeck_seconds) s best of 3, $mdeck_mbps MB/s"
echo "pandas.read_csv: $(echo "$pandas" | value pandas_seconds) s best of 3, $pandas_mbps MB/s" \
    "(pandas $(echo "$pandas" | value pandas_version))"
echo "memory read:     $sum_mbps MB/s (sum over 1 GiB), $copy_mbps MB/s (memcpy)"
awk -v m="$mdeck_mbps" -v p="$pandas_mbps" -v s="$sum_mbps" 'BEGIN {
    ratio = m / p
    printf "summary: readCsv %.0f MB/s, pandas %.0f MB/s, ratio %.2fx (goal >= 2x: %s), %.1f%% of memory-read bandwidth\n",
           m, p, ratio, (ratio >= 2 ? "met" : "NOT met"), 100 * m / s
}'
