//===- Shape.cpp - shape and data-movement mdf ops to tensor/linalg -------===//
//
// This file implements the lowering of constants, reshapes, permutations,
// concatenation, slices, gathers, padding and broadcasts.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mdf/Conversion/MDFToLinalg/MDFToLinalg.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::lowering;

namespace {

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

/// mdf.reshape and mdf.flatten: the result type says it all.
template <typename OpTy> struct ReshapeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    rewriter.replaceOp(
        op, reshapeStatic(rewriter, op.getLoc(), adaptor.getInput(), type));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    // The result's dynamic sizes come from the permuted input dimensions.
    SmallVector<Value> dynamicSizes;
    for (auto [dim, source] : llvm::enumerate(op.getPermutation()))
      if (type.isDynamicDim(dim))
        dynamicSizes.push_back(
            tensor::DimOp::create(rewriter, loc, adaptor.getInput(), source));
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType(), dynamicSizes);
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, loc,
                                                       adaptor.getInput(), init,
                                                       op.getPermutation())
                               .getResult());
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t rank = type.getRank();
    int64_t axis = normalizeAxis(op.getAxis(), rank);
    Location loc = op.getLoc();
    Value result = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                           type.getElementType());
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto inputType = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
      offsets[axis] = offset;
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result, ValueRange{}, ValueRange{},
          ValueRange{}, offsets, inputType.getShape(), strides);
      offset += inputType.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto type = cast<RankedTensorType>(op.getType());
    if (!inputType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    SmallVector<int64_t> offsets, strides;
    SmallVector<int64_t> sizes(type.getShape());
    getSliceOffsetsAndStrides(inputType, op.getStarts(), op.getAxes(),
                              op.getSteps(), offsets, strides);
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
        op, type, adaptor.getInput(), ValueRange{}, ValueRange{}, ValueRange{},
        offsets, sizes, strides);
    return success();
  }
};

/// result[pre..., idx..., post...] = input[pre..., indices[idx...], post...]
struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput(), indices = adaptor.getIndices();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    int64_t axis = normalizeAxis(op.getAxis(), inputType.getRank());
    int64_t indexRank = indicesType.getRank();
    MLIRContext *context = rewriter.getContext();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indexRank; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, context));
    SmallVector<AffineMap> maps = {
        AffineMap::get(type.getRank(), 0, indexExprs, context),
        rewriter.getMultiDimIdentityMap(type.getRank())};
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    Location loc = op.getLoc();
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    int64_t axisSize = inputType.getDimSize(axis);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, indices, init, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          // Negative indices count from the back.
          Value index =
              arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value wrapped = arith::AddIOp::create(
              b, l, index, arith::ConstantIndexOp::create(b, l, axisSize));
          Value negative =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, index,
                                    arith::ConstantIndexOp::create(b, l, 0));
          index = arith::SelectOp::create(b, l, negative, wrapped, index);
          SmallVector<Value> coordinates;
          for (int64_t i = 0; i < axis; ++i)
            coordinates.push_back(linalg::IndexOp::create(b, l, i));
          coordinates.push_back(index);
          for (int64_t i = axis + 1; i < inputType.getRank(); ++i)
            coordinates.push_back(
                linalg::IndexOp::create(b, l, i - 1 + indexRank));
          Value element = tensor::ExtractOp::create(b, l, input, coordinates);
          linalg::YieldOp::create(b, l, element);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct PadLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> pads = op.getPads();
    int64_t rank = type.getRank();
    Location loc = op.getLoc();
    rewriter.replaceOp(op, padWithConstant(rewriter, loc, adaptor.getInput(),
                                           pads.take_front(rank),
                                           pads.drop_front(rank),
                                           op.getValue().convertToDouble()));
    return success();
  }
};

struct ExpandLowering : OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, op.getLoc(), cast<RankedTensorType>(op.getType()),
                adaptor.getInput(), [](OpBuilder &, Location, ValueRange args) {
                  return args[0];
                }));
    return success();
  }
};

} // namespace

void lowering::getSliceOffsetsAndStrides(RankedTensorType type,
                                         ArrayRef<int64_t> starts,
                                         ArrayRef<int64_t> axes,
                                         ArrayRef<int64_t> steps,
                                         SmallVectorImpl<int64_t> &offsets,
                                         SmallVectorImpl<int64_t> &strides) {
  int64_t rank = type.getRank();
  offsets.assign(rank, 0);
  strides.assign(rank, 1);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t dim = axes.empty() ? i : normalizeAxis(axes[i], rank);
    int64_t size = type.getDimSize(dim);
    offsets[dim] = starts[i] < 0 ? std::max<int64_t>(starts[i] + size, 0)
                                 : std::min(starts[i], size);
    if (!steps.empty())
      strides[dim] = steps[i];
  }
}

void mlir::mdf::populateShapeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ReshapeLowering<ReshapeOp>,
               ReshapeLowering<FlattenOp>, TransposeLowering, ConcatLowering,
               SliceLowering, GatherLowering, PadLowering, ExpandLowering>(
      patterns.getContext());
}
