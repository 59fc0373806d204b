#!/usr/bin/env python3
"""The Embedding-LSTM classifier's training step of LstmStepBenchmark, in PyTorch.

Embedding(10000, 32), LSTM(32) (its last output), Linear(32, 1), sigmoid, binary cross-entropy,
Adam(1e-3); batches of 64 sequences of 200 token ids (a pool, step_timing.pool_batches); CPU. One
JSON line (step_timing.py). It counts 128 parameters more than ours (328,481 against 328,353):
PyTorch's LSTM adds two bias vectors per gate (b_ih and b_hh) where Keras's has one.

    /usr/bin/python3 benchmarks/pytorch/lstm_step.py [--rounds 5] [--warmup 2] [--threads N]
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import step_timing  # noqa: E402

VOCABULARY, EMBEDDING, UNITS, TOKENS, BATCH = 10_000, 32, 32, 200, 64


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING)
        self.lstm = torch.nn.LSTM(EMBEDDING, UNITS, batch_first=True)
        self.dense = torch.nn.Linear(UNITS, 1)

    def forward(self, ids):
        out, _ = self.lstm(self.embedding(ids))
        return torch.sigmoid(self.dense(out[:, -1, :]))


def main():
    a = step_timing.arguments(__doc__)
    n = step_timing.pool_batches(BATCH, TOKENS)
    ids = [torch.randint(0, VOCABULARY, (BATCH, TOKENS)) for _ in range(n)]
    labels = [torch.randint(0, 2, (BATCH, 1)).float() for _ in range(n)]
    step_timing.time_steps("pytorch-lstm-step", Classifier(), torch.nn.functional.binary_cross_entropy, ids, labels, a)


if __name__ == "__main__":
    main()
