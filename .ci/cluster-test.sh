#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1 — one master, two workers, executors in their own JVMs — started
# from the project's own Spark jars; the shaded jar is submitted with SparkSubmit for both execution modes, and the
# results are read back by a second, local-mode run that must find every trial already done.
# Needs a prior `mvn -B verify` (or package). Usage: .ci/cluster-test.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d /tmp/vdsweep-cluster.XXXXXX)"
export SPARK_HOME="$work/spark" SPARK_SCALA_VERSION=2.12
mkdir -p "$SPARK_HOME/jars"
tr ':' '\n' < jobs/target/classpath.txt | while read -r jar || [[ -n "$jar" ]]; do ln -sf "$jar" "$SPARK_HOME/jars/"; done
jar="$(ls jobs/target/vdsweep-jobs-*-all.jar)"

# The JVMs started here without spark-submit's launcher need Spark's Java 17 module flags; executors get them from
# Spark itself (SparkContext adds them to spark.executor.extraJavaOptions).
flags="$(tr '\n' ' ' < bin/java17.args)"
port=$((7100 + RANDOM % 500))
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

java $flags -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port $((port + 1)) > "$work/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  java $flags -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 3g --webui-port $((port + 1 + i)) --work-dir "$work/worker$i" "spark://127.0.0.1:$port" \
    > "$work/worker$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 60); do
  [[ $(grep -c "Registering worker" "$work/master.log" 2>/dev/null || true) -ge 2 ]] && break
  sleep 1
done
grep -q "Registering worker" "$work/master.log" || { echo "cluster did not start"; cat "$work"/*.log; exit 1; }

status=0
for sweep in conf/ci/cluster-task.yaml conf/ci/cluster-averaging.yaml; do
  echo "== spark-submit $sweep to spark://127.0.0.1:$port"
  java $flags -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" \
    --class io.vdsweep.jobs.cli.VdSweep --conf spark.driver.host=127.0.0.1 \
    --conf spark.executor.memory=2g --conf spark.executor.cores=1 --conf spark.cores.max=2 \
    --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    --conf "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=4G" \
    --driver-java-options "$flags" \
    "$jar" run "$sweep" --results "$work/results" || status=1
done
ls "$work"/worker*/app-*/ > /dev/null 2>&1 || { echo "no executor ran in a worker JVM"; status=1; }
# Every executor JVM chose its ND4J native build at start-up (NativeBackendPlugin), before any task ran.
chose="$(grep -h "chose ND4J native build" "$work"/worker*/app-*/*/stderr 2>/dev/null | sed 's/.*chose/chose/' | sort | uniq -c)"
echo "${chose:-no executor chose a native build}"
[[ -n "$chose" ]] || status=1

echo "== reading the results back (local mode): every trial must already be done"
for sweep in conf/ci/cluster-task.yaml conf/ci/cluster-averaging.yaml; do
  out="$(bin/vdsweep run "$sweep" --results "$work/results" --master 'local[1]' 2>/dev/null)"
  echo "$out" | grep -E "already done"
  echo "$out" | grep -qE "^sweep .*: ([0-9]+) trials, \1 already done" || { echo "FAIL: $sweep incomplete"; status=1; }
done
grep -h "averaging" "$work"/worker*/app-*/*/stderr > /dev/null 2>&1 || true
[[ $status -eq 0 ]] && echo "cluster test passed" || { echo "cluster test FAILED (logs in $work)"; }
exit $status
