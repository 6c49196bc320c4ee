"""Writes the .npy files npy.test uses into the folder given."""
import ast
import os
import re
import sys

import numpy as np

out = sys.argv[1]
image = (np.arange(16, dtype=np.float32) / 16).reshape(1, 1, 4, 4)
np.save(os.path.join(out, "image.npy"), image)
np.save(os.path.join(out, "image64.npy"), image.astype(np.float64))
np.save(os.path.join(out, "complex.npy"), image.astype(np.complex64))
with open(os.path.join(out, "notnpy.npy"), "w") as f:
    f.write("hello")
raw = open(os.path.join(out, "image.npy"), "rb").read()
with open(os.path.join(out, "truncated.npy"), "wb") as f:
    f.write(raw[:-32])

# The expected output: the MLP of examples/mlp.mlir in numpy.
source = open(os.path.join(os.path.dirname(__file__), "..", "..", "..",
                           "examples", "mlp.mlir")).read()
c = {name: np.array(ast.literal_eval(value), dtype=np.float64)
     for name, value in re.findall(r"%(\w+) = mdf\.constant dense<(.*?)> :",
                                   source)}
h = np.maximum(image.reshape(1, 16) @ c["w1"].T + c["b1"], 0)
logits = h @ c["w2"].T + c["b2"]
e = np.exp(logits - logits.max())
expected = (e / e.sum()).astype(np.float32)
np.save(os.path.join(out, "expected.npy"), expected)
np.save(os.path.join(out, "wrong.npy"), expected + 0.1)
# A reference of the right values but another dtype or shape.
np.save(os.path.join(out, "expected64.npy"), expected.astype(np.float64))
np.save(os.path.join(out, "expected_flat.npy"), expected.reshape(3))
# A Fortran-order input (numpy saves transposed views so): the same image.
np.save(os.path.join(out, "image_fortran.npy"), np.asfortranarray(image))
assert np.load(os.path.join(out, "image_fortran.npy")).flags.f_contiguous
# A header whose shape overflows the element count.
header = raw[:10].decode("latin1")
with open(os.path.join(out, "overflow.npy"), "wb") as f:
    text = "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"
    text += " " * ((64 - (10 + len(text) + 1) % 64) % 64) + "\n"
    f.write(b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") +
            text.encode("latin1") + b"\0" * 64)
