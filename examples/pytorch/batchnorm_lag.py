#!/usr/bin/env python3
"""The resnet example's net with BatchNormalization, in PyTorch, at a constant learning rate:
held-out accuracy with the moving statistics, with each batch's statistics, and with statistics
recomputed for the final weights. Shows that the moving averages' lag behind fast-moving weights
is BatchNormalization's (with Keras's momentum 0.99, PyTorch's momentum=0.01), not Myelin's.

    /usr/bin/python3 examples/pytorch/batchnorm_lag.py [SEED] [LEARNING_RATE] [EPOCHS]   (1, 0.01, 3)

Same data as the example (the embedded MNIST digits centred in 32x32, repeated over 3 channels),
Glorot-uniform weights, Adam (epsilon 1e-7, as Keras), batch 32, BatchNormalization epsilon 1e-3.
Needs Debian's python3-torch; one thread, about 5 minutes on a busy 2-core host.
"""
import gzip
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MNIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "mnist")


def idx(name, header):
    with gzip.open(os.path.join(MNIST, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def images(name):
    x = idx(name, 16).reshape(-1, 28, 28).astype(np.float32) / 255
    padded = np.zeros((len(x), 3, 32, 32), np.float32)
    padded[:, :, 2:30, 2:30] = x[:, None]
    return torch.from_numpy(padded)


def labels(name):
    return torch.from_numpy(idx(name, 8).astype(np.int64))


def batch_norm():
    return nn.BatchNorm2d(16, eps=1e-3, momentum=0.01)


class ResidualNet(nn.Module):
    def __init__(self):
        super().__init__()
        conv = lambda c: nn.Conv2d(c, 16, 3, padding=1, bias=False)
        self.c0, self.b0, self.c1, self.b1, self.c2, self.b2 = conv(3), batch_norm(), conv(16), batch_norm(), conv(16), batch_norm()
        self.fc = nn.Linear(16, 10)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(self.fc.bias)

    def forward(self, x):
        x = F.relu(self.b0(self.c0(x)))
        y = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        return self.fc(F.relu(x + y).mean((2, 3)))


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    lr = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
    epochs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    x_train, y_train = images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz")
    x_test, y_test = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    net = ResidualNet()
    opt = torch.optim.Adam(net.parameters(), lr=lr, eps=1e-7)

    def accuracy(batch):
        with torch.no_grad():
            right = sum((net(x_test[i:i + batch]).argmax(1) == y_test[i:i + batch]).sum().item()
                        for i in range(0, len(x_test), batch))
        return right / len(x_test)

    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(x_train))
        for i in range(0, len(x_train), 32):
            b = order[i:i + 32]
            opt.zero_grad()
            F.cross_entropy(net(x_train[b]), y_train[b]).backward()
            opt.step()
        net.eval()
        print(f"epoch {epoch + 1}: held-out accuracy with the moving statistics {accuracy(256):.4f}", flush=True)
    state = {k: v.clone() for k, v in net.state_dict().items()}
    net.train()   # each batch of 32 normalized with its own statistics (this also moves the averages: restored below)
    print(f"held-out accuracy with batch statistics (batches of 32): {accuracy(32):.4f}")
    net.load_state_dict(state)
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 1.0   # the next batch's statistics replace the averages
    with torch.no_grad():
        net(x_train[:2000])
    net.eval()
    print(f"held-out accuracy with statistics recomputed on 2,000 training images: {accuracy(256):.4f}")


if __name__ == "__main__":
    main()
