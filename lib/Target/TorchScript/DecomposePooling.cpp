//===- DecomposePooling.cpp - pooling with indices, 3-D pooling, im2col ---===//
//
// Sliding-window operators the importer has no converter for, as sums and
// maxima of strided slices of the padded input: one slice per kernel
// offset (the importer unrolls the loops; the sizes are known). Max pooling
// returns ATen's indices: the offset into each input plane (the spatial
// dimensions flattened) of the first maximum in window order, NaN winning.
//
//===----------------------------------------------------------------------===//

#include "Decompositions.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace mlir::mdf::torchscript;

// The helpers of the window decompositions, for `nd` spatial dimensions
// (the last nd of the input).
static const char *const kWindowHelpers = R"TS(
def _window(x: Tensor, nd: int, q: int, k: List[int], s: List[int], d: List[int], o: List[int]) -> Tensor:
    # The strided slice of (padded) x for kernel offset number q (row-major
    # over the kernel).
    r = q
    for t in range(nd):
        a = nd - 1 - t
        i = r % k[a]
        r = r // k[a]
        start = i * d[a]
        x = torch.slice(x, a - nd, start, start + (o[a] - 1) * s[a] + 1, s[a])
    return x

def _plane_index(x: Tensor, nd: int, q: int, k: List[int], s: List[int], p: List[int], d: List[int], o: List[int]) -> Tensor:
    # For kernel offset q, the flat index into the input plane of each
    # window's element, shape o.
    r = q
    index = torch.zeros(o, dtype=torch.int64)
    scale = 1
    for t in range(nd):
        a = nd - 1 - t
        i = r % k[a]
        r = r // k[a]
        positions = torch.arange(o[a]) * s[a] + (i * d[a] - p[a])
        index = index + positions.reshape(_axis_shape(nd, a, o[a])) * scale
        scale = scale * x.size(a - nd)
    return index

def _windows(x: Tensor, nd: int, kernel: List[int], stride: List[int], padding: List[int], dilation: List[int], ceil_mode: bool):
    # Per-dimension kernel, stride, padding and dilation, the output sizes,
    # and the padding (constant_pad_nd order) that gives every window its
    # elements: `padding` before, and after as far as the last window needs.
    k = _per_dim(kernel, nd, kernel)
    s = _per_dim(stride, nd, k)
    p = _per_dim(padding, nd, [0 for _ in range(nd)])
    d = _per_dim(dilation, nd, [1 for _ in range(nd)])
    o = [_pool_out(x.size(a - nd), k[a], s[a], p[a], d[a], ceil_mode) for a in range(nd)]
    pads: List[int] = []
    for t in range(nd):
        a = nd - 1 - t
        need = (o[a] - 1) * s[a] + (k[a] - 1) * d[a] + 1 - x.size(a - nd) - p[a]
        pads.append(p[a])
        pads.append(need if need > 0 else 0)
    return k, s, p, d, o, pads

def _kernel_volume(k: List[int]) -> int:
    n = 1
    for v in k:
        n = n * v
    return n

def _max_pool(x: Tensor, nd: int, kernel: List[int], stride: List[int], padding: List[int], dilation: List[int], ceil_mode: bool) -> Tuple[Tensor, Tensor]:
    k, s, p, d, o, pads = _windows(x, nd, kernel, stride, padding, dilation, ceil_mode)
    padded = torch.constant_pad_nd(x, pads, float("-inf"))
    best = _window(padded, nd, 0, k, s, d, o)
    index = _plane_index(x, nd, 0, k, s, p, d, o).expand(best.size())
    for q in range(1, _kernel_volume(k)):
        window = _window(padded, nd, q, k, s, d, o)
        better = (window > best) | (window != window)
        best = torch.where(better, window, best)
        index = torch.where(better, _plane_index(x, nd, q, k, s, p, d, o), index)
    return best, index

