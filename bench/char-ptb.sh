#!/usr/bin/env bash
# A short character-level PTB language model with the variational LSTM (or DL4J's plain one): validation bits per
# character and LSTM sparsity as it trains, one ND4J thread.
# Usage: bench/char-ptb.sh DIR [hidden] [steps] [sparse-vd|plain] [every]
#   DIR holds ptb.char.{train,valid,test}.txt (checked against their published MD5s)
[[ $# -ge 1 ]] || { echo "usage: bench/char-ptb.sh DIR [hidden] [steps] [sparse-vd|plain] [every]" >&2; exit 2; }
exec "$(dirname "${BASH_SOURCE[0]}")/java.sh" 6g CharPtbRun "$1" "${2:-256}" "${3:-600}" "${4:-sparse-vd}" "${5:-100}"
