#!/usr/bin/env bash
# Parameter averaging vs one worker on a heavier trial (conf/bench/averaging.yaml: VGG-like k=0.25, CIFAR-10,
# 50 steps): one trial per task, then averaging with 1 and 2 workers, in local[2]. Prints examples/s of each.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f jobs/target/classpath.txt ]] || mvn -B -q package -DskipTests
out="$(mktemp -d /tmp/vdsweep-averaging.XXXXXX)"
run() {  # name, sed expression applied to the sweep file
  sed -e "$2" conf/bench/averaging.yaml > "$out/$1.yaml"
  bin/vdsweep run "$out/$1.yaml" --master 'local[2]' --results "$out/$1" 2>/dev/null \
    | grep -E '^\[1/1\]' | sed -E "s/^.*\((.*) ex\/s.*$/$1: \1 examples\/s (training)/"
}
run task 's/  mode: task/  mode: task/'
run averaging-1 's/  mode: task/  mode: averaging/; s/  workers: 2/  workers: 1/'
run averaging-2 's/  mode: task/  mode: averaging/'
