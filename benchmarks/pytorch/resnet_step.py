#!/usr/bin/env python3
"""The residual net's training step of ResNetStepBenchmark (the resnet example's net), in PyTorch.

Input 32x32x3; Conv2d 16 3x3 same no bias, BatchNorm2d, relu; a block of Conv2d, BatchNorm2d, relu,
Conv2d, BatchNorm2d, added to the block's input, relu; global average pooling; Linear(16, 10);
cross-entropy on the logits (the softmax and sparse categorical cross-entropy of the Keras model);
Adam(1e-3). Batches of 64 images (a pool, step_timing.pool_batches), channels-last
(torch.channels_last), as Myelin's NHWC. BatchNorm2d with eps 1e-3 and momentum 0.01, Keras's
epsilon 1e-3 and momentum 0.99. CPU. One JSON line (step_timing.py).

    /usr/bin/python3 benchmarks/pytorch/resnet_step.py [--rounds 5] [--warmup 2] [--threads N]
"""
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import step_timing  # noqa: E402

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
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(CHANNELS), nn.ReLU())
        self.block = Block()
        self.dense = nn.Linear(FILTERS, CLASSES)

    def forward(self, x):
        return self.dense(self.block(self.stem(x)).mean(dim=(2, 3)))


def main():
    a = step_timing.arguments(__doc__)
    model = ResNet().to(memory_format=torch.channels_last)
    n = step_timing.pool_batches(BATCH, SIDE * SIDE * CHANNELS)
    images = [torch.rand(BATCH, CHANNELS, SIDE, SIDE).contiguous(memory_format=torch.channels_last) for _ in range(n)]
    labels = [torch.randint(0, CLASSES, (BATCH,)) for _ in range(n)]
    step_timing.time_steps("pytorch-resnet-step", model, nn.functional.cross_entropy, images, labels, a)


if __name__ == "__main__":
    main()
