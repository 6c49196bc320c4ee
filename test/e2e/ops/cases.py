"""The cases of the op-level suite, by family (see op_suite.py).

A case is one forward() body over inputs a, b, c, d. Input specs are
`dtype:shape[:range]` (see op_suite.make_input); a spec that starts with
`pyint:`, `pyfloat:` or `pybool:` is a Python number argument of forward()
(given to mdf as a 0-D i64/f64/bool input). Shapes are `x`-separated;
empty is 0-D.
"""
import itertools
import re

FLOATS = ["f32", "f64"]
INTS = ["i64", "i32"]
# Odd sizes: 1, 3, 7, 131, 147, 180, 1000; 0-D tensors; broadcasting.
SHAPES = ["7", "3x131", "1", "", "2x147", "180", "1000"]


class Case:
    def __init__(self, name, expression, inputs, modes=("script",),
                 init=(), rtol=1e-4, atol=1e-5, body=None):
        self.name = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        self.expression = expression
        self.inputs = list(inputs)
        self.modes = list(modes)
        self.init = list(init)
        self.rtol = rtol
        self.atol = atol
        self.body = body

    def numbers(self):
        return [s.split(":")[0] in NUMBER_KINDS for s in self.inputs]

    def annotations(self):
        return [NUMBER_KINDS.get(s.split(":")[0], ("", ""))[0]
                for s in self.inputs]

    def body_lines(self):
        return self.body or [f"return {self.expression}"]


# Python number arguments: their annotation and the dtype of their value.
NUMBER_KINDS = {"pyint": ("int", "i64"), "pyfloat": ("float", "f64"),
                "pybool": ("bool", "bool")}


def number_spec(spec):
    """Turns `pyint:`/`pyfloat:`/`pybool:` into the tensor spec of its
    value."""
    kind, _, rest = spec.partition(":")
    if kind not in NUMBER_KINDS:
        return spec
    return f"{NUMBER_KINDS[kind][1]}:{rest}"


def shape_tag(shape):
    return shape or "0d"


FLOAT_UNARY = {
    "exp": ("torch.exp(a)", ""), "log": ("torch.log(a)", "pos"),
    "sqrt": ("torch.sqrt(a)", "pos"), "rsqrt": ("torch.rsqrt(a)", "pos"),
    "sin": ("torch.sin(a)", ""), "cos": ("torch.cos(a)", ""),
    "tan": ("torch.tan(a)", "unit"), "tanh": ("torch.tanh(a)", ""),
    "sigmoid": ("torch.sigmoid(a)", ""), "erf": ("torch.erf(a)", ""),
    "log2": ("torch.log2(a)", "pos"), "log1p": ("torch.log1p(a)", "pos"),
    "expm1": ("torch.expm1(a)", ""), "asin": ("torch.asin(a)", "unit"),
    "acos": ("torch.acos(a)", "unit"), "atan": ("torch.atan(a)", ""),
    "sinh": ("torch.sinh(a)", "unit"), "cosh": ("torch.cosh(a)", "unit"),
    "silu": ("F.silu(a)", ""), "gelu": ("F.gelu(a)", ""),
    "gelu_tanh": ("F.gelu(a, approximate='tanh')", ""),
    "hardswish": ("F.hardswish(a)", ""), "hardsigmoid": ("F.hardsigmoid(a)", ""),
    "leaky_relu": ("F.leaky_relu(a, 0.1)", ""), "relu6": ("F.relu6(a)", ""),
    "hardtanh": ("F.hardtanh(a, -0.5, 0.5)", ""),
}
NUMERIC_UNARY = {
    "relu": "torch.relu(a)", "neg": "torch.neg(a)", "abs": "torch.abs(a)",
    "floor": "torch.floor(a)", "ceil": "torch.ceil(a)",
    "trunc": "torch.trunc(a)", "round": "torch.round(a)",
    "clamp": "torch.clamp(a, -1, 1)", "clamp_min": "torch.clamp(a, min=0)",
}


def unary():
    cases = []
    for (op, (expr, rng)), shape in itertools.product(
            FLOAT_UNARY.items(), ["3x131", "", "1000"]):
        for dtype in FLOATS:
            spec = f"{dtype}:{shape}:{rng}" if rng else f"{dtype}:{shape}"
            cases.append(Case(f"{op}.{dtype}.{shape_tag(shape)}", expr, [spec]))
    # Float math on integers computes in f32.
    for op in ["exp", "sqrt", "rsqrt", "cos", "sigmoid", "log"]:
        expr, rng = FLOAT_UNARY[op]
        for dtype in INTS:
            spec = f"{dtype}:7:nz" if rng else f"{dtype}:7"
            cases.append(Case(f"{op}.{dtype}", expr, [spec]))
    cases.append(Case("sqrt.bool", "torch.sqrt(a)", ["bool:5"]))
    for (op, expr), dtype, shape in itertools.product(
            NUMERIC_UNARY.items(), FLOATS + INTS, ["2x147", ""]):
        cases.append(Case(f"{op}.{dtype}.{shape_tag(shape)}", expr,
                          [f"{dtype}:{shape}"]))
    # In-place forms.
    cases.append(Case("relu_.f32", "a.relu_()", ["f32:3x7"]))
    cases.append(Case("add_.f32", "a.add_(b, alpha=2)", ["f32:3x7", "f32:7"]))
    cases.append(Case("mul_.i64", "a.mul_(3)", ["i64:4x5"]))
    return cases


BINARY = {
    "add": "a + b", "sub": "a - b", "mul": "a * b", "div": "a / b",
    "div_trunc": "torch.div(a, b, rounding_mode='trunc')",
    "div_floor": "torch.div(a, b, rounding_mode='floor')",
    "floor_divide": "a // b", "remainder": "torch.remainder(a, b)",
    "fmod": "torch.fmod(a, b)", "maximum": "torch.maximum(a, b)",
    "minimum": "torch.minimum(a, b)", "add_alpha": "torch.add(a, b, alpha=3)",
}
DIVIDES = {"div", "div_trunc", "div_floor", "floor_divide", "remainder",
           "fmod"}
COMPARE = {"eq": "a == b", "ne": "a != b", "lt": "a < b", "le": "a <= b",
           "gt": "a > b", "ge": "a >= b"}
# Pairs of dtypes (with PyTorch's promotion between them).
DTYPE_PAIRS = [("f32", "f32"), ("f64", "f64"), ("i64", "i64"), ("i32", "i32"),
               ("f32", "f64"), ("i64", "f32"), ("i32", "i64"), ("f64", "i32")]
# Pairs of shapes that broadcast, 0-D included.
SHAPE_PAIRS = [("3x131", "3x131"), ("3x1", "1x7"), ("2x3x180", "180"),
               ("147", ""), ("", "")]


