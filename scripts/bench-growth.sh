#!/usr/bin/env bash
# The bounded-growth benchmark of docs/reliability.md: synthetic episodes written into a memory with and without a
# step bound; prints stored steps, file, WAL and index sizes as they grow.
# Usage: scripts/bench-growth.sh [--steps 1000000] [--bound 100000] [--dir target/bench]
set -euo pipefail
cd "$(dirname "$0")/.."
cp="$(scripts/bench-classpath.sh)"
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c "${JITRL_BENCH_CPU:-0}"); fi
exec "${pin[@]}" java -Xmx4g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  dev.jitrl.plugin.bench.GrowthBenchmark "$@"
