//===- Pipelines.h - the named end-to-end pass pipelines --------*- C++ -*-===//
//
// The pipelines that take mdf IR to linalg and to the LLVM dialect; they are
// registered for mdf-opt and used by mdf-compile and mdf-run.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_PIPELINES_PIPELINES_H
#define MDF_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::mdf {

/// mdf compute ops to linalg/tensor/arith/math on tensors, folded.
void buildMDFToLinalgPipeline(OpPassManager &pm);

/// The knobs of mdf-cpu-pipeline, one struct that every driver passes
/// (mdf-compile and mdf-run take them as --pipeline-options, mdf-opt as
/// `--mdf-cpu-pipeline="vector-tile=32"`). The target CPU is not here: it
/// is the LLVM target machine's, set by mdf-compile's --target-cpu.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<int64_t> wholeLoopLimit{
      *this, "whole-loop-limit",
      llvm::cl::desc("Loops of up to this many iterations are one vector"),
      llvm::cl::init(128)};
  Option<int64_t> vectorTile{
      *this, "vector-tile",
      llvm::cl::desc("Vector length of a loop nothing divides (its tail "
                     "is masked)"),
      llvm::cl::init(64)};
  Option<int64_t> workspaceMaxBytes{
      *this, "workspace-max-bytes",
      llvm::cl::desc("Largest static workspace per function, in bytes; "
                     "above it temporaries stay heap allocations"),
      llvm::cl::init(int64_t(1) << 32)};
};

/// mdf to the LLVM dialect for CPUs. Entry functions keep their names and
/// take bare pointers to contiguous buffers: inputs first, then one output
/// buffer per result (static shapes only).
void buildMDFCPUPipeline(OpPassManager &pm,
                         const CPUPipelineOptions &options);
void buildMDFCPUPipeline(OpPassManager &pm);

/// Registers `mdf-to-linalg` and `mdf-cpu-pipeline` with mdf-opt.
void registerMDFPipelines();

} // namespace mlir::mdf

#endif // MDF_PIPELINES_PIPELINES_H
