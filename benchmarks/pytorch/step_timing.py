"""What the PyTorch training-step twins (lenet_step.py, resnet_step.py, lstm_step.py) share: the
command line, one step as Myelin's StepBenchmark runs it, the timing (inference.py's too) and the
JSON line.

A step: the gradients dropped (set to None, as ours), forward in training mode, the loss, backward,
Adam(1e-3)'s update, on the next batch of a pool (pool_batches: the rule of StepBenchmark, which
says why a pool and not one batch). Timing: one-second rounds of as many steps as fit; the first
--warmup rounds are dropped and the median of the next --rounds is reported, one JSON line per batch
with what torch runs on and the model's parameter count (the Java side prints its own: equal
counts, same layers).
"""
import argparse
import itertools
import json
import statistics
import time

import torch


def arguments(doc, batches=None):
    """Parses --rounds, --warmup, --threads (torch.set_num_threads; 0: torch's own choice) and, where
    the Java benchmark has several, --batches; seeds torch."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=0)
    if batches:
        p.add_argument("--batches", default=batches, help="comma-separated (default %(default)s)")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    if batches:
        a.batches = [int(b) for b in a.batches.split(",")]
    torch.manual_seed(1)
    return a


def one_second_rounds(call, warmup, rounds):
    """Calls per second in each of `rounds` one-second rounds of as many calls as fit, after `warmup`
    such rounds."""
    rates = []
    for r in range(warmup + rounds):
        start, calls = time.perf_counter(), 0
        while time.perf_counter() - start < 1.0:
            call()
            calls += 1
        if r >= warmup:
            rates.append(calls / (time.perf_counter() - start))
    return rates


POOL_SAMPLES, POOL_FLOATS = 8192, 8 << 20


def pool_batches(batch, floats_per_sample):
    """How many batches a pool holds: StepBenchmark.poolBatches (8,192 samples, at most 8 Mi input floats)."""
    return max(1, min(POOL_SAMPLES, POOL_FLOATS // floats_per_sample) // batch)


def time_steps(bench, model, loss, inputs, labels, a):
    """Times Adam steps of model, each on the next of the batches `inputs` and `labels` (lists of
    equal length, used in turn), and prints the JSON line."""
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    batches = itertools.cycle(zip(inputs, labels))

    def step():
        x, y = next(batches)
        adam.zero_grad(set_to_none=True)
        loss(model(x), y).backward()
        adam.step()

    rates = one_second_rounds(step, a.warmup, a.rounds)
    batch = len(labels[0])
    print(json.dumps({"bench": bench, "batch": batch, "steps_per_s": statistics.median(rates),
                      "samples_per_s": statistics.median(rates) * batch, "rounds": rates,
                      "parameters": sum(p.numel() for p in model.parameters()),
                      "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0]}), flush=True)
