"""Compiles every torchvision 0.14 classification model with mdf and
compares it with PyTorch; prints a table.

Usage: /usr/bin/python3 benchmarks/torchvision_zoo.py [--tools build/bin]
           [--work DIR] [--models a,b,...] [--size 224]

For each model (random weights, seeded, eval mode): trace it on a
1x3xSxS input (S = 299 for inception_v3, 224 otherwise), save it, run
`mdf-compile MODEL.pt --emit=shared` (its user+sys CPU seconds and peak
resident memory are measured by GNU time), load the library with ctypes,
run it on a seeded input and compare with PyTorch's output. The model's
size is the number of mdf ops `mdf-compile --timing` reports; CPU seconds
per 1,000 of them show whether compile time grows linearly with the model.

Deep nets with random weights give outputs of any scale (1e8 is common),
so the error is relative to the output's scale: max |mdf - torch| /
max |torch|. A model passes when that is at most 1e-4 (float32 through
hundreds of layers differs by summation order, nothing more).
"""
import argparse
import ctypes
import os
import re
import subprocess
import sys
import time
import warnings

import numpy as np
import torch
import torchvision

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))

MODELS = [
    "alexnet", "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn",
    "vgg19", "vgg19_bn", "resnet18", "resnet34", "resnet50", "resnet101",
    "resnet152", "resnext50_32x4d", "resnext101_32x8d", "resnext101_64x4d",
    "wide_resnet50_2", "wide_resnet101_2", "densenet121", "densenet161",
    "densenet169", "densenet201", "squeezenet1_0", "squeezenet1_1",
    "inception_v3", "googlenet", "mobilenet_v2", "mobilenet_v3_small",
    "mobilenet_v3_large", "mnasnet0_5", "mnasnet0_75", "mnasnet1_0",
    "mnasnet1_3", "shufflenet_v2_x0_5", "shufflenet_v2_x1_0",
    "shufflenet_v2_x1_5", "shufflenet_v2_x2_0", "efficientnet_b0",
    "efficientnet_b1", "efficientnet_b2", "efficientnet_b3",
    "efficientnet_b4", "efficientnet_b5", "efficientnet_b6",
    "efficientnet_b7", "efficientnet_v2_s", "efficientnet_v2_m",
    "efficientnet_v2_l", "regnet_x_400mf", "regnet_x_800mf",
    "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf", "regnet_x_16gf",
    "regnet_x_32gf", "regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf",
    "regnet_y_3_2gf", "regnet_y_8gf", "regnet_y_16gf", "regnet_y_32gf",
    "regnet_y_128gf", "convnext_tiny", "convnext_small", "convnext_base",
    "convnext_large", "vit_b_16", "vit_b_32", "vit_l_16", "vit_l_32",
    "vit_h_14", "swin_t", "swin_s", "swin_b", "maxvit_t",
]
TOLERANCE = 1e-4


def make_model(name):
    torch.manual_seed(0)
    kwargs = {"aux_logits": False, "init_weights": True} \
        if name in ("inception_v3", "googlenet") else {}
    builder = getattr(torchvision.models, name, None)
    if builder is None:
        return None
    model = builder(weights=None, **kwargs).eval()
    # Some constructors zero their classifier (ViT's head, for one), which
    # makes the output constant and the comparison meaningless: such
    # weights get small random values instead.
    with torch.no_grad():
        for parameter in model.parameters():
            if parameter.dim() > 1 and not parameter.any():
                parameter.normal_(0.0, 0.02)
    if not depends_on_input(model):
        calibrate_batch_norms(model)
    return model


def depends_on_input(model, size=224):
    """Whether the output changes with the input. With random weights
    and BatchNorm's initial statistics, activations can shrink through the
    layers until the output is the classifier's bias (googlenet's does),
    and a comparison would compare constants."""
    generator = torch.Generator().manual_seed(2)
    a, b = (torch.randn(1, 3, size, size, generator=generator) for _ in "ab")
    with torch.no_grad():
        ya, yb = model(a), model(b)
    return float((ya - yb).abs().max()) > 1e-3 * float(ya.abs().max())


