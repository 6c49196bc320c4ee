//===- ShapeInference.h - result-type inference for mdf ops -----*- C++ -*-===//
//
// The functions the generated `inferReturnTypes` of each mdf op call (see
// MDF_InferredOp in MDFBase.td), and the shape arithmetic they share. Every
// check of an op's operands and attributes that ODS cannot express lives in
// these functions, so the verifier and the builders agree on one rule.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_DIALECT_MDF_IR_SHAPEINFERENCE_H
#define MDF_LIB_DIALECT_MDF_IR_SHAPEINFERENCE_H

#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/IR/Diagnostics.h"

namespace mlir::mdf {

/// Reports `'<opName>' op <args...>` at `loc` when there is a location (the
/// verifier always passes one; builders may not) and returns failure.
template <typename... Args>
LogicalResult emitInferenceError(std::optional<Location> loc, StringRef opName,
                                 Args &&...args) {
  if (!loc)
    return failure();
  InFlightDiagnostic diag = emitError(*loc) << "'" << opName << "' op ";
  (diag << ... << std::forward<Args>(args));
  return diag;
}

/// Normalizes `axis` (negative counts from the back) into [0, rank), or
/// reports that it is out of range.
FailureOr<int64_t> normalizeAxis(std::optional<Location> loc, StringRef opName,
                                 StringRef what, int64_t axis, int64_t rank);

/// Broadcasts `shapes` numpy style; reports the first pair that conflicts.
FailureOr<SmallVector<int64_t>>
broadcastShapes(std::optional<Location> loc, StringRef opName,
                ArrayRef<ArrayRef<int64_t>> shapes);

/// Output size of one spatial dimension of a sliding window (conv/pool);
/// dynamic when `size` is.
int64_t windowOutputSize(int64_t size, int64_t kernel, int64_t stride,
                         int64_t padBefore, int64_t padAfter, int64_t dilation,
                         bool ceilMode);

/// Strides, pads and dilations of a sliding window, defaults filled in.
struct WindowAttrs {
  SmallVector<int64_t> strides, pads, dilations;
};

/// Checks the window attributes of a conv/pool op over `spatialRank`
/// dimensions (empty means the default) and fills in the defaults.
FailureOr<WindowAttrs> getWindowAttrs(std::optional<Location> loc,
                                      StringRef opName, size_t spatialRank,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pads,
                                      ArrayRef<int64_t> dilations);

/// Appends the output sizes of the spatial dimensions (from dimension 2 of
/// `inputShape` on) of a window of size `kernel` to `shape`; reports an
/// input too small for the window.
LogicalResult inferWindowedShape(std::optional<Location> loc, StringRef opName,
                                 ArrayRef<int64_t> inputShape,
                                 ArrayRef<int64_t> kernel,
                                 const WindowAttrs &window, bool ceilMode,
                                 SmallVectorImpl<int64_t> &shape);

/// Result type of an op whose operands broadcast together; the element type
/// is that of `elementTypeOperand` or `elementType` when given.
LogicalResult inferBroadcastType(StringRef opName, std::optional<Location> loc,
                                 ValueRange operands, Type elementType,
                                 Type &result);

template <typename Adaptor>
LogicalResult inferBroadcastOpType(StringRef opName,
                                   std::optional<Location> loc,
                                   Adaptor adaptor, Type &result) {
  ValueRange operands = adaptor.getOperands();
  return inferBroadcastType(
      opName, loc, operands,
      cast<ShapedType>(operands.back().getType()).getElementType(), result);
}

LogicalResult inferCompareOpType(StringRef opName, std::optional<Location> loc,
                                 CompareOp::Adaptor adaptor, Type &result);
LogicalResult inferMatMulOpType(StringRef opName, std::optional<Location> loc,
                                MatMulOp::Adaptor adaptor, Type &result);
LogicalResult inferGemmOpType(StringRef opName, std::optional<Location> loc,
                              GemmOp::Adaptor adaptor, Type &result);
LogicalResult inferConvOpType(StringRef opName, std::optional<Location> loc,
                              ConvOp::Adaptor adaptor, Type &result);
LogicalResult inferMaxPoolOpType(StringRef opName, std::optional<Location> loc,
                                 MaxPoolOp::Adaptor adaptor, Type &result);
LogicalResult inferAvgPoolOpType(StringRef opName, std::optional<Location> loc,
                                 AvgPoolOp::Adaptor adaptor, Type &result);

/// Adaptive pooling keeps N and C and sets the spatial sizes.
LogicalResult inferAdaptivePoolType(StringRef opName,
                                    std::optional<Location> loc, Value input,
                                    ArrayRef<int64_t> outputSize, Type &result);
template <typename Adaptor>
LogicalResult inferAdaptivePoolOpType(StringRef opName,
                                      std::optional<Location> loc,
                                      Adaptor adaptor, Type &result) {
  return inferAdaptivePoolType(opName, loc, adaptor.getInput(),
                               adaptor.getOutputSize(), result);
}

LogicalResult inferBatchNormOpType(StringRef opName,
                                   std::optional<Location> loc,
                                   BatchNormOp::Adaptor adaptor, Type &result);
LogicalResult inferLayerNormOpType(StringRef opName,
                                   std::optional<Location> loc,
                                   LayerNormOp::Adaptor adaptor, Type &result);

LogicalResult inferReduceType(StringRef opName, std::optional<Location> loc,
                              Value input, ArrayRef<int64_t> axes,
                              bool keepDims, Type &result);
template <typename Adaptor>
LogicalResult inferReduceOpType(StringRef opName, std::optional<Location> loc,
                                Adaptor adaptor, Type &result) {
  return inferReduceType(opName, loc, adaptor.getInput(), adaptor.getAxes(),
                         adaptor.getKeepDims(), result);
}

LogicalResult inferReshapeOpType(StringRef opName, std::optional<Location> loc,
                                 ReshapeOp::Adaptor adaptor, Type &result);
LogicalResult inferFlattenOpType(StringRef opName, std::optional<Location> loc,
                                 FlattenOp::Adaptor adaptor, Type &result);
LogicalResult inferTransposeOpType(StringRef opName,
                                   std::optional<Location> loc,
                                   TransposeOp::Adaptor adaptor, Type &result);
LogicalResult inferConcatOpType(StringRef opName, std::optional<Location> loc,
                                ConcatOp::Adaptor adaptor, Type &result);
LogicalResult inferSliceOpType(StringRef opName, std::optional<Location> loc,
                               SliceOp::Adaptor adaptor, Type &result);
LogicalResult inferGatherOpType(StringRef opName, std::optional<Location> loc,
                                GatherOp::Adaptor adaptor, Type &result);
LogicalResult inferPadOpType(StringRef opName, std::optional<Location> loc,
                             PadOp::Adaptor adaptor, Type &result);
LogicalResult inferExpandOpType(StringRef opName, std::optional<Location> loc,
                                ExpandOp::Adaptor adaptor, Type &result);

} // namespace mlir::mdf

#endif // MDF_LIB_DIALECT_MDF_IR_SHAPEINFERENCE_H
