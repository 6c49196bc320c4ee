//===- LibTorchImporter.h - the importer that links LibTorch ----*- C++ -*-===//
//
// The TorchScript importer proper, for the few programs that link LibTorch:
// the helper mdf-import-torchscript, the fuzz target and the operator-list
// generator. Everything else calls importTorchScript (TorchScriptImporter.h),
// which runs the helper.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TARGET_TORCHSCRIPT_LIBTORCHIMPORTER_H
#define MDF_TARGET_TORCHSCRIPT_LIBTORCHIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace mlir::mdf {

/// importTorchScript's work, in this process: a LibTorch crash on a damaged
/// file takes the process down.
OwningOpRef<ModuleOp>
importTorchScriptInProcess(StringRef path,
                           ArrayRef<RankedTensorType> inputTypes,
                           MLIRContext *context,
                           ArrayRef<std::string> inputLabels = {});

/// The same in a forked child that hands the module back as bytecode: a
/// crash becomes an error naming the file (the fuzz target's way).
OwningOpRef<ModuleOp>
importTorchScriptInChildProcess(StringRef path,
                                ArrayRef<RankedTensorType> inputTypes,
                                MLIRContext *context,
                                ArrayRef<std::string> inputLabels = {});

/// The importing side of ImporterProtocol.h: imports the model and writes
/// its diagnostics and then the module's bytecode as records to `fd`.
/// Returns the exit status the importing process reports (0 when the
/// module was written, 1 when the import failed).
int importTorchScriptToRecords(int fd, StringRef path,
                               ArrayRef<RankedTensorType> inputTypes,
                               MLIRContext *context,
                               ArrayRef<std::string> inputLabels);

/// Makes a crash inside LibTorch end the process by its signal, quietly
/// (default signal dispositions, sanitizer reports ending in SIGABRT), and
/// failed allocations throw std::bad_alloc: what the importing process
/// (the helper, a forked child) does before it loads a model.
void prepareProcessForLibTorch();

/// The TorchScript operators the importer converts, sorted.
std::vector<std::string> getSupportedTorchScriptOperators();

/// The operators (with their overload names, "aten::split.Tensor") that the
/// importer rewrites into supported ones before importing, sorted.
std::vector<std::string> getDecomposedTorchScriptOperators();

/// Compiles every decomposition's TorchScript; returns one message per
/// decomposition that does not compile.
std::vector<std::string> checkTorchScriptDecompositions();

} // namespace mlir::mdf

#endif // MDF_TARGET_TORCHSCRIPT_LIBTORCHIMPORTER_H
