"""Helpers for same-minute.sh.

  same_minute.py jmh FILE.json   one line per benchmark of a JMH JSON result, in the natives' format
  same_minute.py summary LOG     per figure: medians over the rounds of ours, of each native, and of
                                 the per-round ratio ours / native (a ratio is taken only within a round)
"""
import json
import re
import statistics
import sys

FIGURES = {
    "SgemmBenchmark.OneThread.sgemm": "sgemm-1024-1T",
    "SgemmBenchmark.TwoThreads.sgemm": "sgemm-1024-2T",
    "ConvBenchmark.OneThread.forward": "lenet2-forward-1T",
    "ConvBenchmark.OneThread.backwardData": "lenet2-backwardData-1T",
    "ConvBenchmark.OneThread.backwardFilter": "lenet2-backwardFilter-1T",
}
LINE = re.compile(r"^(\S+) (\S+) median ([0-9.]+) GFLOP/s")


def jmh(path):
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit("benchmarks.", 1)[-1]
        values = [v / 1e9 for fork in result["secondaryMetrics"]["flops"]["rawData"] for v in fork]
        print("ours %s median %.1f GFLOP/s (lowest %.1f highest %.1f)"
              % (FIGURES.get(name, name), statistics.median(values), min(values), max(values)))


def summary(path):
    rounds = []  # one {(source, figure): GFLOP/s} per round
    for line in open(path):
        if line.startswith("== round"):
            rounds.append({})
        elif (m := LINE.match(line)) and rounds:
            rounds[-1][(m.group(1), m.group(2))] = float(m.group(3))
    figures = sorted({f for r in rounds for (_, f) in r})
    print("%-26s %-9s %8s %8s %s" % ("figure", "native", "ours", "native", "ours/native per round: median (lowest-highest)"))
    for figure in figures:
        natives = sorted({s for r in rounds for (s, f) in r if f == figure and s != "ours"})
        for native in natives:
            pairs = [(r[("ours", figure)], r[(native, figure)]) for r in rounds
                     if ("ours", figure) in r and (native, figure) in r]
            if not pairs:
                continue
            ratios = [o / n for o, n in pairs]
            print("%-26s %-9s %8.1f %8.1f %.2f (%.2f-%.2f), %d rounds"
                  % (figure, native, statistics.median(o for o, _ in pairs), statistics.median(n for _, n in pairs),
                     statistics.median(ratios), min(ratios), max(ratios), len(pairs)))


if __name__ == "__main__":
    {"jmh": jmh, "summary": summary}[sys.argv[1]](sys.argv[2])
