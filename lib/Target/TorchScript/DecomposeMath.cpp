//===- DecomposeMath.cpp - elementwise math, reductions and norms ---------===//
//
// Elementwise functions, reductions, products and normalizations written in
// terms of the operators the importer converts, with ATen's special cases
// (NaN and infinity, the signs of zero where they change the result,
// integer promotion) kept.
//
//===----------------------------------------------------------------------===//

#include "Decompositions.h"

#include "llvm/ADT/STLExtras.h"

#include <string>

using namespace mlir::mdf::torchscript;

static const Decomposition kMath[] = {

    // Elementwise functions.
    {"aten::deg2rad", R"TS(
def decompose(input: Tensor) -> Tensor:
    return input * 0.017453292519943295
)TS"},
    {"aten::rad2deg", R"TS(
def decompose(input: Tensor) -> Tensor:
    return input * 57.29577951308232
)TS"},
    {"aten::frac", R"TS(
def decompose(input: Tensor) -> Tensor:
    return input - torch.trunc(input)
)TS"},
    {"aten::signbit", R"TS(
def decompose(input: Tensor) -> Tensor:
    if input.is_floating_point():
        # -0.0 has its sign bit set: 1 / -0.0 is -inf.
        return (input < 0) | ((input == 0) & (torch.reciprocal(input) < 0))
    return input < 0
)TS"},
    {"aten::nan_to_num", R"TS(
def decompose(input: Tensor, nan: Optional[float], posinf: Optional[float], neginf: Optional[float]) -> Tensor:
    if input.is_floating_point() == False:
        return input
    big = 1.7976931348623157e308 if input.dtype == torch.float64 else 3.4028234663852886e38
    x = input.masked_fill(input != input, nan if nan is not None else 0.0)
    x = x.masked_fill(x == float("inf"), posinf if posinf is not None else big)
    return x.masked_fill(x == float("-inf"), neginf if neginf is not None else -big)
)TS"},
    {"aten::logit", R"TS(
def decompose(input: Tensor, eps: Optional[float]) -> Tensor:
    x = input
    if eps is not None:
        x = torch.clamp(x, eps, 1.0 - eps)
    return torch.log(x / (1.0 - x))
)TS"},
    {"aten::sinc", R"TS(
def decompose(input: Tensor) -> Tensor:
    x = input * 3.141592653589793
    return torch.where(input == 0, torch.ones_like(x), torch.sin(x) / x)
)TS"},
    {"aten::xlogy.Tensor", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    r = input * torch.log(other)
    r = torch.where(input == 0, torch.zeros_like(r), r)
    return torch.where(other != other, other.to(r.dtype), r)
)TS"},
    {"aten::xlogy.Scalar_Other", R"TS(
def decompose(input: Tensor, other: float) -> Tensor:
    return torch.xlogy(input, torch.scalar_tensor(other, dtype=torch.float64).to(input.dtype if input.is_floating_point() else torch.float32))
)TS"},
    {"aten::atan2", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    pi = 3.141592653589793
    r = torch.atan(input / other)
    r = torch.where(other < 0, torch.where(input >= 0, r + pi, r - pi), r)
    return torch.where((other == 0) & (input == 0), torch.zeros_like(r), r)
)TS"},
    {"aten::heaviside", R"TS(
def decompose(input: Tensor, values: Tensor) -> Tensor:
    return torch.where(input == 0, values, (input > 0).to(input.dtype))
)TS"},
    {"aten::logaddexp", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    m = torch.maximum(input, other)
    r = m + torch.log1p(torch.exp(torch.abs(input - other).neg()))
    return torch.where(input == other, input + 0.6931471805599453, r)
)TS"},
    {"aten::logaddexp2", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    m = torch.maximum(input, other)
    r = m + torch.log1p(torch.exp(torch.abs(input - other) * -0.6931471805599453)) * 1.4426950408889634
    return torch.where(input == other, input + 1.0, r)
)TS"},
    {"aten::lerp.Scalar", R"TS(
def decompose(input: Tensor, end: Tensor, weight: float) -> Tensor:
    if weight < 0.5:
        return input + (end - input) * weight
    return end - (end - input) * (1.0 - weight)
)TS"},
    {"aten::lerp.Tensor", R"TS(
def decompose(input: Tensor, end: Tensor, weight: Tensor) -> Tensor:
    low = input + (end - input) * weight
    high = end - (end - input) * (1.0 - weight)
    return torch.where(weight < 0.5, low, high)
)TS"},
    {"aten::float_power.Tensor_Scalar", R"TS(
def decompose(input: Tensor, exponent: float) -> Tensor:
    return torch.pow(input.to(torch.float64), float(exponent))
)TS"},
    {"aten::float_power.Tensor_Tensor", R"TS(
def decompose(input: Tensor, exponent: Tensor) -> Tensor:
    return torch.pow(input.to(torch.float64), exponent.to(torch.float64))
)TS"},
    {"aten::softshrink", R"TS(
def decompose(input: Tensor, lambd: float) -> Tensor:
    zeros = torch.zeros_like(input)
    return torch.where(input > lambd, input - lambd, torch.where(input.neg() > lambd, input + lambd, zeros))
)TS"},
    {"aten::hardshrink", R"TS(
def decompose(input: Tensor, lambd: float) -> Tensor:
    inside = (input <= lambd) & (input.neg() <= lambd)
    return torch.where(inside, torch.zeros_like(input), input)
)TS"},
    {"aten::rrelu", R"TS(
def decompose(input: Tensor, lower: float, upper: float, training: bool, generator: Optional[int]) -> Tensor:
    # Inference: the negative slope is the mean of the sampling range.
    return torch.where(input >= 0, input, input * ((lower + upper) / 2.0))
)TS"},
    {"aten::log_sigmoid", R"TS(
def decompose(input: Tensor) -> Tensor:
    return torch.clamp_max(input, 0.0) - torch.log1p(torch.exp(torch.abs(input).neg()))
)TS"},
    {"aten::log_sigmoid_forward", R"TS(
def decompose(input: Tensor) -> Tensor:
    return torch.clamp_max(input, 0.0) - torch.log1p(torch.exp(torch.abs(input).neg()))
)TS", /*firstResultOnly=*/true},
    {"aten::glu", R"TS(
def decompose(input: Tensor, dim: int) -> Tensor:
    halves = input.chunk(2, dim)
    return halves[0] * torch.sigmoid(halves[1])
)TS"},
    {"aten::bitwise_left_shift.Tensor_Scalar", R"TS(
def decompose(input: Tensor, other: int) -> Tensor:
    return input * (2 ** other)
)TS"},
    {"aten::gcd", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    # Euclid's algorithm, as many steps as int64 can need.
    a = torch.abs(input) + torch.zeros_like(other)
    b = torch.abs(other) + torch.zeros_like(input)
    for _ in range(92):
        nonzero = b != 0
        r = torch.remainder(a, torch.where(nonzero, b, torch.ones_like(b)))
        a = torch.where(nonzero, b, a)
        b = torch.where(nonzero, r, b)
    return a
)TS"},
    {"aten::erfinv", R"TS(
def decompose(input: Tensor) -> Tensor:
    # Giles' approximation, then two Newton steps on erf(x) = y.
    y = input if input.is_floating_point() else input.to(torch.float32)
    w = torch.log((1.0 - y) * (1.0 + y)).neg()
    central = w - 2.5
    pc = 2.81022636e-08
    pc = pc * central + 3.43273939e-07
    pc = pc * central + -3.5233877e-06
    pc = pc * central + -4.39150654e-06
    pc = pc * central + 0.00021858087
    pc = pc * central + -0.00125372503
    pc = pc * central + -0.00417768164
    pc = pc * central + 0.246640727
    pc = pc * central + 1.50140941
    tail = torch.sqrt(w) - 3.0
    pt = torch.full_like(tail, -0.000200214257)
    pt = pt * tail + 0.000100950558
    pt = pt * tail + 0.00134934322
    pt = pt * tail + -0.00367342844
    pt = pt * tail + 0.00573950773
    pt = pt * tail + -0.0076224613
    pt = pt * tail + 0.00943887047
    pt = pt * tail + 1.00167406
    pt = pt * tail + 2.83297682
    x = torch.where(w < 5.0, pc, pt) * y
    for _ in range(2):
        x = x - (torch.erf(x) - y) / (torch.exp(x * x * -1.0) * 1.1283791670955126)
    x = torch.where(y == 1.0, torch.full_like(x, float("inf")), x)
    x = torch.where(y == -1.0, torch.full_like(x, float("-inf")), x)
    return torch.where(torch.abs(y) > 1.0, torch.full_like(x, float("nan")), x)
)TS"},

    // Products.
    {"aten::outer", R"TS(
def decompose(input: Tensor, vec2: Tensor) -> Tensor:
    return input.unsqueeze(1) * vec2.unsqueeze(0)
)TS"},
    {"aten::ger", R"TS(
def decompose(input: Tensor, vec2: Tensor) -> Tensor:
    return input.unsqueeze(1) * vec2.unsqueeze(0)
)TS"},
    {"aten::addmv", R"TS(
def decompose(input: Tensor, mat: Tensor, vec: Tensor, beta: float, alpha: float) -> Tensor:
    product = torch.matmul(mat, vec) * alpha
    if beta == 0:
        return product + torch.zeros_like(input)
    return input * beta + product
)TS"},
    {"aten::addbmm", R"TS(
def decompose(input: Tensor, batch1: Tensor, batch2: Tensor, beta: float, alpha: float) -> Tensor:
    product = torch.bmm(batch1, batch2).sum(0) * alpha
    if beta == 0:
        return product + torch.zeros_like(input)
    return input * beta + product
)TS"},
    {"aten::baddbmm", R"TS(
def decompose(input: Tensor, batch1: Tensor, batch2: Tensor, beta: float, alpha: float) -> Tensor:
    product = torch.bmm(batch1, batch2) * alpha
    if beta == 0:
        return product + torch.zeros_like(input)
    return input * beta + product
)TS"},
    {"aten::addcmul", R"TS(
def decompose(input: Tensor, tensor1: Tensor, tensor2: Tensor, value: float) -> Tensor:
    return input + tensor1 * tensor2 * value
)TS"},
    {"aten::addcdiv", R"TS(
def decompose(input: Tensor, tensor1: Tensor, tensor2: Tensor, value: float) -> Tensor:
    return input + tensor1 / tensor2 * value
)TS"},
    {"aten::trace", R"TS(
def decompose(input: Tensor) -> Tensor:
    return torch.diagonal(input).sum()
)TS"},
    {"aten::kron", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    n = input.dim() if input.dim() > other.dim() else other.dim()
    a_shape: List[int] = []
    b_shape: List[int] = []
    out_shape: List[int] = []
    for i in range(n):
        ai = input.size(i - n) if i - n >= -input.dim() else 1
        bi = other.size(i - n) if i - n >= -other.dim() else 1
        a_shape.append(ai)
        a_shape.append(1)
        b_shape.append(1)
        b_shape.append(bi)
        out_shape.append(ai * bi)
    return (input.reshape(a_shape) * other.reshape(b_shape)).reshape(out_shape)
)TS"},
    {"aten::tensordot", R"TS(
def decompose(a: Tensor, b: Tensor, dims_a: List[int], dims_b: List[int]) -> Tensor:
    # Free dimensions of a, then contracted ones, against the contracted
    # dimensions of b, then its free ones: one matrix product.
    contract_a: List[int] = []
    contract_b: List[int] = []
    for d in dims_a:
        contract_a.append(d + a.dim() if d < 0 else d)
    for d in dims_b:
        contract_b.append(d + b.dim() if d < 0 else d)
    perm_a: List[int] = []
    perm_b: List[int] = []
    out_shape: List[int] = []
    m = 1
    k = 1
    n = 1
    for i in range(a.dim()):
        if i not in contract_a:
            perm_a.append(i)
            out_shape.append(a.size(i))
            m = m * a.size(i)
    for d in contract_a:
        perm_a.append(d)
        k = k * a.size(d)
    for d in contract_b:
        perm_b.append(d)
    for i in range(b.dim()):
        if i not in contract_b:
            perm_b.append(i)
            out_shape.append(b.size(i))
            n = n * b.size(i)
    product = torch.mm(a.permute(perm_a).reshape([m, k]), b.permute(perm_b).reshape([k, n]))
    return product.reshape(out_shape)
)TS"},
    {"aten::cross", R"TS(
def decompose(input: Tensor, other: Tensor, dim: Optional[int]) -> Tensor:
    d = -1
    if dim is not None:
        d = dim
    else:
        for i in range(input.dim()):
            if d < 0 and input.size(i) == 3:
                d = i
    return torch.linalg_cross(input, other, dim=d)
)TS"},
    {"aten::linalg_cross", R"TS(
def decompose(input: Tensor, other: Tensor, dim: int) -> Tensor:
    a0 = input.narrow(dim, 0, 1)
    a1 = input.narrow(dim, 1, 1)
    a2 = input.narrow(dim, 2, 1)
    b0 = other.narrow(dim, 0, 1)
    b1 = other.narrow(dim, 1, 1)
    b2 = other.narrow(dim, 2, 1)
    return torch.cat([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], dim)
)TS"},

    // Reductions.
    {"aten::logsumexp", R"TS(
def decompose(input: Tensor, dim: List[int], keepdim: bool) -> Tensor:
    x = input if input.is_floating_point() else input.to(torch.float32)
    m = torch.amax(x, dim, True)
    m = m.masked_fill(torch.abs(m) == float("inf"), 0.0)
    return torch.log(torch.sum(torch.exp(x - m), dim, keepdim)) + torch.amax(m, dim, keepdim)
)TS"},
    {"aten::logcumsumexp", R"TS(
def decompose(input: Tensor, dim: int) -> Tensor:
    m = torch.amax(input, [dim], True)
    m = m.masked_fill(torch.abs(m) == float("inf"), 0.0)
    return torch.log(torch.cumsum(torch.exp(input - m), dim)) + m
)TS"},
    {"aten::prod", R"TS(
def decompose(input: Tensor, dtype: Optional[int]) -> Tensor:
    return torch.cumprod(input.reshape(-1), 0, dtype=dtype).select(0, -1)
)TS"},
    {"aten::prod.dim_int", R"TS(
def decompose(input: Tensor, dim: int, keepdim: bool, dtype: Optional[int]) -> Tensor:
    if input.dim() == 0:
        return torch.cumprod(input, 0, dtype=dtype)
    products = torch.cumprod(input, dim, dtype=dtype)
    last = products.narrow(dim, input.size(dim) - 1, 1)
    return last if keepdim else last.squeeze(dim)
)TS"},
    {"aten::aminmax", R"TS(
def decompose(input: Tensor, dim: Optional[int], keepdim: bool) -> Tuple[Tensor, Tensor]:
    if dim is None:
        dims = [i for i in range(input.dim())]
        return torch.amin(input, dims, keepdim), torch.amax(input, dims, keepdim)
    return torch.amin(input, [dim], keepdim), torch.amax(input, [dim], keepdim)
)TS"},
    {"aten::var_mean", R"TS(
def decompose(input: Tensor, unbiased: bool) -> Tuple[Tensor, Tensor]:
    return torch.var(input, unbiased), torch.mean(input)
)TS"},
    {"aten::std_mean", R"TS(
def decompose(input: Tensor, unbiased: bool) -> Tuple[Tensor, Tensor]:
    return torch.std(input, unbiased), torch.mean(input)
)TS"},
    {"aten::var_mean.dim", R"TS(
def decompose(input: Tensor, dim: Optional[List[int]], unbiased: bool, keepdim: bool) -> Tuple[Tensor, Tensor]:
    dims = dim if dim is not None else [i for i in range(input.dim())]
    return torch.var(input, dims, unbiased, keepdim), torch.mean(input, dims, keepdim)
)TS"},
    {"aten::std_mean.dim", R"TS(
def decompose(input: Tensor, dim: Optional[List[int]], unbiased: bool, keepdim: bool) -> Tuple[Tensor, Tensor]:
    dims = dim if dim is not None else [i for i in range(input.dim())]
    return torch.std(input, dims, unbiased, keepdim), torch.mean(input, dims, keepdim)
)TS"},
    {"aten::var_mean.correction", R"TS(
def decompose(input: Tensor, dim: Optional[List[int]], correction: Optional[int], keepdim: bool) -> Tuple[Tensor, Tensor]:
    dims = dim if dim is not None else [i for i in range(input.dim())]
    return torch.var(input, dims, correction=correction, keepdim=keepdim), torch.mean(input, dims, keepdim)
)TS"},
    {"aten::std_mean.correction", R"TS(
def decompose(input: Tensor, dim: Optional[List[int]], correction: Optional[int], keepdim: bool) -> Tuple[Tensor, Tensor]:
    dims = dim if dim is not None else [i for i in range(input.dim())]
    return torch.std(input, dims, correction=correction, keepdim=keepdim), torch.mean(input, dims, keepdim)
)TS"},
    {"aten::median", R"TS(
def decompose(input: Tensor) -> Tensor:
    values, indices = torch.sort(input.reshape(-1), 0)
    return values.select(0, (values.size(0) - 1) // 2)
)TS"},
    {"aten::median.dim", R"TS(
def decompose(input: Tensor, dim: int, keepdim: bool) -> Tuple[Tensor, Tensor]:
    # The lower median: the ((n + 1) // 2)-th smallest.
    k = (input.size(dim) + 1) // 2 if input.dim() > 0 else 1
    return torch.kthvalue(input, k, dim, keepdim)
)TS"},
    {"aten::kthvalue", R"TS(
def decompose(input: Tensor, k: int, dim: int, keepdim: bool) -> Tuple[Tensor, Tensor]:
    if input.dim() == 0:
        return input, torch.zeros_like(input, dtype=torch.int64)
    values, indices = torch.sort(input, dim)
    v = values.narrow(dim, k - 1, 1)
    i = indices.narrow(dim, k - 1, 1)
    if keepdim:
        return v, i
    return v.squeeze(dim), i.squeeze(dim)
)TS"},
    {"aten::searchsorted.Tensor", R"TS(
def decompose(sorted_sequence: Tensor, input: Tensor, out_int32: bool, right: bool, side: Optional[str], sorter: Optional[Tensor]) -> Tensor:
    s = sorted_sequence
    if sorter is not None:
        s = torch.gather(s, -1, sorter)
    after = right or (side is not None and side == "right")
    if after:
        count = (s.unsqueeze(-2) <= input.unsqueeze(-1)).sum(-1)
    else:
        count = (s.unsqueeze(-2) < input.unsqueeze(-1)).sum(-1)
    return count.to(torch.int32) if out_int32 else count
)TS"},
    {"aten::bucketize.Tensor", R"TS(
def decompose(input: Tensor, boundaries: Tensor, out_int32: bool, right: bool) -> Tensor:
    if right:
        count = (boundaries <= input.unsqueeze(-1)).sum(-1)
    else:
        count = (boundaries < input.unsqueeze(-1)).sum(-1)
    return count.to(torch.int32) if out_int32 else count
)TS"},
    {"aten::isclose", R"TS(
def decompose(input: Tensor, other: Tensor, rtol: float, atol: float, equal_nan: bool) -> Tensor:
    close = (input == other) | (torch.abs(input - other) <= torch.abs(other) * rtol + atol)
    if equal_nan:
        close = close | ((input != input) & (other != other))
    return close
)TS"},

    // Norms and distances.
    {"aten::linalg_norm", R"TS(
def decompose(input: Tensor, ord: Optional[float], dim: Optional[List[int]], keepdim: bool, dtype: Optional[int]) -> Tensor:
    if ord is None:
        return torch.linalg_vector_norm(input, 2.0, dim, keepdim, dtype=dtype)
    vector = (dim is None and input.dim() == 1) or (dim is not None and len(dim) == 1)
    assert vector, "linalg.norm with a matrix `ord` is not supported; give `dim` with one dimension (a vector norm) or leave `ord` unset (the Frobenius norm)"
    return torch.linalg_vector_norm(input, ord, dim, keepdim, dtype=dtype)
)TS"},
    {"aten::cdist", R"TS(
def decompose(x1: Tensor, x2: Tensor, p: float, compute_mode: Optional[int]) -> Tensor:
    return torch.linalg_vector_norm(x1.unsqueeze(-2) - x2.unsqueeze(-3), p, [-1], False)
)TS"},
    {"aten::cosine_similarity", R"TS(
def decompose(x1: Tensor, x2: Tensor, dim: int, eps: float) -> Tensor:
    dot = (x1 * x2).sum(dim)
    norms = (x1 * x1).sum(dim) * (x2 * x2).sum(dim)
    return dot / torch.sqrt(torch.clamp_min(norms, eps * eps))
)TS"},
    {"aten::group_norm", R"TS(
def decompose(input: Tensor, num_groups: int, weight: Optional[Tensor], bias: Optional[Tensor], eps: float, cudnn_enabled: bool) -> Tensor:
    channels = input.size(1)
    grouped = input.reshape([input.size(0), num_groups, -1])
    mean = grouped.mean([2], True)
    var = torch.var(grouped, [2], False, True)
    y = ((grouped - mean) / torch.sqrt(var + eps)).reshape(input.size())
    if weight is not None:
        y = y * weight.reshape(_channel_shape(input, channels))
    if bias is not None:
        y = y + bias.reshape(_channel_shape(input, channels))
    return y
)TS"},
    {"aten::instance_norm", R"TS(
def decompose(input: Tensor, weight: Optional[Tensor], bias: Optional[Tensor], running_mean: Optional[Tensor], running_var: Optional[Tensor], use_input_stats: bool, momentum: float, eps: float, cudnn_enabled: bool) -> Tensor:
    if not use_input_stats and running_mean is not None and running_var is not None:
        return torch.batch_norm(input, weight, bias, running_mean, running_var, False, momentum, eps, cudnn_enabled)
    dims = [i for i in range(2, input.dim())]
    mean = input.mean(dims, True)
    var = torch.var(input, dims, False, True)
    y = (input - mean) / torch.sqrt(var + eps)
    channels = input.size(1)
    if weight is not None:
        y = y * weight.reshape(_channel_shape(input, channels))
    if bias is not None:
        y = y + bias.reshape(_channel_shape(input, channels))
    return y
)TS"},
};

/// One-line decompositions (most are another operator's second name): the
/// parameters of `decompose` and the expression it returns.
struct Alias {
  const char *op;
  const char *parameters;
  const char *call;
};

static const Alias kAliases[] = {
    {"aten::true_divide.Tensor", "input: Tensor, other: Tensor", "torch.div(input, other)"},
    {"aten::true_divide.Scalar", "input: Tensor, other: float", "torch.div(input, other)"},
    {"aten::divide.Tensor", "input: Tensor, other: Tensor", "torch.div(input, other)"},
    {"aten::divide.Tensor_mode", "input: Tensor, other: Tensor, rounding_mode: Optional[str]", "torch.div(input, other, rounding_mode=rounding_mode)"},
    {"aten::multiply.Tensor", "input: Tensor, other: Tensor", "torch.mul(input, other)"},
    {"aten::subtract.Tensor", "input: Tensor, other: Tensor, alpha: float", "torch.sub(input, other, alpha=alpha)"},
    {"aten::absolute", "input: Tensor", "torch.abs(input)"},
    // Integers and booleans compare as floats: never NaN or infinite.
    {"aten::isnan", "input: Tensor", "input != input"},
    {"aten::isinf", "input: Tensor", "(input == float(\"inf\")) | (input == float(\"-inf\"))"},
    {"aten::isposinf", "input: Tensor", "input == float(\"inf\")"},
    {"aten::isneginf", "input: Tensor", "input == float(\"-inf\")"},
    {"aten::isfinite", "input: Tensor", "(input == input) & (input != float(\"inf\")) & (input != float(\"-inf\"))"},
    {"aten::negative", "input: Tensor", "torch.neg(input)"},
    {"aten::fix", "input: Tensor", "torch.trunc(input)"},
    {"aten::special_expit", "input: Tensor", "torch.sigmoid(input)"},
    {"aten::special_erf", "input: Tensor", "torch.erf(input)"},
    {"aten::clip", "input: Tensor, min: Optional[float], max: Optional[float]", "torch.clamp(input, min, max)"},
    {"aten::clip.Tensor", "input: Tensor, min: Optional[Tensor], max: Optional[Tensor]", "torch.clamp(input, min, max)"},
    {"aten::greater.Tensor", "input: Tensor, other: Tensor", "torch.gt(input, other)"},
    {"aten::less.Tensor", "input: Tensor, other: Tensor", "torch.lt(input, other)"},
    {"aten::greater_equal.Tensor", "input: Tensor, other: Tensor", "torch.ge(input, other)"},
    {"aten::less_equal.Tensor", "input: Tensor, other: Tensor", "torch.le(input, other)"},
    {"aten::not_equal.Tensor", "input: Tensor, other: Tensor", "torch.ne(input, other)"},
    {"aten::exp2", "input: Tensor", "torch.exp(input * 0.6931471805599453)"},
    {"aten::special_exp2", "input: Tensor", "torch.exp2(input)"},
    {"aten::sgn", "input: Tensor", "torch.sign(input)"},
    {"aten::special_logit", "input: Tensor, eps: Optional[float]", "torch.logit(input, eps)"},
    {"aten::special_sinc", "input: Tensor", "torch.sinc(input)"},
    {"aten::special_xlogy", "input: Tensor, other: Tensor", "torch.xlogy(input, other)"},
    {"aten::hypot", "input: Tensor, other: Tensor", "torch.sqrt(input * input + other * other)"},
    {"aten::arctan2", "input: Tensor, other: Tensor", "torch.atan2(input, other)"},
    {"aten::bitwise_right_shift.Tensor_Scalar", "input: Tensor, other: int", "torch.div(input, 2 ** other, rounding_mode=\"floor\")"},
    {"aten::dot", "input: Tensor, tensor: Tensor", "torch.matmul(input, tensor)"},
    {"aten::vdot", "input: Tensor, other: Tensor", "torch.matmul(input, other)"},
    {"aten::mv", "input: Tensor, vec: Tensor", "torch.matmul(input, vec)"},
    {"aten::special_logsumexp", "input: Tensor, dim: List[int], keepdim: bool", "torch.logsumexp(input, dim, keepdim)"},
    {"aten::pairwise_distance", "x1: Tensor, x2: Tensor, p: float, eps: float, keepdim: bool", "torch.linalg_vector_norm(x1 - x2 + eps, p, [-1], keepdim)"},
};

void mlir::mdf::torchscript::addMathDecompositions(
    std::vector<Decomposition> &table) {
  table.insert(table.end(), std::begin(kMath), std::end(kMath));
  // The sources live as long as the table.
  static const std::vector<std::string> sources = [] {
    std::vector<std::string> result;
    for (const Alias &alias : kAliases)
      result.push_back(std::string("def decompose(") + alias.parameters +
                       ") -> Tensor:\n    return " + alias.call + "\n");
    return result;
  }();
  for (auto [alias, source] : llvm::zip(kAliases, sources))
    table.push_back({alias.op, source.c_str()});
}
