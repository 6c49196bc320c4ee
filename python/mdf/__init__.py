"""Python front door of the mdf compiler.

    import torch, mdf
    fast = mdf.compile(model, [torch.randn(1, 3, 224, 224)])
    logits = fast(image)                  # torch in, torch out
    print(mdf.check_accuracy(fast, model, [image]))
    fast.save("resnet18-mdf")             # resnet18-mdf/model.so, model.h
    again = mdf.load("resnet18-mdf")

`compile` traces the module (or takes a .pt, .json, .yaml or .mlir file),
builds a shared library with `mdf-compile --emit=shared` and returns a
CompiledModel that calls it through ctypes. The tools are looked up in
$MDF_TOOLS_DIR, then among the tools bundled into the wheel, then in a
source checkout's build/bin, then on $PATH (find_tool).
"""
from ._compile import TARGETS, c_identifier, compile
from ._header import Signature, TensorSpec, parse_header
from ._model import CompiledModel, load
from ._tools import find_tool
from .accuracy import AccuracyReport, check_accuracy

__version__ = "0.1.0"

__all__ = ["compile", "load", "check_accuracy", "CompiledModel",
           "AccuracyReport", "Signature", "TensorSpec", "parse_header",
           "c_identifier", "find_tool", "TARGETS", "__version__"]
