//===- ConvertViews.cpp - slice writes, triangles, diagonals, fills -------===//
//
// This file implements the converters that write into parts of a tensor
// or read structured parts of it: slice_scatter and select_scatter,
// triu/tril, diagonal/diag/diag_embed, as_strided, and the whole-tensor
// writes fill_, zero_ and copy_ (which writes into views reach through
// GraphImporter::propagateWrite).
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {


/// An optional int operand, or `fallback` when it is None.
FailureOr<int64_t> getOptionalInt(GraphImporter &importer, jit::Node *node,
                                  unsigned index, int64_t fallback) {
  if (index >= node->inputs().size() || importer.isNone(node, index))
    return fallback;
  return importer.getInt(node, index);
}

/// aten::slice_scatter(self, src, dim=0, start=None, end=None, step=1).
LogicalResult convertSliceScatter(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<Value> source = importer.getTensor(node, 1);
  FailureOr<int64_t> dim = getOptionalInt(importer, node, 2, 0);
  FailureOr<int64_t> start = getOptionalInt(importer, node, 3, 0);
  FailureOr<int64_t> end = getOptionalInt(importer, node, 4, INT64_MAX);
  FailureOr<int64_t> step = getOptionalInt(importer, node, 5, 1);
  if (failed(input) || failed(source) || failed(dim) || failed(start) ||
      failed(end) || failed(step))
    return failure();
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(*input);
  FailureOr<int64_t> axis = normalizeDim(importer, node, *dim, type.getRank());
  FailureOr<Value> update =
      importer.castTo(loc, *source, type.getElementType());
  if (failed(axis) || failed(update))
    return failure();
  return importer.mapResult(
      node, importer.create<SliceScatterOp>(
                loc, *input, *update, ArrayRef<int64_t>{*start},
                ArrayRef<int64_t>{*end}, ArrayRef<int64_t>{*axis},
                ArrayRef<int64_t>{*step}));
}

/// aten::select_scatter(self, src, dim, index).
LogicalResult convertSelectScatter(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<Value> source = importer.getTensor(node, 1);
  FailureOr<int64_t> dim = importer.getInt(node, 2);
  FailureOr<int64_t> index = importer.getInt(node, 3);
  if (failed(input) || failed(source) || failed(dim) || failed(index))
    return failure();
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(*input);
  FailureOr<int64_t> axis = normalizeDim(importer, node, *dim, type.getRank());
  if (failed(axis))
    return failure();
  int64_t size = type.getDimSize(*axis);
  if (*index < -size || *index >= size)
    return importer.emitNodeError(node, "index " + Twine(*index) +
                                            " is out of range for a "
                                            "dimension of size " +
                                            Twine(size));
  int64_t position = *index < 0 ? *index + size : *index;
  SmallVector<int64_t> shape(type.getShape());
  shape[*axis] = 1;
  FailureOr<Value> update =
      importer.castTo(loc, *source, type.getElementType());
  if (failed(update))
    return failure();
  FailureOr<Value> reshaped = importer.reshape(loc, *update, shape);
  if (failed(reshaped))
    return failure();
  return importer.mapResult(
      node, importer.create<SliceScatterOp>(
                loc, *input, *reshaped, ArrayRef<int64_t>{position},
                ArrayRef<int64_t>{position + 1}, ArrayRef<int64_t>{*axis},
                ArrayRef<int64_t>{1}));
}

/// aten::triu / aten::tril(self, diagonal=0): a constant mask over the last
/// two dimensions.
template <bool Upper>
LogicalResult convertTriangle(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> diagonal = getOptionalInt(importer, node, 1, 0);
  if (failed(input) || failed(diagonal))
    return failure();
  RankedTensorType type = getTensorType(*input);
  if (type.getRank() < 2)
    return importer.emitNodeError(node, "needs a tensor of rank >= 2");
  int64_t rows = type.getDimSize(type.getRank() - 2);
  int64_t columns = type.getDimSize(type.getRank() - 1);
  SmallVector<double> mask;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < columns; ++j)
      mask.push_back(Upper ? j - i >= *diagonal : j - i <= *diagonal);
  Location loc = importer.getLoc(node);
  Value keep = importer.numbers(
      loc,
      RankedTensorType::get({rows, columns},
                            IntegerType::get(importer.getContext(), 1)),
      mask);
  return importer.mapResult(
      node, importer.create<WhereOp>(
                loc, keep, *input,
                importer.scalar(loc, type.getElementType(), 0)));
}

