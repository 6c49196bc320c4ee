#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/.

    /usr/bin/python3 fuzz/make_seeds.py    (needs numpy and torch)

The seeds are the project's own small files: MDF models, expressions,
.npy arrays, mdf MLIR and the entries of small TorchScript models in the
torchscript-import target's record format.
"""
import io
import json
import os
import struct
import zipfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def write(target, name, data):
    path = os.path.join(HERE, "corpus", target, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def mdf(nodes, edges=None, conditions=None):
    graph = {"nodes": nodes}
    if edges:
        graph["edges"] = edges
    if conditions:
        graph["conditions"] = conditions
    return json.dumps({"M": {"format": "ModECI MDF v0.4",
                             "graphs": {"g": graph}}}, indent=1)


models = {
    "chain": mdf({
        "a": {"parameters": {"level": {"value": [0.5, 1.5]}},
              "output_ports": {"o": {"value": "level"}}},
        "b": {"input_ports": {"i": {"shape": [2]}},
              "parameters": {
                  "lin": {"function": "linear",
                          "args": {"variable0": "i", "slope": 2,
                                   "intercept": 1}},
                  "log": {"function": "logistic",
                          "args": {"variable0": "lin", "gain": 1, "bias": 0,
                                   "offset": 0}}},
              "output_ports": {"o": {"value": "log * 2 - 1"}}}},
        {"e": {"sender": "a", "receiver": "b", "sender_port": "o",
               "receiver_port": "i", "parameters": {"weight": 0.5}}}),
    "state": mdf({"c": {
        "parameters": {"count": {"value": "count + 1",
                                 "default_initial_value": 0},
                       "x": {"default_initial_value": 1,
                             "time_derivative": "-x"}},
        "output_ports": {"o": {"value": "count"}, "p": {"value": "x"}}}}),
    "conditions": mdf(
        {"A": {"output_ports": {"o": {"value": "1"}}},
         "B": {"input_ports": {"i": {"shape": [1]}},
               "output_ports": {"o": {"value": "i"}}}},
        {"e": {"sender": "A", "receiver": "B", "sender_port": "o",
               "receiver_port": "i"}},
        {"node_specific": {"A": {"type": "Always"},
                           "B": {"type": "EveryNCalls",
                                 "kwargs": {"dependency": "A", "n": 2}}},
         "termination": {"environment_state_update": {
             "type": "AfterNCalls", "kwargs": {"dependency": "B", "n": 1}}}}),
    "onnx": mdf({"n": {
        "input_ports": {"x": {"shape": [2, 3]}},
        "functions": {"add": {"function": "onnx::Add",
                              "args": {"A": "x", "B": 1.0}},
                      "mul": {"function": "onnx::Mul",
                              "args": {"A": "add", "B": 5.0}},
                      "gemm": {"function": "onnx::Gemm",
                               "args": {"A": "mul", "B": [[1], [2], [3]]}}},
        "output_ports": {"o": {"value": "gemm"}}}}),
    "arrays": mdf({"n": {
        "parameters": {"m": {"value": [[1, 2], [3, 4]]},
                       "v": {"value": "m @ m + (m > 2) * 3"}},
        "output_ports": {"o": {"value": "v[0]"}}}}),
}
for name, text in models.items():
    write("mdf-json-import", name + ".json", text)
    write("json-reader", name + ".json", text)
write("json-reader", "literals.json",
      '{"a": [1, -2.5e-3, true, false, null, "\\u00e9\\n"], "b": {}}')

expressions = ["x * 2 + y[0]", "-(x ** 2) / (1 + p)", "x // 3 % 2",
               "math.exp(-x) * numpy.sin(p)", "x < p <= 3 and not x == 2",
               "[[1, 2], [3, 4]] @ y", "numpy.maximum(x, 0) + abs(p)",
               "1e-3 * (x - p) or x"]
for index, text in enumerate(expressions):
    write("mdf-expression", f"expr{index}.txt", text)

for name, array in {"f32": np.arange(6, dtype=np.float32).reshape(2, 3),
                    "f64": np.ones((1, 2, 2)),
                    "i64": np.arange(4),
                    "bool": np.array([True, False]),
                    "fortran": np.asfortranarray(np.ones((2, 3), np.int32)),
                    "scalar": np.float32(3.0)}.items():
    buffer = io.BytesIO()
    np.save(buffer, array)
    write("npy-reader", name + ".npy", buffer.getvalue())

for path in ["examples/mlp.mlir", "test/Target/MDFJson/Inputs/mlp.mlir"]:
    full = os.path.join(ROOT, path)
    if os.path.exists(full):
        write("mlir-parse", os.path.basename(os.path.dirname(path)) + "-" +
              os.path.basename(path), open(full, "rb").read())
write("mlir-parse", "ops.mlir", """
func.func @forward(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>) -> tensor<?x?xf32> {
  %r = mdf.relu %x : tensor<2x4xf32>
  %g = mdf.gemm %r, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<?x?xf32>
  %s = mdf.softmax %g {axis = 1 : i64} : tensor<?x?xf32>
  return %s : tensor<?x?xf32>
}
""")


class Linear(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 3)

    def forward(self, x):
        return torch.softmax(torch.relu(self.fc(x)), 1)


class Mixed(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = torch.nn.LayerNorm(4)
        self.w = torch.nn.Parameter(torch.randn(4, 4))

    def forward(self, x):
        y = self.norm(x) @ self.w
        if y.sum() > 0:
            y = y * 2
        return torch.cat([y, x], 1).reshape(4, 4).mean(0)


for name, module in {"linear": Linear(), "mixed": Mixed()}.items():
    buffer = io.BytesIO()
    torch.jit.save(torch.jit.script(module), buffer)
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    records = b""
    for entry in archive.namelist():
        # The writer adds the archive folder and the version record.
        short = entry.split("/", 1)[1]
        if short == "version":
            continue
        data = archive.read(entry)
        records += bytes([len(short)]) + short.encode() + \
            struct.pack("<I", len(data)) + data
    write("torchscript-import", name + ".records", records)
print("seeds written to", os.path.join(HERE, "corpus"))