def arith():
    cases = []
    for (op, expr), (ta, tb) in itertools.product(BINARY.items(), DTYPE_PAIRS):
        for sa, sb in SHAPE_PAIRS[:3]:
            rng = ":nz" if op in DIVIDES and tb in INTS else (
                ":pos" if op in DIVIDES else "")
            cases.append(Case(f"{op}.{ta}_{tb}.{sa}_{shape_tag(sb)}", expr,
                              [f"{ta}:{sa}", f"{tb}:{sb}{rng}"]))
    # 0-D tensors and Python numbers: tensors with dimensions decide the
    # dtype unless a lower tier brings a higher category.
    for op in ["add", "mul", "div", "sub", "maximum"]:
        expr = BINARY[op]
        for ta, tb in [("f32", "f64"), ("i64", "f32"), ("i32", "i64"),
                       ("f32", "i64")]:
            rng = ":pos" if op == "div" else ""
            cases.append(Case(f"{op}.{ta}_{tb}.147_0d", expr,
                              [f"{ta}:147", f"{tb}:{rng}"]))
    for op, expr in [("add", "a + 2"), ("mul", "a * 2.5"), ("div", "a / 128"),
                     ("sub", "3 - a"), ("div_trunc",
                                        "torch.div(a, 3, rounding_mode='trunc')"),
                     ("floor_divide", "a // 4"), ("remainder", "a % 5"),
                     ("pow", "a ** 2"), ("rpow", "2 ** a")]:
        for dtype in ["f32", "i64", "i32"]:
            cases.append(Case(f"{op}_number.{dtype}", expr, [f"{dtype}:3x7"]))
    for dtype in ["f32", "f64", "i64"]:
        cases.append(Case(f"mul_float_arg.{dtype}", "a * b",
                          [f"{dtype}:2x3", "pyfloat:"]))
        cases.append(Case(f"add_int_arg.{dtype}", "a + b",
                          [f"{dtype}:2x3", "pyint:"]))
    for ta, tb in [("f32", "f32"), ("i64", "f32"), ("f64", "i64")]:
        cases.append(Case(f"rsub.{ta}_{tb}", "torch.rsub(a, b, alpha=2)",
                          [f"{ta}:3x7", f"{tb}:7"]))
    cases.append(Case("rsub_number.f32", "1 - a", ["f32:3x7"], modes=("trace",)))
    cases.append(Case("pow.f32", "torch.pow(a, b)", ["f32:3x7:pos", "f32:7"]))
    cases.append(Case("pow.f64_f32", "torch.pow(a, b)", ["f64:5:pos", "f32:5"]))
    cases.append(Case("pow_half.f32", "a ** 0.5", ["f32:4x9:pos"]))
    cases.append(Case("pow_int.i64", "a ** 3", ["i64:4x9"]))
    cases.append(Case("add.bool", "a + b", ["bool:3x4", "bool:3x4"]))
    cases.append(Case("mul.bool", "a * b", ["bool:3x4", "bool:3x4"]))
    cases.append(Case("add.bool_i64", "a + b", ["bool:3x4", "i64:3x4"]))
    cases.append(Case("mul.bool_f32", "a * b", ["bool:3x4", "f32:4"]))
    return cases


def compare():
    cases = []
    for (op, expr), (ta, tb), (sa, sb) in itertools.product(
            COMPARE.items(), DTYPE_PAIRS[:6] + [("bool", "bool")],
            [("2x3", "2x3"), ("3x1", "180"), ("147", "")]):
        cases.append(Case(f"{op}.{ta}_{tb}.{sa}_{shape_tag(sb)}", expr,
                          [f"{ta}:{sa}", f"{tb}:{sb}"]))
    for op, expr in [("eq", "a == 0"), ("lt", "a < 0.5"), ("ge", "a >= 2")]:
        for dtype in ["f32", "i64"]:
            cases.append(Case(f"{op}_number.{dtype}", expr, [f"{dtype}:3x5"]))
    cases.append(Case("compare_then_mul.f32", "(a > 0) * a", ["f32:2x147"]))
    for ta, tb in [("f32", "f32"), ("f32", "f64"), ("i64", "i64"),
                   ("i64", "f32")]:
        cases.append(Case(f"where.{ta}_{tb}", "torch.where(c, a, b)",
                          [f"{ta}:3x7", f"{tb}:7", "bool:3x1"]))
    cases.append(Case("where_number.f32", "torch.where(a > 0, a, 0.0)",
                      ["f32:5x131"]))
    return cases


def reduction():
    cases = []
    for op, expr in [("sum", "torch.sum(a, {dim})"), ("mean", "torch.mean(a, {dim})"),
                     ("amax", "torch.amax(a, {dim})"), ("amin", "torch.amin(a, {dim})"),
                     ("sum_keep", "torch.sum(a, {dim}, keepdim=True)"),
                     ("var", "torch.var(a, {dim})"), ("std", "torch.std(a, {dim})"),
                     ("var_biased", "torch.var(a, {dim}, unbiased=False)"),
                     ("norm", "torch.linalg.vector_norm(a, 2, {dim})"),
                     ("norm1", "torch.linalg.vector_norm(a, 1, {dim})"),
                     ("norm_inf", "torch.linalg.vector_norm(a, float('inf'), {dim})"),
                     ("max_dim", "torch.max(a, {dim})"), ("min_dim", "torch.min(a, {dim})"),
                     ("max_dim_keep", "torch.max(a, {dim}, keepdim=True)"),
                     ("argmax", "torch.argmax(a, {dim})"),
                     ("argmin_keep", "torch.argmin(a, {dim}, keepdim=True)")]:
        for dtype in FLOATS:
            for shape, dim in [("3x131", "1"), ("2x7x5", "-1"), ("2x7x5", "0"),
                               ("180", "0")]:
                e = expr.format(dim=dim)
                cases.append(Case(f"{op}.{dtype}.{shape}.d{dim}", e,
                                  [f"{dtype}:{shape}"]))
    for op, expr in [("sum_all", "torch.sum(a)"), ("mean_all", "torch.mean(a)"),
                     ("max_all", "torch.max(a)"), ("min_all", "torch.min(a)"),
                     ("argmax_all", "torch.argmax(a)"), ("var_all", "torch.var(a)"),
                     ("norm_all", "torch.norm(a)"), ("sum_dims", "a.sum((0, 2))")]:
        for dtype in FLOATS:
            cases.append(Case(f"{op}.{dtype}", expr, [f"{dtype}:4x6x5"]))
    for dtype in INTS + ["bool"]:
        for op, expr in [("sum", "torch.sum(a, 1)"), ("sum_all", "torch.sum(a)"),
                         ("amax", "torch.amax(a, 0)"), ("max_dim", "torch.max(a, 1)"),
                         ("argmax", "torch.argmax(a, 1)"), ("all", "torch.all(a)"),
                         ("any_dim", "torch.any(a, 1)"),
                         ("count_nonzero", "torch.count_nonzero(a, 1)")]:
            if dtype == "bool" and op in ("argmax", "max_dim"):
                continue
            cases.append(Case(f"{op}.{dtype}", expr, [f"{dtype}:5x9"]))
    for dtype in ["f32", "f64", "i64", "i32", "bool"]:
        for shape, dim in [("7", "0"), ("3x131", "1"), ("4x5x6", "-2"), ("", "0")]:
            cases.append(Case(f"cumsum.{dtype}.{shape_tag(shape)}.d{dim}",
                              f"torch.cumsum(a, {dim})", [f"{dtype}:{shape}"]))
    cases.append(Case("cumsum_dtype.i64_f64", "torch.cumsum(a, 1, dtype=torch.float64)",
                      ["i64:3x4"]))
    cases.append(Case("sum_dtype.i64_f64", "torch.sum(a, 1, dtype=torch.float64)",
                      ["i64:3x4"]))
    cases.append(Case("mean_dtype.i64", "torch.mean(a, 0, dtype=torch.float32)",
                      ["i64:3x4"]))
    for dtype in FLOATS:
        for dim in ["0", "1", "-1"]:
            cases.append(Case(f"softmax.{dtype}.d{dim}", f"torch.softmax(a, {dim})",
                              [f"{dtype}:3x131"]))
            cases.append(Case(f"log_softmax.{dtype}.d{dim}",
                              f"torch.log_softmax(a, {dim})", [f"{dtype}:3x131"]))
    return cases


