#!/usr/bin/env bash
# Prints seconds per LeNet-300-100 MNIST epoch for plain DL4J dense layers vs Sparse VD layers, one ND4J thread.
# Usage: bench/layer-epoch.sh [repeats]   (builds first if needed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f bench/target/classpath.txt ]] || mvn -B -q -pl bench -am package -DskipTests
export OMP_NUM_THREADS=1
source "$root/bin/native-env.sh"
exec java @bin/java17.args -Xmx4g -cp "bench/target/classes:core/target/classes:$(cat bench/target/classpath.txt)" \
  io.vdsweep.bench.LayerEpochBenchmark "${1:-2}"
