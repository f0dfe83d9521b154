#!/usr/bin/env bash
# The fleet and fault benchmark of docs/reliability.md (issue 10): 4 host processes x 4 agent threads on one
# PostgreSQL memory for 60 s, the server stopped for 10 s at t=20 s, hosts killed with SIGKILL at t=25 s (during the
# outage, with episodes in its outbox) and t=45 s (while writing), each restarted on its outbox 2 s later.
# Starts its own PostgreSQL server (Debian's package, scripts/setup.sh) on 127.0.0.1 and stops it at the end.
# Usage: scripts/bench-fleet.sh [--backend pg|sqlite] [--hosts 4] [--threads 4] [--seconds 60] [--steps 10]
#                               [--outage-at 20] [--outage 10] [--kill-at 25,45] [--write-episodes N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cp="$(scripts/bench-classpath.sh)"   # builds with the reactor (works on a fresh clone)
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.jitrl.plugin.bench.FleetBenchmark \
  --dir jitrl-plugin/target/fleet "$@"
