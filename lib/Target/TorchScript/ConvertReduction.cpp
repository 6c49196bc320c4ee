//===- ConvertReduction.cpp - reductions built from mdf reductions --------===//
//
// This file implements the converters of aten's reductions beyond sum,
// mean, amax and amin (ConvertNeuralNet.cpp): all, any, count_nonzero,
// max/min (with their indices), argmax/argmin, var, std, vector norms and
// the running reductions (cumsum, cumprod, cummax, cummin).
// Indices of extremes are found as the smallest index whose element equals
// the extreme, which is PyTorch's "first occurrence" rule.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {


/// The dimensions a reduction runs over (empty: all) and keepdim, read
/// from the schema's `dim` and `keepdim` arguments.
struct ReduceArgs {
  SmallVector<int64_t> dims;
  bool keepDims = false;
  bool hasDim = false;
};

FailureOr<ReduceArgs> getReduceArgs(GraphImporter &importer, jit::Node *node) {
  ReduceArgs args;
  if (std::optional<unsigned> dim = findArgument(node, "dim"))
    if (!importer.isNone(node, *dim)) {
      FailureOr<SmallVector<int64_t>> dims = importer.getIntList(node, *dim);
      if (failed(dims))
        return failure();
      args.dims = *dims;
      args.hasDim = true;
    }
  if (std::optional<unsigned> keep = findArgument(node, "keepdim")) {
    FailureOr<bool> keepDims = importer.getBool(node, *keep);
    if (failed(keepDims))
      return failure();
    args.keepDims = *keepDims;
  }
  return args;
}

/// aten::all/any(x[, dim, keepdim]): booleans reduced by min/max.
template <typename OpTy>
LogicalResult convertAllAny(GraphImporter &importer, jit::Node *node) {
  // all()/any() of a list of bools known at compile time.
  const ImportedValue *operand = importer.lookup(node->input(0));
  if (operand && operand->kind == ImportedValue::Kind::List) {
    bool isAll = std::is_same_v<OpTy, ReduceMinOp>;
    bool result = isAll;
    for (const ImportedValue &element : operand->elements) {
      if (element.kind != ImportedValue::Kind::Bool)
        return importer.emitNodeError(
            node, "needs a tensor or a list of bools known at compile time");
      result = isAll ? result && element.boolValue : result || element.boolValue;
    }
    importer.map(node->output(), ImportedValue::ofBool(result));
    return success();
  }
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<ReduceArgs> args = getReduceArgs(importer, node);
  if (failed(input) || failed(args))
    return failure();
  Location loc = importer.getLoc(node);
  FailureOr<Value> truth =
      importer.castTo(loc, *input, IntegerType::get(importer.getContext(), 1));
  if (failed(truth))
    return failure();
  return importer.mapResult(
      node, importer.create<OpTy>(loc, *truth, args->dims, args->keepDims));
}

/// aten::count_nonzero(x[, dim]): the number of nonzero elements, as i64.
LogicalResult convertCountNonzero(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<ReduceArgs> args = getReduceArgs(importer, node);
  if (failed(input) || failed(args))
    return failure();
  Location loc = importer.getLoc(node);
  MLIRContext *context = importer.getContext();
  FailureOr<Value> truth =
      importer.castTo(loc, *input, IntegerType::get(context, 1));
  if (failed(truth))
    return failure();
  FailureOr<Value> counts =
      importer.castTo(loc, *truth, IntegerType::get(context, 64));
  if (failed(counts))
    return failure();
  return importer.mapResult(node, importer.create<ReduceSumOp>(
                                      loc, *counts, args->dims, false));
}

