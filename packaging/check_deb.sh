#!/usr/bin/env bash
# Checks a built modeldeck .deb: its files, its dependencies, and that the
# desktop entry and AppStream metadata validate.
set -euo pipefail
deb="$1"
[ -f "$deb" ] || { echo "no package at $deb" >&2; exit 1; }
contents=$(dpkg-deb -c "$deb")
fail=0
for f in ./usr/bin/modeldeck ./usr/bin/mdeck \
         ./usr/share/applications/io.modeldeck.ModelDeck.desktop \
         ./usr/share/metainfo/io.modeldeck.ModelDeck.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/modeldeck.svg; do
    if ! grep -q " $f\$" <<<"$contents"; then
        echo "missing from package: $f" >&2
        fail=1
    fi
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libopenblas0-openmp libtorch libqt6widgets6 libsqlite3 libssl; do
    if ! grep -q "$d" <<<"$depends"; then
        echo "package does not depend on $d: $depends" >&2
        fail=1
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
desktop-file-validate "$tmp/usr/share/applications/io.modeldeck.ModelDeck.desktop"
appstreamcli validate --no-net --pedantic "$tmp/usr/share/metainfo/io.modeldeck.ModelDeck.metainfo.xml" \
    || appstreamcli validate --no-net "$tmp/usr/share/metainfo/io.modeldeck.ModelDeck.metainfo.xml"
if readelf -d "$tmp/usr/bin/mdeck" | grep -q "openblas-openmp"; then
    echo "mdeck loads OpenBLAS (OpenMP) first: ok"
else
    echo "mdeck has no OpenBLAS search path" >&2
    fail=1
fi
[ $fail -eq 0 ] && echo "package $(basename "$deb") ok: $(grep -c . <<<"$contents") entries"
exit $fail
