//===- Pipelines.cpp - the named end-to-end pass pipelines ------*- C++ -*-===//
//
// This file implements the mdf-to-linalg and mdf-cpu-pipeline pipelines.
//
//===----------------------------------------------------------------------===//

#include "mdf/Pipelines/Pipelines.h"
#include "mdf/Backend/CPU/Passes.h"
#include "mdf/Backend/CUDA/Passes.h"
#include "mdf/Conversion/Passes.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {

/// Tensors to buffers across function boundaries (identity layouts).
void addOneShotBufferization(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createCanonicalizerPass());
}

/// Results become caller-provided buffers, each its own.
void addResultsAsOutParameters(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(mdf::createMDFDistinctResultBuffers());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
}

/// Temporaries freed after their last use.
void addDeallocation(OpPassManager &pm) {
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  // Deallocation may call a generated helper on dynamically shaped buffers,
  // which the bare-pointer calling convention cannot pass: inline it.
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
}

} // namespace

void mlir::mdf::buildMDFToLinalgPipeline(OpPassManager &pm) {
  // f16 and bf16 models compute in f32.
  OpPassManager &functions = pm.nest<func::FuncOp>();
  functions.addPass(mdf::createMDFWidenHalfFloats());
  functions.addPass(createConvertMDFToLinalg());
  pm.addPass(createCanonicalizerPass());
}

void mlir::mdf::buildMDFCPUPipeline(OpPassManager &pm) {
  buildMDFCPUPipeline(pm, CPUPipelineOptions());
}

void mlir::mdf::buildMDFCPUPipeline(OpPassManager &pm,
                                    const CPUPipelineOptions &options) {
  MDFTileAndVectorizeLoopsOptions vectorLengths;
  vectorLengths.wholeLoopLimit = options.wholeLoopLimit;
  vectorLengths.maskedTile = options.vectorTile;
  buildMDFToLinalgPipeline(pm);
  // Dynamic result sizes as a function of the input sizes, while the
  // tensor ops still say how they derive them.
  pm.addPass(mdf::createMDFOutputSizeFunctions());
  pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCanonicalizerPass());
  // Dynamic sizes: loops of static tiles, which the schedules below take.
  pm.addPass(mdf::createMDFTileDynamicLoops());
  // Matrix products: cache and register tiles, vectorized.
  pm.addPass(createMDFTileAndVectorizeMatmul());
  // Everything else: elementwise, reductions, transposes, pooling.
  pm.addPass(createMDFTileAndVectorizeLoops(vectorLengths));

  // Tensors to buffers; results become caller-provided out-parameters and
  // temporaries are freed.
  addOneShotBufferization(pm);
  pm.addPass(createMDFHoistAndLowerVectors());
  addResultsAsOutParameters(pm);
  // Dynamic sizes as leading index arguments; buffers as bare pointers.
  pm.addPass(mdf::createMDFEntrySizeArguments());
  addDeallocation(pm);
  // Temporaries in one static workspace, reused from call to call.
  MDFStaticWorkspaceOptions workspace;
  workspace.maxBytes = options.workspaceMaxBytes;
  pm.addPass(mdf::createMDFStaticWorkspace(workspace));

  // Loops, then the LLVM dialect.
  pm.addNestedPass<func::FuncOp>(createMDFStridedCopiesToLinalg());
  // Bufferization's own copies and fills (of padded inputs) in vectors.
  pm.addPass(createMDFTileAndVectorizeLoops(vectorLengths));
  // Unrolled: the loop form keeps each transfer's vector in a stack
  // buffer, and such buffers inside loop nests can overflow the stack.
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // Without rollback: the conversion otherwise keeps the state to undo
  // every rewrite of the (unrolled, big) model, which was its peak memory.
  SCFToControlFlowPassOptions controlFlow;
  controlFlow.allowPatternRollback = false;
  pm.addPass(createSCFToControlFlowPass(controlFlow));
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // The unrolled transfers' address arithmetic (the same products of
  // indices and strides for each row of a register tile), folded and
  // shared before it multiplies into LLVM ops.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Math first: libm calls for vector math unroll into vector ops, which
  // the vector lowering then handles.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToLLVMPass());
  // memref, arith, ub, cf and func in one conversion; C entry points take
  // bare pointers.
  pm.addPass(mdf::createMDFFinishLLVMLowering());
  // Vectors of booleans one byte per element, as scalar code stores them.
  pm.addPass(mdf::createMDFByteBooleans());
  pm.addPass(createCanonicalizerPass());
  // Each access computes its address from the indices and strides: shared
  // where accesses repeat them.
  pm.addPass(createCSEPass());
  // Weights as flat byte arrays: one LLVM constant each.
  pm.addPass(mdf::createMDFWeightsAsBytes());
}

