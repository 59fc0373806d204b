#!/usr/bin/env bash
# gpu-check.sh: Myelin's first run on a GPU host, in one go (under 10 minutes on an H100).
#
#   bin/gpu-check.sh DIST OUT [MNIST_DIR]
#
# DIST is the distribution folder (the one holding bin/myelin, built by `mvn -Pdist -DskipTests package`),
# OUT a folder for the logs and summary.md, MNIST_DIR the four MNIST IDX files (.gz or not; without it the
# LeNet trains on the 10,000-image subset inside the distribution). Needs no JDK and no Maven: the
# distribution brings its Java runtime and its test jars. Steps, each with its own time limit (together 590 s,
# so the whole check ends inside 10 minutes even when a step hangs):
#   1. versions.log  GPU, driver and CUDA (nvidia-smi), and what Myelin finds: driver, cuBLAS, cuDNN, NVRTC, device
#   2. suite.log     the whole test suite, gpu tests included; where a GPU is found MYELIN_REQUIRE_GPU=1,
#                    so a gpu test that cannot run fails instead of skipping (junit/ holds JUnit's XML reports)
#   3. train.log     the LeNet on MNIST, 3 epochs, --backend cuda (the model and history in lenet/)
#   4. bench.log     the GPU benchmarks (JMH, short runs: matmul, convolution, training step; bench.json)
# then summary.md, one page. Exit status: 0 when every step that ran passed, 1 otherwise.
set -uo pipefail

usage() { echo "usage: $0 DIST OUT [MNIST_DIR]" >&2; exit 2; }
(($# >= 2 && $# <= 3)) || usage
DIST="$(cd "$1" 2>/dev/null && pwd)" || { echo "gpu-check: no folder $1" >&2; exit 2; }
[[ -x "$DIST/bin/myelin" && -x "$DIST/runtime/bin/java" ]] || { echo "gpu-check: $DIST is not a Myelin distribution (no bin/myelin or runtime/)" >&2; exit 2; }
mkdir -p "$2" || exit 2
OUT="$(cd "$2" && pwd)"
MNIST="${3:-}"
if [[ -n "$MNIST" && ! -d "$MNIST" ]]; then echo "gpu-check: no MNIST folder $MNIST" >&2; exit 2; fi
MYELIN="$DIST/bin/myelin"
START=$(date +%s)
declare -A STATUS SECONDS_TAKEN

# Runs step $1 with time limit $2 (seconds), output to $OUT/$1.log; records its status and time.
step() {
  local name="$1" limit="$2" t0 rc
  shift 2
  t0=$(date +%s)
  echo "gpu-check: $name (limit ${limit}s)..."
  timeout --kill-after=10 "$limit" "$@" >"$OUT/$name.log" 2>&1
  rc=$?
  SECONDS_TAKEN[$name]=$(($(date +%s) - t0))
  if ((rc == 124 || rc == 137)); then STATUS[$name]="TIMED OUT after ${limit}s"
  elif ((rc == 0)); then STATUS[$name]="passed"
  else STATUS[$name]="FAILED (exit $rc)"; fi
  echo "gpu-check: $name ${STATUS[$name]} in ${SECONDS_TAKEN[$name]}s"
}

# ---- 1. versions ----
versions() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); host: $(hostname); distribution: $DIST"
  if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader 2>&1 | sed 's/^/gpu: /'
    nvidia-smi 2>&1 | sed -n 's/.*\(CUDA Version: [0-9.]*\).*/nvidia-smi: \1/p'
  else
    echo "nvidia-smi: not found"
  fi
  "$DIST/runtime/bin/java" --enable-native-access=ALL-UNNAMED -cp "$DIST/lib/*" dev.myelin.cuda.CudaInfo || true
}
export DIST
step versions 60 bash -c "$(declare -f versions); versions"
# CudaInfo's last line: "backend: <device description>" when the backend started, "backend: unavailable: ..." or "backend: FAILED ..."
GPU=0
BACKEND_LINE="$(sed -n 's/^backend: //p' "$OUT/versions.log" | tail -n 1)"
[[ -n "$BACKEND_LINE" && "$BACKEND_LINE" != unavailable* ]] && GPU=1   # a device that fails to start counts: its errors must show
NO_GPU_REASON="$BACKEND_LINE"

# ---- 2. the suite ----
if ((GPU)); then export MYELIN_REQUIRE_GPU=1; fi
step suite 300 "$MYELIN" test --reports-dir "$OUT/junit"

