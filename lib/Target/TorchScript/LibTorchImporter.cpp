//===- LibTorchImporter.cpp - TorchScript (.pt) to mdf ----------*- C++ -*-===//
//
// This file implements loading a TorchScript model with LibTorch, preparing
// its forward graph (freeze, inline, fold) and importing it as a
// `func.func @forward` of mdf ops, in this process or in a forked child.
//
//===----------------------------------------------------------------------===//

#include "mdf/Target/TorchScript/LibTorchImporter.h"
#include "mdf/Target/TorchScript/ImporterProtocol.h"
#include "Decompositions.h"
#include "GraphImporter.h"
#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/SourceMgr.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sys/wait.h>
#include <unistd.h>

#include <torch/csrc/jit/ir/constants.h>
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

/// A LibTorch message without its C++ backtrace, trimmed, its lines
/// joined with "; " so that the diagnostic stays one record.
static std::string torchMessage(StringRef text) {
  SmallVector<StringRef> lines;
  text.split(lines, '\n', -1, /*KeepEmpty=*/false);
  std::string message;
  for (StringRef line : lines) {
    line = line.trim();
    if (line.empty())
      continue;
    if (!message.empty())
      message += "; ";
    message += line.str();
  }
  return message.empty() ? "LibTorch gave no reason" : message;
}

