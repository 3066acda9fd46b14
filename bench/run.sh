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

benches=(bench_registry ml/bench_ml csv/bench_csv monitor/bench_monitor)
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
echo "=== Drift statistics against SciPy ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
"$(dirname "$0")/monitor/run.sh" "$build" "${BENCH_DRIFT_ROWS:-10000000}"
