//===- mdf-compile.cpp - compile a model to native code ---------*- C++ -*-===//
//
// The one-shot driver: a model file becomes an object file (or shared
// library, LLVM IR, lowered MLIR) plus a C header declaring its entry point.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Pipelines/Pipelines.h"
#include "mdf/Support/HeapReuse.h"
#include "mdf/Support/InputSpec.h"
#include "mdf/Support/LineLimitedStream.h"
#include "mdf/Support/OutputFiles.h"
#include "mdf/Support/ProgressLine.h"
#include "mdf/Support/ToolOptions.h"
#include "mdf/Target/Native/NativeEmitter.h"
#include "mdf/Tools/ModelLoader.h"
#include "mdf/Tools/Registration.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include <chrono>
#include <mutex>
#include <sys/resource.h>

using namespace mlir;
using namespace llvm;

namespace {
enum class EmitKind { Object, Shared, LLVMIR, MLIR, PTX };

/// Wall-clock phases for --timing.
class PhaseTimer {
public:
  void start() { begin = std::chrono::steady_clock::now(); }
  void stop(StringRef phase) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin)
            .count();
    phases.emplace_back(phase.str(), seconds);
    total += seconds;
    struct rusage usage;
    if (getrusage(RUSAGE_SELF, &usage) == 0)
      peakMB.push_back(usage.ru_maxrss / 1024);
  }
  /// The size of the model, printed with the times.
  void setOperationCount(size_t count) { operations = count; }
  void print(raw_ostream &os) const {
    os << "timing (" << operations << " mdf ops):";
    for (const auto &[phase, seconds] : phases)
      os << " " << phase << " " << format("%.3f", seconds) << " s,";
    os << " total " << format("%.3f", total) << " s; peak resident MB "
       << "after each:";
    for (auto [index, megabytes] : llvm::enumerate(peakMB))
      os << (index ? ", " : " ") << megabytes;
    os << "\n";
  }

private:
  std::chrono::steady_clock::time_point begin;
  SmallVector<std::pair<std::string, double>> phases;
  double total = 0;
  size_t operations = 0;
  SmallVector<long> peakMB;
};

/// A C identifier from a file name (`resnet-18.pt` -> `resnet_18`) or
/// from a name (`my-model` -> `my_model`).
std::string identifierFor(StringRef pathOrName) {
  std::string name;
  for (char c : sys::path::stem(pathOrName))
    name.push_back(isAlnum(c) ? c : '_');
  if (name.empty() || isDigit(name.front()))
    name = "model_" + name;
  return name;
}

/// The number of mdf-dialect operations in `root` (itself excluded).
size_t countMDFOperations(Operation *root) {
  size_t count = 0;
  root->walk([&](Operation *op) {
    if (op != root && isa<mdf::MDFDialect>(op->getDialect()))
      ++count;
  });
  return count;
}

/// The progress line while the pipeline runs: top-level passes done, and
/// mdf operations lowered (counted per function as the function passes
/// rewrite them; those passes run on several threads).
class PassProgress : public PassInstrumentation {
public:
  PassProgress(mdf::ProgressLine &line, size_t totalPasses,
               size_t totalOperations)
      : line(line), totalPasses(totalPasses),
        totalOperations(totalOperations) {}

  void runBeforePass(Pass *, Operation *op) override {
    if (!isa<func::FuncOp>(op))
      return;
    size_t before = countMDFOperations(op);
    std::lock_guard<std::mutex> lock(mutex);
    operationsBefore[op] = before;
  }

  void runAfterPass(Pass *, Operation *op) override {
    if (isa<func::FuncOp>(op)) {
      size_t after = countMDFOperations(op);
      std::lock_guard<std::mutex> lock(mutex);
      size_t before = operationsBefore.lookup(op);
      if (before > after)
        lowered += before - after;
      show();
      return;
    }
    if (isa<ModuleOp>(op)) {
      std::lock_guard<std::mutex> lock(mutex);
      ++passesDone;
      show();
    }
  }

private:
  void show() {
    line.step(passesDone, totalPasses,
              "passes, " + std::to_string(std::min(lowered, totalOperations)) +
                  "/" + std::to_string(totalOperations) + " mdf ops lowered");
  }