/// The positions (row * columns + column) of diagonal `offset` of a
/// rows x columns matrix.
SmallVector<double> diagonalPositions(int64_t rows, int64_t columns,
                                      int64_t offset) {
  SmallVector<double> positions;
  for (int64_t i = std::max<int64_t>(0, -offset),
               j = std::max<int64_t>(0, offset);
       i < rows && j < columns; ++i, ++j)
    positions.push_back(i * columns + j);
  return positions;
}

/// aten::diagonal(self, offset=0, dim1=0, dim2=1): the two dimensions
/// moved last and merged, then a gather; the diagonal is the last
/// dimension of the result.
LogicalResult convertDiagonal(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> offset = getOptionalInt(importer, node, 1, 0);
  FailureOr<int64_t> dim1 = getOptionalInt(importer, node, 2, 0);
  FailureOr<int64_t> dim2 = getOptionalInt(importer, node, 3, 1);
  if (failed(input) || failed(offset) || failed(dim1) || failed(dim2))
    return failure();
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(*input);
  int64_t rank = type.getRank();
  FailureOr<int64_t> a = normalizeDim(importer, node, *dim1, rank);
  FailureOr<int64_t> b = normalizeDim(importer, node, *dim2, rank);
  if (failed(a) || failed(b))
    return failure();
  if (*a == *b)
    return importer.emitNodeError(node, "dim1 and dim2 must differ");
  SmallVector<int64_t> order;
  for (int64_t i = 0; i < rank; ++i)
    if (i != *a && i != *b)
      order.push_back(i);
  SmallVector<int64_t> shape;
  for (int64_t i : order)
    shape.push_back(type.getDimSize(i));
  int64_t rows = type.getDimSize(*a), columns = type.getDimSize(*b);
  order.push_back(*a);
  order.push_back(*b);
  FailureOr<Value> moved = importer.create<TransposeOp>(loc, *input, order);
  if (failed(moved))
    return failure();
  SmallVector<int64_t> flat(shape);
  flat.push_back(rows * columns);
  FailureOr<Value> merged = importer.reshape(loc, *moved, flat);
  if (failed(merged))
    return failure();
  SmallVector<double> positions = diagonalPositions(rows, columns, *offset);
  Value indices = importer.numbers(
      loc,
      RankedTensorType::get({static_cast<int64_t>(positions.size())},
                            importer.getBuilder().getI64Type()),
      positions);
  return importer.mapResult(
      node, importer.create<GatherOp>(loc, *merged, indices,
                                      static_cast<int64_t>(shape.size())));
}

/// A matrix of side `size` whose diagonal `offset` holds `vector` along
/// the last dimension of `vector` (the rest of it zero): diag_embed.
FailureOr<Value> buildDiagonalMatrix(GraphImporter &importer, Location loc,
                                     Value vector, int64_t offset) {
  RankedTensorType type = getTensorType(vector);
  int64_t length = type.getShape().back();
  int64_t size = length + std::abs(offset);
  SmallVector<double> source, onDiagonal;
  for (int64_t i = 0; i < size; ++i)
    for (int64_t j = 0; j < size; ++j) {
      bool hit = j - i == offset;
      onDiagonal.push_back(hit);
      source.push_back(hit ? std::min(i, j) : 0);
    }
  Value indices = importer.numbers(
      loc, RankedTensorType::get({size, size}, importer.getBuilder().getI64Type()), source);
  Value mask = importer.numbers(
      loc,
      RankedTensorType::get({size, size},
                            IntegerType::get(importer.getContext(), 1)),
      onDiagonal);
  FailureOr<Value> spread =
      importer.create<GatherOp>(loc, vector, indices, type.getRank() - 1);
  if (failed(spread))
    return failure();
  return importer.create<WhereOp>(
      loc, mask, *spread, importer.scalar(loc, type.getElementType(), 0));
}

/// aten::diag(self, diagonal=0): a vector's diagonal matrix, or a
/// matrix's diagonal.
LogicalResult convertDiag(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> offset = getOptionalInt(importer, node, 1, 0);
  if (failed(input) || failed(offset))
    return failure();
  int64_t rank = getTensorType(*input).getRank();
  if (rank == 2)
    return convertDiagonal(importer, node);
  if (rank != 1)
    return importer.emitNodeError(node, "needs a 1-D or 2-D tensor");
  return importer.mapResult(node, buildDiagonalMatrix(importer,
                                                      importer.getLoc(node),
                                                      *input, *offset));
}

