//===- MergeKernelModules.cpp - one gpu.module per model ------------------===//
//
// This file implements mdf-merge-kernel-modules: the kernels that
// gpu-kernel-outlining put in one module each move into one module, so that
// the model is one GPU binary.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CUDA/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFMERGEKERNELMODULES
#include "mdf/Backend/CUDA/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

struct MergeKernelModules
    : public mdf::impl::MDFMergeKernelModulesBase<MergeKernelModules> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernelModules(
        module.getOps<gpu::GPUModuleOp>());
    if (kernelModules.size() < 2)
      return;
    gpu::GPUModuleOp target = kernelModules.front();
    SymbolTable targetSymbols(target);
    // Where each moved kernel now is, by its old reference.
    DenseMap<Attribute, SymbolRefAttr> moved;
    auto targetName = target.getSymNameAttr();
    for (gpu::GPUModuleOp source : llvm::drop_begin(kernelModules)) {
      Block *body = source.getBody();
      for (Operation &op : llvm::make_early_inc_range(*body)) {
        auto kernel = dyn_cast<gpu::GPUFuncOp>(&op);
        if (!kernel)
          continue;
        auto oldReference = SymbolRefAttr::get(
            source.getSymNameAttr(),
            {FlatSymbolRefAttr::get(kernel.getNameAttr())});
        kernel->remove();
        // Inserting renames the kernel when its name is taken.
        StringAttr name = targetSymbols.insert(kernel);
        moved[oldReference] =
            SymbolRefAttr::get(targetName, {FlatSymbolRefAttr::get(name)});
      }
      if (!body->empty() &&
          llvm::any_of(*body, [](Operation &op) {
            return !op.hasTrait<OpTrait::IsTerminator>();
          })) {
        source.emitError("mdf-merge-kernel-modules: a kernel module holds "
                         "more than kernels");
        return signalPassFailure();
      }
      source.erase();
    }
    module.walk([&](gpu::LaunchFuncOp launch) {
      auto it = moved.find(launch.getKernel());
      if (it != moved.end())
        launch.setKernelAttr(it->second);
    });
  }
};

} // namespace
