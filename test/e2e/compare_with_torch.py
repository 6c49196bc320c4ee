"""Runs a TorchScript model through mdf and compares with PyTorch.

Usage: compare_with_torch.py --tools DIR --work PREFIX MODEL SHAPE...
       [--rtol R] [--atol A]

MODEL is a name from ../Target/TorchScript/Inputs/models.py (or a
torchvision model); each SHAPE is an --input-shape value. The script saves
the model, makes seeded random inputs and PyTorch's outputs as .npy files,
and runs `mdf-run` on the .pt with those inputs and `--compare` against
those outputs: mdf-run imports the model, compiles it with
mdf-cpu-pipeline, runs it and prints the max abs/rel error per output,
failing when one is outside tolerance.
"""
import argparse
import importlib.util
import os
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS_PY = os.path.join(HERE, "..", "Target", "TorchScript", "Inputs",
                         "models.py")


def make_input(spec, generator):
    dtype, _, dims = spec.rpartition(":")
    shape = [int(d) for d in dims.split("x")] if dims else []
    if dtype in ("i64", "i32"):
        return torch.randint(0, 50, shape, generator=generator,
                             dtype=torch.int64 if dtype == "i64"
                             else torch.int32)
    return torch.randn(shape, generator=generator,
                       dtype=torch.float64 if dtype == "f64"
                       else torch.float32)


def flatten(outputs):
    if isinstance(outputs, (tuple, list)):
        return [t for o in outputs for t in flatten(o)]
    return [outputs]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("--atol", type=float, default=1e-5)
    parser.add_argument("model")
    parser.add_argument("shapes", nargs="+")
    args = parser.parse_args()

    spec = importlib.util.spec_from_file_location("models", MODELS_PY)
    models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(models)
    module = (models.MODELS[args.model]() if args.model in models.MODELS
              else models.torchvision_model(args.model))
    pt = args.work + ".pt"
    torch.jit.save(module, pt)

    generator = torch.Generator().manual_seed(1)
    inputs = [make_input(s, generator) for s in args.shapes]
    with torch.no_grad():
        expected = flatten(torch.jit.load(pt).eval()(*inputs))

    command = [os.path.join(args.tools, "mdf-run"), pt,
               f"--rtol={args.rtol}", f"--atol={args.atol}"]
    for i, t in enumerate(inputs):
        path = f"{args.work}.input{i}.npy"
        np.save(path, t.numpy())
        command.append(f"--input={path}")
    for i, t in enumerate(expected):
        path = f"{args.work}.expected{i}.npy"
        np.save(path, t.numpy())
        command.append(f"--compare={path}")
    result = subprocess.run(command, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
