"""ONNX ops as MDF functions, run by mdf-run and checked against numpy.

  onnx_ops.py TOOLS WORKDIR

Each case is a small MDF model: one node calling `onnx::<Op>` with its
inputs as input ports (filled from .npy files) and its ONNX attributes as
parameters, or a few nodes passing values known at import time (the
Shape > Gather > Concat > Reshape chains ONNX exporters write). The result
of every case is compared with a numpy reference; prints one line per case
and exits non-zero if any differs.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np

tools, work = sys.argv[1:3]
os.makedirs(work, exist_ok=True)
rng = np.random.default_rng(0)
failures = 0


def node(op, inputs, attributes=None, args=None, outputs=("out",)):
    """A node calling onnx::op on input ports `inputs` (name -> array)."""
    call_args = args if args is not None else {name: name for name in inputs}
    parameters = {k: {"value": v} for k, v in (attributes or {}).items()}
    parameters["call"] = {"function": "onnx::" + op, "args": call_args}
    result = {"parameters": parameters,
              "output_ports": {name: {"value": "call"} for name in outputs}}
    if inputs:
        result["input_ports"] = {name: {"shape": list(np.shape(value))}
                                 for name, value in inputs.items()}
    return result


def run(name, nodes, edges, feeds, want, port=None, rtol=1e-6, atol=1e-9):
    global failures
    model = {name: {"format": "ModECI MDF v0.4", "graphs": {"g": {
        "nodes": nodes,
        "edges": {f"e{i}": dict(zip(
            ["sender", "sender_port", "receiver", "receiver_port"], e))
            for i, e in enumerate(edges)}}}}}
    path = os.path.join(work, name + ".json")
    with open(path, "w") as f:
        json.dump(model, f)
    command = [os.path.join(tools, "mdf-run"), path]
    for index, value in enumerate(feeds):
        npy = os.path.join(work, f"{name}_{index}.npy")
        np.save(npy, np.asarray(value, dtype=np.float64))
        command.append("--input=" + npy)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"{name}: FAILED to run\n{result.stderr}")
        failures += 1
        return
    values = dict(line.split(" = ", 1) for line in result.stdout.splitlines())
    port = port or (list(nodes)[-1] + ".out")
    got = np.array(eval(values[port]), dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    ok = got.shape == want.shape and np.allclose(got, want, rtol=rtol,
                                                 atol=atol)
    print(f"{name}: {'ok' if ok else 'MISMATCH'}")
    if not ok:
        print(f"  got {got.shape}: {got}\n  want {want.shape}: {want}")
        failures += 1


def single(name, op, inputs, want, attributes=None, args=None, **kw):
    run(name, {"n": node(op, inputs, attributes, args)}, [],
        list(inputs.values()), want, **kw)


def conv_ref(x, w, b, strides, pads, dilations, group):
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (x.shape[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (x.shape[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((n, f, oh, ow))
    per = f // group
    for o in range(f):
        g = o // per
        for i in range(oh):
            for j in range(ow):
                patch = x[:, g * cg:(g + 1) * cg,
                          i * strides[0]:i * strides[0] + dilations[0] * (kh - 1) + 1:dilations[0],
                          j * strides[1]:j * strides[1] + dilations[1] * (kw - 1) + 1:dilations[1]]
                y[:, o, i, j] = (patch * w[o]).sum(axis=(1, 2, 3))
    return y + (b.reshape(1, -1, 1, 1) if b is not None else 0)


def pool_ref(x, k, s, pads, kind, count_include_pad=False):
    fill = -np.inf if kind == "max" else 0.0
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])),
                constant_values=fill)
    ones = np.pad(np.ones_like(x), ((0, 0), (0, 0), (pads[0], pads[2]),
                                    (pads[1], pads[3])))
    oh = (xp.shape[2] - k[0]) // s[0] + 1
    ow = (xp.shape[3] - k[1]) // s[1] + 1
    y = np.zeros(x.shape[:2] + (oh, ow))
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]]
            if kind == "max":
                y[:, :, i, j] = win.max(axis=(2, 3))
            else:
                cnt = k[0] * k[1] if count_include_pad else ones[
                    :, :, i * s[0]:i * s[0] + k[0],
                    j * s[1]:j * s[1] + k[1]].sum(axis=(2, 3))
                y[:, :, i, j] = win.sum(axis=(2, 3)) / cnt
    return y


x = rng.standard_normal((2, 4, 7, 6))
w = rng.standard_normal((6, 2, 3, 2))
b = rng.standard_normal(6)
single("conv", "Conv", {"X": x, "W": w, "B": b},
       conv_ref(x, w, b, [2, 1], [1, 0, 1, 1], [1, 2], 2),
       {"strides": [2, 1], "pads": [1, 0, 1, 1], "dilations": [1, 2],
        "group": 2})
w1 = rng.standard_normal((3, 4, 3, 3))
single("conv_no_bias", "Conv", {"X": x, "W": w1},
       conv_ref(x, w1, None, [1, 1], [0, 0, 0, 0], [1, 1], 1),
       {"kernel_shape": [3, 3]})
single("maxpool", "MaxPool", {"X": x}, pool_ref(x, [3, 2], [2, 1],
                                                [1, 0, 1, 1], "max"),
       {"kernel_shape": [3, 2], "strides": [2, 1], "pads": [1, 0, 1, 1]})
single("averagepool", "AveragePool", {"X": x},
       pool_ref(x, [2, 2], [2, 2], [1, 1, 1, 1], "avg"),
       {"kernel_shape": [2, 2], "strides": [2, 2], "pads": [1, 1, 1, 1]})
single("averagepool_count_pad", "AveragePool", {"X": x},
       pool_ref(x, [2, 2], [2, 2], [1, 1, 1, 1], "avg", True),
       {"kernel_shape": [2, 2], "strides": [2, 2], "pads": [1, 1, 1, 1],
        "count_include_pad": 1})
single("globalaveragepool", "GlobalAveragePool", {"X": x},
       x.mean(axis=(2, 3), keepdims=True))
single("globalmaxpool", "GlobalMaxPool", {"X": x},
       x.max(axis=(2, 3), keepdims=True))

a = rng.standard_normal((2, 3))
c = rng.standard_normal((2, 5))
single("concat", "Concat", {"a": a, "c": c}, np.concatenate([a, c], axis=1),
       {"axis": -1}, {"inputs": "['a', 'c']"})
single("constant", "Constant", {}, [[1.5, 2], [3, 4]],
       {"value": [[1.5, 2], [3, 4]]})
single("constantofshape", "ConstantOfShape", {}, np.full((2, 3), 7.0),
       {"shape": [2, 3], "value": 7}, {"input": "shape"})
v = rng.standard_normal((3, 1, 4))
single("unsqueeze_attr", "Unsqueeze", {"data": v}, v.reshape(1, 3, 1, 4, 1),
       {"axes": [0, -1]})
single("squeeze_all", "Squeeze", {"data": v}, v.reshape(3, 4))
single("squeeze_axes", "Squeeze", {"data": v}, v.reshape(3, 4),
       {"axes": [1]}, {"data": "data", "axes": "axes"})
f = np.array([[-2.7, -0.5, 0.0], [0.4, 1.9, 3.5]])
single("cast_int", "Cast", {"input": f}, np.trunc(f), {"to": 7})
single("cast_bool", "Cast", {"input": f}, (f != 0).astype(float), {"to": 9})
single("cast_float", "Cast", {"input": f}, f, {"to": 1})
r = rng.standard_normal((2, 3, 4))
single("reducemean", "ReduceMean", {"data": r},
       r.mean(axis=(0, 2), keepdims=True), {"axes": [0, -1]})
single("reducesum_nokeep", "ReduceSum", {"data": r}, r.sum(axis=1),
       {"axes": [1], "keepdims": 0})
single("reducemax_all", "ReduceMax", {"data": r},
       r.max(keepdims=True))
single("reducemin", "ReduceMin", {"data": r}, r.min(axis=2, keepdims=True),
       {"axes": [2]})
single("transpose_default", "Transpose", {"data": r}, r.transpose())
single("transpose_perm", "Transpose", {"data": r}, r.transpose(1, 2, 0),
       {"perm": [1, 2, 0]})
s = rng.standard_normal((5, 7))
single("slice_attr", "Slice", {"data": s}, s[1:-1, 0:7:3],
       {"starts": [1, 0], "ends": [-1, 100], "steps": [1, 3]})
single("softmax", "Softmax", {"input": r},
       np.exp(r) / np.exp(r).sum(axis=1, keepdims=True), {"axis": 1})
single("softmax_default", "Softmax", {"input": r},
       np.exp(r) / np.exp(r).sum(axis=-1, keepdims=True))
single("logsoftmax", "LogSoftmax", {"input": r},
       r - np.log(np.exp(r).sum(axis=-1, keepdims=True)))
single("clip_attr", "Clip", {"input": s}, np.clip(s, -0.5, 0.7),
       {"min": -0.5, "max": 0.7})
single("clip_inputs", "Clip", {"input": s, "lo": np.array(-0.2)},
       np.maximum(s, -0.2), args={"input": "input", "min": "lo"})
single("dropout", "Dropout", {"data": s}, s, {"ratio": 0.5})
single("identity", "Identity", {"input": s}, s)
p = rng.standard_normal((2, 3, 2, 2))
slope = np.array([0.1, 0.2, 0.3]).reshape(3, 1, 1)
single("prelu", "PRelu", {"X": p, "slope": slope},
       np.where(p < 0, slope * p, p))
single("pad", "Pad", {"data": a}, np.pad(a, ((1, 0), (2, 1)),
                                         constant_values=1.5),
       {"pads": [1, 2, 0, 1], "value": 1.5})
b2 = rng.standard_normal((2, 3))
single("less", "Less", {"A": a, "B": b2}, (a < b2).astype(float))
single("greaterorequal", "GreaterOrEqual", {"A": a, "B": np.array(0.0)},
       (a >= 0).astype(float))
single("equal", "Equal", {"A": np.array([1.0, 2, 3]),
                          "B": np.array([1.0, 0, 3])}, [1.0, 0, 1])
single("not", "Not", {"X": np.array([1.0, 0, 3])}, [0.0, 1, 0])
single("where", "Where", {"condition": np.array([1.0, 0, 1]),
                          "X": np.array([1.0, 2, 3]), "Y": np.array(-1.0)},
       [1.0, -1, 3])
single("erf", "Erf", {"input": s}, np.vectorize(math.erf)(s), rtol=1e-5,
       atol=1e-6)
single("floor", "Floor", {"X": f}, np.floor(f))
single("ceil", "Ceil", {"X": f}, np.ceil(f))
single("leakyrelu", "LeakyRelu", {"X": s}, np.where(s < 0, 0.2 * s, s),
       {"alpha": 0.2})
single("reciprocal", "Reciprocal", {"X": np.array([2.0, -4, 0.5])},
       [0.5, -0.25, 2])
mean, var = rng.standard_normal(4), rng.random(4) + 0.5
scale, bias = rng.standard_normal(4), rng.standard_normal(4)
single("batchnormalization", "BatchNormalization",
       {"X": x, "scale": scale, "B": bias, "input_mean": mean,
        "input_var": var},
       (x - mean.reshape(1, 4, 1, 1)) / np.sqrt(var.reshape(1, 4, 1, 1) + 1e-3)
       * scale.reshape(1, 4, 1, 1) + bias.reshape(1, 4, 1, 1),
       {"epsilon": 1e-3})
single("max", "Max", {"a": a, "b": b2, "k": np.array(0.1)},
       np.maximum(np.maximum(a, b2), 0.1), args={"data_0": "['a', 'b', 'k']"})
single("min", "Min", {"a": a, "b": b2}, np.minimum(a, b2),
       args={"data_0": "['a', 'b']"})
single("sum", "Sum", {"a": a, "b": b2}, a + b2, args={"data_0": "['a', 'b']"})
single("mean", "Mean", {"a": a, "b": b2}, (a + b2) / 2,
       args={"data_0": "['a', 'b']"})
single("expand", "Expand", {"input": np.array([[1.0], [2.0]])},
       np.broadcast_to(np.array([[1.0], [2.0]]), (3, 2, 4)),
       {"shape": [3, 1, 4]}, {"input": "input", "shape": "shape"})
single("flatten", "Flatten", {"input": r}, r.reshape(6, 4), {"axis": 2})
g = rng.standard_normal((4, 2))
gb = rng.standard_normal((4, 3))
single("gemm_transA", "Gemm", {"A": g, "B": gb, "C": np.array(1.0)},
       0.5 * g.T @ gb + 2.0, {"transA": 1, "alpha": 0.5, "beta": 2})
single("gather_rows", "Gather", {"data": s}, s[[3, 0, 4]],
       {"indices": [3, 0, -1]}, {"data": "data", "indices": "indices"})
single("gather_axis1", "Gather", {"data": s, "i": np.array([[1.0, 6]])},
       s[:, [[1, 6]]], {"axis": 1}, {"data": "data", "indices": "i"})
single("sub_div_pow", "Pow", {"X": np.array([1.0, 2, 3]),
                              "Y": np.array(2.0)}, [1.0, 4, 9])

# Values known at import time cross nodes: Shape > Gather > Unsqueeze >
# Concat > Reshape, as ONNX exporters write a flatten; Slice's starts and
# ends from a Constant node (opset 10 inputs).
t = rng.standard_normal((2, 3, 4))
nodes = {
    "src": {"input_ports": {"x": {"shape": [2, 3, 4]}},
            "output_ports": {"y": {"value": "x"}}},
    "shape": node("Shape", {"data": t}),
    "zero": node("Constant", {}, {"value": 0}),
    "gather": node("Gather", {"data": None, "indices": None},
                   {"axis": 0}),
    "axes": node("Constant", {}, {"value": [0]}),
    "unsq": node("Unsqueeze", {"data": None, "axes": None}),
    "minus": node("Constant", {}, {"value": [-1]}),
    "cat": node("Concat", {"a": None, "b": None}, {"axis": 0},
                {"inputs": "['a', 'b']"}),
    "reshape": node("Reshape", {"data": t, "shape": None}),
}
for name in ("gather", "unsq", "cat"):
    for port in nodes[name]["input_ports"].values():
        del port["shape"]
del nodes["reshape"]["input_ports"]["shape"]["shape"]
edges = [("src", "y", "shape", "data"), ("shape", "out", "gather", "data"),
         ("zero", "out", "gather", "indices"),
         ("gather", "out", "unsq", "data"), ("axes", "out", "unsq", "axes"),
         ("unsq", "out", "cat", "a"), ("minus", "out", "cat", "b"),
         ("src", "y", "reshape", "data"), ("cat", "out", "reshape", "shape")]
run("shape_chain_reshape", nodes, edges, [t], t.reshape(2, 12))

nodes = {
    "src": {"input_ports": {"x": {"shape": [5, 7]}},
            "output_ports": {"y": {"value": "x"}}},
    "starts": node("Constant", {}, {"value": [1, -3]}),
    "ends": node("Constant", {}, {"value": [4, 1000]}),
    "slice": node("Slice", {"data": s, "starts": None, "ends": None}),
}
for port in ("starts", "ends"):
    del nodes["slice"]["input_ports"][port]["shape"]
edges = [("src", "y", "slice", "data"), ("starts", "out", "slice", "starts"),
         ("ends", "out", "slice", "ends")]
run("slice_inputs_from_constants", nodes, edges, [s], s[1:4, -3:])

# RandomNormalLike: drawn once at import from the seed (deterministic).
model = {"rnd": {"format": "ModECI MDF v0.4", "graphs": {"g": {"nodes": {
    "n": node("RandomNormalLike", {"input": np.zeros((50, 40))},
              {"seed": 3, "mean": 2, "scale": 0.5})}}}}}
path = os.path.join(work, "rnd.json")
json.dump(model, open(path, "w"))
np.save(os.path.join(work, "zeros.npy"), np.zeros((50, 40)))
runs = [subprocess.run([os.path.join(tools, "mdf-run"), path,
                        "--input=" + os.path.join(work, "zeros.npy")],
                       capture_output=True, text=True).stdout
        for _ in range(2)]
drawn = np.array(eval(runs[0].split(" = ", 1)[1]))
ok = (runs[0] == runs[1] and drawn.shape == (50, 40)
      and abs(drawn.mean() - 2) < 0.1 and abs(drawn.std() - 0.5) < 0.1)
print(f"randomnormallike: {'ok' if ok else 'MISMATCH'}")
failures += not ok

print(f"{failures} failures")
sys.exit(1 if failures else 0)