def _avg_pool(x: Tensor, nd: int, kernel: List[int], stride: List[int], padding: List[int], ceil_mode: bool, count_include_pad: bool, divisor_override: Optional[int]) -> Tensor:
    k, s, p, d, o, pads = _windows(x, nd, kernel, stride, padding, [1 for _ in range(nd)], ceil_mode)
    padded = torch.constant_pad_nd(x, pads, 0.0)
    total = _window(padded, nd, 0, k, s, d, o)
    for q in range(1, _kernel_volume(k)):
        total = total + _window(padded, nd, q, k, s, d, o)
    if divisor_override is not None:
        return total / divisor_override
    # The divisor of each window: its elements inside the input, plus those
    # in the padding when count_include_pad (not those past it that
    # ceil_mode adds).
    ones = torch.ones([x.size(a - nd) for a in range(nd)], dtype=x.dtype)
    before: List[int] = []
    after: List[int] = []
    for t in range(nd):
        before.append(pads[2 * t])
        before.append(pads[2 * t])
        after.append(0)
        after.append(pads[2 * t + 1] - pads[2 * t])
    counted = torch.constant_pad_nd(ones, before, 1.0 if count_include_pad else 0.0)
    counted = torch.constant_pad_nd(counted, after, 0.0)
    count = _window(counted, nd, 0, k, s, d, o)
    for q in range(1, _kernel_volume(k)):
        count = count + _window(counted, nd, q, k, s, d, o)
    return total / count

def _adaptive_bounds(size: int, out: int, i: int) -> Tuple[int, int]:
    start = (i * size) // out
    end = ((i + 1) * size + out - 1) // out
    return start, end - start

def _adaptive_mean(x: Tensor, nd: int, output_size: List[int]) -> Tensor:
    # Adaptive average pooling is separable: a box's mean is the mean along
    # one dimension after another.
    o = _per_dim(output_size, nd, output_size)
    for a in range(nd):
        dim = a - nd
        size = x.size(dim)
        pieces: List[Tensor] = []
        for i in range(o[a]):
            start, length = _adaptive_bounds(size, o[a], i)
            pieces.append(x.narrow(dim, start, length).mean([dim], True))
        x = torch.cat(pieces, dim)
    return x
)TS";

// Adaptive max pooling with ATen's indices (flat in the input plane, the
// first maximum of each box in row-major order). Boxes along one dimension
// are 1 or 2 lengths (floor and ceil of size / out); each is gathered at
// the longest length, a shorter box repeating its last element (which
// cannot change its maximum or which element is first), then one max over
// the flattened box dimensions.
static const char *const kAdaptiveMaxHelper = R"TS(
def _adaptive_max(x: Tensor, nd: int, output_size: List[int]) -> Tuple[Tensor, Tensor]:
    o = _per_dim(output_size, nd, output_size)
    lead = x.dim() - nd
    in_sizes = [x.size(lead + a) for a in range(nd)]
    starts: List[Tensor] = []
    lengths: List[Tensor] = []
    longest: List[int] = []
    for a in range(nd):
        # Dimensions before a's are each two by now (boxes, box elements).
        dim = lead + 2 * a
        size = x.size(dim)
        k = 0
        for i in range(o[a]):
            start, length = _adaptive_bounds(size, o[a], i)
            k = max(k, length)
        longest.append(k)
        i = torch.arange(o[a])
        start = torch.div(i * size, o[a], rounding_mode='floor')
        end = torch.div((i + 1) * size + o[a] - 1, o[a], rounding_mode='floor')
        starts.append(start)
        lengths.append(end - start)
        offset = torch.minimum(torch.arange(k).reshape([1, k]), (end - start - 1).reshape([o[a], 1]))
        index = start.reshape([o[a], 1]) + offset
        shape = [x.size(j) for j in range(dim)]
        shape.append(o[a])
        shape.append(k)
        for j in range(dim + 1, x.dim()):
            shape.append(x.size(j))
        x = x.index_select(dim, index.reshape([-1])).reshape(shape)
    # x is [lead..., o0, k0, o1, k1, ...]: boxes last, flattened.
    order = [j for j in range(lead)]
    for a in range(nd):
        order.append(lead + 2 * a)
    for a in range(nd):
        order.append(lead + 2 * a + 1)
    x = x.permute(order)
    box = 1
    for a in range(nd):
        box = box * longest[a]
    flat = [x.size(j) for j in range(lead + nd)]
    flat.append(box)
    values, local = torch.max(x.reshape(flat), -1)
    # The local index back to per-dimension offsets, then the plane index.
    plane = torch.zeros_like(local)
    scale = 1
    rest = local
    for t in range(nd):
        a = nd - 1 - t
        k = longest[a]
        offset = torch.remainder(rest, k)
        rest = torch.div(rest, k, rounding_mode='floor')
        shape = _axis_shape(lead + nd, lead + a, o[a])
        offset = torch.minimum(offset, (lengths[a] - 1).reshape(shape))
        plane = plane + (starts[a].reshape(shape) + offset) * scale
        scale = scale * in_sizes[a]
    return values, plane
)TS";

