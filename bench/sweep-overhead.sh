#!/usr/bin/env bash
# Sweep-engine overhead (conf/bench/overhead.yaml, 128 trivially small trials, local[2]): wall time of the run,
# slot-time the trials report vs the span they took, files written, and the wall time of a no-op resume.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f jobs/target/classpath.txt ]] || mvn -B -q package -DskipTests
out="$(mktemp -d /tmp/vdsweep-overhead.XXXXXX)"
duckdb="$(find ~/.m2/repository/org/duckdb -name 'duckdb_jdbc-*.jar' | head -1)"
start=$(date +%s.%N)
bin/vdsweep run conf/bench/overhead.yaml --master 'local[2]' --results "$out" > "$out/run.log" 2>&1
printf 'run: %.1f s wall (Spark start-up and summary included)\n' "$(echo "$(date +%s.%N) - $start" | bc)"
java -cp "$duckdb" bench/SweepOverhead.java "$out" overhead 2
start=$(date +%s.%N)
bin/vdsweep run conf/bench/overhead.yaml --master 'local[2]' --results "$out" > "$out/resume.log" 2>&1
printf 'no-op resume: %.1f s wall\n' "$(echo "$(date +%s.%N) - $start" | bc)"
grep -E "already done" "$out/resume.log" | head -1
