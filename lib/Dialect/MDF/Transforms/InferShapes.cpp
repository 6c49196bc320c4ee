//===- InferShapes.cpp - refine mdf result types ----------------*- C++ -*-===//
//
// This file implements the mdf-infer-shapes pass: results of mdf ops take
// the types their ops infer from the (possibly refined) operand types.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFINFERSHAPES
#include "mdf/Dialect/MDF/Transforms/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;
using namespace mlir::mdf;

namespace {

/// Re-infers the results of the mdf ops in `func`, in order. A refined
/// result reaches users that cannot take a new type (ops of other dialects,
/// and `func.return` unless `mayChangeResults`) through a `tensor.cast` back
/// to the old type.
void refineFunction(func::FuncOp func, bool mayChangeResults) {
  auto canAbsorbTypeChange = [&](OpOperand &use) {
    Operation *user = use.getOwner();
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
      Type oldType = result.getType();
      if (oldType == type)
        continue;
      result.setType(type);
      if (llvm::all_of(result.getUses(), canAbsorbTypeChange))
        continue;
      OpBuilder builder(op->getContext());
      builder.setInsertionPointAfter(op);
      auto cast =
          tensor::CastOp::create(builder, op->getLoc(), oldType, result);
      result.replaceUsesWithIf(cast.getResult(), [&](OpOperand &use) {
        return use.getOwner() != cast && !canAbsorbTypeChange(use);
      });
    }
  });
  if (!mayChangeResults)
    return;
  auto returnOp = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  func.setFunctionType(FunctionType::get(
      func.getContext(), func.getArgumentTypes(), returnOp.getOperandTypes()));
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
