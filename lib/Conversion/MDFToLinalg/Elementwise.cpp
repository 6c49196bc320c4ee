//===- Elementwise.cpp - elementwise mdf ops to linalg.generic ------------===//
//
// This file implements the lowering of mdf's elementwise ops: each becomes
// one linalg.generic over its operands broadcast to the result shape, whose
// body computes one element with arith and math ops.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mdf/Conversion/MDFToLinalg/MDFToLinalg.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::lowering;

namespace {

Value constantLike(OpBuilder &b, Location loc, Value like, double value) {
  return scalarConstant(b, loc, like.getType(), value);
}

Value sigmoid(OpBuilder &b, Location loc, Value x) {
  Value one = constantLike(b, loc, x, 1.0);
  Value negated = arith::NegFOp::create(b, loc, x);
  Value denominator =
      arith::AddFOp::create(b, loc, one, math::ExpOp::create(b, loc, negated));
  return arith::DivFOp::create(b, loc, one, denominator);
}

/// clamp(x, lo, hi) with either bound optional.
Value clamp(OpBuilder &b, Location loc, Value x, std::optional<double> lo,
            std::optional<double> hi) {
  if (lo)
    x = maxScalar(b, loc, x, constantLike(b, loc, x, *lo));
  if (hi)
    x = minScalar(b, loc, x, constantLike(b, loc, x, *hi));
  return x;
}

//===----------------------------------------------------------------------===//
// One element of each op
//===----------------------------------------------------------------------===//

template <typename MathOp>
Value unaryMath(OpBuilder &b, Location loc, ValueRange args) {
  return MathOp::create(b, loc, args[0]);
}

Value computeScalar(ExpOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::ExpOp>(b, l, a);
}
Value computeScalar(LogOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::LogOp>(b, l, a);
}
Value computeScalar(SqrtOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::SqrtOp>(b, l, a);
}
Value computeScalar(RsqrtOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::RsqrtOp>(b, l, a);
}
Value computeScalar(ErfOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::ErfOp>(b, l, a);
}
Value computeScalar(TanhOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::TanhOp>(b, l, a);
}
Value computeScalar(SinOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::SinOp>(b, l, a);
}
Value computeScalar(CosOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::CosOp>(b, l, a);
}
Value computeScalar(TanOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::TanOp>(b, l, a);
}
Value computeScalar(SinhOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::SinhOp>(b, l, a);
}
Value computeScalar(CoshOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::CoshOp>(b, l, a);
}
Value computeScalar(ArcsinOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::AsinOp>(b, l, a);
}
Value computeScalar(ArccosOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::AcosOp>(b, l, a);
}
Value computeScalar(ArctanOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::AtanOp>(b, l, a);
}
Value computeScalar(FloorOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::FloorOp>(b, l, a);
}
Value computeScalar(CeilOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::CeilOp>(b, l, a);
}
Value computeScalar(TruncOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::TruncOp>(b, l, a);
}
Value computeScalar(RoundOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::RoundEvenOp>(b, l, a);
}
Value computeScalar(Log2Op, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::Log2Op>(b, l, a);
}
Value computeScalar(Log1pOp, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::Log1pOp>(b, l, a);
}
Value computeScalar(Expm1Op, OpBuilder &b, Location l, ValueRange a) {
  return unaryMath<math::ExpM1Op>(b, l, a);
}
Value computeScalar(SigmoidOp, OpBuilder &b, Location l, ValueRange a) {
  return sigmoid(b, l, a[0]);
}
Value computeScalar(SiluOp, OpBuilder &b, Location l, ValueRange a) {
  return arith::MulFOp::create(b, l, a[0], sigmoid(b, l, a[0]));
}
Value computeScalar(HardswishOp, OpBuilder &b, Location l, ValueRange a) {
  Value x = a[0];
  Value shifted = arith::AddFOp::create(b, l, x, constantLike(b, l, x, 3.0));
  Value gate = clamp(b, l, shifted, 0.0, 6.0);
  Value scaled = arith::DivFOp::create(b, l, gate, constantLike(b, l, x, 6.0));
  return arith::MulFOp::create(b, l, x, scaled);
}
Value computeScalar(NegOp, OpBuilder &b, Location l, ValueRange a) {
  if (isa<FloatType>(a[0].getType()))
    return arith::NegFOp::create(b, l, a[0]);
  return arith::SubIOp::create(b, l, constantLike(b, l, a[0], 0), a[0]);
}
Value computeScalar(AbsOp, OpBuilder &b, Location l, ValueRange a) {
  if (isa<FloatType>(a[0].getType()))
    return math::AbsFOp::create(b, l, a[0]);
  // select(x < 0, 0 - x, x): math.absi has no LLVM lowering in MLIR 22.
  Value x = a[0];
  Value zero = constantLike(b, l, x, 0);
  Value negative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, x, zero);
  return arith::SelectOp::create(b, l, negative,
                                 arith::SubIOp::create(b, l, zero, x), x);
}
Value computeScalar(ReluOp, OpBuilder &b, Location l, ValueRange a) {
  return maxScalar(b, l, a[0], constantLike(b, l, a[0], 0));
}
Value computeScalar(LeakyReluOp op, OpBuilder &b, Location l, ValueRange a) {
  Value x = a[0];
  Value scaled = arith::MulFOp::create(
      b, l, x, constantLike(b, l, x, op.getAlpha().convertToDouble()));
  Value positive = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, x,
                                         constantLike(b, l, x, 0));
  return arith::SelectOp::create(b, l, positive, x, scaled);
}
Value computeScalar(ClipOp op, OpBuilder &b, Location l, ValueRange a) {
  auto bound = [](std::optional<APFloat> value) -> std::optional<double> {
    if (!value)
      return std::nullopt;
    return value->convertToDouble();
  };
  return clamp(b, l, a[0], bound(op.getMin()), bound(op.getMax()));
}
Value computeScalar(HardsigmoidOp op, OpBuilder &b, Location l, ValueRange a) {
  Value x = a[0];
  Value linear = arith::AddFOp::create(
      b, l,
      arith::MulFOp::create(
          b, l, x, constantLike(b, l, x, op.getAlpha().convertToDouble())),
      constantLike(b, l, x, op.getBeta().convertToDouble()));
  return clamp(b, l, linear, 0.0, 1.0);
}
Value computeScalar(GeluOp op, OpBuilder &b, Location l, ValueRange a) {
  Value x = a[0];
  Value half = constantLike(b, l, x, 0.5);
  Value one = constantLike(b, l, x, 1.0);
  Value cdf;
  if (op.getApproximate() == GeluApproximation::tanh) {
    // tanh(sqrt(2/pi) * (x + 0.044715 x^3))
    Value cube =
        arith::MulFOp::create(b, l, x, arith::MulFOp::create(b, l, x, x));
    Value inner = arith::AddFOp::create(
        b, l, x,
        arith::MulFOp::create(b, l, cube, constantLike(b, l, x, 0.044715)));
    Value scaled = arith::MulFOp::create(
        b, l, inner, constantLike(b, l, x, std::sqrt(2.0 / M_PI)));
    cdf = math::TanhOp::create(b, l, scaled);
  } else {
    cdf = math::ErfOp::create(
        b, l, arith::MulFOp::create(b, l, x, constantLike(b, l, x, M_SQRT1_2)));
  }
  Value factor = arith::AddFOp::create(b, l, one, cdf);
  return arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, half, x),
                               factor);
}
Value computeScalar(AddOp, OpBuilder &b, Location l, ValueRange a) {
  return addScalar(b, l, a[0], a[1]);
}
Value computeScalar(SubOp, OpBuilder &b, Location l, ValueRange a) {
  return subScalar(b, l, a[0], a[1]);
}
Value computeScalar(MulOp, OpBuilder &b, Location l, ValueRange a) {
  return mulScalar(b, l, a[0], a[1]);
}
Value computeScalar(DivOp, OpBuilder &b, Location l, ValueRange a) {
  return divScalar(b, l, a[0], a[1]);
}
Value computeScalar(PowOp, OpBuilder &b, Location l, ValueRange a) {
  return math::PowFOp::create(b, l, a[0], a[1]);
}
/// C's remainder: the sign of the dividend.
Value truncatedRemainder(OpBuilder &b, Location l, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::RemFOp::create(b, l, x, y);
  return arith::RemSIOp::create(b, l, x, safeIntegerDivisor(b, l, y));
}
Value computeScalar(FmodOp, OpBuilder &b, Location l, ValueRange a) {
  return truncatedRemainder(b, l, a[0], a[1]);
}
Value computeScalar(RemainderOp, OpBuilder &b, Location l, ValueRange a) {
  // r = fmod(x, y); r + y when r is nonzero and its sign differs from y's.
  Value x = a[0], y = a[1];
  Value r = truncatedRemainder(b, l, x, y);
  Value zero = constantLike(b, l, x, 0);
  Value nonzero, rNegative, yNegative;
  if (isa<FloatType>(x.getType())) {
    nonzero = arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNE, r, zero);
    rNegative = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, r, zero);
    yNegative = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, y, zero);
  } else {
    nonzero = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, r, zero);
    rNegative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, r, zero);
    yNegative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, y, zero);
  }
  Value signsDiffer = arith::XOrIOp::create(b, l, rNegative, yNegative);
  Value adjust = arith::AndIOp::create(b, l, nonzero, signsDiffer);
  return arith::SelectOp::create(b, l, adjust, addScalar(b, l, r, y), r);
}
Value computeScalar(MaximumOp, OpBuilder &b, Location l, ValueRange a) {
  return maxScalar(b, l, a[0], a[1]);
}
Value computeScalar(MinimumOp, OpBuilder &b, Location l, ValueRange a) {
  return minScalar(b, l, a[0], a[1]);
}
Value computeScalar(CompareOp op, OpBuilder &b, Location l, ValueRange a) {
  ComparisonPredicate predicate = op.getPredicate();
  if (isa<FloatType>(a[0].getType())) {
    arith::CmpFPredicate floatPredicate;
    switch (predicate) {
    case ComparisonPredicate::eq:
      floatPredicate = arith::CmpFPredicate::OEQ;
      break;
    case ComparisonPredicate::ne:
      floatPredicate = arith::CmpFPredicate::UNE;
      break;
    case ComparisonPredicate::lt:
      floatPredicate = arith::CmpFPredicate::OLT;
      break;
    case ComparisonPredicate::le:
      floatPredicate = arith::CmpFPredicate::OLE;
      break;
    case ComparisonPredicate::gt:
      floatPredicate = arith::CmpFPredicate::OGT;
      break;
    case ComparisonPredicate::ge:
      floatPredicate = arith::CmpFPredicate::OGE;
      break;
    }
    return arith::CmpFOp::create(b, l, floatPredicate, a[0], a[1]);
  }
  // Booleans compare unsigned (false < true).
  bool isBool = a[0].getType().isInteger(1);
  arith::CmpIPredicate intPredicate;
  switch (predicate) {
  case ComparisonPredicate::eq:
    intPredicate = arith::CmpIPredicate::eq;
    break;
  case ComparisonPredicate::ne:
    intPredicate = arith::CmpIPredicate::ne;
    break;
  case ComparisonPredicate::lt:
    intPredicate = isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    break;
  case ComparisonPredicate::le:
    intPredicate = isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    break;
  case ComparisonPredicate::gt:
    intPredicate = isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    break;
  case ComparisonPredicate::ge:
    intPredicate = isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    break;
  }
  return arith::CmpIOp::create(b, l, intPredicate, a[0], a[1]);
}
Value computeScalar(WhereOp, OpBuilder &b, Location l, ValueRange a) {
  return arith::SelectOp::create(b, l, a[0], a[1], a[2]);
}
Value computeScalar(LinearOp, OpBuilder &b, Location l, ValueRange a) {
  return arith::AddFOp::create(b, l, arith::MulFOp::create(b, l, a[0], a[1]),
                               a[2]);
}
Value computeScalar(LogisticOp, OpBuilder &b, Location l, ValueRange a) {
  // 1 / (1 + exp(-gain * (x + bias) + offset))
  Value shifted = arith::AddFOp::create(b, l, a[0], a[2]);
  Value scaled =
      arith::MulFOp::create(b, l, arith::NegFOp::create(b, l, a[1]), shifted);
  Value exponent = arith::AddFOp::create(b, l, scaled, a[3]);
  Value one = constantLike(b, l, a[0], 1.0);
  return arith::DivFOp::create(
      b, l, one,
      arith::AddFOp::create(b, l, one, math::ExpOp::create(b, l, exponent)));
}
Value computeScalar(ExponentialOp, OpBuilder &b, Location l, ValueRange a) {
  // scale * exp(rate * x + bias) + offset
  Value exponent = arith::AddFOp::create(
      b, l, arith::MulFOp::create(b, l, a[2], a[0]), a[3]);
  return arith::AddFOp::create(
      b, l,
      arith::MulFOp::create(b, l, a[1], math::ExpOp::create(b, l, exponent)),
      a[4]);
}
Value computeScalar(CastOp op, OpBuilder &b, Location l, ValueRange a) {
  Value x = a[0];
  Type from = x.getType();
  Type to = cast<RankedTensorType>(op.getType()).getElementType();
  if (from == to)
    return x;
  if (to.isInteger(1)) {
    if (isa<FloatType>(from))
      return arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNE, x,
                                   constantLike(b, l, x, 0));
    return arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne, x,
                                 constantLike(b, l, x, 0));
  }
  if (from.isInteger(1))
    return isa<FloatType>(to) ? arith::UIToFPOp::create(b, l, to, x).getResult()
                              : arith::ExtUIOp::create(b, l, to, x).getResult();
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  if (fromFloat && toFloat)
    return to.getIntOrFloatBitWidth() > from.getIntOrFloatBitWidth()
               ? arith::ExtFOp::create(b, l, to, x).getResult()
               : arith::TruncFOp::create(b, l, to, x).getResult();
  if (fromFloat)
    return arith::FPToSIOp::create(b, l, to, x);
  if (toFloat)
    return arith::SIToFPOp::create(b, l, to, x);
  return to.getIntOrFloatBitWidth() > from.getIntOrFloatBitWidth()
             ? arith::ExtSIOp::create(b, l, to, x).getResult()
             : arith::TruncIOp::create(b, l, to, x).getResult();
}

