//===- Reduction.cpp - mdf reductions to linalg.generic -------------------===//
//
// This file implements the lowering of sum, mean, max and min reductions.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mdf/Conversion/MDFToLinalg/MDFToLinalg.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::lowering;

/// The reduced dimensions of a reduce op, normalized; all when empty.
template <typename OpTy> static SmallVector<int64_t> getReducedDims(OpTy op) {
  int64_t rank = cast<RankedTensorType>(op.getInput().getType()).getRank();
  SmallVector<int64_t> dims;
  for (int64_t axis : op.getAxes())
    dims.push_back(axis < 0 ? axis + rank : axis);
  if (dims.empty())
    dims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  return dims;
}

namespace {

template <typename OpTy> struct ReductionLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Type elementType = inputType.getElementType();
    SmallVector<int64_t> dims = getReducedDims(op);
    bool isMax = std::is_same_v<OpTy, ReduceMaxOp>;
    bool isMin = std::is_same_v<OpTy, ReduceMinOp>;
    double identity = isMax   ? lowestValue(elementType)
                      : isMin ? highestValue(elementType)
                              : 0.0;
    Value result = buildReduction(
        rewriter, loc, input, dims, op.getKeepDims(), identity,
        [&](OpBuilder &b, Location l, Value element, Value accumulator) {
          if (isMax)
            return maxScalar(b, l, element, accumulator);
          if (isMin)
            return minScalar(b, l, element, accumulator);
          return addScalar(b, l, element, accumulator);
        });
    if constexpr (std::is_same_v<OpTy, ReduceMeanOp>) {
      // The count of reduced elements, at run time for dynamic sizes.
      int64_t staticCount = 1;
      Value dynamicCount;
      for (int64_t dim : dims) {
        if (!inputType.isDynamicDim(dim)) {
          staticCount *= inputType.getDimSize(dim);
          continue;
        }
        Value size = tensor::DimOp::create(rewriter, loc, input, dim);
        dynamicCount = dynamicCount ? arith::MulIOp::create(rewriter, loc,
                                                            dynamicCount, size)
                                          .getResult()
                                    : size;
      }
      Value count;
      if (dynamicCount) {
        Value total = arith::MulIOp::create(
            rewriter, loc, dynamicCount,
            arith::ConstantIndexOp::create(rewriter, loc, staticCount));
        Value asInteger = arith::IndexCastOp::create(
            rewriter, loc, rewriter.getI64Type(), total);
        count = arith::SIToFPOp::create(rewriter, loc, elementType, asInteger);
      }
      auto type = cast<RankedTensorType>(result.getType());
      result = buildElementwise(rewriter, loc, type, result,
                                [&](OpBuilder &b, Location l, ValueRange args) {
                                  return divScalar(
                                      b, l, args[0],
                                      count ? count
                                            : scalarConstant(b, l, elementType,
                                                             staticCount));
                                });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::mdf::populateReductionToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ReductionLowering<ReduceSumOp>, ReductionLowering<ReduceMeanOp>,
               ReductionLowering<ReduceMaxOp>, ReductionLowering<ReduceMinOp>>(
      patterns.getContext());
}
