"""Checks run_mlp's output against numpy on the weights in examples/mlp.mlir.

Usage: check_mlp.py MLP.mlir OUTPUT.txt
"""
import ast
import re
import sys

import numpy as np

source = open(sys.argv[1]).read()
constants = {name: np.array(ast.literal_eval(value), dtype=np.float64)
             for name, value in re.findall(
                 r"%(\w+) = mdf\.constant dense<(.*?)> :", source)}
x = (np.arange(16, dtype=np.float64) / 16).reshape(1, 16)
h = np.maximum(x @ constants["w1"].T + constants["b1"], 0)
logits = h @ constants["w2"].T + constants["b2"]
expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()

got = [float(v) for v in re.findall(r"class \d+: (\S+)", open(sys.argv[2]).read())]
error = np.abs(np.array(got) - expected.reshape(-1)).max()
if len(got) != 3 or error > 1e-5:
    sys.exit(f"mismatch: got {got}, expected {expected.reshape(-1).tolist()}")
print(f"{len(got)} classes match numpy (max abs error {error:.2g})")
