//===- ElementwiseOps.cpp - elementwise mdf ops -----------------*- C++ -*-===//
//
// This file implements type inference, verification and folding for the
// elementwise ops: arithmetic with broadcasting, comparisons, selection,
// casts and activations.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"
#include "mlir/Dialect/CommonFolders.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::mdf;

/// Larger non-splat constants are left for the compiled code: folding them
/// would duplicate the data in the context for little gain.
static constexpr int64_t kMaxFoldedElements = 4096;

FailureOr<Type> mlir::mdf::inferCompareOpType(const InferenceContext &ctx,
                                              CompareOp::Adaptor adaptor) {
  return inferBroadcastType(ctx, adaptor.getOperands(),
                            IntegerType::get(adaptor.getLhs().getContext(), 1));
}

//===----------------------------------------------------------------------===//
// Constant folding helpers
//===----------------------------------------------------------------------===//

/// Returns `operands` as dense attributes of `resultType`'s shape (splats are
/// stretched; broadcasting non-splats is left alone), or nothing.
static std::optional<SmallVector<Attribute, 2>>
getFoldableConstants(ArrayRef<Attribute> operands, Type resultType) {
  auto type = dyn_cast<RankedTensorType>(resultType);
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  SmallVector<Attribute, 2> adjusted;
  for (Attribute operand : operands) {
    auto dense = dyn_cast_or_null<DenseElementsAttr>(operand);
    if (!dense)
      return std::nullopt;
    if (dense.isSplat()) {
      dense = DenseElementsAttr::get(type.clone(dense.getElementType()),
                                     dense.getSplatValue<Attribute>());
    } else if (dense.getType().getShape() != type.getShape() ||
               dense.getNumElements() > kMaxFoldedElements) {
      return std::nullopt;
    }
    adjusted.push_back(dense);
  }
  return adjusted;
}

/// Folds a binary op whose operands are both constants.
template <typename FloatFn, typename IntFn>
static OpFoldResult foldBinaryConstants(ArrayRef<Attribute> operands,
                                        Type resultType, FloatFn floatFn,
                                        IntFn intFn) {
  std::optional<SmallVector<Attribute, 2>> constants =
      getFoldableConstants(operands, resultType);
  if (!constants)
    return {};
  if (isa<FloatType>(getElementTypeOrSelf(resultType)))
    return constFoldBinaryOpConditional<FloatAttr, APFloat, void>(
        *constants, resultType,
        [&](const APFloat &a, const APFloat &b) -> std::optional<APFloat> {
          return floatFn(a, b);
        });
  return constFoldBinaryOpConditional<IntegerAttr, APInt, void>(
      *constants, resultType, intFn);
}

/// True when `value` is a constant whose every element equals `number`
/// (for floats, bitwise: -0.0 and 0.0 differ).
static bool isSplatOf(Attribute value, double number) {
  auto splat = dyn_cast_or_null<SplatElementsAttr>(value);
  if (!splat)
    return false;
  Type elementType = splat.getElementType();
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    APFloat expected(number);
    bool losesInfo;
    expected.convert(floatType.getFloatSemantics(),
                     APFloat::rmNearestTiesToEven, &losesInfo);
    return splat.getSplatValue<APFloat>().bitwiseIsEqual(expected);
  }
  return splat.getSplatValue<APInt>().getSExtValue() ==
         static_cast<int64_t>(number);
}

/// Folds `op(x, identity)` to `x` when that needs no broadcast.
static OpFoldResult foldRightIdentity(Value lhs, Attribute rhsConstant,
                                      Type resultType, double identity) {
  if (lhs.getType() == resultType && isSplatOf(rhsConstant, identity))
    return lhs;
  return {};
}

static bool isFloatResult(Type type) {
  return isa<FloatType>(getElementTypeOrSelf(type));
}

