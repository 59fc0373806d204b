#!/usr/bin/env bash
# warmup-rounds.sh [ROUNDS] [VARIANT_OPTS...]: `./myelin train` (5 epochs) ROUNDS times (default 4) with the CPU
# backend's warm-up and without it (-Dmyelin.cpu.warmUp=false), alternated run by run; each extra argument is
# one more variant's MYELIN_JAVA_OPTS. Prints, per run, the warm-up's seconds, the epoch seconds (from
# history.json), the first epoch over the median of the others, the whole command's seconds and the load.
# Run from anywhere; builds first if needed (the build is not timed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-4}"
shift || true
variants=("-Dmyelin.cpu.warmUp=false" "" "$@")
"$ROOT/myelin" help >/dev/null   # builds the examples when the sources changed
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT
printf '%-32s %6s %6s  %-32s %5s %5s\n' variant wait total "epochs (s)" ratio load
for ((r = 1; r <= rounds; r++)); do
  for i in "${!variants[@]}"; do
    v="${variants[$i]}" out="$runs/$r-$i"
    start=$(date +%s.%N)
    MYELIN_JAVA_OPTS="$v" "$ROOT/myelin" train --out "$out" >"$out.log" 2>&1
    end=$(date +%s.%N)
    python3 - "$out" "${v:-(warm-up on)}" "$start" "$end" <<'EOF'
import json, re, statistics, sys
out, name, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
s = json.load(open(out + "/history.json"))["epoch_seconds"]
wait = re.search(r"kernels in ([0-9.]+)s", open(out + ".log").read())
load = open("/proc/loadavg").read().split()[0]
print("%-32s %6s %6.1f  %-32s %5.2f %5s" % (name[:32], wait[1] if wait else "-", end - start,
      " ".join("%.2f" % x for x in s), s[0] / statistics.median(s[1:]), load))
EOF
  done
done
