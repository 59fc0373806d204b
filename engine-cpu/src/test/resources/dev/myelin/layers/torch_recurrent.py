#!/usr/bin/env python3
"""Writes torch_recurrent.json: LSTM and GRU outputs from PyTorch 1.13 for weights in Keras's layout.

Keras and PyTorch share the LSTM's gate order (i, f, c/g, o); Keras's kernel (F, 4H) is PyTorch's
weight_ih_l0 transposed, its recurrent kernel (H, 4H) weight_hh_l0 transposed, its one bias (4H)
bias_ih_l0 with bias_hh_l0 zero. PyTorch's GRU is Keras's reset_after=True form with the gates in
the order (r, z, n) instead of Keras's (z, r, h); Keras's bias (2, 3H) is (bias_ih, bias_hh).
RecurrentFixtureTest feeds the same weights and inputs to Myelin's layers.

    python3 engine-cpu/src/test/resources/dev/myelin/layers/torch_recurrent.py
"""
import json
import os

import torch

N, T, F, H = 2, 7, 3, 4


def keras_to_torch_gru(m):
    """Columns (z, r, h) of a Keras matrix (.., 3H) to rows (r, z, n) of PyTorch's (3H, ..)."""
    z, r, h = m[..., :H], m[..., H:2 * H], m[..., 2 * H:]
    return torch.cat([r, z, h], dim=-1).T if m.dim() == 2 else torch.cat([r, z, h])


def main():
    g = torch.Generator().manual_seed(1)
    x = torch.rand(N, T, F, generator=g) * 2 - 1
    out = {"x": x.flatten().tolist(), "shape": [N, T, F], "units": H}

    kernel = (torch.rand(F, 4 * H, generator=g) - 0.5)
    recurrent = (torch.rand(H, 4 * H, generator=g) - 0.5)
    bias = (torch.rand(4 * H, generator=g) - 0.5)
    lstm = torch.nn.LSTM(F, H, batch_first=True)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(kernel.T)
        lstm.weight_hh_l0.copy_(recurrent.T)
        lstm.bias_ih_l0.copy_(bias)
        lstm.bias_hh_l0.zero_()
        y, (h, c) = lstm(x)
    out["lstm"] = {"kernel": kernel.flatten().tolist(), "recurrent_kernel": recurrent.flatten().tolist(),
                   "bias": bias.tolist(), "sequence": y.flatten().tolist(), "h": h[0].flatten().tolist(),
                   "c": c[0].flatten().tolist()}

    kernel = (torch.rand(F, 3 * H, generator=g) - 0.5)
    recurrent = (torch.rand(H, 3 * H, generator=g) - 0.5)
    bias = (torch.rand(2, 3 * H, generator=g) - 0.5)
    gru = torch.nn.GRU(F, H, batch_first=True)
    with torch.no_grad():
        gru.weight_ih_l0.copy_(keras_to_torch_gru(kernel))
        gru.weight_hh_l0.copy_(keras_to_torch_gru(recurrent))
        gru.bias_ih_l0.copy_(keras_to_torch_gru(bias[0]))
        gru.bias_hh_l0.copy_(keras_to_torch_gru(bias[1]))
        y, h = gru(x)
    out["gru"] = {"kernel": kernel.flatten().tolist(), "recurrent_kernel": recurrent.flatten().tolist(),
                  "bias": bias.flatten().tolist(), "sequence": y.flatten().tolist(), "h": h[0].flatten().tolist()}
    out["torch"] = torch.__version__
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_recurrent.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
