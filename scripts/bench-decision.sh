#!/usr/bin/env bash
# Benchmarks A (decision overhead) and C (write path) of BENCHMARKS.md.
# Usage: scripts/bench-decision.sh [--sizes 1000,10000,100000,1000000] [--queries 5000] [--write-episodes 2000] [--candidates N]
#                                  [--warmup-iterations 5] [--iterations 5] [--iteration-ms 2000] [--forks 1] [--settle-jit true]
# By default each JMH fork first decides until the JIT compilers have been quiet for 3 s (jit_settle_ms on the decision
# line); --settle-jit false measures after the fixed warm-up alone (a host in its first minute).
# Latencies are measured by JMH (jitrl-plugin/src/jmh, DecisionLatency) in a fork that inherits this JVM's flags and
# the core pinning; the rest (write throughput, load, footprint) by DecisionBenchmark itself.
set -euo pipefail
cd "$(dirname "$0")/.."
cp="$(scripts/bench-classpath.sh)"   # builds with the reactor (works on a fresh clone)
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c "${JITRL_BENCH_CPU:-0}"); fi   # the budget is per core
exec "${pin[@]}" java -Xms2g -Xmx8g -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" dev.jitrl.plugin.bench.DecisionBenchmark --dir jitrl-plugin/target/bench "$@"
