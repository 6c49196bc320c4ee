//===- LoweringUtils.h - helpers shared by the mdf lowerings ----*- C++ -*-===//
//
// Builders the op-family lowerings share: broadcasting elementwise
// linalg.generic, reductions, scalar arithmetic that works for floats and
// integers, and static reshapes.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_CONVERSION_MDFTOLINALG_LOWERINGUTILS_H
#define MDF_LIB_CONVERSION_MDFTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::mdf::lowering {

/// Computes one result element from the operands' elements.
using ScalarFn = llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// `axis` counted from the front (a negative one counts from the back). The
/// ops' verifiers have checked its range. Takes int64_t on purpose: ODS
/// returns I64Attr values as uint64_t.
inline int64_t normalizeAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

/// True when every operand and result of `op` is a statically shaped tensor
/// (what the lowerings that build fixed-size tensors need).
inline bool hasStaticShapes(Operation *op) {
  auto isStatic = [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && tensor.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

/// A scalar constant of `type` (float or integer).
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);

/// Scalar arithmetic that picks the float or the integer (signed) op.
Value addScalar(OpBuilder &b, Location loc, Value lhs, Value rhs);
/// An integer divisor with 0 replaced by 1. Integer division by zero traps
/// on x86 and would kill the process; it happens in the padding lanes of
/// masked vectors even when no real divisor is zero. A real zero divisor
/// (an error in PyTorch) gives the dividend (quotient) or 0 (remainder).
Value safeIntegerDivisor(OpBuilder &b, Location loc, Value divisor);
Value subScalar(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value mulScalar(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value divScalar(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value maxScalar(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value minScalar(OpBuilder &b, Location loc, Value lhs, Value rhs);

/// `tensor.empty` of `type`; each dynamic size is read (tensor.dim) from an
/// operand that has that dimension, operands aligned at the back.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                  ValueRange sizeSources);

/// `linalg.generic` computing `fn` over `operands` broadcast numpy style to
/// `resultType`.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange operands, ScalarFn fn);

/// Reduces `input` over `dims` with `combine(element, accumulator)` from
/// `identity`; reduced dimensions stay as size 1 when `keepDims`.
Value buildReduction(
    OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> dims,
    bool keepDims, double identity,
    llvm::function_ref<Value(OpBuilder &, Location, Value, Value)> combine);

/// The largest finite value of a float type, negated (for max reductions
/// and max-pool padding), or the smallest signed integer.
double lowestValue(Type type);
/// The identity of a min reduction: the largest finite float, true for
/// booleans, the largest integer of the type (by saturation).
double highestValue(Type type);

/// Rewrites adaptive pooling whose input sizes are not multiples of the
/// output sizes into slices, reductions and concatenations (Pooling.cpp);
/// runs before the conversion.
void decomposeUnevenAdaptivePools(Operation *root);

/// `input` padded by `low`/`high` elements per dimension with `value`
/// (returned as is when nothing is padded).
Value padWithConstant(OpBuilder &b, Location loc, Value input,
                      ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                      double value);

/// The offsets and strides (per dimension of `type`) of the mdf.slice or
/// mdf.slice_scatter attributes `starts`, `axes` and `steps`, with Python's
/// negative and clamped starts (Shape.cpp).
void getSliceOffsetsAndStrides(RankedTensorType type, ArrayRef<int64_t> starts,
                               ArrayRef<int64_t> axes, ArrayRef<int64_t> steps,
                               SmallVectorImpl<int64_t> &offsets,
                               SmallVectorImpl<int64_t> &strides);

/// `input` with the shape of `type`, row-major, through collapse + expand
/// (free on contiguous buffers). A target with more than one dynamic size
/// needs all its `sizes`; without them the result is null.
Value reshapeTo(OpBuilder &b, Location loc, Value input, RankedTensorType type,
                ArrayRef<OpFoldResult> sizes = {});

/// The number of positions of a window (convolution, pooling) of `kernel`
/// cells, `stride` and `dilation` along a dimension of padded size `padded`:
/// (padded - dilation * (kernel - 1) - 1) / stride + 1.
OpFoldResult windowOutputSize(OpBuilder &b, Location loc, OpFoldResult padded,
                              int64_t kernel, int64_t stride,
                              int64_t dilation);

/// `tensor.empty` of `type` taking `sizes[d]` for each dynamic dimension d
/// (`sizes` has one entry per dimension).
Value emptyWithSizes(OpBuilder &b, Location loc, RankedTensorType type,
                     ArrayRef<OpFoldResult> sizes);

} // namespace mlir::mdf::lowering

#endif // MDF_LIB_CONVERSION_MDFTOLINALG_LOWERINGUTILS_H
