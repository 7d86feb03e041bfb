#!/usr/bin/env bash
# How low the convolutions of a VGG-like training step can go with oneDNN, next to PyTorch's and vdsweep's: per step
# (batch 100, one thread, forward + backward of the 13 convs) the convolutions alone as
#   - oneDNN 3.3 with activations and filters kept in its blocked layouts (a framework that kept them across layers),
#   - oneDNN 3.3 with NCHW reorders around every call (what PyTorch's and libnd4j's oneDNN calls pay),
#   - PyTorch 1.13 (bench/conv-floor/torch_convs.py), and vdsweep's ConvKernels (ConvKernelTiming).
# The four run in alternating rounds (this kind of machine drifts by tens of percent within minutes); the medians are
# printed as a Markdown table. bench/README.md has the figures.
#
# Usage: bench/conv-floor.sh [rounds] [k]     (default: 4 rounds, k = 0.25)
# Needs: g++ and PyTorch on /usr/bin/python3 (apt-get install -y g++ python3-torch); oneDNN 3.3.4 comes from Maven
# Central as JavaCPP's org.bytedeco:dnnl:3.3.4-1.5.10 (headers and libdnnl.so.3 for linux-x86_64).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-4}"
k="${2:-0.25}"
work=bench/target/conv-floor
dnnl_version=3.3.4-1.5.10
python=/usr/bin/python3
command -v g++ > /dev/null && "$python" -c "import torch" 2>/dev/null \
  || { echo "conv-floor.sh: needs g++ and PyTorch on $python (apt-get install -y g++ python3-torch)" >&2; exit 2; }
[[ -f bench/target/classpath.txt ]] || mvn -B -q -pl bench -am install -DskipTests
if [[ ! -x "$work/onednn_convs" ]]; then
  mkdir -p "$work"
  mvn -B -q dependency:copy -Dartifact="org.bytedeco:dnnl:$dnnl_version:jar:linux-x86_64" -DoutputDirectory="$work"
  (cd "$work" && unzip -q -o "dnnl-$dnnl_version-linux-x86_64.jar" 'org/bytedeco/dnnl/linux-x86_64/*')
  lib="$root/$work/org/bytedeco/dnnl/linux-x86_64"
  g++ -O2 -std=c++17 -I"$lib/include" bench/conv-floor/onednn_convs.cpp -o "$work/onednn_convs" "$lib/libdnnl.so.3" \
    -Wl,-rpath,"$lib"
fi
source "$root/bin/native-env.sh"
export OMP_NUM_THREADS=1
cp="bench/target/classes:core/target/classes:$(cat bench/target/classpath.txt)"
ms() { tail -1 | sed 's/.*: \([0-9.]*\) ms per step.*/\1/'; }
declare -A runs
for r in $(seq 1 "$rounds"); do
  runs[blocked]+="$("$work/onednn_convs" 100 "$k" blocked | ms) "
  runs[nchw]+="$("$work/onednn_convs" 100 "$k" nchw | ms) "
  runs[torch]+="$(env -u GLIBC_TUNABLES "$python" bench/conv-floor/torch_convs.py 100 "$k" | ms) "
  line="$(java @bin/java17.args -Xmx2g -cp "$cp" io.vdsweep.core.layers.ConvKernelTiming 100 "$k" 2>/dev/null | tail -1)"
  build="$(echo "$line" | sed 's/.*\[\(.*\)\]/\1/')"
  runs[vdsweep]+="$(echo "$line" | ms) "
  echo "round $r: oneDNN blocked ${runs[blocked]##* } nchw, torch, vdsweep: $(for c in blocked nchw torch vdsweep; do echo -n "$(echo ${runs[$c]} | awk '{print $NF}') "; done)" >&2
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
torch_median="$(echo "${runs[torch]}" | median)"
echo
echo "VGG-like k = $k, batch 100, one thread, $rounds alternating rounds; vdsweep build: $build"
echo
echo "| convolutions of one training step | ms per step, median (rounds) | / PyTorch's |"
echo "|---|---|---|"
for c in blocked nchw torch vdsweep; do
  case $c in
    blocked) name="oneDNN 3.3, layouts kept blocked (the floor)" ;;
    nchw) name="oneDNN 3.3, NCHW reorders around each call" ;;
    torch) name="PyTorch $("$python" -c 'import torch; print(torch.__version__)')" ;;
    vdsweep) name="vdsweep ConvKernels (libnd4j conv2d, oneDNN 2.3)" ;;
  esac
  m="$(echo "${runs[$c]}" | median)"
  echo "| $name | $m (${runs[$c]% }) | $(awk -v a="$m" -v b="$torch_median" 'BEGIN{printf "%.2f", a/b}') |"
done
