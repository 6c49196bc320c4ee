//===- Registration.cpp - MDF JSON translations -----------------*- C++ -*-===//

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Target/MDFJson/MDFJson.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

static llvm::cl::opt<bool> mdfJsonVerbose(
    "mdf-json-verbose",
    llvm::cl::desc("--import-mdf-json and --import-mdf-yaml: warn about keys MDF "
                   "does not define "
                   "(they are ignored either way)"),
    llvm::cl::init(false));

void mlir::mdf::registerMDFJsonTranslations() {
  TranslateToMLIRRegistration importer(
      "import-mdf-json", "import a ModECI MDF v0.4 JSON file",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        return importMDFJson(buffer->getBuffer(),
                             buffer->getBufferIdentifier(), context,
                             mdfJsonVerbose);
      },
      [](DialectRegistry &registry) { registry.insert<MDFDialect>(); });
  TranslateToMLIRRegistration yamlImporter(
      "import-mdf-yaml", "import a ModECI MDF v0.4 YAML file",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        return importMDFYaml(buffer->getBuffer(),
                             buffer->getBufferIdentifier(), context,
                             mdfJsonVerbose);
      },
      [](DialectRegistry &registry) { registry.insert<MDFDialect>(); });
  TranslateFromMLIRRegistration exporter(
      "export-mdf-json", "write mdf IR as ModECI MDF v0.4 JSON",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a module");
        return exportMDFJson(module, os);
      },
      [](DialectRegistry &registry) {
        registry.insert<MDFDialect, func::FuncDialect>();
      });
}
