#!/usr/bin/env bash
# Fetches the MiniWoB++ task pages (BENCHMARKS.md §B): downloads the `miniwob` wheel from PyPI with pip
# (no dependencies, nothing installed), unpacks it and keeps its miniwob/html folder in a cache outside the
# repository: ${JITRL_CACHE:-$HOME/.cache/jitrl}/miniwob/html. Prints that path on stdout.
# Idempotent: does nothing when the folder is already there. The HTML is never committed.
# MINIWOB_VERSION picks another version of the package (default 1.1.0, else the newest the registry serves).
set -euo pipefail

version="${MINIWOB_VERSION:-1.1.0}"
cache="${JITRL_CACHE:-$HOME/.cache/jitrl}/miniwob"
html="$cache/html"

if [ -f "$html/miniwob/click-button.html" ] && [ -f "$html/core/core.js" ]; then
  echo "setup-miniwob: MiniWoB++ html already in $html" >&2
  echo "$html"
  exit 0
fi

pip_cmd=()
if command -v pip3 >/dev/null 2>&1; then pip_cmd=(pip3)
elif command -v pip >/dev/null 2>&1; then pip_cmd=(pip)
elif command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then pip_cmd=(python3 -m pip)
else
  echo "setup-miniwob: pip is needed to download the miniwob wheel (apt-get install python3-pip)" >&2
  exit 1
fi

mkdir -p "$cache"
work="$(mktemp -d "$cache/.download.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "setup-miniwob: downloading the miniwob wheel ($version) into $cache" >&2
if ! "${pip_cmd[@]}" download --quiet --no-deps --only-binary=:all: --dest "$work" "miniwob==$version" >&2; then
  echo "setup-miniwob: miniwob==$version is not served; taking the newest version" >&2
  "${pip_cmd[@]}" download --quiet --no-deps --only-binary=:all: --dest "$work" miniwob >&2
fi
wheel="$(ls "$work"/miniwob-*.whl | head -n 1)"

# A wheel is a zip; python's zipfile is there wherever pip is, unzip may not be.
python3 - "$wheel" "$work/unpacked" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith("miniwob/html/")])
PY
if [ ! -f "$work/unpacked/miniwob/html/miniwob/click-button.html" ]; then
  echo "setup-miniwob: $(basename "$wheel") has no miniwob/html/miniwob/click-button.html" >&2
  exit 1
fi
rm -rf "$html"
mv "$work/unpacked/miniwob/html" "$html"
cp "$wheel" "$cache/"
echo "setup-miniwob: MiniWoB++ html ($(basename "$wheel")) in $html" >&2
echo "$html"
