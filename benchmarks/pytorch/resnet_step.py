#!/usr/bin/env python3
"""The residual net's training step of ResNetStepBenchmark (the resnet example's net), in PyTorch.

Input 32x32x3; Conv2d 16 3x3 same no bias, BatchNorm2d, relu; a block of Conv2d, BatchNorm2d, relu,
Conv2d, BatchNorm2d, added to the block's input, relu; global average pooling; Linear(16, 10);
cross-entropy on the logits (the softmax and sparse categorical cross-entropy of the Keras model);
Adam(1e-3). A batch of 64 images, channels-last (torch.channels_last), as Myelin's NHWC. BatchNorm2d
with eps 1e-3 and momentum 0.01, Keras's epsilon 1e-3 and momentum 0.99. CPU. Prints one JSON line
with the median steps/s of the measured one-second rounds and what torch runs on.

    python3 benchmarks/pytorch/resnet_step.py [--rounds 5] [--warmup 5] [--threads N] [--blocks 1]
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn

BATCH, SIDE, CHANNELS, FILTERS, CLASSES = 64, 32, 3, 16, 10


def conv_bn(cin):
    return [nn.Conv2d(cin, FILTERS, 3, padding=1, bias=False), nn.BatchNorm2d(FILTERS, eps=1e-3, momentum=0.01)]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(*conv_bn(FILTERS), nn.ReLU(), *conv_bn(FILTERS))

    def forward(self, x):
        return torch.relu(self.body(x) + x)


class ResNet(nn.Module):
    def __init__(self, blocks):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(CHANNELS), nn.ReLU())
        self.blocks = nn.Sequential(*[Block() for _ in range(blocks)])
        self.dense = nn.Linear(FILTERS, CLASSES)

    def forward(self, x):
        return self.dense(self.blocks(self.stem(x)).mean(dim=(2, 3)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--blocks", type=int, default=1)
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = ResNet(a.blocks).to(memory_format=torch.channels_last)
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    images = torch.rand(BATCH, CHANNELS, SIDE, SIDE).contiguous(memory_format=torch.channels_last)
    labels = torch.randint(0, CLASSES, (BATCH,))

    def step():
        adam.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(images), labels)
        loss.backward()
        adam.step()

    rates = []
    for r in range(a.warmup + a.rounds):
        start, steps = time.perf_counter(), 0
        while time.perf_counter() - start < 1.0:
            step()
            steps += 1
        if r >= a.warmup:
            rates.append(steps / (time.perf_counter() - start))
    print(json.dumps({"bench": "pytorch-resnet-step", "steps_per_s": statistics.median(rates),
                      "images_per_s": statistics.median(rates) * BATCH, "rounds": rates,
                      "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0]}))


if __name__ == "__main__":
    main()
