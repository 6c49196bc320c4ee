"""The cases of the bad-input suite (bad_input_suite.py).

Each case is a command run in a fresh folder holding the case's files; the
pattern must match what the tool prints and should name the file and what
is wrong with it. Commands start with a tool name, or "python" for a
snippet that calls the Python package (PYTHON_PRELUDE comes first).
"""
import functools
import glob
import io
import json
import os
import struct
import zipfile

REGRESSIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "fuzz", "regressions")


class Case:
    def __init__(self, name, command, expect, files=None, folders=(),
                 max_errors=2, stdout_to=None):
        self.name = name
        self.command = command
        self.expect = expect
        self.files = files or {}
        self.folders = list(folders)
        self.max_errors = max_errors
        self.stdout_to = stdout_to  # a path standard output goes to


PYTHON_PRELUDE = """
import sys
def run(body):
    try:
        body()
    except Exception as error:
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
    print("error: no exception", file=sys.stderr)
    sys.exit(0)
"""

# ---------------------------------------------------------------------------
# Files the cases start from.

MLIR = b"""func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y = mdf.relu %x : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
"""


def nested(opening, closing, depth, middle):
    return (opening * depth + middle + closing * depth).encode()


def mdf_model(nodes, edges=None, conditions=None):
    graph = {"nodes": nodes}
    if edges:
        graph["edges"] = edges
    if conditions:
        graph["conditions"] = conditions
    return {"M": {"format": "ModECI MDF v0.4", "graphs": {"g": graph}}}


def mdf_json(nodes, edges=None, conditions=None):
    return json.dumps(mdf_model(nodes, edges, conditions), indent=1).encode()


def node_with(value):
    """One node whose parameter p is `value` (any JSON)."""
    return {"n": {"parameters": {"p": {"value": value}},
                  "output_ports": {"o": {"value": "p"}}}}


SIMPLE_NODES = {
    "a": {"input_ports": {"i": {"shape": [1]}},
          "parameters": {"p": {"value": "i * 2"}},
          "output_ports": {"o": {"value": "p"}}},
    "b": {"input_ports": {"i": {"shape": [1]}},
          "output_ports": {"o": {"value": "i + 1"}}},
}
GOOD_JSON = mdf_json(SIMPLE_NODES, {
    "e": {"sender": "a", "receiver": "b", "sender_port": "o",
          "receiver_port": "i"}})


def edge(sender, receiver, sender_port="o", receiver_port="i"):
    return {"sender": sender, "receiver": receiver,
            "sender_port": sender_port, "receiver_port": receiver_port}


