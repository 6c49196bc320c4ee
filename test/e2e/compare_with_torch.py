"""Runs a TorchScript model through mdf and compares with PyTorch.

Usage: compare_with_torch.py --tools DIR --work PREFIX MODEL SHAPE...
       [--rtol R] [--atol A]

MODEL is a name from ../Target/TorchScript/Inputs/models.py (or a
torchvision model); each SHAPE is an --input-shape value. The script saves
the model, makes seeded random inputs, imports the model with mdf-translate,
wraps forward() in a main that feeds those inputs and prints every result,
lowers it to LLVM with mdf-opt (convert-mdf-to-linalg, then upstream
bufferization and loops), runs it with mlir-runner, and compares each
output with PyTorch's. Prints the max abs/rel error per output; exits 1
when any is outside tolerance.
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS_PY = os.path.join(HERE, "..", "Target", "TorchScript", "Inputs",
                         "models.py")
LLVM_LIB = "/usr/lib/llvm-22/lib"
LOWERING = [
    "--convert-mdf-to-linalg", "--canonicalize",
    "--one-shot-bufferize=bufferize-function-boundaries "
    "allow-return-allocs-from-loops",
    "--convert-linalg-to-loops", "--convert-scf-to-cf",
    "--expand-strided-metadata", "--lower-affine", "--convert-math-to-llvm",
    "--convert-math-to-libm", "--finalize-memref-to-llvm",
    "--convert-arith-to-llvm", "--convert-cf-to-llvm",
    "--convert-func-to-llvm", "--reconcile-unrealized-casts",
]
MLIR_TYPES = {torch.float32: "f32", torch.float64: "f64",
              torch.int64: "i64", torch.int32: "i32"}
PRINTERS = {"f32": "printMemrefF32", "f64": "printMemrefF64",
            "i64": "printMemrefI64", "i32": "printMemrefI32"}


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


def tensor_type(t):
    dims = "x".join(str(d) for d in t.shape)
    return f"tensor<{dims + 'x' if dims else ''}{MLIR_TYPES[t.dtype]}>"


def dense_literal(t):
    return np.array2string(t.numpy(), separator=", ", threshold=sys.maxsize,
                           floatmode="unique").replace("\n", "")


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

    shape_flags = [f"--input-shape={s}" for s in args.shapes]
    imported = subprocess.run(
        [os.path.join(args.tools, "mdf-translate"), "--import-torchscript",
         pt] + shape_flags, check=True, capture_output=True, text=True).stdout
    # The blobs of the module's resources must stay at the end of the file.
    body, _, resources = imported.partition("{-#")
    body = body.rstrip()
    assert body.endswith("}"), "expected a module"
    main_lines = ["func.func @main() {"]
    arg_names = []
    for i, t in enumerate(inputs):
        main_lines.append(f"  %in{i} = arith.constant dense<{dense_literal(t)}>"
                          f" : {tensor_type(t)}")
        arg_names.append(f"%in{i}")
    result_types = [tensor_type(t) for t in expected]
    results = ", ".join(f"%r{i}" for i in range(len(expected)))
    main_lines.append(
        f"  {results} = call @forward({', '.join(arg_names)}) : "
        f"({', '.join(tensor_type(t) for t in inputs)}) -> "
        f"({', '.join(result_types)})")
    printers = set()
    for i, t in enumerate(expected):
        element = MLIR_TYPES[t.dtype]
        printers.add(element)
        main_lines.append(f"  %u{i} = tensor.cast %r{i} : {result_types[i]}"
                          f" to tensor<*x{element}>")
        main_lines.append(f"  call @{PRINTERS[element]}(%u{i}) : "
                          f"(tensor<*x{element}>) -> ()")
    main_lines.append("  return")
    main_lines.append("}")
    for element in sorted(printers):
        main_lines.append(f"func.func private @{PRINTERS[element]}"
                          f"(tensor<*x{element}>)")
    program = (body[:-1] + "\n".join(main_lines) + "\n}\n" +
               ("{-#" + resources if resources else ""))
    with open(args.work + ".mlir", "w") as f:
        f.write(program)

    lowered = args.work + ".llvm.mlir"
    subprocess.run([os.path.join(args.tools, "mdf-opt"), args.work + ".mlir",
                    "-o", lowered] + LOWERING, check=True)
    libs = ",".join(os.path.join(LLVM_LIB, lib) for lib in
                    ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
    run = subprocess.run(
        [os.path.join(LLVM_LIB, "..", "bin", "mlir-runner"), lowered, "-e",
         "main", "-entry-point-result=void", f"-shared-libs={libs}"],
        check=True, capture_output=True, text=True).stdout
    chunks = run.split("Unranked Memref")[1:]
    if len(chunks) != len(expected):
        sys.exit(f"expected {len(expected)} printed results, got "
                 f"{len(chunks)}")
    ok = True
    for i, (chunk, want) in enumerate(zip(chunks, expected)):
        data = chunk.split("data =", 1)[1]
        got = np.array([float(v) for v in re.findall(
            r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)",
            data)])
        want = want.double().numpy().reshape(-1)
        if got.size != want.size:
            sys.exit(f"output {i}: {got.size} values, expected {want.size}")
        abs_err = np.abs(got - want)
        rel_err = abs_err / np.maximum(np.abs(want), 1e-30)
        within = np.all(abs_err <= args.atol + args.rtol * np.abs(want))
        ok &= bool(within)
        print(f"output {i}: {want.size} values, max abs error "
              f"{abs_err.max():.3g}, max rel error {rel_err.max():.3g}: "
              f"{'ok' if within else 'MISMATCH'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
