//===- mdf-expression.cpp - fuzz the MDF expression parser and emitter ----===//
//
// The input is one expression. It is parsed on its own, then placed as a
// parameter value in a small MDF model (with input ports x and y and a
// parameter p) and imported, so the emitter turns it into mdf ops.
//
//===----------------------------------------------------------------------===//

#include "Expression.h"
#include "QuietContext.h"
#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Target/MDFJson/MDFJson.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string expression(reinterpret_cast<const char *>(data), size);
  llvm::Expected<std::unique_ptr<mdf::Expr>> tree =
      mdf::parseExpression(expression);
  if (!tree && llvm::toString(tree.takeError()).empty())
    __builtin_trap();
  // The JSON writer needs valid UTF-8; the importer refuses the rest.
  if (!llvm::json::isUTF8(expression))
    return 0;
  std::string model;
  llvm::raw_string_ostream os(model);
  os << R"({"M": {"format": "ModECI MDF v0.4", "graphs": {"g": {"nodes": {)"
     << R"("n": {"input_ports": {"x": {"shape": [2]}, "y": {"shape": [2, 2]}},)"
     << R"("parameters": {"p": {"value": [1.5, -2]}, "q": {"value": )"
     << llvm::json::Value(expression)
     << R"(}}, "output_ports": {"o": {"value": "q"}}}}}}}})";
  static MLIRContext *context =
      createQuietContext<mdf::MDFDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module =
      mdf::importMDFJson(model, "fuzz.json", context);
  return 0;
}
