#!/usr/bin/env bash
# Builds the benchmarks and runs all of them at 1 and 2 threads with JMH's GC profiler, then prints one
# table (ns/op and B/op per benchmark and thread count) and the issue's targets as ratios of this run's
# figures, and first the heap retained per idle breaker (MemoryPerBreaker, in a JVM of its own). About 14
# minutes on 2 cores; informational benchmarks are left out (RunAll.ON_DEMAND) and run by name. The table is
# also written to benchmarks/target/results.md, JMH's raw results to benchmarks/target/jmh-1t.json and jmh-2t.json.
#
# Extra arguments go to JMH, e.g. a quick look at one class:  benchmarks/run.sh -wi 1 -i 2 'BreakerCount'
# or other thread counts:                                     benchmarks/run.sh --threads 1,4
# The JVM is the `java` on the PATH (or $JAVA_HOME/bin/java); the forks use the same one.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl benchmarks -am package -Dmaven.test.skip=true

java_bin=java
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_bin="$JAVA_HOME/bin/java"
fi
exec "$java_bin" -jar benchmarks/target/benchmarks.jar "$@"
