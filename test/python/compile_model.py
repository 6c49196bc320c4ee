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
