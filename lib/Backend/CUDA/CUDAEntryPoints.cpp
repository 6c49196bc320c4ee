//===- CUDAEntryPoints.cpp - C entry points on host and device buffers ----===//
//
// This file implements mdf-cuda-entry-points: each public function of a
// bufferized model becomes a private body and two public entry points, one
// on device pointers and a stream, one on host buffers that copies to and
// from the device.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CUDA/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFCUDAENTRYPOINTS
#include "mdf/Backend/CUDA/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

constexpr const char *kBeginCall = "mdfCudaBeginCall";
constexpr const char *kEndCall = "mdfCudaEndCall";

/// Whether the function writes to `argument` (through any view of it):
/// the outputs of a bufferized model are the arguments it writes.
bool isWritten(BlockArgument argument) {
  SmallVector<Value> aliases = {argument};
  while (!aliases.empty()) {
    Value alias = aliases.pop_back_val();
    for (Operation *user : alias.getUsers()) {
      if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
        if (view.getViewSource() == alias)
          llvm::append_range(aliases, user->getResults());
        continue;
      }
      if (hasEffect<MemoryEffects::Write>(user, alias))
        return true;
      // An op that says nothing about its effects may write.
      if (!isa<MemoryEffectOpInterface>(user) &&
          !user->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
        return true;
    }
  }
  return false;
}

void declareRuntime(ModuleOp module, SymbolTable &symbols) {
  OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
  MLIRContext *context = module.getContext();
  auto pointer = LLVM::LLVMPointerType::get(context);
  auto declare = [&](StringRef name, FunctionType type) {
    if (symbols.lookup(name))
      return;
    auto func = func::FuncOp::create(builder, module.getLoc(), name, type);
    func.setPrivate();
    symbols.insert(func);
  };
  declare(kBeginCall, builder.getFunctionType({pointer}, {}));
  declare(kEndCall, builder.getFunctionType({}, {builder.getI32Type()}));
}

struct CUDAEntryPoints
    : public mdf::impl::MDFCUDAEntryPointsBase<CUDAEntryPoints> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> entries;
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        entries.push_back(func);
    if (entries.empty())
      return;
    declareRuntime(module, symbols);
    for (func::FuncOp entry : entries) {
      if (entry.getNumResults() != 0) {
        entry.emitError("mdf-cuda-entry-points: the function still returns "
                        "values (results must be out-parameters)");
        return signalPassFailure();
      }
      std::string name = entry.getSymName().str();
      SmallVector<bool> outputs;
      for (BlockArgument argument : entry.getArguments())
        outputs.push_back(isWritten(argument));
      if (failed(symbols.rename(entry, name + "_body")))
        return signalPassFailure();
      entry.setPrivate();
      buildDeviceEntry(entry, name + "_device", symbols);
      buildHostEntry(entry, name, outputs, symbols);
    }
  }

  /// `@<name>(device buffers..., stream) -> i32`.
  void buildDeviceEntry(func::FuncOp body, StringRef name,
                        SymbolTable &symbols) {
    OpBuilder builder(body);
    Location loc = body.getLoc();
    auto pointer = LLVM::LLVMPointerType::get(builder.getContext());
    SmallVector<Type> arguments(body.getArgumentTypes());
    arguments.push_back(pointer);
    auto func = func::FuncOp::create(
        builder, loc, name,
        builder.getFunctionType(arguments, {builder.getI32Type()}));
    symbols.insert(func);
    Block *block = func.addEntryBlock();
    builder.setInsertionPointToStart(block);
    func::CallOp::create(builder, loc, kBeginCall, TypeRange(),
                         ValueRange{block->getArguments().back()});
    func::CallOp::create(builder, loc, body,
                         block->getArguments().drop_back());
    Value status = func::CallOp::create(builder, loc, kEndCall,
                                        TypeRange{builder.getI32Type()},
                                        ValueRange())
                       .getResult(0);
    func::ReturnOp::create(builder, loc, status);
  }

  /// `@<name>(host buffers...) -> i32`: device copies around the body.
  void buildHostEntry(func::FuncOp body, StringRef name,
                      ArrayRef<bool> outputs, SymbolTable &symbols) {
    OpBuilder builder(body);
    Location loc = body.getLoc();
    auto func = func::FuncOp::create(
        builder, loc, name,
        builder.getFunctionType(body.getArgumentTypes(),
                                {builder.getI32Type()}));
    symbols.insert(func);
    Block *block = func.addEntryBlock();
    builder.setInsertionPointToStart(block);
    Value defaultStream = LLVM::ZeroOp::create(
        builder, loc, LLVM::LLVMPointerType::get(builder.getContext()));
    func::CallOp::create(builder, loc, kBeginCall, TypeRange(),
                         ValueRange{defaultStream});
    SmallVector<Value> deviceBuffers;
    for (auto [index, host] : llvm::enumerate(block->getArguments())) {
      auto type = cast<MemRefType>(host.getType());
      SmallVector<Value> sizes;
      for (int64_t dim = 0; dim < type.getRank(); ++dim)
        if (type.isDynamicDim(dim))
          sizes.push_back(memref::DimOp::create(builder, loc, host, dim));
      Value device =
          gpu::AllocOp::create(builder, loc, type, /*asyncToken=*/Type(),
                               ValueRange(), sizes, ValueRange())
              .getMemref();
      if (!outputs[index])
        gpu::MemcpyOp::create(builder, loc, /*asyncToken=*/Type(),
                              ValueRange(), device, host);
      deviceBuffers.push_back(device);
    }
    func::CallOp::create(builder, loc, body, deviceBuffers);
    for (auto [index, host] : llvm::enumerate(block->getArguments()))
      if (outputs[index])
        gpu::MemcpyOp::create(builder, loc, /*asyncToken=*/Type(),
                              ValueRange(), host, deviceBuffers[index]);
    for (Value device : deviceBuffers)
      gpu::DeallocOp::create(builder, loc, /*asyncToken=*/Type(), ValueRange(),
                             device);
    Value status = func::CallOp::create(builder, loc, kEndCall,
                                        TypeRange{builder.getI32Type()},
                                        ValueRange())
                       .getResult(0);
    func::ReturnOp::create(builder, loc, status);
  }
};

} // namespace
