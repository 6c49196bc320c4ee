//===- MDFToLinalg.cpp - the convert-mdf-to-linalg pass ---------*- C++ -*-===//
//
// This file implements the pass driver of the mdf-to-linalg lowering; the
// patterns live in one file per op family.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mdf/Conversion/MDFToLinalg/MDFToLinalg.h"
#include "mdf/Conversion/Passes.h"
#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_CONVERTMDFTOLINALG
#include "mdf/Conversion/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;
using namespace mlir::mdf;

void mlir::mdf::populateMDFToLinalgPatterns(RewritePatternSet &patterns) {
  populateElementwiseToLinalgPatterns(patterns);
  populateContractionToLinalgPatterns(patterns);
  populatePoolingToLinalgPatterns(patterns);
  populateNormalizationToLinalgPatterns(patterns);
  populateReductionToLinalgPatterns(patterns);
  populateShapeToLinalgPatterns(patterns);
  populateIndexingToLinalgPatterns(patterns);
}

namespace {
struct ConvertMDFToLinalgPass
    : public mlir::mdf::impl::ConvertMDFToLinalgBase<ConvertMDFToLinalgPass> {
  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet set(context);
    populateMDFToLinalgPatterns(set);
    patterns = std::move(set);
    return success();
  }

  void runOnOperation() override {
    lowering::decomposeUnevenAdaptivePools(getOperation());
    ConversionTarget target(getContext());
    target.addIllegalDialect<MDFDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(getOperation(), target, patterns)))
      signalPassFailure();
  }

  FrozenRewritePatternSet patterns;
};
} // namespace
