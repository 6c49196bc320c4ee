//===- DecomposeShape.cpp - views, splits, stacking and indexing ----------===//
//
// Shape operators (views, splits, stacks, rotations) and indexing operators
// (index_fill, index_add, masked_scatter, take_along_dim, one_hot,
// embedding_bag) in terms of the operators the importer converts.
//
//===----------------------------------------------------------------------===//

#include "Decompositions.h"

#include <string>

using namespace mlir::mdf::torchscript;

static const Decomposition kShape[] = {
    {"aten::expand_as", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    return input.expand(other.size())
)TS"},
    {"aten::view_as", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    return input.view(other.size())
)TS"},
    {"aten::reshape_as", R"TS(
def decompose(input: Tensor, other: Tensor) -> Tensor:
    return input.reshape(other.size())
)TS"},
    {"aten::broadcast_to", R"TS(
def decompose(input: Tensor, size: List[int]) -> Tensor:
    return input.expand(size)
)TS"},
    {"aten::broadcast_tensors", R"TS(
def decompose(tensors: List[Tensor]) -> List[Tensor]:
    rank = 0
    for t in tensors:
        rank = t.dim() if t.dim() > rank else rank
    shape: List[int] = []
    for i in range(rank):
        size = 1
        for t in tensors:
            j = i - rank + t.dim()
            if j >= 0 and t.size(j) != 1:
                size = t.size(j)
        shape.append(size)
    return [t.expand(shape) for t in tensors]
)TS"},
    {"aten::swapaxes", R"TS(
def decompose(input: Tensor, axis0: int, axis1: int) -> Tensor:
    return input.transpose(axis0, axis1)
)TS"},
    {"aten::swapdims", R"TS(
def decompose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    return input.transpose(dim0, dim1)
)TS"},
    {"aten::numel", R"TS(
def decompose(input: Tensor) -> int:
    n = 1
    for i in range(input.dim()):
        n = n * input.size(i)
    return n
)TS"},
    {"aten::movedim.int", R"TS(
def decompose(input: Tensor, source: int, destination: int) -> Tensor:
    n = input.dim()
    s = source + n if source < 0 else source
    d = destination + n if destination < 0 else destination
    perm: List[int] = []
    j = 0
    for i in range(n):
        if i == d:
            perm.append(s)
        else:
            if j == s:
                j = j + 1
            perm.append(j)
            j = j + 1
    return input.permute(perm)
)TS"},
    {"aten::moveaxis.int", R"TS(
def decompose(input: Tensor, source: int, destination: int) -> Tensor:
    return torch.movedim(input, source, destination)
)TS"},
    {"aten::unflatten.int", R"TS(
def decompose(input: Tensor, dim: int, sizes: List[int]) -> Tensor:
    d = dim + input.dim() if dim < 0 else dim
    shape: List[int] = []
    for i in range(input.dim()):
        if i == d:
            for s in sizes:
                shape.append(s)
        else:
            shape.append(input.size(i))
    return input.reshape(shape)
)TS"},
    {"aten::split.Tensor", R"TS(
def decompose(input: Tensor, split_size: int, dim: int) -> List[Tensor]:
    n = input.size(dim)
    pieces: List[Tensor] = []
    count = (n + split_size - 1) // split_size if n > 0 else 1
    for i in range(count):
        start = i * split_size
        pieces.append(input.narrow(dim, start, split_size if n - start > split_size else n - start))
    return pieces
)TS"},
    {"aten::unsafe_split.Tensor", R"TS(
def decompose(input: Tensor, split_size: int, dim: int) -> List[Tensor]:
    return torch.split(input, split_size, dim)
)TS"},
    {"aten::split_with_sizes", R"TS(
def decompose(input: Tensor, split_sizes: List[int], dim: int) -> List[Tensor]:
    pieces: List[Tensor] = []
    start = 0
    for size in split_sizes:
        pieces.append(input.narrow(dim, start, size))
        start = start + size
    return pieces
)TS"},
    {"aten::split.sizes", R"TS(
def decompose(input: Tensor, split_size: List[int], dim: int) -> List[Tensor]:
    return torch.split_with_sizes(input, split_size, dim)
)TS"},
    {"aten::split", R"TS(
def decompose(input: Tensor, split_sizes: List[int], dim: int) -> List[Tensor]:
    return torch.split_with_sizes(input, split_sizes, dim)
)TS"},
    {"aten::unbind.int", R"TS(
def decompose(input: Tensor, dim: int) -> List[Tensor]:
    return [input.select(dim, i) for i in range(input.size(dim))]
)TS"},
    {"aten::vstack", R"TS(
def decompose(tensors: List[Tensor]) -> Tensor:
    rows: List[Tensor] = []
    for t in tensors:
        rows.append(t.reshape([1, -1]) if t.dim() < 2 else t)
    return torch.cat(rows, 0)
)TS"},
    {"aten::row_stack", R"TS(
def decompose(tensors: List[Tensor]) -> Tensor:
    return torch.vstack(tensors)
)TS"},
    {"aten::hstack", R"TS(
def decompose(tensors: List[Tensor]) -> Tensor:
    parts: List[Tensor] = []
    for t in tensors:
        parts.append(t.reshape([1]) if t.dim() == 0 else t)
    return torch.cat(parts, 0 if parts[0].dim() == 1 else 1)
)TS"},
    {"aten::fliplr", R"TS(
def decompose(input: Tensor) -> Tensor:
    return torch.flip(input, [1])
)TS"},
    {"aten::flipud", R"TS(
def decompose(input: Tensor) -> Tensor:
    return torch.flip(input, [0])
)TS"},
    {"aten::rot90", R"TS(
def decompose(input: Tensor, k: int, dims: List[int]) -> Tensor:
    turns = k % 4
    if turns == 1:
        return torch.flip(input, [dims[1]]).transpose(dims[0], dims[1])
    if turns == 2:
        return torch.flip(input, dims)
    if turns == 3:
        return torch.flip(input, [dims[0]]).transpose(dims[0], dims[1])
    return input
)TS"},
    {"aten::channel_shuffle", R"TS(
def decompose(input: Tensor, groups: int) -> Tensor:
    grouped: List[int] = [input.size(0), groups, input.size(1) // groups]
    for i in range(2, input.dim()):
        grouped.append(input.size(i))
    return input.reshape(grouped).transpose(1, 2).reshape(input.size())
)TS"},
    {"aten::native_channel_shuffle", R"TS(
def decompose(input: Tensor, groups: int) -> Tensor:
    return torch.channel_shuffle(input, groups)
)TS"},
    {"aten::meshgrid", R"TS(
def decompose(tensors: List[Tensor]) -> List[Tensor]:
    return torch.meshgrid(tensors, indexing="ij")
)TS"},
    {"aten::meshgrid.indexing", R"TS(
def decompose(tensors: List[Tensor], indexing: str) -> List[Tensor]:
    n = len(tensors)
    swap = indexing == "xy" and n >= 2
    # With 'xy' the first two inputs lay out along dimensions 1 and 0.
    order: List[int] = []
    for i in range(n):
        order.append(1 - i if swap and i < 2 else i)
    full: List[int] = []
    for i in range(n):
        for j in range(n):
            if order[j] == i:
                full.append(tensors[j].reshape(-1).size(0))
    grids: List[Tensor] = []
    for j in range(n):
        shape = _axis_shape(n, order[j], -1)
        grids.append(tensors[j].reshape(shape).expand(full))
    return grids
)TS"},
    {"aten::diff", R"TS(
def decompose(input: Tensor, n: int, dim: int, prepend: Optional[Tensor], append: Optional[Tensor]) -> Tensor:
    x = input
    if prepend is not None:
        x = torch.cat([prepend, x], dim)
    if append is not None:
        x = torch.cat([x, append], dim)
    for _ in range(n):
        size = x.size(dim)
        later = x.narrow(dim, 1, size - 1)
        earlier = x.narrow(dim, 0, size - 1)
        if x.dtype == torch.bool:
            x = later != earlier
        else:
            x = later - earlier
    return x
)TS"},

    // Indexing.
    {"aten::take_along_dim", R"TS(
def decompose(input: Tensor, indices: Tensor, dim: Optional[int]) -> Tensor:
    if dim is None:
        return torch.gather(input.reshape(-1), 0, indices.reshape(-1))
    n = input.dim()
    d = dim + n if dim < 0 else dim
    input_shape: List[int] = []
    index_shape: List[int] = []
    for i in range(n):
        if i == d:
            input_shape.append(input.size(i))
            index_shape.append(indices.size(i))
        else:
            size = input.size(i) if input.size(i) > indices.size(i) else indices.size(i)
            input_shape.append(size)
            index_shape.append(size)
    return torch.gather(input.expand(input_shape), d, indices.expand(index_shape))
)TS"},
    {"aten::index_fill.int_Scalar", R"TS(
def decompose(input: Tensor, dim: int, index: Tensor, value: float) -> Tensor:
    return input.masked_fill(_index_mask(input, dim, index), value)
)TS"},
    {"aten::index_fill.int_Tensor", R"TS(
def decompose(input: Tensor, dim: int, index: Tensor, value: Tensor) -> Tensor:
    return input.masked_fill(_index_mask(input, dim, index), value)
)TS"},
    {"aten::index_add", R"TS(
def decompose(input: Tensor, dim: int, index: Tensor, source: Tensor, alpha: float) -> Tensor:
    d = dim + input.dim() if dim < 0 else dim
    shape = _axis_shape(source.dim(), d, -1)
    expanded = index.reshape(shape).expand(source.size())
    return input.scatter_add(d, expanded, source * alpha)
)TS"},
    {"aten::masked_scatter", R"TS(
def decompose(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    full = torch.zeros_like(input, dtype=torch.bool) | mask
    flat = full.reshape(-1)
    position = torch.clamp_min(torch.cumsum(flat.to(torch.int64), 0) - 1, 0)
    values = source.reshape(-1).index_select(0, position)
    shape = (input + torch.zeros_like(full, dtype=input.dtype)).size()
    base = input.expand(shape).reshape(-1)
    return torch.where(flat, values, base).reshape(shape)
)TS"},
    {"aten::one_hot", R"TS(
def decompose(input: Tensor, num_classes: int) -> Tensor:
    assert num_classes >= 0, "one_hot needs num_classes: the number of classes of a compiled model cannot depend on the data"
    return (input.unsqueeze(-1) == torch.arange(num_classes)).to(torch.int64)
)TS"},
};

// embedding_bag: the bag of each index from the offsets, then a sum, mean or
// maximum per bag. Only the first result (the bags) is decomposed.
static const char *const kEmbeddingBagHelper = R"TS(
def _embedding_bag(weight: Tensor, indices: Tensor, offsets: Tensor, mode: int, per_sample_weights: Optional[Tensor], include_last_offset: bool, padding_idx: Optional[int]) -> Tensor:
    flat = indices.reshape(-1)
    count = flat.size(0)
    if indices.dim() == 2:
        length = indices.size(1)
        bags = indices.size(0)
        bag = torch.div(torch.arange(count), length, rounding_mode="floor")
    else:
        bags = offsets.size(0) - (1 if include_last_offset else 0)
        bag = (offsets.unsqueeze(0) <= torch.arange(count).unsqueeze(1)).sum(1) - 1
    keep = torch.ones_like(flat, dtype=torch.bool)
    if padding_idx is not None:
        keep = flat != padding_idx
    rows = weight.index_select(0, flat)
    if per_sample_weights is not None:
        rows = rows * per_sample_weights.reshape(-1).unsqueeze(1)
    rows = rows * keep.unsqueeze(1).to(rows.dtype)
    width = weight.size(1)
    target = bag.unsqueeze(1).expand([count, width])
    zeros = torch.zeros([bags, width], dtype=rows.dtype)
    if mode == 2:
        lowest = torch.full_like(rows, float("-inf"))
        picked = torch.where(keep.unsqueeze(1), rows, lowest)
        result = zeros.scatter_reduce(0, target, picked, "amax", include_self=False)
        filled = zeros.scatter_add(0, target, keep.unsqueeze(1).expand([count, width]).to(rows.dtype))
        return torch.where(filled > 0, result, zeros)
    total = zeros.scatter_add(0, target, rows)
    if mode == 1:
        sizes = torch.zeros([bags], dtype=rows.dtype).scatter_add(0, bag, keep.to(rows.dtype))
        return total / torch.clamp_min(sizes, 1.0).unsqueeze(1)
    return total
)TS";

static const char *const kEmbeddingBag = R"TS(
def decompose(weight: Tensor, indices: Tensor, offsets: Tensor, scale_grad_by_freq: bool, mode: int, sparse: bool, per_sample_weights: Optional[Tensor], include_last_offset: bool) -> Tensor:
    return _embedding_bag(weight, indices, offsets, mode, per_sample_weights, include_last_offset, None)
)TS";

static const char *const kEmbeddingBagPadding = R"TS(
def decompose(weight: Tensor, indices: Tensor, offsets: Tensor, scale_grad_by_freq: bool, mode: int, sparse: bool, per_sample_weights: Optional[Tensor], include_last_offset: bool, padding_idx: Optional[int]) -> Tensor:
    return _embedding_bag(weight, indices, offsets, mode, per_sample_weights, include_last_offset, padding_idx)
)TS";

void mlir::mdf::torchscript::addShapeDecompositions(
    std::vector<Decomposition> &table) {
  table.insert(table.end(), std::begin(kShape), std::end(kShape));
  static const std::string sources[] = {
      std::string(kEmbeddingBagHelper) + kEmbeddingBag,
      std::string(kEmbeddingBagHelper) + kEmbeddingBagPadding,
  };
  table.push_back({"aten::embedding_bag", sources[0].c_str(),
                   /*firstResultOnly=*/true});
  table.push_back({"aten::embedding_bag.padding_idx", sources[1].c_str(),
                   /*firstResultOnly=*/true});
}
