#!/usr/bin/env python3
"""same-minute.sh inference's arithmetic: one round's lines from JMH's JSON and inference.py's lines,
and the medians over the rounds of a log.

    inference_ratios.py round N JMH.json TORCH.jsonl    prints one line per network and batch
    inference_ratios.py summary LOG                      prints the median ratios per network and batch
"""
import json
import re
import statistics
import sys
import time


def round_lines(n, jmh_path, torch_path):
    ours, ort = {}, {}
    for r in json.load(open(jmh_path)):
        key = (r["params"]["model"], int(r["params"]["batch"]))
        (ours if r["benchmark"].endswith(".myelin") else ort)[key] = r["primaryMetric"]["score"]
    torch = {}
    for line in open(torch_path):
        if line.startswith("{"):
            t = json.loads(line)
            torch[(t["model"], t["batch"])] = t["calls_per_s"]
    for key in sorted(ours):
        o, x, t = ours[key], ort.get(key), torch.get(key)
        print("round %s %s %s batch %d: ours %.1f, onnxruntime %s, pytorch %s calls/s; ours/onnxruntime %s, ours/pytorch %s"
              % (n, time.strftime("%H:%M:%S"), key[0], key[1], o, fmt(x), fmt(t), fmt(o / x if x else None),
                 fmt(o / t if t else None)), flush=True)


def fmt(v):
    return "%.2f" % v if v is not None else "-"


def summary(log):
    ratios = {}
    for m in re.finditer(r"(\w+) batch (\d+): .*ours/onnxruntime ([0-9.]+|-), ours/pytorch ([0-9.]+|-)", open(log).read()):
        key = (m.group(1), int(m.group(2)))
        for peer, v in (("onnxruntime", m.group(3)), ("pytorch", m.group(4))):
            if v != "-":
                ratios.setdefault(key, {}).setdefault(peer, []).append(float(v))
    for key in sorted(ratios):
        parts = []
        for peer, r in sorted(ratios[key].items()):
            parts.append("ours/%s %.2f (%.2f-%.2f)" % (peer, statistics.median(r), min(r), max(r)))
        print("median over %d rounds, %s batch %d: %s" % (len(r), key[0], key[1], ", ".join(parts)))


if __name__ == "__main__":
    if sys.argv[1] == "round":
        round_lines(*sys.argv[2:5])
    else:
        summary(sys.argv[2])