def shape():
    cases = []
    for dtype in ["f32", "i64", "bool"]:
        for op, expr, spec in [
                ("reshape", "a.reshape(6, -1)", "2x3x10"),
                ("view", "a.view(-1)", "2x3x10"),
                ("flatten", "torch.flatten(a, 1)", "2x3x10"),
                ("permute", "a.permute(2, 0, 1)", "2x3x10"),
                ("transpose", "a.transpose(-1, 0)", "2x3x10"),
                ("t", "a.t()", "3x131"),
                ("squeeze", "a.squeeze(1)", "3x1x7"),
                ("squeeze_all", "a.squeeze()", "1x3x1x7"),
                ("unsqueeze", "a.unsqueeze(-1)", "3x7"),
                ("slice", "a[:, 1::2]", "3x147"),
                ("slice_neg", "a[-2:, :-3]", "5x7"),
                ("select", "a[1]", "3x7"),
                ("select_neg", "a.select(1, -1)", "3x7"),
                ("narrow", "a.narrow(1, 2, 3)", "3x7"),
                ("flip", "torch.flip(a, [0, 1])", "3x7"),
                ("roll", "torch.roll(a, 2, 1)", "3x7"),
                ("roll_flat", "torch.roll(a, -3)", "3x7"),
                ("repeat", "a.repeat(2, 3)", "3x7"),
                ("repeat_new_dim", "a.repeat(2, 1, 2)", "3x7"),
                ("tile", "torch.tile(a, (2,))", "3x7"),
                ("expand", "a.expand(4, 3, 7)", "3x7"),
                ("expand_1", "a.expand(3, 180)", "3x1"),
                ("chunk", "torch.chunk(a, 3, 1)", "3x7"),
                ("cat", "torch.cat([a, a], 1)", "3x7"),
                ("stack", "torch.stack([a, a], -1)", "3x7"),
                ("contiguous", "a.transpose(0, 1).contiguous()", "3x7")]:
            cases.append(Case(f"{op}.{dtype}", expr, [f"{dtype}:{spec}"],
                              modes=("script", "trace")))
    for eq, specs in [("ij,jk->ik", ["f32:3x5", "f32:5x7"]),
                      ("bij,bjk->bik", ["f32:2x3x5", "f32:2x5x4"]),
                      ("bhqd,bhkd->bhqk", ["f32:2x3x4x8", "f32:2x3x6x8"]),
                      ("ij->ji", ["f32:3x5"]), ("ij->i", ["f64:3x5"]),
                      ("i,j->ij", ["f32:4", "f32:3"]), ("bi,bi->b", ["f32:3x7", "f32:3x7"]),
                      ("nchw,kc->nkhw", ["f32:1x4x3x3", "f32:5x4"]),
                      ("ij,kj->ikj", ["f32:2x3", "f32:4x3"])]:
        tag = eq.replace(",", "_").replace("->", "_to_")
        cases.append(Case(f"einsum.{tag}", f"torch.einsum('{eq}', "
                          + ", ".join("abcd"[:len(specs)]) + ")", specs,
                          modes=("script", "trace")))
    for dtype in ["f32", "i64"]:
        cases.append(Case(f"index_select.{dtype}", "torch.index_select(a, 1, b)",
                          [f"{dtype}:4x9", "i64:5:idx9"]))
        cases.append(Case(f"cat_mixed.{dtype}", "torch.cat([a, b], 0)",
                          [f"{dtype}:2x5", f"{dtype}:3x5"]))
    return cases


def creation():
    cases = []
    for op, expr in [("zeros_like", "torch.zeros_like(a)"),
                     ("ones_like", "torch.ones_like(a)"),
                     ("full_like", "torch.full_like(a, 7)"),
                     ("zeros_like_dtype", "torch.zeros_like(a, dtype=torch.float64)"),
                     ("new_zeros", "a.new_zeros((2, 3))"),
                     ("new_ones", "a.new_ones([4])"),
                     ("new_full", "a.new_full((2, 2), 3)"),
                     ("add_ones_like", "a + torch.ones_like(a)")]:
        for dtype in ["f32", "f64", "i64", "bool"]:
            cases.append(Case(f"{op}.{dtype}", expr, [f"{dtype}:3x7"]))
    for op, expr in [("zeros", "torch.zeros(3, 7) + a"),
                     ("ones", "torch.ones((3, 7)) * a"),
                     ("full_int", "torch.full((3, 7), 2) + a"),
                     ("full_float", "torch.full((3, 7), 2.5) + a"),
                     ("arange", "torch.arange(7) + a"),
                     ("arange_float", "torch.arange(0.0, 3.5, 0.5) + a[0, 0]"),
                     ("arange_step", "torch.arange(1, 20, 3) * a[0, 0]"),
                     ("eye", "torch.eye(7)[:3] + a"),
                     ("eye_rect", "torch.eye(3, 7, dtype=torch.int64) + a"),
                     ("float", "a.float()"), ("double", "a.double()"),
                     ("long", "a.long()"), ("int", "a.int()"), ("bool", "a.to(torch.bool)"),
                     ("to_dtype", "a.to(torch.float64)"),
                     ("type_as", "a.type_as(torch.zeros(1, dtype=torch.int32))")]:
        for dtype in ["f32", "i64"]:
            cases.append(Case(f"{op}.{dtype}", expr, [f"{dtype}:3x7"],
                              modes=("script", "trace")))
    return cases


def activation():
    cases = []
    for op, expr in [("softplus", "F.softplus(a)"),
                     ("softplus_beta", "F.softplus(a, 2.0, 1.0)"),
                     ("elu", "F.elu(a)"), ("elu_alpha", "F.elu(a, 0.5)"),
                     ("selu", "F.selu(a)"), ("celu", "F.celu(a, 2.0)"),
                     ("mish", "F.mish(a)"), ("reciprocal", "torch.reciprocal(a)"),
                     ("square", "torch.square(a)"), ("sign", "torch.sign(a)"),
                     ("clamp_min", "torch.clamp_min(a, 0.1)"),
                     ("clamp_max", "torch.clamp_max(a, 0.1)"),
                     ("clamp_tensor", "torch.clamp(a, min=torch.zeros_like(a))"),
                     ("masked_fill", "a.masked_fill(a > 0, -1.0)"),
                     ("logical_not", "torch.logical_not(a)"),
                     ("logical_and", "torch.logical_and(a, a > 0.5)"),
                     ("logical_or", "torch.logical_or(a > 1, a < -1)"),
                     ("logical_xor", "torch.logical_xor(a > 0, a > 1)"),
                     ("and_bool", "(a > 0) & (a < 1)"),
                     ("or_bool", "(a > 0) | (a < -1)"),
                     ("invert_bool", "~(a > 0)")]:
        for dtype, shape in [("f32", "3x131"), ("f64", "180"), ("f32", "")]:
            cases.append(Case(f"{op}.{dtype}.{shape_tag(shape)}", expr,
                              [f"{dtype}:{shape}"]))
    for dtype in ["i64", "i32"]:
        for op, expr in [("square", "torch.square(a)"), ("sign", "torch.sign(a)"),
                         ("reciprocal", "torch.reciprocal(a)"),
                         ("masked_fill", "a.masked_fill(a > 0, 3)"),
                         ("clamp_min", "torch.clamp_min(a, 2)")]:
            cases.append(Case(f"{op}.{dtype}", expr, [f"{dtype}:3x7:nz"]))
    cases.append(Case("prelu.f32", "F.prelu(a, self.w)", ["f32:2x4x5x5"],
                      init=["self.w = nn.Parameter(torch.rand(4))"],
                      modes=("script", "trace")))
    cases.append(Case("prelu_single.f32", "F.prelu(a, self.w)", ["f32:2x4x5"],
                      init=["self.w = nn.Parameter(torch.rand(1))"]))
    return cases


