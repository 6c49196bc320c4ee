//===- CPUSchedule.cpp - tile, vectorize and hoist matmuls for CPUs -------===//
//
// This file implements mdf-tile-and-vectorize-matmul and
// mdf-hoist-and-lower-vectors: the two halves of the CPU schedule for
// matrix products (the recipe of ../shared/CPU-PERFORMANCE-NOTES.md). The
// tensor half tiles and vectorizes in C++, choosing tile sizes per matmul;
// the buffer half is a transform-dialect sequence.
//
//===----------------------------------------------------------------------===//

#include "TilingUtils.h"
#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/Dialect/Transform/Transforms/TransformInterpreterUtils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFTILEANDVECTORIZEMATMUL
#define GEN_PASS_DEF_MDFHOISTANDLOWERVECTORS
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;
using mlir::mdf::largestDivisor;
using mlir::mdf::tileOp;
using mlir::mdf::vectorizeOp;

/// The buffer half of the schedule, as a transform script.
static constexpr StringLiteral kSchedule = R"mlir(
module attributes {transform.with_named_sequence} {
  transform.named_sequence @hoist_and_lower(
      %root: !transform.any_op {transform.readonly}) {
    %funcs = transform.structured.match ops{["func.func"]} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %funcs {
      transform.apply_patterns.canonicalization
    } : !transform.any_op
    transform.apply_cse to %funcs : !transform.any_op
    %hoisted = transform.structured.hoist_redundant_vector_transfers %funcs
        : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %hoisted {
      transform.apply_patterns.vector.lower_masked_transfers
      transform.apply_patterns.vector.lower_contraction
          lowering_strategy = "outerproduct"
      transform.apply_patterns.vector.lower_outerproduct
      transform.apply_patterns.vector.transfer_permutation_patterns
      transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1
    } : !transform.any_op
    // What the other vectorized ops leave: reductions and masks.
    transform.apply_patterns to %hoisted {
      transform.apply_patterns.vector.lower_multi_reduction
          lowering_strategy = "innerreduction"
      transform.apply_patterns.vector.lower_masks
      transform.apply_patterns.vector.lower_masked_transfers
    } : !transform.any_op
    // Register transposes as one shuffle each: the element-wise default
    // is an extract and an insert per element (128 ops for a 16x8 block,
    // a third of densenet's LLVM IR).
    transform.apply_patterns to %hoisted {
      transform.apply_patterns.vector.lower_transpose
          lowering_strategy = "shuffle_1d"
    } : !transform.any_op
    transform.yield
  }
}
)mlir";

/// Applies the named sequence `entry` of the schedule to `module`.
static LogicalResult applySchedule(ModuleOp module, StringRef entry) {
  OwningOpRef<ModuleOp> schedule =
      parseSourceString<ModuleOp>(kSchedule, module.getContext());
  if (!schedule)
    return module.emitError("internal error: the CPU schedule does not parse");
  Operation *sequence =
      transform::detail::findTransformEntryPoint(module, *schedule, entry);
  if (!sequence)
    return module.emitError("internal error: no schedule entry ") << entry;
  return transform::applyTransformNamedSequence(module, sequence, *schedule,
                                                transform::TransformOptions());
}

