"""Comparing a compiled model with the PyTorch module it came from."""
from dataclasses import dataclass
from typing import List

import numpy as np


@dataclass
class OutputError:
    """How far one output is from PyTorch's."""
    index: int
    max_abs_error: float
    #: max |mdf - torch| / max |torch|: deep nets with random weights give
    #: outputs of any scale, so the error is relative to the output's.
    relative_error: float
    same_dtype_and_shape: bool
    detail: str


@dataclass
class AccuracyReport:
    outputs: List[OutputError]
    tolerance: float

    @property
    def ok(self):
        return all(o.same_dtype_and_shape and o.relative_error <= self.tolerance
                   for o in self.outputs)

    @property
    def max_relative_error(self):
        return max((o.relative_error for o in self.outputs), default=0.0)

    def __str__(self):
        lines = [f"{'ok' if self.ok else 'MISMATCH'} (tolerance "
                 f"{self.tolerance:g} of each output's largest magnitude)"]
        lines += [f"  output {o.index}: {o.detail}" for o in self.outputs]
        return "\n".join(lines)


def _numpy(value):
    """(values as numpy, dtype name): bfloat16 values come as float32."""
    if hasattr(value, "detach"):
        value = value.detach().cpu()
        name = str(value.dtype).replace("torch.", "")
        if name == "bfloat16":
            return value.float().numpy(), name
        return value.numpy(), np.dtype(value.numpy().dtype).name
    value = np.asarray(value)
    return value, value.dtype.name


def check_accuracy(compiled, module, inputs, tolerance=1e-4):
    """Runs `compiled` and the PyTorch `module` on `inputs` and compares
    every output: dtype, shape, and max |mdf - torch| / max |torch| <=
    `tolerance`. Returns an AccuracyReport (`.ok`, printable)."""
    import torch
    tensors = [x if isinstance(x, torch.Tensor)
               else torch.from_numpy(np.ascontiguousarray(x)) for x in inputs]
    with torch.no_grad():
        expected = module(*tensors)
    actual = compiled(*tensors)
    expected = list(expected) if isinstance(expected, (tuple, list)) else [expected]
    actual = list(actual) if isinstance(actual, tuple) else [actual]
    if len(expected) != len(actual):
        raise ValueError(f"the module returns {len(expected)} outputs, the "
                         f"compiled model {len(actual)}")
    report = []
    for index, (want, got) in enumerate(zip(expected, actual)):
        (want, want_type), (got, got_type) = _numpy(want), _numpy(got)
        same = want_type == got_type and want.shape == got.shape
        if not same:
            report.append(OutputError(
                index, float("inf"), float("inf"), False,
                f"mdf gives {got_type}{list(got.shape)}, PyTorch "
                f"{want_type}{list(want.shape)}"))
            continue
        if want.size == 0:
            report.append(OutputError(index, 0.0, 0.0, True, "empty"))
            continue
        w, g = want.astype(np.float64), got.astype(np.float64)
        both_nan = np.isnan(w) & np.isnan(g)
        diff = np.where(both_nan, 0.0, np.abs(w - g))
        diff = np.where(np.isinf(w) & (w == g), 0.0, diff)
        max_abs = float(np.max(diff))
        finite = np.abs(w[np.isfinite(w)])
        scale = float(finite.max()) if finite.size else 0.0
        relative = max_abs / scale if scale > 0 else max_abs
        report.append(OutputError(
            index, max_abs, relative, True,
            f"{got_type}{list(got.shape)}, max abs error {max_abs:.3g}, "
            f"relative {relative:.3g}"))
    return AccuracyReport(report, tolerance)
