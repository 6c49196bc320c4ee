#!/usr/bin/python3
"""Times LibTorch and mdf on the same models and inputs, side by side.

Usage: benchmarks/compare_libtorch.py [--build build] [--repeat N]
                                      [--threads T] [MODEL ...]

MODEL is a torchvision model name, `mlp` (784-1024-1024-10, batch 64),
`transformer` (a TransformerEncoderLayer, d_model 256, 8 heads, 64 tokens),
`lstm` (2 layers, 128 -> 256, 32 steps), `matmul1024` (1024^3 f32) or
`conv3x3` (a 3x3, 64-channel convolution on 56x56); the default runs all of
mlp, transformer, lstm, matmul1024, conv3x3, resnet18 and mobilenet_v2. For each it traces the
model with random weights, times LibTorch's forward after a warm-up with the
given thread count (default 1: mdf's compiled code is single-threaded
today), times `mdf-run --repeat=N` on the same inputs (which also checks
the outputs against LibTorch's), and prints one table: model, LibTorch ms,
mdf ms, and mdf/LibTorch (below 1 means mdf is faster), plus GFLOP/s for
the two kernels. Needs Debian's python3 (torch, torchvision).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import torch

warnings.filterwarnings("ignore")


class Mlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(784, 1024), torch.nn.ReLU(),
            torch.nn.Linear(1024, 1024), torch.nn.ReLU(),
            torch.nn.Linear(1024, 10))

    def forward(self, x):
        return self.layers(x)


class Lstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(128, 256, num_layers=2, batch_first=True)

    def forward(self, x):
        return self.lstm(x)[0]


class MatMul(torch.nn.Module):
    def forward(self, a, b):
        return a @ b


def make(name):
    """Returns (module, inputs, flops or None)."""
    if name == "mlp":
        return Mlp(), [torch.randn(64, 784)], None
    if name == "transformer":
        layer = torch.nn.TransformerEncoderLayer(256, 8, 1024,
                                                 batch_first=True)
        return layer, [torch.randn(1, 64, 256)], None
    if name == "lstm":
        return Lstm(), [torch.randn(1, 32, 128)], None
    if name == "matmul1024":
        n = 1024
        return MatMul(), [torch.randn(n, n), torch.randn(n, n)], 2 * n ** 3
    if name == "conv3x3":
        conv = torch.nn.Conv2d(64, 64, 3, padding=1, bias=False)
        return conv, [torch.randn(1, 64, 56, 56)], 2 * 64 * 64 * 9 * 56 * 56
    import torchvision
    model = getattr(torchvision.models, name)()
    return model, [torch.randn(1, 3, 224, 224)], None


def time_libtorch(module, inputs, repeat):
    with torch.no_grad():
        module(*inputs)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            module(*inputs)
            times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("models", nargs="*", default=[
        "mlp", "transformer", "lstm", "matmul1024", "conv3x3", "resnet18",
        "mobilenet_v2"])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    mdf_run = os.path.join(args.build, "bin", "mdf-run")
    print(f"{'model':<14} {'LibTorch ms':>12} {'mdf ms':>10} "
          f"{'mdf/LibTorch':>13} {'LibTorch GFLOP/s':>17} {'mdf GFLOP/s':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            module, inputs, flops = make(name)
            module.eval()
            with torch.no_grad():
                traced = torch.jit.freeze(torch.jit.trace(module, inputs))
                expected = traced(*inputs)
            pt = os.path.join(tmp, name + ".pt")
            traced.save(pt)
            torch_ms = time_libtorch(traced, inputs, args.repeat)
            command = [mdf_run, pt, f"--repeat={args.repeat}",
                       "--rtol=1e-3", "--atol=1e-3"]
            for i, t in enumerate(inputs):
                path = os.path.join(tmp, f"{name}.in{i}.npy")
                np.save(path, t.numpy())
                command.append(f"--input={path}")
            reference = os.path.join(tmp, f"{name}.ref.npy")
            np.save(reference, expected.numpy())
            command.append(f"--compare={reference}")
            run = subprocess.run(command, capture_output=True, text=True)
            match = re.search(r"latency: median ([0-9.]+) ms", run.stdout)
            if run.returncode != 0 or not match:
                sys.exit(f"mdf-run failed on {name}:\n{run.stdout}{run.stderr}")
            mdf_ms = float(match.group(1))
            rates = ("", "")
            if flops:
                rates = (f"{flops / torch_ms / 1e6:.1f}",
                         f"{flops / mdf_ms / 1e6:.1f}")
            print(f"{name:<14} {torch_ms:>12.2f} {mdf_ms:>10.2f} "
                  f"{mdf_ms / torch_ms:>13.2f} {rates[0]:>17} {rates[1]:>12}",
                  flush=True)


if __name__ == "__main__":
    main()