/// The first index along `dim` where `input` equals `extreme` (which has
/// `dim` kept as size 1), as i64; `keepDims` keeps `dim` in the result.
FailureOr<Value> firstIndexOf(GraphImporter &importer, Location loc,
                              Value input, Value extreme, int64_t dim,
                              bool keepDims) {
  RankedTensorType type = getTensorType(input);
  int64_t size = type.getDimSize(dim);
  Type i64 = IntegerType::get(importer.getContext(), 64);
  FailureOr<Value> iota = importer.iotaAlong(loc, input, dim);
  if (failed(iota))
    return failure();
  // Where no element is the extreme (never, but for an empty dimension).
  int64_t none = ShapedType::isDynamic(size)
                     ? (int64_t(1) << 62)
                     : size;
  FailureOr<Value> isExtreme =
      importer.create<CompareOp>(loc, ComparisonPredicate::eq, input, extreme);
  if (failed(isExtreme))
    return failure();
  // NaN is the extreme when there is one: it never equals itself.
  if (isa<FloatType>(type.getElementType())) {
    FailureOr<Value> isNaN =
        importer.create<CompareOp>(loc, ComparisonPredicate::ne, input, input);
    if (failed(isNaN))
      return failure();
    isExtreme = importer.create<MaximumOp>(loc, *isExtreme, *isNaN);
    if (failed(isExtreme))
      return failure();
  }
  FailureOr<Value> candidates = importer.create<WhereOp>(
      loc, *isExtreme, *iota, importer.scalar(loc, i64, none));
  if (failed(candidates))
    return failure();
  return importer.create<ReduceMinOp>(loc, *candidates,
                                      ArrayRef<int64_t>{dim}, keepDims);
}

/// The extreme (max or min) of `input` along `dim`, kept as size 1. With
/// NaNs the extreme is NaN, as in PyTorch.
template <typename ReduceOpTy>
FailureOr<Value> extremeAlong(GraphImporter &importer, Location loc,
                              Value input, int64_t dim) {
  return importer.create<ReduceOpTy>(loc, input, ArrayRef<int64_t>{dim},
                                     /*keep_dims=*/true);
}

FailureOr<int64_t> normalizedDim(GraphImporter &importer, jit::Node *node,
                                 int64_t dim, int64_t rank) {
  int64_t bound = std::max<int64_t>(rank, 1);
  if (dim < -bound || dim >= bound)
    return importer.emitNodeError(node, "dimension " + Twine(dim) +
                                            " is out of range for rank " +
                                            Twine(rank));
  return dim < 0 ? dim + bound : dim;
}

/// aten::max/min(x) (everything), max/min(x, dim, keepdim) (values and
/// indices) and max/min(x, y) (elementwise, as maximum/minimum).
template <typename ReduceOpTy, typename ElementwiseOpTy>
LogicalResult convertMaxMin(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  Location loc = importer.getLoc(node);
  if (node->inputs().size() == 1)
    return importer.mapResult(
        node, importer.create<ReduceOpTy>(loc, *input, ArrayRef<int64_t>{},
                                          false));
  const ImportedValue *second = importer.lookup(node->input(1));
  if (second && second->kind == ImportedValue::Kind::Tensor) {
    const ImportedValue *first = importer.lookup(node->input(0));
    Type elementType =
        resultElementType(importer.getContext(), {first, second});
    FailureOr<Value> a = importer.getTensorAs(node, 0, elementType);
    FailureOr<Value> b = importer.getTensorAs(node, 1, elementType);
    if (failed(a) || failed(b))
      return failure();
    return importer.mapResult(node,
                              importer.create<ElementwiseOpTy>(loc, *a, *b));
  }
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  FailureOr<bool> keepDims = importer.getBool(node, 2);
  if (failed(dim) || failed(keepDims))
    return failure();
  int64_t rank = getTensorType(*input).getRank();
  if (rank == 0) { // a 0-D tensor is its own extreme, at index 0
    importer.mapTensor(node->output(0), *input);
    importer.mapTensor(node->output(1),
                       importer.scalar(loc, IntegerType::get(
                                                importer.getContext(), 64), 0));
    return success();
  }
  FailureOr<int64_t> axis = normalizedDim(importer, node, *dim, rank);
  if (failed(axis))
    return failure();
  FailureOr<Value> extreme =
      extremeAlong<ReduceOpTy>(importer, loc, *input, *axis);
  if (failed(extreme))
    return failure();
  FailureOr<Value> values = *keepDims
                                ? *extreme
                                : importer.create<ReduceOpTy>(
                                      loc, *input, ArrayRef<int64_t>{*axis},
                                      false);
  FailureOr<Value> indices =
      firstIndexOf(importer, loc, *input, *extreme, *axis, *keepDims);
  if (failed(values) || failed(indices))
    return failure();
  importer.mapTensor(node->output(0), *values);
  importer.mapTensor(node->output(1), *indices);
  return success();
}

