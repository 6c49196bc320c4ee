"""Compiles a small module with mdf.compile and compares with PyTorch."""
import sys

import numpy as np
import torch

import mdf

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.GELU(),
                            torch.nn.Linear(16, 3), torch.nn.Softmax(dim=1))
x = torch.randn(4, 8)
fast = mdf.compile(model, [x], name="tiny", work_dir=sys.argv[1])
got = fast(x)
with torch.no_grad():
    want = model(x).numpy()
error = float(np.abs(got - want).max())
assert error < 1e-5, error
print(f"max abs error vs PyTorch: {error:.3g}")
try:
    fast(torch.randn(2, 8))
except ValueError as e:
    print("refused:", e)

# The work folder receives the files only after a successful compile, with
# names spelled like the C symbols; no temporary is left there.
import os
print("work folder:", sorted(os.listdir(sys.argv[1])))
named = mdf.compile(model, [x], name="my-model", work_dir=sys.argv[1] + "/n")
print("named:", sorted(os.listdir(sys.argv[1] + "/n")),
      float(np.abs(named(x) - want).max()) < 1e-5)
# A 0-D input is spelled `scalar` on the command line.
class Scale(torch.nn.Module):
    def forward(self, a, s):
        return a * s


scaled = mdf.compile(Scale(), [x, torch.tensor(2.0)])
print("0-D input:", float(np.abs(scaled(x, torch.tensor(2.0)) - 2 * x.numpy()).max()))
