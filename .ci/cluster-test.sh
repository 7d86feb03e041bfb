#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1 — one master, two workers, executors in their own JVMs — started
# from the project's own Spark jars; the shaded jar is submitted with SparkSubmit for both execution modes, and the
# results are read back by a second, local-mode run that must find every trial already done. Then the fault test:
# an executor JVM killed with -9 mid-sweep, in both modes, and every trial OK exactly once.
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

submit() {
  java $flags -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" \
    --class io.vdsweep.jobs.cli.VdSweep --conf spark.driver.host=127.0.0.1 \
    --conf spark.executor.memory=2g --conf spark.executor.cores=1 --conf spark.cores.max=2 \
    --conf spark.executorEnv.OMP_NUM_THREADS=1 \
    --conf "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=4G" \
    --driver-java-options "$flags" \
    "$jar" run "$1" --results "$work/results"
}

status=0
for sweep in conf/ci/cluster-task.yaml conf/ci/cluster-averaging.yaml; do
  echo "== spark-submit $sweep to spark://127.0.0.1:$port"
  submit "$sweep" || status=1
done
ls "$work"/worker*/app-*/ > /dev/null 2>&1 || { echo "no executor ran in a worker JVM"; status=1; }
# Every executor JVM chose its ND4J native build at start-up (NativeBackendPlugin), before any task ran.
chose="$(grep -h "chose ND4J native build" "$work"/worker*/app-*/*/stderr 2>/dev/null | sed 's/.*chose/chose/' | sort | uniq -c)"
echo "${chose:-no executor chose a native build}"
[[ -n "$chose" ]] || status=1

# Fault: kill -9 one executor JVM while trials train, in both modes. The worker starts a new executor, Spark reruns
# the lost task (the console says so), and every trial still ends OK exactly once.
for sweep in conf/ci/fault-task.yaml conf/ci/fault-averaging.yaml; do
  echo "== spark-submit $sweep, kill -9 of an executor while it trains"
  log="$work/$(basename "$sweep" .yaml).log"
  submit "$sweep" > "$log" 2>&1 &
  driver=$!
  for _ in $(seq 120); do grep -q " to run " "$log" && break; sleep 1; done
  sleep 8     # past the data check, into the first trials (4 trials of several seconds on 2 slots)
  victim="$(pgrep -f CoarseGrainedExecutorBackend | head -1 || true)"
  [[ -n "$victim" ]] && kill -9 "$victim" && echo "killed executor JVM $victim"
  wait "$driver" || { echo "FAIL: $sweep did not finish after the kill"; status=1; }
  grep -E "^spark: a task of|^\[[0-9]+/[0-9]+\]" "$log" || true
  # In task mode the executors are busy throughout, so the kill always takes a running trial with it and the console
  # must say so. Averaging runs short rounds with idle gaps between them: the kill may land in one, losing no task.
  if [[ "$sweep" == *task* ]]; then
    grep -q "^spark: a task of .* failed on executor" "$log" \
      || { echo "FAIL: $sweep: the console did not report the lost task"; status=1; }
  fi
done

echo "== reading the results back (local mode): every trial must already be done, OK exactly once"
duckdb="$(find ~/.m2/repository/org/duckdb -name 'duckdb_jdbc-*.jar' | head -1)"
for sweep in conf/ci/cluster-task.yaml conf/ci/cluster-averaging.yaml conf/ci/fault-task.yaml \
    conf/ci/fault-averaging.yaml; do
  out="$(bin/vdsweep run "$sweep" --results "$work/results" --master 'local[1]' 2>/dev/null)"
  echo "$out" | grep -E "already done"
  echo "$out" | grep -qE "^sweep .*: ([0-9]+) trials, \1 already done" || { echo "FAIL: $sweep incomplete"; status=1; }
  java -cp "$duckdb" .ci/CountOk.java "$work/results" "$(basename "$sweep" .yaml)" || status=1
done
grep -h "averaging" "$work"/worker*/app-*/*/stderr > /dev/null 2>&1 || true
[[ $status -eq 0 ]] && echo "cluster test passed" || { echo "cluster test FAILED (logs in $work)"; }
exit $status