def calibrate_batch_norms(model, size=224):
    """Sets every BatchNorm's running statistics to those of random
    inputs (two batches of 4, cumulative average), as a trained model's
    would be, so each layer's output keeps its scale."""
    norms = [m for m in model.modules()
             if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None
    generator = torch.Generator().manual_seed(3)
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn(4, 3, size, size, generator=generator))
    model.eval()


def run_compile(command, work):
    """Runs `command`; returns (returncode, output, cpu seconds, peak MB).

    GNU time measures it where installed (`apt-get install time`): a child
    forked from this Python process would report the parent's resident
    memory (torch and the model) as its own peak."""
    report = os.path.join(work, "time.txt")
    timed = os.access("/usr/bin/time", os.X_OK)
    if timed:
        command = ["/usr/bin/time", "-f", "%U %S %M", "-o", report] + command
    process = subprocess.Popen(command, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    returncode = os.waitstatus_to_exitcode(status)
    if timed:
        user, system, peak_kb = open(report).read().split()[-3:]
        return returncode, output, float(user) + float(system), int(peak_kb) / 1024
    return (returncode, output, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024)


def check(name, tools, work, size):
    model = make_model(name)
    if model is None:
        return "absent", None, None, None, None, None, "not in this torchvision"
    size = 299 if name == "inception_v3" else size
    weights_mb = sum(t.numel() * t.element_size() for t in
                     list(model.parameters()) + list(model.buffers())) / 2**20
    x = torch.randn(1, 3, size, size, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        traced = torch.jit.trace(model, x)
        expected = traced(x).numpy()
    pt = os.path.join(work, name + ".pt")
    traced.save(pt)
    del traced, model
    lib = os.path.join(work, "lib" + name + ".so")
    rc, output, cpu, peak = run_compile(
        [os.path.join(tools, "mdf-compile"), pt, f"--input-shape=1x3x{size}x{size}",
         "--emit=shared", f"--name={name}", "--timing", "-o", lib], work)
    os.remove(pt)
    ops = re.search(r"timing \((\d+) mdf ops\)", output)
    ops = int(ops.group(1)) if ops else None
    if rc != 0:
        return ("FAIL", None, cpu, peak, weights_mb, ops,
                output.strip().splitlines()[-1][:120])
    library = ctypes.CDLL(lib)
    forward = getattr(library, name + "_forward")
    got = np.zeros_like(expected)
    inp = np.ascontiguousarray(x.numpy())
    forward(inp.ctypes.data_as(ctypes.c_void_p), got.ctypes.data_as(ctypes.c_void_p))
    scale = float(np.abs(expected).max()) or 1.0
    error = float(np.abs(got - expected).max()) / scale
    os.remove(lib)
    header = os.path.splitext(lib)[0] + ".h"
    if os.path.exists(header):
        os.remove(header)
    status = "pass" if error <= TOLERANCE else "MISMATCH"
    return status, error, cpu, peak, weights_mb, ops, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tools", default=os.path.join(HERE, "..", "build", "bin"))
    parser.add_argument("--work", default="/tmp/mdf-zoo")
    parser.add_argument("--models", default="")
    parser.add_argument("--size", type=int, default=224)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    names = args.models.split(",") if args.models else MODELS
    print("| model | result | max error / max abs | compile CPU s | peak MB "
          "| weights MB | peak / (3 x weights + 500) | mdf ops "
          "| CPU s per 1,000 ops | note |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    failures = 0
    for name in names:
        try:
            status, error, cpu, peak, weights, ops, note = check(
                name, args.tools, args.work, args.size)
        except Exception as exc:  # PyTorch or ctypes trouble
            status, error, cpu, peak, weights, ops, note = (
                "FAIL", None, None, None, None, None, repr(exc)[:120])
        failures += status not in ("pass", "absent")
        fmt = lambda v, f: f.format(v) if v is not None else "-"
        per_kop = cpu * 1000 / ops if cpu is not None and ops else None
        budget = (peak / (3 * weights + 500)
                  if peak is not None and weights is not None else None)
        print(f"| {name} | {status} | {fmt(error, '{:.2e}')} | {fmt(cpu, '{:.1f}')} "
              f"| {fmt(peak, '{:.0f}')} | {fmt(weights, '{:.0f}')} "
              f"| {fmt(budget, '{:.2f}')} | {fmt(ops, '{}')} "
              f"| {fmt(per_kop, '{:.1f}')} | {note} |", flush=True)
    print(f"{len(names) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
