#!/usr/bin/env bash
# The LeNet training step on 2 threads against 1, in the same JMH run: TrainStepBenchmark.step (all
# cores) and TrainStepBenchmark.OneThread.step (-Dmyelin.cpu.threads=1), back to back for each batch,
# so both see the same minute of a shared host. Prints per round the load, each batch's steps/s on
# 1 and 2 threads and their ratio, then the median ratio per batch.
#
#   benchmarks/threads.sh [ROUNDS] [CONFIGS]   (defaults 3 and lenet-1,lenet-4,lenet-16,lenet-64,lenet-256)
#
# JARS: the benchmark jars to compare, alternated round by round (default benchmarks/target/benchmarks.jar;
# build them first). LOCK: a file each jar's round holds with flock (a host shared with other benchmarks).
# JMH: 1 fork per thread count and batch (FORKS=N: N pairs of forks, 1 thread then 2, each score
# the mean of its N; forks of one build differ by up to a third at batch 1), 8 warm-up and 5
# measured one-second iterations (the benchmark's own; WARMUP=N sets N warm-up iterations, for
# forks still warming up after 8); a round of the five batches takes about 2.5 minutes per jar and
# fork pair (4.5 with WARMUP=20). Writes
# benchmarks/target/threads/threads.log (the rounds) and iterations.txt (every iteration's steps/s).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/target/threads"
ROUNDS="${1:-3}"
CONFIGS="${2:-lenet-1,lenet-4,lenet-16,lenet-64,lenet-256}"
JARS="${JARS:-$HERE/target/benchmarks.jar}"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
mkdir -p "$OUT"

one_round() { # jar, csv
  for config in ${CONFIGS//,/ }; do for _ in $(seq 1 "${FORKS:-1}"); do
    "$JAVA" -Djmh.ignoreLock=true -jar "$1" --jmh 'TrainStepBenchmark(\.OneThread)?\.step$' -p backend=cpu -p config="$config" ${WARMUP:+-wi "$WARMUP"} \
      -rf csv -rff "$OUT/part.csv" > "$OUT/jmh.txt" 2>&1 || { tail -20 "$OUT/jmh.txt" >&2; exit 1; }
    tail -n +2 "$OUT/part.csv" >> "$2"
    grep -E '^# (Benchmark|Parameters):|Iteration' "$OUT/jmh.txt" >> "$OUT/iterations.txt"   # each iteration, for the bimodal runs
  done; done
}

for round in $(seq 1 "$ROUNDS"); do
  for jar in $JARS; do
    csv="$OUT/round.csv"; : > "$csv"
    start="$(date -u +%H:%M:%S)"; load0="$(cut -d' ' -f1 /proc/loadavg)"
    if [[ -n "${LOCK:-}" ]]; then
      export -f one_round; export CONFIGS JAVA OUT WARMUP FORKS
      flock "$LOCK" bash -c 'one_round "$1" "$2"' _ "$jar" "$csv"
    else
      one_round "$jar" "$csv"
    fi
    python3 - "$round" "$(basename "$jar")" "$start" "$(date -u +%H:%M:%S)" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" "$csv" <<'EOF'
import csv, sys
rnd, jar, start, end, l0, l1, path = sys.argv[1:]
scores = {}
for row in csv.reader(open(path)):
    name, config = row[0], row[-1]
    if not name.endswith('.step'): continue
    scores.setdefault((config, 'OneThread' in name), []).append(float(row[4]))
score = {key: sum(s) / len(s) for key, s in scores.items()}
parts = []
for config in dict.fromkeys(c for c, _ in score):
    one, two = score.get((config, True)), score.get((config, False))
    if one and two: parts.append('%s 1T %.1f 2T %.1f ratio %.2f' % (config, one, two, two / one))
print('round %s %s %s-%s load %s-%s | %s' % (rnd, jar, start, end, l0, l1, ' | '.join(parts)), flush=True)
EOF
  done
done | tee "$OUT/threads.log"
python3 - "$OUT/threads.log" <<'EOF'
import re, statistics, sys
ratios = {}
for line in open(sys.argv[1]):
    jar = line.split()[2]
    for config, r in re.findall(r'(\S+) 1T \S+ 2T \S+ ratio ([0-9.]+)', line):
        ratios.setdefault((jar, config), []).append(float(r))
for (jar, config), r in ratios.items():
    print('%s %s: 2 threads / 1, median %.2f (%s)' % (jar, config, statistics.median(r), ', '.join('%.2f' % x for x in r)))
EOF
