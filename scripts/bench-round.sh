#!/usr/bin/env bash
# A regression round of the learning benchmarks, seven runs side by side on bench-only clones of this checkout's HEAD:
# the local suite then the development set, the extended hard MiniWoB++ set in three thirds, the 20-task hard set in
# two halves (docs/benchmarks.md §B.1, §B.3, §B.5). About 2 hours on 2 cores (the extended thirds are the longest runs).
#   scripts/bench-round.sh NAME [WORKDIR]     -> WORKDIR/run-NAME-*/ (reports), WORKDIR/run-NAME-*.log, WORKDIR/run-NAME.done
#   scripts/bench-summary.py --tasks WORKDIR/run-NAME-extA WORKDIR/run-NAME-extB WORKDIR/run-NAME-extC
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
name="${1:?usage: bench-round.sh NAME [WORKDIR]}"
work="${2:-$root/../bench-work}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
head="$(git -C "$root" rev-parse HEAD)"
list() { grep -v '^#' "$root/scripts/tasks/$1" | awk -v m="$2" -v r="$3" 'm == 0 || NR % m == r' | paste -sd, -; }
clones=(c1 c2 c3 c4 c5)
for c in "${clones[@]}"; do
  [ -d "$work/$c/.git" ] || git clone -q "$root" "$work/$c"
  git -C "$work/$c" fetch -q "$root" "$head" && git -C "$work/$c" reset -q --hard FETCH_HEAD
  (cd "$work/$c" && mvn -B -q -o -DskipTests package -pl host-adapters,jitrl-plugin -am >/dev/null)
done
run() { # clone name args...
  local c=$1 n=$2; shift 2
  rm -rf "$work/run-$n"
  (cd "$work/$c" && ./jitrl bench --out "$work/run-$n" "$@") > "$work/run-$n.log" 2>&1 || echo "run $n failed" >&2
}
m=(--suite miniwob --seeds 1,2,3,4,5 --episodes 5 --compare --transfer)
hard=$(list hard-20.txt 0 0)
run c1 "$name-extA" "${m[@]}" --tasks "$(list extended-hard.txt 3 1)" &
run c2 "$name-extB" "${m[@]}" --tasks "$(list extended-hard.txt 3 2)" &
run c3 "$name-extC" "${m[@]}" --tasks "$(list extended-hard.txt 3 0)" &
# the local suite and the development set take about as long as one half of the 20-task set
(run c4 "$name-local" --suite local --episodes 5 --compare; run c4 "$name-dev" "${m[@]}"
 run c4 "$name-hardB" "${m[@]}" --tasks "$(echo "$hard" | cut -d, -f11-20)") &
run c5 "$name-hardA" "${m[@]}" --tasks "$(echo "$hard" | cut -d, -f1-10)" &
wait
touch "$work/run-$name.done"
echo "bench-round: $work/run-$name-* ($head)"
