#!/usr/bin/env bash
# warmup-rounds.sh [ROUNDS] [VARIANT_OPTS...]: `./myelin train` (5 epochs) ROUNDS times (default 4) with the CPU
# backend's warm-up and without it (-Dmyelin.cpu.warmUp=false), alternated run by run; each extra argument is
# one more variant's MYELIN_JAVA_OPTS. Prints, per run, the warm-up's seconds, the epoch seconds (from
# history.json), the first epoch over the median of the others (wall time), the same ratio for the JVM's CPU
# time (all its threads, read from /proc as each epoch line is printed: the JIT's compiling shows there
# whatever else the host runs), the C2 compiler's CPU seconds in the first epoch, the whole command's
# seconds and the load. Run from anywhere; builds first if needed (the build is not timed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-4}"
shift || true
variants=("-Dmyelin.cpu.warmUp=false" "" "$@")
"$ROOT/myelin" help >/dev/null   # builds the examples when the sources changed
runs="$(mktemp -d)"
trap 'rm -rf "$runs"' EXIT
printf '%-28s %5s %6s  %-30s %5s %5s %6s %5s\n' variant wait total "epochs (s)" ratio cpu "C2 e1" load
for ((r = 1; r <= rounds; r++)); do
  for i in "${!variants[@]}"; do
    MYELIN_JAVA_OPTS="${variants[$i]}" python3 - "$ROOT/myelin" "$runs/$r-$i" "${variants[$i]:-(warm-up on)}" <<'PY'
import json, os, re, statistics, subprocess, sys, time
launcher, out, name = sys.argv[1:4]

def java_pid():   # the JVM under the launcher: the process whose command line names this run's --out
    for p in os.listdir("/proc"):
        try:
            cmd = open(f"/proc/{p}/cmdline", "rb").read().split(b"\0")
            if any(c.endswith(b"java") for c in cmd[:1]) and out.encode() in cmd: return p
        except OSError: pass

def cpu(pid):     # (all threads, C2 compiler threads) CPU seconds
    total = c2 = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try: stat = open(f"/proc/{pid}/task/{t}/stat").read()
        except OSError: continue
        fields = stat[stat.rindex(")") + 2:].split()
        s = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        total += s
        if stat[stat.index("(") + 1:].startswith("C2 CompilerThre"): c2 += s
    return total, c2

start = time.time()
proc = subprocess.Popen([launcher, "train", "--out", out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
log, marks, pid = [], [], None
for line in proc.stdout:   # marks: the summary's end (fit starts), the warm-up's end if any, each epoch's end
    log.append(line)
    if line.startswith("Non-trainable params") or line.startswith("Warm-up:") or re.match(r"Epoch \d+/", line):
        pid = pid or java_pid()
        marks.append(cpu(pid) if pid else (0, 0))
proc.wait()
end = time.time()
s = json.load(open(out + "/history.json"))["epoch_seconds"]
wait = re.search(r"Warm-up: \d+ steps of this model in ([0-9.]+)s", "".join(log))
if wait: marks.pop(0)   # epoch 1 starts when the warm-up ends
epoch_cpu = [b[0] - a[0] for a, b in zip(marks, marks[1:])]
cpu_ratio = "%5.2f" % (epoch_cpu[0] / statistics.median(epoch_cpu[1:])) if len(epoch_cpu) == len(s) > 1 else "    -"
c2 = "%6.2f" % (marks[1][1] - marks[0][1]) if len(marks) > 1 else "     -"
load = open("/proc/loadavg").read().split()[0]
print("%-28s %5s %6.1f  %-30s %5.2f %s %s %5s" % (name[:28], wait[1] if wait else "-", end - start,
      " ".join("%.2f" % x for x in s), s[0] / statistics.median(s[1:]), cpu_ratio, c2, load), flush=True)
PY
  done
done
