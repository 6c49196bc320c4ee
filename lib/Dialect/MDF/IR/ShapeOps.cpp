//===- ShapeOps.cpp - shape and data-movement ops ---------------*- C++ -*-===//
//
// This file implements inference, verification and folding for the ops that
// move data without arithmetic, and the constant op.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::mdf;

/// Product of `dims`, dynamic when any is.
static int64_t productOf(ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t dim : dims) {
    if (ShapedType::isDynamic(dim))
      return ShapedType::kDynamic;
    product *= dim;
  }
  return product;
}

static bool isStaticTypeOf(Value value, Type type) {
  return value.getType() == type && cast<ShapedType>(type).hasStaticShape();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

FailureOr<Type> mlir::mdf::inferReshapeOpType(const InferenceContext &ctx,
                                              ReshapeOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  SmallVector<int64_t> shape(adaptor.getShape());
  std::optional<size_t> inferredDim;
  int64_t knownProduct = 1;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    if (dim == -1) {
      if (inferredDim)
        return ctx.emitError("shape may contain -1 only once");
      inferredDim = i;
    } else if (dim < 0) {
      return ctx.emitError("shape entry ", i, " must be >= 0 or -1, got ", dim);
    } else {
      knownProduct *= dim;
    }
  }
  int64_t total = productOf(inputType.getShape());
  if (inferredDim) {
    if (ShapedType::isDynamic(total)) {
      shape[*inferredDim] = ShapedType::kDynamic;
    } else if (knownProduct == 0 || total % knownProduct != 0) {
      return ctx.emitError("cannot reshape ", total,
                           " elements into a shape with ", knownProduct,
                           " elements per -1 entry");
    } else {
      shape[*inferredDim] = total / knownProduct;
    }
  } else if (!ShapedType::isDynamic(total) && total != knownProduct) {
    return ctx.emitError("cannot reshape ", total, " elements into ",
                         knownProduct);
  }
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (isStaticTypeOf(getInput(), getType()))
    return getInput();
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  if (dense && getType().hasStaticShape() && dense.isSplat())
    return dense.reshape(getType());
  return {};
}

//===----------------------------------------------------------------------===//
// FlattenOp
//===----------------------------------------------------------------------===//

FailureOr<Type> mlir::mdf::inferFlattenOpType(const InferenceContext &ctx,
                                              FlattenOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  // PyTorch flattens a 0-D tensor to one element.
  SmallVector<int64_t> dims(inputType.getShape());
  if (dims.empty())
    dims.push_back(1);
  int64_t rank = dims.size();
  FailureOr<int64_t> start =
      normalizeAxis(ctx, "start_dim", adaptor.getStartDim(), rank);
  if (failed(start))
    return failure();
  FailureOr<int64_t> end =
      normalizeAxis(ctx, "end_dim", adaptor.getEndDim(), rank);
  if (failed(end))
    return failure();
  if (*start > *end)
    return ctx.emitError("start_dim (", *start,
                         ") must not come after end_dim (", *end, ")");
  ArrayRef<int64_t> dimsRef = dims;
  SmallVector<int64_t> shape(dimsRef.take_front(*start));
  shape.push_back(productOf(dimsRef.slice(*start, *end - *start + 1)));
  llvm::append_range(shape, dimsRef.drop_front(*end + 1));
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}

OpFoldResult FlattenOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

FailureOr<Type> mlir::mdf::inferTransposeOpType(const InferenceContext &ctx,
                                                TransposeOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> permutation = adaptor.getPermutation();
  int64_t rank = inputType.getRank();
  if (static_cast<int64_t>(permutation.size()) != rank)
    return ctx.emitError("permutation must have ", rank, " entries, got ",
                         permutation.size());
  llvm::SmallBitVector seen(rank);
  SmallVector<int64_t> shape;
  for (int64_t dim : permutation) {
    if (dim < 0 || dim >= rank || seen.test(dim))
      return ctx.emitError("permutation must hold each of 0 to ", rank - 1,
                           " exactly once");
    seen.set(dim);
    shape.push_back(inputType.getDimSize(dim));
  }
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> permutation = getPermutation();
  if (llvm::equal(permutation, llvm::seq<int64_t>(0, permutation.size())) &&
      getInput().getType() == getType())
    return getInput();
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    // result[i] = inner[permutation[i]] = x[innerPermutation[permutation[i]]]
    ArrayRef<int64_t> innerPermutation = inner.getPermutation();
    SmallVector<int64_t> composed;
    for (int64_t dim : permutation)
      composed.push_back(innerPermutation[dim]);
    getInputMutable().assign(inner.getInput());
    setPermutation(composed);
    return getResult();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

FailureOr<Type> mlir::mdf::inferConcatOpType(const InferenceContext &ctx,
                                             ConcatOp::Adaptor adaptor) {
  // The verifier rejects a concat of nothing (SameOperandsAndResultElementType)
  // before inference runs; a builder given no inputs just fails.
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return failure();
  auto firstType = cast<RankedTensorType>(inputs.front().getType());
  int64_t rank = firstType.getRank();
  FailureOr<int64_t> axis = normalizeAxis(ctx, "axis", adaptor.getAxis(), rank);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(firstType.getShape());
  shape[*axis] = 0;
  for (auto [index, input] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != rank)
      return ctx.emitError("input ", index, " has rank ", type.getRank(),
                           ", expected ", rank);
    for (int64_t i = 0; i < rank; ++i) {
      int64_t dim = type.getDimSize(i);
      if (i == *axis) {
        shape[i] = ShapedType::isDynamic(dim) || ShapedType::isDynamic(shape[i])
                       ? ShapedType::kDynamic
                       : shape[i] + dim;
      } else if (ShapedType::isDynamic(shape[i])) {
        shape[i] = dim;
      } else if (!ShapedType::isDynamic(dim) && dim != shape[i]) {
        return ctx.emitError("input ", index, " has size ", dim,
                             " in dimension ", i, ", expected ", shape[i]);
      }
    }
  }
  return Type(RankedTensorType::get(shape, firstType.getElementType()));
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs().front().getType() == getType())
    return getInputs().front();
  return {};
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

