#!/usr/bin/env python3
"""The inference of InferenceVsOrtBenchmark in PyTorch: the same two networks and weights (built by
benchmarks/onnx/export.py from the same seeds), evaluation mode under torch.inference_mode, on a
batch of NCHW images: torch.from_numpy(images) in, the outputs as a numpy array out, as a user
calls it. Prints one JSON line per network and batch with the median calls/s of the measured
one-second rounds and what torch runs on.

    /usr/bin/python3 benchmarks/pytorch/inference.py [--rounds 5] [--warmup 2] [--threads N]
        [--models lenet,resnet] [--batches 1,32,256]
"""
import argparse
import json
import os
import statistics
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "onnx")]
import export  # noqa: E402  (the networks, from the same seeds as the ONNX files)
import step_timing  # noqa: E402  (the one-second rounds)


def networks():
    torch.manual_seed(1)
    lenet = export.lenet()
    torch.manual_seed(2)
    resnet = export.ResNet()
    export.randomize_batch_norms(resnet, torch.Generator().manual_seed(2))
    return {"lenet": (lenet, (1, 28, 28)), "resnet": (resnet, (3, 32, 32))}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--models", default="lenet,resnet")
    p.add_argument("--batches", default="1,32,256")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    nets = networks()
    for name in a.models.split(","):
        model, chw = nets[name]
        model.eval()
        for batch in map(int, a.batches.split(",")):
            images = np.random.default_rng(4).random((batch, *chw), dtype=np.float32)

            def call():
                with torch.inference_mode():
                    return model(torch.from_numpy(images)).numpy()

            rates = step_timing.one_second_rounds(call, a.warmup, a.rounds)
            print(json.dumps({"bench": "pytorch-inference", "model": name, "batch": batch,
                              "calls_per_s": statistics.median(rates), "rounds": rates,
                              "torch": torch.__version__, "threads": torch.get_num_threads(),
                              "blas": torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0]}), flush=True)


if __name__ == "__main__":
    main()
