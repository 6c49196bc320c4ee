"""TorchScript > mdf IR > MDF JSON > mdf-run, compared with PyTorch.

  export_torchscript.py TOOLS WORKDIR

Traces the MLP of ../TorchScript/Inputs/models.py, imports it with
mdf-translate, exports it as MDF JSON (one onnx:: node per op, weights as
parameter values), then runs the JSON file with mdf-run (which re-imports,
compiles and evaluates it in f64) and compares the last node's output with
PyTorch's (rtol 1e-4, atol 1e-5).
"""
import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import torch

tools, work = sys.argv[1:3]
os.makedirs(work, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "models", os.path.join(here, "..", "TorchScript", "Inputs", "models.py"))
models = importlib.util.module_from_spec(spec)
spec.loader.exec_module(models)

torch.manual_seed(0)
module = models.traced(models.Mlp(), torch.randn(4, 1, 8, 8))
pt = os.path.join(work, "mlp.pt")
torch.jit.save(module, pt)
x = torch.randn(4, 1, 8, 8)
with torch.no_grad():
    want = module(x).numpy()
np.save(os.path.join(work, "x.npy"), x.numpy())


def tool(*args):
    result = subprocess.run([os.path.join(tools, args[0])] + list(args[1:]),
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{args[0]} failed:\n{result.stderr}")
    return result.stdout


mlir = os.path.join(work, "mlp.mlir")
model_json = os.path.join(work, "mlp.json")
tool("mdf-translate", "--import-torchscript", pt, "--input-shape=4x1x8x8",
     "-o", mlir)
tool("mdf-translate", "--export-mdf-json", mlir, "-o", model_json)
graph = next(iter(json.load(open(model_json)).values()))["graphs"]
nodes = next(iter(graph.values()))["nodes"]
functions = [p["function"] for n in nodes.values()
             for p in n.get("parameters", {}).values() if "function" in p]
print("functions:", " ".join(functions))

out = tool("mdf-run", model_json, "--input=" + os.path.join(work, "x.npy"))
values = dict(line.split(" = ", 1) for line in out.splitlines())
last = list(nodes)[-1]
got = np.array(eval(values[last + ".output"]))
error = np.abs(got - want).max()
ok = got.shape == want.shape and np.allclose(got, want, rtol=1e-4, atol=1e-5)
print(f"{last}.output: shape {got.shape}, max abs error {error:.2e}: "
      + ("ok" if ok else "MISMATCH"))
sys.exit(0 if ok else 1)
