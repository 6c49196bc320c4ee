"""Conformance checks of mdf on the shared ModECI MDF examples.

  check_examples.py roundtrip TOOLS EXAMPLES   import > export > import is identical
  check_examples.py stated TOOLS EXAMPLES      the results the reference states
  check_examples.py stepped TOOLS EXAMPLES     time-stepped runs against the plain
                                               forward-Euler loops written below
  check_examples.py compiled TOOLS EXAMPLES    mdf-compile --emit=shared, called
                                               through ctypes, against mdf-run
  check_examples.py more TOOLS EXAMPLES        the files in EXAMPLES/more that
                                               mdf supports: YAML twins, string
                                               shapes, value functions with args,
                                               ONNX input names, conditions

The reference states no numbers for the time-stepped models (except the first
step of States); for those this script integrates the same equations with a
straightforward Python loop, written here from the model files, and compares
the compiled run's trace with it.
"""
import csv
import math
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + (": " + detail if detail else ""))
    if not ok:
        failures.append(what)


def run(tools, *args):
    result = subprocess.run([os.path.join(tools, args[0])] + list(args[1:]),
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"{args[0]} failed on {args[1]}")
    return result.stdout


def outputs(tools, path, *extra):
    values = {}
    for line in run(tools, "mdf-run", path, *extra).splitlines():
        if " = " in line:
            name, value = line.split(" = ", 1)
            values[name] = eval(value, {"nan": math.nan, "inf": math.inf})
    return values


def close(got, want, rel=1e-9):
    if isinstance(got, list):
        return len(got) == len(want) and all(close(g, w, rel) for g, w in zip(got, want))
    return abs(got - want) <= rel * max(abs(want), 1e-300)


def scalar(value):
    while isinstance(value, list):
        assert len(value) == 1, value
        value = value[0]
    return value


def roundtrip(tools, examples):
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(examples)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(examples, name)
            first = run(tools, "mdf-translate", "--import-mdf-json", path)
            mlir = os.path.join(tmp, name + ".mlir")
            open(mlir, "w").write(first)
            exported = run(tools, "mdf-translate", "--export-mdf-json", mlir)
            again = os.path.join(tmp, name)
            open(again, "w").write(exported)
            second = run(tools, "mdf-translate", "--import-mdf-json", again)
            check(f"{name}: import > export > import", first == second)


def stated(tools, examples):
    p = lambda name: os.path.join(examples, name)
    v = outputs(tools, p("MDF__Simple.json"))
    check("Simple processing_node.output_1",
          close(scalar(v["processing_node.output_1"]), 0.6016871801828567))
    check("Simple input_node.out_port", close(scalar(v["input_node.out_port"]), 0.5))
    v = outputs(tools, p("MDF__ABCD.json"))
    check("ABCD D.out_port", close(scalar(v["D.out_port"]), -1.7737500239216304),
          repr(v["D.out_port"]))
    v = outputs(tools, p("MDF__Arrays.json"))
    out = v["middle_node.output_1"]
    check("Arrays middle_node.output_1[0][0]", close(out[0][0], 0.5))
    check("Arrays middle_node.output_1[1][1]", close(out[1][1], 4.0))
    v = outputs(tools, p("MDF__States.json"))
    check("States counter first step", close(scalar(v["counter_node.out_port"]), 1.0))
    check("States sine first step", scalar(v["sine_node.out_port"]) == 0.0)
    text = run(tools, "mdf-run", p("MDF__abc_conditions.json"), "--print-schedule",
               "--print-parameters")
    steps = [set(s.strip("{}").split(",")) for s in
             text.splitlines()[0].split(": ", 1)[1].split(" ")]
    want = [{"A"}, {"A"}, {"B"}, {"A"}, {"C"}, {"A"}, {"B"}, {"A"}, {"A"},
            {"C", "B"}, {"A"}]
    check("abc_conditions execution order", steps == want, str(steps))
    v = {l.split(" = ")[0]: eval(l.split(" = ")[1]) for l in text.splitlines()[1:]}
    check("abc_conditions count_A == 7", scalar(v["A.count_A"]) == 7)
    check("abc_conditions count_B == 3", scalar(v["B.count_B"]) == 3)
    v = outputs(tools, p("ONNX__ab.json"))
    check("ONNX ab with zero input", v["/B/Mul._4"] == [[5.0] * 3] * 2)
    with tempfile.TemporaryDirectory() as tmp:
        npy = os.path.join(tmp, "input.npy")
        write_npy(npy, [[0, 0, 0], [1, 1, 1]])
        v = outputs(tools, p("ONNX__ab.json"), "--input=" + npy)
        check("ONNX ab with input [[0,0,0],[1,1,1]]",
              v["/B/Mul._4"] == [[5.0] * 3, [10.0] * 3])


