//===- MDFJson.h - ModECI MDF JSON import and export ------------*- C++ -*-===//
//
// Reading ModECI MDF v0.4 JSON files into the mdf dialect's structure ops
// and writing mdf IR (structure ops, or compute ops from another front end)
// back as MDF JSON.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TARGET_MDFJSON_MDFJSON_H
#define MDF_TARGET_MDFJSON_MDFJSON_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir::mdf {

/// Imports the MDF JSON `text` (read from `filename`, for locations) as a
/// module holding one `mdf.model`. Errors name the line, column and JSON
/// path; with `verbose`, keys MDF does not define are reported as warnings
/// (they are ignored either way).
OwningOpRef<ModuleOp> importMDFJson(StringRef text, StringRef filename,
                                    MLIRContext *context,
                                    bool verbose = false);

/// Imports the MDF YAML `text` into the same IR as its JSON twin: YAML is
/// read into the same document model (mappings keep their order, plain
/// scalars resolve by YAML 1.2's core schema). Errors as for JSON.
OwningOpRef<ModuleOp> importMDFYaml(StringRef text, StringRef filename,
                                    MLIRContext *context,
                                    bool verbose = false);

/// Whether `filename` names an MDF YAML file (`.yaml`, `.yml`).
bool isMDFYamlFile(StringRef filename);

/// Whether `filename` names an MDF model file (`.json`, `.yaml`, `.yml`).
bool isMDFFile(StringRef filename);

/// importMDFYaml for YAML file names, importMDFJson for the rest.
OwningOpRef<ModuleOp> importMDFFile(StringRef text, StringRef filename,
                                    MLIRContext *context,
                                    bool verbose = false);

/// Writes `module` as MDF v0.4 JSON: an `mdf.model` as the file it came
/// from, or a function of mdf compute ops (the TorchScript importer's
/// output) as one node per op with ONNX function names and the weights as
/// parameter values.
LogicalResult exportMDFJson(ModuleOp module, llvm::raw_ostream &os);

/// Registers `--import-mdf-json`, `--import-mdf-yaml` and `--export-mdf-json`
/// with mdf-translate.
void registerMDFJsonTranslations();

} // namespace mlir::mdf

#endif // MDF_TARGET_MDFJSON_MDFJSON_H
