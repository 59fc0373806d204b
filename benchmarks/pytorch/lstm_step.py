#!/usr/bin/env python3
"""The Embedding-LSTM classifier's training step of LstmStepBenchmark, in PyTorch.

Embedding(10000, 32), LSTM(32) (its last output), Linear(32, 1), sigmoid, binary cross-entropy,
Adam(1e-3); a batch of 64 sequences of 200 token ids; CPU. Prints one JSON line with the median
steps/s of the measured one-second rounds and what torch runs on.

    python3 benchmarks/pytorch/lstm_step.py [--rounds 5] [--warmup 5] [--threads N]
"""
import argparse
import json
import statistics
import time

import torch

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
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=0)
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = Classifier()
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    ids = torch.randint(0, VOCABULARY, (BATCH, TOKENS))
    labels = torch.randint(0, 2, (BATCH, 1)).float()

    def step():
        adam.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy(model(ids), labels)
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
    print(json.dumps({"bench": "pytorch-lstm-step", "steps_per_s": statistics.median(rates),
                      "sequences_per_s": statistics.median(rates) * BATCH, "rounds": rates,
                      "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0]}))


if __name__ == "__main__":
    main()