def schedule(tools, path):
    """The time steps of the first evaluation, as sets of node ids, and the
    parameters printed after it."""
    text = run(tools, "mdf-run", path, "--print-schedule", "--print-parameters")
    lines = text.splitlines()
    steps = [set(s.strip("{}").split(",")) for s in
             lines[0].split(": ", 1)[1].split(" ")]
    values = {l.split(" = ")[0]: eval(l.split(" = ")[1],
                                      {"nan": math.nan, "inf": math.inf})
              for l in lines[1:] if " = " in l}
    return steps, values


def by_pass(steps, order):
    """Time steps grouped into passes: a pass ends when the next step runs a
    node that comes no later in `order` (one consideration set per step)."""
    passes, last = [], None
    for step in steps:
        index = min(order.index(n) for n in step)
        if last is None or index <= last:
            passes.append(set())
        passes[-1] |= step
        last = max(order.index(n) for n in step)
    return passes


def more(tools, examples):
    p = lambda name: os.path.join(examples, "more", name)
    abc_want = [{"A"}, {"A"}, {"B"}, {"A"}, {"C"}, {"A"}, {"B"}, {"A"}, {"A"},
                {"C", "B"}, {"A"}]
    # YAML twins give what the JSON files give (and what the README states).
    v = outputs(tools, p("MDF__Simple.yaml"))
    check("Simple.yaml processing_node.output_1",
          close(scalar(v["processing_node.output_1"]), 0.6016871801828567))
    check("Simple.yaml equals Simple.json",
          v == outputs(tools, os.path.join(examples, "MDF__Simple.json")))
    steps, values = schedule(tools, p("MDF__abc_conditions.yaml"))
    check("abc_conditions.yaml execution order", steps == abc_want, str(steps))
    check("abc_conditions.yaml count_A == 7", scalar(values["A.count_A"]) == 7)
    # Shapes written as Python tuples ("(1,)"); an extra input node that
    # runs once (BeforeNCalls(input0, 1)) in front of the same A, B, C.
    steps, values = schedule(
        tools, p("MDF__translation__Translated_abc_conditions.json"))
    abc = [s - {"input0"} for s in steps if s - {"input0"}]
    check("Translated_abc_conditions order of A, B, C", abc == abc_want,
          str(steps))
    check("Translated_abc_conditions input0 runs once",
          sum("input0" in s for s in steps) == 1, str(steps))
    check("Translated_abc_conditions count_A == 7, count_B == 3",
          scalar(values["A.count_A"]) == 7 and scalar(values["B.count_B"]) == 3)
    # The orders the files' READMEs state, by pass.
    steps, _ = schedule(tools, p("MDF__conditions__timeinterval_condition.json"))
    want = [{"A"}, {"A"}, {"A", "B"}, {"A", "B"}, {"A", "B"}, {"A", "B", "C"}]
    check("timeinterval_condition order by pass",
          by_pass(steps, ["A", "B", "C"]) == want, str(steps))
    steps, _ = schedule(tools, p("MDF__conditions__everyncalls_condition.json"))
    want = [{"A"}, {"A"}, {"B"}, {"A"}, {"A"}, {"B"}, {"A"}, {"A"}, {"B"}, {"C"}]
    check("everyncalls_condition order", steps == want, str(steps))
    # Functions given as a value with local args; parameters computed from
    # functions; a stateful parameter's first value; a time derivative
    # re-initialised by an evaluation without a time step.
    # PsyNeuLink's file: AtNCalls(A, 0), B always, EveryNCalls(B, 5) for C
    # (conditions with `dependency`), terminated when all have run.
    steps, _ = schedule(tools, p("PsyNeuLink__SimpleLinear-conditional.json"))
    want = [{"A"}] + [{"B"}] * 5 + [{"C"}]
    check("SimpleLinear-conditional order", steps == want, str(steps))
    # Functions are not printed: a copy of the file (in a temporary folder)
    # gets output ports that show them.
    import json
    with tempfile.TemporaryDirectory() as tmp:
        model = json.load(open(p("MDF__ParametersFunctions.json")))
        node = model["ParametersFunctions"]["graphs"]["params_funcs_example"][
            "nodes"]["node0"]
        node["output_ports"] = {f: {"value": f} for f in node["functions"]}
        copy = os.path.join(tmp, "ParametersFunctions.json")
        json.dump(model, open(copy, "w"))
        _, values = schedule(tools, copy)
    want = {"function_inbuilt_with_args": 5, "function_with_value_args": 6,
            "param_fixed_int": 1, "param_fixed_float": 2,
            "param_array_list": [3, 4], "param_expression": 3,
            "param_stateful": 1, "param_function": 5, "param_time_deriv": 0}
    for name, value in want.items():
        key = "node0." + name
        check(f"ParametersFunctions {name} == {value}",
              key in values and close(values[key], value),
              repr(values.get(key)))
    # ONNX input names: cos(sin(sin(x))).
    with tempfile.TemporaryDirectory() as tmp:
        x = [[0.0, 0.5, 1.0], [-1.0, 2.0, 3.0]]
        npy = os.path.join(tmp, "x.npy")
        write_npy(npy, x)
        v = outputs(tools, p("ONNX__abc_basic-mdf.json"), "--input=" + npy)
        want = [[math.cos(math.sin(math.sin(e))) for e in row] for row in x]
        check("ONNX abc_basic cos(sin(sin(x)))", close(v["/C/Cos._3"], want),
              repr(v.get("/C/Cos._3")))
    # The CNN of ModECI's PyTorch exporter (onnx::Conv, Relu, MaxPool, the
    # Shape > Gather > Unsqueeze > Concat chain feeding Reshape, Gemm) on
    # deterministic inputs, against the same network written out below.
    with tempfile.TemporaryDirectory() as tmp:
        def values(count, seed):
            return [math.sin(seed + 0.37 * i) for i in range(count)]
        x = values(28 * 28, 1.0)
        w = values(8 * 9, 2.0)
        b = values(8, 3.0)
        fw = [0.01 * v for v in values(10 * 5000, 4.0)]
        fb = values(10, 5.0)
        files = []
        for name, shape, flat in [("x", (1, 1, 28, 28), x),
                                  ("w", (8, 1, 3, 3), w), ("b", (8,), b),
                                  ("fw", (10, 5000), fw), ("fb", (10,), fb)]:
            files.append("--input=" + os.path.join(tmp, name + ".npy"))
            write_npy_flat(files[-1][len("--input="):], shape, flat)
        conv = [[[max(0.0, b[f] + sum(w[f * 9 + ki * 3 + kj] *
                                      x[(i + ki) * 28 + j + kj]
                                      for ki in range(3) for kj in range(3)))
                  for j in range(26)] for i in range(26)] for f in range(8)]
        pooled = [max(conv[f][i + di][j + dj] for di in (0, 1) for dj in (0, 1))
                  for f in range(8) for i in range(25) for j in range(25)]
        want = [[fb[o] + sum(fw[o * 5000 + k] * pooled[k] for k in range(5000))
                 for o in range(10)]]
        v = outputs(tools, p("PyTorch__PyTorch_MDF__simple_convolution.json"),
                    *files)
        check("PyTorch simple_convolution CNN output",
              close(v.get("Gemm_18._18", [0]), want, 1e-9),
              repr(v.get("Gemm_18._18")))
        check("PyTorch simple_convolution shape chain",
              close(v.get("Concat_16._16", [0]), [1, -1]),
              repr(v.get("Concat_16._16")))
    # Import > export > import is identical for every file here that
    # imports.
    with tempfile.TemporaryDirectory() as tmp:
        for name in ["MDF__Simple.yaml", "MDF__abc_conditions.yaml",
                     "MDF__ParametersFunctions.json",
                     "MDF__conditions__timeinterval_condition.json",
                     "MDF__conditions__everyncalls_condition.json",
                     "MDF__translation__Translated_abc_conditions.json",
                     "ONNX__abc_basic-mdf.json",
                     "PyTorch__PyTorch_MDF__simple_convolution.json",
                     "PsyNeuLink__SimpleLinear-conditional.json",
                     "NeuroML__PyNN__OneCell.mdf.yaml"]:
            flag = "--import-mdf-yaml" if name.endswith(".yaml") else "--import-mdf-json"
            first = run(tools, "mdf-translate", flag, p(name))
            mlir = os.path.join(tmp, name + ".mlir")
            open(mlir, "w").write(first)
            again = os.path.join(tmp, name + ".json")
            open(again, "w").write(run(tools, "mdf-translate", "--export-mdf-json", mlir))
            second = run(tools, "mdf-translate", "--import-mdf-json", again)
            strip = lambda text: re.sub(r'loc\([^)]*\)', "", text)
            check(f"{name}: import > export > import",
                  strip(first) == strip(second) if name.endswith(".yaml")
                  else first == second)


