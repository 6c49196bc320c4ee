//===- NativeEmitter.h - objects, shared libraries, C headers ---*- C++ -*-===//
//
// Turns an LLVM-dialect module (from mdf-cpu-pipeline) into native code for
// a CPU, in process, and writes the C header that describes its entry point.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TARGET_NATIVE_NATIVEEMITTER_H
#define MDF_TARGET_NATIVE_NATIVEEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/Error.h"
#include <functional>
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class raw_pwrite_stream;
class TargetMachine;
} // namespace llvm

namespace mlir::mdf {

struct NativeOptions {
  /// An LLVM CPU name; empty or "native" means the host CPU and features.
  std::string targetCPU;
  /// LLVM optimization level, 0 to 3.
  unsigned optLevel = 3;
  /// Called after code generation of each function with how many of how
  /// many are done (for a progress line); may be empty.
  std::function<void(size_t, size_t)> onFunctionGenerated;
  /// Frees every resource blob of the MLIR context (the weights, as read
  /// and as re-laid out) once the weights are LLVM constants, so that code
  /// generation reuses their memory; the module is left without them.
  bool releaseWeightsAfterTranslation = false;
};

/// LLVM's optimizations at `optLevel` for code that mdf has already tiled
/// and vectorized, as mdf-compile and mdf-run's JIT run them.
std::function<llvm::Error(llvm::Module *)>
makeLLVMOptimizer(unsigned optLevel, llvm::TargetMachine *machine);

/// Translates `module` (LLVM dialect) to LLVM IR for the target and runs
/// LLVM's optimizations at `options.optLevel`.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateAndOptimize(ModuleOp module, llvm::LLVMContext &context,
                     const NativeOptions &options);

/// Emits `module` as an object file for the target.
llvm::Error emitObjectFile(llvm::Module &module, const NativeOptions &options,
                           llvm::raw_pwrite_stream &os);

/// Links `objectPath` into a shared library at `sharedPath` (with lld).
/// `extraInputs` (libraries, linker flags) follow the object.
llvm::Error linkSharedLibrary(StringRef objectPath, StringRef sharedPath,
                              ArrayRef<std::string> extraInputs = {});

/// The C header declaring `void <symbol>(sizes..., inputs..., outputs...)`
/// with the shapes and element types as constants. Dynamic input sizes are
/// leading `int64_t` arguments; with dynamic output sizes it also declares
/// `<symbol>_output_sizes`, and `outputSizeSources` says which input size
/// each dynamic output size equals (-1: computed). With `cuda`, the
/// entry points of mdf-cuda-pipeline: `int <symbol>(inputs..., outputs...)`
/// on host buffers and `int <symbol>_device(..., CUstream)` (static shapes).
std::string generateCHeader(StringRef modelName, StringRef symbol,
                            ArrayRef<RankedTensorType> inputs,
                            ArrayRef<RankedTensorType> outputs,
                            ArrayRef<int64_t> outputSizeSources,
                            StringRef sourceFile, bool cuda = false);

} // namespace mlir::mdf

#endif // MDF_TARGET_NATIVE_NATIVEEMITTER_H