/// Loads and freezes the model; returns the graph of forward(). LibTorch
/// errors are thrown to the boundary in importTorchScript.
static std::shared_ptr<jit::Graph> loadForwardGraph(StringRef path) {
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
  torchscript::decomposeOperators(*graph);
  return graph;
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

/// Imports the loaded forward() graph.
static OwningOpRef<ModuleOp> importGraph(std::shared_ptr<jit::Graph> graph,
                                         ArrayRef<RankedTensorType> inputTypes,
                                         Location fileLoc,
                                         MLIRContext *context) {

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

// The one exception boundary around LibTorch: loading, freezing, the graph
// passes, the converters and the source-location lookups all run inside it,
// and any exception becomes a diagnostic carrying LibTorch's whole message.
/// The floating-point type every floating-point weight of `graph` has, or
/// null when there is none or they differ.
static Type weightFloatType(jit::Graph &graph, MLIRContext *context) {
  Type common;
  for (jit::Node *node : graph.nodes()) {
    if (node->kind() != c10::prim::Constant ||
        !node->output()->type()->cast<c10::TensorType>())
      continue;
    c10::optional<c10::IValue> value = jit::toIValue(node->output());
    // A 0-D constant is a Python number that tracing wrapped in a tensor
    // (always f64); it takes part in type promotion as a number, not as a
    // weight.
    if (!value || !value->isTensor() ||
        !value->toTensor().is_floating_point() || value->toTensor().dim() == 0)
      continue;
    c10::ScalarType scalar = value->toTensor().scalar_type();
    Type type = scalar == c10::ScalarType::Float    ? Type(Float32Type::get(context))
                : scalar == c10::ScalarType::Double ? Type(Float64Type::get(context))
                : scalar == c10::ScalarType::Half   ? Type(Float16Type::get(context))
                : scalar == c10::ScalarType::BFloat16
                    ? Type(BFloat16Type::get(context))
                    : Type();
    if (!type || (common && common != type))
      return {};
    common = type;
  }
  return common;
}

/// When a floating-point input's element type differs from the weights'
/// (an f64 .npy for an f32 model), the reason to give first.
static std::optional<std::string>
explainInputTypeMismatch(jit::Graph &graph,
                         ArrayRef<RankedTensorType> inputTypes,
                         ArrayRef<std::string> labels, MLIRContext *context) {
  Type weights = weightFloatType(graph, context);
  if (!weights)
    return std::nullopt;
  for (auto [index, type] : llvm::enumerate(inputTypes)) {
    Type element = type.getElementType();
    if (!isa<FloatType>(element) || element == weights)
      continue;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << (index < labels.size() ? labels[index]
                                 : "--input-shape " + std::to_string(index))
       << " is " << element << " but the model's weights are " << weights
       << " (PyTorch refuses to mix them too); give " << weights
       << " inputs";
    return text;
  }
  return std::nullopt;
}

OwningOpRef<ModuleOp> mlir::mdf::importTorchScriptInProcess(
    StringRef path, ArrayRef<RankedTensorType> inputTypes,
    MLIRContext *context, ArrayRef<std::string> inputLabels) {
  context->loadDialect<MDFDialect, arith::ArithDialect, func::FuncDialect,
                       scf::SCFDialect, tensor::TensorDialect>();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  bool loaded = false;
  auto report = [&](StringRef message) {
    if (loaded)
      emitError(fileLoc) << "LibTorch failed while importing '" << path
                         << "': " << torchMessage(message);
    else
      emitError(fileLoc) << "cannot load TorchScript model '" << path
                         << "': " << torchMessage(message);
  };
  try {
    std::shared_ptr<jit::Graph> graph = loadForwardGraph(path);
    loaded = true;
    // The import's diagnostics are held back: when it fails because an
    // input's type does not match the weights, that reason comes first.
    std::vector<Diagnostic> held;
    OwningOpRef<ModuleOp> module;
    {
      ScopedDiagnosticHandler hold(context, [&](Diagnostic &diagnostic) {
        held.push_back(std::move(diagnostic));
        return success();
      });
      module = importGraph(graph, inputTypes, fileLoc, context);
    }
    if (!module) {
      if (std::optional<std::string> reason = explainInputTypeMismatch(
              *graph, inputTypes, inputLabels, context))
        emitError(fileLoc) << *reason;
    }
    for (Diagnostic &diagnostic : held)
      context->getDiagEngine().emit(std::move(diagnostic));
    return module;
  } catch (const c10::Error &error) {
    report(error.what_without_backtrace());
  } catch (const std::exception &error) {
    report(error.what());
  } catch (...) {
    report("an exception that is not a std::exception");
  }
  return nullptr;
}

std::vector<std::string> mlir::mdf::getSupportedTorchScriptOperators() {
  std::vector<std::string> names;
  for (const auto &entry : getConverters())
    names.push_back(entry.getKey().str());
  llvm::sort(names);
  return names;
}

std::vector<std::string> mlir::mdf::getDecomposedTorchScriptOperators() {
  return torchscript::getDecomposedOperatorNames();
}

std::vector<std::string> mlir::mdf::checkTorchScriptDecompositions() {
  return torchscript::compileAllDecompositions();
}

// In sanitizer builds, a sanitizer report inside the importing process (LibTorch
// misbehaving on a damaged file) ends it by SIGABRT like any other crash,
// instead of running the death handlers of a parent it was forked from
// (libFuzzer's).
extern "C" void __sanitizer_set_death_callback(void (*callback)(void))
    __attribute__((weak));

static void dieBySignal() {
  ::signal(SIGABRT, SIG_DFL);
  ::raise(SIGABRT);
  ::_exit(134);
}

void mlir::mdf::prepareProcessForLibTorch() {
  for (int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP})
    ::signal(signal, SIG_DFL);
  if (__sanitizer_set_death_callback)
    __sanitizer_set_death_callback(dieBySignal);
  // A failed allocation (a damaged size field asking for terabytes)
  // throws std::bad_alloc to the boundary instead of LLVM's fatal error.
  std::set_new_handler(nullptr);
}

int mlir::mdf::importTorchScriptToRecords(
    int fd, StringRef path, ArrayRef<RankedTensorType> inputTypes,
    MLIRContext *context, ArrayRef<std::string> inputLabels) {
  llvm::raw_fd_ostream records(fd, /*shouldClose=*/false);
  int status = 1;
  {
    ScopedDiagnosticHandler handler(context, [&](Diagnostic &diagnostic) {
      torchscript::writeDiagnosticRecords(records, diagnostic);
      return success();
    });
    if (OwningOpRef<ModuleOp> module = importTorchScriptInProcess(
            path, inputTypes, context, inputLabels)) {
      if (succeeded(torchscript::writeModuleRecord(records, *module)))
        status = 0;
    }
  }
  records.flush();
  if (records.has_error()) {
    records.clear_error();
    return 3;
  }
  return status;
}

// LibTorch's readers are not hardened against damaged files: some crash
// (a mutated code/*.py can make its type parser read wild memory). So the
// import runs in a child process that hands the finished module back
// through a pipe as ImporterProtocol.h's records; a child that dies
// becomes an error naming the file.
OwningOpRef<ModuleOp> mlir::mdf::importTorchScriptInChildProcess(
    StringRef path, ArrayRef<RankedTensorType> inputTypes,
    MLIRContext *context, ArrayRef<std::string> inputLabels) {
  context->loadDialect<MDFDialect, arith::ArithDialect, func::FuncDialect,
                       scf::SCFDialect, tensor::TensorDialect>();
  int fds[2];
  if (::pipe(fds) != 0)
    return importTorchScriptInProcess(path, inputTypes, context, inputLabels);
  llvm::outs().flush();
  llvm::errs().flush();
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return importTorchScriptInProcess(path, inputTypes, context, inputLabels);
  }
  if (child == 0) {
    // A crash kills the child quietly (no LLVM stack dump, no removal of
    // the parent's temporary files), and it exits without running the
    // parent's static destructors; the parent says what happened.
    prepareProcessForLibTorch();
    ::close(fds[0]);
    int status = importTorchScriptToRecords(fds[1], path, inputTypes, context,
                                            inputLabels);
    llvm::outs().flush();
    llvm::errs().flush();
    ::_exit(status);
  }
  ::close(fds[1]);
  return torchscript::receiveImportedModule(
      fds[0], child, path, "the TorchScript import's child process", context);
}
