"""Checks run_dynamic_mlp's rows against numpy on the weights in the model.

Usage: check_dynamic_mlp.py MODEL.mlir OUTPUT.txt
       check_dynamic_mlp.py MODEL.mlir --npy INPUT.npy OUTPUT.npy
       check_dynamic_mlp.py MODEL.mlir --make-input BATCH INPUT.npy
"""
import ast
import re
import sys

import numpy as np

source = open(sys.argv[1]).read()
constants = {}
for name, value, shape in re.findall(
        r"%(\w+) = mdf\.constant dense<(.*?)> : tensor<([0-9x]+)xf32>", source):
    dims = [int(d) for d in shape.split("x")]
    constants[name] = np.broadcast_to(
        np.array(ast.literal_eval(value), dtype=np.float64), dims)



def model_input(batch):
    return (np.arange(batch * 16) % 7 / 7.0 - 0.3).reshape(batch, 16)


def expected_output(x):
    h = np.maximum(x @ constants["w1"].T + constants["b1"], 0)
    logits = h @ constants["w2"].T + constants["b2"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


if sys.argv[2] == "--make-input":
    np.save(sys.argv[4], model_input(int(sys.argv[3])).astype(np.float32))
    sys.exit(0)
if sys.argv[2] == "--npy":
    x = np.load(sys.argv[3])
    got = np.load(sys.argv[4])
    expected = expected_output(x.astype(np.float64))
    if got.shape != expected.shape or got.dtype != np.float32:
        sys.exit(f"got {got.dtype} {got.shape}, expected float32 {expected.shape}")
    print(f"{x.shape[0]} rows match numpy"
          if np.abs(got - expected).max() <= 1e-5 else "MISMATCH")
    sys.exit(0)

text = open(sys.argv[2]).read()
checked = 0
for batch, block in re.findall(r"batch (\d+): output is \d+x3\n((?:row .*\n)*)",
                               text):
    batch = int(batch)
    expected = expected_output(model_input(batch))
    got = np.array([[float(v) for v in row.split()]
                    for row in re.findall(r"row \d+:(.*)", block)])
    if got.shape != expected.shape:
        sys.exit(f"batch {batch}: got shape {got.shape}, expected {expected.shape}")
    error = np.abs(got - expected).max()
    if error > 1e-5:
        sys.exit(f"batch {batch}: max abs error {error}")
    print(f"batch {batch}: {batch} rows match numpy")
    checked += 1
if checked == 0:
    sys.exit("no batches in the output")
