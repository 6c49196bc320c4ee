//===- Pooling.cpp - pooling mdf ops to linalg pooling ops ----------------===//
//
// This file implements the lowering of max and average pooling to
// linalg.pooling_nchw_max/_sum over a padded input. ceil_mode becomes extra
// trailing padding; the average divides by a per-position count computed by
// pooling a tensor of ones padded the same way. Adaptive pooling whose
// input size is a multiple of its output size is ordinary pooling, other
// adaptive pooling one reduction per output cell; 1-D pooling is 2-D of
// height one.
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

/// Whether a pooling op's windows are known: static spatial sizes, or
/// dynamic ones without ceil_mode (whose extra padding depends on them).
/// Batch and channel sizes may be dynamic.
bool hasStaticWindows(Operation *op, bool ceilMode) {
  auto input = cast<RankedTensorType>(op->getOperand(0).getType());
  for (int64_t dim = 2; dim < input.getRank(); ++dim)
    if (input.isDynamicDim(dim) && ceilMode)
      return false;
  return true;
}

/// A 2-D pooling window after 1-D problems got a unit height.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, padBefore, padAfter;
  /// Trailing padding ceil_mode needs beyond padAfter, per dimension.
  SmallVector<int64_t> extra;
};

Window makeWindow(RankedTensorType inputType, RankedTensorType outputType,
                  ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations) {
  int64_t spatial = kernel.size();
  Window w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides = strides.empty() ? SmallVector<int64_t>(spatial, 1)
                              : SmallVector<int64_t>(strides);
  w.dilations = dilations.empty() ? SmallVector<int64_t>(spatial, 1)
                                  : SmallVector<int64_t>(dilations);
  SmallVector<int64_t> allPads = pads.empty()
                                     ? SmallVector<int64_t>(2 * spatial, 0)
                                     : SmallVector<int64_t>(pads);
  w.padBefore.assign(allPads.begin(), allPads.begin() + spatial);
  w.padAfter.assign(allPads.begin() + spatial, allPads.end());
  for (int64_t i = 0; i < spatial; ++i) {
    // Dynamic sizes come without ceil_mode (see hasStaticWindows): no extra.
    if (outputType.isDynamicDim(2 + i) || inputType.isDynamicDim(2 + i)) {
      w.extra.push_back(0);
      continue;
    }
    int64_t needed = (outputType.getDimSize(2 + i) - 1) * w.strides[i] +
                     w.dilations[i] * (w.kernel[i] - 1) + 1;
    int64_t have = inputType.getDimSize(2 + i) + w.padBefore[i] + w.padAfter[i];
    w.extra.push_back(std::max<int64_t>(0, needed - have));
  }
  if (spatial == 1) {
    for (auto *list : {&w.kernel, &w.strides, &w.dilations})
      list->insert(list->begin(), 1);
    for (auto *list : {&w.padBefore, &w.padAfter, &w.extra})
      list->insert(list->begin(), 0);
  }
  return w;
}

/// `value` with a unit height inserted when it is 1-D (rank 3).
Value toTwoDimensional(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() != 3)
    return value;
  SmallVector<int64_t> shape(type.getShape());
  shape.insert(shape.begin() + 2, 1);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  sizes.insert(sizes.begin() + 2, b.getIndexAttr(1));
  return reshapeTo(b, loc, value,
                   RankedTensorType::get(shape, type.getElementType()), sizes);
}

/// The sizes of pooling `padded` [N, C, H, W] through window `w`.
SmallVector<OpFoldResult> pooledSizes(OpBuilder &b, Location loc, Value padded,
                                      const Window &w) {
  SmallVector<OpFoldResult> sizes = {tensor::getMixedSize(b, loc, padded, 0),
                                     tensor::getMixedSize(b, loc, padded, 1)};
  for (int64_t i = 0; i < 2; ++i)
    sizes.push_back(windowOutputSize(
        b, loc, tensor::getMixedSize(b, loc, padded, 2 + i), w.kernel[i],
        w.strides[i], w.dilations[i]));
  return sizes;
}

/// Pads the two spatial dimensions: `before`, `after` with `value`.
Value pad2d(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> before,
            ArrayRef<int64_t> after, double value) {
  return padWithConstant(b, loc, input, {0, 0, before[0], before[1]},
                         {0, 0, after[0], after[1]}, value);
}

template <typename PoolOp>
Value pool(OpBuilder &b, Location loc, Value padded, RankedTensorType outType,
           const Window &w, double identity) {
  Type elementType = outType.getElementType();
  Value init =
      linalg::FillOp::create(
          b, loc, scalarConstant(b, loc, elementType, identity),
          emptyWithSizes(b, loc, outType, pooledSizes(b, loc, padded, w)))
          .getResult(0);
  Value windowShape = tensor::EmptyOp::create(b, loc, w.kernel, elementType);
  return PoolOp::create(b, loc, outType, ValueRange{padded, windowShape},
                        ValueRange{init}, b.getI64TensorAttr(w.strides),
                        b.getI64TensorAttr(w.dilations))
      .getResult(0);
}

