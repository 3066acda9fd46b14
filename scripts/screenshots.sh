#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png: builds the console if needed, creates
# the demo workspace in a temporary folder (it trains three small models,
# replays the deployment's traffic and runs the example pipeline: a minute or
# two) and lets `modeldeck --screenshot` walk through its main states under
# Xvfb at 1280x800: the registry, the Train tab with a CSV loaded and after a
# finished run, the Benchmark tab after two runs, the Deployments panel with
# the demo's rollout request awaiting a decision, the Drift panel on the
# deployment's real series and on its exported snapshot, and the Pipelines
# panel with the example pipeline's runs.
#   scripts/screenshots.sh [build-dir]     (default: build, relative to the repository)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD="${1:-build}"
OUT="$ROOT/docs/screenshots"

if [ ! -f "$BUILD/build.ninja" ] && [ ! -f "$BUILD/Makefile" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD" --target modeldeck -j "${MDECK_JOBS:-2}"

# A throwaway home, so the shots neither read nor change the user's settings.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$OUT" "$tmp/home"
mkdir -m 700 "$tmp/run"
env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share" \
    XDG_RUNTIME_DIR="$tmp/run" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    "$BUILD/app/modeldeck/modeldeck" --workspace "$tmp/demo" --demo --language en --screenshot "$OUT"
echo "Screenshots in ${OUT#"$ROOT"/}:"
ls -1 "$OUT"
