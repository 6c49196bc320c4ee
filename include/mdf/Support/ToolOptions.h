//===- ToolOptions.h - what a tool's --help shows ---------------*- C++ -*-===//
//
// The mdf tools link all of LLVM and MLIR, which register hundreds of
// command-line options. A tool's --help shows only its own categories and
// LLVM's generic options (--help, --version); the rest stay usable and are
// listed by --help-hidden and --help-list-hidden.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_TOOLOPTIONS_H
#define MDF_SUPPORT_TOOLOPTIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CommandLine.h"

namespace mlir::mdf {

/// Marks every registered option outside `categories` (and outside LLVM's
/// generic help and version options) hidden. Unlike
/// llvm::cl::HideUnrelatedOptions, which makes them "really hidden",
/// --help-hidden still lists them.
void showOnlyToolOptions(
    llvm::ArrayRef<const llvm::cl::OptionCategory *> categories);

/// Marks every option registered so far hidden (LLVM's generic help and
/// version options aside): called first in main(), it hides the options
/// LLVM's libraries register when they load (back-end flags such as
/// --amdgpu-*), and what the tool registers afterwards (MLIR's driver
/// options, the pass list, the translations) stays in --help.
void hideOptionsRegisteredSoFar();

} // namespace mlir::mdf

#endif // MDF_SUPPORT_TOOLOPTIONS_H
