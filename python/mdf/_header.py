"""Reads the C header mdf-compile writes: the entry point's signature.

The header is the contract of a compiled model (docs/UserGuide.md, "The C
header"): for each input and output a comment with its C element type and
a shape array in which -1 marks a size given at run time; the dynamic
input sizes are the leading int64_t arguments of the functions, inputs in
order and dimensions in order; `<symbol>_output_sizes` writes the dynamic
output sizes in the same order.
"""
import re
from dataclasses import dataclass, field
from typing import List, Tuple

import numpy as np

C_TYPES = {
    "float": np.dtype(np.float32), "double": np.dtype(np.float64),
    "int64_t": np.dtype(np.int64), "int32_t": np.dtype(np.int32),
    "bool": np.dtype(np.bool_), "mdf_float16": np.dtype(np.float16),
    # numpy has no bfloat16: its values travel as their 16 bits.
    "mdf_bfloat16": np.dtype(np.uint16),
}

_TENSOR = re.compile(r"/\* (input|output) (\d+): (\w+)\[")
_RANK = re.compile(r"#define \w+_(INPUT|OUTPUT)(\d+)_RANK (\d+)")
_SHAPE = re.compile(
    r"static const int64_t \w+_(input|output)(\d+)_shape\[\d+\] = \{([^}]*)\};")
# CPU models return void, CUDA models a status.
_FORWARD = re.compile(r"(?:void|int) (\w+)_forward\(")


@dataclass
class TensorSpec:
    """One input or output: its shape (-1 where given at run time)."""
    shape: Tuple[int, ...]
    dtype: np.dtype      # the storage type (uint16 bits for bfloat16)
    bfloat16: bool = False

    @property
    def dynamic(self):
        return any(size < 0 for size in self.shape)

    def describe(self):
        dims = ", ".join("?" if s < 0 else str(s) for s in self.shape)
        return f"{'bfloat16' if self.bfloat16 else self.dtype}[{dims}]"


@dataclass
class Signature:
    """What a compiled model takes and returns."""
    symbol: str
    inputs: List[TensorSpec] = field(default_factory=list)
    outputs: List[TensorSpec] = field(default_factory=list)

    @property
    def dynamic(self):
        return any(t.dynamic for t in self.inputs + self.outputs)

    def to_json(self):
        def tensors(specs):
            return [{"shape": list(t.shape),
                     "dtype": "bfloat16" if t.bfloat16 else t.dtype.name}
                    for t in specs]
        return {"symbol": self.symbol, "inputs": tensors(self.inputs),
                "outputs": tensors(self.outputs)}

    @classmethod
    def from_json(cls, data):
        def tensors(items):
            return [TensorSpec(tuple(i["shape"]), np.dtype(np.uint16), True)
                    if i["dtype"] == "bfloat16" else
                    TensorSpec(tuple(i["shape"]), np.dtype(i["dtype"]))
                    for i in items]
        return cls(data["symbol"], tensors(data["inputs"]),
                   tensors(data["outputs"]))


def parse_header(text):
    """The Signature a generated header declares; ValueError if it is not
    one mdf-compile wrote."""
    forward = _FORWARD.search(text)
    if not forward:
        raise ValueError("not a header written by mdf-compile (no "
                         "<name>_forward declaration)")
    types, ranks, shapes, bfloat16 = {}, {}, {}, set()
    for kind, index, ctype in _TENSOR.findall(text):
        if ctype not in C_TYPES:
            raise ValueError(f"{kind} {index} has C type {ctype}, which "
                             "this package cannot pass")
        types[kind, int(index)] = C_TYPES[ctype]
        if ctype == "mdf_bfloat16":
            bfloat16.add((kind, int(index)))
    for kind, index, rank in _RANK.findall(text):
        ranks[kind.lower(), int(index)] = int(rank)
    for kind, index, values in _SHAPE.findall(text):
        shapes[kind, int(index)] = [int(v) for v in values.split(",")]

    def specs(kind):
        result = []
        while (kind, len(result)) in types:
            key = (kind, len(result))
            if key not in ranks or key not in shapes:
                raise ValueError(f"the header does not say the shape of "
                                 f"{kind} {key[1]}")
            shape = tuple(shapes[key][:ranks[key]])
            result.append(TensorSpec(shape, types[key], key in bfloat16))
        return result

    return Signature(forward.group(1), specs("input"), specs("output"))
