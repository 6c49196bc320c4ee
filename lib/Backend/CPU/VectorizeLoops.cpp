//===- VectorizeLoops.cpp - vector forms for the remaining linalg ops -----===//
//
// This file implements mdf-tile-and-vectorize-loops: every statically shaped
// linalg op the matmul and convolution schedule leaves is tiled down to a
// one-dimensional (or, for transposes, two-dimensional) tile along a chosen
// vector loop and vectorized, so no heavy op lowers to scalar loops.
//
//===----------------------------------------------------------------------===//

#include "TilingUtils.h"
#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFTILEANDVECTORIZELOOPS
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

/// The vector lengths the pass chooses from (its options).
struct VectorLengths {
  /// Longest vector a loop is tiled by without looking for a divisor.
  int64_t wholeLoopLimit;
  /// Tile of the vector loop when nothing divides it (the tail is masked).
  int64_t maskedTile;
};

/// The loop whose index is the last (unit-stride) subscript of `map`.
std::optional<unsigned> innermostLoop(AffineMap map) {
  if (map.getNumResults() == 0)
    return std::nullopt;
  if (auto dim = dyn_cast<AffineDimExpr>(map.getResults().back()))
    return dim.getPosition();
  return std::nullopt;
}

/// The vector length for a loop of `range` iterations. Without masks
/// (`masked` false), a length that divides the range.
int64_t vectorTile(int64_t range, bool masked, const VectorLengths &lengths) {
  if (range <= lengths.wholeLoopLimit)
    return range;
  int64_t divisor = mdf::largestDivisor(range, {128, 64, 32, 16, 8});
  if (divisor)
    return divisor;
  return masked ? lengths.maskedTile
                : mdf::largestDivisor(range, {7, 6, 5, 4, 3, 2, 1});
}

/// Tile sizes that leave one vector loop (and for transposes a second one)
/// in each tile; every other loop is tiled by one.
SmallVector<int64_t> chooseTileSizes(linalg::LinalgOp op,
                                     const VectorLengths &lengths) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  unsigned numLoops = ranges.size();
  SmallVector<unsigned> votes(numLoops, 0);
  for (OpOperand *input : op.getDpsInputOperands())
    if (std::optional<unsigned> loop =
            innermostLoop(op.getMatchingIndexingMap(input)))
      ++votes[*loop];
  std::optional<unsigned> outputLoop =
      innermostLoop(op.getMatchingIndexingMap(op.getDpsInitOperand(0)));
  unsigned vectorLoop = outputLoop.value_or(numLoops - 1);
  for (unsigned loop = 0; loop < numLoops; ++loop)
    if (votes[loop] > votes[vectorLoop])
      vectorLoop = loop;

  SmallVector<int64_t> sizes(numLoops, 1);
  // Masks only on tensors: on buffers (bufferization's own copies, after
  // the vector lowering) they would not be lowered any more.
  sizes[vectorLoop] =
      vectorTile(ranges[vectorLoop], op.hasPureTensorSemantics(), lengths);
  // A transpose: some operand runs along another parallel loop. Tiling
  // that loop too makes square blocks that are transposed in registers.
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    std::optional<unsigned> loop = innermostLoop(map);
    if (!loop || *loop == vectorLoop ||
        iterators[*loop] != utils::IteratorType::parallel ||
        !map.isFunctionOfDim(vectorLoop)) // a broadcast, not a transpose
      continue;
    // Full blocks only: masked transposes do not vectorize.
    sizes[vectorLoop] =
        mdf::largestDivisor(ranges[vectorLoop], {16, 8, 7, 6, 5, 4, 3, 2, 1});
    sizes[*loop] = mdf::largestDivisor(ranges[*loop], {8, 7, 6, 5, 4, 3, 2, 1});
    break;
  }
  return sizes;
}

/// Whether tiling `ranges` by `sizes` leaves partial tiles.
bool hasPartialTiles(ArrayRef<int64_t> ranges, ArrayRef<int64_t> sizes) {
  for (auto [range, size] : llvm::zip(ranges, sizes))
    if (size != 0 && range % size != 0)
      return true;
  return false;
}

/// Whether some reduction loop of `op` is read by no input whose element
/// the body uses and no linalg.index (a sum of a constant, as `where(x == x, 1, 1)` folds to):
/// the vectorizer adds the body's value once per vector instead of once
/// per element there, so such ops stay scalar loops.
bool hasUnreadReductionLoop(linalg::LinalgOp op) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned dim = 0; dim < iterators.size(); ++dim) {
    if (iterators[dim] != utils::IteratorType::reduction)
      continue;
    // An input counts when the body uses its element.
    bool read = llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *input) {
      return op.getMatchingIndexingMap(input).isFunctionOfDim(dim) &&
             !op.getMatchingBlockArgument(input).use_empty();
    });
    op->walk([&](linalg::IndexOp index) {
      read |= index.getDim() == dim;
    });
    if (!read)
      return true;
  }
  return false;
}

bool isPooling(Operation *op) {
  return isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp,
             linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcSumOp>(op);
}

struct TileAndVectorizeLoops
    : public mdf::impl::MDFTileAndVectorizeLoopsBase<TileAndVectorizeLoops> {
  using Base::Base;

  void runOnOperation() override {
    if (wholeLoopLimit < 1 || maskedTile < 1) {
      getOperation()->emitError("mdf-tile-and-vectorize-loops: "
                                "whole-loop-limit and masked-tile must be "
                                "at least 1");
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if ((op.hasPureTensorSemantics() || op.hasPureBufferSemantics()) &&
          !op.hasDynamicShape())
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops) {
      if (isPooling(op))
        tilePoolingRows(rewriter, op);
      else
        tileAndVectorize(rewriter, op);
    }

    // Pooling tiles one row high become 1-D pooling, vectorized along it;
    // products of one row (matrix-vector, batched) become FMAs.
    if (failed(mdf::decomposeAndVectorizeRows(
            getOperation(), [](Operation *op) {
              return isa<linalg::PoolingNcwMaxOp, linalg::PoolingNcwSumOp,
                         linalg::PoolingNwcMaxOp, linalg::PoolingNwcSumOp>(op);
            })) ||
        failed(mdf::formContractions(getOperation())))
      signalPassFailure();
  }

  void tileAndVectorize(IRRewriter &rewriter, linalg::LinalgOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (ranges.empty() || // a scalar op: nothing to vectorize
        hasUnreadReductionLoop(op))
      return;
    SmallVector<int64_t> sizes = chooseTileSizes(op, {wholeLoopLimit, maskedTile});
    Operation *tile = mdf::tileOp(rewriter, op, sizes);
    if (!tile)
      return;
    if (hasPartialTiles(ranges, sizes))
      mdf::vectorizeOp(rewriter, tile, sizes);
    else
      mdf::vectorizeOp(rewriter, tile);
  }

  /// Tiles a 2-D pooling op to one output row (and one window row) per
  /// tile: loops (n, c, oh, ow, kh, kw) in NCHW, (n, oh, ow, c, kh, kw) in
  /// NHWC.
  void tilePoolingRows(IRRewriter &rewriter, linalg::LinalgOp op) {
    bool channelsFirst =
        isa<linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp>(op);
    SmallVector<int64_t> sizes =
        channelsFirst ? SmallVector<int64_t>{1, 1, 1, 0, 1, 0}
                      : SmallVector<int64_t>{1, 1, 0, 0, 1, 0};
    mdf::tileOp(rewriter, op, sizes);
  }
};

} // namespace
