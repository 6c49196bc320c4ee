//===- TorchScriptImporter.cpp - TorchScript (.pt) to mdf -------*- C++ -*-===//
//
// This file implements loading a TorchScript model with LibTorch, preparing
// its forward graph (freeze, inline, fold) and importing it as a
// `func.func @forward` of mdf ops, plus the mdf-translate registration.
//
//===----------------------------------------------------------------------===//

#include "mdf/Target/TorchScript/TorchScriptImporter.h"
#include "GraphImporter.h"
#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Support/InputSpec.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

#include <torch/csrc/jit/passes/constant_propagation.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/csrc/jit/passes/freeze_module.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/csrc/jit/passes/lower_tuples.h>
#include <torch/csrc/jit/passes/remove_mutation.h>
#include <torch/csrc/jit/serialization/import.h>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

/// The first line of a LibTorch error message (the rest is a C++ backtrace).
static std::string firstLine(const char *what) {
  StringRef text(what);
  return text.split('\n').first.trim().str();
}

/// Loads and freezes the model; returns the graph of forward().
static std::shared_ptr<jit::Graph> loadForwardGraph(StringRef path,
                                                    Location fileLoc) {
  try {
    // Only the graph survives this block: its constants hold the frozen
    // weights, and the loaded and frozen modules (each with its own copy of
    // the weights) are released here.
    std::shared_ptr<jit::Graph> graph;
    {
      jit::Module module = jit::load(path.str());
      module.eval();
      jit::Module frozen = jit::freeze(module);
      graph = frozen.get_method("forward").graph()->copy();
    }
    jit::Inline(*graph);
    jit::LowerSimpleTuples(graph);
    jit::ConstantPropagation(graph);
    jit::EliminateDeadCode(graph);
    return graph;
  } catch (const c10::Error &error) {
    emitError(fileLoc) << "cannot load TorchScript model '" << path
                       << "': " << firstLine(error.what_without_backtrace());
  } catch (const std::exception &error) {
    emitError(fileLoc) << "cannot load TorchScript model '" << path
                       << "': " << firstLine(error.what());
  }
  return nullptr;
}

/// Appends the tensors in `value` (flattening lists and tuples) to `results`.
static LogicalResult collectResults(const ImportedValue &value,
                                    SmallVectorImpl<Value> &results) {
  if (value.kind == ImportedValue::Kind::Tensor) {
    results.push_back(value.tensor);
    return success();
  }
  if (value.kind != ImportedValue::Kind::List)
    return failure();
  for (const ImportedValue &element : value.elements)
    if (failed(collectResults(element, results)))
      return failure();
  return success();
}

OwningOpRef<ModuleOp>
mlir::mdf::importTorchScript(StringRef path,
                             ArrayRef<RankedTensorType> inputTypes,
                             MLIRContext *context) {
  context->loadDialect<MDFDialect, arith::ArithDialect, func::FuncDialect,
                       scf::SCFDialect, tensor::TensorDialect>();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  std::shared_ptr<jit::Graph> graph = loadForwardGraph(path, fileLoc);
  if (!graph)
    return nullptr;

  // The first graph input is the module itself.
  size_t expected = graph->inputs().size() - 1;
  if (expected != inputTypes.size()) {
    emitError(fileLoc) << "the model's forward() takes " << expected << " input"
                       << (expected == 1 ? "" : "s") << " but "
                       << inputTypes.size() << " --input-shape"
                       << (inputTypes.size() == 1 ? " was" : "s were")
                       << " given (one per input, in order)";
    return nullptr;
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  OpBuilder builder(module->getBodyRegion());
  SmallVector<Type> argTypes(inputTypes.begin(), inputTypes.end());
  auto func = func::FuncOp::create(builder, fileLoc, "forward",
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  GraphImporter importer(context, builder);
  for (auto [index, input] : llvm::enumerate(graph->inputs().slice(1))) {
    Value argument = entry->getArgument(index);
    // An int/float/bool argument is a Python number held in a 0-D tensor.
    c10::TypeKind kind = input->type()->kind();
    bool isNumber = kind == c10::TypeKind::IntType ||
                    kind == c10::TypeKind::FloatType ||
                    kind == c10::TypeKind::BoolType ||
                    kind == c10::TypeKind::NumberType;
    if (isNumber && cast<RankedTensorType>(argument.getType()).getRank() != 0) {
      emitError(fileLoc) << "input " << index << " of forward() is a number ("
                         << input->type()->str()
                         << "); give it a 0-D --input-shape such as 'f64:' "
                            "or 'i64:'";
      return nullptr;
    }
    importer.map(input, isNumber ? ImportedValue::ofNumberTensor(argument)
                                 : ImportedValue::ofTensor(argument));
  }
  if (failed(importer.importBlock(graph->block())))
    return nullptr;

  SmallVector<Value> results;
  for (jit::Value *output : graph->outputs()) {
    const ImportedValue *value = importer.lookup(output);
    if (!value || failed(collectResults(*value, results))) {
      emitError(fileLoc) << "forward() returns a value that is not a tensor "
                            "or a list/tuple of tensors";
      return nullptr;
    }
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

std::vector<std::string> mlir::mdf::getSupportedTorchScriptOperators() {
  std::vector<std::string> names;
  for (const auto &entry : getConverters())
    names.push_back(entry.getKey().str());
  llvm::sort(names);
  return names;
}

void mlir::mdf::registerImportTorchScriptTranslation() {
  static llvm::cl::list<std::string> inputShapes(
      "input-shape",
      llvm::cl::desc("With --import-torchscript: the shape of one forward() "
                     "input, once per input in order: 1x3x224x224, "
                     "i64:2x16 (element type f32 unless prefixed by f64:, "
                     "i64:, i32: or i1:), '?' for a dynamic size"),
      llvm::cl::value_desc("[dtype:]shape"));
  static llvm::cl::opt<bool> emitBytecode(
      "emit-bytecode",
      llvm::cl::desc("With --import-torchscript: write MLIR bytecode, which "
                     "stores weights as raw bytes (smaller and much faster "
                     "for big models than hex in text)"),
      llvm::cl::init(false));
  static TranslateRegistration registration(
      "import-torchscript",
      "Import a TorchScript model (.pt from torch.jit.save) as mdf IR",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         llvm::raw_ostream &output, MLIRContext *context) -> LogicalResult {
        FailureOr<SmallVector<RankedTensorType>> inputTypes =
            parseInputSpecs(inputShapes, context);
        if (failed(inputTypes))
          return failure();
        StringRef path = sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID())
                             ->getBufferIdentifier();
        OwningOpRef<ModuleOp> module =
            importTorchScript(path, *inputTypes, context);
        if (!module)
          return failure();
        if (emitBytecode)
          return writeBytecodeToFile(*module, output);
        module->print(output);
        return success();
      });
}
