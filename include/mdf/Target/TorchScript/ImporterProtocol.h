//===- ImporterProtocol.h - what mdf-import-torchscript writes ---*- C++ -*-===//
//
// The tools never load LibTorch themselves: `importTorchScript` runs the
// helper executable `mdf-import-torchscript`, which does, and reads back
// what it wrote to its standard output. That is a sequence of records, each
// one kind byte, an 8-byte little-endian payload length and the payload:
//
//   'D'  a diagnostic: severity byte ('e', 'w', 'r' or 'n' for a note of
//        the diagnostic before it), then file, line, column and message
//        separated by NUL bytes;
//   'M'  the imported module as MLIR bytecode (at most one, last).
//
// The helper exits 0 after an 'M' record and 1 when the import failed (its
// diagnostics say why); anything else is a crash.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TARGET_TORCHSCRIPT_IMPORTERPROTOCOL_H
#define MDF_TARGET_TORCHSCRIPT_IMPORTERPROTOCOL_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::mdf::torchscript {

/// Writes `diagnostic` and its notes as 'D' records.
void writeDiagnosticRecords(llvm::raw_ostream &os, const Diagnostic &diagnostic);

/// Writes `module`'s bytecode as the 'M' record, straight to `os` (the
/// weights are not copied into a buffer first).
LogicalResult writeModuleRecord(llvm::raw_ostream &os, ModuleOp module);

/// Re-emits the 'D' records of `records` through `context`'s diagnostics,
/// at the locations the helper gave. Fails on a truncated or malformed
/// record or one of another kind.
LogicalResult replayDiagnosticRecords(llvm::StringRef records,
                                      MLIRContext *context);

/// The importing side's whole answer: reads the records from `fd` (to its
/// end; closes it), waits for the process `child` and returns the module,
/// or null with the diagnostics replayed, LibTorch's crash reported, or
/// `importer` (a description: "the TorchScript importer 'PATH'") named as
/// having stopped with unreadable output. Diagnostics are located at
/// `path` when the importer gave no location.
OwningOpRef<ModuleOp> receiveImportedModule(int fd, int child,
                                            llvm::StringRef path,
                                            llvm::StringRef importer,
                                            MLIRContext *context);

} // namespace mlir::mdf::torchscript

#endif // MDF_TARGET_TORCHSCRIPT_IMPORTERPROTOCOL_H