//===----------------------------------------------------------------------===//
// Binary arithmetic
//===----------------------------------------------------------------------===//

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + (-0.0) is x for every float x; x + 0 is x for integers.
  if (OpFoldResult identity =
          foldRightIdentity(getLhs(), adaptor.getRhs(), getType(),
                            isFloatResult(getType()) ? -0.0 : 0.0))
    return identity;
  return foldBinaryConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) { return a + b; },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a + b;
      });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult identity =
          foldRightIdentity(getLhs(), adaptor.getRhs(), getType(), 0.0))
    return identity;
  return foldBinaryConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) { return a - b; },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a - b;
      });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult identity =
          foldRightIdentity(getLhs(), adaptor.getRhs(), getType(), 1.0))
    return identity;
  return foldBinaryConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) { return a * b; },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        return a * b;
      });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (OpFoldResult identity =
          foldRightIdentity(getLhs(), adaptor.getRhs(), getType(), 1.0))
    return identity;
  return foldBinaryConstants(
      adaptor.getOperands(), getType(),
      [](APFloat a, const APFloat &b) { return a / b; },
      [](const APInt &a, const APInt &b) -> std::optional<APInt> {
        // Division by zero is left to run time, which defines nothing either.
        if (b.isZero())
          return std::nullopt;
        return a.sdiv(b);
      });
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldRightIdentity(getLhs(), adaptor.getRhs(), getType(), 1.0);
}

/// x op x is x; constants fold. NaN propagates, as in llvm.maximum.
template <typename MinMaxOp>
static OpFoldResult foldMinMax(MinMaxOp op, ArrayRef<Attribute> operands,
                               bool isMax) {
  if (op.getLhs() == op.getRhs() && op.getLhs().getType() == op.getType())
    return op.getLhs();
  return foldBinaryConstants(
      operands, op.getType(),
      [&](const APFloat &a, const APFloat &b) {
        return isMax ? llvm::maximum(a, b) : llvm::minimum(a, b);
      },
      [&](const APInt &a, const APInt &b) -> std::optional<APInt> {
        // Booleans are 0 and 1 (unsigned): max is `or`, min is `and`.
        bool aIsLarger = a.getBitWidth() == 1 ? a.uge(b) : a.sge(b);
        return aIsLarger == isMax ? a : b;
      });
}

OpFoldResult MaximumOp::fold(FoldAdaptor adaptor) {
  return foldMinMax(*this, adaptor.getOperands(), /*isMax=*/true);
}

OpFoldResult MinimumOp::fold(FoldAdaptor adaptor) {
  return foldMinMax(*this, adaptor.getOperands(), /*isMax=*/false);
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  std::optional<SmallVector<Attribute, 2>> constants =
      getFoldableConstants(adaptor.getOperands(), getType());
  if (!constants)
    return {};
  if (isFloatResult(getType()))
    return constFoldUnaryOp<FloatAttr, APFloat, void>(
        *constants, getType(), [](const APFloat &a) { return -a; });
  return constFoldUnaryOp<IntegerAttr, APInt, void>(
      *constants, getType(), [](const APInt &a) { return -a; });
}

LogicalResult ClipOp::verify() {
  if (getMin() && getMax() &&
      getMin()->convertToDouble() > getMax()->convertToDouble())
    return emitOpError("min (")
           << getMin()->convertToDouble() << ") is greater than max ("
           << getMax()->convertToDouble() << ")";
  return success();
}

OpFoldResult ClipOp::fold(FoldAdaptor) {
  if (!getMin() && !getMax())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Selection and casts
//===----------------------------------------------------------------------===//

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  auto condition = dyn_cast_or_null<SplatElementsAttr>(adaptor.getCondition());
  Value chosen = getTrueValue() == getFalseValue() ? getTrueValue() : Value();
  if (!chosen && condition)
    chosen = condition.getSplatValue<bool>() ? getTrueValue() : getFalseValue();
  if (chosen && chosen.getType() == getType())
    return chosen;
  return {};
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // cast(cast(x)) to x's own type folds when the inner cast widens.
  if (auto inner = getInput().getDefiningOp<CastOp>()) {
    Type original = inner.getInput().getType();
    Type middle = getElementTypeOrSelf(inner.getType());
    Type source = getElementTypeOrSelf(original);
    bool widens = (source.isF32() && middle.isF64()) ||
                  (source.isInteger(32) && middle.isInteger(64));
    if (original == getType() && widens)
      return inner.getInput();
  }
  return {};
}
