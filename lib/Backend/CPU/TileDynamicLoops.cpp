//===- TileDynamicLoops.cpp - static tiles from dynamic loops ---*- C++ -*-===//
//
// This file implements mdf-tile-dynamic-loops: every loop of dynamic trip
// count of a linalg op on tensors is tiled by one, so the tile the CPU
// schedules see is statically shaped.
//
//===----------------------------------------------------------------------===//

#include "TilingUtils.h"
#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFTILEDYNAMICLOOPS
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {
struct TileDynamicLoops
    : public mdf::impl::MDFTileDynamicLoopsBase<TileDynamicLoops> {
  /// Canonicalizes the module, with dynamic sizes read off the function
  /// arguments: sizes read off intermediate results make bufferization's
  /// value-bounds queries walk the whole model (minutes for resnet18).
  LogicalResult simplify() {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
    memref::populateResolveShapedTypeResultDimsPatterns(patterns);
    scf::populateSCFForLoopCanonicalizationPatterns(patterns);
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(patterns, context);
    return applyPatternsGreedily(getOperation(), std::move(patterns));
  }

  /// A dynamically shaped tensor.pad as a fill and a copy into the middle
  /// of it: linalg ops, which get static tiles like the rest (a pad would
  /// bufferize to scalar loops over the whole tensor).
  void decomposePads() {
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) {
      if (!pad.getResultType().hasStaticShape() &&
          pad.getConstantPaddingValue())
        pads.push_back(pad);
    });
    IRRewriter rewriter(&getContext());
    for (tensor::PadOp pad : pads) {
      rewriter.setInsertionPoint(pad);
      Location loc = pad.getLoc();
      ReifiedRankedShapedTypeDims reified;
      if (failed(reifyResultShapes(rewriter, pad, reified)))
        continue;
      ArrayRef<OpFoldResult> sizes = reified.front();
      RankedTensorType type = pad.getResultType();
      SmallVector<Value> dynamicSizes;
      for (int64_t dim = 0; dim < type.getRank(); ++dim)
        if (type.isDynamicDim(dim))
          dynamicSizes.push_back(
              getValueOrCreateConstantIndexOp(rewriter, loc, sizes[dim]));
      Value empty =
          tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                  type.getElementType(), dynamicSizes);
      Value filled = linalg::FillOp::create(rewriter, loc,
                                            pad.getConstantPaddingValue(),
                                            empty)
                         .getResult(0);
      SmallVector<OpFoldResult> sourceSizes =
          tensor::getMixedSizes(rewriter, loc, pad.getSource());
      SmallVector<OpFoldResult> strides(type.getRank(),
                                        rewriter.getIndexAttr(1));
      Value middle = tensor::ExtractSliceOp::create(
          rewriter, loc, filled, pad.getMixedLowPad(), sourceSizes, strides);
      Value copied =
          linalg::CopyOp::create(rewriter, loc, pad.getSource(), middle)
              .getResult(0);
      rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
          pad, copied, filled, pad.getMixedLowPad(), sourceSizes, strides);
    }
  }

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    if (failed(simplify()))
      return signalPassFailure();
    decomposePads();
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && op.hasDynamicShape())
        ops.push_back(op);
    });
    if (ops.empty())
      return;
    IRRewriter rewriter(context);
    for (linalg::LinalgOp op : ops) {
      SmallVector<int64_t> sizes;
      for (int64_t range : op.getStaticLoopRanges())
        sizes.push_back(ShapedType::isDynamic(range) ? 1 : 0);
      mdf::tileOp(rewriter, op, sizes);
    }
    // Tiles of size one: the bounds fold (min(1, ub - iv) is 1 inside the
    // loop), the slices become static and so do the tiled ops.
    if (failed(simplify()))
      signalPassFailure();
  }
};
} // namespace
