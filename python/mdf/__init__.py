"""Python front door of the mdf compiler.

    import torch, mdf
    fast = mdf.compile(model, [torch.randn(1, 3, 224, 224)])
    logits = fast(image)          # numpy arrays or tensors in, numpy out

`compile` traces the module, compiles it with `mdf-compile --emit=shared`
into a shared library and returns a callable that runs it through ctypes.
The tools are looked up in $MDF_TOOLS_DIR, then next to this package
(`../build/bin` of a source checkout), then on $PATH.
"""
import ctypes
import os
import shutil
import subprocess
import tempfile

import numpy as np

__all__ = ["compile", "CompiledModel", "find_tool"]

_DTYPE_PREFIX = {np.dtype(np.float32): "", np.dtype(np.float64): "f64:",
                 np.dtype(np.int64): "i64:", np.dtype(np.int32): "i32:",
                 np.dtype(np.bool_): "i1:"}


def find_tool(name):
    """The path of an mdf tool, or a clear error saying where it looked."""
    candidates = []
    if os.environ.get("MDF_TOOLS_DIR"):
        candidates.append(os.path.join(os.environ["MDF_TOOLS_DIR"], name))
    here = os.path.dirname(os.path.abspath(__file__))
    candidates.append(os.path.join(here, "..", "..", "build", "bin", name))
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(
        f"cannot find {name}: build mdf (scripts/build.sh) or set "
        f"MDF_TOOLS_DIR to the folder that holds it")


def _as_array(value):
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.ascontiguousarray(value)


def _shape_spec(array):
    if array.dtype not in _DTYPE_PREFIX:
        raise TypeError(f"unsupported input dtype {array.dtype} (mdf takes "
                        "float32, float64, int64, int32 and bool)")
    dims = "x".join(map(str, array.shape)) if array.shape else "scalar"
    return _DTYPE_PREFIX[array.dtype] + dims


def _identifier(name):
    """`name` as mdf-compile spells it in C symbols: `my-model` -> `my_model`."""
    text = "".join(c if c.isascii() and c.isalnum() else "_" for c in name)
    if not text or text[0].isdigit():
        text = "model_" + text
    return text


class CompiledModel:
    """A model compiled to a shared library; call it like the module."""

    def __init__(self, library_path, symbol, inputs, outputs):
        self._library = ctypes.CDLL(library_path)
        self._function = getattr(self._library, symbol)
        self._function.restype = None
        self._inputs = inputs    # (shape, dtype) per input
        self._outputs = outputs  # (shape, dtype) per output

    def __call__(self, *args):
        if len(args) != len(self._inputs):
            raise TypeError(f"the model takes {len(self._inputs)} inputs, "
                            f"got {len(args)}")
        arrays = []
        for index, (arg, (shape, dtype)) in enumerate(zip(args, self._inputs)):
            array = _as_array(arg)
            if array.shape != shape or array.dtype != dtype:
                raise ValueError(
                    f"input {index} is {array.dtype}{list(array.shape)}, the "
                    f"model was compiled for {dtype}{list(shape)}")
            arrays.append(array)
        results = [np.empty(shape, dtype) for shape, dtype in self._outputs]
        pointers = [a.ctypes.data_as(ctypes.c_void_p)
                    for a in arrays + results]
        self._function(*pointers)
        return results[0] if len(results) == 1 else tuple(results)


def compile(module, example_inputs, name="model", work_dir=None):
    """Compiles a torch.nn.Module (or TorchScript module) for these inputs.

    The returned CompiledModel takes inputs of the same shapes and dtypes
    and returns numpy arrays. `work_dir` keeps the .pt, .so and .h (a
    temporary folder otherwise).
    """
    import torch

    inputs = [_as_array(x) for x in example_inputs]
    specs = [_shape_spec(x) for x in inputs]  # refuses unsupported dtypes
    tensors = [torch.from_numpy(x) for x in inputs]
    if not isinstance(module, torch.jit.ScriptModule):
        module = module.eval()
        with torch.no_grad():
            module = torch.jit.trace(module, tensors)
    with torch.no_grad():
        outputs = module(*tensors)
    outputs = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]

    # Everything is built in a fresh temporary folder; `work_dir` receives
    # the files only when the whole compile succeeded, each renamed into
    # place, so a failure never leaves or replaces a file there.
    name = _identifier(name)
    if work_dir is not None and os.path.exists(work_dir) and \
            not os.path.isdir(work_dir):
        raise NotADirectoryError(f"work_dir '{work_dir}' is not a folder")
    scratch = tempfile.mkdtemp(prefix="mdf-")
    try:
        pt = os.path.join(scratch, name + ".pt")
        library = os.path.join(scratch, "lib" + name + ".so")
        module.save(pt)
        command = [find_tool("mdf-compile"), pt, "--emit=shared",
                   f"--name={name}", "-o", library]
        command += [f"--input-shape={spec}" for spec in specs]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError("mdf-compile failed:\n" + result.stderr)
        compiled = CompiledModel(
            library, name + "_forward",
            [(x.shape, x.dtype) for x in inputs],
            [(tuple(o.shape), o.detach().numpy().dtype) for o in outputs])
        if work_dir is not None:
            os.makedirs(work_dir, exist_ok=True)
            staged = []
            try:
                for file in sorted(os.listdir(scratch)):
                    staged_path = os.path.join(
                        work_dir, f".{file}.tmp-{os.getpid()}")
                    staged.append((staged_path, os.path.join(work_dir, file)))
                    shutil.copyfile(os.path.join(scratch, file), staged_path)
            except OSError:
                for staged_path, _ in staged:
                    if os.path.exists(staged_path):
                        os.remove(staged_path)
                raise
            for staged_path, final in staged:
                os.replace(staged_path, final)
        return compiled
    finally:
        # The library stays mapped after its file is removed.
        shutil.rmtree(scratch, ignore_errors=True)