// The gradient of max pooling: each output's gradient added at its index.
static const char *const kMaxPoolBackwardHelper = R"TS(
def _max_pool_backward(grad_output: Tensor, input: Tensor, indices: Tensor, nd: int) -> Tensor:
    shape = [input.size(i) for i in range(input.dim() - nd)]
    flat = [input.size(i) for i in range(input.dim() - nd)]
    plane = 1
    for a in range(nd):
        plane = plane * input.size(a - nd)
    shape.append(plane)
    flat.append(-1)
    grad = torch.zeros(shape, dtype=grad_output.dtype)
    grad = grad.scatter_add(input.dim() - nd, indices.reshape(flat), grad_output.reshape(flat))
    return grad.reshape(input.size())
)TS";

// im2col (F.unfold): (N, C, H, W) -> (N, C * kh * kw, L), one row per
// channel and kernel offset.
static const char *const kIm2col = R"TS(
def decompose(input: Tensor, kernel_size: List[int], dilation: List[int], padding: List[int], stride: List[int]) -> Tensor:
    k, s, p, d, o, pads = _windows(input, 2, kernel_size, stride, padding, dilation, False)
    padded = torch.constant_pad_nd(input, pads, 0.0)
    windows = [_window(padded, 2, q, k, s, d, o) for q in range(_kernel_volume(k))]
    stacked = torch.stack(windows, input.dim() - 2)
    shape = [input.size(i) for i in range(input.dim() - 3)]
    shape.append(input.size(-3) * _kernel_volume(k))
    shape.append(o[0] * o[1])
    return stacked.reshape(shape)
)TS";

// col2im (F.fold): the sum of the columns put back at their windows.
static const char *const kCol2im = R"TS(
def decompose(input: Tensor, output_size: List[int], kernel_size: List[int], dilation: List[int], padding: List[int], stride: List[int]) -> Tensor:
    k = _per_dim(kernel_size, 2, kernel_size)
    s = _per_dim(stride, 2, k)
    p = _per_dim(padding, 2, [0, 0])
    d = _per_dim(dilation, 2, [1, 1])
    o = [_pool_out(output_size[a], k[a], s[a], p[a], d[a], False) for a in range(2)]
    kv = _kernel_volume(k)
    channels = input.size(-2) // kv
    shape = [input.size(i) for i in range(input.dim() - 2)]
    shape.append(channels)
    out_shape = [input.size(i) for i in range(input.dim() - 2)]
    out_shape.append(channels)
    out_shape.append(output_size[0] + 2 * p[0])
    out_shape.append(output_size[1] + 2 * p[1])
    shape.append(kv)
    shape.append(o[0])
    shape.append(o[1])
    columns = input.reshape(shape)
    out = torch.zeros(out_shape, dtype=input.dtype)
    for q in range(kv):
        i = q // k[1]
        j = q % k[1]
        r0 = i * d[0]
        c0 = j * d[1]
        block = columns.select(-3, q)
        band = torch.slice(out, -2, r0, r0 + (o[0] - 1) * s[0] + 1, s[0])
        cell = torch.slice(band, -1, c0, c0 + (o[1] - 1) * s[1] + 1, s[1])
        band = torch.slice_scatter(band, cell + block, -1, c0, c0 + (o[1] - 1) * s[1] + 1, s[1])
        out = torch.slice_scatter(out, band, -2, r0, r0 + (o[0] - 1) * s[0] + 1, s[0])
    out = out.narrow(-2, p[0], output_size[0])
    return out.narrow(-1, p[1], output_size[1])
)TS";

