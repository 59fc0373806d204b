"""Records the optimizer trajectories that OptimizerTrajectoriesTest compares Myelin against.

Run with Debian's python3-torch 1.13: /usr/bin/python3 torch_trajectories.py > torch_trajectories.json

Each case starts from the same 7 float32 parameters and applies 6 steps of fixed gradients (stored in
the file too, so the Java side needs no autograd), recording the parameters after every step. The
PyTorch options are chosen so that PyTorch's formulas equal Keras 3's (keras/src/optimizers/*.py);
where the two differ the difference is named here:

- SGD: PyTorch keeps buf = mu*buf + g and steps p -= lr*buf; Keras keeps v = mu*v - lr*g and steps
  p += v. For a constant lr, v = -lr*buf: the same trajectory (Nesterov likewise).
- Adam, AdamW, Adamax, RMSprop, Adagrad: epsilon sits in different places. Adam: PyTorch divides by
  sqrt(v)/sqrt(1-b2^t) + eps, Keras by sqrt(v) + eps after folding sqrt(1-b2^t) into the step size.
  Adamax: PyTorch takes max(b2*u, |g| + eps), Keras max(b2*u, |g|) then u + eps. RMSprop and Adagrad:
  PyTorch adds eps after the root, Keras under it. These cases use eps = 0, where the formulas agree;
  Myelin's epsilon placement is checked against Keras's formula written out in OptimizersTest.
- Adagrad: Keras starts the accumulator at 0.1 (initial_accumulator_value), PyTorch at 0: set to 0.1.
- Adadelta: both put eps under both roots; PyTorch's default lr is 1.0, Keras's 0.001: lr 1.0 here.
- NAdam is not recorded: PyTorch 1.13's _single_tensor_nadam computes
  mu_product_next = mu_product * mu * mu_next, counting mu twice (later PyTorch releases dropped the
  extra factor), so it follows neither Keras nor Dozat's paper. OptimizersTest checks Nadam against
  Keras's formula written out instead. (Keras's momentum schedule b1*(1 - 0.5*0.96^t) would be
  PyTorch's with momentum_decay = 1, and their epsilon placement agrees.)
- AdamW: both decay p -= p*wd*lr before the Adam step.
- RMSprop with momentum: PyTorch's buf = mu*buf + g/denom and p -= lr*buf equal Keras's
  mom = mu*mom + lr*g/denom and p -= mom for a constant lr.
"""
import json

import torch

STEPS, N = 6, 7
gen = torch.Generator().manual_seed(1234)
p0 = (torch.rand(N, generator=gen) * 2 - 1).float()
signs = torch.where(torch.rand(STEPS, N, generator=gen) < 0.5, -1.0, 1.0)
grads = (signs * (0.05 + torch.rand(STEPS, N, generator=gen))).float()  # |g| >= 0.05: no 0/0 with eps = 0

CASES = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
    "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=0.0),
    "adam_amsgrad": lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=0.0, amsgrad=True),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.9, 0.999), eps=0.0, weight_decay=0.1),
    "rmsprop": lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=0.0),
    "rmsprop_centered_momentum": lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=0.0, momentum=0.5,
                                                                centered=True),
    "adagrad": lambda ps: torch.optim.Adagrad(ps, lr=0.1, initial_accumulator_value=0.1, eps=0.0),
    "adadelta": lambda ps: torch.optim.Adadelta(ps, lr=1.0, rho=0.95, eps=1e-7),
    "adamax": lambda ps: torch.optim.Adamax(ps, lr=0.01, betas=(0.9, 0.999), eps=0.0),
}

out = {"torch": torch.__version__, "initial": p0.tolist(), "grads": grads.tolist(), "cases": {}}
for name, make in CASES.items():
    p = torch.nn.Parameter(p0.clone())
    opt = make([p])
    after = []
    for s in range(STEPS):
        p.grad = grads[s].clone()
        opt.step()
        after.append(p.detach().clone().tolist())
    out["cases"][name] = after
print(json.dumps(out, indent=1))