namespace {

struct MDFTileAndVectorizeMatmulPass
    : public mlir::mdf::impl::MDFTileAndVectorizeMatmulBase<
          MDFTileAndVectorizeMatmulPass> {
  void runOnOperation() override {
    SmallVector<linalg::MatmulOp> matmuls;
    getOperation().walk([&](linalg::MatmulOp op) { matmuls.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (linalg::MatmulOp matmul : matmuls) {
      auto lhs = dyn_cast<RankedTensorType>(matmul.getInputs()[0].getType());
      auto rhs = dyn_cast<RankedTensorType>(matmul.getInputs()[1].getType());
      if (!lhs || !rhs || !lhs.hasStaticShape() || !rhs.hasStaticShape())
        continue;
      int64_t m = lhs.getDimSize(0), k = lhs.getDimSize(1);
      int64_t n = rhs.getDimSize(1);
      // Cache tiles that divide the problem, each a multiple of the 8x32
      // register tile, so every register tile is full (no masking). Other
      // shapes (e.g. matrix-vector products) keep plain loops.
      int64_t tileM = largestDivisor(m, {128, 64, 32, 16, 8});
      int64_t tileN = largestDivisor(n, {128, 96, 64, 32});
      int64_t tileK = largestDivisor(k, {256, 128, 64, 32, 16, 8, 4, 2, 1});
      if (!tileM || !tileN)
        continue;
      Operation *cacheTile = tileOp(rewriter, matmul, {tileM, tileN, tileK});
      if (!cacheTile)
        continue;
      Operation *registerTile = tileOp(rewriter, cacheTile, {8, 32, 1});
      if (!registerTile)
        continue;
      vectorizeOp(rewriter, registerTile);
    }
    // Convolutions (channels-last): tile (n, oh, ow, oc, kh, kw, ic) by
    // [1, 1, 8, 32, 1, all, 1] (smaller row and channel blocks where those
    // do not divide), so each tile is a 1-D convolution of a short row into
    // a block of output channels, and vectorize that. Depthwise ones, over
    // (n, oh, ow, c, kh, kw), get the same row and channel blocks.
    SmallVector<linalg::LinalgOp> convs;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp>(op))
        convs.push_back(op);
    });
    for (linalg::LinalgOp conv : convs) {
      auto output = dyn_cast<RankedTensorType>(conv.getDpsInits()[0].getType());
      if (!output || !output.hasStaticShape() ||
          !cast<ShapedType>(conv.getDpsInputs()[0].getType()).hasStaticShape())
        continue;
      // Full tiles only: the widest row and channel blocks that divide.
      int64_t rowTile = largestDivisor(output.getDimSize(2),
                                       {8, 7, 6, 5, 4, 3, 2, 1});
      int64_t channelTile =
          largestDivisor(output.getDimSize(3), {32, 16, 8, 4, 2, 1});
      SmallVector<int64_t> sizes = {1, 1, rowTile, channelTile, 1, 0};
      if (isa<linalg::Conv2DNhwcHwcfOp>(conv))
        sizes.push_back(1); // input channels
      tileOp(rewriter, conv, sizes);
    }
    // Tiles with a window height of one become 1-D convolutions.
    if (failed(mdf::decomposeAndVectorizeRows(
            getOperation(), [](Operation *op) {
              return isa<linalg::Conv1DNwcWcfOp,
                         linalg::DepthwiseConv1DNwcWcOp>(op);
            })) ||
        failed(mdf::formContractions(getOperation())))
      signalPassFailure();
  }
};

struct MDFHoistAndLowerVectorsPass
    : public mlir::mdf::impl::MDFHoistAndLowerVectorsBase<
          MDFHoistAndLowerVectorsPass> {
  void runOnOperation() override {
    // Bufferizing tensor.insert_slice into its own source leaves copies of
    // a buffer onto itself (identical subviews, once CSE has merged them);
    // they write nothing but block hoisting.
    IRRewriter rewriter(&getContext());
    DominanceInfo dominance(getOperation());
    eliminateCommonSubExpressions(rewriter, dominance, getOperation());
    SmallVector<memref::CopyOp> selfCopies;
    getOperation().walk([&](memref::CopyOp copy) {
      if (copy.getSource() == copy.getTarget())
        selfCopies.push_back(copy);
    });
    for (memref::CopyOp copy : selfCopies)
      copy.erase();
    // Fold subviews into their uses. A bounded number of rounds: on a
    // subview of an expand_shape feeding a transfer (what elementwise
    // fusion makes of a pooled input to a matrix product) MLIR 22's
    // patterns never converge, so the result of the driver is ignored.
    RewritePatternSet folds(&getContext());
    memref::populateFoldMemRefAliasOpPatterns(folds);
    (void)applyPatternsGreedily(getOperation(), std::move(folds),
                                GreedyRewriteConfig().setMaxIterations(10));
    if (failed(applySchedule(getOperation(), "hoist_and_lower")))
      signalPassFailure();
  }
};

} // namespace