def write_npy(path, rows):
    """A float64 .npy file without numpy."""
    import struct
    shape = (len(rows), len(rows[0]))
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }" % shape
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        for row in rows:
            f.write(struct.pack("<%dd" % len(row), *row))


def write_npy_flat(path, shape, flat):
    """A float64 .npy file of any shape without numpy."""
    import struct
    dims = "".join("%d, " % d for d in shape) if len(shape) != 1 else "%d," % shape[0]
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }" % dims.rstrip(" ")
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        f.write(struct.pack("<%dd" % len(flat), *flat))


def trace(tools, path, dt, duration):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "trace.csv")
        run(tools, "mdf-run", path, f"--dt={dt}", f"--duration={duration}",
            "--trace=" + out)
        with open(out) as f:
            return list(csv.DictReader(f))


def compare_trace(what, rows, reference, columns, rel=1e-9, abs_tol=1e-12):
    worst = 0.0
    for row, ref in zip(rows, reference):
        for column in columns:
            got, want = float(row[column]), ref[column]
            error = abs(got - want)
            worst = max(worst, error / max(abs(want), abs_tol / rel))
    check(f"{what}: {len(rows)} steps match the Python loop (max rel error {worst:.1e})",
          len(rows) == len(reference) and worst <= rel)


def stepped(tools, examples):
    p = lambda name: os.path.join(examples, name)
    # States: counter and a sine oscillator from two time derivatives.
    dt, steps = 0.01, 200
    count, level, rate = 1.0, 0.0, 1.0
    reference = [{"counter_node.out_port": count, "sine_node.out_port": 3 * level}]
    for _ in range(steps):
        count += 1
        level, rate = (level + 6.283185 * rate / 0.4 * dt,
                       rate + -1 * 6.283185 * (level + 6.283185 * rate / 0.4 * dt) / 0.4 * dt)
        reference.append({"counter_node.out_port": count, "sine_node.out_port": 3 * level})
    compare_trace("States dt=0.01 to t=2", trace(tools, p("MDF__States.json"), dt, 2),
                  reference, ["counter_node.out_port", "sine_node.out_port"])

    # Switched RLC circuit (parameters in file order, each seeing the new
    # values of the ones before it and the old values of the ones after).
    dt, steps = 0.001, 2000
    R, L, C = 100.0, 1.0, 0.001
    time = V = i_L = 0.0
    i_R = V / R
    i_C = i_L - i_R
    Vs = 0.0 if time < 0.5 else 0.1
    reference = [{"V.V_out": V, "V.i_L_out": i_L}]
    for _ in range(steps):
        Vs = 0.0 if time < 0.5 else (0.1 if time >= 0.5 else Vs)
        time += 1 * dt
        V += i_C / C * dt
        i_R = V / R
        i_L += (Vs - V) / L * dt
        i_C = i_L - i_R
        reference.append({"V.V_out": V, "V.i_L_out": i_L})
    compare_trace("SwitchedRLC dt=0.001 to t=2",
                  trace(tools, p("MDF__SwitchedRLC_Circuit.json"), dt, 2),
                  reference, ["V.V_out", "V.i_L_out"])

    # FitzHugh-Nagumo.
    dt, steps = 0.00005, 2000
    a_v, b_v, c_v, d_v, e_v, f_v = -0.3333333333333333, 0.0, 1.0, 1.0, -1.0, 1.0
    tc_v, a_w, b_w, c_w, tc_w = 1.0, 1.0, -0.8, 0.7, 12.5
    thr, mode, unc, Iext, MSEC, INPUT = -1.0, 1.0, 0.0, 0.0, 0.001, 0.0
    V, W = -1.0, 0.0
    reference = [{"FNpop.V[0]": V, "FNpop.W[0]": W}]
    for _ in range(steps):
        V += (a_v * V * V * V + (1 + thr) * b_v * V * V + (-1 * thr) * c_v * V + d_v
              + e_v * W + f_v * Iext + INPUT) / (tc_v * MSEC) * dt
        W += (mode * a_w * V + b_w * W + c_w + (1 - mode) * unc) / (tc_w * MSEC) * dt
        reference.append({"FNpop.V[0]": V, "FNpop.W[0]": W})
    compare_trace("FitzHugh-Nagumo dt=0.00005 to t=0.1",
                  trace(tools, p("NeuroML__FN.mdf.json"), dt, 0.1),
                  reference, ["FNpop.V[0]", "FNpop.W[0]"], rel=1e-7)

    # Izhikevich neuron driven by a pulse current.
    dt, steps = 0.0005, 1400
    v0, Cm, k, vr, vt, vpeak = -0.08, 1e-10, 7e-07, -0.06, -0.04, 0.035
    a, b, c, d = 30.0, -2e-09, -0.05, 1e-10
    amplitude, delay, duration, weight = 1e-10, 0.1, 0.5, 1.0
    t = 0.0
    i = 0.0
    for test, value in ((t < delay, 0.0),
                        (t >= delay and t < duration + delay, weight * amplitude),
                        (t >= duration + delay, 0.0)):
        i = value if test else i
    spike, v, u = 0.0, v0, 0.0
    iSyn = 0.0
    iMemb = k * (v - vr) * (v - vt) + iSyn - u
    reference = [{"izhPop.v[0]": v, "izhPop.spike[0]": spike}]
    for _ in range(steps):
        # The stimulus node runs first (it feeds the neuron).
        new_i = i
        for test, value in ((t < delay, 0.0),
                            (t >= delay and t < duration + delay, weight * amplitude),
                            (t >= duration + delay, 0.0)):
            new_i = value if test else new_i
        i = new_i
        t += dt
        iSyn_in = i
        new_spike = spike
        if v > vpeak:
            new_spike = 1.0
        if spike > 0:
            new_spike = 0.0
        spike = new_spike
        new_v = v + iMemb / Cm * dt
        if v > vpeak:
            new_v = c
        # u comes after v, so its condition sees v's new value.
        new_u = u + a * (b * (new_v - vr) - u) * dt
        if new_v > vpeak:
            new_u = u + d
        v, u = new_v, new_u
        iSyn = iSyn_in
        iMemb = k * (v - vr) * (v - vt) + iSyn - u
        reference.append({"izhPop.v[0]": v, "izhPop.spike[0]": spike})
    rows = trace(tools, p("NeuroML__IzhikevichTest.mdf.json"), dt, 0.7)
    compare_trace("Izhikevich dt=0.0005 to t=0.7", rows, reference,
                  ["izhPop.v[0]", "izhPop.spike[0]"], rel=1e-7)
    spikes = sum(1 for row in rows if float(row["izhPop.spike[0]"]) > 0)
    check("Izhikevich spikes during the pulse", spikes > 0, f"{spikes} spikes")


