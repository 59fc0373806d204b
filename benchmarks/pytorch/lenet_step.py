#!/usr/bin/env python3
"""The LeNet's training step of TrainStepBenchmark (configs lenet-1 to lenet-256), in PyTorch.

Input 28x28x1; Conv2d 20 5x5 (valid), relu, MaxPool 2; Conv2d 50 5x5, relu, MaxPool 2; flatten;
Linear(800, 500), relu; Linear(500, 10); cross-entropy on the logits (Keras's sparse categorical
cross-entropy with from_logits=True); Adam(1e-3); 431,080 parameters, as Models.lenet(). A pool of
batches (step_timing.pool_batches), images uniform in [-1, 1), labels uniform in 0..9, channels-last
(torch.channels_last) as Myelin's NHWC: on this 2-core machine PyTorch 1.13 stepped as fast or up
to 1.4x faster than in NCHW at batches 16 to 256 (1 thread, 2 alternated runs). CPU. One JSON line
per batch (step_timing.py).

    /usr/bin/python3 benchmarks/pytorch/lenet_step.py [--rounds 5] [--warmup 2] [--threads N]
        [--batches 1,4,16,64,256]
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import step_timing  # noqa: E402


def lenet():
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


def main():
    a = step_timing.arguments(__doc__, batches="1,4,16,64,256")
    for batch in a.batches:
        model = lenet().to(memory_format=torch.channels_last)
        n = step_timing.pool_batches(batch, 28 * 28)
        images = [(torch.rand(batch, 1, 28, 28) * 2 - 1).contiguous(memory_format=torch.channels_last) for _ in range(n)]
        labels = [torch.randint(0, 10, (batch,)) for _ in range(n)]
        step_timing.time_steps("pytorch-lenet-step", model, nn.functional.cross_entropy, images, labels, a)


if __name__ == "__main__":
    main()