// Bicubic upsampling as ATen computes it: A = -0.75, the source index
// clamped at the borders, scales as area_pixel_compute_scale gives them.
static const char *const kBicubicHelpers = R"TS(
def _cubic_weights(t: Tensor) -> List[Tensor]:
    a = -0.75
    x1 = t + 1.0
    w0 = ((a * x1 - 5.0 * a) * x1 + 8.0 * a) * x1 - 4.0 * a
    w1 = ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0
    u = 1.0 - t
    w2 = ((a + 2.0) * u - (a + 3.0)) * u * u + 1.0
    x3 = 2.0 - t
    w3 = ((a * x3 - 5.0 * a) * x3 + 8.0 * a) * x3 - 4.0 * a
    return [w0, w1, w2, w3]

def _bicubic_along(x: Tensor, dim: int, out: int, align_corners: bool, scale: Optional[float]) -> Tensor:
    size = x.size(dim)
    if align_corners:
        ratio = (size - 1) / (out - 1) if out > 1 else 0.0
        src = torch.arange(out, dtype=torch.float64) * ratio
    else:
        ratio = 1.0 / scale if scale is not None and scale > 0.0 else size / out
        src = (torch.arange(out, dtype=torch.float64) + 0.5) * ratio - 0.5
    base = torch.floor(src)
    weights = _cubic_weights((src - base).to(x.dtype))
    base = base.to(torch.int64)
    shape = _axis_shape(x.dim(), dim, out)
    result = torch.zeros_like(x.narrow(dim, 0, 1))
    for tap in range(4):
        index = torch.clamp(base + (tap - 1), 0, size - 1)
        result = result + x.index_select(dim, index) * weights[tap].reshape(shape)
    return result
)TS";

static const char *const kUpsampleBicubic2d = R"TS(
def decompose(input: Tensor, output_size: List[int], align_corners: bool, scales_h: Optional[float], scales_w: Optional[float]) -> Tensor:
    n = input.dim()
    x = _bicubic_along(input, n - 2, output_size[0], align_corners, scales_h)
    return _bicubic_along(x, n - 1, output_size[1], align_corners, scales_w)
)TS";

static const char *const kUpsampleBicubic2dVec = R"TS(
def decompose(input: Tensor, output_size: Optional[List[int]], align_corners: bool, scale_factors: Optional[List[float]]) -> Tensor:
    n = input.dim()
    if output_size is not None:
        x = _bicubic_along(input, n - 2, output_size[0], align_corners, None)
        return _bicubic_along(x, n - 1, output_size[1], align_corners, None)
    assert scale_factors is not None
    oh = int(input.size(n - 2) * scale_factors[0])
    ow = int(input.size(n - 1) * scale_factors[1])
    x = _bicubic_along(input, n - 2, oh, align_corners, scale_factors[0])
    return _bicubic_along(x, n - 1, ow, align_corners, scale_factors[1])
)TS";

namespace {
/// Decompositions that differ only in their number of spatial dimensions:
/// `call` (with ND for the number) over `parameters`, for each of `dims`.
struct PerDimension {
  const char *op; // with ND: "aten::max_poolNDd_with_indices"
  const char *helpers;
  const char *parameters;
  const char *result;
  const char *call;
  std::vector<int> dims;
  /// The dimension counts for which only uses of the other results are
  /// rewritten (the importer converts the first result alone).
  std::vector<int> otherResultsOnlyDims = {};
};
} // namespace

static std::string withDims(const char *text, int dims) {
  std::string result = text;
  for (size_t at = result.find("ND"); at != std::string::npos;
       at = result.find("ND", at))
    result.replace(at, 2, std::to_string(dims));
  return result;
}

