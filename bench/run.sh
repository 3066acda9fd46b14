#!/usr/bin/env bash
# Runs every ModelDeck benchmark, one after the other, and prints their
# figures. Usage: bench/run.sh [BUILD_DIR]   (default: ./build)
# Environment: BENCH_DIR  scratch folder for workspaces (default: /dev/shm when
#                         writable, else the system's temporary folder)
#              BENCH_REGISTRY_ARGS  extra options for bench_registry, e.g. "--versions 20000"
set -euo pipefail

build="${1:-${MDECK_BUILD_DIR:-build}}"
scratch="${BENCH_DIR:-}"
if [[ -z "$scratch" && -d /dev/shm && -w /dev/shm ]]; then
    scratch=/dev/shm
fi

benches=(bench_registry ml/bench_ml csv/bench_csv pipeline/bench_pipeline monitor/bench_monitor)
for b in "${benches[@]}"; do
    if [[ ! -x "$build/bench/$b" ]]; then
        echo "run.sh: $build/bench/$b is not built; run: cmake --build $build --target $b" >&2
        exit 1
    fi
done

dirArgs=()
if [[ -n "$scratch" ]]; then
    dirArgs=(--dir "$scratch")
fi

echo "=== bench_registry ($(date -u +%Y-%m-%dT%H:%M:%SZ), scratch ${scratch:-system temp})"
# shellcheck disable=SC2086 # BENCH_REGISTRY_ARGS is a list of options
"$build/bench/bench_registry" "${dirArgs[@]}" ${BENCH_REGISTRY_ARGS:-}

echo
echo "=== MLP training and inference against Python PyTorch ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
"$(dirname "$0")/ml/run.sh" "$build" "${BENCH_THREADS:-1}"

echo
echo "=== CSV parsing against pandas ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
"$(dirname "$0")/csv/run.sh" "$build"

echo
echo "=== Serving with wrk against FastAPI and a C floor ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
"$(dirname "$0")/serving/run.sh" "$build" "${BENCH_SERVING_SECONDS:-10}"
echo "=== Pipeline executor against Python concurrent.futures ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
"$(dirname "$0")/pipeline/run.sh" "$build" "${scratch:-${TMPDIR:-/tmp}}"
echo "=== Drift chart rendering against QCustomPlot alone ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
if [[ -x "$build/bench/drift_render/bench_drift_render" ]]; then
    QT_QPA_PLATFORM=offscreen "$build/bench/drift_render/bench_drift_render" "${BENCH_DRIFT_ROUNDS:-7}"
else
    echo "skipped: $build/bench/drift_render/bench_drift_render is not built (a build with MDECK_BUILD_GUI=ON has it)"
fi

echo
echo "=== Drift statistics against SciPy ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
"$(dirname "$0")/monitor/run.sh" "$build" "${BENCH_DRIFT_ROWS:-10000000}"
