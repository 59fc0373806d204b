#!/usr/bin/env bash
# A training step of ours (JMH) against the same step in PyTorch, alternated round by round so both
# see the same host; prints each round's steps/s and the ratio ours / PyTorch, then the median ratio.
#
#   benchmarks/pytorch/same-minute.sh MODEL [ROUNDS] [TORCH_THREADS]   (defaults 5 and PyTorch's own choice)
#
# MODEL: lstm      LstmStepBenchmark against lstm_step.py (Embedding-LSTM classifier, batch 64, 200 tokens)
#        resnet    ResNetStepBenchmark against resnet_step.py (the resnet example's net, batch 64, 32x32x3)
#        inference InferenceVsOrtBenchmark (ours and ONNX Runtime's Java API in one JMH run) against
#                  inference.py, the LeNet and the residual net at batches 1, 32 and 256 (MODELS=lenet,resnet
#                  and BATCHES=1,32,256 choose); first writes the ONNX files with ../onnx/export.py. All
#                  three run on TORCH_THREADS threads (ours -Dmyelin.cpu.threads, ONNX Runtime as many
#                  intra-op threads), by default as many as there are cores. Prints per
#                  round and network/batch the three calls/s and ours/onnxruntime, ours/pytorch, then their
#                  medians. JMH: 6 warm-up and 5 measured one-second iterations; about 3.5 minutes a round.
#
# Needs Debian's python3-torch (1.13) and, so that PyTorch runs on OpenBLAS rather than the reference
# BLAS, libopenblas0-openmp. PyTorch runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (for its
# command only). Our side: ./myelin bench --jmh, 1 fork, 4 warm-up and 5 measured
# one-second iterations on the CPU backend. Writes benchmarks/pytorch/target/same-minute-MODEL.log.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/target"
MODEL="${1:?usage: same-minute.sh lstm|resnet [ROUNDS] [TORCH_THREADS]}"
ROUNDS="${2:-5}"
THREADS="${3:-0}"
case "$MODEL" in
  lstm) BENCH=LstmStepBenchmark; SCRIPT=lstm_step.py ;;
  resnet) BENCH=ResNetStepBenchmark; SCRIPT=resnet_step.py ;;
  inference) BENCH=InferenceVsOrtBenchmark; SCRIPT=inference.py ;;
  *) echo "same-minute.sh: unknown model '$MODEL' (lstm, resnet or inference)" >&2; exit 2 ;;
esac
mkdir -p "$OUT"

if [[ "$MODEL" == inference ]]; then
  MODELS="${MODELS:-lenet,resnet}"; BATCHES="${BATCHES:-1,32,256}"
  [[ "$THREADS" == 0 ]] && THREADS="$(nproc)"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$ROOT/benchmarks/onnx/export.py" --out "$OUT/onnx"
  "$ROOT/myelin" bench --help >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    MYELIN_JAVA_OPTS="${MYELIN_JAVA_OPTS:-} -Djmh.ignoreLock=true" "$ROOT/myelin" bench --jmh "$BENCH" -p model="$MODELS" -p batch="$BATCHES" \
      -f 1 -wi 6 -i 5 -w 1 -r 1 -jvmArgsAppend "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dmyelin.onnx.dir=$OUT/onnx -Dmyelin.cpu.threads=$THREADS" \
      -rf json -rff "$OUT/jmh-inference.json" > "$OUT/jmh-inference.txt" 2> >(grep -v '^WARNING' >&2)
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$HERE/$SCRIPT" --threads "$THREADS" --models "$MODELS" --batches "$BATCHES" \
      > "$OUT/pytorch-inference.jsonl"
    python3 "$HERE/inference_ratios.py" round "$round" "$OUT/jmh-inference.json" "$OUT/pytorch-inference.jsonl"
  done | tee "$OUT/same-minute-inference.log"
  python3 "$HERE/inference_ratios.py" summary "$OUT/same-minute-inference.log"
  exit 0
fi

"$ROOT/myelin" bench --help >/dev/null   # builds benchmarks.jar before the first round
for round in $(seq 1 "$ROUNDS"); do
  # Other users' JMH runs hold /tmp/jmh.lock on a shared host; alternating rounds are the method there.
  MYELIN_JAVA_OPTS="${MYELIN_JAVA_OPTS:-} -Djmh.ignoreLock=true" "$ROOT/myelin" bench --jmh "$BENCH" -p backend=cpu -f 1 -wi 4 -i 5 -w 1 -r 1 -rf json -rff "$OUT/jmh-$MODEL.json" \
    > /dev/null 2> >(grep -v '^WARNING' >&2)
  ours="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"])' "$OUT/jmh-$MODEL.json")"
  torch="$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$HERE/$SCRIPT" --threads "$THREADS" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["steps_per_s"])')"
  python3 -c 'import sys; o, t = map(float, sys.argv[2:]); print("round %s %s ours %.2f steps/s, pytorch %.2f steps/s, ratio %.2f" % (sys.argv[1], __import__("time").strftime("%H:%M:%S"), o, t, o / t))' \
    "$round" "$ours" "$torch"
done | tee "$OUT/same-minute-$MODEL.log"
python3 -c '
import re, statistics, sys
r = [float(m.group(1)) for m in re.finditer(r"ratio ([0-9.]+)", open(sys.argv[1]).read())]
print("median ratio ours / pytorch over %d rounds: %.2f (lowest %.2f, highest %.2f)" % (len(r), statistics.median(r), min(r), max(r)))
' "$OUT/same-minute-$MODEL.log"
