//===- Jit.cpp - the one JIT session of mdf-run and the MDF runtime -------===//
//
// This file implements createJitSession.
//
//===----------------------------------------------------------------------===//

#include "mdf/Tools/Jit.h"
#include "mdf/Target/Native/NativeEmitter.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;

llvm::Expected<std::unique_ptr<ExecutionEngine>>
mlir::mdf::createJitSession(ModuleOp module, unsigned optLevel,
                            ArrayRef<StringRef> sharedLibraries) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  // ExecutionEngineOptions keeps a function_ref: the transformer must
  // outlive create().
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeLLVMOptimizer(optLevel, nullptr);
  ExecutionEngineOptions options;
  options.transformer = optimize;
  options.sharedLibPaths = sharedLibraries;
  return ExecutionEngine::create(module, options);
}
