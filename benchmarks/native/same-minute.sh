#!/usr/bin/env bash
# Our one- and two-thread CPU figures beside the native libraries we measure ourselves against,
# alternated round by round so that both see the same host: OpenBLAS's and BLIS's sgemm at 1024^3
# on 1 and 2 threads against SgemmBenchmark, oneDNN's LeNet conv2 on 1 thread against
# ConvBenchmark.OneThread. On a shared host the absolute figures move from minute to minute; the
# ratio ours / native within a round leaves out what the host does to both alike, and is what
# this prints at the end.
#
#   benchmarks/native/same-minute.sh [ROUNDS]     (default 4; a round takes about 90 s)
#
# Needs gcc, g++, python3 and (Debian) libopenblas-dev libblis-pthread-dev libdnnl-dev. Our side
# runs through ./myelin bench --jmh: 1 fork, 3 warm-up and 8 measured one-second iterations.
# Writes benchmarks/native/target/same-minute.log.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/target"
ROUNDS="${1:-4}"
BLIS_LIB=/usr/lib/x86_64-linux-gnu/blis-pthread
mkdir -p "$OUT"

need() { echo "same-minute: $1 did not build; install: apt-get install libopenblas-dev libblis-pthread-dev libdnnl-dev" >&2; exit 1; }
gcc -O2 -Wall "$HERE/sgemm_cblas.c" -o "$OUT/sgemm_openblas" -lopenblas || need OpenBLAS
gcc -O2 -Wall "$HERE/sgemm_cblas.c" -o "$OUT/sgemm_blis" -L"$BLIS_LIB" -Wl,-rpath,"$BLIS_LIB" -lblis || need BLIS
g++ -O2 -Wall "$HERE/conv_onednn.cpp" -o "$OUT/conv_onednn" -ldnnl || need oneDNN

ours() {
  "$ROOT/myelin" bench --jmh "$@" -f 1 -wi 3 -i 8 -w 1 -r 1 -rf json -rff "$OUT/jmh.json" \
    > /dev/null 2> >(grep -v '^WARNING' >&2) # JMH's own Unsafe warnings
  python3 "$HERE/same_minute.py" jmh "$OUT/jmh.json"
}

"$ROOT/myelin" bench --help >/dev/null # builds benchmarks.jar before the first round, not inside it
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round $(date -u +%FT%TZ)"
  for threads in 1 2; do
    OPENBLAS_NUM_THREADS=$threads "$OUT/sgemm_openblas" 1024 openblas "sgemm-1024-${threads}T"
    BLIS_NUM_THREADS=$threads "$OUT/sgemm_blis" 1024 blis "sgemm-1024-${threads}T"
    ours "SgemmBenchmark\\.$([[ $threads == 1 ]] && echo OneThread || echo TwoThreads)" -p 'shape=1024x1024x1024 NN'
  done
  OMP_NUM_THREADS=1 "$OUT/conv_onednn"
  ours 'ConvBenchmark\.OneThread' -p backend=cpu -p layer=lenet2
done | tee "$OUT/same-minute.log"
echo
python3 "$HERE/same_minute.py" summary "$OUT/same-minute.log"
