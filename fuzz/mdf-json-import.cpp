//===- mdf-json-import.cpp - fuzz the ModECI MDF importer -----------------===//
//
// Any bytes as an MDF JSON file: imported, and when that succeeds exported
// back to JSON and outlined into functions, the steps mdf-run takes before
// compiling.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "QuietContext.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mdf/Target/MDFJson/MDFJson.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static MLIRContext *context =
      createQuietContext<mdf::MDFDialect, func::FuncDialect>();
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  OwningOpRef<ModuleOp> module = mdf::importMDFJson(text, "fuzz.json", context);
  if (!module)
    return 0;
  std::string json;
  llvm::raw_string_ostream os(json);
  (void)mdf::exportMDFJson(*module, os);
  PassManager pm(context);
  pm.addPass(mdf::createMDFOutlineNodes());
  (void)pm.run(*module);
  return 0;
}
