//===- Registration.cpp - what the mdf tools register -----------*- C++ -*-===//
//
// This file implements the registration of dialects and passes the mdf
// tools share. It links no importer, no translation and no JIT: mdf-opt
// needs only this.
//
//===----------------------------------------------------------------------===//

#include "mdf/Tools/Registration.h"
#include "mdf/Backend/CPU/Passes.h"
#include "mdf/Backend/CUDA/Passes.h"
#include "mdf/Conversion/Passes.h"
#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mdf/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void mlir::mdf::registerAllDialects(DialectRegistry &registry) {
  registry.insert<MDFDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // What gpu-module-to-binary needs for the CUDA pipeline's kernels.
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerAllGPUToLLVMIRTranslations(registry);
}

void mlir::mdf::registerAllPasses() {
  mlir::registerAllPasses();
  mlir::mdf::registerMDFPasses();
  mlir::mdf::registerMDFCPUPasses();
  mlir::mdf::registerMDFCUDAPasses();
  mlir::mdf::registerMDFConversionPasses();
  mlir::mdf::registerMDFPipelines();
}
