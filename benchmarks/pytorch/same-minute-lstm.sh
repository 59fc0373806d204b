#!/usr/bin/env bash
# LstmStepBenchmark (the Embedding-LSTM classifier's training step, batch 64, 200 tokens) against the
# same step in PyTorch (lstm_step.py), alternated round by round so both see the same host; prints
# each round's steps/s and the ratio ours / PyTorch, then the median ratio over the rounds.
#
#   benchmarks/pytorch/same-minute-lstm.sh [ROUNDS] [TORCH_THREADS]   (defaults 5 and PyTorch's own choice)
#
# Needs Debian's python3-torch (1.13) and, so that PyTorch runs on OpenBLAS rather than the reference
# BLAS, libopenblas0-openmp. PyTorch runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (for its
# command only), as issue 21 asks. Our side: ./myelin bench --jmh, 1 fork, 4 warm-up and 5 measured
# one-second iterations on the CPU backend. Writes benchmarks/pytorch/target/same-minute-lstm.log.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/target"
ROUNDS="${1:-5}"
THREADS="${2:-0}"
mkdir -p "$OUT"

"$ROOT/myelin" bench --help >/dev/null   # builds benchmarks.jar before the first round
for round in $(seq 1 "$ROUNDS"); do
  "$ROOT/myelin" bench --jmh 'LstmStepBenchmark' -p backend=cpu -f 1 -wi 4 -i 5 -w 1 -r 1 -rf json -rff "$OUT/jmh.json" \
    > /dev/null 2> >(grep -v '^WARNING' >&2)
  ours="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"])' "$OUT/jmh.json")"
  torch="$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$HERE/lstm_step.py" --threads "$THREADS" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["steps_per_s"])')"
  python3 -c 'import sys; o, t = map(float, sys.argv[2:]); print("round %s %s ours %.2f steps/s, pytorch %.2f steps/s, ratio %.2f" % (sys.argv[1], __import__("time").strftime("%H:%M:%S"), o, t, o / t))' \
    "$round" "$ours" "$torch"
done | tee "$OUT/same-minute-lstm.log"
python3 -c '
import re, statistics, sys
r = [float(m.group(1)) for m in re.finditer(r"ratio ([0-9.]+)", open(sys.argv[1]).read())]
print("median ratio ours / pytorch over %d rounds: %.2f (lowest %.2f, highest %.2f)" % (len(r), statistics.median(r), min(r), max(r)))
' "$OUT/same-minute-lstm.log"
