//===- DeviceGlobals.cpp - host code addresses device copies of globals ---===//
//
// This file implements mdf-device-globals: in the host LLVM dialect, the
// address of a weight or workspace global becomes the address of its device
// copy, which the runtime makes once per process.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CUDA/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFDEVICEGLOBALS
#include "mdf/Backend/CUDA/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

constexpr const char *kDeviceGlobal = "mdfCudaDeviceGlobal";

struct DeviceGlobals
    : public mdf::impl::MDFDeviceGlobalsBase<DeviceGlobals> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto names = module->getAttrOfType<ArrayAttr>("mdf.device_globals");
    if (!names)
      return;
    module->removeAttr("mdf.device_globals");
    llvm::StringSet<> deviceGlobals;
    for (Attribute name : names)
      deviceGlobals.insert(cast<FlatSymbolRefAttr>(name).getValue());

    MLIRContext *context = module.getContext();
    auto pointer = LLVM::LLVMPointerType::get(context);
    auto i64 = IntegerType::get(context, 64);
    auto i32 = IntegerType::get(context, 32);
    SymbolTable symbols(module);
    auto callee = symbols.lookup<LLVM::LLVMFuncOp>(kDeviceGlobal);
    if (!callee) {
      OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
      callee = LLVM::LLVMFuncOp::create(
          builder, module.getLoc(), kDeviceGlobal,
          LLVM::LLVMFunctionType::get(pointer, {pointer, i64, i32}));
      symbols.insert(callee);
    }
    DataLayout layout(module);
    SmallVector<LLVM::AddressOfOp> addresses;
    module.walk([&](LLVM::AddressOfOp address) {
      if (deviceGlobals.contains(address.getGlobalName()) &&
          address->getParentOfType<LLVM::LLVMFuncOp>())
        addresses.push_back(address);
    });
    for (LLVM::AddressOfOp address : addresses) {
      auto global = symbols.lookup<LLVM::GlobalOp>(address.getGlobalName());
      if (!global)
        continue;
      OpBuilder builder(address);
      builder.setInsertionPointAfter(address);
      Location loc = address.getLoc();
      int64_t bytes = layout.getTypeSize(global.getGlobalType());
      Value size = LLVM::ConstantOp::create(builder, loc, i64,
                                            builder.getI64IntegerAttr(bytes));
      bool upload = global.getConstant() && global.getValueOrNull();
      Value uploadFlag = LLVM::ConstantOp::create(
          builder, loc, i32, builder.getI32IntegerAttr(upload ? 1 : 0));
      auto call = LLVM::CallOp::create(
          builder, loc, callee,
          ValueRange{address.getResult(), size, uploadFlag});
      address.getResult().replaceAllUsesExcept(call.getResult(), call);
    }
  }
};

} // namespace
