//===- TorchScriptImporter.h - TorchScript (.pt) to mdf ---------*- C++ -*-===//
//
// Imports a TorchScript module saved with `torch.jit.save` into an mdf
// module. No LibTorch type appears here, and nothing declared here links
// LibTorch: the import runs in the helper executable mdf-import-torchscript
// (see ImporterProtocol.h); programs that link LibTorch themselves use
// LibTorchImporter.h.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TARGET_TORCHSCRIPT_TORCHSCRIPTIMPORTER_H
#define MDF_TARGET_TORCHSCRIPT_TORCHSCRIPTIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace mlir::mdf {

/// Loads, freezes and imports the `forward` method of the TorchScript model
/// at `path`; `inputTypes` give the shapes and element types of forward()'s
/// inputs, in order. Every problem (a file that is not a model, a wrong
/// number of inputs, unsupported operators — all of them, each at its
/// source location — or LibTorch crashing on a damaged file) is reported
/// through the context's diagnostics and yields null. When the import
/// fails and a floating-point input's type differs from the model's
/// weights, the first error says so, naming the input by its `inputLabels`
/// entry (default "--input-shape N").
OwningOpRef<ModuleOp> importTorchScript(StringRef path,
                                        ArrayRef<RankedTensorType> inputTypes,
                                        MLIRContext *context,
                                        ArrayRef<std::string> inputLabels = {});

/// The helper `importTorchScript` runs: $MDF_TORCHSCRIPT_IMPORTER when set,
/// else mdf-import-torchscript in the running executable's folder.
std::string findTorchScriptImporter();

/// Registers `--import-torchscript` (with `--input-shape`) for mdf-translate.
void registerImportTorchScriptTranslation();

} // namespace mlir::mdf

#endif // MDF_TARGET_TORCHSCRIPT_TORCHSCRIPTIMPORTER_H