# ---- 3. LeNet on MNIST ----
train_args=(train --backend cuda --epochs 3 --out "$OUT/lenet")
[[ -n "$MNIST" ]] && train_args+=(--data "$MNIST")
step train 120 "$MYELIN" "${train_args[@]}"

# ---- 4. GPU benchmarks ----
if ((GPU)); then
  # 16 benchmark runs of about 5 s each (a fork, 1 warm-up and 2 measured seconds): matmul at four shapes, the convolutions
  # and the training steps; enough to compare with benchmarks/RESULTS.md, short enough for the 10-minute budget
  step bench 110 "$MYELIN" bench 'MatmulBenchmark|ConvBenchmark|TrainStepBenchmark' -p backend=cuda \
    -p shape="1024x1024x1024 NN,2048x2048x2048 NN,64x800x500 NN,128x784x128 NN" \
    -f 1 -wi 1 -w 1s -i 2 -r 1s -rf json -rff "$OUT/bench.json"
else
  STATUS[bench]="not run: no GPU"; SECONDS_TAKEN[bench]=0
fi

# ---- summary ----
# JUnit's summary box: "[        33 tests aborted    ]" and so on
suite_line() { grep -E '^\[ *[0-9]+ tests (successful|failed|aborted|skipped) *\]' "$OUT/suite.log" | sed 's/[][]//g; s/^ *//; s/ *$//; s/  */ /g' | paste -sd ',' - | sed 's/,/, /g'; }
{
  echo "# Myelin GPU check"
  echo
  echo "$(head -n 1 "$OUT/versions.log")"
  echo
  if ((GPU)); then echo "Verdict: a GPU was found; gpu tests were required to run (MYELIN_REQUIRE_GPU=1)."
  else echo "Verdict: NO GPU here, so the gpu tests were skipped, the cuda training could not start and the GPU benchmarks did not run. Reason: $NO_GPU_REASON"; fi
  echo
  echo "## Versions (${STATUS[versions]})"
  echo
  sed -n '2,$p' "$OUT/versions.log" | sed 's/^/    /'
  echo
  echo "## Test suite (${STATUS[suite]}, ${SECONDS_TAKEN[suite]}s)"
  echo
  echo "    $(suite_line) (aborted: skipped by an assumption, such as the gpu tests without a GPU)"
  grep -hE "^gpu tests run on |^no usable GPU, CUDA tests skipped" "$OUT/suite.log" | head -n 1 | cut -c1-400 | sed 's/^/    /'
  if [[ -d "$OUT/junit" ]]; then
    # JUnit's XML: the test cases that hold a <failure> or an <error>
    awk '/<testcase /{match($0, /name="[^"]*"/); n=substr($0, RSTART+6, RLENGTH-7); match($0, /classname="[^"]*"/); c=substr($0, RSTART+11, RLENGTH-12)}
         /<failure|<error/{print "    FAILED " c "." n}' "$OUT"/junit/*.xml 2>/dev/null | sort -u | head -n 20
  fi
  echo
  if [[ -n "$MNIST" ]]; then data="MNIST from $MNIST"; else data="the embedded 10,000-image MNIST subset"; fi
  echo "## LeNet, $data, 3 epochs, --backend cuda (${STATUS[train]}, ${SECONDS_TAKEN[train]}s)"
  echo
  tr '\r' '\n' <"$OUT/train.log" | grep -E "^Running on|^Epoch [0-9]|^test (accuracy|loss)|^myelin: " | cut -c1-300 | head -n 12 | sed 's/^/    /'
  echo
  echo "## GPU benchmarks (${STATUS[bench]}, ${SECONDS_TAKEN[bench]}s)"
  echo
  if [[ -f "$OUT/bench.log" ]]; then
    sed -n '/^Benchmark /,$p' "$OUT/bench.log" | head -n 30 | sed 's/^/    /'
  fi
  echo
  echo "Total: $(($(date +%s) - START))s. Logs: versions.log, suite.log (junit/), train.log (lenet/), bench.log (bench.json), all in $OUT."
} >"$OUT/summary.md"
cat "$OUT/summary.md"
# With a GPU every step must pass; without one only the suite can (the rest needs the GPU).
if ((GPU)); then
  for s in versions suite train bench; do [[ "${STATUS[$s]}" == passed ]] || exit 1; done
else
  [[ "${STATUS[suite]}" == passed ]] || exit 1
fi
exit 0
