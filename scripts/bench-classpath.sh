#!/usr/bin/env bash
# Builds what the plugin's benchmarks need and prints their class path (one line) on stdout; the benchmark scripts
# use it. One reactor build: plugin-api comes from the reactor, not from a repository, so it works on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl jitrl-plugin -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >&2
echo "$PWD/jitrl-plugin/target/classes:$PWD/jitrl-plugin/target/test-classes:$PWD/plugin-api/target/classes:$(cat jitrl-plugin/target/bench-classpath.txt)"
