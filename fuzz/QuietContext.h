//===- QuietContext.h - the MLIR context the fuzz targets share -*- C++ -*-===//
//
// One context per fuzzer process, with the dialects a target needs loaded
// and every diagnostic swallowed (a refused input is not a finding).
//
//===----------------------------------------------------------------------===//

#ifndef MDF_FUZZ_QUIETCONTEXT_H
#define MDF_FUZZ_QUIETCONTEXT_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

/// A context for the process's lifetime (never freed: the fuzzer exits).
template <typename... Dialects>
mlir::MLIRContext *createQuietContext() {
  auto *context = new mlir::MLIRContext();
  context->loadDialect<Dialects...>();
  context->getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  return context;
}

#endif // MDF_FUZZ_QUIETCONTEXT_H
