#!/usr/bin/python3
"""Times `mdf-translate --import-torchscript` and measures its peak memory.

Usage: benchmarks/import_torchscript.py [--build build] [MODEL ...]

For each torchvision model (default: resnet18 vgg11) it saves a traced .pt
with random weights, imports it to text and to bytecode, and prints the
wall time, the peak resident memory of the importer, and that peak as a
multiple of the model's weight bytes. Needs Debian's python3 (torch,
torchvision).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings

warnings.filterwarnings("ignore")


def save_model(name, path):
    import torch
    import torchvision
    model = getattr(torchvision.models, name)().eval()
    with torch.no_grad():
        traced = torch.jit.trace(model, torch.randn(1, 3, 224, 224))
    traced.save(path)
    return sum(p.numel() * p.element_size() for p in model.state_dict().values())


def run_import(translate, model, out, extra):
    """Runs one import in a child; returns (seconds, peak RSS bytes)."""
    cmd = [translate, "--import-torchscript", model,
           "--input-shape=1x3x224x224", "-o", out] + extra
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.execv(translate, cmd)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"import failed: {' '.join(cmd)}")
    return seconds, usage.ru_maxrss * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("models", nargs="*", default=["resnet18", "vgg11"])
    args = parser.parse_args()
    translate = os.path.abspath(os.path.join(args.build, "bin",
                                             "mdf-translate"))
    print(f"{'model':<12} {'weights MB':>10} {'output':>8} {'time s':>7} "
          f"{'peak MB':>8} {'peak/weights':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models:
            pt = os.path.join(tmp, name + ".pt")
            weights = save_model(name, pt)
            for kind, extra in (("bytecode", ["--emit-bytecode"]),
                                ("text", [])):
                out = os.path.join(tmp, f"{name}.{kind}")
                seconds, peak = run_import(translate, pt, out, extra)
                print(f"{name:<12} {weights / 1e6:>10.1f} {kind:>8} "
                      f"{seconds:>7.2f} {peak / 1e6:>8.0f} "
                      f"{peak / weights:>12.2f}")
                os.remove(out)


if __name__ == "__main__":
    main()