/// Python's clamping of a slice bound into [0, size].
static int64_t clampSliceBound(int64_t bound, int64_t size) {
  if (bound < 0)
    bound = bound < -size ? 0 : bound + size;
  return std::min(bound, size);
}

FailureOr<RankedTensorType> mlir::mdf::inferSlicedType(
    const InferenceContext &ctx, RankedTensorType inputType,
    ArrayRef<int64_t> starts, ArrayRef<int64_t> ends, ArrayRef<int64_t> axesAttr,
    ArrayRef<int64_t> stepsAttr) {
  int64_t rank = inputType.getRank();
  size_t count = starts.size();
  SmallVector<int64_t> axes(axesAttr);
  SmallVector<int64_t> steps(stepsAttr);
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, count));
  if (steps.empty())
    steps.assign(count, 1);
  if (ends.size() != count || axes.size() != count || steps.size() != count)
    return ctx.emitError("starts, ends, axes and steps must have the "
                         "same number of entries");
  SmallVector<int64_t> shape(inputType.getShape());
  llvm::SmallBitVector seen(rank);
  for (size_t i = 0; i < count; ++i) {
    FailureOr<int64_t> axis = normalizeAxis(ctx, "axis", axes[i], rank);
    if (failed(axis))
      return failure();
    if (seen.test(*axis))
      return ctx.emitError("axis ", axes[i], " is sliced more than once");
    seen.set(*axis);
    if (steps[i] < 1)
      return ctx.emitError("steps must be >= 1, got ", steps[i]);
    int64_t size = shape[*axis];
    if (ShapedType::isDynamic(size))
      continue;
    int64_t begin = clampSliceBound(starts[i], size);
    int64_t end = clampSliceBound(ends[i], size);
    shape[*axis] = end <= begin ? 0 : llvm::divideCeil(end - begin, steps[i]);
  }
  return RankedTensorType::get(shape, inputType.getElementType());
}

FailureOr<Type> mlir::mdf::inferSliceOpType(const InferenceContext &ctx,
                                            SliceOp::Adaptor adaptor) {
  FailureOr<RankedTensorType> type = inferSlicedType(
      ctx, cast<RankedTensorType>(adaptor.getInput().getType()),
      adaptor.getStarts(), adaptor.getEnds(), adaptor.getAxes(),
      adaptor.getSteps());
  if (failed(type))
    return failure();
  return Type(*type);
}

OpFoldResult SliceOp::fold(FoldAdaptor) {
  if (isStaticTypeOf(getInput(), getType()) &&
      llvm::all_of(getSteps(), [](int64_t step) { return step == 1; }))
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

FailureOr<Type> mlir::mdf::inferGatherOpType(const InferenceContext &ctx,
                                             GatherOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  if (inputType.getRank() == 0)
    return ctx.emitError("input must have rank >= 1");
  FailureOr<int64_t> axis =
      normalizeAxis(ctx, "axis", adaptor.getAxis(), inputType.getRank());
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> inputShape = inputType.getShape();
  SmallVector<int64_t> shape(inputShape.take_front(*axis));
  llvm::append_range(shape, indicesType.getShape());
  llvm::append_range(shape, inputShape.drop_front(*axis + 1));
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

FailureOr<Type> mlir::mdf::inferPadOpType(const InferenceContext &ctx,
                                          PadOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> pads = adaptor.getPads();
  int64_t rank = inputType.getRank();
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return ctx.emitError("pads must have ", 2 * rank,
                         " entries (before and after each dimension), "
                         "got ",
                         pads.size());
  if (llvm::any_of(pads, [](int64_t pad) { return pad < 0; }))
    return ctx.emitError("pads must be >= 0");
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t dim = inputType.getDimSize(i);
    shape.push_back(
        ShapedType::isDynamic(dim) ? dim : dim + pads[i] + pads[rank + i]);
  }
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t pad) { return pad == 0; }) &&
      getInput().getType() == getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// ExpandOp
//===----------------------------------------------------------------------===//

FailureOr<Type> mlir::mdf::inferExpandOpType(const InferenceContext &ctx,
                                             ExpandOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> target = adaptor.getShape();
  int64_t rank = inputType.getRank();
  int64_t offset = static_cast<int64_t>(target.size()) - rank;
  if (offset < 0)
    return ctx.emitError("shape must have at least ", rank,
                         " entries (the input's rank), got ", target.size());
  SmallVector<int64_t> shape;
  for (auto [i, want] : llvm::enumerate(target)) {
    int64_t inputIndex = static_cast<int64_t>(i) - offset;
    int64_t have = inputIndex < 0 ? 1 : inputType.getDimSize(inputIndex);
    if (want == -1) {
      if (inputIndex < 0)
        return ctx.emitError("-1 is only allowed for dimensions the "
                             "input has");
      shape.push_back(have);
    } else if (want < 0) {
      return ctx.emitError("shape entry ", i, " must be >= 0 or -1, got ",
                           want);
    } else if (have == 1 || have == want || ShapedType::isDynamic(have)) {
      shape.push_back(want);
    } else {
      return ctx.emitError("cannot expand size ", have, " to ", want,
                           " in dimension ", i);
    }
  }
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}

OpFoldResult ExpandOp::fold(FoldAdaptor) {
  if (isStaticTypeOf(getInput(), getType()))
    return getInput();
  return {};
}
