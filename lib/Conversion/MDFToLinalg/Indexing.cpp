//===- Indexing.cpp - data-dependent indexing mdf ops to linalg/scf -------===//
//
// This file implements the lowering of gather_elements (a linalg.generic
// that reads where its index says), of scatter_elements and argsort (loops
// over tensors that write where an index says; bufferization makes them
// update one buffer in place), of slice_scatter (tensor.insert_slice) and of
// cumulative (a loop over the axis, each step combining one slice with the
// previous one).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mdf/Conversion/MDFToLinalg/MDFToLinalg.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::lowering;

namespace {

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// `index` (any integer) as an index, a negative one counted from the back
/// of a dimension of `size`.
Value wrapIndex(OpBuilder &b, Location loc, Value index, int64_t size) {
  Value asIndex = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                         asIndex, indexConstant(b, loc, 0));
  Value wrapped =
      arith::AddIOp::create(b, loc, asIndex, indexConstant(b, loc, size));
  return arith::SelectOp::create(b, loc, negative, wrapped, asIndex);
}

/// Loops over every position of `shape` carrying `init`; `body` returns the
/// updated value.
Value buildTensorLoops(
    OpBuilder &b, Location loc, ArrayRef<int64_t> shape, Value init,
    llvm::function_ref<Value(OpBuilder &, Location, ValueRange, Value)> body) {
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t size : shape) {
    lbs.push_back(indexConstant(b, loc, 0));
    ubs.push_back(indexConstant(b, loc, size));
    steps.push_back(indexConstant(b, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, init,
      [&](OpBuilder &nested, Location l, ValueRange ivs,
          ValueRange args) -> scf::ValueVector {
        return {body(nested, l, ivs, args.front())};
      });
  return nest.results.front();
}

/// Combines `current` with `update` as a scatter's reduction says.
Value combineScatter(OpBuilder &b, Location loc, ScatterReduction reduction,
                     Value current, Value update) {
  bool isBool = current.getType().isInteger(1);
  switch (reduction) {
  case ScatterReduction::none:
    return update;
  case ScatterReduction::add:
    return isBool ? arith::OrIOp::create(b, loc, current, update).getResult()
                  : addScalar(b, loc, current, update);
  case ScatterReduction::mul:
    return mulScalar(b, loc, current, update);
  case ScatterReduction::max:
    return maxScalar(b, loc, current, update);
  case ScatterReduction::min:
    return minScalar(b, loc, current, update);
  }
  llvm_unreachable("unknown scatter reduction");
}

struct GatherElementsLowering : OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = normalizeAxis(op.getAxis(), rank);
    int64_t axisSize = inputType.getDimSize(axis);
    Location loc = op.getLoc();
    Value init = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                         type.getElementType());
    SmallVector<AffineMap> maps(2, rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, type, adaptor.getIndices(), init, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          // An out-of-range index reads the nearest element rather than
          // memory outside the tensor.
          Value index = wrapIndex(b, l, args[0], axisSize);
          index = arith::MaxSIOp::create(b, l, index, indexConstant(b, l, 0));
          index = arith::MinSIOp::create(b, l, index,
                                         indexConstant(b, l, axisSize - 1));
          SmallVector<Value> coordinates;
          for (int64_t i = 0; i < rank; ++i)
            coordinates.push_back(i == axis ? index
                                            : linalg::IndexOp::create(b, l, i)
                                                  .getResult());
          linalg::YieldOp::create(
              b, l, tensor::ExtractOp::create(b, l, input, coordinates)
                        .getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ScatterElementsLowering : OpConversionPattern<ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t axis = normalizeAxis(op.getAxis(), type.getRank());
    int64_t axisSize = type.getDimSize(axis);
    ScatterReduction reduction = op.getReduction();
    Location loc = op.getLoc();
    Value result = buildTensorLoops(
        rewriter, loc, cast<RankedTensorType>(indices.getType()).getShape(),
        adaptor.getInput(),
        [&](OpBuilder &b, Location l, ValueRange ivs, Value dest) -> Value {
          Value index = wrapIndex(
              b, l, tensor::ExtractOp::create(b, l, indices, ivs), axisSize);
          Value update = tensor::ExtractOp::create(b, l, updates, ivs);
          // An update whose index is out of range is dropped.
          Value inRange = arith::AndIOp::create(
              b, l,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, index,
                                    indexConstant(b, l, 0)),
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, index,
                                    indexConstant(b, l, axisSize)));
          auto ifOp = scf::IfOp::create(
              b, l, inRange,
              [&](OpBuilder &then, Location tl) {
                SmallVector<Value> coordinates(ivs);
                coordinates[axis] = index;
                Value value = update;
                if (reduction != ScatterReduction::none)
                  value = combineScatter(
                      then, tl, reduction,
                      tensor::ExtractOp::create(then, tl, dest, coordinates),
                      update);
                scf::YieldOp::create(then, tl,
                                     tensor::InsertOp::create(
                                         then, tl, value, dest, coordinates)
                                         .getResult());
              },
              [&](OpBuilder &otherwise, Location el) {
                scf::YieldOp::create(otherwise, el, dest);
              });
          return ifOp.getResult(0);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceScatterLowering : OpConversionPattern<SliceScatterOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceScatterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    auto type = cast<RankedTensorType>(op.getType());
    auto updateType = cast<RankedTensorType>(adaptor.getUpdate().getType());
    SmallVector<int64_t> offsets, strides;
    getSliceOffsetsAndStrides(type, op.getStarts(), op.getAxes(),
                              op.getSteps(), offsets, strides);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, adaptor.getUpdate(), adaptor.getInput(), ValueRange{},
        ValueRange{}, ValueRange{}, offsets, updateType.getShape(), strides);
    return success();
  }
};

