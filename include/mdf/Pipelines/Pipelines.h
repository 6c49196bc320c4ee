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
#include "llvm/Support/Error.h"

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

/// The knobs of mdf-cuda-pipeline (mdf-compile --target=cuda takes
/// --gpu-arch and --pipeline-options).
struct CUDAPipelineOptions : public PassPipelineOptions<CUDAPipelineOptions> {
  Option<std::string> gpuArch{
      *this, "gpu-arch",
      llvm::cl::desc("The GPU the cubin is for (sm_80, sm_90, ...); the "
                     "embedded PTX serves later ones"),
      llvm::cl::init("sm_90")};
  Option<int64_t> threadsPerBlock{
      *this, "threads-per-block",
      llvm::cl::desc("Threads of each block of an elementwise or loop "
                     "kernel"),
      llvm::cl::init(256)};
  Option<std::string> binaryFormat{
      *this, "format",
      llvm::cl::desc("What the object embeds: fatbin (cubin and PTX), bin "
                     "(cubin) or isa (PTX, compiled by the driver at load)"),
      llvm::cl::init("fatbin")};
  Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("The CUDA toolkit (ptxas, fatbinary, libdevice)"),
      llvm::cl::init("/usr/local/cuda")};
};

/// mdf to the LLVM dialect for NVIDIA GPUs: the host functions of
/// `mdf-cuda-entry-points` (on host buffers, and on device buffers with a
/// stream) and the kernels as an embedded GPU binary.
void buildMDFCUDAPipeline(OpPassManager &pm,
                          const CUDAPipelineOptions &options);
void buildMDFCUDAPipeline(OpPassManager &pm);

/// Adds the pipeline of `target` ("cpu": mdf-cpu-pipeline, "cuda":
/// mdf-cuda-pipeline) to `pm`, with `options` written as mdf-opt takes
/// them ("vector-tile=32", "gpu-arch=sm_80 threads-per-block=128"), as the
/// drivers' --target and --pipeline-options give them.
llvm::Error buildTargetPipeline(OpPassManager &pm, llvm::StringRef target,
                                llvm::StringRef options);

/// Registers `mdf-to-linalg`, `mdf-cpu-pipeline` and `mdf-cuda-pipeline`
/// with mdf-opt.
void registerMDFPipelines();

} // namespace mlir::mdf

#endif // MDF_PIPELINES_PIPELINES_H
