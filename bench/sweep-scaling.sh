#!/usr/bin/env bash
# Sweep scaling: conf/bench/scaling.yaml (8 trials) with local[1] vs local[2], one ND4J thread per task.
# Prints the wall time of each run and the speed-up (target >= 1.8x on 2 cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f jobs/target/classpath.txt ]] || mvn -B -q package -DskipTests
out="$(mktemp -d /tmp/vdsweep-scaling.XXXXXX)"
declare -A wall
for master in 'local[1]' 'local[2]'; do
  start=$(date +%s.%N)
  bin/vdsweep run conf/bench/scaling.yaml --master "$master" --results "$out/$master" > "$out/${master//[\[\]]/}.log" 2>&1
  wall[$master]=$(echo "$(date +%s.%N) - $start" | bc)
  printf '%s: %.1f s for 8 trials\n' "$master" "${wall[$master]}"
done
printf 'speed-up local[2] vs local[1]: %.2fx (target >= 1.8x)\n' "$(echo "${wall[local[1]]} / ${wall[local[2]]}" | bc -l)"
