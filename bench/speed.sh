#!/usr/bin/env bash
# Training speed of vdsweep vs the PyTorch yardsticks, measured in the same run on the same machine and files:
# LeNet-300-100 Sparse VD (s per 60k-example MNIST epoch) and VGG-like x k on CIFAR-10, plain and Sparse VD
# (training examples/s), with 1 and 2 threads. Prints a Markdown table with the ratios (bench/README.md).
#
# Usage: bench/speed.sh [threads...]          (default: 1 2)
# Needs: the yardsticks (VDSWEEP_REFERENCE, default ../shared/reference) and PyTorch on /usr/bin/python3:
#   apt-get install -y python3-torch libopenblas0-pthread
# Environment: KS (VGG widths, default "0.25 0.5 1"), LENET_EPOCHS (default 4), VDSWEEP_ND4J_BUILD (see README),
# TORCH_GLIBC_TUNABLES=same (PyTorch with vdsweep's glibc tunables too; default: PyTorch with glibc's defaults),
# PAUSE_PIDS (processes stopped with SIGSTOP during each measured program and continued after it, e.g. a sweep's
# JVM sharing the machine; a Spark local-mode sweep paused this way for a whole table — minutes in all, up to a
# minute at a time — may exit with "unable to send heartbeats to driver"; rerun it and it resumes from its checkpoints).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ref="${VDSWEEP_REFERENCE:-$root/../shared/reference}"
threads=("${@:-1}")
[[ $# -eq 0 ]] && threads=(1 2)
ks=(${KS:-0.25 0.5 1})
lenet_epochs="${LENET_EPOCHS:-4}"
[[ -f bench/target/classpath.txt ]] || mvn -B -q -pl bench -am install -DskipTests
cp="bench/target/classes:core/target/classes:$(cat bench/target/classpath.txt)"
python=/usr/bin/python3
if ! "$python" -c "import torch" 2>/dev/null || [[ ! -f "$ref/ref_vgg.py" ]]; then
  echo "speed.sh: needs PyTorch on $python and the yardsticks in $ref (VDSWEEP_REFERENCE)" >&2
  exit 2
fi
data="${VDSWEEP_DATA_DIR:-$HOME/.cache/vdsweep/datasets}"
bin/vdsweep fetch-data mnist > /dev/null
bin/vdsweep fetch-data cifar10 > /dev/null

source "$root/bin/native-env.sh"     # vdsweep's ND4J threads and glibc tunables
pause() { [[ -z "${PAUSE_PIDS:-}" ]] || kill "-$1" $PAUSE_PIDS; }
trap 'pause CONT' EXIT
vdsweep() { pause STOP; OMP_NUM_THREADS="$1" java @bin/java17.args -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=16G \
  -cp "$cp" io.vdsweep.bench.TrainingSpeedBenchmark "${@:2}" 2>/dev/null | grep '^vdsweep'; pause CONT; }
# PyTorch runs as its yardstick README runs it (glibc defaults); TORCH_GLIBC_TUNABLES=same gives it vdsweep's.
torch() {
  pause STOP
  if [[ "${TORCH_GLIBC_TUNABLES:-default}" == same ]]; then OMP_NUM_THREADS="$1" "$python" "$ref/$2" "${@:3}"
  else env -u GLIBC_TUNABLES OMP_NUM_THREADS="$1" "$python" "$ref/$2" "${@:3}"; fi
  pause CONT
}
examples() { case "$1" in 0.25) echo 2000 ;; 0.5) echo 1000 ;; *) echo 500 ;; esac; }

rows=()
for t in "${threads[@]}"; do
  # LeNet-300-100 Sparse VD: seconds per epoch, first and last of LENET_EPOCHS (denormals show in the later ones).
  ours="$(vdsweep "$t" lenet-300-100 sparse-vd "$lenet_epochs")"
  echo "$ours" >&2
  o1=$(echo "$ours" | sed -n '1s/.*: \([0-9.]*\) s.*/\1/p'); on=$(echo "$ours" | tail -1 | sed 's/.*: \([0-9.]*\) s.*/\1/')
  build=$(echo "$ours" | tail -1 | sed 's/.*\[\(.*\)\]/\1/')
  for ftz in 1 0; do
    theirs="$(torch "$t" ref_svdo.py "$data/mnist" "$lenet_epochs" "$t" 60000 seminar "$ftz" | grep epoch_s)"
    p1=$(echo "$theirs" | head -1 | sed 's/.*"epoch_s": \([0-9.]*\).*/\1/'); pn=$(echo "$theirs" | tail -1 | sed 's/.*"epoch_s": \([0-9.]*\).*/\1/')
    rows+=("| LeNet-300-100 Sparse VD, s/epoch (first → epoch $lenet_epochs) | $t | $o1 → $on | $p1 → $pn (ftz $ftz) | $(awk -v a="$on" -v b="$pn" 'BEGIN{printf "%.2f", a/b}') (time ratio, lower is better) |")
  done
  for k in "${ks[@]}"; do
    n=$(examples "$k")
    for v in plain svd; do
      variant=$([[ $v == plain ]] && echo no-dropout || echo sparse-vd)
      ours="$(vdsweep "$t" vgg-like "$k" "$variant" "$n")"
      echo "$ours" >&2
      o=$(echo "$ours" | sed 's/.*: \([0-9.]*\) examples.*/\1/')
      theirs="$(torch "$t" ref_vgg.py "$data/cifar10" "$k" "$v" "$t" "$n" 1)"
      echo "$theirs" >&2
      p=$(echo "$theirs" | sed 's/.*: \([0-9.]*\) examples.*/\1/')
      rows+=("| VGG-like k=$k $variant, training examples/s | $t | $o | $p (ftz 1) | $(awk -v a="$o" -v b="$p" 'BEGIN{printf "%.2f", a/b}')× |")
    done
  done
done
echo
echo "vdsweep build: ${build:-?}; PyTorch glibc tunables: ${TORCH_GLIBC_TUNABLES:-default}; $(lscpu | sed -n 's/^Model name: *//p'), $(nproc --all) cores; $(date -u +%F)"
echo
echo "| work | threads | vdsweep | PyTorch | vdsweep / PyTorch |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
