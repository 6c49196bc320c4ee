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

/// The op an inference runs for and where; reports its errors.
struct InferenceContext {
  StringRef opName;
  /// The verifier always passes a location; builders may not, and then
  /// errors are not reported, only returned.
  std::optional<Location> loc;

  /// Reports `'<opName>' op <args...>` and returns failure.
  template <typename... Args> LogicalResult emitError(Args &&...args) const {
    if (!loc)
      return failure();
    InFlightDiagnostic diag = mlir::emitError(*loc) << "'" << opName << "' op ";
    (diag << ... << std::forward<Args>(args));
    return diag;
  }
};

/// Normalizes `axis` (negative counts from the back) into [0, rank), or
/// reports that it is out of range.
FailureOr<int64_t> normalizeAxis(const InferenceContext &ctx, StringRef what,
                                 int64_t axis, int64_t rank);

/// Broadcasts `shapes` numpy style; reports the first pair that conflicts.
FailureOr<SmallVector<int64_t>>
broadcastShapes(const InferenceContext &ctx,
                ArrayRef<ArrayRef<int64_t>> shapes);

/// Reports a rank outside 3..5: N, C and 1 to 3 spatial dimensions.
LogicalResult checkSpatialRank(const InferenceContext &ctx, StringRef what,
                               int64_t rank);

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
FailureOr<WindowAttrs> getWindowAttrs(const InferenceContext &ctx,
                                      size_t spatialRank,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pads,
                                      ArrayRef<int64_t> dilations);

/// Appends the output sizes of the spatial dimensions (from dimension 2 of
/// `inputShape` on) of a window of size `kernel` to `shape`; reports an
/// input too small for the window.
LogicalResult inferWindowedShape(const InferenceContext &ctx,
                                 ArrayRef<int64_t> inputShape,
                                 ArrayRef<int64_t> kernel,
                                 const WindowAttrs &window, bool ceilMode,
                                 SmallVectorImpl<int64_t> &shape);

/// Type of `operands` broadcast together, with `elementType`.
FailureOr<Type> inferBroadcastType(const InferenceContext &ctx,
                                   ValueRange operands, Type elementType);

/// Adaptive pooling keeps N and C and sets the spatial sizes.
FailureOr<Type> inferAdaptivePoolType(const InferenceContext &ctx, Value input,
                                      ArrayRef<int64_t> outputSize);

FailureOr<Type> inferReduceType(const InferenceContext &ctx, Value input,
                                ArrayRef<int64_t> axes, bool keepDims);

/// Elementwise ops with broadcasting: the result has the last operand's
/// element type (the operands' common one, or `where`'s values').
template <typename Adaptor>
FailureOr<Type> inferBroadcastOpType(const InferenceContext &ctx,
                                     Adaptor adaptor) {
  ValueRange operands = adaptor.getOperands();
  return inferBroadcastType(
      ctx, operands,
      cast<ShapedType>(operands.back().getType()).getElementType());
}

template <typename Adaptor>
FailureOr<Type> inferAdaptivePoolOpType(const InferenceContext &ctx,
                                        Adaptor adaptor) {
  return inferAdaptivePoolType(ctx, adaptor.getInput(),
                               adaptor.getOutputSize());
}

template <typename Adaptor>
FailureOr<Type> inferReduceOpType(const InferenceContext &ctx,
                                  Adaptor adaptor) {
  return inferReduceType(ctx, adaptor.getInput(), adaptor.getAxes(),
                         adaptor.getKeepDims());
}

/// The ops whose inference is their own: `infer<Op>Type` for each.
/// The type `mdf.slice` with these attributes gives `inputType` (shared by
/// slice and slice_scatter).
FailureOr<RankedTensorType>
inferSlicedType(const InferenceContext &ctx, RankedTensorType inputType,
                ArrayRef<int64_t> starts, ArrayRef<int64_t> ends,
                ArrayRef<int64_t> axes, ArrayRef<int64_t> steps);

#define MDF_OPS_WITH_OWN_INFERENCE(X)                                          \
  X(CompareOp)                                                                 \
  X(MatMulOp) X(GemmOp) X(ConvOp) X(MaxPoolOp) X(AvgPoolOp) X(BatchNormOp)     \
      X(LayerNormOp) X(ReshapeOp) X(FlattenOp) X(TransposeOp) X(ConcatOp)      \
          X(SliceOp) X(GatherOp) X(PadOp) X(ExpandOp) X(SliceScatterOp)      \
              X(GatherElementsOp) X(ScatterElementsOp) X(ArgsortOp)            \
                  X(CumulativeOp)

#define MDF_DECLARE_INFERENCE(Op)                                              \
  FailureOr<Type> infer##Op##Type(const InferenceContext &ctx,                 \
                                  Op::Adaptor adaptor);
MDF_OPS_WITH_OWN_INFERENCE(MDF_DECLARE_INFERENCE)
#undef MDF_DECLARE_INFERENCE

} // namespace mlir::mdf

#endif // MDF_LIB_DIALECT_MDF_IR_SHAPEINFERENCE_H
