//===- TilingUtils.h - helpers shared by the CPU schedules ------*- C++ -*-===//
//
// Tiling and vectorization helpers used by mdf-tile-and-vectorize-matmul and
// mdf-tile-and-vectorize-loops.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_DIALECT_MDF_TRANSFORMS_TILINGUTILS_H
#define MDF_LIB_DIALECT_MDF_TRANSFORMS_TILINGUTILS_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

namespace mlir::mdf {

/// The first of `candidates` that divides `size`, or 0.
int64_t largestDivisor(int64_t size, ArrayRef<int64_t> candidates);

/// Tiles `op` (a TilingInterface op) by `sizes`, 0 meaning "not tiled", and
/// replaces it. Returns the op of one tile, or null when tiling failed (the
/// op is then left alone).
Operation *tileOp(RewriterBase &rewriter, Operation *op,
                  ArrayRef<int64_t> sizes);

/// Vectorizes `op` in place, masking to `vectorSizes` when given. Returns
/// false (op left alone) when the vectorizer refuses it.
bool vectorizeOp(RewriterBase &rewriter, Operation *op,
                 ArrayRef<int64_t> vectorSizes = {});

/// Rewrites the 2-D convolutions and pooling ops under `root` whose window
/// is one row high into 1-D ones, and vectorizes the statically shaped 1-D
/// ops for which `isRow` holds.
LogicalResult decomposeAndVectorizeRows(Operation *root,
                                        function_ref<bool(Operation *)> isRow);

/// Turns the vectorized multiply-and-reduce patterns under `root` into
/// vector.contract (so they lower to FMAs) and lowers transfer permutation
/// maps. Run it before any canonicalization, or the unit reductions fold
/// into mulf/addf.
LogicalResult formContractions(Operation *root);

} // namespace mlir::mdf

#endif // MDF_LIB_DIALECT_MDF_TRANSFORMS_TILINGUTILS_H
