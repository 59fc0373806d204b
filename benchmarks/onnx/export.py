#!/usr/bin/env python3
"""Writes the inference benchmarks' two networks as ONNX files and as Myelin weights files, with the same weights.

InferenceVsOrtBenchmark runs Myelin and ONNX Runtime on these; inference_twin.py runs the same networks in PyTorch.

- lenet: Conv2d 20 5x5, relu, max-pool 2, Conv2d 50 5x5, relu, max-pool 2, flatten, Linear 500, relu,
  Linear 10 (logits): the benchmarks' Models.lenet().
- resnet: ResNetStepBenchmark's residual net: Conv2d 16 3x3 same without bias, BatchNorm2d(eps 1e-3), relu;
  a block of two such conv + batch norm with relu between, added to the block's input, relu; global
  average pooling; Linear 10 and softmax. Evaluation mode: the batch norms use their moving statistics,
  which are random here (not 0 and 1) so that a wrong order of the four batch-norm weights shows.

The ONNX files take NCHW images (what a PyTorch user exports) with a dynamic batch axis, opset 13;
torch.onnx.export folds each batch norm into its convolution, as it does for every user. The weights
files (Myelin's saveWeights format: a zip of weights.json with the shapes and weights.bin, float32
little-endian) hold the same values in Myelin's layouts: convolution kernels OHWI (out, kh, kw, in), dense
kernels (in, out) as Keras's, and the first dense kernel's rows reordered from PyTorch's (c, h, w) flattening to
Keras's (h, w, c). Weights are drawn from fixed seeds; inference time does not depend on them.

    /usr/bin/python3 benchmarks/onnx/export.py [--out benchmarks/onnx/target]

Needs Debian's python3-torch (1.13) and python3-onnx (1.12). Writes NAME.onnx and NAME.weights.zip.
"""
import argparse
import io
import json
import os
import zipfile

import numpy as np
import onnx
import torch
import torch.nn as nn


def lenet():
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


class Block(nn.Module):
    """Two conv + batch norm with relu between, added to the input, relu."""

    def __init__(self, filters):
        super().__init__()
        self.conv1, self.bn1 = conv(filters, filters), bn(filters)
        self.conv2, self.bn2 = conv(filters, filters), bn(filters)

    def forward(self, x):
        y = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
        return torch.relu(y + x)


class ResNet(nn.Module):
    """ResNetStepBenchmark.residualNet(), softmax output included."""

    def __init__(self, channels=3, filters=16, classes=10):
        super().__init__()
        self.conv, self.bn = conv(channels, filters), bn(filters)
        self.block = Block(filters)
        self.dense = nn.Linear(filters, classes)

    def forward(self, x):
        x = self.block(torch.relu(self.bn(self.conv(x))))
        return torch.softmax(self.dense(x.mean(dim=(2, 3))), dim=1)


def conv(cin, cout):
    return nn.Conv2d(cin, cout, 3, padding=1, bias=False)


def bn(n):
    return nn.BatchNorm2d(n, eps=1e-3)


def randomize_batch_norms(model, generator):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.weight.data = torch.rand(n, generator=generator) + 0.5
            m.bias.data = torch.rand(n, generator=generator) - 0.5
            m.running_mean.data = torch.rand(n, generator=generator) - 0.5
            m.running_var.data = torch.rand(n, generator=generator) + 0.5


def keras_weights(model, flatten_chw=None):
    """The model's weights in Myelin's layouts and in the order Myelin's model lists them, layer by layer."""
    out = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            out.append(m.weight.detach().permute(0, 2, 3, 1))          # (out, in, kh, kw) -> (out, kh, kw, in)
            if m.bias is not None:
                out.append(m.bias.detach())
        elif isinstance(m, nn.BatchNorm2d):                              # gamma, beta, moving mean, moving variance
            out += [m.weight.detach(), m.bias.detach(), m.running_mean, m.running_var]
        elif isinstance(m, nn.Linear):
            w = m.weight.detach().t()                                     # (out, in) -> (in, out)
            if flatten_chw is not None and w.shape[0] == int(np.prod(flatten_chw)):
                c, h, wd = flatten_chw                                    # rows (c, h, w) -> (h, w, c)
                w = w.reshape(c, h, wd, -1).permute(1, 2, 0, 3).reshape(c * h * wd, -1)
                flatten_chw = None
            out.append(w)
            out.append(m.bias.detach())
    return [t.contiguous().numpy().astype("<f4") for t in out]


def write_weights(weights, path):
    """Myelin's Model.saveWeights format (WeightsFile)."""
    shapes = [list(w.shape) for w in weights]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("weights.json", json.dumps({"format": "myelin.Weights", "shapes": shapes}))
        z.writestr("weights.bin", b"".join(w.tobytes() for w in weights))


def export(model, name, input_chw, out, flatten_chw=None):
    model.eval()
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(model, torch.rand(1, *input_chw), buf, input_names=["images"], output_names=["out"],
                          dynamic_axes={"images": {0: "batch"}, "out": {0: "batch"}}, opset_version=13,
                          do_constant_folding=True)
    proto = onnx.load_from_string(buf.getvalue())
    onnx.checker.check_model(proto)
    onnx.save(proto, os.path.join(out, name + ".onnx"))
    write_weights(keras_weights(model, flatten_chw), os.path.join(out, name + ".weights.zip"))
    ops = sorted({n.op_type for n in proto.graph.node})
    print("%s: %s.onnx (%s) and %s.weights.zip" % (name, name, ", ".join(ops), name))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "target"))
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(1)
    export(lenet(), "lenet", (1, 28, 28), a.out, flatten_chw=(50, 4, 4))
    g = torch.Generator().manual_seed(2)
    torch.manual_seed(2)
    resnet = ResNet()
    randomize_batch_norms(resnet, g)
    export(resnet, "resnet", (3, 32, 32), a.out)


if __name__ == "__main__":
    main()