/// aten::argmax/argmin(x, dim=None, keepdim=False).
template <typename ReduceOpTy>
LogicalResult convertArgExtreme(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<ReduceArgs> args = getReduceArgs(importer, node);
  if (failed(input) || failed(args))
    return failure();
  Location loc = importer.getLoc(node);
  Value x = *input;
  int64_t rank = getTensorType(x).getRank();
  int64_t axis = 0;
  if (!args->hasDim || rank == 0) {
    // Over the flattened tensor.
    FailureOr<Value> flat =
        importer.reshape(loc, x, ArrayRef<int64_t>{-1});
    if (failed(flat))
      return failure();
    x = *flat;
  } else {
    FailureOr<int64_t> dim =
        normalizedDim(importer, node, args->dims.front(), rank);
    if (failed(dim))
      return failure();
    axis = *dim;
  }
  FailureOr<Value> extreme = extremeAlong<ReduceOpTy>(importer, loc, x, axis);
  if (failed(extreme))
    return failure();
  bool keep = args->hasDim && args->keepDims && rank > 0;
  FailureOr<Value> index = firstIndexOf(importer, loc, x, *extreme, axis, keep);
  if (failed(index))
    return failure();
  if (!args->hasDim && args->keepDims && rank > 0) {
    SmallVector<int64_t> ones(rank, 1);
    index = importer.reshape(loc, *index, ones);
  }
  return importer.mapResult(node, index);
}

/// The `correction` of var/std: `unbiased` (bool) or `correction` (int).
FailureOr<double> getCorrection(GraphImporter &importer, jit::Node *node) {
  if (std::optional<unsigned> index = findArgument(node, "unbiased")) {
    FailureOr<bool> unbiased = importer.getBool(node, *index);
    if (failed(unbiased))
      return failure();
    return *unbiased ? 1.0 : 0.0;
  }
  if (std::optional<unsigned> index = findArgument(node, "correction"))
    if (!importer.isNone(node, *index))
      return importer.getFloat(node, *index);
  return 1.0;
}

/// aten::var/std(x, dim, unbiased | correction, keepdim):
/// sum((x - mean)^2) / (N - correction), and its square root.
template <bool isStd>
LogicalResult convertVariance(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getFloatTensor(node, 0);
  FailureOr<ReduceArgs> args = getReduceArgs(importer, node);
  FailureOr<double> correction = getCorrection(importer, node);
  if (failed(input) || failed(args) || failed(correction))
    return failure();
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(*input);
  int64_t rank = type.getRank();
  SmallVector<int64_t> dims = args->dims;
  if (dims.empty())
    for (int64_t d = 0; d < rank; ++d)
      dims.push_back(d);
  int64_t count = 1;
  bool dynamicCount = false;
  for (int64_t &dim : dims) {
    FailureOr<int64_t> axis = normalizedDim(importer, node, dim, rank);
    if (failed(axis))
      return failure();
    dim = rank == 0 ? 0 : *axis;
    if (rank > 0) {
      if (type.isDynamicDim(dim))
        dynamicCount = true;
      else
        count *= type.getDimSize(dim);
    }
  }
  if (rank == 0)
    dims.clear();
  Type elementType = type.getElementType();
  FailureOr<Value> mean =
      importer.create<ReduceMeanOp>(loc, *input, dims, /*keep_dims=*/true);
  if (failed(mean))
    return failure();
  FailureOr<Value> centered = importer.create<SubOp>(loc, *input, *mean);
  if (failed(centered))
    return failure();
  FailureOr<Value> squares = importer.create<MulOp>(loc, *centered, *centered);
  if (failed(squares))
    return failure();
  FailureOr<Value> sum =
      importer.create<ReduceSumOp>(loc, *squares, dims, args->keepDims);
  if (failed(sum))
    return failure();
  // N - correction <= 0 gives inf or NaN, as in PyTorch.
  Value divisor =
      importer.scalar(loc, elementType, std::max(0.0, count - *correction));
  if (dynamicCount) {
    // N known only at run time: a sum of ones over the reduced dimensions
    // (where(x == x, 1, 1) holds for NaN too).
    FailureOr<Value> ones = importer.fillLike(
        loc, *input, importer.scalar(loc, elementType, 1));
    if (failed(ones))
      return failure();
    FailureOr<Value> n =
        importer.create<ReduceSumOp>(loc, *ones, dims, args->keepDims);
    if (failed(n))
      return failure();
    FailureOr<Value> lessCorrection = importer.create<SubOp>(
        loc, *n, importer.scalar(loc, elementType, *correction));
    if (failed(lessCorrection))
      return failure();
    FailureOr<Value> clamped = importer.create<MaximumOp>(
        loc, *lessCorrection, importer.scalar(loc, elementType, 0));
    if (failed(clamped))
      return failure();
    divisor = *clamped;
  }
  FailureOr<Value> variance = importer.create<DivOp>(loc, *sum, divisor);
  if (failed(variance) || !isStd)
    return importer.mapResult(node, variance);
  return importer.mapResult(node, importer.create<SqrtOp>(loc, *variance));
}

