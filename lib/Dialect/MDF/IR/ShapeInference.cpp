//===- ShapeInference.cpp - shape arithmetic shared by mdf ops --*- C++ -*-===//
//
// This file implements the broadcasting, axis and sliding-window rules that
// several op families share.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"

using namespace mlir;
using namespace mlir::mdf;

FailureOr<int64_t> mlir::mdf::normalizeAxis(const InferenceContext &ctx,
                                            StringRef what, int64_t axis,
                                            int64_t rank) {
  if (axis < -rank || axis >= rank) {
    (void)ctx.emitError(what, " ", axis, " is out of range for rank ", rank);
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

/// Broadcasts one dimension pair; fails when they conflict.
static FailureOr<int64_t> broadcastDim(int64_t lhs, int64_t rhs) {
  if (lhs == 1)
    return rhs;
  if (rhs == 1 || lhs == rhs)
    return lhs;
  // A dynamic size meets a static one > 1: at run time it must be that size
  // or 1, and either way the result has the static size.
  if (ShapedType::isDynamic(lhs))
    return rhs;
  if (ShapedType::isDynamic(rhs))
    return lhs;
  return failure();
}

static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t dim) {
    if (ShapedType::isDynamic(dim))
      os << "?";
    else
      os << dim;
  });
  os << "]";
  return text;
}

FailureOr<SmallVector<int64_t>>
mlir::mdf::broadcastShapes(const InferenceContext &ctx,
                           ArrayRef<ArrayRef<int64_t>> shapes) {
  SmallVector<int64_t> result;
  for (ArrayRef<int64_t> shape : shapes) {
    if (shape.size() > result.size())
      result.insert(result.begin(), shape.size() - result.size(), 1);
    size_t offset = result.size() - shape.size();
    for (auto [i, dim] : llvm::enumerate(shape)) {
      FailureOr<int64_t> merged = broadcastDim(result[offset + i], dim);
      if (failed(merged)) {
        (void)ctx.emitError("operand shapes ", formatShape(shapes.front()),
                            " and ", formatShape(shape),
                            " do not broadcast (dimension ", offset + i,
                            " of the result)");
        return failure();
      }
      result[offset + i] = *merged;
    }
  }
  return result;
}

int64_t mlir::mdf::windowOutputSize(int64_t size, int64_t kernel,
                                    int64_t stride, int64_t padBefore,
                                    int64_t padAfter, int64_t dilation,
                                    bool ceilMode) {
  if (ShapedType::isDynamic(size))
    return ShapedType::kDynamic;
  int64_t span = size + padBefore + padAfter - dilation * (kernel - 1) - 1;
  if (span < 0)
    return 0;
  int64_t count = (ceilMode ? llvm::divideCeil(span, stride) : span / stride);
  // PyTorch drops a last window that would start inside the trailing padding.
  if (ceilMode && count * stride >= size + padBefore)
    --count;
  return count + 1;
}

/// Returns `values`, or `count` copies of `fallback` when it is empty; reports
/// a length other than `count`.
static FailureOr<SmallVector<int64_t>>
getPerDimAttr(const InferenceContext &ctx, StringRef name,
              ArrayRef<int64_t> values, size_t count, int64_t fallback,
              int64_t minimum) {
  if (values.empty())
    return SmallVector<int64_t>(count, fallback);
  if (values.size() != count) {
    (void)ctx.emitError(name, " must have ", count, " entries, got ",
                        values.size());
    return failure();
  }
  for (int64_t value : values) {
    if (value < minimum) {
      (void)ctx.emitError(name, " must be >= ", minimum, ", got ", value);
      return failure();
    }
  }
  return SmallVector<int64_t>(values);
}

FailureOr<WindowAttrs> mlir::mdf::getWindowAttrs(const InferenceContext &ctx,
                                                 size_t spatialRank,
                                                 ArrayRef<int64_t> strides,
                                                 ArrayRef<int64_t> pads,
                                                 ArrayRef<int64_t> dilations) {
  WindowAttrs window;
  FailureOr<SmallVector<int64_t>> s =
      getPerDimAttr(ctx, "strides", strides, spatialRank, 1, 1);
  if (failed(s))
    return failure();
  FailureOr<SmallVector<int64_t>> p =
      getPerDimAttr(ctx, "pads", pads, 2 * spatialRank, 0, 0);
  if (failed(p))
    return failure();
  FailureOr<SmallVector<int64_t>> d =
      getPerDimAttr(ctx, "dilations", dilations, spatialRank, 1, 1);
  if (failed(d))
    return failure();
  window.strides = std::move(*s);
  window.pads = std::move(*p);
  window.dilations = std::move(*d);
  return window;
}

LogicalResult mlir::mdf::inferWindowedShape(const InferenceContext &ctx,
                                            ArrayRef<int64_t> inputShape,
                                            ArrayRef<int64_t> kernel,
                                            const WindowAttrs &window,
                                            bool ceilMode,
                                            SmallVectorImpl<int64_t> &shape) {
  size_t spatialRank = kernel.size();
  for (size_t i = 0; i < spatialRank; ++i) {
    int64_t size = inputShape[2 + i];
    if (ShapedType::isDynamic(kernel[i])) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t out = windowOutputSize(size, kernel[i], window.strides[i],
                                   window.pads[i], window.pads[spatialRank + i],
                                   window.dilations[i], ceilMode);
    if (!ShapedType::isDynamic(out) && out <= 0)
      return ctx.emitError("spatial dimension ", i, " of size ", size,
                           " is smaller than the (dilated) window of ",
                           window.dilations[i] * (kernel[i] - 1) + 1,
                           " after padding");
    shape.push_back(out);
  }
  return success();
}

LogicalResult mlir::mdf::checkSpatialRank(const InferenceContext &ctx,
                                          StringRef what, int64_t rank) {
  if (rank < 3 || rank > 5)
    return ctx.emitError(what,
                         " must have rank 3 to 5 (N, C and 1 to 3 spatial "
                         "dimensions), got ",
                         rank);
  return success();
}

FailureOr<Type> mlir::mdf::inferBroadcastType(const InferenceContext &ctx,
                                              ValueRange operands,
                                              Type elementType) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value operand : operands)
    shapes.push_back(cast<ShapedType>(operand.getType()).getShape());
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(ctx, shapes);
  if (failed(shape))
    return failure();
  return Type(RankedTensorType::get(*shape, elementType));
}
