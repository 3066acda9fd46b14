#!/bin/sh
# Times the pipeline executor against a Python concurrent.futures scheduler
# running the same DAGs, in one run:
#  - 1,000 no-op steps in a grid (executor overhead; goal <= 2 s),
#  - independent CPU-bound shell steps with one and two workers (goal: >= 1.8x).
#
#   bench/pipeline/run.sh [BUILD_DIR] [SCRATCH_DIR]
#
# Each measurement is the best of three interleaved rounds.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
scratch=${2:-${TMPDIR:-/tmp}}
python=${PYTHON:-/usr/bin/python3}
bench=$build/bench/pipeline/bench_pipeline
peer=$here/../peers/pipeline_futures.py
steps=1000
cpu_steps=${CPU_STEPS:-8}
loops=${CPU_LOOPS:-300000}
if [ ! -x "$bench" ]; then
    echo "$bench not found (build the bench_pipeline target first)" >&2
    exit 1
fi

value() { sed -n "s/^$1=//p"; }
best() { tr ' ' '\n' | grep . | sort -n | head -n 1; }
ws=$scratch/mdeck-bench-pipeline-$$
command=$("$bench" command "$loops")

noop=""; pnoop=""; one=""; two=""; pone=""; ptwo=""
for round in 1 2 3; do
    noop="$noop $("$bench" noop $steps 2 "$ws" | value mdeck_noop_seconds)"
    pnoop="$pnoop $("$python" "$peer" noop $steps 2 | value python_noop_seconds)"
    one="$one $("$bench" cpu "$cpu_steps" "$loops" 1 "$ws" | value mdeck_cpu_seconds)"
    two="$two $("$bench" cpu "$cpu_steps" "$loops" 2 "$ws" | value mdeck_cpu_seconds)"
    pone="$pone $("$python" "$peer" cpu "$cpu_steps" 1 "$command" | value python_cpu_seconds)"
    ptwo="$ptwo $("$python" "$peer" cpu "$cpu_steps" 2 "$command" | value python_cpu_seconds)"
done
noop_s=$(echo "$noop" | best); pnoop_s=$(echo "$pnoop" | best)
one_s=$(echo "$one" | best); two_s=$(echo "$two" | best)
pone_s=$(echo "$pone" | best); ptwo_s=$(echo "$ptwo" | best)

echo "no-op DAG, $steps steps, 2 workers: ModelDeck $noop_s s (times:$noop), Python futures $pnoop_s s (times:$pnoop)"
echo "CPU DAG, $cpu_steps independent shell steps: ModelDeck 1 worker $one_s s, 2 workers $two_s s; Python futures 1 worker $pone_s s, 2 workers $ptwo_s s"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
awk -v n="$noop_s" -v pn="$pnoop_s" -v o="$one_s" -v t="$two_s" -v po="$pone_s" -v pt="$ptwo_s" -v s="$steps" 'BEGIN {
    printf "summary: no-op DAG %.2f s = %.2f ms/step (goal <= 2 s: %s), %.1fx the Python futures time (which stores nothing); CPU speedup with 2 workers %.2fx (goal >= 1.8x: %s), Python %.2fx; ModelDeck/Python on 2 workers %.2f\n",
           n, 1000 * n / s, (n <= 2 ? "met" : "NOT met"), n / pn, o / t, (o / t >= 1.8 ? "met" : "NOT met"), po / pt, t / pt
}'
