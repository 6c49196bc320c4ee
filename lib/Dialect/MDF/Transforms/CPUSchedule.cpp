//===- CPUSchedule.cpp - tile, vectorize and hoist matmuls for CPUs -------===//
//
// This file implements mdf-tile-and-vectorize-matmul and
// mdf-hoist-and-lower-vectors: the two halves of the CPU schedule for
// matrix products (the recipe of ../shared/CPU-PERFORMANCE-NOTES.md). The
// tensor half tiles and vectorizes in C++, choosing tile sizes per matmul;
// the buffer half is a transform-dialect sequence.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
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
#include "mdf/Dialect/MDF/Transforms/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

/// The buffer half of the schedule, as a transform script.
static constexpr StringLiteral kSchedule = R"mlir(
module attributes {transform.with_named_sequence} {
  transform.named_sequence @hoist_and_lower(
      %root: !transform.any_op {transform.readonly}) {
    %funcs = transform.structured.match ops{["func.func"]} in %root
        : (!transform.any_op) -> !transform.any_op
    transform.apply_patterns to %funcs {
      transform.apply_patterns.canonicalization
      transform.apply_patterns.memref.fold_memref_alias_ops
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

/// The largest of `candidates` that divides `size`, or 0.
int64_t largestDivisor(int64_t size, ArrayRef<int64_t> candidates) {
  for (int64_t candidate : candidates)
    if (size % candidate == 0)
      return candidate;
  return 0;
}

/// Tiles `op` by `sizes`; returns the tiled op, or null (op left alone).
Operation *tile(IRRewriter &rewriter, Operation *op, ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(op->getContext(), sizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> result =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (failed(result))
    return nullptr;
  rewriter.replaceOp(op, result->replacements);
  return result->tiledOps.front();
}

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
      Operation *cacheTile = tile(rewriter, matmul, {tileM, tileN, tileK});
      if (!cacheTile)
        continue;
      Operation *registerTile = tile(rewriter, cacheTile, {8, 32, 1});
      if (!registerTile)
        continue;
      rewriter.setInsertionPoint(registerTile);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, registerTile);
      if (succeeded(vectorized))
        rewriter.replaceOp(registerTile, vectorized->replacements);
    }
    // Convolutions (channels-last): tile (n, oh, ow, oc, kh, kw, ic) by
    // [1, 1, 8, 32, 1, all, 1] (smaller row and channel blocks where those
    // do not divide), so each tile is a 1-D convolution of a short row into
    // a block of output channels, and vectorize that.
    SmallVector<linalg::Conv2DNhwcHwcfOp> convs;
    getOperation().walk(
        [&](linalg::Conv2DNhwcHwcfOp op) { convs.push_back(op); });
    for (linalg::Conv2DNhwcHwcfOp conv : convs) {
      auto output = dyn_cast<RankedTensorType>(conv.getOutputs()[0].getType());
      if (!output || !output.hasStaticShape() ||
          !cast<ShapedType>(conv.getInputs()[0].getType()).hasStaticShape())
        continue;
      // Full tiles only: the widest row and channel blocks that divide.
      int64_t rowTile = largestDivisor(output.getDimSize(2),
                                       {8, 7, 6, 5, 4, 3, 2, 1});
      int64_t channelTile =
          largestDivisor(output.getDimSize(3), {32, 16, 8, 4, 2, 1});
      tile(rewriter, conv, {1, 1, rowTile, channelTile, 1, 0, 1});
    }
    // Tiles with a window height of one become 1-D convolutions.
    RewritePatternSet decompose(&getContext());
    linalg::populateDecomposeConvolutionPatterns(decompose);
    if (failed(applyPatternsGreedily(getOperation(), std::move(decompose))))
      return signalPassFailure();
    SmallVector<linalg::Conv1DNwcWcfOp> rows;
    getOperation().walk([&](linalg::Conv1DNwcWcfOp op) { rows.push_back(op); });
    for (linalg::Conv1DNwcWcfOp row : rows) {
      if (!cast<ShapedType>(row.getOutputs()[0].getType()).hasStaticShape())
        continue;
      rewriter.setInsertionPoint(row);
      FailureOr<linalg::VectorizationResult> vectorized =
          linalg::vectorize(rewriter, row);
      if (succeeded(vectorized))
        rewriter.replaceOp(row, vectorized->replacements);
    }
    // Before any canonicalization, or the unit reduction folds into
    // mulf/addf and no contraction (FMA) is left.
    RewritePatternSet patterns(&getContext());
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
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
    if (failed(applySchedule(getOperation(), "hoist_and_lower")))
      signalPassFailure();
  }
};

} // namespace
