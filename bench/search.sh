#!/usr/bin/env bash
# Early stopping by successive halving (conf/bench/search.yaml): the sweep with its search: section and the same grid
# without it, one after the other on the same Spark master (default local[1]); prints the wall time of each, the
# epochs each trained, and per bracket every configuration's final test accuracy in the full grid beside what the
# search kept. Usage: bench/search.sh [MASTER]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
master="${1:-local[1]}"
[[ -f jobs/target/classpath.txt ]] || mvn -B -q package -DskipTests
out="$(mktemp -d /tmp/vdsweep-search.XXXXXX)"
duckdb="$(find ~/.m2/repository/org/duckdb -name 'duckdb_jdbc-*.jar' | head -1)"
# Own checkpoint folders: a sweep resumes from any checkpoint its trials left before.
sed "s|checkpoint_dir: .*|checkpoint_dir: $out/ckpt-search|" conf/bench/search.yaml > "$out/search.yaml"
sed -e '/^search:/,/^  reduction:/d' -e "s|checkpoint_dir: .*|checkpoint_dir: $out/ckpt-full|" \
    conf/bench/search.yaml > "$out/full.yaml"
for run in search full; do
  start=$(date +%s.%N)
  bin/vdsweep run "$out/$run.yaml" --master "$master" --results "$out/$run" > "$out/$run.log" 2>&1
  printf '%s: %.1f s wall; %s\n' "$run" "$(echo "$(date +%s.%N) - $start" | bc)" \
    "$(grep -E '^[0-9]+ trials: ' "$out/$run.log")"
done
java -cp "$duckdb" bench/SearchFigures.java "$out/search" "$out/full" search-lr-logsigma
echo "logs and results: $out"
