"""The op-level end-to-end suite: small PyTorch modules, each compared with
PyTorch's output (values, dtype and shape) through `mdf-run --compare`.

Usage: op_suite.py --tools DIR --work DIR [--family NAME]... [--list]
                   [--jobs N] [--dynamic]

Cases come from the families in `cases.py`: each case is one expression of
the inputs `a`, `b`, `c` (a module's forward()), input specs
(`dtype:shape`, with value ranges such as `pos` for positive floats) and
the ways to save it (`script`, `trace`). For every case the runner writes a
Python file with the module, saves it as TorchScript, makes seeded inputs
and PyTorch's outputs as .npy files and runs mdf-run on them. It prints one
line per case and a closing `N passed, N failed` line, and exits non-zero
when any case fails.

With `--dynamic`, the first size of every input whose first size is not 1
is given to mdf-run as `?`: the model is compiled for a dynamic size and
run with the .npy file's.

With `--cuda-ir`, each case is compiled by `mdf-compile --target=cuda` (to
the LLVM dialect, kernels as PTX) instead of run, and passes when it
compiles and its host code reads and writes no tensor data: every
computation is a kernel (nothing falls back to the host). This checks the
CUDA path without a GPU. Cases the CUDA target refuses with its documented
"does not run on the GPU yet" diagnostic count as unsupported.
"""
import argparse
import concurrent.futures
import importlib.util
import os
import re
import subprocess
import sys
import warnings

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cases as suite  # noqa: E402

warnings.filterwarnings("ignore")

DTYPES = {"f32": torch.float32, "f64": torch.float64, "i64": torch.int64,
          "i32": torch.int32, "bool": torch.bool}


def make_input(spec, generator):
    """A seeded tensor for `dtype:shape[:range]`.

    Ranges: `pos` (floats in [0.5, 3]), `unit` (floats in (-0.9, 0.9)),
    `nz` (integers in [1, 9]), `idx<N>` (integers in [0, N)), default
    (floats: normal; integers: [-20, 20); bools: random).
    """
    parts = spec.split(":")
    dtype = DTYPES[parts[0]]
    shape = [int(d) for d in parts[1].split("x")] if parts[1] else []
    kind = parts[2] if len(parts) > 2 else ""
    if dtype == torch.bool:
        return torch.randint(0, 2, shape, generator=generator).bool()
    if dtype.is_floating_point:
        if kind == "pos":
            return torch.rand(shape, generator=generator, dtype=dtype) * 2.5 + 0.5
        if kind == "unit":
            return (torch.rand(shape, generator=generator, dtype=dtype) - 0.5) * 1.8
        return torch.randn(shape, generator=generator, dtype=dtype)
    if kind == "nz":
        return torch.randint(1, 10, shape, generator=generator, dtype=dtype)
    if kind.startswith("idx"):
        return torch.randint(0, int(kind[3:]), shape, generator=generator,
                             dtype=dtype)
    return torch.randint(-20, 20, shape, generator=generator, dtype=dtype)


def module_source(case):
    """The Python source of a case's module."""
    names = ["a", "b", "c", "d"][:len(case.inputs)]
    params = ", ".join(["self"] + [f"{n}{': ' + t if t else ''}"
                                   for n, t in zip(names, case.annotations())])
    init = "".join(f"        {line}\n" for line in case.init) or "        pass\n"
    body = "".join(f"        {line}\n" for line in case.body_lines())
    return (
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
        "from typing import List, Tuple\n\n\n"
        "class Case(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        torch.manual_seed(0)\n"
        f"{init}\n"
        f"    def forward({params}):\n"
        f"{body}")


def flatten(outputs):
    if isinstance(outputs, (tuple, list)):
        return [t for o in outputs for t in flatten(o)]
    return [outputs]


MDF_DTYPES = {torch.float32: "", torch.float64: "f64:", torch.int64: "i64:",
              torch.int32: "i32:", torch.bool: "i1:"}


def dynamic_shape(t):
    """mdf-run's --input-shape for `t` with a dynamic first size (unless it
    is 1, which would broadcast)."""
    sizes = [str(d) for d in t.shape]
    if sizes and sizes[0] != "1":
        sizes[0] = "?"
    return MDF_DTYPES[t.dtype] + ("x".join(sizes) if sizes else "scalar")


def static_shape(t):
    """mdf-compile's --input-shape for `t`."""
    sizes = [str(d) for d in t.shape]
    return MDF_DTYPES[t.dtype] + ("x".join(sizes) if sizes else "scalar")


