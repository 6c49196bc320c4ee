//===- MDFToLinalg.h - mdf to linalg patterns -------------------*- C++ -*-===//
//
// The patterns that lower mdf compute ops, one populate function per op
// family (lib/Conversion/MDFToLinalg/<Family>.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef MDF_CONVERSION_MDFTOLINALG_MDFTOLINALG_H
#define MDF_CONVERSION_MDFTOLINALG_MDFTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::mdf {

void populateElementwiseToLinalgPatterns(RewritePatternSet &patterns);
void populateContractionToLinalgPatterns(RewritePatternSet &patterns);
void populatePoolingToLinalgPatterns(RewritePatternSet &patterns);
void populateNormalizationToLinalgPatterns(RewritePatternSet &patterns);
void populateReductionToLinalgPatterns(RewritePatternSet &patterns);
void populateShapeToLinalgPatterns(RewritePatternSet &patterns);
void populateIndexingToLinalgPatterns(RewritePatternSet &patterns);

/// All of the above.
void populateMDFToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::mdf

#endif // MDF_CONVERSION_MDFTOLINALG_MDFTOLINALG_H
