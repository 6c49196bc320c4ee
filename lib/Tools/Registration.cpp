//===- Registration.cpp - what the mdf tools register -----------*- C++ -*-===//
//
// This file implements the registration entry points the mdf tools share.
//
//===----------------------------------------------------------------------===//

#include "mdf/Tools/Registration.h"
#include "mdf/Conversion/Passes.h"
#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mdf/Pipelines/Pipelines.h"
#include "mdf/Target/MDFJson/MDFJson.h"
#ifdef MDF_ENABLE_TORCHSCRIPT
#include "mdf/Target/TorchScript/TorchScriptImporter.h"
#endif
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/InitAllTranslations.h"

void mlir::mdf::registerAllDialects(DialectRegistry &registry) {
  registry.insert<MDFDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
}

void mlir::mdf::registerAllPasses() {
  mlir::registerAllPasses();
  mlir::mdf::registerMDFPasses();
  mlir::mdf::registerMDFConversionPasses();
  mlir::mdf::registerMDFPipelines();
}

void mlir::mdf::registerAllTranslations() {
  mlir::registerAllTranslations();
  registerMDFJsonTranslations();
#ifdef MDF_ENABLE_TORCHSCRIPT
  registerImportTorchScriptTranslation();
#endif
}
