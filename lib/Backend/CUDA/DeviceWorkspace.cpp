//===- DeviceWorkspace.cpp - a GPU model's temporaries in one buffer ------===//
//
// This file implements mdf-device-workspace: the fixed-size temporaries of
// each function move into one buffer packed by live range, a global that
// mdf-device-globals later places in device memory; the rest become
// gpu.alloc. It records which globals the device must hold.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CUDA/Passes.h"
#include "mdf/Backend/Utils/TemporaryPacking.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFDEVICEWORKSPACE
#include "mdf/Backend/CUDA/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

struct DeviceWorkspace
    : public mdf::impl::MDFDeviceWorkspaceBase<DeviceWorkspace> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal())
        continue;
      if (func.getBody().hasOneBlock())
        packWorkspace(func, symbols);
      allocateOnDevice(func);
    }
    // Every global the host code addresses must be a device copy.
    SmallVector<Attribute> names;
    for (auto global : module.getOps<memref::GlobalOp>())
      names.push_back(FlatSymbolRefAttr::get(global.getSymNameAttr()));
    module->setAttr("mdf.device_globals",
                    ArrayAttr::get(module.getContext(), names));
  }

  void packWorkspace(func::FuncOp func, SymbolTable &symbols) {
    Block &block = func.getBody().front();
    SmallVector<mdf::Temporary> temps = mdf::collectTemporaries(
        block,
        [](memref::AllocOp alloc) {
          return mdf::staticByteSize(alloc.getType());
        });
    if (temps.empty())
      return;
    int64_t total = mdf::packTemporaries(temps);
    OpBuilder builder(func);
    Location loc = func.getLoc();
    auto workspaceType = MemRefType::get({total}, builder.getI8Type());
    auto global = memref::GlobalOp::create(
        builder, loc, ("__mdf_device_workspace_" + func.getSymName()).str(),
        builder.getStringAttr("private"), workspaceType,
        builder.getUnitAttr(), /*constant=*/false,
        builder.getI64IntegerAttr(mdf::kWorkspaceAlignment));
    symbols.insert(global);
    builder.setInsertionPointToStart(&block);
    Value base = memref::GetGlobalOp::create(builder, loc, workspaceType,
                                             global.getSymName());
    for (mdf::Temporary &temp : temps) {
      builder.setInsertionPoint(temp.alloc);
      Location allocLoc = temp.alloc.getLoc();
      Value offset =
          arith::ConstantIndexOp::create(builder, allocLoc, temp.offset);
      Value view = memref::ViewOp::create(builder, allocLoc,
                                          temp.alloc.getType(), base, offset,
                                          ValueRange());
      temp.alloc.replaceAllUsesWith(view);
      for (memref::DeallocOp dealloc : temp.deallocs)
        dealloc.erase();
      temp.alloc.erase();
    }
  }

  /// The top-level allocations left (dynamic sizes, buffers that escape)
  /// are device allocations. (Those inside loops, which become kernels,
  /// are the kernel's own: device-side malloc.)
  void allocateOnDevice(func::FuncOp func) {
    SmallVector<memref::AllocOp> allocs;
    SmallVector<memref::DeallocOp> deallocs;
    for (Block &block : func.getBody()) {
      llvm::append_range(allocs, block.getOps<memref::AllocOp>());
      llvm::append_range(deallocs, block.getOps<memref::DeallocOp>());
    }
    for (memref::AllocOp alloc : allocs) {
      OpBuilder builder(alloc);
      auto replacement = gpu::AllocOp::create(
          builder, alloc.getLoc(), alloc.getType(), /*asyncToken=*/Type(),
          ValueRange(), alloc.getDynamicSizes(), alloc.getSymbolOperands());
      alloc.replaceAllUsesWith(replacement.getMemref());
      alloc.erase();
    }
    for (memref::DeallocOp dealloc : deallocs) {
      OpBuilder builder(dealloc);
      gpu::DeallocOp::create(builder, dealloc.getLoc(), /*asyncToken=*/Type(),
                             ValueRange(), dealloc.getMemref());
      dealloc.erase();
    }
  }
};

} // namespace
