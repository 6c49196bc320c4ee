//===- IndexingOps.cpp - data-dependent indexing ops ------------*- C++ -*-===//
//
// This file implements result-type inference and checks for the elementwise
// gather and scatter, slice_scatter, argsort and cumulative ops.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::mdf;

/// Checks that `indices` has the rank of `data` and is no larger along any
/// dimension but `axis` (what gather_elements and scatter_elements need).
static LogicalResult checkElementIndices(const InferenceContext &ctx,
                                         RankedTensorType dataType,
                                         RankedTensorType indicesType,
                                         int64_t axis, StringRef dataName) {
  if (indicesType.getRank() != dataType.getRank())
    return ctx.emitError("indices must have the rank of the ", dataName, " (",
                         dataType.getRank(), "), got ",
                         indicesType.getRank());
  for (int64_t i = 0; i < dataType.getRank(); ++i) {
    int64_t have = dataType.getDimSize(i), want = indicesType.getDimSize(i);
    if (i == axis || ShapedType::isDynamic(have) ||
        ShapedType::isDynamic(want))
      continue;
    if (want > have)
      return ctx.emitError("indices dimension ", i, " (", want,
                           ") is larger than the ", dataName, "'s (", have,
                           ")");
  }
  return success();
}

FailureOr<Type>
mlir::mdf::inferSliceScatterOpType(const InferenceContext &ctx,
                                   SliceScatterOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto updateType = cast<RankedTensorType>(adaptor.getUpdate().getType());
  FailureOr<RankedTensorType> slice =
      inferSlicedType(ctx, inputType, adaptor.getStarts(), adaptor.getEnds(),
                      adaptor.getAxes(), adaptor.getSteps());
  if (failed(slice))
    return failure();
  if (failed(verifyCompatibleShape(slice->getShape(), updateType.getShape())))
    return ctx.emitError("update shape (", updateType, ") is not the "
                         "slice's shape (", *slice, ")");
  return Type(inputType);
}

FailureOr<Type>
mlir::mdf::inferGatherElementsOpType(const InferenceContext &ctx,
                                     GatherElementsOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  if (inputType.getRank() == 0)
    return ctx.emitError("input must have rank >= 1");
  FailureOr<int64_t> axis =
      normalizeAxis(ctx, "axis", adaptor.getAxis(), inputType.getRank());
  if (failed(axis) ||
      failed(checkElementIndices(ctx, inputType, indicesType, *axis, "input")))
    return failure();
  return Type(RankedTensorType::get(indicesType.getShape(),
                                    inputType.getElementType()));
}

FailureOr<Type>
mlir::mdf::inferScatterElementsOpType(const InferenceContext &ctx,
                                      ScatterElementsOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto indicesType = cast<RankedTensorType>(adaptor.getIndices().getType());
  auto updatesType = cast<RankedTensorType>(adaptor.getUpdates().getType());
  if (inputType.getRank() == 0)
    return ctx.emitError("input must have rank >= 1");
  FailureOr<int64_t> axis =
      normalizeAxis(ctx, "axis", adaptor.getAxis(), inputType.getRank());
  if (failed(axis) ||
      failed(checkElementIndices(ctx, inputType, indicesType, *axis, "input")))
    return failure();
  if (updatesType.getRank() != indicesType.getRank())
    return ctx.emitError("updates must have the rank of the indices");
  for (int64_t i = 0; i < indicesType.getRank(); ++i) {
    int64_t have = updatesType.getDimSize(i), want = indicesType.getDimSize(i);
    if (!ShapedType::isDynamic(have) && !ShapedType::isDynamic(want) &&
        want > have)
      return ctx.emitError("indices dimension ", i, " (", want,
                           ") is larger than the updates' (", have, ")");
  }
  return Type(inputType);
}

FailureOr<Type> mlir::mdf::inferArgsortOpType(const InferenceContext &ctx,
                                              ArgsortOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (inputType.getRank() == 0)
    return ctx.emitError("input must have rank >= 1");
  if (failed(normalizeAxis(ctx, "axis", adaptor.getAxis(),
                           inputType.getRank())))
    return failure();
  return Type(RankedTensorType::get(
      inputType.getShape(), IntegerType::get(inputType.getContext(), 64)));
}

FailureOr<Type>
mlir::mdf::inferCumulativeOpType(const InferenceContext &ctx,
                                 CumulativeOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (inputType.getRank() == 0)
    return ctx.emitError("input must have rank >= 1");
  if (failed(normalizeAxis(ctx, "axis", adaptor.getAxis(),
                           inputType.getRank())))
    return failure();
  if (inputType.getElementType().isInteger(1) &&
      (adaptor.getKind() == CumulativeKind::sum ||
       adaptor.getKind() == CumulativeKind::prod))
    return ctx.emitError("a running sum or product needs numbers, not "
                         "booleans");
  return Type(inputType);
}
