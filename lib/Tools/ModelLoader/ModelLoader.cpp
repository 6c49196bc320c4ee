//===- ModelLoader.cpp - read a model file of any supported kind ----------===//
//
// This file implements loading models for the mdf drivers.
//
//===----------------------------------------------------------------------===//

#include "mdf/Tools/ModelLoader.h"
#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mdf/Support/InputSpec.h"
#include "mdf/Support/Limits.h"
#include "mlir/Bytecode/BytecodeReader.h"
#include "mdf/Target/MDFJson/MDFJson.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#ifdef MDF_ENABLE_TORCHSCRIPT
#include "mdf/Target/TorchScript/TorchScriptImporter.h"
#endif

using namespace mlir;
using namespace mlir::mdf;

func::FuncOp mlir::mdf::getEntryFunction(ModuleOp module) {
  if (auto forward = module.lookupSymbol<func::FuncOp>("forward"))
    return forward;
  func::FuncOp only;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isPrivate() || func.isExternal())
      continue;
    if (only)
      return {};
    only = func;
  }
  return only;
}

/// Gives the entry function of an MLIR model the `types` (when any) as
/// arguments and re-infers the shapes that follow.
static LogicalResult specializeInputs(ModuleOp module,
                                      ArrayRef<RankedTensorType> types,
                                      ArrayRef<std::string> labels) {
  func::FuncOp entry = getEntryFunction(module);
  if (!entry)
    return emitError(module.getLoc(),
                     "the model has no entry function: name it "
                     "'forward' or make it the only public function");
  if (!types.empty() && entry.getNumArguments() != types.size())
    return emitError(entry.getLoc())
           << "'" << entry.getSymName() << "' takes " << entry.getNumArguments()
           << " inputs but " << types.size()
           << (labels.empty() ? " --input-shape were given"
                              : " --input files were given");
  for (auto [index, arg, type] :
       llvm::enumerate(entry.getArguments().take_front(types.size()), types)) {
    auto current = dyn_cast<RankedTensorType>(arg.getType());
    if (!current || current.getElementType() != type.getElementType() ||
        failed(verifyCompatibleShape(current.getShape(), type.getShape())))
      return emitError(entry.getLoc())
             << (index < labels.size() ? labels[index]
                                       : "--input-shape " +
                                             std::to_string(index))
             << " is " << type << " but the model's input " << index
             << " is " << arg.getType();
    arg.setType(type);
  }
  if (!types.empty()) {
    SmallVector<Type> argTypes(types.begin(), types.end());
    entry.setFunctionType(FunctionType::get(
        module.getContext(), argTypes, entry.getFunctionType().getResults()));
  }
  // Result types written with `?` become as static as the inputs allow.
  PassManager pm(module.getContext());
  pm.addPass(createMDFInferShapes());
  return pm.run(module);
}

/// An MDF model as a function that evaluates its first graph once
/// (mdf-outline-nodes with an entry function named `forward`).
static OwningOpRef<ModuleOp> loadMDFJson(StringRef path,
                                         ArrayRef<RankedTensorType> types,
                                         Location fileLoc,
                                         MLIRContext *context) {
  if (!types.empty()) {
    emitError(fileLoc) << "--input-shape does not apply to MDF models: the "
                          "input ports declare their shapes";
    return nullptr;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    emitError(fileLoc) << "cannot read the file: "
                       << buffer.getError().message();
    return nullptr;
  }
  OwningOpRef<ModuleOp> module =
      importMDFFile((*buffer)->getBuffer(), path, context);
  if (!module)
    return nullptr;
  PassManager pm(context);
  MDFOutlineNodesOptions options;
  options.entryFunction = "forward";
  pm.addPass(createMDFOutlineNodes(options));
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

/// Parses an .mlir or .mlirbc file, refusing text nested too deeply for
/// the parser.
static OwningOpRef<ModuleOp> parseMLIRFile(StringRef path,
                                           MLIRContext *context) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    emitError(fileLoc) << "cannot read the file: "
                       << buffer.getError().message();
    return nullptr;
  }
  if (!isBytecode((*buffer)->getMemBufferRef()))
    if (llvm::Error error = checkMLIRNesting((*buffer)->getBuffer())) {
      emitError(fileLoc) << llvm::toString(std::move(error));
      return nullptr;
    }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context));
}

OwningOpRef<ModuleOp> mlir::mdf::loadModel(StringRef path,
                                           ArrayRef<std::string> inputShapes,
                                           MLIRContext *context,
                                           ArrayRef<std::string> inputLabels) {
  context->loadDialect<MDFDialect>();
  FailureOr<SmallVector<RankedTensorType>> types =
      parseInputSpecs(inputShapes, context);
  if (failed(types))
    return nullptr;
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  StringRef extension = llvm::sys::path::extension(path);
  if (extension == ".pt" || extension == ".pth") {
#ifdef MDF_ENABLE_TORCHSCRIPT
    return importTorchScript(path, *types, context, inputLabels);
#else
    emitError(fileLoc) << "this mdf was built without the TorchScript "
                          "importer (LibTorch was not found)";
    return nullptr;
#endif
  }
  if (isMDFFile(path))
    return loadMDFJson(path, *types, fileLoc, context);
  if (extension != ".mlir" && extension != ".mlirbc") {
    emitError(fileLoc) << "unknown model type '" << extension
                       << "' (expected .pt, .json, .yaml, .mlir or .mlirbc)";
    return nullptr;
  }
  OwningOpRef<ModuleOp> module = parseMLIRFile(path, context);
  if (!module || failed(specializeInputs(*module, *types, inputLabels)) ||
      failed(verify(*module)))
    return nullptr;
  return module;
}