SmallVector<int64_t> plus(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  SmallVector<int64_t> sum;
  for (auto [x, y] : llvm::zip_equal(a, b))
    sum.push_back(x + y);
  return sum;
}

/// Max or average pooling of `input` to `type` through window `w`.
Value buildPool(OpBuilder &b, Location loc, Value input, RankedTensorType type,
                const Window &w, bool isMax, bool countIncludePad) {
  Type elementType = type.getElementType();
  Value input2d = toTwoDimensional(b, loc, input);
  SmallVector<int64_t> outShape(type.getShape());
  if (type.getRank() == 3)
    outShape.insert(outShape.begin() + 2, 1);
  auto outType = RankedTensorType::get(outShape, elementType);
  SmallVector<int64_t> after = plus(w.padAfter, w.extra);
  // Back to 1-D: the unit height goes.
  auto finalSizes = [&](Value padded) {
    SmallVector<OpFoldResult> sizes = pooledSizes(b, loc, padded, w);
    if (type.getRank() == 3)
      sizes.erase(sizes.begin() + 2);
    return sizes;
  };
  if (isMax) {
    double lowest = lowestValue(elementType);
    Value padded = pad2d(b, loc, input2d, w.padBefore, after, lowest);
    return reshapeTo(
        b, loc,
        pool<linalg::PoolingNchwMaxOp>(b, loc, padded, outType, w, lowest),
        type, finalSizes(padded));
  }
  Value padded = pad2d(b, loc, input2d, w.padBefore, after, 0.0);
  Value sums = pool<linalg::PoolingNchwSumOp>(b, loc, padded, outType, w, 0.0);
  // The count of cells each window averages: pool ones padded like the
  // input (1 in real padding when it counts, 0 elsewhere outside).
  auto input2dType = cast<RankedTensorType>(input2d.getType());
  auto onesType = RankedTensorType::get(
      {1, 1, input2dType.getDimSize(2), input2dType.getDimSize(3)},
      elementType);
  Value ones =
      linalg::FillOp::create(
          b, loc, scalarConstant(b, loc, elementType, 1.0),
          emptyWithSizes(b, loc, onesType,
                         {b.getIndexAttr(1), b.getIndexAttr(1),
                          tensor::getMixedSize(b, loc, input2d, 2),
                          tensor::getMixedSize(b, loc, input2d, 3)}))
          .getResult(0);
  Value counted =
      countIncludePad
          ? pad2d(b, loc, pad2d(b, loc, ones, w.padBefore, w.padAfter, 1.0),
                  {0, 0}, w.extra, 0.0)
          : pad2d(b, loc, ones, w.padBefore, after, 0.0);
  auto countType =
      RankedTensorType::get({1, 1, outShape[2], outShape[3]}, elementType);
  Value counts =
      pool<linalg::PoolingNchwSumOp>(b, loc, counted, countType, w, 0.0);
  Value average =
      buildElementwise(b, loc, outType, {sums, counts},
                       [](OpBuilder &nb, Location l, ValueRange args) {
                         return divScalar(nb, l, args[0], args[1]);
                       });
  return reshapeTo(b, loc, average, type, finalSizes(padded));
}

struct MaxPoolLowering : OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticWindows(op, op.getCeilMode()) ||
        op.getKernelShape().size() > 2)
      return rewriter.notifyMatchFailure(op, "needs static 1-D or 2-D");
    auto type = cast<RankedTensorType>(op.getType());
    Window w = makeWindow(cast<RankedTensorType>(adaptor.getInput().getType()),
                          type, op.getKernelShape(), op.getStrides(),
                          op.getPads(), op.getDilations());
    rewriter.replaceOp(op, buildPool(rewriter, op.getLoc(), adaptor.getInput(),
                                     type, w, /*isMax=*/true, false));
    return success();
  }
};

struct AvgPoolLowering : OpConversionPattern<AvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!hasStaticWindows(op, op.getCeilMode()) ||
        op.getKernelShape().size() > 2)
      return rewriter.notifyMatchFailure(op, "needs static 1-D or 2-D");
    auto type = cast<RankedTensorType>(op.getType());
    Window w =
        makeWindow(cast<RankedTensorType>(adaptor.getInput().getType()), type,
                   op.getKernelShape(), op.getStrides(), op.getPads(), {});
    rewriter.replaceOp(op, buildPool(rewriter, op.getLoc(), adaptor.getInput(),
                                     type, w, /*isMax=*/false,
                                     op.getCountIncludePad()));
    return success();
  }
};

