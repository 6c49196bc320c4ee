//===- InferShapes.cpp - refine mdf result types ----------------*- C++ -*-===//
//
// This file implements the mdf-infer-shapes pass: results of mdf ops take
// the types their ops infer from the (possibly refined) operand types.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFINFERSHAPES
#include "mdf/Dialect/MDF/Transforms/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;
using namespace mlir::mdf;

namespace {

/// Re-infers the results of the mdf ops in `func`, in order. Results used by
/// `func.return` change only when `mayChangeResults`.
void refineFunction(func::FuncOp func, bool mayChangeResults) {
  auto canAbsorbTypeChange = [&](Operation *user) {
    return isa<MDFDialect>(user->getDialect()) ||
           (mayChangeResults && isa<func::ReturnOp>(user));
  };
  func.walk([&](InferTypeOpInterface op) {
    if (!isa<MDFDialect>(op->getDialect()))
      return;
    SmallVector<Type> inferred;
    if (failed(op.inferReturnTypes(
            op->getContext(), op->getLoc(), op->getOperands(),
            op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
            op->getRegions(), inferred)))
      return;
    for (auto [result, type] : llvm::zip_equal(op->getResults(), inferred)) {
      if (result.getType() != type &&
          llvm::all_of(result.getUsers(), canAbsorbTypeChange))
        result.setType(type);
    }
  });
  if (!mayChangeResults)
    return;
  auto returnOp = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  func.setFunctionType(FunctionType::get(func.getContext(),
                                         func.getArgumentTypes(),
                                         returnOp.getOperandTypes()));
}

struct MDFInferShapesPass
    : public mlir::mdf::impl::MDFInferShapesBase<MDFInferShapesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      bool mayChangeResults =
          func.getBody().hasOneBlock() &&
          isa<func::ReturnOp>(func.getBody().front().getTerminator()) &&
          SymbolTable::symbolKnownUseEmpty(func, module);
      refineFunction(func, mayChangeResults);
    }
  }
};

} // namespace