/// True when `lhs` sorts before `rhs` in ascending order: NaN above every
/// number, booleans unsigned.
Value sortsBefore(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  Type type = lhs.getType();
  if (isa<FloatType>(type)) {
    Value less =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, lhs, rhs);
    Value lhsIsNumber =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ORD, lhs, lhs);
    Value rhsIsNaN =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, rhs, rhs);
    return arith::OrIOp::create(
        b, loc, less, arith::AndIOp::create(b, loc, lhsIsNumber, rhsIsNaN));
  }
  auto predicate = type.isInteger(1) ? arith::CmpIPredicate::ult
                                     : arith::CmpIPredicate::slt;
  return arith::CmpIOp::create(b, loc, predicate, lhs, rhs);
}

/// True when neither of `lhs` and `rhs` sorts before the other.
Value sortsEqual(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType())) {
    Value equal =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, lhs, rhs);
    Value bothNaN = arith::AndIOp::create(
        b, loc,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, lhs, lhs),
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, rhs, rhs));
    return arith::OrIOp::create(b, loc, equal, bothNaN);
  }
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lhs, rhs);
}

/// Each element's place in its sorted line is the number of elements that
/// sort before it (ties broken by position, which makes the sort stable): a
/// linalg.generic reducing over a second copy of the axis. The indices are
/// then written to those places.
struct ArgsortLowering : OpConversionPattern<ArgsortOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArgsortOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticShapes(op))
      return rewriter.notifyMatchFailure(op, "needs static shapes");
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = normalizeAxis(op.getAxis(), rank);
    bool descending = op.getDescending();
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    Type i64 = type.getElementType();

    // places[p] = #{q on p's line : q sorts before p}
    SmallVector<AffineExpr> own, other;
    for (int64_t i = 0; i < rank; ++i) {
      own.push_back(getAffineDimExpr(i, context));
      other.push_back(getAffineDimExpr(i == axis ? rank : i, context));
    }
    SmallVector<AffineMap> maps = {AffineMap::get(rank + 1, 0, own, context),
                                   AffineMap::get(rank + 1, 0, other, context),
                                   AffineMap::get(rank + 1, 0, own, context)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value zero = arith::ConstantOp::create(rewriter, loc, i64,
                                           rewriter.getIntegerAttr(i64, 0));
    Value empty =
        tensor::EmptyOp::create(rewriter, loc, type.getShape(), i64);
    Value zeros =
        linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
    auto places = linalg::GenericOp::create(
        rewriter, loc, type, ValueRange{input, input}, zeros, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value mine = args[0], theirs = args[1];
          Value before = descending ? sortsBefore(b, l, mine, theirs)
                                    : sortsBefore(b, l, theirs, mine);
          Value earlier = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::ult,
              linalg::IndexOp::create(b, l, rank),
              linalg::IndexOp::create(b, l, axis));
          Value tie = arith::AndIOp::create(
              b, l, sortsEqual(b, l, mine, theirs), earlier);
          Value counts = arith::OrIOp::create(b, l, before, tie);
          Value one = arith::ExtUIOp::create(b, l, i64, counts);
          linalg::YieldOp::create(
              b, l, arith::AddIOp::create(b, l, args[2], one).getResult());
        });
    Value placesTensor = places.getResult(0);

    Value sorted = buildTensorLoops(
        rewriter, loc, type.getShape(), empty,
        [&](OpBuilder &b, Location l, ValueRange ivs, Value dest) -> Value {
          Value place = arith::IndexCastOp::create(
              b, l, b.getIndexType(),
              tensor::ExtractOp::create(b, l, placesTensor, ivs));
          SmallVector<Value> coordinates(ivs);
          coordinates[axis] = place;
          Value position =
              arith::IndexCastOp::create(b, l, i64, ivs[axis]);
          return tensor::InsertOp::create(b, l, position, dest, coordinates);
        });
    rewriter.replaceOp(op, sorted);
    return success();
  }
};