void mlir::mdf::buildMDFCUDAPipeline(OpPassManager &pm) {
  buildMDFCUDAPipeline(pm, CUDAPipelineOptions());
}

void mlir::mdf::buildMDFCUDAPipeline(OpPassManager &pm,
                                     const CUDAPipelineOptions &options) {
  buildMDFToLinalgPipeline(pm);
  pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCanonicalizerPass());
  addOneShotBufferization(pm);
  addResultsAsOutParameters(pm);
  addDeallocation(pm);
  // Temporaries in one device workspace; every copy a kernel.
  pm.addPass(mdf::createMDFDeviceWorkspace());
  MDFStridedCopiesToLinalgOptions allCopies;
  allCopies.all = true;
  pm.addNestedPass<func::FuncOp>(createMDFStridedCopiesToLinalg(allCopies));
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  // Entry points on host and device buffers, then the loops as kernels.
  pm.addPass(mdf::createMDFCUDAEntryPoints());
  MDFMapLoopsToGPUOptions mapping;
  mapping.threadsPerBlock = options.threadsPerBlock;
  pm.addNestedPass<func::FuncOp>(mdf::createMDFMapLoopsToGPU(mapping));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(mdf::createMDFMergeKernelModules());
  // One stream per call (the caller's), synchronized at the end.
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  pm.addPass(createSCFToControlFlowPass());

  // Kernels: NVVM, then PTX and cubin through the toolkit.
  GpuNVVMAttachTargetOptions target;
  target.chip = options.gpuArch;
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createConvertGpuOpsToNVVMOps());
  // Math that libdevice does not cover (trunc, ...) as LLVM intrinsics.
  kernels.addPass(createConvertMathToLLVMPass());
  kernels.addPass(createArithToLLVMConversionPass());
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.toolkitPath = options.toolkit;
  binary.compilationTarget = options.binaryFormat;
  pm.addPass(createGpuModuleToBinaryPass(binary));

  // Host: runtime calls, bare-pointer entry points, device copies of
  // weights and workspaces.
  GpuToLLVMConversionPassOptions host;
  host.hostBarePtrCallConv = true;
  pm.addPass(createGpuToLLVMConversionPass(host));
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(mdf::createMDFDeviceGlobals());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(mdf::createMDFWeightsAsBytes());
}

llvm::Error mlir::mdf::buildTargetPipeline(OpPassManager &pm,
                                           llvm::StringRef target,
                                           llvm::StringRef options) {
  if (target == "cpu") {
    std::unique_ptr<CPUPipelineOptions> parsed =
        CPUPipelineOptions::createFromString(options);
    if (!parsed)
      return llvm::createStringError(
          "'" + options.str() +
          "' is not a list of mdf-cpu-pipeline options (whole-loop-limit, "
          "vector-tile, workspace-max-bytes)");
    buildMDFCPUPipeline(pm, *parsed);
    return llvm::Error::success();
  }
  if (target == "cuda") {
    std::unique_ptr<CUDAPipelineOptions> parsed =
        CUDAPipelineOptions::createFromString(options);
    if (!parsed)
      return llvm::createStringError(
          "'" + options.str() +
          "' is not a list of mdf-cuda-pipeline options (gpu-arch, "
          "threads-per-block, format, toolkit)");
    buildMDFCUDAPipeline(pm, *parsed);
    return llvm::Error::success();
  }
  return llvm::createStringError("unknown target '" + target.str() +
                                 "' (cpu or cuda)");
}

void mlir::mdf::registerMDFPipelines() {
  PassPipelineRegistration<>(
      "mdf-to-linalg",
      "Lower mdf compute ops to linalg, tensor, arith and math on tensors",
      buildMDFToLinalgPipeline);
  PassPipelineRegistration<CPUPipelineOptions>(
      "mdf-cpu-pipeline",
      "Lower mdf to the LLVM dialect for CPUs: linalg, fusion, tiled and "
      "vectorized linalg ops, bufferization with caller-provided outputs, "
      "temporaries in a static workspace, loops, LLVM",
      [](OpPassManager &pm, const CPUPipelineOptions &options) {
        buildMDFCPUPipeline(pm, options);
      });
  PassPipelineRegistration<CUDAPipelineOptions>(
      "mdf-cuda-pipeline",
      "Lower mdf for NVIDIA GPUs: linalg, bufferization, a device workspace, "
      "loops mapped to blocks and threads, kernels to NVVM and a fatbin "
      "(cubin and PTX), host code calling the mdf CUDA runtime",
      [](OpPassManager &pm, const CUDAPipelineOptions &options) {
        buildMDFCUDAPipeline(pm, options);
      });
}
