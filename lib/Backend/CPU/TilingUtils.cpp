//===- TilingUtils.cpp - helpers shared by the CPU schedules --------------===//
//
// This file implements the tiling and vectorization helpers of the CPU
// schedules.
//
//===----------------------------------------------------------------------===//

#include "TilingUtils.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

int64_t mdf::largestDivisor(int64_t size, ArrayRef<int64_t> candidates) {
  for (int64_t candidate : candidates)
    if (size % candidate == 0)
      return candidate;
  return 0;
}

Operation *mdf::tileOp(RewriterBase &rewriter, Operation *op,
                       ArrayRef<int64_t> sizes) {
  auto tileable = dyn_cast<TilingInterface>(op);
  if (!tileable)
    return nullptr;
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(op->getContext(), sizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> result =
      scf::tileUsingSCF(rewriter, tileable, options);
  if (failed(result))
    return nullptr;
  rewriter.replaceOp(op, result->replacements);
  return result->tiledOps.front();
}

bool mdf::vectorizeOp(RewriterBase &rewriter, Operation *op,
                      ArrayRef<int64_t> vectorSizes) {
  rewriter.setInsertionPoint(op);
  // Fixed-length vectors, said explicitly: with no scalable flags given,
  // MLIR 22's masked vectorization built masks with a scalable dimension
  // that its own verifier then rejected.
  SmallVector<bool> scalable(vectorSizes.size(), false);
  FailureOr<linalg::VectorizationResult> vectorized =
      linalg::vectorize(rewriter, op, vectorSizes, scalable);
  if (failed(vectorized))
    return false;
  rewriter.replaceOp(op, vectorized->replacements);
  return true;
}

LogicalResult
mdf::decomposeAndVectorizeRows(Operation *root,
                               function_ref<bool(Operation *)> isRow) {
  RewritePatternSet decompose(root->getContext());
  linalg::populateDecomposeConvolutionPatterns(decompose);
  if (failed(applyPatternsGreedily(root, std::move(decompose))))
    return failure();
  SmallVector<linalg::LinalgOp> rows;
  root->walk([&](linalg::LinalgOp op) {
    if (isRow(op) && !op.hasDynamicShape())
      rows.push_back(op);
  });
  IRRewriter rewriter(root->getContext());
  for (linalg::LinalgOp row : rows)
    vectorizeOp(rewriter, row);
  return success();
}

LogicalResult mdf::formContractions(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  return applyPatternsGreedily(root, std::move(patterns));
}
