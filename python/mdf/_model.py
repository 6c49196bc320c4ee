"""A compiled model: a shared library and its signature, callable."""
import ctypes
import json
import os
import shutil
import tempfile
import weakref

import numpy as np

from ._header import Signature, parse_header

#: The file in a saved folder that describes the model (see CompiledModel.save).
MANIFEST = "mdf-model.json"


def _is_torch_tensor(value):
    return type(value).__module__.startswith("torch") and hasattr(value, "detach")


def _float32_to_bfloat16_bits(array):
    """float32 values as bfloat16 bits, rounded to nearest even."""
    bits = np.ascontiguousarray(array, np.float32).view(np.uint32)
    rounding = ((bits >> 16) & 1) + 0x7FFF
    rounded = ((bits + rounding) >> 16).astype(np.uint16)
    return np.where(np.isnan(array), np.uint16(0x7FC0), rounded)


def _bfloat16_bits_to_float32(bits):
    """bfloat16 bits as float32 values (exact): numpy has no bfloat16."""
    return (bits.astype(np.uint32) << 16).view(np.float32)


class CompiledModel:
    """A model compiled by mdf-compile; call it like the PyTorch module.

    Inputs are numpy arrays or torch tensors of the compiled shapes and
    dtypes (a `?` size, from `dynamic_batch=True`, takes any value).
    Results are torch tensors when any input is a torch tensor, numpy
    arrays otherwise; a model with several outputs returns a tuple.
    bfloat16, which numpy lacks, is a torch.bfloat16 tensor on the torch
    side; numpy callers give float32 arrays (rounded to bfloat16) and get
    float32 arrays (exact) back.
    """

    def __init__(self, folder, name, signature, target="cpu", device=0,
                 owns_folder=False):
        self.name = name
        self.signature = signature
        self.target = target
        self.device = device
        self._folder = folder
        self._library_path = os.path.join(folder, name + ".so")
        if owns_folder:
            # The library stays mapped after its file is removed.
            weakref.finalize(self, shutil.rmtree, folder, True)
        self._library = ctypes.CDLL(self._library_path)
        self._forward = getattr(self._library, signature.symbol + "_forward")
        self._forward.restype = ctypes.c_int if target == "cuda" else None
        if target == "cuda":
            # The library holds the mdf CUDA runtime: pick the GPU before
            # the first call.
            self._last_error = self._library.mdf_cuda_last_error
            self._last_error.restype = ctypes.c_char_p
            if self._library.mdf_cuda_set_device(ctypes.c_int(device)) != 0:
                raise RuntimeError("mdf: cannot use CUDA device "
                                   f"{device}: {self._cuda_error()}")
        self._output_sizes = None
        if any(t.dynamic for t in signature.outputs):
            self._output_sizes = getattr(
                self._library, signature.symbol + "_forward_output_sizes")
            self._output_sizes.restype = None

    @property
    def inputs(self):
        return self.signature.inputs

    @property
    def outputs(self):
        return self.signature.outputs

    def __repr__(self):
        ins = ", ".join(t.describe() for t in self.inputs)
        outs = ", ".join(t.describe() for t in self.outputs)
        return f"<mdf.CompiledModel {self.name} ({ins}) -> ({outs}), {self.target}>"

    def _input_array(self, index, value, spec):
        if _is_torch_tensor(value):
            value = value.detach().cpu()
            if spec.bfloat16 and str(value.dtype) == "torch.bfloat16":
                import torch
                value = value.contiguous().view(torch.int16).numpy().view(
                    np.uint16)
            elif str(value.dtype) == "torch.bfloat16":
                raise ValueError(
                    f"input {index} is bfloat16{list(value.shape)}, the "
                    f"model was compiled for {spec.describe()}")
            else:
                value = value.numpy()
        elif spec.bfloat16 and isinstance(value, np.ndarray) and \
                value.dtype == np.float32:
            value = _float32_to_bfloat16_bits(value)
        elif not isinstance(value, np.ndarray):
            value = np.asarray(value, dtype=spec.dtype)
        value = np.asarray(value, order="C")  # keeps 0-D arrays 0-D
        ok = value.dtype == spec.dtype and value.ndim == len(spec.shape) and \
            all(s < 0 or s == v for s, v in zip(spec.shape, value.shape))
        if not ok:
            raise ValueError(
                f"input {index} is {value.dtype}{list(value.shape)}, the model "
                f"was compiled for {spec.describe()}")
        return value

    def _cuda_error(self):
        message = self._last_error()
        return message.decode(errors="replace") if message else "unknown error"

    def __call__(self, *args):
        if len(args) != len(self.inputs):
            raise TypeError(f"{self.name} takes {len(self.inputs)} inputs, "
                            f"got {len(args)}")
        as_torch = any(_is_torch_tensor(a) for a in args)
        # Results go where the first tensor input is (a CUDA tensor's
        # data is copied through the host).
        torch_device = next((a.device for a in args if _is_torch_tensor(a)),
                            None)
        arrays = [self._input_array(i, a, s)
                  for i, (a, s) in enumerate(zip(args, self.inputs))]
        sizes = [ctypes.c_int64(array.shape[dim])
                 for array, spec in zip(arrays, self.inputs)
                 for dim, size in enumerate(spec.shape) if size < 0]
        shapes = [list(spec.shape) for spec in self.outputs]
        if self._output_sizes is not None:
            count = sum(s < 0 for shape in shapes for s in shape)
            values = (ctypes.c_int64 * count)()
            self._output_sizes(*sizes, values)
            position = 0
            for shape in shapes:
                for dim, size in enumerate(shape):
                    if size < 0:
                        shape[dim] = values[position]
                        position += 1
        results = [np.empty(shape, spec.dtype)
                   for shape, spec in zip(shapes, self.outputs)]
        pointers = [a.ctypes.data_as(ctypes.c_void_p) for a in arrays + results]
        status = self._forward(*sizes, *pointers)
        if self.target == "cuda" and status != 0:
            raise RuntimeError(f"mdf: {self.name} failed on CUDA device "
                               f"{self.device}: {self._cuda_error()}")
        if as_torch:
            import torch
            results = [torch.from_numpy(r.view(np.int16)).view(torch.bfloat16)
                       if spec.bfloat16 else torch.from_numpy(r)
                       for r, spec in zip(results, self.outputs)]
            if torch_device is not None and torch_device.type != "cpu":
                results = [r.to(torch_device) for r in results]
        else:
            results = [_bfloat16_bits_to_float32(r) if spec.bfloat16 else r
                       for r, spec in zip(results, self.outputs)]
        return results[0] if len(results) == 1 else tuple(results)

    def save(self, folder):
        """Writes <name>.so, <name>.h and mdf-model.json into `folder`.

        Each file is written beside its final name and renamed into place
        once all are written, so a failure replaces nothing in `folder`.
        """
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise NotADirectoryError(f"'{folder}' is not a folder")
        os.makedirs(folder, exist_ok=True)
        manifest = {"name": self.name, "target": self.target,
                    "device": self.device, **self.signature.to_json()}
        sources = {self.name + ".so": self._library_path,
                   self.name + ".h": os.path.join(self._folder,
                                                  self.name + ".h")}
        staged = []
        try:
            for file, source in sources.items():
                staged_path = os.path.join(folder, f".{file}.tmp-{os.getpid()}")
                staged.append((staged_path, os.path.join(folder, file)))
                shutil.copyfile(source, staged_path)
            staged_path = os.path.join(folder, f".{MANIFEST}.tmp-{os.getpid()}")
            staged.append((staged_path, os.path.join(folder, MANIFEST)))
            with open(staged_path, "w") as out:
                json.dump(manifest, out, indent=1)
        except BaseException:
            for staged_path, _ in staged:
                if os.path.exists(staged_path):
                    os.remove(staged_path)
            raise
        for staged_path, final in staged:
            os.replace(staged_path, final)
        return folder


def load(folder, name=None):
    """The CompiledModel saved in `folder` by CompiledModel.save (or any
    folder with <name>.so and the <name>.h that mdf-compile wrote)."""
    manifest_path = os.path.join(folder, MANIFEST)
    target, device = "cpu", 0
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
        name = name or manifest["name"]
        signature = Signature.from_json(manifest)
        target, device = manifest.get("target", "cpu"), manifest.get("device", 0)
    else:
        if name is None:
            headers = [f[:-2] for f in os.listdir(folder) if f.endswith(".h")
                       and os.path.exists(os.path.join(folder, f[:-2] + ".so"))]
            if len(headers) != 1:
                raise FileNotFoundError(
                    f"'{folder}' has no {MANIFEST} and not exactly one "
                    "<name>.so with its <name>.h: pass name=")
            name = headers[0]
        with open(os.path.join(folder, name + ".h")) as f:
            signature = parse_header(f.read())
    return CompiledModel(os.path.abspath(folder), name, signature, target,
                         device)


def _scratch_folder():
    return tempfile.mkdtemp(prefix="mdf-")
