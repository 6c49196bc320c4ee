//===- mdf-run.cpp - JIT-run a model on .npy inputs -------------*- C++ -*-===//
//
// Compiles a model with mdf-cpu-pipeline, runs it in process with
// mlir::ExecutionEngine on .npy inputs, writes its outputs as .npy,
// compares them with references and times repeated runs.
//
//===----------------------------------------------------------------------===//

#include "mdf/Pipelines/Pipelines.h"
#include "mdf/Support/Json.h"
#include "mdf/Support/LineLimitedStream.h"
#include "mdf/Support/InputSpec.h"
#include "mdf/Support/Npy.h"
#include "mdf/Support/OutputFiles.h"
#include "mdf/Support/ToolOptions.h"
#include "mdf/Target/MDFJson/MDFJson.h"
#include "mdf/Target/Native/NativeEmitter.h"
#include "mdf/Tools/GraphRunner.h"
#include "mdf/Tools/Jit.h"
#include "mdf/Tools/ModelLoader.h"
#include "mdf/Tools/Registration.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
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
  if (auto half = dyn_cast<mlir::FloatType>(type)) {
    uint16_t bits;
    std::memcpy(&bits, data + index * sizeof(bits), sizeof(bits));
    return APFloat(half.getFloatSemantics(), APInt(16, bits))
        .convertToDouble();
  }
  return data[index] != 0;
}

/// Options only MDF JSON models use.
struct GraphOptions {
  std::vector<std::string> inputs;
  double dt = 0, duration = 0;
  std::string trace;
  std::vector<std::string> tracePorts;
  bool printSchedule = false, printParameters = false, verbose = false;
};

/// Runs an MDF JSON model: one evaluation, or a time-stepped simulation.
int runGraph(StringRef path, const GraphOptions &options,
             mdf::OutputFiles &files, MLIRContext &context) {
  auto buffer = MemoryBuffer::getFile(path);
  if (!buffer)
    return fail("cannot read " + path + ": " + buffer.getError().message());
  OwningOpRef<ModuleOp> module = mdf::importMDFFile(
      (*buffer)->getBuffer(), path, &context, options.verbose);
  if (!module)
    return 1;
  std::unique_ptr<mdf::GraphRunner> runner = mdf::GraphRunner::create(*module);
  if (!runner)
    return 1;

  // --input files fill the input ports no edge feeds, in file order.
  std::vector<std::string> free = runner->getUnconnectedInputs();
  if (options.inputs.size() > free.size())
    return fail("the model has " + Twine(free.size()) +
                " unconnected input ports but " + Twine(options.inputs.size()) +
                " --input files were given");
  for (auto [index, file] : llvm::enumerate(options.inputs)) {
    Expected<mdf::NpyArray> read = mdf::readNpy(file, &context);
    if (!read)
      return fail(toString(read.takeError()));
    mdf::NpyArray &array = *read;
    mdf::GraphValue value;
    value.shape.assign(array.type.getShape().begin(),
                       array.type.getShape().end());
    for (int64_t i = 0, e = array.type.getNumElements(); i < e; ++i)
      value.data.push_back(elementAt(array, i));
    if (Error set = runner->setInput(free[index], value))
      return fail("--input " + file + ": " + toString(std::move(set)));
  }

  raw_ostream *trace = nullptr;
  std::vector<std::pair<std::string, const mdf::GraphValue *>> traced;
  for (auto &output : runner->getOutputs())
    if (options.tracePorts.empty() ||
        llvm::is_contained(options.tracePorts, output.first))
      traced.push_back(output);
  for (const std::string &port : options.tracePorts)
    if (llvm::none_of(traced, [&](auto &t) { return t.first == port; }))
      return fail("--trace-port: no output port " + port +
                  " (write it as node.port)");
  if (!options.trace.empty()) {
    Expected<raw_pwrite_stream *> opened = files.open(options.trace);
    if (!opened)
      return fail(toString(opened.takeError()));
    trace = *opened;
    raw_ostream &os = *trace;
    os << "t";
    for (auto &[name, value] : traced) {
      if (value->shape.empty())
        os << "," << name;
      else
        for (size_t i = 0; i < value->data.size(); ++i)
          os << "," << name << "[" << i << "]";
    }
    os << "\n";
  }
  auto writeRow = [&](double t) {
    if (!trace)
      return;
    raw_ostream &os = *trace;
    os << mdf::json::formatDouble(t);
    for (auto &[name, value] : traced)
      for (double x : value->data)
        os << "," << mdf::json::formatDouble(x);
    os << "\n";
  };
  auto printSchedule = [&](StringRef label) {
    if (!options.printSchedule)
      return;
    outs() << label << ":";
    for (const auto &step : runner->getLastSchedule()) {
      outs() << " {";
      interleave(step, outs(), ",");
      outs() << "}";
    }
    outs() << "\n";
  };

  // A step count that is not a sane integer is refused before any work.
  constexpr double maxSteps = 1e9;
  double stepCount = options.dt > 0 ? options.duration / options.dt : 0;
  if (!(stepCount <= maxSteps))
    return fail("--duration / --dt asks for " +
                mdf::json::formatDouble(stepCount) +
                " time steps; mdf-run takes at most 1e9");
  if (failed(runner->evaluate(std::nullopt)))
    return 1;
  printSchedule("schedule");
  writeRow(0);
  if (options.dt > 0) {
    int64_t steps = std::llround(stepCount);
    for (int64_t step = 1; step <= steps; ++step) {
      if (failed(runner->evaluate(options.dt)))
        return 1;
      writeRow(step * options.dt);
    }
  }
  for (auto &[name, value] : runner->getOutputs())
    outs() << name << " = " << mdf::formatGraphValue(*value) << "\n";
  if (options.printParameters)
    for (auto &[name, value] : runner->getParameters())
      outs() << name << " = " << mdf::formatGraphValue(*value) << "\n";
  if (llvm::Error committed = files.commit())
    return fail(llvm::toString(std::move(committed)));
  return 0;
}

} // namespace

