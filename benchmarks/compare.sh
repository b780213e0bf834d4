#!/usr/bin/env bash
# Measures this tree against an earlier commit in one run: builds both benchmark jars (the earlier one in a
# temporary git worktree), then runs them in turn, ROUNDS times each, so that whatever else the machine does
# weighs on both alike. Each run is the usual runner (1 and 2 threads, GC profiler), filtered to the
# benchmarks that a change to the call path can move. Logs land in benchmarks/target/compare/.
#
#   benchmarks/compare.sh 19160ba            # 4 rounds, the default benchmarks
#   ROUNDS=2 benchmarks/compare.sh HEAD~3 'BreakerCount.succeeding$'
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=${1:?usage: benchmarks/compare.sh <earlier commit> [JMH benchmark regex]}
pattern=${2:-'BreakerCount.succeeding$|BreakerCount.rejected$|Resilience4jCount.succeeding$|SpringAnnotated.(breakerAnnotated|noOpInterceptor|resilience4jAnnotated)$'}
rounds=${ROUNDS:-4}
out=benchmarks/target/compare
base_tree=$(mktemp -d)
trap 'git worktree remove --force "$base_tree" >/dev/null 2>&1 || true' EXIT

git worktree add --detach "$base_tree" "$base_rev" >/dev/null
(cd "$base_tree" && ./mvnw -B -q -pl benchmarks -am package -Dmaven.test.skip=true)
./mvnw -B -q -pl benchmarks -am package -Dmaven.test.skip=true
mkdir -p "$out"
for round in $(seq 1 "$rounds"); do
  for which in before after; do
    jar=benchmarks/target/benchmarks.jar
    [[ $which == before ]] && jar=$base_tree/benchmarks/target/benchmarks.jar
    java -jar "$jar" "$pattern" > "$out/$which-$round.log" 2>&1
    echo "$which, round $round: done $(date -u +%T) (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
# Each log ends with the runner's table; print the two sides' rows together.
for round in $(seq 1 "$rounds"); do
  echo "## Round $round"
  for which in before after; do
    grep -E '^\| [A-Za-z0-9]+\.[A-Za-z]+ \|' "$out/$which-$round.log" | sed "s/^/$which /"
  done
done
