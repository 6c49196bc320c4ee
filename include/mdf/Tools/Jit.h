//===- Jit.h - the one JIT session of mdf-run and the MDF runtime -*- C++ -*-===//
//
// mdf-run's TorchScript/MLIR path and the MDF graph runtime both run code
// in process. They share this one way to do it, so JIT-run code is
// optimized exactly like mdf-compile's objects (the same LLVM pipeline at
// the same level) and the native target is set up in one place.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TOOLS_JIT_H
#define MDF_TOOLS_JIT_H

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::mdf {

/// Compiles `module` (already lowered to the LLVM dialect, e.g. by
/// mdf-cpu-pipeline) for this machine with mdf's LLVM optimization
/// pipeline at `optLevel`, ready to invoke its functions.
/// `sharedLibraries` are loaded into the session for the code's external
/// calls (the mdf CUDA runtime, for mdf-cuda-pipeline's host code).
llvm::Expected<std::unique_ptr<ExecutionEngine>>
createJitSession(ModuleOp module, unsigned optLevel = 3,
                 ArrayRef<StringRef> sharedLibraries = {});

} // namespace mlir::mdf

#endif // MDF_TOOLS_JIT_H
