#!/usr/bin/env bash
# Peak resident memory (VmHWM) of the JVM running the quickstart sweep in local mode: there the executor is the
# driver JVM, so this is an upper bound of one executor's footprint (heap + ND4J off-heap + natives).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f jobs/target/classpath.txt ]] || mvn -B -q package -DskipTests
out="$(mktemp -d /tmp/vdsweep-rss.XXXXXX)"
bin/vdsweep run conf/quickstart.yaml --results "$out/results" > "$out/run.log" 2>&1 &
launcher=$!
peak=0
while kill -0 "$launcher" 2>/dev/null; do
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$launcher/status" 2>/dev/null || echo 0)
  [[ -n "$hwm" && "$hwm" -gt "$peak" ]] && peak=$hwm
  sleep 1
done
wait "$launcher"
tail -1 "$out/run.log"
printf 'peak RSS of the quickstart JVM: %.0f MiB (heap -Xmx4g; javacpp maxbytes 6G)\n' "$(echo "$peak / 1024" | bc -l)"