/// Lowers an elementwise op through its `computeScalar`.
template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value result =
        buildElementwise(rewriter, op.getLoc(), type, adaptor.getOperands(),
                         [&](OpBuilder &b, Location loc, ValueRange args) {
                           return computeScalar(op, b, loc, args);
                         });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::mdf::populateElementwiseToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ElementwiseLowering<ExpOp>, ElementwiseLowering<LogOp>,
               ElementwiseLowering<SqrtOp>, ElementwiseLowering<RsqrtOp>,
               ElementwiseLowering<ErfOp>, ElementwiseLowering<TanhOp>,
               ElementwiseLowering<SigmoidOp>, ElementwiseLowering<SinOp>,
               ElementwiseLowering<CosOp>, ElementwiseLowering<TanOp>,
               ElementwiseLowering<SinhOp>, ElementwiseLowering<CoshOp>,
               ElementwiseLowering<ArcsinOp>, ElementwiseLowering<ArccosOp>,
               ElementwiseLowering<ArctanOp>, ElementwiseLowering<SiluOp>,
               ElementwiseLowering<HardswishOp>, ElementwiseLowering<FloorOp>,
               ElementwiseLowering<CeilOp>, ElementwiseLowering<TruncOp>,
               ElementwiseLowering<RoundOp>, ElementwiseLowering<Log2Op>,
               ElementwiseLowering<Log1pOp>, ElementwiseLowering<Expm1Op>,
               ElementwiseLowering<RemainderOp>, ElementwiseLowering<FmodOp>,
               ElementwiseLowering<NegOp>,
               ElementwiseLowering<AbsOp>, ElementwiseLowering<ReluOp>,
               ElementwiseLowering<LeakyReluOp>, ElementwiseLowering<ClipOp>,
               ElementwiseLowering<HardsigmoidOp>, ElementwiseLowering<GeluOp>,
               ElementwiseLowering<AddOp>, ElementwiseLowering<SubOp>,
               ElementwiseLowering<MulOp>, ElementwiseLowering<DivOp>,
               ElementwiseLowering<PowOp>, ElementwiseLowering<MaximumOp>,
               ElementwiseLowering<MinimumOp>, ElementwiseLowering<CompareOp>,
               ElementwiseLowering<WhereOp>, ElementwiseLowering<LinearOp>,
               ElementwiseLowering<LogisticOp>,
               ElementwiseLowering<ExponentialOp>, ElementwiseLowering<CastOp>>(
      patterns.getContext());
}
