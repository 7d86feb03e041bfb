#!/usr/bin/env bash
# Prints milliseconds per training step of a char-PTB-shaped LSTM language model (vocabulary 50, 100 steps, batch
# 64): DL4J's plain LSTM vs the variational LSTM of the same hidden size, one ND4J thread.
# Usage: bench/lstm-step.sh [hidden] [repeats]   (builds first if needed)
exec "$(dirname "${BASH_SOURCE[0]}")/java.sh" 4g LstmStepBenchmark "${1:-256}" "${2:-5}"
