#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   scripts/dev.sh run        install what is missing, build, open the console on a demo workspace
#   scripts/dev.sh test       install what is missing, build, run every test
#   scripts/dev.sh deps       only install the Debian packages
#   scripts/dev.sh build      only build (into build/)
#   scripts/dev.sh sanitize   build core with AddressSanitizer + UBSan into build-asan/ and run the core tests
#   scripts/dev.sh package    build the .deb with CPack and check its contents
#   scripts/dev.sh format     check that every C++ file is clang-formatted
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${MDECK_BUILD_DIR:-$ROOT/build}"
JOBS="${MDECK_JOBS:-$(nproc)}"

PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config git file dpkg-dev
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-svg-dev qt6-translations-l10n libgl-dev
    libqcustomplot-dev libqcustomplot2.1-qt6
    libtorch-dev libopenblas0-openmp
    libsqlite3-dev sqlite3 libssl-dev libcurl4-openssl-dev
    nlohmann-json3-dev libyaml-cpp-dev libcpp-httplib-dev libcli11-dev
    xvfb xauth fonts-dejavu-core clang-format desktop-file-utils appstream
    python3 prometheus wrk curl openssl python3-fastapi python3-uvicorn python3-uvloop python3-httptools
)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing: ${missing[*]}"
        as_root apt-get update -q
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
    # LibTorch must run on OpenBLAS (OpenMP build): the reference BLAS is ~29x slower.
    local arch; arch="$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)"
    local openblas="/usr/lib/$arch/openblas-openmp/libblas.so.3"
    if [ -e "$openblas" ]; then
        as_root update-alternatives --set "libblas.so.3-$arch" "$openblas" >/dev/null 2>&1 || true
        as_root update-alternatives --set "liblapack.so.3-$arch" "/usr/lib/$arch/openblas-openmp/liblapack.so.3" >/dev/null 2>&1 || true
    fi
}

configure() {
    local dir="$1"; shift
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
}

build() {
    configure "$BUILD"
    cmake --build "$BUILD" -j "$JOBS"
}

run() {
    deps
    build
    local ws="${MODELDECK_WORKSPACE:-}"
    local args=()
    [ -n "$ws" ] && args+=(--workspace "$ws")
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "No display found: starting the console under Xvfb (screenshots: scripts/screenshots.sh)."
        exec xvfb-run -a -s "-screen 0 1280x800x24" "$BUILD/app/modeldeck/modeldeck" "${args[@]}"
    fi
    exec "$BUILD/app/modeldeck/modeldeck" "${args[@]}"
}

test_all() {
    deps
    build
    ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS" --timeout 600
}

sanitize() {
    deps
    local dir="$ROOT/build-asan"
    configure "$dir" -DMDECK_SANITIZE=ON -DMDECK_BUILD_GUI=OFF -DMDECK_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
    cmake --build "$dir" -j "$JOBS"
    ctest --test-dir "$dir" --output-on-failure -j "$JOBS" -L core --timeout 900
}

package() {
    deps
    build
    (cd "$BUILD" && cpack -G DEB >/dev/null)
    "$ROOT/packaging/check_deb.sh" "$BUILD"/modeldeck_*.deb
}

format_check() {
    local files
    files=$(cd "$ROOT" && git ls-files '*.cpp' '*.h')
    (cd "$ROOT" && clang-format --dry-run --Werror $files)
    echo "clang-format: $(echo "$files" | wc -l) files clean"
}

case "${1:-}" in
    run) run ;;
    test) test_all ;;
    deps) deps ;;
    build) deps; build ;;
    sanitize) sanitize ;;
    package) package ;;
    format) format_check ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
esac
