//===- NormalizationOps.cpp - normalization ops ---*- C++ -*-===//
//
// This file implements inference and verification for batch and layer
// normalization and softmax.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::mdf;

FailureOr<Type> mlir::mdf::inferBatchNormOpType(const InferenceContext &ctx,
                                                BatchNormOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  if (inputType.getRank() < 2)
    return ctx.emitError("input must have rank >= 2 (N, C, ...), got ",
                         inputType.getRank());
  int64_t channels = inputType.getDimSize(1);
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"scale", adaptor.getScale()},
        {"bias", adaptor.getBias()},
        {"mean", adaptor.getMean()},
        {"variance", adaptor.getVariance()}}) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getRank() != 1 ||
        (!type.isDynamicDim(0) && !ShapedType::isDynamic(channels) &&
         type.getDimSize(0) != channels))
      return ctx.emitError(name, " must be 1-D with ", channels,
                           " elements (one per channel), got ", type);
  }
  return Type(inputType);
}

FailureOr<Type> mlir::mdf::inferLayerNormOpType(const InferenceContext &ctx,
                                                LayerNormOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  FailureOr<int64_t> axis =
      normalizeAxis(ctx, "axis", adaptor.getAxis(), inputType.getRank());
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> normalized = inputType.getShape().drop_front(*axis);
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"scale", adaptor.getScale()},
        {"bias", adaptor.getBias()}}) {
    if (!value)
      continue;
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getElementType() != inputType.getElementType() ||
        failed(verifyCompatibleShape(type.getShape(), normalized)))
      return ctx.emitError(
          name,
          " must have the shape of the normalized dimensions and the "
          "input's element type, got ",
          type);
  }
  return Type(inputType);
}

template <typename SoftmaxLikeOp>
static LogicalResult verifySoftmaxAxis(SoftmaxLikeOp op) {
  return normalizeAxis(InferenceContext{op.getOperationName(), op.getLoc()},
                       "axis", op.getAxis(), op.getType().getRank());
}

LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