def npy(array):
    import numpy as np
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def npy_with_header(header, payload=b""):
    text = header.encode()
    text += b" " * ((64 - (10 + len(text) + 1) % 64) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + bytes([len(text) & 255, len(text) >> 8]) + \
        text + payload


@functools.lru_cache(None)
def torchscript(kind):
    import torch

    class Linear(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(4, 3)

        def forward(self, x):
            return torch.relu(self.fc(x))

    class Unsupported(torch.nn.Module):
        def forward(self, x):
            return torch.lgamma(x)

    class TakesNumber(torch.nn.Module):
        def forward(self, x, scale: float):
            return x * scale

    module = {"linear": Linear, "unsupported": Unsupported,
              "number": TakesNumber}[kind]()
    buffer = io.BytesIO()
    torch.jit.save(torch.jit.script(module), buffer)
    return buffer.getvalue()


def records_to_pt(data):
    """A .pt built from the torchscript-import fuzz target's input format."""
    out = io.BytesIO()
    at = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        while at < len(data):
            size = data[at]
            name = data[at + 1:at + 1 + size].decode("latin-1")
            at += 1 + size
            (length,) = struct.unpack("<I", data[at:at + 4])
            target.writestr("archive/" + name, data[at + 4:at + 4 + length])
            at += 4 + length
        target.writestr("archive/version", b"3\n")
    return out.getvalue()


def regression_cases():
    """Inputs the fuzzers found, through the tools."""
    cases = []
    for path in sorted(glob.glob(os.path.join(REGRESSIONS, "*", "*"))):
        target = os.path.basename(os.path.dirname(path))
        name = os.path.splitext(os.path.basename(path))[0]
        data = open(path, "rb").read()
        if target == "torchscript-import":
            cases.append(Case(
                "fuzz-" + name, ["mdf-translate", "--import-torchscript",
                                 "m.pt", "--input-shape=2x4", "-o", "o.mlir"],
                r"(m\.pt:0:0: error: (LibTorch crashed|cannot load)|tensor "
                r"constant .* \(the file is damaged\))",
                files={"m.pt": records_to_pt(data)}))
        elif target == "mdf-expression":
            model = mdf_json({"n": {
                "input_ports": {"x": {"shape": [2]}, "y": {"shape": [2, 2]}},
                "parameters": {"p": {"value": [1.5, -2]},
                               "q": {"value": data.decode("utf-8")}},
                "output_ports": {"o": {"value": "q"}}}})
            cases.append(Case("fuzz-" + name, ["mdf-translate",
                                               "--import-mdf-json", "m.json",
                                               "-o", "o.mlir"],
                              r"m\.json:\d+:\d+: error:",
                              files={"m.json": model}))
        elif target == "mlir-parse":
            cases.append(Case("fuzz-" + name, ["mdf-opt", "m.mlir", "-o",
                                               "o.mlir"],
                              r"m\.mlir:\d+:\d+: error:",
                              files={"m.mlir": data}))
    return cases


def rezip(data, change):
    """The .pt zip `data` with each entry passed through change(name, bytes)
    (None drops the entry)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info, content)
    return out.getvalue()


# ---------------------------------------------------------------------------
# The cases.

def translate_json_cases():
    cases = []

    def add(name, data, expect, **kw):
        cases.append(Case("json-" + name,
                          ["mdf-translate", "--import-mdf-json", "m.json",
                           "-o", "out.mlir"],
                          expect, files={"m.json": data}, **kw))

    add("truncated", GOOD_JSON[:40], r"m\.json.*malformed JSON")
    add("empty", b"", r"m\.json.*(empty|end of the file)")
    add("array-root", b"[1, 2]", r"m\.json.*one member")
    add("binary", bytes(range(256)) * 4, r"m\.json.*malformed JSON")
    add("nan", mdf_json(node_with("NaN")).replace(b'"NaN"', b"NaN"),
        r"m\.json:\d+:\d+.*'NaN' is not a JSON number")
    add("infinity", mdf_json(node_with(1)).replace(b": 1\n", b": Infinity\n"),
        r"m\.json.*'Infinity' is not a JSON number")
    add("minus-infinity",
        mdf_json(node_with(1)).replace(b": 1\n", b": -Infinity\n"),
        r"m\.json.*'-Infinity' is not a JSON number")
    add("huge-number", mdf_json(node_with(1)).replace(b": 1\n", b": 1e999\n"),
        r"m\.json.*'1e999' is out of the range of a double")
    add("bad-utf8", mdf_json(node_with("x")).replace(b'"x"', b'"\xff\xfe"'),
        r"m\.json.*not valid UTF-8")
    add("overlong-utf8",
        mdf_json(node_with("x")).replace(b'"x"', b'"\xc0\xaf"'),
        r"m\.json.*not valid UTF-8")
    add("deep-arrays", b'{"M": ' + nested("[", "]", 100000, "1") + b"}",
        r"m\.json.*nest deeper than 512 levels")
    add("deep-objects", nested('{"a": ', "}", 100000, "1"),
        r"m\.json.*nest deeper than 512 levels")
    add("ragged", mdf_json(node_with([[1, 2], [3]])),
        r"m\.json.*ragged array \(\[1\] has 1 elements, \[0\] has 2\)")
    add("ragged-depth", mdf_json(node_with([[1, 2], 3])),
        r"m\.json.*ragged array \(\[1\] is a number where \[0\] is a list\)")
    add("array-of-strings", mdf_json(node_with([1, "a"])),
        r"m\.json.*(expression|string)")
    add("nodes-not-object", mdf_json("nodes"),
        r"m\.json.*expected an object, not a string")
    add("node-is-number", mdf_json({"n": 3}),
        r"m\.json.*expected an object, not a number")
    add("unknown-sender", mdf_json(SIMPLE_NODES, {"e": edge("x", "b")}),
        r"m\.json.*unknown node 'x'")
    add("unknown-port", mdf_json(SIMPLE_NODES, {"e": edge("a", "b", "zz")}),
        r"m\.json.*node 'a' has no output port 'zz'")
    add("self-loop", mdf_json(SIMPLE_NODES, {"e": edge("b", "b")}),
        r"m\.json:\d+:\d+.*connects node 'b' to itself")
    add("cycle", mdf_json(SIMPLE_NODES, {"e": edge("a", "b"),
                                         "f": edge("b", "a")}),
        r"m\.json.*edges form a cycle \(a -> b -> a\)")
    add("long-cycle", mdf_json(
        {name: {"input_ports": {"i": {"shape": [1]}},
                "output_ports": {"o": {"value": "i"}}} for name in "pqrs"},
        {"e1": edge("p", "q"), "e2": edge("q", "r"), "e3": edge("r", "s"),
         "e4": edge("s", "q")}),
        r"m\.json.*edges form a cycle \(q -> r -> s -> q\)")
    add("parse-error", mdf_json(node_with("1 +* 2")),
        r"m\.json.*cannot parse the expression '1 \+\* 2'")
    add("nested-parens", mdf_json(node_with("(" * 10000 + "1" + ")" * 10000)),
        r"m\.json.*nests deeper than 512 levels")
    add("unary-minus", mdf_json(node_with("-" * 100000 + "1")),
        r"m\.json.*nests deeper than 512 levels")
    add("long-sum", mdf_json(node_with("+".join(["1"] * 200000))),
        r"m\.json.*nests deeper than 512 levels")
    add("not-chain", mdf_json(node_with("not " * 5000 + "1")),
        r"m\.json.*nests deeper than 512 levels")
    add("index-chain", mdf_json(node_with("[1]" + "[0]" * 5000)),
        r"m\.json.*nests deeper than 512 levels")
    add("floor-div-zero", mdf_json(node_with("7 // 0")),
        r"m\.json.*division by zero.*ZeroDivisionError")
    add("mod-zero", mdf_json(node_with("7 % 0")),
        r"m\.json.*division by zero")
    add("div-zero", mdf_json(node_with("1 / -0.0")),
        r"m\.json.*division by zero")
    add("unknown-name", mdf_json(node_with("q + 1")), r"m\.json.*'q'")
    add("unknown-function", mdf_json(
        {"n": {"functions": {"f": {"function": "nosuchfn",
                                   "args": {"x": 1}}},
               "output_ports": {"o": {"value": "f"}}}}),
        r"m\.json.*nosuchfn")
    add("gemm-no-shape", mdf_json(
        {"n": {"input_ports": {"A": {}, "B": {}},
               "functions": {"g": {"function": "onnx::Gemm",
                                   "args": {"A": "A", "B": "B"}}},
               "output_ports": {"o": {"value": "g"}}}}),
        r"m\.json.*(rank 2|matri)")
    add("negative-shape", mdf_json(
        {"n": {"input_ports": {"i": {"shape": [-3]}},
               "output_ports": {"o": {"value": "i"}}}}),
        r"m\.json.*shape")
    add("huge-shape", mdf_json(
        {"n": {"input_ports": {"i": {"shape": [9223372036854775807, 4]}},
               "output_ports": {"o": {"value": "i"}}}}),
        r"m\.json.*(too large|shape)")
    add("two-models", b'{"A": {}, "B": {}}', r"m\.json.*exactly one member")
    add("weight-string", mdf_json(SIMPLE_NODES, {"e": dict(
        edge("a", "b"), parameters={"weight": "heavy"})}),
        r"m\.json.*weight must be a number")
    add("condition-unknown-node", mdf_json(SIMPLE_NODES, None, {
        "node_specific": {"zz": {"type": "Always"}}}),
        r"m\.json.*unknown node 'zz'")
    add("condition-unknown-type", mdf_json(SIMPLE_NODES, None, {
        "node_specific": {"a": {"type": "Sometimes"}}}),
        r"m\.json.*Sometimes")
    cases.append(Case("json-output-is-input",
                      ["mdf-translate", "--import-mdf-json", "m.json",
                       "-o", "m.json"],
                      r"output 'm\.json' is the input 'm\.json'",
                      files={"m.json": b'{"broken'}))
    cases.append(Case("json-output-missing-folder",
                      ["mdf-translate", "--import-mdf-json", "m.json",
                       "-o", "nowhere/out.mlir"],
                      r"'nowhere/out\.mlir'.*folder.*does not exist",
                      files={"m.json": GOOD_JSON}))
    cases.append(Case("json-output-is-folder",
                      ["mdf-translate", "--import-mdf-json", "m.json",
                       "-o", "dir"],
                      r"'dir': it is a folder",
                      files={"m.json": GOOD_JSON}, folders=["dir"]))
    cases.append(Case("json-output-full-disk",
                      ["mdf-translate", "--import-mdf-json", "m.json",
                       "-o", "/dev/full"],
                      r"cannot write the output '/dev/full': No space",
                      files={"m.json": GOOD_JSON}))
    cases.append(Case("json-missing-input",
                      ["mdf-translate", "--import-mdf-json", "none.json",
                       "-o", "out.mlir"],
                      r"none\.json.*No such file"))
    cases.append(Case("json-input-is-folder",
                      ["mdf-translate", "--import-mdf-json", "dir",
                       "-o", "out.mlir"],
                      r"dir.*(directory|folder)", folders=["dir"]))
    return cases


def translate_yaml_cases():
    cases = []

    def add(name, data, expect, **kw):
        cases.append(Case("yaml-" + name,
                          ["mdf-translate", "--import-mdf-yaml", "m.yaml",
                           "-o", "out.mlir"],
                          expect, files={"m.yaml": data}, **kw))

    good = (b"m:\n  graphs:\n    g:\n      nodes:\n        a:\n"
            b"          parameters:\n            p: {value: 1}\n")
    add("truncated-flow", good.replace(b"{value: 1}", b"{value: [1, 2"),
        r"m\.yaml:\d+:\d+.*malformed YAML.*flow")
    add("binary", bytes(range(256)) * 4, r"m\.yaml.*malformed YAML")
    add("tab-indent", good.replace(b"      nodes", b"\tnodes"),
        r"m\.yaml.*malformed YAML")
    add("deep-flow", b"m: " + nested("[", "]", 100000, "1"),
        r"m\.yaml.*nest deeper than 512 levels")
    add("deep-blocks", b"m:\n" + b"".join(
        b" " * (i + 1) + b"k:\n" for i in range(2000)) + b" " * 2001 + b"1\n",
        r"m\.yaml.*nest deeper than 512 levels")
    add("deep-compact-sequences", b"m: \n  " + b"- " * 5000 + b"1\n",
        r"m\.yaml.*nest deeper than 512 levels")
    add("alias-bomb", b"\n".join(
        [b"a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"] +
        [b"a%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 10) + b"]"
         for i in range(1, 12)]),
        r"m\.yaml.*expands \(through aliases\)")
    add("unknown-tag", good.replace(b"{value: 1}", b"!!python/object {value: 1}"),
        r"m\.yaml.*tag .*has no meaning in MDF")
    add("bad-int-tag", good.replace(b"{value: 1}", b"{value: !!int abc}"),
        r"m\.yaml.*'abc' is not a valid int")
    add("huge-number", good.replace(b"{value: 1}", b"{value: 1e999}"),
        r"m\.yaml.*'1e999' is out of the range of a double")
    add("list-root", b"- 1\n- 2\n", r"m\.yaml.*one member")
    add("empty", b"", r"m\.yaml.*one member")
    add("dangling-edge", good + b"      edges:\n        e: {sender: a, "
        b"sender_port: o, receiver: zz, receiver_port: i}\n",
        r"m\.yaml:9:\d+.*node 'a' has no output port 'o'")
    return cases


def translate_torchscript_cases():
    cases = []
    good = torchscript("linear")

    def add(name, data, expect, shapes=("2x4",), output="out.mlir", **kw):
        command = ["mdf-translate", "--import-torchscript", "m.pt", "-o",
                   output] + [f"--input-shape={s}" for s in shapes]
        cases.append(Case("pt-" + name, command, expect,
                          files={"m.pt": data}, **kw))

    add("garbage", b"this is not a model",
        r"m\.pt.*cannot load TorchScript model 'm\.pt': .*zip")
    add("empty", b"", r"m\.pt.*cannot load TorchScript model 'm\.pt': \S")
    add("truncated", good[:len(good) // 2],
        r"cannot load TorchScript model 'm\.pt': \S")
    add("no-data-pkl", rezip(good, lambda n, d: None if n.endswith(
        "data.pkl") else d), r"cannot load TorchScript model 'm\.pt': \S")
    add("bad-data-pkl", rezip(good, lambda n, d: b"\x80\x02junk" if n.endswith(
        "/data.pkl") else d), r"cannot load TorchScript model 'm\.pt': \S")
    add("bad-code", rezip(good, lambda n, d: b"def (:\n" if "/code/" in n
                          and n.endswith(".py") else d),
        r"cannot load TorchScript model 'm\.pt': \S")
    add("bad-constants", rezip(good, lambda n, d: b"\x80\x02\x8a" if n.endswith(
        "constants.pkl") else d),
        r"cannot load TorchScript model 'm\.pt': \S")
    add("bad-version", rezip(good, lambda n, d: b"banana\n" if n.endswith(
        "/version") else d), r"cannot load TorchScript model 'm\.pt': \S")
    add("missing-weights", rezip(good, lambda n, d: None if "/data/" in n
                                 else d),
        r"cannot load TorchScript model 'm\.pt': \S")
    add("too-few-shapes", good, r"m\.pt.*takes 1 input but 0 --input-shapes",
        shapes=())
    add("too-many-shapes", good, r"m\.pt.*takes 1 input but 2", shapes=(
        "2x4", "2x4"))
    add("bad-size", good, r"--input-shape=2xa: bad size 'a'", shapes=("2xa",))
    add("empty-shape", good, r"--input-shape=: an empty shape", shapes=("",))
    add("huge-shape", good, r"9223372036854775807x4' is too large",
        shapes=("9223372036854775807x4",))
    add("overflow-product", good, r"too large",
        shapes=("4294967296x4294967296",))
    add("negative-size", good, r"bad size '-1'", shapes=("-1x4",))
    add("bad-dtype", good, r"unknown element type 'q32'", shapes=("q32:2x4",))
    add("wrong-width", good, r"m\.pt|linear|mdf\.gemm|4|5", shapes=("2x5",))
    add("f64-input", good, r"--input-shape 0 is f64 but the model's weights "
        r"are f32", shapes=("f64:2x4",), max_errors=4)
    add("unsupported", torchscript("unsupported"),
        r"'aten::lgamma'.*not supported|aten::lgamma", shapes=("2x3",))
    add("number-with-shape", torchscript("number"),
        r"input 1 of forward\(\) is a number", shapes=("2x3", "2x3"))
    add("output-is-input", b"damaged", r"output 'm\.pt' is the input 'm\.pt'",
        output="m.pt")
    add("full-disk", good, r"cannot write the output '/dev/full'",
        output="/dev/full")
    add("missing-folder", good, r"folder.*does not exist",
        output="no/out.mlir")
    cases.append(Case("pt-missing-input",
                      ["mdf-translate", "--import-torchscript", "none.pt",
                       "-o", "out.mlir", "--input-shape=2"],
                      r"none\.pt.*No such file"))
    return cases


def opt_cases():
    cases = []

    def add(name, data, expect, args=(), output="out.mlir", file="m.mlir",
            **kw):
        cases.append(Case("opt-" + name,
                          ["mdf-opt", file, "-o", output] + list(args),
                          expect, files={file: data} if data is not None
                          else {}, **kw))

    add("syntax", b"func.func @f( {", r"m\.mlir:1:\d+: error:")
    add("unknown-op", b'"nosuch.op"() : () -> ()',
        r"m\.mlir:1:\d+: error: operation being parsed with an unregistered "
        r"dialect")
    add("verifier", MLIR.replace(b"%y = mdf.relu %x : tensor<2x4xf32>",
                                 b"%y = mdf.relu %x : tensor<2x5xf32>"),
        r"m\.mlir:\d+:\d+: error:")
    add("gemm-vectors", b"""func.func @f(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<?x?xf32> {
  %c = mdf.gemm %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}
""", r"m\.mlir:2:\d+: error: 'mdf\.gemm' op operand #0 must be 2D")
    add("deep-types", b"func.func private @f() -> " +
        nested("tuple<", ">", 100000, "f32") + b"\n",
        r"m\.mlir:1:\d+: brackets nest deeper than 512 levels")
    add("deep-attributes", b"func.func private @f() attributes {a = " +
        nested("[", "]", 100000, "1") + b"}\n",
        r"m\.mlir:1:\d+: brackets nest deeper than 512 levels")
    add("deep-regions", nested('"test.op"() ({', "}) : () -> ()", 20000, ""),
        r"m\.mlir:1:\d+: brackets nest deeper than 512 levels")
    add("deep-affine", b"#map = affine_map<(d0) -> " +
        nested("(", ")", 100000, "d0") + b">\n",
        r"m\.mlir:1:\d+: brackets nest deeper than 512 levels")
    add("binary", bytes(range(256)) * 8, r"m\.mlir.*error:")
    add("truncated-bytecode", b"ML\xefR\x06\x00\x00", r"m\.mlirbc.*error:",
        file="m.mlirbc")
    add("output-is-input", MLIR, r"output 'm\.mlir' is the input 'm\.mlir'",
        output="m.mlir")
    cases.append(Case("opt-output-is-input-link",
                      ["mdf-opt", "m.mlir", "-o", "sub/../m.mlir"],
                      r"is the input 'm\.mlir'", files={"m.mlir": MLIR},
                      folders=["sub"]))
    add("full-disk", MLIR, r"cannot write the output '/dev/full'",
        output="/dev/full")
    add("output-folder", MLIR, r"'dir': it is a folder", output="dir",
        folders=["dir"])
    add("missing-folder", MLIR, r"'no/out\.mlir'.*does not exist",
        output="no/out.mlir")
    add("missing-input", None, r"none\.mlir.*No such file", file="none.mlir")
    add("pass-failure", MLIR, r"'nosuchpass' does not refer to a registered "
        r"pass",
        args=["--pass-pipeline=builtin.module(func.func(nosuchpass))"])
    add("shape-mismatch", b"""func.func @f(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<?xf32> {
  %c = mdf.add %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<?xf32>
  return %c : tensor<?xf32>
}
""", r"m\.mlir:2:\d+: error:")
    add("bad-dense", b"func.func private @f() attributes {a = dense<[1, 2]> "
        b": tensor<3xi32>}\n", r"m\.mlir:1:\d+: error:")
    cases.append(Case("opt-failure-keeps-old-output",
                      ["mdf-opt", "m.mlir", "-o", "out.mlir"],
                      r"m\.mlir:1:\d+: error:",
                      files={"m.mlir": b"func.func @f( {",
                             "out.mlir": b"the previous output\n"}))
    return cases


def compile_cases():
    cases = []

    def add(name, expect, args, files=None, **kw):
        cases.append(Case("compile-" + name, ["mdf-compile"] + args, expect,
                          files=files if files is not None else
                          {"m.mlir": MLIR}, **kw))

    add("output-is-model", r"output 'm\.mlir' is the input 'm\.mlir'",
        ["m.mlir", "-o", "m.mlir"])
    add("header-is-model", r"header 'm\.h' is the input 'm\.h'",
        ["m.h", "-o", "m.o"], files={"m.h": MLIR})
    add("header-is-output", r"header 'x\.h' is also the output",
        ["m.mlir", "--emit=mlir", "-o", "x.h"])
    add("header-is-folder", r"header 'D/m\.h': it is a folder",
        ["m.mlir", "-o", "D/m.o"], folders=["D", "D/m.h"])
    add("missing-folder", r"'no/m\.o'.*does not exist",
        ["m.mlir", "-o", "no/m.o"])
    add("full-disk", r"cannot write the output '/dev/full'",
        ["m.mlir", "-o", "/dev/full"])
    add("stdout", r"-o - is not supported", ["m.mlir", "-o", "-"])
    add("unknown-extension", r"m\.txt.*unknown model type '\.txt'",
        ["m.txt"], files={"m.txt": MLIR})
    add("missing-model", r"none\.mlir.*(No such file|cannot)", ["none.mlir"],
        files={})
    add("opt-level", r"-O7 is not an optimization level", ["m.mlir", "-O7"])
    add("huge-shape", r"is too large", ["m.mlir",
                                        "--input-shape=9223372036854775807x4"])
    add("empty-shape", r"an empty shape", ["m.mlir", "--input-shape="])
    add("bad-dtype", r"unknown element type 'u8'", ["m.mlir",
                                                   "--input-shape=u8:2x4"])
    add("wrong-shape", r"--input-shape 0 is 'tensor<3x4xf32>' but the model's "
        r"input 0 is 'tensor<2x4xf32>'", ["m.mlir", "--input-shape=3x4"])
    add("syntax", r"m\.mlir:1:\d+: error:", ["m.mlir"],
        files={"m.mlir": b"func.func @f( {"})
    add("deep", r"m\.mlir.*nest deeper than 512", ["m.mlir"],
        files={"m.mlir": b"func.func private @f() -> " +
               nested("tuple<", ">", 50000, "f32")})
    add("no-entry", r"no entry function", ["m.mlir"], files={
        "m.mlir": MLIR.replace(b"@forward", b"@one") +
        MLIR.replace(b"@forward", b"@two")})
    add("garbage-pt", r"m\.pt.*cannot load TorchScript model", [
        "m.pt", "--input-shape=2x4"], files={"m.pt": b"PK\x03\x04junk"})
    add("pt-shapes", r"takes 1 input but 0", ["m.pt"],
        files={"m.pt": torchscript("linear")})
    add("json-cycle", r"m\.json.*cycle", ["m.json"], files={
        "m.json": mdf_json(SIMPLE_NODES, {"e": edge("a", "b"),
                                          "f": edge("b", "a")})})
    add("json-malformed", r"m\.json.*malformed JSON", ["m.json"],
        files={"m.json": b"{"})
    add("json-shapes", r"--input-shape does not apply to MDF models",
        ["m.json", "--input-shape=2"], files={"m.json": GOOD_JSON})
    add("shared-missing-folder", r"does not exist",
        ["m.mlir", "--emit=shared", "-o", "no/libm.so"])
    add("failure-keeps-old-outputs", r"--input-shape 0 is 'tensor<3x4xf32>'",
        ["m.mlir", "--input-shape=3x4", "-o", "m.o"],
        files={"m.mlir": MLIR, "m.o": b"old object", "m.h": b"old header"})
    add("bad-bytecode", r"m\.mlirbc.*error", ["m.mlirbc"],
        files={"m.mlirbc": b"ML\xefR\x00\x01\x02"})
    return cases


def run_cases():
    import numpy as np
    cases = []
    x = npy(np.ones((2, 4), np.float32))

    def add(name, expect, args, files=None, **kw):
        base = {"m.mlir": MLIR, "x.npy": x}
        if files:
            base.update(files)
        cases.append(Case("run-" + name, ["mdf-run"] + args, expect,
                          files=base, **kw))

    add("output-is-input", r"--output 0 'x\.npy' is the input 'x\.npy'",
        ["m.mlir", "--input=x.npy", "--output=x.npy"])
    add("output-is-model", r"'m\.mlir' is the input 'm\.mlir'",
        ["m.mlir", "--input=x.npy", "--output=m.mlir"])
    add("output-is-reference", r"'r\.npy' is the input 'r\.npy'",
        ["m.mlir", "--input=x.npy", "--output=r.npy", "--compare=r.npy"],
        files={"r.npy": x})
    add("outputs-same", r"--output 1 'a\.npy' is also --output 0",
        ["m.mlir", "--input=x.npy", "--output=a.npy", "--output=a.npy"])
    add("second-output-missing-folder",
        r"--output 1 '/missing/b\.npy'.*does not exist",
        ["m.mlir", "--input=x.npy", "--output=a.npy",
         "--output=/missing/b.npy"])
    add("mismatch-keeps-old-output", r"MISMATCH",
        ["m.mlir", "--input=x.npy", "--output=a.npy", "--compare=r.npy"],
        files={"r.npy": npy(np.zeros((2, 4), np.float32)),
               "a.npy": b"the previous output"})
    add("more-outputs", r"has 1 outputs but 2 --output",
        ["m.mlir", "--input=x.npy", "--output=a.npy", "--output=b.npy"])
    add("full-disk", r"cannot write --output 0 '/dev/full'",
        ["m.mlir", "--input=x.npy", "--output=/dev/full"])
    add("not-npy", r"y\.npy: not a \.npy file", ["m.mlir", "--input=y.npy"],
        files={"y.npy": b"hello"})
    add("truncated-header", r"y\.npy: truncated header",
        ["m.mlir", "--input=y.npy"], files={"y.npy": x[:20]})
    add("short-data", r"y\.npy: holds \d+ bytes of data, expected 32",
        ["m.mlir", "--input=y.npy"], files={"y.npy": x[:-4]})
    add("overflow-shape", r"y\.npy: shape .* is too large",
        ["m.mlir", "--input=y.npy"], files={"y.npy": npy_with_header(
            "{'descr': '<f4', 'fortran_order': False, "
            "'shape': (4611686018427387904, 4), }")})
    add("negative-shape", r"y\.npy: malformed shape",
        ["m.mlir", "--input=y.npy"], files={"y.npy": npy_with_header(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 4), }")})
    add("no-descr", r"y\.npy: malformed header", ["m.mlir", "--input=y.npy"],
        files={"y.npy": npy_with_header("{'shape': (2, 4), }")})
    add("complex", r"y\.npy: unsupported dtype '<c8'",
        ["m.mlir", "--input=y.npy"],
        files={"y.npy": npy(np.ones((2, 4), np.complex64))})
    add("version", r"y\.npy: unsupported \.npy version 9",
        ["m.mlir", "--input=y.npy"],
        files={"y.npy": b"\x93NUMPY\x09\x00" + x[8:]})
    add("f64-for-f32", r"--input 0 \(y\.npy\) is 'tensor<2x4xf64>' but the "
        r"model's input 0 is 'tensor<2x4xf32>'", ["m.mlir", "--input=y.npy"],
        files={"y.npy": npy(np.ones((2, 4), np.float64))})
    add("pt-f64-for-f32", r"--input 0 \(y\.npy\) is f64 but the model's "
        r"weights are f32", ["m.pt", "--input=y.npy"],
        files={"m.pt": torchscript("linear"),
               "y.npy": npy(np.ones((2, 4), np.float64))}, max_errors=4)
    add("wrong-shape", r"--input 0 \(y\.npy\) is 'tensor<3x4xf32>'",
        ["m.mlir", "--input=y.npy"],
        files={"y.npy": npy(np.ones((3, 4), np.float32))})
    add("too-many-inputs", r"takes 1 inputs but 2 --input files",
        ["m.mlir", "--input=x.npy", "--input=x.npy"])
    add("missing-input", r"none\.npy: No such file", ["m.mlir",
                                                       "--input=none.npy"])
    add("compare-mismatch", r"MISMATCH.*differs from its --compare", ["m.mlir", "--input=x.npy",
                                          "--output=a.npy", "--compare=r.npy"],
        files={"r.npy": npy(np.zeros((2, 4), np.float32))})
    add("compare-shape", r"is tensor<2x4xf32> but --compare r\.npy is "
        r"tensor<8xf32>: MISMATCH.*no output was written", ["m.mlir", "--input=x.npy",
                                     "--compare=r.npy"],
        files={"r.npy": npy(np.ones(8, np.float32))})
    cases[-1].max_errors = 2
    json_files = {"m.json": GOOD_JSON}
    add("trace-is-model", r"--trace file 'm\.json' is the input 'm\.json'",
        ["m.json", "--trace=m.json"], files=json_files)
    add("trace-missing-folder", r"--trace file 'no/t\.csv'.*does not exist",
        ["m.json", "--trace=no/t.csv"], files=json_files)
    add("trace-full-disk", r"cannot write the --trace file '/dev/full'",
        ["m.json", "--dt=0.1", "--duration=100", "--trace=/dev/full"],
        files=json_files)
    add("trace-port", r"--trace-port: no output port zz",
        ["m.json", "--trace=t.csv", "--trace-port=zz"], files=json_files)
    add("json-output", r"--output applies to \.pt and \.mlir models",
        ["m.json", "--output=a.npy"], files=json_files)
    add("too-many-steps", r"asks for [0-9.]+e\+29 time steps; mdf-run takes",
        ["m.json", "--dt=1e-30", "--duration=1"], files=json_files)
    add("dt-without-duration", r"--dt needs a positive --duration",
        ["m.json", "--dt=0.1"], files=json_files)
    add("json-nan", r"m\.json.*'NaN' is not a JSON number", ["m.json"],
        files={"m.json": mdf_json(node_with("x")).replace(b'"x"', b"NaN")})
    add("json-input-count", r"unconnected input ports but 3 --input",
        ["m.json", "--input=x.npy", "--input=x.npy", "--input=x.npy"],
        files=json_files)
    add("stdout-full", r"cannot write the results to standard output: No "
        r"space", ["m.json"], files=json_files, stdout_to="/dev/full")
    add("json-deep-sum", r"m\.json.*nests deeper than 512",
        ["m.json"], files={"m.json": mdf_json(node_with(
            "+".join(["1"] * 200000)))})
    return cases


def python_cases():
    cases = []

    def add(name, expect, body, files=None, folders=()):
        cases.append(Case("python-" + name, ["python", body], expect,
                          files=files, folders=folders))

    linear = ("import torch, numpy as np, mdf\n"
              "model = torch.nn.Linear(4, 3)\n")
    add("save-to-file", r"NotADirectoryError: 'out' is not a folder",
        linear + "fast = mdf.compile(model, [torch.ones(2, 4)])\n"
        "run(lambda: fast.save('out'))", files={"out": b"keep me"})
    add("bad-name-dtype", r"TypeError: unsupported input dtype uint8",
        linear + "run(lambda: mdf.compile(model, "
        "[np.ones((2, 4), np.uint8)], name='my-model'))")
    add("bad-dtype", r"TypeError: unsupported input dtype complex64",
        linear + "run(lambda: mdf.compile(model, "
        "[np.ones((2, 4), np.complex64)]))")
    add("unsupported-op", r"RuntimeError: mdf-compile failed:.*aten::lgamma",
        "import torch, mdf\n"
        "class M(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        return torch.lgamma(x)\n"
        "run(lambda: mdf.compile(M(), [torch.ones(2, 3)]))")
    add("wrong-call", r"ValueError: input 0 is float32\[3, 4\], the model "
        r"was compiled for float32\[2, 4\]",
        linear + "fast = mdf.compile(model, [torch.ones(2, 4)])\n"
        "run(lambda: fast(np.ones((3, 4), np.float32)))")
    add("wrong-count", r"TypeError: model takes 1 inputs, got 2",
        linear + "fast = mdf.compile(model, [torch.ones(2, 4)])\n"
        "run(lambda: fast(np.ones((2, 4), np.float32), 1))")
    return cases


def all_cases():
    return (translate_json_cases() + translate_yaml_cases() +
            translate_torchscript_cases() +
            opt_cases() + compile_cases() + run_cases() + python_cases() +
            regression_cases())