/// Adaptive pooling whose windows differ in size: output cell i of a
/// dimension of n inputs and m outputs covers [floor(i n / m), ceil((i + 1)
/// n / m)). Pooling is separable, so each spatial dimension is pooled in
/// turn: one mdf.slice and mdf.reduce_mean/max per output cell, joined by
/// mdf.concat.
Value buildUnevenAdaptivePool(OpBuilder &b, Location loc, Value input,
                              ArrayRef<int64_t> outputSize, bool isMax) {
  Value result = input;
  for (auto [i, outputs] : llvm::enumerate(outputSize)) {
    int64_t dim = 2 + i;
    int64_t inputs = cast<RankedTensorType>(result.getType()).getDimSize(dim);
    SmallVector<Value> cells;
    for (int64_t cell = 0; cell < outputs; ++cell) {
      int64_t start = cell * inputs / outputs;
      int64_t end = llvm::divideCeil((cell + 1) * inputs, outputs);
      Value window = SliceOp::create(b, loc, result, ArrayRef<int64_t>{start},
                                     ArrayRef<int64_t>{end},
                                     ArrayRef<int64_t>{dim});
      SmallVector<int64_t, 1> axes{dim};
      cells.push_back(
          isMax ? ReduceMaxOp::create(b, loc, window, axes, true).getResult()
                : ReduceMeanOp::create(b, loc, window, axes, true).getResult());
    }
    result = cells.size() == 1 ? cells.front()
                               : ConcatOp::create(b, loc, cells, dim).getResult();
  }
  return result;
}

template <typename OpTy>
struct AdaptivePoolLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto type = cast<RankedTensorType>(op.getType());
    if (!hasStaticWindows(op, /*ceilMode=*/true) || type.getRank() > 4)
      return rewriter.notifyMatchFailure(op, "needs static 1-D or 2-D");
    constexpr bool isMax = std::is_same_v<OpTy, AdaptiveMaxPoolOp>;
    SmallVector<int64_t> kernel;
    for (auto [i, size] : llvm::enumerate(op.getOutputSize())) {
      int64_t inputSize = inputType.getDimSize(2 + i);
      if (inputSize % size != 0) // decomposeUnevenAdaptivePools' job
        return rewriter.notifyMatchFailure(
            op, "input size is not a multiple of the output size");
      kernel.push_back(inputSize / size);
    }
    Window w = makeWindow(inputType, type, kernel, kernel, {}, {});
    rewriter.replaceOp(op, buildPool(rewriter, op.getLoc(), adaptor.getInput(),
                                     type, w, isMax, true));
    return success();
  }
};

} // namespace

void mlir::mdf::lowering::decomposeUnevenAdaptivePools(Operation *root) {
  SmallVector<Operation *> uneven;
  SmallVector<Operation *> global;
  root->walk([&](Operation *op) {
    if (!isa<AdaptiveMaxPoolOp, AdaptiveAvgPoolOp>(op))
      return;
    auto inputType = cast<RankedTensorType>(op->getOperand(0).getType());
    ArrayRef<int64_t> outputSize =
        isa<AdaptiveMaxPoolOp>(op) ? cast<AdaptiveMaxPoolOp>(op).getOutputSize()
                                   : cast<AdaptiveAvgPoolOp>(op).getOutputSize();
    bool dynamicSpatial = false;
    for (auto [i, size] : llvm::enumerate(outputSize))
      dynamicSpatial |= inputType.isDynamicDim(2 + i);
    // Global pooling of dynamic sizes: a reduction over them.
    if (dynamicSpatial) {
      if (llvm::all_of(outputSize, [](int64_t size) { return size == 1; }))
        global.push_back(op);
      return;
    }
    for (auto [i, size] : llvm::enumerate(outputSize))
      if (inputType.getDimSize(2 + i) % size != 0) {
        uneven.push_back(op);
        return;
      }
  });
  for (Operation *op : global) {
    OpBuilder b(op);
    auto inputType = cast<RankedTensorType>(op->getOperand(0).getType());
    auto axes = llvm::to_vector(llvm::seq<int64_t>(2, inputType.getRank()));
    Value result =
        isa<AdaptiveMaxPoolOp>(op)
            ? ReduceMaxOp::create(b, op->getLoc(), op->getOperand(0), axes, true)
                  .getResult()
            : ReduceMeanOp::create(b, op->getLoc(), op->getOperand(0), axes,
                                   true)
                  .getResult();
    op->getResult(0).replaceAllUsesWith(result);
    op->erase();
  }
  for (Operation *op : uneven) {
    OpBuilder b(op);
    ArrayRef<int64_t> outputSize =
        isa<AdaptiveMaxPoolOp>(op) ? cast<AdaptiveMaxPoolOp>(op).getOutputSize()
                                   : cast<AdaptiveAvgPoolOp>(op).getOutputSize();
    Value result = buildUnevenAdaptivePool(b, op->getLoc(), op->getOperand(0),
                                           outputSize,
                                           isa<AdaptiveMaxPoolOp>(op));
    op->getResult(0).replaceAllUsesWith(result);
    op->erase();
  }
}

void mlir::mdf::populatePoolingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPoolLowering, AvgPoolLowering,
               AdaptivePoolLowering<AdaptiveMaxPoolOp>,
               AdaptivePoolLowering<AdaptiveAvgPoolOp>>(patterns.getContext());
}
