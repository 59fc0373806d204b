#!/usr/bin/env bash
# A training step of ours (JMH) against the same step in PyTorch, alternated round by round so both
# see the same host; prints each round's steps/s and the ratio ours / PyTorch per batch, then the
# median ratio per batch.
#
#   benchmarks/pytorch/same-minute.sh MODEL [ROUNDS] [THREADS]   (defaults: 5 rounds, as many threads as cores)
#
# MODEL: lenet     TrainStepBenchmark (configs lenet-1 to lenet-256; BATCHES=1,4,16,64,256 chooses)
#                  against lenet_step.py
#        lstm      LstmStepBenchmark against lstm_step.py (Embedding-LSTM classifier, batch 64, 200 tokens)
#        resnet    ResNetStepBenchmark against resnet_step.py (the resnet example's net, batch 64, 32x32x3)
#        inference InferenceVsOrtBenchmark (ours and ONNX Runtime's Java API in one JMH run) against
#                  inference.py, the LeNet and the residual net at batches 1, 32 and 256 (MODELS=lenet,resnet
#                  and BATCHES=1,32,256 choose); first writes the ONNX files with ../onnx/export.py.
#                  Prints per round and network/batch the three calls/s and ours/onnxruntime,
#                  ours/pytorch, then their medians. JMH: 6 warm-up and 5 measured one-second
#                  iterations; about 3.5 minutes a round.
# Every side runs on THREADS threads: ours -Dmyelin.cpu.threads, PyTorch torch.set_num_threads,
# ONNX Runtime as many intra-op threads.
#
# Steps: ours is the median of the benchmark's own measured one-second iterations after its own
# warm-up (1 fork; LeNet 8 warm-up ones, its C2 ramp, the others 5), PyTorch's the median of 5
# one-second rounds after 2 warm-up ones (step_timing.py); step_ratios.py does the arithmetic.
# A LeNet round takes about 2 minutes. ROUND_LOCK=FILE holds that flock(1) lock for each round
# only, so that other users of a shared host's lock get their turn between rounds.
#
# Needs Debian's python3-torch (1.13) and, so that PyTorch runs on OpenBLAS rather than the reference
# BLAS, libopenblas0-openmp. PyTorch runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (for its
# command only). Writes benchmarks/pytorch/target/same-minute-MODEL.log.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/target"
MODEL="${1:?usage: same-minute.sh lenet|lstm|resnet|inference [ROUNDS] [THREADS]}"
ROUNDS="${2:-5}"
THREADS="${3:-0}"
[[ "$THREADS" != 0 ]] || THREADS="$(nproc)"
JMH_ARGS=() TWIN_ARGS=()
case "$MODEL" in
  lenet) BENCH='TrainStepBenchmark\.step$'; SCRIPT=lenet_step.py; BATCHES="${BATCHES:-1,4,16,64,256}"
         JMH_ARGS=(-p "config=lenet-${BATCHES//,/,lenet-}"); TWIN_ARGS=(--batches "$BATCHES") ;;
  lstm) BENCH=LstmStepBenchmark; SCRIPT=lstm_step.py ;;
  resnet) BENCH=ResNetStepBenchmark; SCRIPT=resnet_step.py ;;
  inference) BENCH=InferenceVsOrtBenchmark; SCRIPT=inference.py ;;
  *) echo "same-minute.sh: unknown model '$MODEL' (lenet, lstm, resnet or inference)" >&2; exit 2 ;;
esac
mkdir -p "$OUT"

if [[ "$MODEL" == inference ]]; then
  MODELS="${MODELS:-lenet,resnet}"; BATCHES="${BATCHES:-1,32,256}"
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
[[ -z "${ROUND_LOCK:-}" ]] || exec 9>>"$ROUND_LOCK"
for round in $(seq 1 "$ROUNDS"); do
  [[ -z "${ROUND_LOCK:-}" ]] || flock 9
  # Other users' JMH runs hold /tmp/jmh.lock on a shared host; alternating rounds are the method there.
  MYELIN_JAVA_OPTS="${MYELIN_JAVA_OPTS:-} -Djmh.ignoreLock=true" "$ROOT/myelin" bench --jmh "$BENCH" -p backend=cpu "${JMH_ARGS[@]}" \
    -f 1 -jvmArgsAppend "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dmyelin.cpu.threads=$THREADS" \
    -rf json -rff "$OUT/jmh-$MODEL.json" > "$OUT/jmh-$MODEL.txt" 2> >(grep -v '^WARNING' >&2)
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$HERE/$SCRIPT" --threads "$THREADS" "${TWIN_ARGS[@]}" \
    > "$OUT/pytorch-$MODEL.jsonl"
  [[ -z "${ROUND_LOCK:-}" ]] || flock -u 9
  python3 "$HERE/step_ratios.py" round "$round" "$OUT/jmh-$MODEL.json" "$OUT/jmh-$MODEL.txt" "$OUT/pytorch-$MODEL.jsonl"
done | tee "$OUT/same-minute-$MODEL.log"
python3 "$HERE/step_ratios.py" summary "$OUT/same-minute-$MODEL.log"