static int run(int argc, char **argv) {
  static cl::OptionCategory runCategory("mdf-run options");
  static cl::opt<std::string> modelPath(
      cl::Positional, cl::Required,
      cl::desc("<model: .pt (TorchScript), .json or .yaml (MDF), .mlir or .mlirbc (mdf dialect)>"),
      cl::cat(runCategory));
  static cl::list<std::string> inputShapes(
      "input-shape",
      cl::desc("Shape of one input ([dtype:]1x3x224x224); default: the "
               "shapes of the --input files"),
      cl::value_desc("[dtype:]shape"), cl::cat(runCategory));
  static cl::list<std::string> inputs(
      "input", cl::desc("An input as .npy, once per model input in order"),
      cl::value_desc("file.npy"), cl::cat(runCategory));
  static cl::list<std::string> outputs(
      "output", cl::desc("Where to write an output as .npy, in order"),
      cl::value_desc("file.npy"), cl::cat(runCategory));
  static cl::list<std::string> references(
      "compare",
      cl::desc("A reference .npy per output: print the max abs/rel error and "
               "fail when outside --rtol/--atol"),
      cl::value_desc("file.npy"), cl::cat(runCategory));
  static cl::opt<double> rtol("rtol", cl::init(1e-4),
                              cl::desc("Relative tolerance of --compare"),
                              cl::cat(runCategory));
  static cl::opt<double> atol("atol", cl::init(1e-5),
                              cl::desc("Absolute tolerance of --compare"),
                              cl::cat(runCategory));
  static cl::opt<std::string> pipelineOptions(
      "pipeline-options", cl::value_desc("'key=value ...'"),
      cl::desc("Options of the target's pipeline: for cpu whole-loop-limit=N "
               "(loops up to N iterations are one vector, default 128), "
               "vector-tile=N (masked vector length, default 64), "
               "workspace-max-bytes=N; for cuda gpu-arch=sm_90, "
               "threads-per-block=256"),
      cl::cat(runCategory));
  static cl::opt<std::string> target(
      "target",
      cl::desc("Where the model runs: cpu (default) or cuda (an NVIDIA GPU; "
               "inputs copied to it and outputs back, static shapes)"),
      cl::init("cpu"), cl::cat(runCategory));
  static cl::opt<unsigned> repeat(
      "repeat", cl::init(0),
      cl::desc("Run N more times after a warm-up and print the latency"),
      cl::cat(runCategory));
  static cl::OptionCategory graphCategory(
      "MDF models",
      "A .json or .yaml model is imported, compiled to native code and evaluated "
      "the way the ModECI reference does; every output port is printed as "
      "`node.port = value`. --input files fill the input ports no edge "
      "feeds, in file order.");
  static cl::opt<double> dt(
      "dt", cl::init(0), cl::cat(graphCategory),
      cl::desc("Time step: after the first evaluation (without a time "
               "step), evaluate with this step until --duration"));
  static cl::opt<double> duration(
      "duration", cl::init(0), cl::cat(graphCategory),
      cl::desc("Simulated time to run with --dt (round(duration/dt) steps)"));
  static cl::opt<std::string> trace(
      "trace", cl::cat(graphCategory), cl::value_desc("file.csv"),
      cl::desc("Write t and the output ports after every evaluation"));
  static cl::list<std::string> tracePorts(
      "trace-port", cl::cat(graphCategory), cl::value_desc("node.port"),
      cl::desc("An output port for --trace (default: all)"));
  static cl::opt<bool> printSchedule(
      "print-schedule", cl::cat(graphCategory),
      cl::desc("Print the nodes each time step of the first evaluation ran"));
  static cl::opt<bool> printParameters(
      "print-parameters", cl::cat(graphCategory),
      cl::desc("Also print every parameter as `node.parameter = value`"));
  static cl::opt<bool> verbose(
      "verbose", cl::cat(graphCategory),
      cl::desc("Warn about keys of the file MDF does not define"));
  // LLVM's own options stay usable; --help-hidden lists them.
  mdf::showOnlyToolOptions({&runCategory, &graphCategory});
  cl::ParseCommandLineOptions(
      argc, argv,
      "mdf-run: JIT-compiles a model and runs it on .npy inputs\n\n"
      "  mdf-run resnet18.pt --input=image.npy --output=logits.npy "
      "--compare=expected.npy --repeat=20\n"
      "  mdf-run model.json [--dt=0.01 --duration=2 --trace=out.csv]\n"
      "  mdf-run model.yaml --print-schedule\n");

  DialectRegistry registry;
  mdf::registerAllDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  SourceMgr sourceMgr;
  mdf::LineLimitedStream diagnosticStream(errs());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context, diagnosticStream);

  // Every output is checked against the inputs before anything is read.
  mdf::OutputFiles files;
  files.addInput(modelPath);
  for (const std::string &path : inputs)
    files.addInput(path);
  for (const std::string &path : references)
    files.addInput(path);
  for (auto [index, path] : llvm::enumerate(outputs))
    if (Error declared =
            files.declare(path, "--output " + std::to_string(index)))
      return fail(toString(std::move(declared)));
  if (!trace.empty())
    if (Error declared = files.declare(trace, "the --trace file"))
      return fail(toString(std::move(declared)));

  if (mdf::isMDFFile(modelPath)) {
    GraphOptions options;
    options.inputs.assign(inputs.begin(), inputs.end());
    options.dt = dt;
    options.duration = duration;
    options.trace = trace;
    options.tracePorts.assign(tracePorts.begin(), tracePorts.end());
    options.printSchedule = printSchedule;
    options.verbose = verbose;
    options.printParameters = printParameters;
    if (dt < 0 || (dt > 0 && duration <= 0))
      return fail("--dt needs a positive --duration (and a positive step)");
    if (!outputs.empty())
      return fail("--output applies to .pt and .mlir models; MDF models "
                  "print their output ports (use --trace to save them)");
    return runGraph(modelPath, options, files, context);
  }
  if (dt != 0 || !trace.empty() || printSchedule || printParameters)
    return fail("--dt, --trace and --print-schedule apply to MDF models "
                "(.json, .yaml) only");

  std::vector<mdf::NpyArray> inputArrays(inputs.size());
  for (auto [path, array] : llvm::zip(inputs, inputArrays)) {
    Expected<mdf::NpyArray> read = mdf::readNpy(path, &context);
    if (!read)
      return fail(toString(read.takeError()));
    array = std::move(*read);
  }
  std::vector<std::string> shapes(inputShapes.begin(), inputShapes.end());
  std::vector<std::string> labels;
  if (shapes.empty()) {
    for (auto [index, array] : llvm::enumerate(inputArrays)) {
      shapes.push_back(mdf::formatInputSpec(array.type));
      labels.push_back("--input " + std::to_string(index) + " (" +
                       inputs[index] + ")");
    }
  }

  OwningOpRef<ModuleOp> module =
      mdf::loadModel(modelPath, shapes, &context, labels);
  if (!module)
    return 1;
  func::FuncOp entry = mdf::getEntryFunction(*module);
  if (!entry)
    return fail("the model has no entry function");
  if (entry.getNumArguments() != inputArrays.size())
    return fail("the model takes " + Twine(entry.getNumArguments()) +
                " inputs but " + Twine(inputArrays.size()) +
                " --input files were given");
  // A dynamic size ('?' in --input-shape) takes the .npy file's size.
  auto fits = [](mlir::Type modelType, RankedTensorType given) {
    auto tensor = dyn_cast<RankedTensorType>(modelType);
    if (!tensor || tensor.getElementType() != given.getElementType() ||
        tensor.getRank() != given.getRank())
      return false;
    for (auto [want, have] : llvm::zip(tensor.getShape(), given.getShape()))
      if (!ShapedType::isDynamic(want) && want != have)
        return false;
    return true;
  };
  SmallVector<int64_t> inputSizes;
  for (auto [index, type, array] :
       llvm::enumerate(entry.getArgumentTypes(), inputArrays)) {
    if (fits(type, array.type)) {
      auto tensor = cast<RankedTensorType>(type);
      for (int64_t dim = 0; dim < tensor.getRank(); ++dim)
        if (tensor.isDynamicDim(dim))
          inputSizes.push_back(array.type.getDimSize(dim));
    } else {
      std::string expected, got;
      raw_string_ostream(expected) << type;
      raw_string_ostream(got) << array.type;
      return fail("--input " + Twine(index) + " (" + inputs[index] + ") is " +
                  got + " but the model takes " + expected);
    }
  }
  SmallVector<RankedTensorType> outputTypes;
  int64_t numOutputSizes = 0;
  for (mlir::Type type : entry.getResultTypes()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return fail("the model's outputs must be ranked tensors");
    if (tensor.getElementType().isBF16())
      return fail("output " + Twine(outputTypes.size()) +
                  " is bf16, which .npy files cannot hold (numpy has no "
                  "bfloat16); compile the model with mdf-compile and call it "
                  "from Python (mdf.compile) with torch tensors");
    outputTypes.push_back(tensor);
    numOutputSizes += llvm::count_if(tensor.getShape(), ShapedType::isDynamic);
  }
  if (outputs.size() > outputTypes.size() ||
      references.size() > outputTypes.size())
    return fail("the model has " + Twine(outputTypes.size()) +
                " outputs but " + Twine(outputs.size()) + " --output and " +
                Twine(references.size()) + " --compare files were given");
  std::string symbol = entry.getSymName().str();

  bool cuda = target == "cuda";
  if (cuda && (numOutputSizes > 0 || !inputSizes.empty()))
    return fail("--target=cuda needs static shapes; this model has dynamic "
                "sizes");
  mlir::PassManager pm(&context);
  if (Error built = mdf::buildTargetPipeline(pm, target, pipelineOptions))
    return fail(toString(std::move(built)));
  if (failed(pm.run(*module)))
    return 1;

  // CUDA host code calls the mdf CUDA runtime (lib/ next to bin/).
  std::string runtimePath;
  const char *(*lastCUDAError)() = nullptr;
  if (cuda) {
    std::string tool = sys::fs::getMainExecutable(
        argv[0], reinterpret_cast<void *>(&fail));
    SmallString<256> path(
        sys::path::parent_path(sys::path::parent_path(tool)));
    sys::path::append(path, "lib", "libmdf_cuda_runtime.so");
    runtimePath = std::string(path);
    std::string error;
    auto library =
        sys::DynamicLibrary::getPermanentLibrary(runtimePath.c_str(), &error);
    if (!library.isValid())
      return fail("cannot load the mdf CUDA runtime: " + error);
    lastCUDAError = reinterpret_cast<const char *(*)()>(
        library.getAddressOfSymbol("mdf_cuda_last_error"));
  }
  SmallVector<StringRef> sharedLibraries;
  if (cuda)
    sharedLibraries.push_back(runtimePath);
  auto engine = mdf::createJitSession(*module, 3, sharedLibraries);
  if (!engine)
    return fail("JIT compilation failed: " + toString(engine.takeError()));

  // The dynamic output sizes, from the function the pipeline derived.
  SmallVector<int64_t> outputSizes(numOutputSizes);
  if (numOutputSizes > 0) {
    SmallVector<void *> arguments;
    for (int64_t &size : inputSizes)
      arguments.push_back(&size);
    void *sizesPointer = outputSizes.data();
    arguments.push_back(&sizesPointer);
    if (Error err =
            (*engine)->invokePacked(symbol + "_output_sizes", arguments))
      return fail("cannot compute the output sizes: " +
                  toString(std::move(err)));
  }
  std::vector<mdf::NpyArray> outputArrays;
  unsigned nextSize = 0;
  for (RankedTensorType type : outputTypes) {
    SmallVector<int64_t> shape(type.getShape());
    for (int64_t &size : shape)
      if (ShapedType::isDynamic(size))
        size = outputSizes[nextSize++];
    auto tensor = RankedTensorType::get(shape, type.getElementType());
    outputArrays.push_back(
        {tensor,
         std::vector<char>(tensor.getNumElements() *
                           mdf::getElementByteSize(tensor.getElementType()))});
  }

  // Bare-pointer calling convention: the dynamic input sizes, one pointer
  // per input, then one per output.
  SmallVector<void *> pointers;
  for (mdf::NpyArray &array : inputArrays)
    pointers.push_back(array.data.data());
  for (mdf::NpyArray &array : outputArrays)
    pointers.push_back(array.data.data());
  SmallVector<void *> packed;
  for (int64_t &size : inputSizes)
    packed.push_back(&size);
  for (void *&pointer : pointers)
    packed.push_back(&pointer);
  // CUDA entry points return a status.
  int32_t status = 0;
  if (cuda)
    packed.push_back(&status);
  auto run = [&]() -> bool {
    if (Error err = (*engine)->invokePacked(symbol, packed)) {
      errs() << "mdf-run: error: " << toString(std::move(err)) << "\n";
      return false;
    }
    if (status != 0) {
      errs() << "mdf-run: error: the model failed on the GPU: "
             << (lastCUDAError ? lastCUDAError() : "unknown CUDA error")
             << "\n";
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

  for (auto [path, array] : llvm::zip(outputs, outputArrays)) {
    llvm::Expected<llvm::raw_pwrite_stream *> osOpened = files.open(path);
    if (!osOpened)
      return fail(llvm::toString(osOpened.takeError()));
    raw_pwrite_stream *os = *osOpened;
    mdf::writeNpy(*os, array);
  }

  bool allWithin = true;
  for (auto [index, path] : llvm::enumerate(references)) {
    Expected<mdf::NpyArray> read = mdf::readNpy(path, &context);
    if (!read)
      return fail(toString(read.takeError()));
    const mdf::NpyArray &reference = *read;
    const mdf::NpyArray &got = outputArrays[index];
    // The reference's dtype and shape must match, not only its values.
    if (reference.type != got.type) {
      std::string want, have;
      raw_string_ostream(want) << reference.type;
      raw_string_ostream(have) << got.type;
      outs() << "output " << index << ": is " << have << " but --compare "
             << path << " is " << want << ": MISMATCH\n";
      allWithin = false;
      continue;
    }
    double maxAbs = 0, maxRel = 0;
    bool within = true;
    for (int64_t i = 0, e = got.type.getNumElements(); i < e; ++i) {
      double want = elementAt(reference, i), have = elementAt(got, i);
      // Equal values (infinities included) and NaN against NaN agree.
      if (want == have || (std::isnan(want) && std::isnan(have)))
        continue;
      double absError = std::fabs(have - want);
      if (!std::isnan(absError))
        maxAbs = std::max(maxAbs, absError);
      if (want != 0 && !std::isnan(absError))
        maxRel = std::max(maxRel, absError / std::fabs(want));
      if (!(absError <= atol + rtol * std::fabs(want)))
        within = false;
    }
    outs() << format("output %zu: max abs error %.3g, max rel error %.3g: %s\n",
                     index, maxAbs, maxRel, within ? "ok" : "MISMATCH");
    allWithin &= within;
  }
  // A failed comparison fails the command: like any failure, it leaves no
  // output behind.
  if (!allWithin)
    return fail("an output differs from its --compare reference (see "
                "above); no output was written");
  if (llvm::Error committed = files.commit())
    return fail(llvm::toString(std::move(committed)));
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  int status = run(argc, argv);
  // Results go to stdout; a failed write (a full disk, a closed pipe) is an
  // error naming it, not a fatal error when the stream is destroyed.
  outs().flush();
  if (std::error_code ec = outs().error()) {
    outs().clear_error();
    errs() << "mdf-run: error: cannot write the results to standard output: "
           << ec.message() << "\n";
    return 1;
  }
  return status;
}
