//===- Pipelines.cpp - the named end-to-end pass pipelines ------*- C++ -*-===//
//
// This file implements the mdf-to-linalg and mdf-cpu-pipeline pipelines.
//
//===----------------------------------------------------------------------===//

#include "mdf/Pipelines/Pipelines.h"
#include "mdf/Backend/CPU/Passes.h"
#include "mdf/Conversion/Passes.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

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
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createMDFHoistAndLowerVectors());
  pm.addNestedPass<func::FuncOp>(createMDFDistinctResultBuffers());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  // Dynamic sizes as leading index arguments; buffers as bare pointers.
  pm.addPass(mdf::createMDFEntrySizeArguments());
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  // Deallocation may call a generated helper on dynamically shaped buffers,
  // which the bare-pointer calling convention cannot pass: inline it.
  pm.addPass(createInlinerPass());
  pm.addPass(createSymbolDCEPass());
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
}
