"""mdf.compile: a PyTorch module or a model file to a CompiledModel."""
import os
import shutil
import subprocess
import tempfile

import numpy as np

from ._header import parse_header
from ._model import CompiledModel
from ._tools import find_tool

TARGETS = ("cpu", "cuda")

_DTYPE_PREFIX = {np.dtype(np.float32): "", np.dtype(np.float64): "f64:",
                 np.dtype(np.int64): "i64:", np.dtype(np.int32): "i32:",
                 np.dtype(np.bool_): "i1:", np.dtype(np.float16): "f16:"}


def c_identifier(name):
    """`name` as mdf-compile spells a model name from a file name in C
    symbols: every character that is not an ASCII letter or digit becomes
    `_`, and a leading digit gets `model_` in front (`my-model` ->
    `my_model`, `3d` -> `model_3d`)."""
    text = "".join(c if c.isascii() and c.isalnum() else "_" for c in name)
    if not text or text[0].isdigit():
        text = "model_" + text
    return text


def _as_array(value):
    if hasattr(value, "detach"):
        if str(value.dtype) == "torch.bfloat16":
            return value  # numpy has no bfloat16; only dtype and shape count
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def _shape_spec(value, dynamic_batch):
    if str(value.dtype) == "torch.bfloat16":
        prefix = "bf16:"
    elif value.dtype in _DTYPE_PREFIX:
        prefix = _DTYPE_PREFIX[value.dtype]
    else:
        raise TypeError(f"unsupported input dtype {value.dtype} (mdf takes "
                        "float32, float64, float16, bfloat16, int64, int32 "
                        "and bool)")
    dims = [str(d) for d in value.shape]
    if dynamic_batch and dims:
        dims[0] = "?"
    return prefix + ("x".join(dims) if dims else "scalar")


def _model_file(module, example_inputs, scratch, name):
    """The path of a model file mdf-compile reads, saving a module first."""
    if isinstance(module, (str, os.PathLike)):
        path = os.fspath(module)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"no model file '{path}'")
        return path
    import torch
    if not isinstance(module, torch.nn.Module):
        raise TypeError("mdf.compile takes a torch.nn.Module, a TorchScript "
                        "module or the path of a .pt, .json, .yaml or .mlir file, "
                        f"not {type(module).__name__}")
    if not isinstance(module, torch.jit.ScriptModule):
        tensors = tuple(x if hasattr(x, "detach") else torch.from_numpy(
            np.ascontiguousarray(x)) for x in example_inputs)
        was_training = module.training
        module.eval()
        try:
            with torch.no_grad():
                module = torch.jit.trace(module, tensors)
        finally:
            module.train(was_training)
    path = os.path.join(scratch, name + ".pt")
    module.save(path)
    return path


def compile(module, example_inputs=(), target="cpu", device=0,
            dynamic_batch=False, name=None, target_cpu=None):
    """Compiles a model to native code and returns a CompiledModel.

    module:         a torch.nn.Module (traced on `example_inputs`, in eval
                    mode), a TorchScript module, or the path of a model file
                    (.pt, .json or .yaml ModECI MDF, .mlir).
    example_inputs: one array or tensor per forward() input; their shapes
                    and dtypes are what the compiled model takes (needed for
                    modules and .pt files).
    target:         "cpu" (the default) or "cuda".
    device:         the CUDA device the model runs on (target="cuda").
    dynamic_batch:  compile the first dimension of every input as a size
                    given at run time (`?`), so any batch size runs.
    name:           the model's name in the C symbols (<name>_forward) and
                    file names; made a C identifier as mdf-compile does
                    (c_identifier), default "model".
    target_cpu:     an LLVM CPU name (default: this machine's CPU).
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {', '.join(TARGETS)}, not "
                         f"{target!r}")
    if not isinstance(device, int) or device < 0:
        raise ValueError(f"device must be a CUDA device number >= 0, not "
                         f"{device!r}")
    name = c_identifier(name if name is not None else "model")
    inputs = [_as_array(x) for x in example_inputs]
    specs = [_shape_spec(x, dynamic_batch) for x in inputs]
    scratch = tempfile.mkdtemp(prefix="mdf-")
    try:
        model_path = _model_file(module, example_inputs, scratch, name)
        library = os.path.join(scratch, name + ".so")
        command = [find_tool("mdf-compile"), model_path, "--emit=shared",
                   f"--name={name}", "-o", library]
        command += [f"--input-shape={spec}" for spec in specs]
        if target != "cpu":
            command.append(f"--target={target}")
        if target_cpu:
            command.append(f"--target-cpu={target_cpu}")
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            if f"'--target={target}'" in result.stderr:
                raise RuntimeError(
                    f"this mdf-compile ({command[0]}) cannot generate code "
                    f"for target={target!r}")
            raise RuntimeError("mdf-compile failed:\n" + result.stderr.rstrip())
        with open(os.path.join(scratch, name + ".h")) as header:
            signature = parse_header(header.read())
        if os.path.exists(os.path.join(scratch, name + ".pt")):
            os.remove(os.path.join(scratch, name + ".pt"))
        return CompiledModel(scratch, name, signature, target, device,
                             owns_folder=True)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
