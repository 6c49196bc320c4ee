//===- Normalization.cpp - norms and softmax to linalg --------------------===//
//
// This file implements the lowering of batch and layer normalization and of
// (log-)softmax, as reductions and broadcasting elementwise generics.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mdf/Conversion/MDFToLinalg/MDFToLinalg.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::lowering;

/// `x - max(x)` along `axis`, kept as the same shape (numerical stability).
static Value subtractMax(OpBuilder &b, Location loc, Value x, int64_t axis) {
  auto type = cast<RankedTensorType>(x.getType());
  Value max = buildReduction(b, loc, x, axis, /*keepDims=*/true,
                             lowestValue(type.getElementType()),
                             [](OpBuilder &nb, Location l, Value e, Value a) {
                               return maxScalar(nb, l, e, a);
                             });
  return buildElementwise(b, loc, type, {x, max},
                          [](OpBuilder &nb, Location l, ValueRange args) {
                            return subScalar(nb, l, args[0], args[1]);
                          });
}

static Value sumKeepingDims(OpBuilder &b, Location loc, Value x,
                            ArrayRef<int64_t> dims) {
  return buildReduction(b, loc, x, dims, /*keepDims=*/true, 0.0,
                        [](OpBuilder &nb, Location l, Value e, Value a) {
                          return addScalar(nb, l, e, a);
                        });
}

namespace {

/// softmax = exp(x - max) / sum(exp(x - max));
/// log_softmax = (x - max) - log(sum(exp(x - max))).
template <typename OpTy> struct SoftmaxLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = normalizeAxis(op.getAxis(), type.getRank());
    Value shifted = subtractMax(rewriter, loc, adaptor.getInput(), axis);
    Value exps = buildElementwise(
        rewriter, loc, type, shifted,
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return math::ExpOp::create(b, l, args[0]);
        });
    Value sum = sumKeepingDims(rewriter, loc, exps, axis);
    constexpr bool isLog = std::is_same_v<OpTy, LogSoftmaxOp>;
    Value result = buildElementwise(
        rewriter, loc, type, {isLog ? shifted : exps, sum},
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          if (isLog)
            return arith::SubFOp::create(b, l, args[0],
                                         math::LogOp::create(b, l, args[1]));
          return arith::DivFOp::create(b, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// (x - mean) / sqrt(var + eps) * scale + bias, per channel (dimension 1).
struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t channels = type.getDimSize(1);
    if (ShapedType::isDynamic(channels))
      return rewriter.notifyMatchFailure(op, "needs a static channel count");
    // Parameters as [C, 1, ..., 1] so they broadcast along dimension 1.
    SmallVector<int64_t> paramShape(type.getRank() - 1, 1);
    paramShape[0] = channels;
    auto paramType = RankedTensorType::get(paramShape, type.getElementType());
    SmallVector<Value> operands = {adaptor.getInput()};
    for (Value param : {adaptor.getScale(), adaptor.getBias(),
                        adaptor.getMean(), adaptor.getVariance()})
      operands.push_back(reshapeTo(rewriter, loc, param, paramType));
    double epsilon = op.getEpsilon().convertToDouble();
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, type, operands,
                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                  Value eps = scalarConstant(b, l, a[0].getType(), epsilon);
                  Value inv = math::RsqrtOp::create(
                      b, l, arith::AddFOp::create(b, l, a[4], eps));
                  Value centered = arith::SubFOp::create(b, l, a[0], a[3]);
                  Value normalized = arith::MulFOp::create(b, l, centered, inv);
                  return arith::AddFOp::create(
                      b, l, arith::MulFOp::create(b, l, normalized, a[1]),
                      a[2]);
                }));
    return success();
  }
};

/// Mean and biased variance over the trailing dimensions from `axis`.
struct LayerNormLowering : OpConversionPattern<LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = normalizeAxis(op.getAxis(), rank);
    SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(axis, rank));
    int64_t count = 1;
    for (int64_t dim : dims) {
      if (type.isDynamicDim(dim))
        return rewriter.notifyMatchFailure(op, "needs static normalized sizes");
      count *= type.getDimSize(dim);
    }
    Type elementType = type.getElementType();
    Value x = adaptor.getInput();
    Value sum = sumKeepingDims(rewriter, loc, x, dims);
    Value centered = buildElementwise(
        rewriter, loc, type, {x, sum},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value mean = arith::DivFOp::create(
              b, l, a[1], scalarConstant(b, l, elementType, count));
          return arith::SubFOp::create(b, l, a[0], mean);
        });
    Value squares =
        buildElementwise(rewriter, loc, type, centered,
                         [](OpBuilder &b, Location l, ValueRange a) -> Value {
                           return arith::MulFOp::create(b, l, a[0], a[0]);
                         });
    Value sumSquares = sumKeepingDims(rewriter, loc, squares, dims);
    double epsilon = op.getEpsilon().convertToDouble();
    SmallVector<Value> operands = {centered, sumSquares};
    if (adaptor.getScale())
      operands.push_back(adaptor.getScale());
    if (adaptor.getBias())
      operands.push_back(adaptor.getBias());
    bool hasScale = bool(adaptor.getScale()), hasBias = bool(adaptor.getBias());
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, type, operands,
                [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                  Value variance = arith::DivFOp::create(
                      b, l, a[1], scalarConstant(b, l, elementType, count));
                  Value inv = math::RsqrtOp::create(
                      b, l,
                      arith::AddFOp::create(
                          b, l, variance,
                          scalarConstant(b, l, elementType, epsilon)));
                  Value y = arith::MulFOp::create(b, l, a[0], inv);
                  if (hasScale)
                    y = arith::MulFOp::create(b, l, y, a[2]);
                  if (hasBias)
                    y = arith::AddFOp::create(b, l, y, a[hasScale ? 3 : 2]);
                  return y;
                }));
    return success();
  }
};

} // namespace

void mlir::mdf::populateNormalizationToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering<SoftmaxOp>, SoftmaxLowering<LogSoftmaxOp>,
               BatchNormLowering, LayerNormLowering>(patterns.getContext());
}
