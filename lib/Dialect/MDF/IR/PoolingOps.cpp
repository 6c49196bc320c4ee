//===- PoolingOps.cpp - windowed and adaptive pooling -----------*- C++ -*-===//
//
// This file implements result-type inference (and with it verification) for
// the pooling ops.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"

using namespace mlir;
using namespace mlir::mdf;

/// Shared by max and average pooling; average pooling has no dilations.
static FailureOr<Type> inferPoolType(const InferenceContext &ctx, Value input,
                                     ArrayRef<int64_t> kernel,
                                     ArrayRef<int64_t> strides,
                                     ArrayRef<int64_t> pads,
                                     ArrayRef<int64_t> dilations,
                                     bool ceilMode) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  if (failed(checkSpatialRank(ctx, "input", rank)))
    return failure();
  size_t spatialRank = rank - 2;
  if (kernel.size() != spatialRank)
    return ctx.emitError("kernel_shape must have ", spatialRank,
                         " entries, got ", kernel.size());
  if (llvm::any_of(kernel, [](int64_t k) { return k < 1; }))
    return ctx.emitError("kernel_shape entries must be >= 1");
  FailureOr<WindowAttrs> window =
      getWindowAttrs(ctx, spatialRank, strides, pads, dilations);
  if (failed(window))
    return failure();
  for (size_t i = 0; i < spatialRank; ++i) {
    // A window must see at least one real cell (PyTorch's rule).
    if (2 * std::max(window->pads[i], window->pads[spatialRank + i]) >
        kernel[i])
      return ctx.emitError("padding of dimension ", i,
                           " must be at most half the kernel size");
  }
  SmallVector<int64_t> shape(inputType.getShape().take_front(2));
  if (failed(inferWindowedShape(ctx, inputType.getShape(), kernel, *window,
                                ceilMode, shape)))
    return failure();
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}

FailureOr<Type> mlir::mdf::inferMaxPoolOpType(const InferenceContext &ctx,
                                              MaxPoolOp::Adaptor adaptor) {
  return inferPoolType(ctx, adaptor.getInput(), adaptor.getKernelShape(),
                       adaptor.getStrides(), adaptor.getPads(),
                       adaptor.getDilations(), adaptor.getCeilMode());
}

FailureOr<Type> mlir::mdf::inferAvgPoolOpType(const InferenceContext &ctx,
                                              AvgPoolOp::Adaptor adaptor) {
  return inferPoolType(ctx, adaptor.getInput(), adaptor.getKernelShape(),
                       adaptor.getStrides(), adaptor.getPads(),
                       /*dilations=*/{}, adaptor.getCeilMode());
}

FailureOr<Type> mlir::mdf::inferAdaptivePoolType(const InferenceContext &ctx,
                                                 Value input,
                                                 ArrayRef<int64_t> outputSize) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  if (failed(checkSpatialRank(ctx, "input", rank)))
    return failure();
  if (outputSize.size() != static_cast<size_t>(rank - 2))
    return ctx.emitError("output_size must have ", rank - 2, " entries, got ",
                         outputSize.size());
  if (llvm::any_of(outputSize, [](int64_t size) { return size < 1; }))
    return ctx.emitError("output_size entries must be >= 1");
  SmallVector<int64_t> shape(inputType.getShape().take_front(2));
  llvm::append_range(shape, outputSize);
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}
