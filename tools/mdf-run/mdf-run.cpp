//===- mdf-run.cpp - JIT-run a model on .npy inputs -------------*- C++ -*-===//
//
// Compiles a model with mdf-cpu-pipeline, runs it in process with
// mlir::ExecutionEngine on .npy inputs, writes its outputs as .npy,
// compares them with references and times repeated runs.
//
//===----------------------------------------------------------------------===//

#include "mdf/Pipelines/Pipelines.h"
#include "mdf/Support/Npy.h"
#include "mdf/Tools/ModelLoader.h"
#include "mdf/Tools/Registration.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include <algorithm>
#include <chrono>
#include <cmath>

using namespace mlir;
using namespace llvm;

namespace {

int fail(const Twine &message) {
  errs() << "mdf-run: error: " << message << "\n";
  return 1;
}

/// The `--input-shape` spelling of an array's type.
std::string shapeSpec(RankedTensorType type) {
  std::string text;
  raw_string_ostream os(text);
  mlir::Type element = type.getElementType();
  if (!element.isF32())
    os << (element.isF64()         ? "f64"
           : element.isInteger(1)  ? "i1"
           : element.isInteger(64) ? "i64"
                                   : "i32")
       << ":";
  interleave(type.getShape(), os, "x");
  return text;
}

double elementAt(const mdf::NpyArray &array, int64_t index) {
  mlir::Type type = array.type.getElementType();
  const char *data = array.data.data();
  if (type.isF32())
    return reinterpret_cast<const float *>(data)[index];
  if (type.isF64())
    return reinterpret_cast<const double *>(data)[index];
  if (type.isInteger(64))
    return reinterpret_cast<const int64_t *>(data)[index];
  if (type.isInteger(32))
    return reinterpret_cast<const int32_t *>(data)[index];
  return data[index] != 0;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  static cl::opt<std::string> modelPath(
      cl::Positional, cl::Required,
      cl::desc("<model: .pt (TorchScript), .mlir or .mlirbc (mdf dialect)>"));
  static cl::list<std::string> inputShapes(
      "input-shape",
      cl::desc("Shape of one input ([dtype:]1x3x224x224); default: the "
               "shapes of the --input files"),
      cl::value_desc("[dtype:]shape"));
  static cl::list<std::string> inputs(
      "input", cl::desc("An input as .npy, once per model input in order"),
      cl::value_desc("file.npy"));
  static cl::list<std::string> outputs(
      "output", cl::desc("Where to write an output as .npy, in order"),
      cl::value_desc("file.npy"));
  static cl::list<std::string> references(
      "compare",
      cl::desc("A reference .npy per output: print the max abs/rel error and "
               "fail when outside --rtol/--atol"),
      cl::value_desc("file.npy"));
  static cl::opt<double> rtol("rtol", cl::init(1e-4),
                              cl::desc("Relative tolerance of --compare"));
  static cl::opt<double> atol("atol", cl::init(1e-5),
                              cl::desc("Absolute tolerance of --compare"));
  static cl::opt<unsigned> repeat(
      "repeat", cl::init(0),
      cl::desc("Run N more times after a warm-up and print the latency"));
  cl::ParseCommandLineOptions(
      argc, argv,
      "mdf-run: JIT-compiles a model and runs it on .npy inputs\n\n"
      "  mdf-run resnet18.pt --input=image.npy --output=logits.npy "
      "--compare=expected.npy --repeat=20\n");

  DialectRegistry registry;
  mdf::registerAllDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  std::vector<mdf::NpyArray> inputArrays(inputs.size());
  std::string error;
  for (auto [path, array] : llvm::zip(inputs, inputArrays))
    if (!mdf::readNpy(path, &context, array, error))
      return fail(error);
  std::vector<std::string> shapes(inputShapes.begin(), inputShapes.end());
  if (shapes.empty())
    for (const mdf::NpyArray &array : inputArrays)
      shapes.push_back(shapeSpec(array.type));

  OwningOpRef<ModuleOp> module = mdf::loadModel(modelPath, shapes, &context);
  if (!module)
    return 1;
  func::FuncOp entry = mdf::getEntryFunction(*module);
  if (!entry)
    return fail("the model has no entry function");
  if (entry.getNumArguments() != inputArrays.size())
    return fail("the model takes " + Twine(entry.getNumArguments()) +
                " inputs but " + Twine(inputArrays.size()) +
                " --input files were given");
  for (auto [index, type, array] :
       llvm::enumerate(entry.getArgumentTypes(), inputArrays)) {
    if (type != array.type) {
      std::string expected, got;
      raw_string_ostream(expected) << type;
      raw_string_ostream(got) << array.type;
      return fail("--input " + Twine(index) + " (" + inputs[index] + ") is " +
                  got + " but the model takes " + expected);
    }
  }
  std::vector<mdf::NpyArray> outputArrays;
  for (mlir::Type type : entry.getResultTypes()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return fail("the model's outputs must have static shapes");
    outputArrays.push_back(
        {tensor,
         std::vector<char>(tensor.getNumElements() *
                           mdf::getElementByteSize(tensor.getElementType()))});
  }
  std::string symbol = entry.getSymName().str();

  mlir::PassManager pm(&context);
  mdf::buildMDFCPUPipeline(pm);
  if (failed(pm.run(*module)))
    return 1;

  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(context);
  registerLLVMDialectTranslation(context);
  auto optimize = makeOptimizingTransformer(3, 0, nullptr);
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimize;
  auto engine = mlir::ExecutionEngine::create(*module, engineOptions);
  if (!engine)
    return fail("JIT compilation failed: " + toString(engine.takeError()));

  // Bare-pointer calling convention: one pointer per input, then output.
  SmallVector<void *> pointers;
  for (mdf::NpyArray &array : inputArrays)
    pointers.push_back(array.data.data());
  for (mdf::NpyArray &array : outputArrays)
    pointers.push_back(array.data.data());
  SmallVector<void *> packed;
  for (void *&pointer : pointers)
    packed.push_back(&pointer);
  auto run = [&]() -> bool {
    if (Error err = (*engine)->invokePacked(symbol, packed)) {
      errs() << "mdf-run: error: " << toString(std::move(err)) << "\n";
      return false;
    }
    return true;
  };
  if (!run())
    return 1;
  if (repeat > 0) {
    std::vector<double> times;
    for (unsigned i = 0; i < repeat; ++i) {
      auto start = std::chrono::steady_clock::now();
      if (!run())
        return 1;
      times.push_back(std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count());
    }
    std::sort(times.begin(), times.end());
    outs() << format("latency: median %.3f ms, min %.3f ms over %u runs\n",
                     times[times.size() / 2], times.front(), repeat.getValue());
  }

  for (auto [path, array] : llvm::zip(outputs, outputArrays))
    if (!mdf::writeNpy(path, array, error))
      return fail(error);

  bool allWithin = true;
  for (auto [index, path] : llvm::enumerate(references)) {
    if (index >= outputArrays.size())
      return fail("more --compare files than model outputs");
    mdf::NpyArray reference;
    if (!mdf::readNpy(path, &context, reference, error))
      return fail(error);
    const mdf::NpyArray &got = outputArrays[index];
    if (reference.type.getShape() != got.type.getShape())
      return fail("--compare " + Twine(index) + " (" + path +
                  ") has another shape than output " + Twine(index));
    double maxAbs = 0, maxRel = 0;
    bool within = true;
    for (int64_t i = 0, e = got.type.getNumElements(); i < e; ++i) {
      double want = elementAt(reference, i), have = elementAt(got, i);
      double absError = std::fabs(have - want);
      maxAbs = std::max(maxAbs, absError);
      if (want != 0)
        maxRel = std::max(maxRel, absError / std::fabs(want));
      if (!(absError <= atol + rtol * std::fabs(want)))
        within = false;
    }
    outs() << format("output %zu: max abs error %.3g, max rel error %.3g: %s\n",
                     index, maxAbs, maxRel, within ? "ok" : "MISMATCH");
    allWithin &= within;
  }
  return allWithin ? 0 : 1;
}
