"""The GPU check of the CUDA path, in two halves so that the GPU machine
needs neither torch nor a long session.

  /usr/bin/python3 benchmarks/cuda_check.py prepare --out cuda-check
      (here, with torch) saves resnet18, mobilenet_v2, an MLP, a
      transformer encoder layer and an LSTM as TorchScript, seeded inputs
      and PyTorch's CPU outputs (f32) as .npy, and writes cuda-check/run.sh.
  sh cuda-check/run.sh build/bin
      (on the GPU machine) runs each model with `mdf-run --target=cuda
      --compare` (rtol 1e-3, atol 1e-4 times the output's largest
      magnitude) and `--repeat=20` for its latency, then resnet18 at batch
      32. It prints one line per model and exits non-zero on a mismatch.

The cuBLAS/cuDNN side of the benchmark (docs/CUDA.md, "Not yet") is not
part of it yet.
"""
import argparse
import os

MODELS = ["mlp", "transformer_layer", "lstm", "mobilenet_v2", "resnet18",
          "resnet18_b32"]


def build(name):
    import torch
    import torchvision
    torch.manual_seed(0)
    if name == "mlp":
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 512), torch.nn.ReLU(),
            torch.nn.Linear(512, 10), torch.nn.Softmax(dim=1))
        return model, (torch.randn(32, 784),)
    if name == "transformer_layer":
        model = torch.nn.TransformerEncoderLayer(256, 8, 1024,
                                                 batch_first=True)
        return model, (torch.randn(2, 64, 256),)
    if name == "lstm":
        class LSTM(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = torch.nn.LSTM(64, 128, batch_first=True)

            def forward(self, x):
                return self.lstm(x)[0]
        return LSTM(), (torch.randn(4, 20, 64),)
    batch = 32 if name.endswith("_b32") else 1
    model = getattr(torchvision.models, name.replace("_b32", ""))()
    return model, (torch.randn(batch, 3, 224, 224),)


def prepare(out, models):
    import numpy as np
    import torch
    os.makedirs(out, exist_ok=True)
    lines = ["#!/bin/sh", "# Made by benchmarks/cuda_check.py prepare.",
             'tools=${1:-build/bin}', "status=0"]
    for name in models:
        model, inputs = build(name)
        model = model.eval()
        with torch.no_grad():
            traced = torch.jit.freeze(torch.jit.trace(model, inputs))
            expected = traced(*inputs)
        torch.jit.save(traced, os.path.join(out, name + ".pt"))
        args = []
        for i, x in enumerate(inputs):
            np.save(os.path.join(out, f"{name}.in{i}.npy"), x.numpy())
            args.append(f'--input="$dir/{name}.in{i}.npy"')
        np.save(os.path.join(out, f"{name}.out0.npy"), expected.numpy())
        atol = 1e-4 * max(float(expected.abs().max()), 1.0)
        args.append(f'--compare="$dir/{name}.out0.npy"')
        command = (f'"$tools/mdf-run" "$dir/{name}.pt" --target=cuda '
                   f'{" ".join(args)} --rtol=1e-3 --atol={atol:.3g} '
                   f'--repeat=20')
        lines.append(f'echo "== {name}"')
        lines.append(f"{command} || status=1")
        print(f"prepared {name}")
    lines.insert(3, 'dir=$(cd "$(dirname "$0")" && pwd)')
    lines.append("exit $status")
    with open(os.path.join(out, "run.sh"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", required=True)
    p.add_argument("--models", default=",".join(MODELS),
                   help="comma-separated subset of " + ", ".join(MODELS))
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.out, args.models.split(","))


if __name__ == "__main__":
    main()