/// One step of a running reduction: the scatter combination of the same
/// name (the verifier refuses sums and products of booleans).
Value combineCumulative(OpBuilder &b, Location loc, CumulativeKind kind,
                        Value previous, Value current) {
  static constexpr ScatterReduction kReductions[] = {
      ScatterReduction::add, ScatterReduction::mul, ScatterReduction::max,
      ScatterReduction::min};
  return combineScatter(b, loc, kReductions[static_cast<int>(kind)], previous,
                        current);
}

struct CumulativeLowering : OpConversionPattern<CumulativeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CumulativeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    int64_t axis = normalizeAxis(op.getAxis(), rank);
    int64_t length = type.getDimSize(axis);
    CumulativeKind kind = op.getKind();
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    if (!ShapedType::isDynamic(length) && length <= 1) {
      rewriter.replaceOp(op, input);
      return success();
    }
    // One slice along `axis` at a time; other sizes may be dynamic.
    SmallVector<int64_t> sliceShape(type.getShape());
    sliceShape[axis] = 1;
    auto sliceType = RankedTensorType::get(sliceShape, type.getElementType());
    SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
    for (auto [dim, size] : llvm::enumerate(sliceShape))
      sizes.push_back(ShapedType::isDynamic(size)
                          ? OpFoldResult(tensor::DimOp::create(
                                rewriter, loc, input, dim).getResult())
                          : OpFoldResult(rewriter.getIndexAttr(size)));
    Value end = ShapedType::isDynamic(length)
                    ? tensor::DimOp::create(rewriter, loc, input, axis)
                          .getResult()
                    : indexConstant(rewriter, loc, length);
    auto offsetsAt = [&](Value position) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = position;
      return offsets;
    };
    auto loop = scf::ForOp::create(
        rewriter, loc, indexConstant(rewriter, loc, 1),
        end, indexConstant(rewriter, loc, 1), input,
        [&](OpBuilder &b, Location l, Value k, ValueRange args) {
          Value running = args.front();
          Value previousIndex =
              arith::SubIOp::create(b, l, k, indexConstant(b, l, 1));
          Value previous = tensor::ExtractSliceOp::create(
              b, l, sliceType, running, offsetsAt(previousIndex), sizes,
              strides);
          Value current = tensor::ExtractSliceOp::create(
              b, l, sliceType, running, offsetsAt(k), sizes, strides);
          Value combined = buildElementwise(
              b, l, sliceType, ValueRange{previous, current},
              [&](OpBuilder &eb, Location el, ValueRange values) {
                return combineCumulative(eb, el, kind, values[0], values[1]);
              });
          Value updated = tensor::InsertSliceOp::create(
              b, l, combined, running, offsetsAt(k), sizes, strides);
          scf::YieldOp::create(b, l, updated);
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

} // namespace

void mlir::mdf::populateIndexingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<GatherElementsLowering, ScatterElementsLowering,
               SliceScatterLowering, ArgsortLowering, CumulativeLowering>(
      patterns.getContext());
}
