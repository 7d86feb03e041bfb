#!/usr/bin/env bash
# Prints seconds per LeNet-300-100 MNIST epoch for plain DL4J dense layers vs Sparse VD layers, one ND4J thread.
# Usage: bench/layer-epoch.sh [repeats]   (builds first if needed)
exec "$(dirname "${BASH_SOURCE[0]}")/java.sh" 4g LayerEpochBenchmark "${1:-2}"
