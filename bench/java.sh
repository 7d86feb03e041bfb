#!/usr/bin/env bash
# Runs a bench main class with one ND4J thread and vdsweep's JVM flags, building the bench module first if needed.
# Usage: bench/java.sh HEAP CLASS [args...]   (CLASS without its io.vdsweep.bench. prefix)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f bench/target/classpath.txt ]] || mvn -B -q -pl bench -am package -DskipTests
export OMP_NUM_THREADS=1
source "$root/bin/native-env.sh"
heap="$1"
main="$2"
shift 2
exec java @bin/java17.args "-Xmx$heap" -cp "bench/target/classes:core/target/classes:$(cat bench/target/classpath.txt)" \
  "io.vdsweep.bench.$main" "$@"