def prepare(case, mode, work, dynamic=False):
    """Saves the model, its inputs and PyTorch's outputs; returns mdf-run's
    arguments or raises."""
    stem = os.path.join(work, f"{case.name}.{mode}")
    with open(stem + ".py", "w") as f:
        f.write(module_source(case))
    module_name = "case_" + re.sub(r"\W", "_", f"{case.name}_{mode}")
    spec = importlib.util.spec_from_file_location(module_name, stem + ".py")
    source = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(source)
    module = source.Case().eval()
    generator = torch.Generator().manual_seed(1)
    inputs = [make_input(suite.number_spec(s), generator) for s in case.inputs]
    # In-place ops change their inputs: tracing and the reference run each
    # get fresh copies.
    def copies():
        return [t.item() if n else t.clone()
                for t, n in zip(inputs, case.numbers())]
    with torch.no_grad():
        saved = (torch.jit.script(module) if mode == "script"
                 else torch.jit.trace(module, tuple(copies())))
        torch.jit.save(saved, stem + ".pt")
        expected = flatten(torch.jit.load(stem + ".pt").eval()(*copies()))
    args = [f"--rtol={case.rtol}", f"--atol={case.atol}"]
    for i, t in enumerate(inputs):
        np.save(f"{stem}.in{i}.npy", t.numpy())
        args.append(f"--input={stem}.in{i}.npy")
        args.append(f"--input-shape={dynamic_shape(t) if dynamic else static_shape(t)}")
    for i, t in enumerate(expected):
        if not isinstance(t, torch.Tensor):  # a number: PyTorch's 0-D
            t = torch.tensor(t)
        np.save(f"{stem}.out{i}.npy", t.numpy())
        args.append(f"--compare={stem}.out{i}.npy")
    return stem + ".pt", args


def run_cuda_ir_case(tools, label, prepared):
    """Compiles for CUDA; fails when host code touches tensor data."""
    if isinstance(prepared, str):
        return label, False, prepared
    model, args = prepared
    lowered = model[:-len(".pt")] + ".cuda.mlir"
    shapes = [a for a in args if a.startswith("--input-shape=")]
    result = subprocess.run(
        [os.path.join(tools, "mdf-compile"), model, "--target=cuda",
         "--emit=mlir", "--pipeline-options=format=isa", "-o", lowered] +
        shapes, capture_output=True, text=True)
    if result.returncode != 0:
        text = "\n".join(result.stderr.strip().split("\n")[-8:])
        if "does not run on the GPU yet" in text:
            return label, None, text  # a documented limitation
        return label, False, text
    with open(lowered) as f:
        text = f.read()
    host_accesses = re.findall(r"^.*llvm\.(?:load|store) .*$", text, re.M)
    if host_accesses:
        return label, False, "host code accesses tensor data:\n" + \
            host_accesses[0].strip()
    if "gpu.launch_func" not in text:
        return label, False, "no kernel was launched"
    return label, True, ""


def run_case(tools, label, prepared):
    if isinstance(prepared, str):
        return label, False, prepared
    model, args = prepared
    result = subprocess.run([os.path.join(tools, "mdf-run"), model] + args,
                            capture_output=True, text=True)
    # The end of the output says why (a crash's stack dump goes first).
    text = "\n".join((result.stdout + result.stderr).strip().split("\n")[-8:])
    return label, result.returncode == 0, text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tools", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--family", action="append", default=[])
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--dynamic", action="store_true",
                        help="compile with dynamic first sizes")
    parser.add_argument("--cuda-ir", action="store_true",
                        help="compile for CUDA and check that every "
                             "computation is a kernel, instead of running")
    parser.add_argument("--match", default="",
                        help="only the cases whose name contains this text")
    args = parser.parse_args()

    families = args.family or sorted(suite.FAMILIES)
    for name in families:
        if name not in suite.FAMILIES:
            sys.exit(f"op_suite.py: unknown family '{name}'")
    selected = [(c, m) for name in families for c in suite.FAMILIES[name]()
                for m in c.modes if args.match in c.name]
    if args.list:
        for c, m in selected:
            print(f"{c.name}.{m}: {c.expression} {c.inputs}")
        print(f"{len(selected)} cases")
        return
    os.makedirs(args.work, exist_ok=True)
    passed = failed = unsupported = 0
    # Models are made here, one at a time (TorchScript's compiler is not
    # meant for threads); mdf-run runs `--jobs` at a time.
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = []
        for c, m in selected:
            try:
                prepared = prepare(c, m, args.work, args.dynamic)
            except Exception as error:  # PyTorch refused the case itself
                prepared = f"PyTorch: {type(error).__name__}: {error}"
            runner = run_cuda_ir_case if args.cuda_ir else run_case
            futures.append(pool.submit(runner, args.tools, f"{c.name}.{m}",
                                       prepared))
        for future in futures:
            label, ok, text = future.result()
            if ok is None:
                unsupported += 1
                print(f"UNSUPPORTED {label}\n  " + text.replace("\n", "\n  "))
            elif ok:
                passed += 1
                print(f"PASS {label}")
            else:
                failed += 1
                print(f"FAIL {label}\n  " + text.replace("\n", "\n  "))
    print(f"{passed} passed, {failed} failed" +
          (f", {unsupported} unsupported" if args.cuda_ir else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