/// aten::linalg_vector_norm(x, ord=2, dim, keepdim, dtype) and
/// aten::norm(x, p, dim, keepdim): (sum |x|^p)^(1/p); max |x| for inf,
/// min |x| for -inf, the count of nonzeros for 0.
LogicalResult convertNorm(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getFloatTensor(node, 0);
  FailureOr<ReduceArgs> args = getReduceArgs(importer, node);
  if (failed(input) || failed(args))
    return failure();
  double order = 2;
  std::optional<unsigned> ordIndex = findArgument(node, "ord");
  if (!ordIndex)
    ordIndex = findArgument(node, "p");
  if (ordIndex && !importer.isNone(node, *ordIndex)) {
    FailureOr<double> value = importer.getFloat(node, *ordIndex);
    if (failed(value))
      return failure();
    order = *value;
  }
  Location loc = importer.getLoc(node);
  Type elementType = getTensorType(*input).getElementType();
  FailureOr<Value> magnitude = importer.create<AbsOp>(loc, *input);
  if (failed(magnitude))
    return failure();
  if (std::isinf(order))
    return importer.mapResult(
        node, order > 0 ? importer.create<ReduceMaxOp>(loc, *magnitude,
                                                       args->dims,
                                                       args->keepDims)
                        : importer.create<ReduceMinOp>(loc, *magnitude,
                                                       args->dims,
                                                       args->keepDims));
  if (order == 0) {
    FailureOr<Value> nonzero = importer.create<CompareOp>(
        loc, ComparisonPredicate::ne, *magnitude,
        importer.scalar(loc, elementType, 0));
    if (failed(nonzero))
      return failure();
    FailureOr<Value> counts = importer.castTo(loc, *nonzero, elementType);
    if (failed(counts))
      return failure();
    return importer.mapResult(node,
                              importer.create<ReduceSumOp>(
                                  loc, *counts, args->dims, args->keepDims));
  }
  FailureOr<Value> powers =
      order == 1   ? magnitude
      : order == 2 ? importer.create<MulOp>(loc, *magnitude, *magnitude)
                   : importer.create<PowOp>(
                         loc, *magnitude,
                         importer.scalar(loc, elementType, order));
  if (failed(powers))
    return failure();
  FailureOr<Value> sum =
      importer.create<ReduceSumOp>(loc, *powers, args->dims, args->keepDims);
  if (failed(sum) || order == 1)
    return importer.mapResult(node, sum);
  if (order == 2)
    return importer.mapResult(node, importer.create<SqrtOp>(loc, *sum));
  return importer.mapResult(
      node, importer.create<PowOp>(
                loc, *sum, importer.scalar(loc, elementType, 1.0 / order)));
}

/// The element type a running sum or product computes in: the `dtype`
/// argument, or the input's floating-point type, or i64 for integers and
/// booleans (as in PyTorch).
FailureOr<Type> getRunningType(GraphImporter &importer, jit::Node *node,
                               RankedTensorType inputType) {
  Type elementType = inputType.getElementType();
  if (!isa<FloatType>(elementType))
    elementType = importer.getBuilder().getI64Type();
  std::optional<unsigned> index = findArgument(node, "dtype");
  if (!index || importer.isNone(node, *index))
    return elementType;
  FailureOr<int64_t> dtype = importer.getInt(node, *index);
  if (failed(dtype))
    return failure();
  elementType = importer.getElementType(static_cast<c10::ScalarType>(*dtype));
  if (!elementType || elementType.isInteger(1))
    return importer.emitNodeError(node, "unsupported dtype");
  return elementType;
}

