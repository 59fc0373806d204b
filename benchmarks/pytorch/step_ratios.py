#!/usr/bin/env python3
"""same-minute.sh's arithmetic for the training steps (lenet, resnet, lstm): one round's lines from
JMH's JSON and text output and a twin's JSON lines, and the medians over the rounds of a log.

    step_ratios.py round N JMH.json JMH.txt TORCH.jsonl   one line per batch: ours, PyTorch, ratio
    step_ratios.py summary LOG                            the median ratio per batch over the rounds

Ours is the median of JMH's measured iterations (steps/s), PyTorch's the median of its one-second
rounds. A JMH result's batch is its `config` parameter's number (TrainStepBenchmark's lenet-16) or,
for a benchmark of one batch, the twin's only batch. Round 1 also prints both sides' parameter counts.
"""
import json
import re
import statistics
import sys
import time


def ours_by_batch(jmh_json):
    """{batch or None: median steps/s of the measured iterations} from JMH's JSON."""
    ours = {}
    for r in json.load(open(jmh_json)):
        config = r["params"].get("config")
        batch = int(config.rsplit("-", 1)[1]) if config else None
        ours[batch] = statistics.median(v for fork in r["primaryMetric"]["rawData"] for v in fork)
    return ours


def twin_by_batch(torch_jsonl):
    """{batch: (steps/s, parameters)} from a twin's JSON lines."""
    return {t["batch"]: (t["steps_per_s"], t["parameters"])
            for t in map(json.loads, (l for l in open(torch_jsonl) if l.startswith("{")))}


def our_parameters(jmh_txt):
    """The counts StepBenchmark's forks print ('myelin: 431080 parameters', inside JMH's lines)."""
    return sorted({int(n) for n in re.findall(r"myelin: (\d+) parameters", open(jmh_txt).read())})


def round_lines(n, jmh_json, jmh_txt, torch_jsonl):
    ours, twin = ours_by_batch(jmh_json), twin_by_batch(torch_jsonl)
    if list(ours) == [None] and len(twin) == 1:
        ours = {next(iter(twin)): ours[None]}
    theirs = sorted({p for _, p in twin.values()})
    mine = our_parameters(jmh_txt)
    if n == "1":
        print("parameters: ours %s, pytorch %s%s" % (mine, theirs, "" if mine == theirs else " (they differ)"))
    for batch in sorted(ours):
        o = ours[batch]
        t = twin.get(batch, (None,))[0]
        print("round %s %s batch %d: ours %.2f, pytorch %s steps/s, ratio %s"
              % (n, time.strftime("%H:%M:%S"), batch, o, fmt(t), fmt(o / t if t else None)), flush=True)


def fmt(v):
    return "%.2f" % v if v is not None else "-"


def summary(log):
    ratios = {}
    for m in re.finditer(r"batch (\d+): .*ratio ([0-9.]+)", open(log).read()):
        ratios.setdefault(int(m.group(1)), []).append(float(m.group(2)))
    for batch, r in sorted(ratios.items()):
        print("median ratio ours / pytorch over %d rounds, batch %d: %.2f (lowest %.2f, highest %.2f)"
              % (len(r), batch, statistics.median(r), min(r), max(r)))


if __name__ == "__main__":
    if sys.argv[1] == "round":
        round_lines(*sys.argv[2:6])
    else:
        summary(sys.argv[2])