def nn_modules():
    """Modules written the way PyTorch users write them, scripted and traced."""
    both = ("script", "trace")
    cases = []
    for shape in ["4x256", "3x5x256"]:
        cases.append(Case(f"linear_256_180.{shape}", "self.fc(a)", [f"f32:{shape}"],
                          init=["self.fc = nn.Linear(256, 180)"], modes=both))
    cases.append(Case("linear_no_bias.f64", "self.fc(a)", ["f64:7x13"],
                      init=["self.fc = nn.Linear(13, 131, bias=False).double()"],
                      modes=both))
    for padding in ["'same'", "'valid'", "2", "(1, 0)"]:
        for dilation in [1, 2]:
            tag = padding.strip("'()").replace(", ", "_")
            cases.append(Case(
                f"conv2d_pad_{tag}.dil{dilation}", "self.conv(a)",
                ["f32:2x3x11x13"],
                init=[f"self.conv = nn.Conv2d(3, 8, 3, padding={padding}, "
                      f"dilation={dilation})"], modes=both))
    cases.append(Case("conv2d_same_even_kernel", "self.conv(a)", ["f32:1x3x9x9"],
                      init=["self.conv = nn.Conv2d(3, 4, 4, padding='same')"],
                      modes=both))
    cases.append(Case("conv1d_same", "self.conv(a)", ["f32:2x4x17"],
                      init=["self.conv = nn.Conv1d(4, 6, 5, padding='same')"],
                      modes=both))
    cases.append(Case("conv2d_stride_groups", "self.conv(a)", ["f32:1x8x15x15"],
                      init=["self.conv = nn.Conv2d(8, 4, 3, stride=2, groups=2)"],
                      modes=both))
    for stride, padding, out_pad, dilation, groups in [
            (1, 0, 0, 1, 1), (2, 1, 1, 1, 1), (2, 0, 0, 2, 1), (3, 2, 1, 1, 2),
            (2, 3, 0, 1, 1)]:
        tag = f"s{stride}p{padding}o{out_pad}d{dilation}g{groups}"
        cases.append(Case(
            f"conv_transpose2d.{tag}", "self.conv(a)", ["f32:2x4x5x6"],
            init=[f"self.conv = nn.ConvTranspose2d(4, 6, 3, stride={stride}, "
                  f"padding={padding}, output_padding={out_pad}, "
                  f"dilation={dilation}, groups={groups})"], modes=both))
    cases.append(Case("conv_transpose1d", "self.conv(a)", ["f32:1x3x9"],
                      init=["self.conv = nn.ConvTranspose1d(3, 2, 4, stride=2, "
                            "bias=False)"], modes=both))
    for divisor in [1, 3, 9]:
        cases.append(Case(f"avg_pool_divisor{divisor}",
                          f"F.avg_pool2d(a, 3, 2, 1, divisor_override={divisor})",
                          ["f32:1x2x9x9"], modes=both))
    cases.append(Case("avg_pool_ceil", "F.avg_pool2d(a, 3, 2, ceil_mode=True)",
                      ["f32:1x2x10x10"], modes=both))
    cases.append(Case("max_pool_147", "F.max_pool2d(a, 3, 2)", ["f32:1x8x147x147"],
                      modes=both))
    cases.append(Case("relu_147", "torch.relu(a)", ["f32:1x8x147x147"]))
    for size in [1, 3, 5, 7]:
        cases.append(Case(f"adaptive_avg_{size}",
                          f"F.adaptive_avg_pool2d(a, {size})", ["f32:1x4x13x13"],
                          modes=both))
    cases.append(Case("batch_norm", "self.bn(a)", ["f32:2x6x5x5"],
                      init=["self.bn = nn.BatchNorm2d(6).eval()",
                            "self.bn.running_mean.uniform_(-1, 1)",
                            "self.bn.running_var.uniform_(0.5, 2)"],
                      modes=both))
    cases.append(Case("layer_norm_180", "self.ln(a)", ["f32:3x180"],
                      init=["self.ln = nn.LayerNorm(180)"], modes=both))
    cases.append(Case("embedding", "self.emb(a)", ["i64:2x9:idx50"],
                      init=["self.emb = nn.Embedding(50, 12)"], modes=both))
    for batch_first in [False, True]:
        spec = "f32:2x5x32" if batch_first else "f32:5x2x32"
        cases.append(Case(
            f"multihead_attention.bf{int(batch_first)}", "self.mha(a, a, a)[0]",
            [spec], init=[f"self.mha = nn.MultiheadAttention(32, 4, "
                          f"batch_first={batch_first})"], modes=both, atol=1e-4))
    cases.append(Case("no_tensor_inputs", "torch.relu(self.w) * 2", [],
                      init=["self.w = nn.Parameter(torch.randn(3, 4))"],
                      modes=both))
    cases.append(Case("number_inputs_only", "torch.ones(2, 3) * a + b",
                      ["pyfloat:", "pyint:"]))
    cases.append(Case("head_dim_trunc", "a.view(2, 3, 4, a.shape[-1] // 4)",
                      ["f32:2x3x16"], modes=both))
    # Loops whose condition depends on tensor data (scf.while).
    cases.append(Case("while_tensor_condition", None, ["f32:4x5"], body=[
        "x = a",
        "while bool(x.abs().sum() > 0.5):",
        "    x = x * 0.5",
        "return x"]))
    cases.append(Case("for_break_on_data", None, ["f32:3"], body=[
        "x = a",
        "for i in range(10):",
        "    x = x + 1.0",
        "    if bool(x.sum() > 8.0):",
        "        break",
        "return x"]))
    cases.append(Case("while_counted_numbers", None, ["f32:3"], body=[
        "i = 0",
        "x = a",
        "while i < 4:",
        "    x = x * 2.0",
        "    i += 1",
        "return x"]))
    cases.append(Case("mlp", "self.net(a)", ["f32:3x20"],
                      init=["self.net = nn.Sequential(nn.Linear(20, 131), nn.GELU(), "
                            "nn.Dropout(0.1), nn.Linear(131, 7), nn.Softmax(-1))"],
                      modes=both))
    return cases


def spatial():
    both = ("script", "trace")
    cases = []
    for mode in ["constant", "reflect", "replicate", "circular"]:
        for pads, spec in [("(1, 2)", "f32:2x3x7"), ("(1, 1, 2, 0)", "f32:1x2x5x6"),
                           ("(2, 1, 1, 2)", "f64:1x3x4x131")]:
            value = ", value=1.5" if mode == "constant" else ""
            tag = pads.strip("()").replace(", ", "_")
            cases.append(Case(f"pad_{mode}.{tag}.{spec.split(':')[0]}",
                              f"F.pad(a, {pads}, mode='{mode}'{value})", [spec],
                              modes=both))
    cases.append(Case("pad_constant_3d", "F.pad(a, (1, 1, 0, 2, 1, 0))",
                      ["f32:2x3x4x5"], modes=both))
    cases.append(Case("pad_constant.i64", "F.pad(a, (1, 2), value=7.0)", ["i64:3x4"],
                      modes=both))
    cases.append(Case("reflection_pad2d", "self.pad(a)", ["f32:1x2x6x7"],
                      init=["self.pad = nn.ReflectionPad2d((1, 2, 2, 1))"],
                      modes=both))
    cases.append(Case("replication_pad1d", "self.pad(a)", ["f32:2x3x9"],
                      init=["self.pad = nn.ReplicationPad1d(3)"], modes=both))
    for r in [2, 3]:
        cases.append(Case(f"pixel_shuffle{r}", f"F.pixel_shuffle(a, {r})",
                          [f"f32:1x{4 * r * r}x5x6"], modes=both))
        cases.append(Case(f"pixel_unshuffle{r}", f"F.pixel_unshuffle(a, {r})",
                          [f"f32:2x3x{2 * r}x{3 * r}"], modes=both))
    for mode, extra in [("nearest", ""), ("bilinear", ", align_corners=False"),
                        ("bilinear", ", align_corners=True")]:
        for how in ["scale_factor=2.0", "size=(7, 9)", "scale_factor=1.5"]:
            tag = f"{mode}{'_ac' if 'True' in extra else ''}.{how.split('=')[0]}" \
                  f"{how.split('=')[1].replace('.', 'p').strip('()').replace(', ', '_')}"
            cases.append(Case(f"interpolate_{tag}",
                              f"F.interpolate(a, {how}, mode='{mode}'{extra})",
                              ["f32:1x3x5x6"], modes=both))
    cases.append(Case("interpolate_linear1d",
                      "F.interpolate(a, size=11, mode='linear')",
                      ["f32:2x3x7"], modes=both))
    cases.append(Case("upsample_module", "self.up(a)", ["f32:1x2x4x4"],
                      init=["self.up = nn.Upsample(scale_factor=2.0, mode='nearest')"],
                      modes=both))
    # 3-D convolutions.
    for name, init, spec in [
            ("conv3d", "nn.Conv3d(3, 4, 3, padding=1)", "f32:1x3x5x6x7"),
            ("conv3d_stride", "nn.Conv3d(2, 4, (1, 3, 3), stride=(1, 2, 2))",
             "f32:2x2x3x9x9"),
            ("conv3d_f64", "nn.Conv3d(4, 2, 3)", "f64:1x4x5x5x5"),
            ("conv_transpose3d", "nn.ConvTranspose3d(3, 2, 3, stride=2)",
             "f32:1x3x3x4x4")]:
        init_line = f"self.m = {init}"
        if spec.startswith("f64"):
            init_line += ".double()"
        cases.append(Case(name, "self.m(a)", [spec], init=[init_line],
                          modes=both))
    return cases


