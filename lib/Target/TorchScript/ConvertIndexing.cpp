//===- ConvertIndexing.cpp - gather, scatter and advanced indexing --------===//
//
// This file implements the converters of aten's data-dependent indexing:
// gather, scatter (and scatter_add, scatter_reduce) and advanced indexing
// (`x[idx]`, `x[idx] = v`: index and index_put).
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <limits>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {

/// The numpy broadcast of `shapes`, or failure.
FailureOr<SmallVector<int64_t>> broadcast(ArrayRef<SmallVector<int64_t>> shapes) {
  size_t rank = 0;
  for (const SmallVector<int64_t> &shape : shapes)
    rank = std::max(rank, shape.size());
  SmallVector<int64_t> result(rank, 1);
  for (const SmallVector<int64_t> &shape : shapes)
    for (size_t i = 0; i < shape.size(); ++i) {
      int64_t &slot = result[rank - shape.size() + i];
      int64_t size = shape[i];
      if (size == slot || size == 1)
        continue;
      if (slot != 1)
        return failure();
      slot = size;
    }
  return result;
}

/// `tensor` with its negative entries counted from the back of a dimension
/// of `size`, as a tensor of i64.
FailureOr<Value> wrapNegative(GraphImporter &importer, Location loc,
                              Value tensor, int64_t size) {
  FailureOr<Value> index = importer.castTo(loc, tensor, importer.getBuilder().getI64Type());
  if (failed(index))
    return failure();
  Value zero = importer.scalar(loc, importer.getBuilder().getI64Type(), 0);
  FailureOr<Value> negative =
      importer.create<CompareOp>(loc, ComparisonPredicate::lt, *index, zero);
  FailureOr<Value> shifted = importer.create<AddOp>(
      loc, *index, importer.scalar(loc, importer.getBuilder().getI64Type(), size));
  if (failed(negative) || failed(shifted))
    return failure();
  return importer.create<WhereOp>(loc, *negative, *shifted, *index);
}

/// The update operand of a scatter: a tensor (converted to the input's
/// element type) or a number (broadcast to the shape of the indices).
FailureOr<Value> getScatterSource(GraphImporter &importer, jit::Node *node,
                                  unsigned operand, Type elementType,
                                  ArrayRef<int64_t> indexShape) {
  Location loc = importer.getLoc(node);
  const ImportedValue *value = importer.lookup(node->input(operand));
  if (value && value->kind == ImportedValue::Kind::Tensor &&
      !value->isNumber) {
    FailureOr<Value> source = importer.castTo(loc, value->tensor, elementType);
    if (failed(source))
      return failure();
    return atLeast1D(importer, loc, *source);
  }
  FailureOr<Value> number = importer.getTensorAs(node, operand, elementType);
  if (failed(number))
    return failure();
  return importer.create<ExpandOp>(loc, *number, indexShape);
}
//===----------------------------------------------------------------------===//
// gather / scatter
//===----------------------------------------------------------------------===//

/// aten::gather(self, dim, index, sparse_grad=False).
LogicalResult convertGather(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  FailureOr<Value> index = importer.getTensor(node, 2);
  if (failed(input) || failed(dim) || failed(index))
    return failure();
  Location loc = importer.getLoc(node);
  int64_t rank = getTensorType(*input).getRank();
  FailureOr<int64_t> axis = normalizeDim(importer, node, *dim, std::max<int64_t>(rank, 1));
  FailureOr<Value> data = atLeast1D(importer, loc, *input);
  FailureOr<Value> indices = atLeast1D(importer, loc, *index);
  if (failed(axis) || failed(data) || failed(indices))
    return failure();
  FailureOr<Value> gathered =
      importer.create<GatherElementsOp>(loc, *data, *indices, *axis);
  if (failed(gathered))
    return failure();
  return importer.mapResult(node, likeRank(importer, loc, *gathered, *index));
}

/// A scatter of `updates` into `input` at `indices` along `axis` (all
/// already at least 1-D) with `reduction`, PyTorch's `include_self` and its
/// `mean`.
FailureOr<Value> buildScatter(GraphImporter &importer, Location loc,
                              Value input, Value indices, Value updates,
                              int64_t axis, StringRef reduce,
                              bool includeSelf) {
  RankedTensorType type = getTensorType(input);
  Type elementType = type.getElementType();
  ArrayRef<int64_t> indexShape = getTensorType(indices).getShape();
  auto scatter = [&](Value into, Value values,
                     ScatterReduction reduction) -> FailureOr<Value> {
    return importer.create<ScatterElementsOp>(loc, into, indices, values, axis,
                                              reduction);
  };
  auto identityFill = [&](double value) {
    return importer.splat(
        loc, RankedTensorType::get(indexShape, elementType), value);
  };
  // The identity of max and min on integers is the extreme of the type,
  // which a double does not hold exactly.
  auto extremeFill = [&](bool highest) -> Value {
    auto fillType = RankedTensorType::get(indexShape, elementType);
    unsigned width = elementType.getIntOrFloatBitWidth();
    APInt extreme = elementType.isInteger(1)
                        ? APInt(1, highest ? 1 : 0)
                        : (highest ? APInt::getSignedMaxValue(width)
                                   : APInt::getSignedMinValue(width));
    return ConstantOp::create(importer.getBuilder(), loc,
                              DenseElementsAttr::get(fillType, extreme));
  };
  if (reduce == "mean") {
    // sum / count, where count counts the updates (and the element itself
    // with include_self); an element nothing lands on keeps its value.
    Value start = input;
    if (!includeSelf) {
      FailureOr<Value> cleared =
          scatter(input, identityFill(0), ScatterReduction::none);
      if (failed(cleared))
        return failure();
      start = *cleared;
    }
    FailureOr<Value> sum = scatter(start, updates, ScatterReduction::add);
    Type countType = isa<FloatType>(elementType) ? elementType
                                                 : importer.getBuilder().getI64Type();
    Value counts = importer.splat(loc, RankedTensorType::get(type.getShape(),
                                                             countType),
                                  includeSelf ? 1 : 0);
    FailureOr<Value> count = importer.create<ScatterElementsOp>(
        loc, counts,
        indices,
        importer.splat(loc, RankedTensorType::get(indexShape, countType), 1),
        axis, ScatterReduction::add);
    if (failed(sum) || failed(count))
      return failure();
    Value zero = importer.scalar(loc, countType, 0);
    FailureOr<Value> touched =
        importer.create<CompareOp>(loc, ComparisonPredicate::gt, *count, zero);
    FailureOr<Value> safeCount = importer.create<MaximumOp>(
        loc, *count, importer.scalar(loc, countType, 1));
    if (failed(touched) || failed(safeCount))
      return failure();
    FailureOr<Value> divisor = importer.castTo(loc, *safeCount, elementType);
    if (failed(divisor))
      return failure();
    // Integer means round down, as PyTorch's do.
    FailureOr<Value> mean =
        isa<FloatType>(elementType)
            ? importer.create<DivOp>(loc, *sum, *divisor)
            : buildFloorDivide(importer, loc, *sum, *divisor);
    if (failed(mean))
      return failure();
    return importer.create<WhereOp>(loc, *touched, *mean, input);
  }
  ScatterReduction reduction;
  double identity;
  if (reduce == "none") {
    reduction = ScatterReduction::none;
    identity = 0;
  } else if (reduce == "sum" || reduce == "add") {
    reduction = ScatterReduction::add;
    identity = 0;
  } else if (reduce == "prod" || reduce == "multiply") {
    reduction = ScatterReduction::mul;
    identity = 1;
  } else if (reduce == "amax") {
    reduction = ScatterReduction::max;
    identity = -std::numeric_limits<double>::infinity();
  } else if (reduce == "amin") {
    reduction = ScatterReduction::min;
    identity = std::numeric_limits<double>::infinity();
  } else {
    return emitError(loc) << "unknown scatter reduction '" << reduce
                          << "' (sum, prod, mean, amax, amin)";
  }
  Value start = input;
  if (!includeSelf && reduction != ScatterReduction::none) {
    bool isExtreme = reduction == ScatterReduction::max ||
                     reduction == ScatterReduction::min;
    Value fill = isExtreme && !isa<FloatType>(elementType)
                     ? extremeFill(reduction == ScatterReduction::min)
                     : identityFill(identity);
    FailureOr<Value> cleared = scatter(input, fill, ScatterReduction::none);
    if (failed(cleared))
      return failure();
    start = *cleared;
  }
  return scatter(start, updates, reduction);
}

/// aten::scatter(self, dim, index, src|value[, reduce]), scatter_add and
/// scatter_reduce(self, dim, index, src, reduce, include_self=True), and
/// their in-place forms.
LogicalResult convertScatter(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  FailureOr<Value> index = importer.getTensor(node, 2);
  if (failed(input) || failed(dim) || failed(index))
    return failure();
  Location loc = importer.getLoc(node);
  StringRef kind = node->kind().toQualString();
  kind.consume_back("_");
  std::string reduce = "none";
  bool includeSelf = true;
  if (kind == "aten::scatter_add") {
    reduce = "sum";
  } else if (std::optional<unsigned> at = findArgument(node, "reduce")) {
    const ImportedValue *value = importer.lookup(node->input(*at));
    if (!value || value->kind != ImportedValue::Kind::String)
      return importer.emitNodeError(node, "reduce must be a constant string");
    reduce = value->string;
  }
  if (std::optional<unsigned> at = findArgument(node, "include_self")) {
    FailureOr<bool> flag = importer.getBool(node, *at);
    if (failed(flag))
      return failure();
    includeSelf = *flag;
  }
  int64_t rank = getTensorType(*input).getRank();
  FailureOr<int64_t> axis = normalizeDim(importer, node, *dim, std::max<int64_t>(rank, 1));
  FailureOr<Value> data = atLeast1D(importer, loc, *input);
  FailureOr<Value> indices = atLeast1D(importer, loc, *index);
  if (failed(axis) || failed(data) || failed(indices))
    return failure();
  FailureOr<Value> updates =
      getScatterSource(importer, node, 3, getTensorType(*input).getElementType(),
                       getTensorType(*indices).getShape());
  if (failed(updates))
    return failure();
  FailureOr<Value> result = buildScatter(importer, loc, *data, *indices,
                                         *updates, *axis, reduce, includeSelf);
  if (failed(result))
    return failure();
  return importer.mapResult(node, likeRank(importer, loc, *result, *input));
}

//===----------------------------------------------------------------------===//
// Advanced indexing: x[i, j] and x[i, j] = v
//===----------------------------------------------------------------------===//

/// The tensors of an `indices` list (`Tensor?[]`), moved so that they index
/// adjacent dimensions starting at `first`, broadcast to one shape and
/// combined into one i64 index over the merged dimensions of `data`.
struct LinearIndex {
  Value data;            ///< the input with the indexed dimensions merged
  Value index;           ///< i64, shape `indexShape`
  int64_t first = 0;     ///< the merged dimension
  SmallVector<int64_t> permutation; ///< applied to the input (empty: none)
  SmallVector<int64_t> permutedShape; ///< the input's shape after it
  SmallVector<int64_t> indexShape;
};

/// The optional index tensors of operand `operand`: null for None. A bool
/// index is refused unless `allowBool`.
FailureOr<SmallVector<Value>> getIndexList(GraphImporter &importer,
                                           jit::Node *node, unsigned operand) {
  const ImportedValue *list = importer.lookup(node->input(operand));
  if (!list || list->kind != ImportedValue::Kind::List)
    return importer.emitNodeError(node, "indices must be a list of tensors");
  SmallVector<Value> indices;
  for (const ImportedValue &element : list->elements) {
    if (element.kind == ImportedValue::Kind::None) {
      indices.push_back(Value());
      continue;
    }
    if (element.kind != ImportedValue::Kind::Tensor)
      return importer.emitNodeError(node, "indices must be tensors or None");
    indices.push_back(element.tensor);
  }
  return indices;
}

FailureOr<LinearIndex> buildLinearIndex(GraphImporter &importer,
                                        jit::Node *node, Value input,
                                        ArrayRef<Value> indices) {
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(input);
  int64_t rank = type.getRank();
  if (static_cast<int64_t>(indices.size()) > rank)
    return importer.emitNodeError(node, "too many indices (" +
                                            Twine(indices.size()) +
                                            ") for a tensor of rank " +
                                            Twine(rank));
  SmallVector<int64_t> positions;
  SmallVector<SmallVector<int64_t>> shapes;
  for (auto [dim, index] : llvm::enumerate(indices)) {
    if (!index)
      continue;
    Type elementType = getTensorType(index).getElementType();
    if (elementType.isInteger(1))
      return importer.emitNodeError(
          node, "indexing with a boolean mask gives a shape known only at "
                "run time; use torch.where or masked_fill");
    if (!isa<IntegerType>(elementType))
      return importer.emitNodeError(node, "indices must be integer tensors");
    positions.push_back(dim);
    shapes.emplace_back(getTensorType(index).getShape());
  }
  if (positions.empty())
    return importer.emitNodeError(node, "indexing needs an index tensor");
  FailureOr<SmallVector<int64_t>> indexShape = broadcast(shapes);
  if (failed(indexShape))
    return importer.emitNodeError(node, "the index tensors do not broadcast "
                                        "to one shape");
  LinearIndex result;
  result.indexShape = *indexShape;
  // Indexed dimensions that are not adjacent go first, and so do their
  // results (PyTorch's rule).
  bool adjacent = positions.back() - positions.front() + 1 ==
                  static_cast<int64_t>(positions.size());
  Value data = input;
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<Value> indexTensors;
  for (int64_t position : positions)
    indexTensors.push_back(indices[position]);
  if (!adjacent) {
    SmallVector<int64_t> order(positions);
    for (int64_t i = 0; i < rank; ++i)
      if (!llvm::is_contained(positions, i))
        order.push_back(i);
    FailureOr<Value> moved = importer.create<TransposeOp>(loc, data, order);
    if (failed(moved))
      return failure();
    data = *moved;
    result.permutation = order;
    shape = SmallVector<int64_t>(getTensorType(data).getShape());
    for (size_t i = 0; i < positions.size(); ++i)
      positions[i] = i;
  }
  result.permutedShape = shape;
  int64_t first = positions.front(), count = positions.size();
  // index = sum_k wrap(i_k) * stride_k over the indexed dimensions.
  Value linear;
  int64_t stride = 1;
  for (int64_t k = count - 1; k >= 0; --k) {
    int64_t size = shape[first + k];
    FailureOr<Value> wrapped =
        wrapNegative(importer, loc, indexTensors[k], size);
    if (failed(wrapped))
      return failure();
    Value term = *wrapped;
    if (stride != 1) {
      FailureOr<Value> scaled = importer.create<MulOp>(
          loc, term, importer.scalar(loc, importer.getBuilder().getI64Type(), stride));
      if (failed(scaled))
        return failure();
      term = *scaled;
    }
    if (linear) {
      FailureOr<Value> sum = importer.create<AddOp>(loc, linear, term);
      if (failed(sum))
        return failure();
      term = *sum;
    }
    linear = term;
    stride *= size;
  }
  FailureOr<Value> expanded =
      importer.create<ExpandOp>(loc, linear, result.indexShape);
  if (failed(expanded))
    return failure();
  SmallVector<int64_t> merged(shape.begin(), shape.begin() + first);
  merged.push_back(stride);
  merged.append(shape.begin() + first + count, shape.end());
  FailureOr<Value> mergedData =
      importer.reshape(loc, data, merged);
  if (failed(mergedData))
    return failure();
  result.data = *mergedData;
  result.index = *expanded;
  result.first = first;
  return result;
}

/// aten::index(self, indices): `x[i]`, `x[:, i]`, `x[i, j]` with integer
/// index tensors.
LogicalResult convertIndex(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<Value>> indices = getIndexList(importer, node, 1);
  if (failed(input) || failed(indices))
    return failure();
  FailureOr<LinearIndex> linear =
      buildLinearIndex(importer, node, *input, *indices);
  if (failed(linear))
    return failure();
  return importer.mapResult(
      node, importer.create<GatherOp>(importer.getLoc(node), linear->data,
                                      linear->index, linear->first));
}

/// `x[mask] = v` where `mask` covers the leading dimensions of `x` and `v`
/// broadcasts to one selected element: a `where`.
LogicalResult convertMaskedIndexPut(GraphImporter &importer, jit::Node *node,
                                    Value input, Value mask, Value values,
                                    bool accumulate) {
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(input);
  ArrayRef<int64_t> maskShape = getTensorType(mask).getShape();
  ArrayRef<int64_t> shape = type.getShape();
  if (maskShape.size() > shape.size() ||
      maskShape != shape.take_front(maskShape.size()))
    return importer.emitNodeError(node, "a boolean index must have the shape "
                                        "of the leading dimensions it "
                                        "indexes");
  // v must not depend on how many elements the mask selects.
  ArrayRef<int64_t> valueShape = getTensorType(values).getShape();
  ArrayRef<int64_t> rest = shape.drop_front(maskShape.size());
  bool broadcastsToOne =
      valueShape.size() <= rest.size() + 1 &&
      (valueShape.size() <= rest.size() || valueShape.front() == 1);
  ArrayRef<int64_t> valueTail =
      valueShape.size() > rest.size() ? valueShape.drop_front() : valueShape;
  for (size_t i = 0; broadcastsToOne && i < valueTail.size(); ++i) {
    int64_t want = rest[rest.size() - valueTail.size() + i];
    broadcastsToOne = valueTail[i] == 1 || valueTail[i] == want;
  }
  if (!broadcastsToOne)
    return importer.emitNodeError(
        node, "assigning a tensor through a boolean mask needs as many "
              "values as the mask selects, known only at run time; assign "
              "one value or use torch.where");
  SmallVector<int64_t> maskBroadcast(maskShape);
  maskBroadcast.append(rest.size(), 1);
  FailureOr<Value> condition =
      importer.reshape(loc, mask, maskBroadcast);
  SmallVector<int64_t> valueBroadcast(valueTail);
  FailureOr<Value> value = importer.reshape(loc, values,
                                                      valueBroadcast);
  if (failed(condition) || failed(value))
    return failure();
  Value replacement = *value;
  if (accumulate) {
    FailureOr<Value> sum = importer.create<AddOp>(loc, input, *value);
    if (failed(sum))
      return failure();
    replacement = *sum;
  }
  return importer.mapResult(
      node, importer.create<WhereOp>(loc, *condition, replacement, input));
}

/// aten::index_put(self, indices, values, accumulate=False), its in-place
/// form and _index_put_impl_: `x[i, j] = v`, `x[i] += v`, `x[mask] = v`.
LogicalResult convertIndexPut(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<Value>> indices = getIndexList(importer, node, 1);
  FailureOr<Value> rawValues = importer.getTensor(node, 2);
  FailureOr<bool> accumulate = importer.getBool(node, 3);
  if (failed(input) || failed(indices) || failed(rawValues) ||
      failed(accumulate))
    return failure();
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(*input);
  FailureOr<Value> values =
      importer.castTo(loc, *rawValues, type.getElementType());
  if (failed(values))
    return failure();
  if (indices->size() == 1 && (*indices)[0] &&
      getTensorType((*indices)[0]).getElementType().isInteger(1))
    return convertMaskedIndexPut(importer, node, *input, (*indices)[0],
                                 *values, *accumulate);
  FailureOr<LinearIndex> linear =
      buildLinearIndex(importer, node, *input, *indices);
  if (failed(linear))
    return failure();
  // Scatter rows: the index flattened to one dimension, broadcast over the
  // dimensions before and after it, with the values laid out the same way.
  ArrayRef<int64_t> shape = linear->permutedShape;
  int64_t first = linear->first;
  int64_t count = 1;
  for (int64_t size : linear->indexShape)
    count *= size;
  int64_t indexed = shape.size() - getTensorType(linear->data).getRank() + 1;
  SmallVector<int64_t> before(shape.begin(), shape.begin() + first);
  SmallVector<int64_t> after(shape.begin() + first + indexed, shape.end());
  SmallVector<int64_t> gatheredShape(before);
  llvm::append_range(gatheredShape, linear->indexShape);
  llvm::append_range(gatheredShape, after);
  SmallVector<int64_t> rowsShape(before);
  rowsShape.push_back(count);
  llvm::append_range(rowsShape, after);
  SmallVector<int64_t> indexView(before.size(), 1);
  indexView.push_back(count);
  indexView.append(after.size(), 1);

  // With non-adjacent indices (`x[i, :, j] = v`) v is laid out as the read
  // `x[i, :, j]` would give it: the index dimensions first, which is the
  // permuted layout.
  FailureOr<Value> fullValues =
      importer.create<ExpandOp>(loc, *values, gatheredShape);
  if (failed(fullValues))
    return failure();
  FailureOr<Value> rows = importer.reshape(loc, *fullValues,
                                                     rowsShape);
  FailureOr<Value> flatIndex =
      importer.reshape(loc, linear->index, indexView);
  if (failed(rows) || failed(flatIndex))
    return failure();
  FailureOr<Value> rowIndex =
      importer.create<ExpandOp>(loc, *flatIndex, rowsShape);
  if (failed(rowIndex))
    return failure();
  FailureOr<Value> scattered = importer.create<ScatterElementsOp>(
      loc, linear->data, *rowIndex, *rows, first,
      *accumulate ? ScatterReduction::add : ScatterReduction::none);
  if (failed(scattered))
    return failure();
  FailureOr<Value> unmerged = importer.reshape(loc, *scattered,
                                                         shape);
  if (failed(unmerged))
    return failure();
  if (linear->permutation.empty())
    return importer.mapResult(node, *unmerged);
  SmallVector<int64_t> inverse(linear->permutation.size());
  for (auto [i, source] : llvm::enumerate(linear->permutation))
    inverse[source] = i;
  return importer.mapResult(node,
                            importer.create<TransposeOp>(loc, *unmerged,
                                                         inverse));
}

} // namespace

void mlir::mdf::torchscript::addIndexingConverters(ConverterMap &map) {
  map["aten::gather"] = convertGather;
  for (StringRef name :
       {"aten::scatter", "aten::scatter_", "aten::scatter_add",
        "aten::scatter_add_", "aten::scatter_reduce", "aten::scatter_reduce_"})
    map[name] = convertScatter;
  map["aten::index"] = convertIndex;
  map["aten::index_put"] = convertIndexPut;
  map["aten::index_put_"] = convertIndexPut;
  map["aten::_index_put_impl_"] = convertIndexPut;
}
