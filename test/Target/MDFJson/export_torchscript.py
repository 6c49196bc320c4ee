"""TorchScript > mdf IR > MDF JSON > mdf-run, compared with PyTorch.

  export_torchscript.py TOOLS WORKDIR

Traces small models (the MLP of ../TorchScript/Inputs/models.py and a CNN
written here that uses convolutions, pooling, batch norm, padding, slices,
concatenation, transposes, reductions, comparisons and softmax), imports each
with mdf-translate, exports it as MDF JSON (one onnx:: node per op, weights
as parameter values), then runs the JSON file with mdf-run (which
re-imports, compiles and evaluates it in f64) and compares the last node's
output with PyTorch's (rtol 1e-4, atol 1e-5).
"""
import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

tools, work = sys.argv[1:3]
os.makedirs(work, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "models", os.path.join(here, "..", "TorchScript", "Inputs", "models.py"))
models = importlib.util.module_from_spec(spec)
spec.loader.exec_module(models)


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.depthwise = nn.Conv2d(8, 8, 3, padding=1, groups=8)
        self.bn = nn.BatchNorm2d(8)
        self.fc = nn.Linear(16, 5)

    def forward(self, x):
        x = F.max_pool2d(torch.relu(self.conv(x)), 2, ceil_mode=True)
        y = self.bn(F.leaky_relu(self.depthwise(x), 0.1))
        y = F.avg_pool2d(F.pad(y, (1, 0, 0, 1)), 2, stride=1)
        z = torch.cat([y[:, :4], torch.where(y[:, 4:] > 0, y[:, 4:], -y[:, 4:])],
                      dim=1)
        z = torch.clamp(z.permute(0, 1, 3, 2), max=2.0)
        pooled = torch.cat([F.adaptive_avg_pool2d(z, 1).flatten(1),
                            z.amax(dim=(2, 3))], dim=1)
        return torch.softmax(self.fc(pooled), dim=1)


torch.manual_seed(0)
cases = [("mlp", models.Mlp(), (4, 1, 8, 8)), ("cnn", Cnn(), (2, 3, 16, 16))]
failures = 0


def tool(*args):
    result = subprocess.run([os.path.join(tools, args[0])] + list(args[1:]),
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{args[0]} failed:\n{result.stderr}")
    return result.stdout


for name, module, shape in cases:
    if isinstance(module, Cnn):
        # Batch-norm statistics that are not the identity.
        module.bn.running_mean.uniform_(-0.5, 0.5)
        module.bn.running_var.uniform_(0.5, 1.5)
    example = torch.randn(*shape)
    module = models.traced(module, example)
    pt = os.path.join(work, name + ".pt")
    torch.jit.save(module, pt)
    x = torch.randn(*shape)
    with torch.no_grad():
        want = module(x).numpy()
    npy = os.path.join(work, name + "-x.npy")
    np.save(npy, x.numpy())
    mlir = os.path.join(work, name + ".mlir")
    model_json = os.path.join(work, name + ".json")
    tool("mdf-translate", "--import-torchscript", pt,
         "--input-shape=" + "x".join(map(str, shape)), "-o", mlir)
    tool("mdf-translate", "--export-mdf-json", mlir, "-o", model_json)
    graph = next(iter(json.load(open(model_json)).values()))["graphs"]
    nodes = next(iter(graph.values()))["nodes"]
    functions = [p["function"] for n in nodes.values()
                 for p in n.get("parameters", {}).values() if "function" in p]
    print(f"{name} functions:", " ".join(functions))
    out = tool("mdf-run", model_json, "--input=" + npy)
    values = dict(line.split(" = ", 1) for line in out.splitlines())
    last = list(nodes)[-1]
    got = np.array(eval(values[last + ".output"]))
    error = np.abs(got - want).max() if got.shape == want.shape else np.inf
    ok = got.shape == want.shape and np.allclose(got, want, rtol=1e-4,
                                                 atol=1e-5)
    print(f"{name} {last}.output: shape {got.shape}, max abs error "
          f"{error:.2e}: " + ("ok" if ok else "MISMATCH"))
    failures += not ok
sys.exit(1 if failures else 0)
