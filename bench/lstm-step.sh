#!/usr/bin/env bash
# Prints milliseconds per training step of a char-PTB-shaped LSTM language model (vocabulary 50, 100 steps, batch
# 64): DL4J's plain LSTM vs the variational LSTM of the same hidden size, one ND4J thread.
# Usage: bench/lstm-step.sh [hidden] [repeats]   (builds first if needed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f bench/target/classpath.txt ]] || mvn -B -q -pl bench -am package -DskipTests
export OMP_NUM_THREADS=1
source "$root/bin/native-env.sh"
exec java @bin/java17.args -Xmx4g -cp "bench/target/classes:core/target/classes:$(cat bench/target/classpath.txt)" \
  io.vdsweep.bench.LstmStepBenchmark "${1:-256}" "${2:-5}"