def flatten(value):
    if isinstance(value, list):
        return [x for v in value for x in flatten(v)]
    return [value]


def call_compiled(tools, path, tmp, inputs=()):
    """Compiles `path` to a shared library and calls its entry point on the
    flat float64 `inputs`; returns the outputs as flat lists."""
    import ctypes
    name = re.sub(r"\W", "_", os.path.basename(path).split(".")[0])
    library = os.path.join(tmp, name + ".so")
    run(tools, "mdf-compile", path, "--emit=shared", "-o", library,
        "--name=" + name)
    header = open(os.path.join(tmp, name + ".h")).read()
    sizes = {k: int(v) for k, v in
             re.findall(r"#define \w+_((?:IN|OUT)PUT\d+)_SIZE (\d+)", header)}
    count = int(re.search(r"_NUM_OUTPUTS (\d+)", header).group(1))
    buffers = [(ctypes.c_double * len(x))(*x) for x in inputs]
    results = [(ctypes.c_double * sizes[f"OUTPUT{i}"])() for i in range(count)]
    entry = getattr(ctypes.CDLL(library), name + "_forward")
    entry(*buffers, *results)
    return [list(r) for r in results]


def compiled(tools, examples):
    p = lambda name: os.path.join(examples, name)
    with tempfile.TemporaryDirectory() as tmp:
        # mdf-run's inputs default to zeros.
        for model, inputs in [("MDF__Simple.json", []), ("MDF__ABCD.json", []),
                              ("MDF__Arrays.json", []), ("MDF__States.json", []),
                              ("ONNX__ab.json", [[0.0] * 6])]:
            want = outputs(tools, p(model))
            got = call_compiled(tools, p(model), tmp, inputs)
            for (port, value), result in zip(want.items(), got):
                check(f"{model} {port}", close(result, flatten(value)),
                      f"{result} vs {value}")
        v = call_compiled(tools, p("MDF__ABCD.json"), tmp)
        check("ABCD D.out_port (stated)", close(v[4][0], -1.7737500239216304))
        v = call_compiled(tools, p("ONNX__ab.json"), tmp,
                          [[0, 0, 0, 1, 1, 1]])
        check("ONNX ab with input [[0,0,0],[1,1,1]]",
              v[1] == [5.0] * 3 + [10.0] * 3, str(v[1]))
        result = subprocess.run(
            [os.path.join(tools, "mdf-compile"), p("MDF__abc_conditions.json"),
             "-o", os.path.join(tmp, "abc.o")], capture_output=True, text=True)
        check("abc_conditions is refused",
              result.returncode != 0 and "run this model with mdf-run"
              in result.stderr, result.stderr.strip())


if __name__ == "__main__":
    mode, tools, examples = sys.argv[1:4]
    {"roundtrip": roundtrip, "stated": stated, "stepped": stepped,
     "compiled": compiled, "more": more}[mode](tools, examples)
    if failures:
        sys.exit("FAILED: " + ", ".join(failures))