def indexing():
    cases = []
    both = ("script", "trace")
    dtypes = ["f32", "f64", "i64", "i32", "bool"]
    # gather and scatter along every kind of dimension.
    for dtype in dtypes:
        cases.append(Case(f"gather.{dtype}", "torch.gather(a, 1, b)",
                          [f"{dtype}:3x7", "i64:3x4:idx7"], modes=both))
        cases.append(Case(f"scatter.{dtype}", "a.scatter(0, b, c)",
                          [f"{dtype}:5x3", "i64:2x3:idx5", f"{dtype}:2x3"]))
        cases.append(Case(f"index.{dtype}", "a[b]",
                          [f"{dtype}:5x7", "i64:4:idx5"], modes=both))
    cases.append(Case("gather_neg_dim.f32", "torch.gather(a, -1, b)",
                      ["f32:2x3x131", "i64:2x3x9:idx131"]))
    cases.append(Case("gather_small.f32", "torch.gather(a, 0, b)",
                      ["f32:5x7", "i64:3x2:idx5"]))
    cases.append(Case("gather_0d.f32", "torch.gather(a, 0, b)",
                      ["f32:", "i64::idx1"]))
    cases.append(Case("scatter_value.f32", "a.scatter(1, b, 2.5)",
                      ["f32:3x180", "i64:3x7:idx180"], modes=both))
    cases.append(Case("scatter_inplace.f32", "a.scatter_(1, b, c)",
                      ["f32:3x7", "i64:3x2:idx7", "f32:3x2"]))
    cases.append(Case("scatter_add.f32", "torch.scatter_add(a, 0, b, c)",
                      ["f32:4x5", "i64:9x5:idx4", "f32:9x5"], modes=both))
    cases.append(Case("scatter_add.i64", "a.scatter_add(1, b, c)",
                      ["i64:3x7", "i64:3x20:idx7", "i64:3x20"]))
    cases.append(Case("scatter_add_larger_src.f32",
                      "torch.scatter_add(a, 1, b, c)",
                      ["f32:3x7", "i64:2x4:idx7", "f32:3x9"]))
    for reduce in ["sum", "prod", "mean", "amax", "amin"]:
        for include in ["True", "False"]:
            for dtype in ["f32", "i64"]:
                rng = ":unit" if dtype == "f32" else ":nz"
                cases.append(Case(
                    f"scatter_reduce_{reduce}_{include}.{dtype}",
                    f"a.scatter_reduce(1, b, c, '{reduce}', include_self={include})",
                    [f"{dtype}:3x7{rng}", "i64:3x11:idx7", f"{dtype}:3x11{rng}"]))
    # Advanced indexing.
    for expr, specs in [
            ("a[:, b]", ["f32:3x7", "i64:2x2:idx7"]),
            ("a[b, c]", ["f32:5x7", "i64:4:idx5", "i64:4:idx7"]),
            ("a[b, c]", ["f32:5x7x3", "i64:4x1:idx5", "i64:1x6:idx7"]),
            ("a[b, :, c]", ["f32:4x5x6", "i64:3:idx4", "i64:3:idx6"]),
            ("a[:, b, c]", ["f32:2x5x6x3", "i64:3:idx5", "i64:3:idx6"]),
            ("a[b - 2]", ["f32:5x3", "i64:7:idx5"]),
            ("a[..., b]", ["i64:2x3x7", "i64:5:idx7"])]:
        tag = "_".join(s.split(":")[1] for s in specs)
        # TorchScript's compiler refuses an ellipsis before a tensor index.
        modes = ("trace",) if "..." in expr else both
        cases.append(Case(f"index.{expr}.{tag}", expr, specs, modes=modes))
    for name, body, specs in [
            ("index_put", ["a = a.clone()", "a[b] = c", "return a"],
             ["f32:5x3", "i64:2:idx5", "f32:2x3"]),
            ("index_put_row", ["a = a.clone()", "a[b] = c", "return a"],
             ["f32:5x3", "i64:4:idx5", "f32:3"]),
            ("index_put_2d", ["a = a.clone()", "a[b, c] = 1.5", "return a"],
             ["f32:5x7", "i64:3:idx5", "i64:3:idx7"]),
            ("index_put_cols", ["a = a.clone()", "a[:, b] = c", "return a"],
             ["i64:4x7", "i64:2:idx7", "i64:4x2"]),
            ("index_put_accumulate",
             ["return a.index_put((b,), c, accumulate=True)"],
             ["f32:5x3", "i64:9:idx5", "f32:9x3"]),
            ("index_put_mask", ["a = a.clone()", "a[a > 0] = 0", "return a"],
             ["f32:3x131"]),
            ("index_put_mask_rows", ["a = a.clone()", "a[b] = c", "return a"],
             ["f32:6x3", "bool:6", "f32:3"]),
            ("index_put_mask_int", ["a = a.clone()", "a[a < 0] = -1",
                                    "return a"], ["i64:7x3"])]:
        cases.append(Case(f"{name}.{'_'.join(s.replace(':', '') for s in specs)}",
                          body[-1], specs, body=body, modes=both))
    # Sorting.
    for dtype in ["f32", "f64"]:
        for expr, shape in [("torch.sort(a)", "3x131"),
                            ("torch.sort(a, 0, descending=True)", "7x3"),
                            ("torch.argsort(a, -1)", "2x180"),
                            ("torch.argsort(a, dim=0, descending=True)", "9x4"),
                            ("torch.topk(a, 3)", "4x147"),
                            ("torch.topk(a, 2, dim=0, largest=False)", "7x5"),
                            ("torch.sort(a)", "")]:
            cases.append(Case(f"{expr}.{dtype}.{shape_tag(shape)}", expr,
                              [f"{dtype}:{shape}"], modes=both))
    for dtype in ["i64", "i32", "bool"]:
        cases.append(Case(f"sort_values.{dtype}", "torch.sort(a, 1)[0]",
                          [f"{dtype}:3x7"]))
        cases.append(Case(f"topk_values.{dtype}", "torch.topk(a, 4)[0]",
                          [f"{dtype}:5x9"] if dtype != "bool"
                          else ["i64:5x9"]))
    cases.append(Case("sort_stable.f32", "torch.sort(a, stable=True)",
                      ["f32:3x7"]))
    cases.append(Case("sort_nan.f32", "torch.sort(torch.log(a))",
                      ["f32:4x5"]))
    # Running reductions.
    for dtype in ["f32", "f64"]:
        cases.append(Case(f"cumprod.{dtype}", "torch.cumprod(a, 1)",
                          [f"{dtype}:3x131:unit"], modes=both))
        cases.append(Case(f"cummax.{dtype}", "torch.cummax(a, 0)",
                          [f"{dtype}:7x5"]))
        cases.append(Case(f"cummin.{dtype}", "torch.cummin(a, -1)",
                          [f"{dtype}:3x147"]))
    for dtype in ["i64", "i32", "bool"]:
        cases.append(Case(f"cumprod.{dtype}", "torch.cumprod(a, -1)",
                          [f"{dtype}:3x7:nz" if dtype != "bool" else "bool:3x7"]))
        cases.append(Case(f"cummax.{dtype}", "torch.cummax(a, 1)",
                          [f"{dtype}:4x9"]))
    cases.append(Case("cumprod_0d.f32", "torch.cumprod(a, 0)", ["f32:"]))
    cases.append(Case("cumprod_dtype.i64", "torch.cumprod(a, 0, dtype=torch.float64)",
                      ["i64:5x3:nz"]))
    # Slices written, triangles, diagonals.
    for dtype in ["f32", "i64", "bool"]:
        cases.append(Case(f"slice_scatter.{dtype}",
                          "torch.slice_scatter(a, b, 1, 1, 7, 2)",
                          [f"{dtype}:3x9", f"{dtype}:3x3"]))
        cases.append(Case(f"select_scatter.{dtype}",
                          "torch.select_scatter(a, b, 0, -1)",
                          [f"{dtype}:4x5", f"{dtype}:5"]))
        for expr in ["torch.triu(a)", "torch.tril(a, -1)", "torch.triu(a, 2)",
                     "a.tril(1)"]:
            cases.append(Case(f"{expr}.{dtype}", expr, [f"{dtype}:2x5x7"],
                              modes=both))
        cases.append(Case(f"diagonal.{dtype}", "torch.diagonal(a)",
                          [f"{dtype}:5x7"], modes=both))
    for expr, spec in [("torch.diagonal(a, 1, 1, 2)", "f32:2x4x6"),
                       ("torch.diagonal(a, -2, -1, 0)", "f32:5x3x4"),
                       ("torch.diag(a)", "f32:7"), ("torch.diag(a, 2)", "i64:4"),
                       ("torch.diag(a, -1)", "f32:5x3"),
                       ("torch.diag_embed(a)", "f32:2x5"),
                       ("torch.diag_embed(a, -1)", "f64:3"),
                       ("a.as_strided((3, 3), (1, 2))", "f32:3x7"),
                       ("a.as_strided((2, 4), (7, 1), 3)", "i64:3x7"),
                       ("F.threshold(a, 0.1, 20.0)", "f32:3x131"),
                       ("F.threshold(a, 2.0, -1.0)", "i64:3x7")]:
        cases.append(Case(f"{expr}.{spec}", expr, [spec], modes=both))
    cases.append(Case("threshold_backward.f32",
                      "torch.ops.aten.threshold_backward(a, b, 0.0)",
                      ["f32:3x7", "f32:3x7"]))
    # Writes through views: assignments to slices, selects, transposes and
    # views, and views read after their base was written.
    for name, body, specs in [
            ("slice_fill", ["a = a.clone()", "a[:, 1:3] = 0", "return a"],
             ["f32:4x7"]),
            ("slice_fill_step", ["a = a.clone()", "a[1::2, ::3] = 5",
                                 "return a"], ["i64:7x131"]),
            ("select_copy", ["a = a.clone()", "a[0] = b", "return a"],
             ["f32:3x7", "f32:7"]),
            ("select_copy_broadcast", ["a = a.clone()", "a[:, -1] = b[0]",
                                       "return a"], ["f32:3x7", "f32:7"]),
            ("nested_slices", ["a = a.clone()", "a[1:, 2:5][0, 1:] = 9",
                               "return a"], ["f32:4x7"]),
            ("transpose_write", ["a = a.clone()", "a.t()[1] = 3", "return a"],
             ["f32:4x5"]),
            ("view_write", ["a = a.clone()", "a.view(-1)[3] = 7", "return a"],
             ["f32:3x4"]),
            ("inplace_on_slice", ["a = a.clone()", "a[1:3].mul_(2)",
                                  "a[:, 0].add_(b[0])", "return a"],
             ["f32:4x5", "f32:5"]),
            ("relu_on_slice", ["a = a.clone()", "a[:, :2].relu_()",
                               "return a"], ["f32:3x5"]),
            ("zero_slice", ["a = a.clone()", "a[1:].zero_()", "return a"],
             ["f64:3x5"]),
            ("view_sees_write", ["v = a[1]", "a.add_(1)", "return v * 2"],
             ["f32:3x5"]),
            ("two_views", ["a = a.clone()", "u = a[:, 0]", "w = a[0]",
                           "u.fill_(4)", "return w + 1, a"], ["f32:3x5"]),
            ("swin_mask", ["m = torch.zeros(1, 7, 7, 1)", "cnt = 0",
                           "for h in ((0, 3), (3, 5), (5, 7)):",
                           "    for w in ((0, 3), (3, 5), (5, 7)):",
                           "        m[:, h[0]:h[1], w[0]:w[1], :] = cnt",
                           "        cnt += 1",
                           "return m + a"], ["f32:1x7x7x1"]),
            ("bool_slice_write", ["a = a.clone()", "a[:, 1] = True",
                                  "return a"], ["bool:3x4"])]:
        cases.append(Case(f"{name}", body[-1], specs, body=body, modes=both))
    return cases


