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
static LogicalResult inferPoolType(StringRef opName,
                                   std::optional<Location> loc, Value input,
                                   ArrayRef<int64_t> kernel,
                                   ArrayRef<int64_t> strides,
                                   ArrayRef<int64_t> pads,
                                   ArrayRef<int64_t> dilations, bool ceilMode,
                                   Type &result) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  if (rank < 3 || rank > 5)
    return emitInferenceError(loc, opName,
                              "input must have rank 3 to 5 (N, C and 1 to 3 "
                              "spatial dimensions), got ",
                              rank);
  size_t spatialRank = rank - 2;
  if (kernel.size() != spatialRank)
    return emitInferenceError(loc, opName, "kernel_shape must have ",
                              spatialRank, " entries, got ", kernel.size());
  if (llvm::any_of(kernel, [](int64_t k) { return k < 1; }))
    return emitInferenceError(loc, opName,
                              "kernel_shape entries must be >= 1");
  FailureOr<WindowAttrs> window =
      getWindowAttrs(loc, opName, spatialRank, strides, pads, dilations);
  if (failed(window))
    return failure();
  for (size_t i = 0; i < spatialRank; ++i) {
    // A window must see at least one real cell (PyTorch's rule).
    if (2 * std::max(window->pads[i], window->pads[spatialRank + i]) >
        kernel[i])
      return emitInferenceError(loc, opName, "padding of dimension ", i,
                                " must be at most half the kernel size");
  }
  SmallVector<int64_t> shape(inputType.getShape().take_front(2));
  if (failed(inferWindowedShape(loc, opName, inputType.getShape(), kernel,
                                *window, ceilMode, shape)))
    return failure();
  result = RankedTensorType::get(shape, inputType.getElementType());
  return success();
}

LogicalResult mlir::mdf::inferMaxPoolOpType(StringRef opName,
                                            std::optional<Location> loc,
                                            MaxPoolOp::Adaptor adaptor,
                                            Type &result) {
  return inferPoolType(opName, loc, adaptor.getInput(),
                       adaptor.getKernelShape(), adaptor.getStrides(),
                       adaptor.getPads(), adaptor.getDilations(),
                       adaptor.getCeilMode(), result);
}

LogicalResult mlir::mdf::inferAvgPoolOpType(StringRef opName,
                                            std::optional<Location> loc,
                                            AvgPoolOp::Adaptor adaptor,
                                            Type &result) {
  return inferPoolType(opName, loc, adaptor.getInput(),
                       adaptor.getKernelShape(), adaptor.getStrides(),
                       adaptor.getPads(), /*dilations=*/{},
                       adaptor.getCeilMode(), result);
}

LogicalResult mlir::mdf::inferAdaptivePoolType(StringRef opName,
                                               std::optional<Location> loc,
                                               Value input,
                                               ArrayRef<int64_t> outputSize,
                                               Type &result) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  if (rank < 3 || rank > 5)
    return emitInferenceError(loc, opName,
                              "input must have rank 3 to 5 (N, C and 1 to 3 "
                              "spatial dimensions), got ",
                              rank);
  if (outputSize.size() != static_cast<size_t>(rank - 2))
    return emitInferenceError(loc, opName, "output_size must have ", rank - 2,
                              " entries, got ", outputSize.size());
  if (llvm::any_of(outputSize, [](int64_t size) { return size < 1; }))
    return emitInferenceError(loc, opName, "output_size entries must be >= 1");
  SmallVector<int64_t> shape(inputType.getShape().take_front(2));
  llvm::append_range(shape, outputSize);
  result = RankedTensorType::get(shape, inputType.getElementType());
  return success();
}