/// aten::diag_embed(self, offset=0, dim1=-2, dim2=-1).
LogicalResult convertDiagEmbed(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> offset = getOptionalInt(importer, node, 1, 0);
  FailureOr<int64_t> dim1 = getOptionalInt(importer, node, 2, -2);
  FailureOr<int64_t> dim2 = getOptionalInt(importer, node, 3, -1);
  if (failed(input) || failed(offset) || failed(dim1) || failed(dim2))
    return failure();
  int64_t rank = getTensorType(*input).getRank() + 1;
  int64_t a = *dim1 < 0 ? *dim1 + rank : *dim1;
  int64_t b = *dim2 < 0 ? *dim2 + rank : *dim2;
  if (a != rank - 2 || b != rank - 1)
    return importer.emitNodeError(node, "supports only the last two "
                                        "dimensions (dim1=-2, dim2=-1)");
  if (rank < 2)
    return importer.emitNodeError(node, "needs a tensor of rank >= 1");
  return importer.mapResult(node, buildDiagonalMatrix(importer,
                                                      importer.getLoc(node),
                                                      *input, *offset));
}

/// aten::as_strided(self, size, stride, storage_offset=None): a gather of
/// the flattened input at the positions the strides give. The input is
/// read as if it were contiguous, which is what mdf's tensors are.
LogicalResult convertAsStrided(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<int64_t>> sizes = importer.getIntList(node, 1);
  FailureOr<SmallVector<int64_t>> strides = importer.getIntList(node, 2);
  FailureOr<int64_t> offset = getOptionalInt(importer, node, 3, 0);
  if (failed(input) || failed(sizes) || failed(strides) || failed(offset))
    return failure();
  if (sizes->size() != strides->size())
    return importer.emitNodeError(node, "size and stride differ in length");
  RankedTensorType type = getTensorType(*input);
  if (!type.hasStaticShape())
    return importer.emitNodeError(node, "needs a static shape");
  int64_t count = 1;
  for (int64_t size : *sizes) {
    if (size < 0)
      return importer.emitNodeError(node, "sizes must be >= 0");
    count *= size;
  }
  if (count > (int64_t(1) << 24))
    return importer.emitNodeError(node, "the result is too large to index "
                                        "with constants");
  SmallVector<double> positions(count, *offset);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t rest = flat;
    for (int64_t d = sizes->size() - 1; d >= 0; --d) {
      positions[flat] += (rest % (*sizes)[d]) * (*strides)[d];
      rest /= (*sizes)[d];
    }
  }
  int64_t numel = type.getNumElements();
  for (double position : positions)
    if (position < 0 || position >= numel)
      return importer.emitNodeError(
          node, "reads element " + Twine(int64_t(position)) +
                    " of a tensor of " + Twine(numel) + " elements");
  Location loc = importer.getLoc(node);
  FailureOr<Value> flat =
      importer.reshape(loc, *input, ArrayRef<int64_t>{numel});
  if (failed(flat))
    return failure();
  Value indices = importer.numbers(
      loc, RankedTensorType::get(*sizes, importer.getBuilder().getI64Type()), positions);
  return importer.mapResult(node,
                            importer.create<GatherOp>(loc, *flat, indices, 0));
}


/// aten::fill_(self, value) and aten::copy_(self, src): `value` (a number
/// or a tensor) converted to self's type and broadcast to its shape.
LogicalResult convertFill(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  RankedTensorType type = getTensorType(*input);
  FailureOr<Value> value = importer.getTensorAs(node, 1, type.getElementType());
  if (failed(value))
    return failure();
  return importer.mapResult(
      node, importer.create<ExpandOp>(importer.getLoc(node), *value,
                                      type.getShape()));
}

/// aten::zero_(self).
LogicalResult convertZero(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  importer.mapTensor(node->output(),
                     importer.splat(importer.getLoc(node),
                                    getTensorType(*input), 0));
  return success();
}

} // namespace

void mlir::mdf::torchscript::addViewConverters(ConverterMap &map) {
  map["aten::slice_scatter"] = convertSliceScatter;
  map["aten::select_scatter"] = convertSelectScatter;
  map["aten::triu"] = convertTriangle<true>;
  map["aten::triu_"] = convertTriangle<true>;
  map["aten::tril"] = convertTriangle<false>;
  map["aten::tril_"] = convertTriangle<false>;
  map["aten::diagonal"] = convertDiagonal;
  map["aten::diag"] = convertDiag;
  map["aten::diag_embed"] = convertDiagEmbed;
  map["aten::as_strided"] = convertAsStrided;
  map["aten::fill_"] = convertFill;
  map["aten::copy_"] = convertFill;
  map["aten::zero_"] = convertZero;
}