def loss():
    """Losses, pooling with indices and the backward ops of training graphs."""
    both = ("script", "trace")
    cases = []
    for reduction in ["mean", "sum", "none"]:
        for dtype in FLOATS:
            cases.append(Case(f"nll_loss.{reduction}.{dtype}",
                              f"F.nll_loss(F.log_softmax(a, 1), b, reduction='{reduction}')",
                              [f"{dtype}:7x5", "i64:7:idx5"], modes=both))
        cases.append(Case(f"nll_loss_weight_ignore.{reduction}",
                          f"F.nll_loss(a, b, weight=c, ignore_index=2, reduction='{reduction}')",
                          ["f32:9x4", "i64:9:idx4", "f32:4:pos"], modes=both))
        cases.append(Case(f"nll_loss_2d.{reduction}",
                          f"F.nll_loss(a, b, reduction='{reduction}')",
                          ["f32:2x3x5x4", "i64:2x5x4:idx3"], modes=both))
        cases.append(Case(f"cross_entropy.{reduction}",
                          f"F.cross_entropy(a, b, reduction='{reduction}')",
                          ["f32:6x131", "i64:6:idx131"], modes=both))
        for name, expr, specs in [
                ("mse_loss", "F.mse_loss(a, b, reduction='{r}')", ["f32:3x7", "f32:3x7"]),
                ("l1_loss", "F.l1_loss(a, b, reduction='{r}')", ["f64:5x3", "f64:5x3"]),
                ("smooth_l1_loss", "F.smooth_l1_loss(a, b, reduction='{r}', beta=0.5)",
                 ["f32:4x9", "f32:4x9"]),
                ("huber_loss", "F.huber_loss(a, b, reduction='{r}', delta=0.7)",
                 ["f32:4x9", "f32:4x9"]),
                ("bce", "F.binary_cross_entropy(torch.sigmoid(a), b, reduction='{r}')",
                 ["f32:3x5", "f32:3x5:unit"]),
                ("bce_logits", "F.binary_cross_entropy_with_logits(a, b, reduction='{r}')",
                 ["f32:3x5", "f32:3x5:pos"]),
                ("kl_div", "F.kl_div(F.log_softmax(a, 1), b, reduction='{r}')",
                 ["f32:3x5", "f32:3x5:pos"])]:
            cases.append(Case(f"{name}.{reduction}", expr.format(r=reduction), specs,
                              modes=both))
    cases.append(Case("cross_entropy_smoothing",
                      "F.cross_entropy(a, b, label_smoothing=0.1)",
                      ["f32:6x7", "i64:6:idx7"], modes=both))
    cases.append(Case("nll_loss_backward",
                      "torch.ops.aten.nll_loss_backward(a, b, c, None, 1, -100, a)",
                      ["f32:", "f32:5x7", "i64:5:idx7"]))
    cases.append(Case("nll_loss_backward_none",
                      "torch.ops.aten.nll_loss_backward(a, b, c, None, 0, 2, torch.tensor(0.))",
                      ["f32:5", "f32:5x7", "i64:5:idx7"]))
    for spec, k, s, p in [("f32:1x3x9x9", 3, 2, 1), ("f32:2x2x8x7", 2, 2, 0),
                          ("f64:1x2x147x5", 3, 1, 1)]:
        tag = f"{spec.split(':')[0]}.k{k}s{s}p{p}"
        cases.append(Case(f"max_pool2d_indices.{tag}",
                          f"F.max_pool2d(a, {k}, {s}, {p}, return_indices=True)",
                          [spec], modes=both))
        cases.append(Case(f"max_pool2d_with_indices_backward.{tag}", None, [spec],
                          body=[f"out, idx = torch.ops.aten.max_pool2d_with_indices(a, [{k}, {k}], [{s}, {s}], [{p}, {p}])",
                                f"g = torch.ones_like(out) * 0.5 + out",
                                f"return torch.ops.aten.max_pool2d_with_indices_backward(g, a, [{k}, {k}], [{s}, {s}], [{p}, {p}], [1, 1], False, idx)"]))
    cases.append(Case("max_pool1d_indices", "F.max_pool1d(a, 3, 2, return_indices=True)",
                      ["f32:2x3x11"], modes=both))
    # 3-D pooling.
    for expr, spec in [("F.max_pool3d(a, 2)", "f32:1x2x4x6x6"),
                       ("F.max_pool3d(a, 3, 2, 1)", "f32:2x3x5x7x7"),
                       ("F.avg_pool3d(a, 2)", "f32:1x2x4x6x6"),
                       ("F.avg_pool3d(a, 3, 2, 1, count_include_pad=False)", "f64:1x2x5x7x7"),
                       ("F.adaptive_avg_pool3d(a, 1)", "f32:2x3x4x5x6"),
                       ("F.adaptive_avg_pool3d(a, (2, 3, 2))", "f32:1x2x5x7x3"),
                       ("F.adaptive_max_pool3d(a, 2)", "f32:1x2x4x5x6"),
                       ("F.max_pool3d(a, 3, 2, return_indices=True)", "f32:1x2x5x7x7")]:
        cases.append(Case(f"{expr}.{spec}", expr, [spec], modes=both))
    # Adaptive max pooling with indices: uneven boxes (lengths differ along
    # a dimension), boxes wider than the output, one box, batched.
    for expr, spec in [
            ("F.adaptive_max_pool1d(a, 4, return_indices=True)", "f32:2x3x10"),
            ("F.adaptive_max_pool1d(a, 7, return_indices=True)", "f64:1x2x7"),
            ("F.adaptive_max_pool2d(a, (3, 2), return_indices=True)", "f32:1x3x7x5"),
            ("F.adaptive_max_pool2d(a, 1, return_indices=True)", "f32:2x4x6x6"),
            ("F.adaptive_max_pool2d(a, (5, 7), return_indices=True)", "f32:3x9x13"),
            ("F.adaptive_max_pool2d(a, 3, return_indices=True)", "f64:1x2x8x7"),
            ("F.adaptive_max_pool3d(a, (2, 3, 2), return_indices=True)", "f32:1x2x5x7x3"),
            ("F.adaptive_max_pool3d(a, 2, return_indices=True)", "f32:2x4x5x6")]:
        cases.append(Case(f"{expr}.{spec}", expr, [spec], modes=both))
    # The other losses, each reduction (targets of +-1 are signs of normals).
    for reduction in ["mean", "sum", "none"]:
        for name, expr, specs in [
                ("soft_margin", "F.soft_margin_loss(a, torch.sign(b), reduction='{r}')",
                 ["f32:4x7", "f32:4x7"]),
                ("margin_ranking", "F.margin_ranking_loss(a, b, torch.sign(c), 0.2, reduction='{r}')",
                 ["f32:9", "f32:9", "f32:9"]),
                ("hinge_embedding", "F.hinge_embedding_loss(a, torch.sign(b), 0.8, reduction='{r}')",
                 ["f32:3x7", "f32:3x7"]),
                ("poisson_nll", "F.poisson_nll_loss(a, b, reduction='{r}')",
                 ["f32:3x7", "f32:3x7:pos"]),
                ("poisson_nll_full", "F.poisson_nll_loss(a, b, log_input=False, full=True, reduction='{r}')",
                 ["f32:3x7:pos", "f32:3x7:pos"]),
                ("cosine_embedding", "F.cosine_embedding_loss(a, b, torch.sign(c), 0.1, reduction='{r}')",
                 ["f32:5x7", "f32:5x7", "f32:5"]),
                ("triplet_margin", "F.triplet_margin_loss(a, b, c, 0.5, reduction='{r}')",
                 ["f32:4x9", "f32:4x9", "f32:4x9"]),
                ("triplet_margin_swap", "F.triplet_margin_loss(a, b, c, 1.0, 1.0, swap=True, reduction='{r}')",
                 ["f64:4x9", "f64:4x9", "f64:4x9"]),
                ("multi_margin", "F.multi_margin_loss(a, b, reduction='{r}')",
                 ["f32:6x5", "i64:6:idx5"]),
                ("multi_margin_p2_weight", "F.multi_margin_loss(a, b, 2, 0.5, c, reduction='{r}')",
                 ["f32:6x5", "i64:6:idx5", "f32:5:pos"]),
                ("multilabel_margin", "F.multilabel_margin_loss(a, b, reduction='{r}')",
                 ["f32:3x4", "i64:3x4:idx4"])]:
            cases.append(Case(f"{name}.{reduction}", expr.format(r=reduction), specs,
                              modes=both))
    # Gradients of losses and of 3-D max pooling.
    cases.append(Case("mse_loss_backward",
                      "torch.ops.aten.mse_loss_backward(a, b, c, 1)",
                      ["f32:", "f32:3x7", "f32:3x7"]))
    cases.append(Case("mse_loss_backward_none",
                      "torch.ops.aten.mse_loss_backward(a, b, c, 0)",
                      ["f32:3x7", "f32:3x7", "f32:3x7"]))
    cases.append(Case("nll_loss2d_backward",
                      "torch.ops.aten.nll_loss2d_backward(a, b, c, None, 1, -100, a)",
                      ["f32:", "f32:2x3x4x5", "i64:2x4x5:idx3"]))
    cases.append(Case("max_pool3d_with_indices_backward", None, ["f32:1x2x5x6x6"],
                      body=["out, idx = torch.ops.aten.max_pool3d_with_indices(a, [2, 2, 2], [2, 2, 2], [0, 0, 0])",
                            "g = out * 2.0 + 1.0",
                            "return torch.ops.aten.max_pool3d_with_indices_backward(g, a, [2, 2, 2], [2, 2, 2], [0, 0, 0], [1, 1, 1], False, idx)"]))
    # Gradients of activations.
    for expr, specs in [
            ("torch.ops.aten.elu_backward(a, 1.0, 1.0, 1.0, False, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten.softplus_backward(a, b, 1.0, 20.0)", ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten.hardsigmoid_backward(a, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten.hardswish_backward(a, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten.sigmoid_backward(a, b)", ["f32:3x7", "f32:3x7:unit"]),
            ("torch.ops.aten.tanh_backward(a, b)", ["f32:3x7", "f32:3x7:unit"]),
            ("torch.ops.aten.gelu_backward(a, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten._softmax_backward_data(a, torch.softmax(b, 1), 1, torch.float32)",
             ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten._log_softmax_backward_data(a, torch.log_softmax(b, 1), 1, torch.float32)",
             ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten.hardtanh_backward(a, b, -0.5, 0.5)", ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten.leaky_relu_backward(a, b, 0.1, False)", ["f32:3x7", "f32:3x7"]),
            ("torch.ops.aten.silu_backward(a, b)", ["f32:3x7", "f32:3x7"])]:
        cases.append(Case(expr.split("(")[0].split(".")[-1], expr, specs))
    return cases


def misc():
    """Operators users write that the other families do not cover."""
    both = ("script", "trace")
    cases = []
    for expr, specs in [
            ("torch.logsumexp(a, 1)", ["f32:3x131"]),
            ("torch.prod(a, 1)", ["f32:3x7:unit"]), ("torch.prod(a)", ["i64:5:nz"]),
            ("torch.mv(a, b)", ["f32:5x7", "f32:7"]), ("torch.dot(a, b)", ["f32:131", "f32:131"]),
            ("torch.outer(a, b)", ["f32:5", "f32:7"]),
            ("torch.baddbmm(a, b, c, beta=0.5, alpha=2.0)", ["f32:2x3x5", "f32:2x3x4", "f32:2x4x5"]),
            ("torch.addmv(a, b, c)", ["f32:5", "f32:5x7", "f32:7"]),
            ("torch.addbmm(a, b, c)", ["f32:3x5", "f32:2x3x4", "f32:2x4x5"]),
            ("F.glu(a, -1)", ["f32:3x8"]), ("F.logsigmoid(a)", ["f32:3x7"]),
            ("F.softmin(a, 1)", ["f32:3x7"]), ("F.hardshrink(a, 0.5)", ["f32:3x7"]),
            ("F.softshrink(a, 0.5)", ["f32:3x7"]), ("F.tanhshrink(a)", ["f32:3x7"]),
            ("F.softsign(a)", ["f32:3x7"]),
            ("F.group_norm(a, 2)", ["f32:2x4x5x5"]),
            ("F.instance_norm(a)", ["f32:2x3x5x6"]),
            ("F.local_response_norm(a, 3)", ["f32:2x5x4x4"]),
            ("F.cosine_similarity(a, b)", ["f32:4x9", "f32:4x9"]),
            ("F.pairwise_distance(a, b)", ["f32:4x9", "f32:4x9"]),
            ("F.normalize(a, dim=1)", ["f32:4x9"]),
            ("torch.unbind(a, 1)", ["f32:3x4"]),
            ("torch.split(a, 2, 1)", ["f32:3x7"]),
            ("torch.split(a, [1, 4, 2], 1)", ["f32:3x7"]),
            ("a.unflatten(1, (2, 3))", ["f32:4x6"]),
            ("torch.movedim(a, 0, 2)", ["f32:2x3x4"]),
            ("torch.swapaxes(a, 0, 1)", ["f32:2x3x4"]),
            ("torch.addcmul(a, b, c, value=0.5)", ["f32:3x7", "f32:3x7", "f32:3x7"]),
            ("torch.addcdiv(a, b, c, value=0.5)", ["f32:3x7", "f32:3x7", "f32:3x7:pos"]),
            ("torch.lerp(a, b, 0.3)", ["f32:3x7", "f32:3x7"]),
            ("torch.clamp(a, b, c)", ["f32:3x7", "f32:3x7", "f32:3x7"]),
            ("torch.nan_to_num(torch.log(a))", ["f32:3x7"]),
            ("torch.isnan(torch.log(a))", ["f32:3x7"]),
            ("torch.isinf(torch.log(a))", ["f32:3x7"]),
            ("torch.isfinite(torch.log(a))", ["f32:3x7"]),
            ("torch.exp2(a)", ["f32:3x7"]), ("torch.logit(a)", ["f32:3x7:unit"]),
            ("torch.atan2(a, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.hypot(a, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.frac(a)", ["f32:3x7"]),
            ("torch.std_mean(a, 1)", ["f32:3x7"]), ("torch.var_mean(a, 0)", ["f32:3x7"]),
            ("torch.median(a, 1)", ["f32:3x7"]),
            ("torch.kthvalue(a, 2, 1)", ["f32:3x7"]),
            ("torch.aminmax(a, dim=1)", ["f32:3x7"]),
            ("torch.logcumsumexp(a, 1)", ["f32:3x7"]),
            ("torch.diff(a, dim=1)", ["f32:3x7"]),
            ("torch.cross(a, b, dim=1)", ["f32:4x3", "f32:4x3"]),
            ("torch.kron(a, b)", ["f32:2x3", "f32:3x2"]),
            ("torch.tensordot(a, b, 2)", ["f32:2x3x4", "f32:3x4x5"]),
            ("torch.trace(a)", ["f32:5x5"]),
            ("torch.rot90(a, 1, [0, 1])", ["f32:3x4"]),
            ("torch.fliplr(a)", ["f32:3x4"]),
            ("torch.hstack([a, b])", ["f32:3x4", "f32:3x2"]),
            ("torch.vstack([a, b])", ["f32:3x4", "f32:2x4"]),
            ("torch.broadcast_to(a, (3, 4))", ["f32:4"]),
            ("a.expand_as(b)", ["f32:1x4", "f32:3x4"]),
            ("a.view_as(b)", ["f32:12", "f32:3x4"]),
            ("a.reshape_as(b)", ["f32:12", "f32:3x4"]),
            ("F.one_hot(a, 5)", ["i64:7:idx5"]),
            ("F.embedding_bag(a, self.w, b)", ["i64:9:idx10", "i64:3:idx1"]),
            ("torch.channel_shuffle(a, 2)", ["f32:1x4x3x3"]),
            ("F.unfold(a, 2)", ["f32:1x2x4x5"]),
            ("F.fold(a, (4, 5), 2)", ["f32:1x8x12"]),
            ("F.interpolate(a, scale_factor=2.0, mode='bicubic')", ["f32:1x2x4x5"]),
            ("torch.cdist(a, b)", ["f32:4x3", "f32:5x3"]),
            ("torch.linalg.norm(a, dim=1)", ["f32:3x7"]),
            ("torch.meshgrid(a, b, indexing='ij')", ["f32:3", "f32:4"]),
            ("torch.square(a).sum(1, keepdim=True).sqrt()", ["f32:3x7"]),
            ("torch.max(a, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.sum(a, (0, 1))", ["f32:3x4x5"]),
            ("torch.mean(a, [-1, -2], True)", ["f32:3x4x5"]),
            ("torch.heaviside(a, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.xlogy(a, b)", ["f32:3x7", "f32:3x7:pos"]),
            ("torch.erfinv(a)", ["f32:3x7:unit"]),
            ("torch.sgn(a)", ["f32:3x7"]),
            ("torch.signbit(a)", ["f32:3x7"]),
            ("torch.bucketize(a, torch.sort(b)[0])", ["f32:3x7", "f32:5"]),
            ("torch.bucketize(a, torch.sort(b)[0], right=True, out_int32=True)",
             ["f32:3x7", "f32:5"]),
            ("torch.searchsorted(torch.sort(b)[0], a)", ["f32:3x7", "f32:5"]),
            ("torch.searchsorted(torch.sort(b, 1)[0], a, side='right')",
             ["f32:3x7", "f32:3x5"]),
            ("torch.nn.functional.rrelu(a, training=False)", ["f32:3x7"]),
            ("torch.flatten(a, 1)", ["f32:2x3x4"]),
            ("torch.take_along_dim(a, b, 1)", ["f32:3x7", "i64:3x2:idx7"]),
            ("torch.index_add(a, 0, b, c)", ["f32:5x3", "i64:4:idx5", "f32:4x3"]),
            ("torch.index_fill(a, 1, b, -1.0)", ["f32:3x7", "i64:2:idx7"]),
            ("torch.masked_scatter(a, b, c)", ["f32:3x4", "bool:3x4", "f32:12"]),
            ("torch.amax(a, (0, 2))", ["f32:3x4x5"]),
            ("torch.special.expit(a)", ["f32:3x7"]),
            ("torch.clip(a, -0.5, 0.5)", ["f32:3x7"]),
            ("torch.true_divide(a, b)", ["i64:3x7", "i64:3x7:nz"]),
            ("torch.bitwise_left_shift(a, 2)", ["i64:3x7"]),
            ("torch.gcd(a, b)", ["i64:3x7", "i64:3x7"]),
            ("torch.float_power(a, 2)", ["f32:3x7"]),
            ("torch.logaddexp(a, b)", ["f32:3x7", "f32:3x7"]),
            ("torch.deg2rad(a)", ["f32:3x7"]),
            ("torch.count_nonzero(a, 1)", ["i64:3x7"]),
            ("torch.isclose(a, a + b * 1e-6)", ["f32:3x7", "f32:3x7"]),
            ("torch.isclose(a, b, 0.5, 0.5)", ["f32:3x7", "f32:3x7"]),
            ("torch.sinc(a)", ["f32:3x7"]),
            ("torch.sinc(a * 0.0)", ["f64:5"]),
            ("torch.isposinf(torch.log(a) * b)", ["f32:3x7", "f32:3x7"]),
            ("torch.isneginf(torch.log(a) * b)", ["f32:3x7", "f32:3x7"]),
            ("torch.meshgrid(a, b, indexing='xy')", ["f32:3", "f32:4"]),
            ("torch.cross(a, b)", ["f32:3x4", "f32:3x4"]),
            ("F.embedding_bag(a, self.w, b, mode='max')", ["i64:9:idx10", "i64:3:idx1"]),
            ("F.embedding_bag(a, self.w, b, padding_idx=2)", ["i64:9:idx4", "i64:3:idx1"]),
            ("F.embedding_bag(a, self.w, mode='mean')", ["i64:3x4:idx10"]),
            ("F.fold(a, (5, 6), 2, padding=1)", ["f32:1x8x42"]),
            ("F.fold(a, (6, 5), (2, 3), dilation=(2, 1), stride=(1, 2))", ["f32:2x6x8"]),
            ("F.interpolate(a, size=(7, 3), mode='bicubic', align_corners=True)", ["f32:1x2x4x5"]),
            ("F.interpolate(a, size=(6, 9), mode='bicubic')", ["f64:2x1x3x4"]),
            ("torch.divide(a, b, rounding_mode='floor')", ["f32:3x7", "f32:3x7:pos"]),
            ("torch.greater(a, b)", ["f32:3x7", "i64:3x7"]),
            ("torch.special.log1p(a)", ["f32:3x7:pos"]),
            ("torch.negative(a)", ["i64:3x7"]),
            ("torch.absolute(a)", ["i32:3x7"]),
            ("torch.fix(a)", ["f32:3x7"]),
            ("torch.not_equal(a, b)", ["i64:3x7", "i64:3x7"])]:
        init = ["self.w = nn.Parameter(torch.randn(10, 4))"] if "self.w" in expr else []
        cases.append(Case(f"{expr}.{specs[0]}", expr, specs, init=init, modes=both))
    return cases


FAMILIES = {
    "unary": unary,
    "arith": arith,
    "compare": compare,
    "reduction": reduction,
    "shape": shape,
    "creation": creation,
    "activation": activation,
    "nn": nn_modules,
    "spatial": spatial,
    "indexing": indexing,
    "loss": loss,
    "misc": misc,
}
