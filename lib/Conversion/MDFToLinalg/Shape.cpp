//===- Shape.cpp - shape and data-movement mdf ops to tensor/linalg -------===//
//
// This file implements the lowering of constants, reshapes, permutations,
// concatenation, slices, gathers, padding and broadcasts.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mdf/Conversion/MDFToLinalg/MDFToLinalg.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
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

/// Whether each group of `reassociation` has at most one dynamic size in
/// `type` (so an expansion can infer the sizes).
static bool inferable(RankedTensorType type,
                      ArrayRef<ReassociationIndices> reassociation) {
  return llvm::all_of(reassociation, [&](const ReassociationIndices &group) {
    return llvm::count_if(group, [&](int64_t dim) {
             return type.isDynamicDim(dim);
           }) <= 1;
  });
}

/// mdf.reshape: the result type says it all. Dynamic sizes go through a
/// collapse or an expansion that keeps them in their own groups, else
/// through one dimension.
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    Location loc = op.getLoc();
    if (!hasStaticShapes(op)) {
      if (inputType.getRank() > type.getRank()) {
        if (auto groups = getReassociationIndicesForReshape(inputType, type)) {
          rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, type, input,
                                                               *groups);
          return success();
        }
      } else if (inputType.getRank() < type.getRank()) {
        auto groups = getReassociationIndicesForReshape(type, inputType);
        if (groups && inferable(type, *groups)) {
          rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, type, input,
                                                             *groups);
          return success();
        }
      }
    }
    Value result = reshapeTo(rewriter, loc, input, type);
    if (!result)
      return rewriter.notifyMatchFailure(op, "several dynamic sizes");
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// mdf.flatten: one collapse.
struct FlattenLowering : OpConversionPattern<FlattenOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    if (rank == 0 || hasStaticShapes(op)) {
      rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), input, type));
      return success();
    }
    int64_t start = normalizeAxis(op.getStartDim(), rank);
    int64_t end = normalizeAxis(op.getEndDim(), rank);
    SmallVector<ReassociationIndices> groups;
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (dim > start && dim <= end)
        groups.back().push_back(dim);
      else
        groups.push_back({dim});
    }
    Value result = tensor::CollapseShapeOp::create(rewriter, op.getLoc(), input,
                                                   groups);
    if (result.getType() != type)
      result = tensor::CastOp::create(rewriter, op.getLoc(), type, result);
    rewriter.replaceOp(op, result);
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

/// Each input inserted at its offset along the axis (a run-time sum when
/// sizes along it are dynamic).
struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = normalizeAxis(op.getAxis(), rank);
    Location loc = op.getLoc();
    auto add = [&](OpFoldResult a, OpFoldResult b) -> OpFoldResult {
      std::optional<int64_t> x = getConstantIntValue(a);
      std::optional<int64_t> y = getConstantIntValue(b);
      if (x && y)
        return rewriter.getIndexAttr(*x + *y);
      return arith::AddIOp::create(
                 rewriter, loc,
                 getValueOrCreateConstantIndexOp(rewriter, loc, a),
                 getValueOrCreateConstantIndexOp(rewriter, loc, b))
          .getResult();
    };
    SmallVector<SmallVector<OpFoldResult>> inputSizes;
    OpFoldResult total = rewriter.getIndexAttr(0);
    for (Value input : adaptor.getInputs()) {
      inputSizes.push_back(tensor::getMixedSizes(rewriter, loc, input));
      total = add(total, inputSizes.back()[axis]);
    }
    SmallVector<OpFoldResult> sizes(inputSizes.front());
    sizes[axis] = total;
    Value result = emptyWithSizes(rewriter, loc, type, sizes);
    OpFoldResult offset = rewriter.getIndexAttr(0);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    for (auto [input, inputSize] :
         llvm::zip_equal(adaptor.getInputs(), inputSizes)) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = offset;
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, inputSize, strides);
      offset = add(offset, inputSize[axis]);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Offsets and sizes as the static slice has them, computed at run time
/// along dynamic dimensions: Python's clamped starts and ends.
struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = cast<RankedTensorType>(op.getType());
    if (inputType.hasStaticShape()) {
      SmallVector<int64_t> offsets, strides;
      SmallVector<int64_t> sizes(type.getShape());
      getSliceOffsetsAndStrides(inputType, op.getStarts(), op.getAxes(),
                                op.getSteps(), offsets, strides);
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, type, input, ValueRange{}, ValueRange{}, ValueRange{}, offsets,
          sizes, strides);
      return success();
    }
    Location loc = op.getLoc();
    int64_t rank = inputType.getRank();
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    auto constant = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(rewriter, loc, value);
    };
    // A Python index clamped to [0, size].
    auto clamp = [&](int64_t index, Value size) -> Value {
      if (index < 0)
        return arith::MaxSIOp::create(
            rewriter, loc,
            arith::AddIOp::create(rewriter, loc, size, constant(index)),
            constant(0));
      return arith::MinSIOp::create(rewriter, loc, constant(index), size);
    };
    ArrayRef<int64_t> starts = op.getStarts(), ends = op.getEnds();
    ArrayRef<int64_t> axes = op.getAxes(), steps = op.getSteps();
    for (size_t i = 0; i < starts.size(); ++i) {
      int64_t dim = axes.empty() ? i : normalizeAxis(axes[i], rank);
      int64_t step = steps.empty() ? 1 : steps[i];
      strides[dim] = rewriter.getIndexAttr(step);
      Value size = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[dim]);
      Value start = clamp(starts[i], size);
      Value end = clamp(ends[i], size);
      Value length = arith::MaxSIOp::create(
          rewriter, loc, arith::SubIOp::create(rewriter, loc, end, start),
          constant(0));
      Value count = arith::CeilDivSIOp::create(rewriter, loc, length,
                                               constant(step));
      offsets[dim] = start;
      sizes[dim] = count;
    }
    for (int64_t dim = 0; dim < rank; ++dim)
      if (!type.isDynamicDim(dim))
        sizes[dim] = rewriter.getIndexAttr(type.getDimSize(dim));
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, type, input,
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
    // Sizes: input[:axis] + indices + input[axis + 1:].
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> sizes(inputSizes.begin(),
                                    inputSizes.begin() + axis);
    llvm::append_range(sizes, tensor::getMixedSizes(rewriter, loc, indices));
    sizes.append(inputSizes.begin() + axis + 1, inputSizes.end());
    Value init = emptyWithSizes(rewriter, loc, type, sizes);
    Value axisSize =
        getValueOrCreateConstantIndexOp(rewriter, loc, inputSizes[axis]);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, indices, init, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          // Negative indices count from the back.
          Value index =
              arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value wrapped = arith::AddIOp::create(b, l, index, axisSize);
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
  patterns.add<ConstantLowering, ReshapeLowering, FlattenLowering,
               TransposeLowering, ConcatLowering,
               SliceLowering, GatherLowering, PadLowering, ExpandLowering>(
      patterns.getContext());
}
