//===- mlir-parse.cpp - fuzz parsing, verifying and shape inference -------===//
//
// Any bytes as an .mlir file, the way mdf-opt and mdf-compile read one: the
// nesting check, the parser, the verifier, then mdf-infer-shapes.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "QuietContext.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mdf/Support/Limits.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static MLIRContext *context =
      createQuietContext<mdf::MDFDialect, func::FuncDialect,
                         arith::ArithDialect, scf::SCFDialect,
                         tensor::TensorDialect>();
  // The tools read files with a terminating NUL, which MLIR's lexer
  // relies on; std::string provides one.
  std::string copy(reinterpret_cast<const char *>(data), size);
  llvm::StringRef text(copy);
  if (llvm::Error error = mdf::checkMLIRNesting(text)) {
    llvm::consumeError(std::move(error));
    return 0;
  }
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, context);
  if (!module || failed(verify(*module)))
    return 0;
  PassManager pm(context);
  pm.addPass(mdf::createMDFInferShapes());
  (void)pm.run(*module);
  return 0;
}
