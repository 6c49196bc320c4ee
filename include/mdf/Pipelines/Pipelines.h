//===- Pipelines.h - the named end-to-end pass pipelines --------*- C++ -*-===//
//
// The pipelines that take mdf IR to linalg and to the LLVM dialect; they are
// registered for mdf-opt and used by mdf-compile and mdf-run.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_PIPELINES_PIPELINES_H
#define MDF_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace mlir::mdf {

/// mdf compute ops to linalg/tensor/arith/math on tensors, folded.
void buildMDFToLinalgPipeline(OpPassManager &pm);

/// mdf to the LLVM dialect for CPUs. Entry functions keep their names and
/// take bare pointers to contiguous buffers: inputs first, then one output
/// buffer per result (static shapes only).
void buildMDFCPUPipeline(OpPassManager &pm);

/// Registers `mdf-to-linalg` and `mdf-cpu-pipeline` with mdf-opt.
void registerMDFPipelines();

} // namespace mlir::mdf

#endif // MDF_PIPELINES_PIPELINES_H
