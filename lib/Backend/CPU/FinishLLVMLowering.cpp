//===- FinishLLVMLowering.cpp - the last conversions to LLVM in one -------===//
//
// This file implements mdf-finish-llvm-lowering: the memref, arith, ub, cf
// and func conversions to the LLVM dialect as one dialect conversion, so
// that a big model is walked once instead of six times.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Analysis/DataLayoutAnalysis.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFFINISHLLVMLOWERING
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {
struct FinishLLVMLowering
    : public mdf::impl::MDFFinishLLVMLoweringBase<FinishLLVMLowering> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // bf16 conversions as integer arithmetic (round to nearest even): LLVM
    // would call __truncsfbf2, which Debian 12's libgcc lacks, on CPUs
    // without AVX-512 BF16.
    {
      RewritePatternSet expansions(&getContext());
      arith::populateExpandBFloat16Patterns(expansions);
      walkAndApplyPatterns(module, std::move(expansions));
    }
    const auto &layouts = getAnalysis<DataLayoutAnalysis>();
    LowerToLLVMOptions options(&getContext(), layouts.getAtOrAbove(module));
    options.useBarePtrCallConv = barePointers;
    LLVMTypeConverter converter(&getContext(), options, &layouts);

    RewritePatternSet patterns(&getContext());
    SymbolTableCollection symbolTables;
    populateFinalizeMemRefToLLVMConversionPatterns(converter, patterns,
                                                   &symbolTables);
    // As convert-arith-to-llvm does: floordivsi and ceildivsi have no
    // LLVM instruction and expand to arithmetic first.
    arith::populateCeilFloorDivExpandOpsPatterns(patterns);
    arith::populateArithToLLVMConversionPatterns(converter, patterns);
    ub::populateUBToLLVMConversionPatterns(converter, patterns);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    cf::populateAssertToLLVMConversionPattern(converter, patterns,
                                              /*abortOnFailure=*/true,
                                              &symbolTables);
    populateFuncToLLVMConversionPatterns(converter, patterns, &symbolTables);

    LLVMConversionTarget target(getContext());
    if (failed(applyPartialConversion(module, target, std::move(patterns)))) {
      signalPassFailure();
      return;
    }
    // The casts the conversions left between their types.
    SmallVector<UnrealizedConversionCastOp> casts;
    module.walk([&](UnrealizedConversionCastOp cast) { casts.push_back(cast); });
    SmallVector<UnrealizedConversionCastOp> remaining;
    reconcileUnrealizedCasts(casts, &remaining);
    if (!remaining.empty()) {
      remaining.front().emitError("a value of a type LLVM does not have is "
                                  "still used after the lowering");
      signalPassFailure();
    }
  }
};
} // namespace
