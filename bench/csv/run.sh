#!/bin/sh
# Times readCsv against pandas.read_csv on the same ~100 MB CSV, next to the
# machine's memory-read bandwidth, all in one run. The goal is readCsv >= 2x pandas.
#
#   bench/csv/run.sh [BUILD_DIR] [CSV_FILE] [ROUNDS]
#
# The readers take turns, one read each per round, and each keeps its best
# time, so load from other processes falls on both alike. BUILD_DIR holds
# bench_csv (BUILD_DIR/bench/csv/bench_csv); PYTHON picks the interpreter
# (default: Debian's /usr/bin/python3, which has python3-pandas).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
file=${2:-/tmp/mdeck-bench-csv.csv}
rounds=${3:-3}
python=${PYTHON:-/usr/bin/python3}

bench=$build/bench/csv/bench_csv
if [ ! -x "$bench" ]; then
    echo "$bench not found (build the bench_csv target first)" >&2
    exit 1
fi

value() { sed -n "s/^$1=//p"; }
best() { sort -n | head -n 1; }

echo "generating $file"
"$bench" generate "$file" 100 >/dev/null
bytes=$(wc -c <"$file")

mdeck_times=""
single_times=""
pandas_times=""
i=0
while [ "$i" -lt "$rounds" ]; do
    out=$("$bench" read "$file" 1)
    mdeck_times="$mdeck_times $(echo "$out" | value mdeck_seconds)"
    rows=$(echo "$out" | value mdeck_rows)
    single_times="$single_times $("$bench" read "$file" 1 1 | value mdeck_seconds)"
    out=$("$python" "$here/../peers/pandas_csv.py" "$file" 1)
    pandas_times="$pandas_times $(echo "$out" | value pandas_seconds)"
    version=$(echo "$out" | value pandas_version)
    i=$((i + 1))
done
memory=$("$bench" bandwidth)

mdeck_s=$(echo "$mdeck_times" | tr ' ' '\n' | grep . | best)
single_s=$(echo "$single_times" | tr ' ' '\n' | grep . | best)
pandas_s=$(echo "$pandas_times" | tr ' ' '\n' | grep . | best)
sum_mbps=$(echo "$memory" | value memory_sum_mb_per_s)
copy_mbps=$(echo "$memory" | value memory_memcpy_read_mb_per_s)

echo "file: $file ($bytes bytes, $rows rows), best of $rounds interleaved rounds"
echo "readCsv:           $mdeck_s s  (times:$mdeck_times)"
echo "readCsv, 1 thread: $single_s s  (times:$single_times)"
echo "pandas.read_csv:   $pandas_s s  (times:$pandas_times; pandas $version, C engine)"
echo "memory read:       $sum_mbps MB/s (sum over 1 GiB), $copy_mbps MB/s (memcpy)"
echo "load average:      $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
awk -v b="$bytes" -v m="$mdeck_s" -v o="$single_s" -v p="$pandas_s" -v s="$sum_mbps" 'BEGIN {
    mm = b / 1e6 / m; om = b / 1e6 / o; pm = b / 1e6 / p
    printf "summary: readCsv %.0f MB/s (1 thread %.0f MB/s), pandas %.0f MB/s, ratio %.2fx (goal >= 2x: %s), readCsv at %.1f%% of memory-read bandwidth\n",
           mm, om, pm, mm / pm, (mm / pm >= 2 ? "met" : "NOT met"), 100 * mm / s
}'