/// aten::cumsum / aten::cumprod(self, dim, dtype=None): running sums or
/// products along `dim`, accumulated in order from the first element as
/// PyTorch does (integers and booleans in i64).
template <CumulativeKind Kind>
LogicalResult convertRunning(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  if (failed(input) || failed(dim))
    return failure();
  Location loc = importer.getLoc(node);
  FailureOr<Type> elementType =
      getRunningType(importer, node, getTensorType(*input));
  if (failed(elementType))
    return failure();
  FailureOr<int64_t> axis = normalizeDim(
      importer, node, *dim,
      std::max<int64_t>(getTensorType(*input).getRank(), 1));
  FailureOr<Value> cast = importer.castTo(loc, *input, *elementType);
  if (failed(axis) || failed(cast))
    return failure();
  FailureOr<Value> data = atLeast1D(importer, loc, *cast);
  if (failed(data))
    return failure();
  FailureOr<Value> running =
      importer.create<CumulativeOp>(loc, *data, *axis, Kind);
  if (failed(running))
    return failure();
  return importer.mapResult(node, likeRank(importer, loc, *running, *input));
}

/// aten::cummax / aten::cummin(self, dim) -> (values, indices). The index
/// of each running extreme is the last position so far whose element
/// equals its running extreme (PyTorch keeps the latest of equal extremes).
template <CumulativeKind Kind>
LogicalResult convertCumulativeExtreme(GraphImporter &importer,
                                       jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  if (failed(input) || failed(dim))
    return failure();
  Location loc = importer.getLoc(node);
  FailureOr<int64_t> axis = normalizeDim(
      importer, node, *dim,
      std::max<int64_t>(getTensorType(*input).getRank(), 1));
  FailureOr<Value> data = atLeast1D(importer, loc, *input);
  if (failed(axis) || failed(data))
    return failure();
  FailureOr<Value> values =
      importer.create<CumulativeOp>(loc, *data, *axis, Kind);
  if (failed(values))
    return failure();
  RankedTensorType type = getTensorType(*data);
  int64_t length = type.getDimSize(*axis);
  SmallVector<int64_t> iotaShape(type.getRank(), 1);
  iotaShape[*axis] = length;
  SmallVector<double> positions;
  for (int64_t i = 0; i < length; ++i)
    positions.push_back(i);
  Value iota = importer.numbers(
      loc, RankedTensorType::get(iotaShape, importer.getBuilder().getI64Type()), positions);
  FailureOr<Value> reached =
      importer.create<CompareOp>(loc, ComparisonPredicate::eq, *data, *values);
  if (failed(reached))
    return failure();
  FailureOr<Value> marked = importer.create<WhereOp>(
      loc, *reached, iota, importer.scalar(loc, importer.getBuilder().getI64Type(), 0));
  if (failed(marked))
    return failure();
  FailureOr<Value> indices = importer.create<CumulativeOp>(
      loc, *marked, *axis, CumulativeKind::max);
  if (failed(indices))
    return failure();
  FailureOr<Value> valuesOut = likeRank(importer, loc, *values, *input);
  FailureOr<Value> indicesOut = likeRank(importer, loc, *indices, *input);
  if (failed(valuesOut) || failed(indicesOut))
    return failure();
  importer.mapTensor(node->output(0), *valuesOut);
  importer.mapTensor(node->output(1), *indicesOut);
  return success();
}

} // namespace

void mlir::mdf::torchscript::addReductionConverters(ConverterMap &map) {
  map["aten::cumsum"] = convertRunning<CumulativeKind::sum>;
  map["aten::cumsum_"] = convertRunning<CumulativeKind::sum>;
  map["aten::cumprod"] = convertRunning<CumulativeKind::prod>;
  map["aten::cumprod_"] = convertRunning<CumulativeKind::prod>;
  map["aten::cummax"] = convertCumulativeExtreme<CumulativeKind::max>;
  map["aten::cummin"] = convertCumulativeExtreme<CumulativeKind::min>;
  map["aten::all"] = convertAllAny<ReduceMinOp>;
  map["aten::any"] = convertAllAny<ReduceMaxOp>;
  map["aten::count_nonzero"] = convertCountNonzero;
  map["aten::max"] = convertMaxMin<ReduceMaxOp, MaximumOp>;
  map["aten::min"] = convertMaxMin<ReduceMinOp, MinimumOp>;
  map["aten::argmax"] = convertArgExtreme<ReduceMaxOp>;
  map["aten::argmin"] = convertArgExtreme<ReduceMinOp>;
  map["aten::var"] = convertVariance<false>;
  map["aten::std"] = convertVariance<true>;
  map["aten::linalg_vector_norm"] = convertNorm;
  map["aten::norm"] = convertNorm;
  map["aten::frobenius_norm"] = convertNorm;
}