  mdf::ProgressLine &line;
  size_t totalPasses;
  size_t totalOperations;
  size_t passesDone = 0;
  size_t lowered = 0;
  llvm::DenseMap<Operation *, size_t> operationsBefore;
  std::mutex mutex;
};

/// The static mdf CUDA runtime, which --target=cuda shared libraries
/// include: lib/ next to the tools' bin/ (in the build and the install
/// tree alike).
Expected<std::string> findCUDARuntime(const char *argv0) {
  std::string tool = sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&findCUDARuntime));
  SmallString<256> path(sys::path::parent_path(sys::path::parent_path(tool)));
  sys::path::append(path, "lib", "libmdf_cuda_runtime.a");
  if (!sys::fs::exists(path))
    return createStringError("cannot find the mdf CUDA runtime at '" + path +
                             "' (mdf was built without the CUDA toolkit?)");
  return std::string(path);
}

int fail(const Twine &message) {
  errs() << "mdf-compile: error: " << message << "\n";
  return 1;
}
} // namespace

int main(int argc, char **argv) {
  mdf::restartWithHeapTunables(argv);
  InitLLVM init(argc, argv);
  static cl::OptionCategory compileCategory("mdf-compile options");
  static cl::opt<std::string> modelPath(
      cl::Positional, cl::Required,
      cl::desc("<model: .pt (TorchScript), .json or .yaml (ModECI MDF: one "
               "evaluation of the first graph), .mlir or .mlirbc (mdf "
               "dialect)>"),
      cl::cat(compileCategory));
  static cl::list<std::string> inputShapes(
      "input-shape",
      cl::desc("Shape of one model input, once per input in order: "
               "1x3x224x224, i64:2x16 (f32 unless prefixed by f64:, i64:, "
               "i32: or i1:); required for .pt, optional for .mlir, not "
               "for MDF models"),
      cl::value_desc("[dtype:]shape"), cl::cat(compileCategory));
  static cl::opt<std::string> outputPath(
      "o",
      cl::desc("Output file (default: the model path with .o, .so, .ll "
               "or .lowered.mlir); the C header goes next to it as .h"),
      cl::value_desc("path"), cl::cat(compileCategory));
  static cl::opt<EmitKind> emit(
      "emit", cl::desc("What to write"), cl::init(EmitKind::Object),
      cl::values(clEnumValN(EmitKind::Object, "obj", "an object file"),
                 clEnumValN(EmitKind::Shared, "shared", "a shared library"),
                 clEnumValN(EmitKind::LLVMIR, "llvm", "optimized LLVM IR"),
                 clEnumValN(EmitKind::MLIR, "mlir",
                            "the model lowered to the LLVM dialect"),
                 clEnumValN(EmitKind::PTX, "ptx",
                            "with --target=cuda: the kernels' PTX")),
      cl::cat(compileCategory));
  static cl::opt<std::string> target(
      "target",
      cl::desc("What the code runs on: cpu (default) or cuda (NVIDIA GPUs: "
               "kernels embedded as cubin and PTX, host code calling the "
               "mdf CUDA runtime; static shapes)"),
      cl::init("cpu"), cl::cat(compileCategory));
  static cl::opt<std::string> gpuArch(
      "gpu-arch",
      cl::desc("With --target=cuda: the GPU the cubin is for: sm_90 "
               "(default, H100/H200), sm_80 (A100), ...; later GPUs run the "
               "embedded PTX"),
      cl::init("sm_90"), cl::cat(compileCategory));
  static cl::opt<std::string> targetCPU(
      "target-cpu",
      cl::desc("CPU to generate code for (an LLVM CPU name such as "
               "x86-64-v3 or znver4); default: this machine's CPU"),
      cl::init("native"), cl::cat(compileCategory));
  static cl::opt<unsigned> optLevel(
      "O", cl::Prefix, cl::init(3),
      cl::desc("LLVM optimization level: -O0, -O1, -O2 or -O3 (default)"),
      cl::cat(compileCategory));
  static cl::opt<std::string> name(
      "name",
      cl::desc("Name of the model in the header and entry point "
               "(<name>_forward); default: from the model file name"),
      cl::cat(compileCategory));
  static cl::opt<bool> timing("timing",
                              cl::desc("Print the time each phase took"),
                              cl::cat(compileCategory));
  static cl::opt<std::string> progress(
      "progress", cl::init("auto"), cl::cat(compileCategory),
      cl::desc("A line with the phase and how far it is: auto (when stderr "
               "is a terminal), always or never"));
  static cl::opt<std::string> pipelineOptions(
      "pipeline-options", cl::value_desc("'key=value ...'"),
      cl::desc("Options of the target's pipeline: for cpu whole-loop-limit=N "
               "(loops up to N iterations are one vector, default 128), "
               "vector-tile=N (masked vector length, default 64), "
               "workspace-max-bytes=N; for cuda threads-per-block=256, "
               "format=fatbin|bin|isa"),
      cl::cat(compileCategory));
  // LLVM's own options stay usable; --help-hidden lists them.
  mdf::showOnlyToolOptions({&compileCategory});
  cl::ParseCommandLineOptions(
      argc, argv,
      "mdf-compile: compiles a model to native code and a C header\n\n"
      "  mdf-compile resnet18.pt --input-shape=1x3x224x224 -o resnet18.o\n"
      "writes resnet18.o and resnet18.h declaring\n"
      "  void resnet18_forward(const float *input0, float *output0);\n\n"
      "Environment: MDF_TORCHSCRIPT_IMPORTER names the helper that reads "
      ".pt files; MDF_HEAP_TUNING=off keeps glibc's default heap (by "
      "default mdf-compile restarts itself once with GLIBC_TUNABLES for "
      "huge pages and reused memory, see docs/design.md).\n");

  if (optLevel > 3)
    return fail("-O" + Twine(optLevel.getValue()) +
                " is not an optimization level (use -O0 to -O3)");
  // A name from the file is made an identifier; one the user gives must
  // be one, so the symbols are exactly what they asked for.
  std::string modelName = identifierFor(name.empty() ? modelPath : name);
  if (!name.empty() && modelName != name)
    return fail("--name=" + name + " is not a C identifier (letters, digits "
                "and _, not starting with a digit); the symbols would be " +
                modelName + "_forward: use --name=" + modelName);
  StringRef defaultExtension = emit == EmitKind::Object   ? ".o"
                               : emit == EmitKind::Shared ? ".so"
                               : emit == EmitKind::LLVMIR ? ".ll"
                               : emit == EmitKind::PTX    ? ".ptx"
                                                          : ".lowered.mlir";
  if (target != "cpu" && target != "cuda")
    return fail("--target=" + target + " is not one of cpu and cuda");
  bool cuda = target == "cuda";
  if (emit == EmitKind::PTX && !cuda)
    return fail("--emit=ptx needs --target=cuda");
  SmallString<128> output(outputPath.getValue());
  if (output.empty()) {
    output = modelPath;
    sys::path::replace_extension(output, defaultExtension);
  }
  if (output == "-")
    return fail("-o - is not supported: mdf-compile writes a file and a "
                "header next to it");
  SmallString<128> headerPath(output);
  sys::path::replace_extension(headerPath, ".h");
  // Both files are checked before anything is read, and written only when
  // everything succeeded.
  mdf::OutputFiles files;
  files.addInput(modelPath);
  if (Error declared = files.declare(output, "the output"))
    return fail(toString(std::move(declared)));
  if (Error declared = files.declare(headerPath, "the header"))
    return fail(toString(std::move(declared)));

  DialectRegistry registry;
  mdf::registerAllDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  SourceMgr sourceMgr;
  mdf::LineLimitedStream diagnosticStream(errs());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context, diagnosticStream);
  PhaseTimer timer;
  if (progress != "auto" && progress != "always" && progress != "never")
    return fail("--progress=" + progress +
                " is not one of auto, always and never");
  mdf::ProgressLine line(errs(), "mdf-compile",
                         mdf::ProgressLine::shouldShow(progress));
  // Diagnostics start on a clean line.
  ScopedDiagnosticHandler clearLine(&context, [&](Diagnostic &) {
    line.finish();
    return failure(); // and go on to the handler that prints them
  });

  timer.start();
  line.phase("importing " + sys::path::filename(modelPath).str());
  OwningOpRef<ModuleOp> module =
      mdf::loadModel(modelPath, inputShapes, &context);
  if (!module)
    return 1;
  func::FuncOp entry = mdf::getEntryFunction(*module);
  if (!entry)
    return fail("the model has no entry function");
  SmallVector<RankedTensorType> inputTypes, outputTypes;
  for (auto [types, list] : {std::pair{entry.getArgumentTypes(), &inputTypes},
                             std::pair{entry.getResultTypes(), &outputTypes}}) {
    for (mlir::Type type : types) {
      auto tensor = dyn_cast<RankedTensorType>(type);
      if (!tensor) {
        std::string text;
        raw_string_ostream(text) << type;
        return fail("the entry point has the type " + text +
                    "; compiled models take and return ranked tensors");
      }
      list->push_back(tensor);
    }
  }
  std::string symbol = modelName + "_forward";
  if (failed(SymbolTable::replaceAllSymbolUses(
          entry, StringAttr::get(&context, symbol), *module)))
    return fail("cannot rename the entry point");
  entry.setSymName(symbol);
  timer.stop("load");
  size_t operations = countMDFOperations(*module);
  timer.setOperationCount(operations);

  timer.start();
  PassManager pm(&context);
  if (cuda)
    for (RankedTensorType type : inputTypes)
      if (!type.hasStaticShape())
        return fail("--target=cuda needs static input shapes (an input is " +
                    mdf::formatInputSpec(type) + ")");
  // The driver's own choices first: --pipeline-options may override them.
  std::string targetOptions;
  if (cuda)
    targetOptions = "gpu-arch=" + gpuArch +
                    (emit == EmitKind::PTX ? " format=isa " : " ");
  targetOptions += pipelineOptions;
  if (Error built = mdf::buildTargetPipeline(pm, target, targetOptions))
    return fail("--pipeline-options: " + toString(std::move(built)));
  line.phase("lowering");
  if (line.isEnabled())
    pm.addInstrumentation(
        std::make_unique<PassProgress>(line, pm.size(), operations));
  if (failed(pm.run(*module)))
    return 1;
  timer.stop("lower");
  // Which input size each dynamic output size equals, for the header.
  SmallVector<int64_t> outputSizeSources;
  if (auto lowered = module->lookupSymbol(symbol)) {
    if (auto sources = lowered->getAttrOfType<DenseI64ArrayAttr>(
            "mdf.output_size_sources"))
      llvm::append_range(outputSizeSources, sources.asArrayRef());
    lowered->removeAttr("mdf.output_size_sources");
  }

  auto writeOutput = [&](auto &&write) -> bool {
    Expected<raw_pwrite_stream *> os = files.open(output);
    if (!os) {
      fail(toString(os.takeError()));
      return false;
    }
    write(**os);
    return true;
  };
  if (emit == EmitKind::MLIR) {
    if (!writeOutput([&](raw_pwrite_stream &os) { module->print(os); }))
      return 1;
  } else if (emit == EmitKind::PTX) {
    // The pipeline made PTX (format=isa): the text of the GPU binaries.
    std::string ptx;
    module->walk([&](gpu::BinaryOp binary) {
      for (mlir::Attribute object : binary.getObjects())
        if (auto gpuObject = dyn_cast<gpu::ObjectAttr>(object))
          ptx += gpuObject.getObject().getValue().str();
    });
    if (ptx.empty())
      return fail("the model has no GPU kernels to write as PTX");
    if (!writeOutput([&](raw_pwrite_stream &os) { os << ptx; }))
      return 1;
  } else {
    timer.start();
    LLVMContext llvmContext;
    mdf::NativeOptions options;
    options.targetCPU = targetCPU;
    options.optLevel = optLevel;
    options.releaseWeightsAfterTranslation = true;
    line.phase("optimizing with LLVM");
    if (line.isEnabled())
      options.onFunctionGenerated = [&](size_t done, size_t total) {
        line.step(done, total, "functions");
      };
    Expected<std::unique_ptr<llvm::Module>> translated =
        mdf::translateAndOptimize(*module, llvmContext, options);
    if (!translated)
      return fail(toString(translated.takeError()));
    std::unique_ptr<llvm::Module> llvmModule = std::move(*translated);
    timer.stop("llvm-opt");
    timer.start();
    line.phase("generating code");
    if (emit == EmitKind::LLVMIR) {
      if (!writeOutput(
              [&](raw_pwrite_stream &os) { llvmModule->print(os, nullptr); }))
        return 1;
    } else if (emit == EmitKind::Object) {
      llvm::Expected<llvm::raw_pwrite_stream *> osOpened = files.open(output);
      if (!osOpened)
        return fail(llvm::toString(osOpened.takeError()));
      raw_pwrite_stream *os = *osOpened;
      if (Error emitted = mdf::emitObjectFile(*llvmModule, options, *os))
        return fail(toString(std::move(emitted)));
    } else {
      // The object the linker reads lives in the temporary folder; the
      // library is linked into a temporary file next to the output.
      SmallString<128> objectPath;
      int objectFD;
      if (std::error_code ec = sys::fs::createTemporaryFile(
              "mdf-compile", "o", objectFD, objectPath))
        return fail("cannot create a temporary object file: " + ec.message());
      FileRemover removeObject(objectPath);
      {
        raw_fd_ostream object(objectFD, /*shouldClose=*/true);
        if (Error emitted = mdf::emitObjectFile(*llvmModule, options, object))
          return fail(toString(std::move(emitted)));
        object.close();
        if (object.has_error()) {
          std::string message = object.error().message();
          object.clear_error();
          return fail("cannot write '" + objectPath + "': " + message);
        }
      }
      Expected<std::string> libraryPath = files.reservePath(output);
      if (!libraryPath)
        return fail(toString(libraryPath.takeError()));
      SmallVector<std::string> runtime;
      if (cuda) {
        Expected<std::string> archive = findCUDARuntime(argv[0]);
        if (!archive)
          return fail(toString(archive.takeError()));
        runtime = {*archive, "-ldl", "-lpthread", "-lc"};
      }
      if (Error linked =
              mdf::linkSharedLibrary(objectPath, *libraryPath, runtime))
        return fail(toString(std::move(linked)));
    }
    timer.stop("codegen");
  }

  line.finish();
  llvm::Expected<llvm::raw_pwrite_stream *> headerFileOpened = files.open(headerPath);
  if (!headerFileOpened)
    return fail(llvm::toString(headerFileOpened.takeError()));
  raw_pwrite_stream *headerFile = *headerFileOpened;
  *headerFile << mdf::generateCHeader(modelName, symbol, inputTypes,
                                      outputTypes, outputSizeSources,
                                      sys::path::filename(modelPath), cuda);
  if (llvm::Error committed = files.commit())
    return fail(llvm::toString(std::move(committed)));
  if (timing)
    timer.print(errs());
  return 0;
}
