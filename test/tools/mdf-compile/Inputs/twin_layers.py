"""Two fully connected layers of the same shape with different weights.

  twin_layers.py write MODEL.mlir      writes the model
  twin_layers.py check MODEL.mlir LIB  runs LIB's twin_forward and compares
                                       it with numpy
"""
import ctypes
import sys

import numpy as np

rng = np.random.default_rng(7)
W1, B1, W2, B2 = (rng.standard_normal(s).astype(np.float32)
                  for s in [(64, 64), (64,), (64, 64), (64,)])
X = rng.standard_normal((4, 64)).astype(np.float32)


def dense(a):
    return "dense<[" + ", ".join(
        "[" + ", ".join(f"{v:.8e}" for v in row) + "]" if a.ndim == 2
        else f"{row:.8e}" for row in a) + "]>"


if sys.argv[1] == "write":
    with open(sys.argv[2], "w") as f:
        f.write(f"""func.func @forward(%x: tensor<4x64xf32>) -> tensor<4x64xf32> {{
  %w1 = mdf.constant {dense(W1)} : tensor<64x64xf32>
  %b1 = mdf.constant {dense(B1)} : tensor<64xf32>
  %w2 = mdf.constant {dense(W2)} : tensor<64x64xf32>
  %b2 = mdf.constant {dense(B2)} : tensor<64xf32>
  %h = mdf.gemm %x, %w1, %b1 {{trans_b}} : (tensor<4x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
  %a = mdf.relu %h : tensor<4x64xf32>
  %g = mdf.gemm %a, %w2, %b2 {{trans_b}} : (tensor<4x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
  %y = mdf.relu %g : tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}}
""")
else:
    forward = ctypes.CDLL(sys.argv[3]).twin_forward
    got = np.zeros((4, 64), np.float32)
    forward(X.ctypes.data_as(ctypes.c_void_p), got.ctypes.data_as(ctypes.c_void_p))
    a = np.maximum(X @ W1.T + B1, 0)
    want = np.maximum(a @ W2.T + B2, 0)
    error = float(np.abs(got - want).max())
    print(f"max abs error {error:.2e}: {'match' if error < 1e-4 else 'MISMATCH'}")