static std::vector<PerDimension> perDimensionDecompositions() {
  const char *maxPoolParameters =
      "input: Tensor, kernel_size: List[int], stride: List[int], "
      "padding: List[int], dilation: List[int], ceil_mode: bool";
  const char *maxPoolCall =
      "_max_pool(input, ND, kernel_size, stride, padding, dilation, "
      "ceil_mode)";
  static const std::string adaptiveMaxHelpers =
      std::string(kWindowHelpers) + kAdaptiveMaxHelper;
  return {
      {"aten::max_poolNDd_with_indices", kWindowHelpers, maxPoolParameters,
       "Tuple[Tensor, Tensor]", maxPoolCall, {1, 2, 3}},
      {"aten::max_poolNDd", kWindowHelpers, maxPoolParameters, "Tensor",
       "_max_pool(input, ND, kernel_size, stride, padding, dilation, "
       "ceil_mode)[0]",
       {3}},
      {"aten::avg_poolNDd", kWindowHelpers,
       "input: Tensor, kernel_size: List[int], stride: List[int], "
       "padding: List[int], ceil_mode: bool, count_include_pad: bool, "
       "divisor_override: Optional[int]",
       "Tensor",
       "_avg_pool(input, ND, kernel_size, stride, padding, ceil_mode, "
       "count_include_pad, divisor_override)",
       {3}},
      {"aten::adaptive_avg_poolNDd", kWindowHelpers,
       "input: Tensor, output_size: List[int]", "Tensor",
       "_adaptive_mean(input, ND, output_size)", {3}},
      {"aten::adaptive_max_poolNDd", adaptiveMaxHelpers.c_str(),
       "self: Tensor, output_size: List[int]", "Tuple[Tensor, Tensor]",
       "_adaptive_max(self, ND, output_size)", {1, 2, 3}, {1, 2}},
      {"aten::max_poolNDd_with_indices_backward", kMaxPoolBackwardHelper,
       "grad_output: Tensor, input: Tensor, kernel_size: List[int], "
       "stride: List[int], padding: List[int], dilation: List[int], "
       "ceil_mode: bool, indices: Tensor",
       "Tensor", "_max_pool_backward(grad_output, input, indices, ND)",
       {2, 3}},
  };
}

void mlir::mdf::torchscript::addPoolingDecompositions(
    std::vector<Decomposition> &table) {
  // The names and sources live as long as the table.
  struct Generated {
    std::string op, source;
    bool otherResultsUsedOnly;
  };
  static const std::vector<Generated> generated = [] {
    std::vector<Generated> result;
    for (const PerDimension &entry : perDimensionDecompositions())
      for (int dims : entry.dims)
        result.push_back(
            {withDims(entry.op, dims),
             std::string(entry.helpers) + "\ndef decompose(" +
                 entry.parameters + ") -> " + entry.result +
                 ":\n    return " + withDims(entry.call, dims) + "\n",
             std::find(entry.otherResultsOnlyDims.begin(),
                       entry.otherResultsOnlyDims.end(),
                       dims) != entry.otherResultsOnlyDims.end()});
    return result;
  }();
  for (const Generated &entry : generated)
    table.push_back({entry.op.c_str(), entry.source.c_str(),
                     /*firstResultOnly=*/false, entry.otherResultsUsedOnly});
  static const std::string sources[] = {
      std::string(kWindowHelpers) + kIm2col,
      std::string(kWindowHelpers) + kCol2im,
      std::string(kBicubicHelpers) + kUpsampleBicubic2d,
      std::string(kBicubicHelpers) + kUpsampleBicubic2dVec,
  };
  table.push_back({"aten::im2col", sources[0].c_str()});
  table.push_back({"aten::col2im", sources[1].c_str()});
  table.push_back({"aten::upsample_bicubic2d", sources[2].c_str()});
  table.push_back({"aten::upsample_bicubic2d.vec", sources[3].c_str()});
}
