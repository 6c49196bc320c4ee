//===- ModelLoader.h - read a model file of any supported kind --*- C++ -*-===//
//
// The front door of mdf-compile and mdf-run: a TorchScript .pt, or mdf
// MLIR (.mlir text or .mlirbc bytecode), becomes a verified mdf module whose
// entry function has static input types.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TOOLS_MODELLOADER_H
#define MDF_TOOLS_MODELLOADER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <string>
#include <vector>

namespace mlir::mdf {

/// Loads `path` by its extension. `inputShapes` are `--input-shape` values:
/// required for .pt (one per forward() input), optional for MLIR, where
/// they replace the entry function's argument types (e.g. to pin a dynamic
/// batch) before shapes are re-inferred. Problems are reported through the
/// context's diagnostics and give null. `inputLabels` (one per shape, when
/// given) say where each shape came from in messages, such as
/// "--input 0 (x.npy)"; the default is "--input-shape N".
OwningOpRef<ModuleOp> loadModel(StringRef path,
                                ArrayRef<std::string> inputShapes,
                                MLIRContext *context,
                                ArrayRef<std::string> inputLabels = {});

/// The model's entry function: `forward`, else the only public function.
func::FuncOp getEntryFunction(ModuleOp module);

} // namespace mlir::mdf

#endif // MDF_TOOLS_MODELLOADER_H
