#!/usr/bin/env bash
# slow-forks.sh [RUNS] [FORKS] [JVM_OPTS]: LeNet's batch-256 inference (InferenceVsOrtBenchmark.myelin, 1 thread)
# in FORKS fresh JVMs per run (default 3 runs of 16), each 2 warm-up and 2 measured one-second iterations, and
# prints every fork's calls/s (its second measured iteration) and how many ran below half the run's median.
# Counts the JVMs whose JIT compiled a kernel into its slow form (benchmarks/RESULTS.md, "Slow JVMs").
# JVM_OPTS go to every fork (e.g. -Dmyelin.cpu.vectorBits=256); JARS alternates builds run by run
# (default benchmarks/target/benchmarks.jar; build it first). Needs the ONNX files of
# benchmarks/onnx/export.py in benchmarks/pytorch/target/onnx (same-minute.sh makes them).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNS="${1:-3}"
FORKS="${2:-16}"
OPTS="${3:-}"
JARS="${JARS:-$HERE/target/benchmarks.jar}"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
OUT="$HERE/target/slow-forks"
mkdir -p "$OUT"
for run in $(seq 1 "$RUNS"); do
  for jar in $JARS; do
    start="$(date -u +%H:%M:%S)"; load="$(cut -d' ' -f1 /proc/loadavg)"
    "$JAVA" -Djmh.ignoreLock=true -jar "$jar" --jmh 'InferenceVsOrtBenchmark.myelin$' -p model=lenet -p batch=256 \
      -f "$FORKS" -wi 2 -i 2 -w 1 -r 1 -jvmArgsAppend "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
-Dmyelin.onnx.dir=$HERE/pytorch/target/onnx -Dmyelin.cpu.threads=1 $OPTS" > "$OUT/jmh.txt" 2>&1 \
      || { tail -20 "$OUT/jmh.txt" >&2; exit 1; }
    grep '^Iteration   2:' "$OUT/jmh.txt" | awk '{print $3}' | python3 -c '
import statistics, sys
run, jar, start, load = sys.argv[1:]
scores = [float(s) for s in sys.stdin.read().split()]
median = statistics.median(scores)
slow = sum(s < median / 2 for s in scores)
print("run %s %s %s UTC load %s | %s | %d of %d below half the median (%.0f)" % (run, jar, start, load,
      " ".join("%.0f" % s for s in scores), slow, len(scores), median), flush=True)' "$run" "$(basename "$jar")" "$start" "$load"
  done
done
