//===- NativeEmitter.cpp - objects, shared libraries, C headers -----------===//
//
// This file implements in-process code generation with LLVM's TargetMachine
// and the C header of a compiled model.
//
//===----------------------------------------------------------------------===//

#include "mdf/Target/Native/NativeEmitter.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Pass.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"
#include "llvm/Transforms/IPO/MergeFunctions.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace mlir;
using namespace mlir::mdf;

/// The host or the named CPU, with the host's features only for the host.
static llvm::TargetMachine *createTargetMachine(const NativeOptions &options,
                                                std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  bool host = options.targetCPU.empty() || options.targetCPU == "native";
  std::string cpu =
      host ? llvm::sys::getHostCPUName().str() : options.targetCPU;
  std::string features;
  if (host) {
    llvm::SubtargetFeatures hostFeatures;
    for (const auto &[name, enabled] : llvm::sys::getHostCPUFeatures())
      hostFeatures.AddFeature(name, enabled);
    features = hostFeatures.getString();
  }
  llvm::CodeGenOptLevel level =
      options.optLevel == 0   ? llvm::CodeGenOptLevel::None
      : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
      : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
                              : llvm::CodeGenOptLevel::Aggressive;
  llvm::TargetMachine *machine =
      target->createTargetMachine(triple, cpu, features, llvm::TargetOptions(),
                                  llvm::Reloc::PIC_, std::nullopt, level);
  if (!machine) {
    error = "cannot create a target machine for CPU '" + cpu + "'";
    return nullptr;
  }
  if (!host && !machine->getMCSubtargetInfo()->isCPUStringValid(cpu)) {
    error = "unknown target CPU '" + cpu + "'";
    delete machine;
    return nullptr;
  }
  return machine;
}

static llvm::cl::opt<unsigned> outlineThreshold(
    "mdf-outline-instructions", llvm::cl::Hidden, llvm::cl::init(4000),
    llvm::cl::desc("Move loop nests into functions of their own when the "
                   "lowered model has at least this many LLVM instructions"));

static llvm::cl::opt<bool> mergeKernels(
    "mdf-merge-kernels", llvm::cl::Hidden, llvm::cl::init(true),
    llvm::cl::desc("Keep one of each set of identical outlined loop nests"));
static llvm::cl::opt<bool> llvmUnrolling(
    "mdf-llvm-unroll", llvm::cl::Hidden, llvm::cl::init(true),
    llvm::cl::desc("Let LLVM unroll loops"));
static llvm::cl::opt<bool> llvmVectorization(
    "mdf-llvm-vectorize", llvm::cl::Hidden, llvm::cl::init(true),
    llvm::cl::desc("Let LLVM vectorize loops and straight-line code"));

/// Makes every instruction of `function` that uses a global (a weight, the
/// workspace) use a copy of its address made in the entry block instead:
/// an outlined loop nest then takes its weights as arguments, and nests
/// that differ only in their weights become identical functions.
static void passGlobalsAsValues(llvm::Function &function) {
  llvm::IRBuilder<> builder(&*function.getEntryBlock().getFirstInsertionPt());
  llvm::DenseMap<llvm::GlobalVariable *, llvm::Value *> addresses;
  for (llvm::BasicBlock &block : function) {
    for (llvm::Instruction &instruction : block) {
      if (llvm::isa<llvm::PHINode>(instruction))
        continue;
      for (llvm::Use &use : instruction.operands()) {
        auto *global = llvm::dyn_cast<llvm::GlobalVariable>(use.get());
        if (!global || &block == &function.getEntryBlock())
          continue;
        llvm::Value *&address = addresses[global];
        if (!address)
          address = builder.CreateLaunderInvariantGroup(global);
        use.set(address);
      }
    }
  }
}

/// Tells LLVM what the weights an outlined loop nest now takes as pointer
/// arguments are: constant memory that nothing writes (noalias, readonly),
/// with the alignment and size of its global. Without this, every store
/// to an output could change a weight, and the weights' loads stay inside
/// the loops.
static void describeWeightArguments(llvm::Function &outlined) {
  if (!outlined.hasOneUse())
    return;
  auto *call = llvm::dyn_cast<llvm::CallInst>(outlined.user_back());
  if (!call || call->getCalledFunction() != &outlined)
    return;
  const llvm::DataLayout &layout = outlined.getParent()->getDataLayout();
  for (llvm::Argument &argument : outlined.args()) {
    if (!argument.getType()->isPointerTy())
      continue;
    llvm::Value *value = call->getArgOperand(argument.getArgNo());
    auto *global = llvm::dyn_cast<llvm::GlobalVariable>(
        llvm::getUnderlyingObject(value));
    if (!global || !global->isConstant())
      continue;
    argument.addAttr(llvm::Attribute::NoAlias);
    argument.addAttr(llvm::Attribute::ReadOnly);
    // The whole global (its laundered address), not a part of it.
    if (value->stripPointerCastsForAliasAnalysis() == global) {
      argument.addAttr(llvm::Attribute::getWithAlignment(
          outlined.getContext(),
          global->getAlign().value_or(llvm::Align(1))));
      argument.addAttr(llvm::Attribute::getWithDereferenceableBytes(
          outlined.getContext(),
          layout.getTypeAllocSize(global->getValueType())));
    }
  }
}

/// Moves each top-level loop nest of the model's functions into a function
/// of its own that is never inlined. The lowered model is one function of
/// thousands of loop nests, and LLVM's loop passes (IndVarSimplify,
/// LoopRotate) cost more than linear time in the size of a function:
/// densenet121 spent 92 s in them as one function, 7 s split. The calls
/// cost nothing next to the loops they run.
static void outlineLoopNests(llvm::Module &module) {
  SmallVector<llvm::Function *> outlinedFunctions;
  size_t instructions = 0;
  SmallVector<llvm::Function *> functions;
  for (llvm::Function &function : module) {
    instructions += function.getInstructionCount();
    if (!function.isDeclaration())
      functions.push_back(&function);
  }
  // Small models gain nothing from it.
  if (instructions < outlineThreshold)
    return;
  // One dominator tree and loop forest per function, kept valid by the
  // extractor (LLVM's LoopExtractorPass recomputes them after every loop:
  // 14 s of densenet121's compile).
  for (llvm::Function *function : functions) {
    if (mergeKernels)
      passGlobalsAsValues(*function);
    llvm::DominatorTree dominators(*function);
    llvm::LoopInfo loops(dominators);
    SmallVector<SmallVector<llvm::BasicBlock *>> nests;
    for (llvm::Loop *loop : loops)
      nests.emplace_back(loop->getBlocks());
    if (nests.size() < 2)
      continue;
    llvm::CodeExtractorAnalysisCache cache(*function);
    for (ArrayRef<llvm::BasicBlock *> blocks : llvm::reverse(nests)) {
      llvm::CodeExtractor extractor(blocks, &dominators);
      if (!extractor.isEligible())
        continue;
      if (llvm::Function *outlined = extractor.extractCodeRegion(cache)) {
        outlined->addFnAttr(llvm::Attribute::NoInline);
        describeWeightArguments(*outlined);
        outlinedFunctions.push_back(outlined);
      }
    }
  }
  // Layers of the same shape (a ResNet stage's blocks, a DenseNet block's
  // 3x3 convolutions) became identical functions: keep one of each.
  if (mergeKernels)
    llvm::MergeFunctionsPass::runOnFunctions(outlinedFunctions);
}

std::function<llvm::Error(llvm::Module *)>
mlir::mdf::makeLLVMOptimizer(unsigned optLevel, llvm::TargetMachine *machine) {
  return [optLevel, machine](llvm::Module *module) -> llvm::Error {
    llvm::LoopAnalysisManager loops;
    llvm::FunctionAnalysisManager functions;
    llvm::CGSCCAnalysisManager sccs;
    llvm::ModuleAnalysisManager modules;
    // LLVM's own instrumentation: -time-passes, -print-after-all and the
    // like work on this pipeline.
    llvm::PassInstrumentationCallbacks callbacks;
    llvm::StandardInstrumentations instrumentations(module->getContext(),
                                                    /*DebugLogging=*/false);
    instrumentations.registerCallbacks(callbacks, &modules);
    llvm::PipelineTuningOptions tuning;
    tuning.LoopUnrolling = llvmUnrolling;
    tuning.LoopVectorization = llvmVectorization;
    tuning.SLPVectorization = llvmVectorization;
    llvm::PassBuilder builder(machine, tuning, std::nullopt, &callbacks);
    builder.registerModuleAnalyses(modules);
    builder.registerCGSCCAnalyses(sccs);
    builder.registerFunctionAnalyses(functions);
    builder.registerLoopAnalyses(loops);
    builder.crossRegisterProxies(loops, functions, sccs, modules);
    if (optLevel == 0) {
      builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0)
          .run(*module, modules);
      return llvm::Error::success();
    }
    outlineLoopNests(*module);
    llvm::OptimizationLevel level = optLevel == 1 ? llvm::OptimizationLevel::O1
                                    : optLevel == 2
                                        ? llvm::OptimizationLevel::O2
                                        : llvm::OptimizationLevel::O3;
    builder.buildPerModuleDefaultPipeline(level).run(*module, modules);
    return llvm::Error::success();
  };
}

/// Frees the data of every builtin resource blob of `context`: those the
/// module uses and those of constants folded away (the weights as read,
/// before their layouts changed).
static void releaseResourceBlobs(MLIRContext *context) {
  auto &interface = DenseResourceElementsHandle::getManagerInterface(context);
  DialectResourceBlobManager &manager = interface.getBlobManager();
  SmallVector<std::string> keys;
  manager.getBlobMap([&](const llvm::StringMap<
                         DialectResourceBlobManager::BlobEntry> &blobs) {
    for (const auto &entry : blobs)
      if (entry.getValue().getBlob())
        keys.push_back(entry.getKey().str());
  });
  for (const std::string &key : keys)
    manager.update(key, AsmResourceBlob());
}

static std::unique_ptr<llvm::Module>
translateAndOptimizeOrSay(ModuleOp module, llvm::LLVMContext &context,
                          const NativeOptions &options, std::string &error) {
  registerBuiltinDialectTranslation(*module->getContext());
  registerLLVMDialectTranslation(*module->getContext());
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context);
  if (!llvmModule) {
    error = "cannot translate the lowered model to LLVM IR";
    return nullptr;
  }
  if (options.releaseWeightsAfterTranslation)
    releaseResourceBlobs(module->getContext());
  std::unique_ptr<llvm::TargetMachine> machine(
      createTargetMachine(options, error));
  if (!machine)
    return nullptr;
  llvmModule->setTargetTriple(machine->getTargetTriple());
  llvmModule->setDataLayout(machine->createDataLayout());
  auto optimize = makeLLVMOptimizer(options.optLevel, machine.get());
  if (llvm::Error err = optimize(llvmModule.get())) {
    error = llvm::toString(std::move(err));
    return nullptr;
  }
  return llvmModule;
}

namespace {
/// Reports each function whose code has been generated; runs after the
/// assembly printer, in the same per-function pass manager.
struct ReportGeneratedFunctions : public llvm::FunctionPass {
  static char ID;
  ReportGeneratedFunctions(std::function<void(size_t, size_t)> report,
                           size_t total)
      : llvm::FunctionPass(ID), report(std::move(report)), total(total) {}
  bool runOnFunction(llvm::Function &) override {
    report(++done, total);
    return false;
  }
  void getAnalysisUsage(llvm::AnalysisUsage &usage) const override {
    usage.setPreservesAll();
  }

  std::function<void(size_t, size_t)> report;
  size_t total;
  size_t done = 0;
};
char ReportGeneratedFunctions::ID = 0;
} // namespace

static LogicalResult emitObjectFileOrSay(llvm::Module &module,
                                         const NativeOptions &options,
                                         llvm::raw_pwrite_stream &os,
                                         std::string &error) {
  std::unique_ptr<llvm::TargetMachine> machine(
      createTargetMachine(options, error));
  if (!machine)
    return failure();
  // Over 1 GiB of weights (regnet_y_128gf, vit_h_14: 2.5 GB), 32-bit
  // PC-relative addresses no longer reach every global: the medium code
  // model keeps code small and puts big globals in .lrodata, addressed
  // with 64 bits.
  const llvm::DataLayout &layout = module.getDataLayout();
  uint64_t constantBytes = 0;
  for (llvm::GlobalVariable &global : module.globals())
    if (global.hasInitializer())
      constantBytes += layout.getTypeAllocSize(global.getValueType());
  if (constantBytes > (uint64_t(1) << 30)) {
    machine->setCodeModel(llvm::CodeModel::Medium);
    machine->setLargeDataThreshold(uint64_t(1) << 16);
  }
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return failure();
  }
  if (options.onFunctionGenerated) {
    size_t total = llvm::count_if(
        module, [](llvm::Function &f) { return !f.isDeclaration(); });
    passes.add(new ReportGeneratedFunctions(options.onFunctionGenerated,
                                            total));
  }
  passes.run(module);
  return success();
}

static LogicalResult linkSharedLibraryOrSay(StringRef objectPath,
                                            StringRef sharedPath,
                                            ArrayRef<std::string> extraInputs,
                                            std::string &error) {
  llvm::ErrorOr<std::string> linker =
      llvm::sys::findProgramByName("ld.lld", {"/usr/lib/llvm-22/bin"});
  if (!linker)
    linker = llvm::sys::findProgramByName("ld.lld-22");
  if (!linker) {
    error = "cannot find ld.lld to link the shared library (install lld-22)";
    return failure();
  }
  SmallVector<StringRef> args = {*linker,
                                 "-shared",
                                 "-o",
                                 sharedPath,
                                 objectPath,
                                 "-lm",
                                 "-L/usr/lib/x86_64-linux-gnu"};
  for (const std::string &input : extraInputs)
    args.push_back(input);
  // f16 conversions on CPUs without F16C call libgcc's __extendhfsf2 and
  // __truncsfhf2 (a C compiler links libgcc itself; ld.lld does not).
  static constexpr StringLiteral libgcc = "/lib/x86_64-linux-gnu/libgcc_s.so.1";
  if (llvm::sys::fs::exists(libgcc)) {
    args.push_back("--as-needed");
    args.push_back(libgcc);
  }
  if (llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0,
                                &error) != 0) {
    if (error.empty())
      error = "ld.lld failed";
    return failure();
  }
  return success();
}

static StringRef cTypeName(Type elementType) {
  if (elementType.isF32())
    return "float";
  if (elementType.isF64())
    return "double";
  if (elementType.isF16())
    return "mdf_float16";
  if (elementType.isBF16())
    return "mdf_bfloat16";
  if (elementType.isInteger(64))
    return "int64_t";
  if (elementType.isInteger(32))
    return "int32_t";
  return "bool";
}

/// The C name of dimension `dim` of `kind` `index` ("input0_size1").
static std::string sizeName(StringRef kind, size_t index, int64_t dim) {
  return llvm::formatv("{0}{1}_size{2}", kind, index, dim).str();
}

/// The declarations of a --target=cuda model's entry points: on host
/// buffers, and on device buffers with a stream.
static void writeCUDAEntryPoints(llvm::raw_ostream &os, StringRef symbol,
                                 ArrayRef<RankedTensorType> inputs,
                                 ArrayRef<RankedTensorType> outputs) {
  auto parameters = [&]() {
    bool first = true;
    for (auto [index, type] : llvm::enumerate(inputs)) {
      os << (first ? "" : ", ") << "const " << cTypeName(type.getElementType())
         << " *input" << index;
      first = false;
    }
    for (auto [index, type] : llvm::enumerate(outputs)) {
      os << (first ? "" : ", ") << cTypeName(type.getElementType())
         << " *output" << index;
      first = false;
    }
    return first;
  };
  os << "#ifndef __cuda_cuda_h__\ntypedef struct CUstream_st *CUstream;\n"
        "#endif\n"
     << "#ifndef MDF_CUDA_RUNTIME_H\n"
     << "/* From the mdf CUDA runtime (mdf_cuda_runtime.h): the GPU used by\n"
        "   this process (call before the first model call; default 0 or\n"
        "   $MDF_CUDA_DEVICE), and the message of this thread's last failed\n"
        "   call. */\n"
     << "int mdf_cuda_set_device(int device);\n"
     << "const char *mdf_cuda_last_error(void);\n#endif\n\n"
     << "/* Runs the model on an NVIDIA GPU. The buffers are host memory,\n"
        "   contiguous and row-major, of the shapes above: inputs are copied\n"
        "   to the GPU and outputs back. Returns 0, or 1 when a CUDA driver\n"
        "   call failed (no GPU or driver, out of memory, ...):\n"
        "   mdf_cuda_last_error() names the call and the driver's reason.\n"
        "   The weights are inside the object and go to the GPU at the\n"
        "   first call, once per process; temporaries live in one device\n"
        "   workspace, so calls must not overlap (one thread at a time).\n"
        "   Link with the mdf CUDA runtime, which loads libcuda.so.1 at the\n"
        "   first call (a program starts where there is no GPU):\n"
        "     cc main.c model.o <mdf>/lib/libmdf_cuda_runtime.a -ldl "
        "-lpthread -lm */\n"
     << "int " << symbol << "(";
  if (parameters())
    os << "void";
  os << ");\n\n"
     << "/* The same on device memory (CUdeviceptr values as pointers): the\n"
        "   work is queued on `stream` (NULL: the default stream) and the\n"
        "   function returns when it is done. */\n"
     << "int " << symbol << "_device(";
  bool none = parameters();
  os << (none ? "" : ", ") << "CUstream stream);\n\n";
}

std::string mlir::mdf::generateCHeader(StringRef modelName, StringRef symbol,
                                       ArrayRef<RankedTensorType> inputs,
                                       ArrayRef<RankedTensorType> outputs,
                                       ArrayRef<int64_t> outputSizeSources,
                                       StringRef sourceFile, bool cuda) {
  std::string upper = llvm::StringRef(modelName).upper();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* " << modelName << ".h: generated by mdf-compile from " << sourceFile
     << ". Do not edit. */\n"
     << "#ifndef MDF_MODEL_" << upper << "_H\n#define MDF_MODEL_" << upper
     << "_H\n\n#include <stdbool.h>\n#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  auto usesType = [&](auto predicate) {
    return llvm::any_of(llvm::concat<const RankedTensorType>(inputs, outputs),
                        [&](RankedTensorType type) {
                          return predicate(type.getElementType());
                        });
  };
  if (usesType([](Type type) { return type.isF16(); }))
    os << "#ifndef MDF_FLOAT16_DEFINED\n#define MDF_FLOAT16_DEFINED\n"
       << "/* IEEE 754 binary16 (numpy's float16, torch.half), as its bits. */\n"
       << "typedef uint16_t mdf_float16;\n#endif\n\n";
  if (usesType([](Type type) { return type.isBF16(); }))
    os << "#ifndef MDF_BFLOAT16_DEFINED\n#define MDF_BFLOAT16_DEFINED\n"
       << "/* bfloat16 (torch.bfloat16: the upper half of a float), as its "
          "bits. */\n"
       << "typedef uint16_t mdf_bfloat16;\n#endif\n\n";
  // The dynamic input sizes, in argument order.
  SmallVector<std::string> inputSizes;
  for (auto [index, type] : llvm::enumerate(inputs))
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      if (type.isDynamicDim(dim))
        inputSizes.push_back(sizeName("input", index, dim));
  // What each dynamic output size is called in the comments: the input
  // size it equals, or its own name.
  SmallVector<std::string> outputSizes, outputSizeMeaning;
  for (auto [index, type] : llvm::enumerate(outputs))
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      if (type.isDynamicDim(dim)) {
        size_t position = outputSizes.size();
        outputSizes.push_back(sizeName("output", index, dim));
        int64_t source = position < outputSizeSources.size()
                             ? outputSizeSources[position]
                             : -1;
        outputSizeMeaning.push_back(
            source >= 0 && source < static_cast<int64_t>(inputSizes.size())
                ? inputSizes[source]
                : outputSizes.back());
      }
  auto describe = [&](StringRef kind, ArrayRef<RankedTensorType> types,
                      ArrayRef<std::string> dynamicNames) {
    std::string kindUpper = StringRef(kind).upper();
    os << "#define " << upper << "_NUM_" << kindUpper << "S " << types.size()
       << "\n";
    size_t nextName = 0;
    for (auto [index, type] : llvm::enumerate(types)) {
      std::string prefix =
          llvm::formatv("{0}_{1}{2}", upper, kindUpper, index).str();
      os << "/* " << kind << " " << index << ": "
         << cTypeName(type.getElementType()) << "[";
      llvm::interleave(
          type.getShape(), os,
          [&](int64_t size) {
            if (ShapedType::isDynamic(size))
              os << dynamicNames[nextName++];
            else
              os << size;
          },
          "][");
      os << "] */\n#define " << prefix << "_RANK " << type.getRank() << "\n";
      if (type.hasStaticShape())
        os << "#define " << prefix << "_SIZE " << type.getNumElements()
           << "\n";
      os << "static const int64_t " << modelName << "_" << kind << index
         << "_shape[" << std::max<int64_t>(type.getRank(), 1) << "] = {";
      if (type.getRank() == 0)
        os << "1";
      llvm::interleaveComma(type.getShape(), os, [&](int64_t size) {
        os << (ShapedType::isDynamic(size) ? -1 : size);
      });
      os << "};" << (type.hasStaticShape() ? "" : " /* -1: given at run time */")
         << "\n";
    }
    os << "\n";
  };
  describe("input", inputs, inputSizes);
  describe("output", outputs, outputSizeMeaning);
  if (!inputSizes.empty()) {
    os << "/* The dynamic input sizes (-1 above) are the leading arguments\n   "
          "of the functions below: ";
    llvm::interleaveComma(inputSizes, os);
    os << ".\n   Sizes the model needs to be equal must be equal. */\n";
  }
  if (!outputSizes.empty()) {
    os << "#define " << upper << "_NUM_OUTPUT_SIZES " << outputSizes.size()
       << "\n/* Writes the dynamic output sizes, in order, to output_sizes: ";
    for (auto [index, name] : llvm::enumerate(outputSizes)) {
      os << (index ? ", " : "") << name;
      if (outputSizeMeaning[index] != name)
        os << " (= " << outputSizeMeaning[index] << ")";
    }
    os << ". */\nvoid " << symbol << "_output_sizes(";
    for (const std::string &name : inputSizes)
      os << "int64_t " << name << ", ";
    os << "int64_t *output_sizes);\n\n";
  }
  if (cuda) {
    writeCUDAEntryPoints(os, symbol, inputs, outputs);
    os << "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
    return text;
  }
  os << "/* Runs the model. Each buffer is contiguous and row-major, of the\n"
        "   shape above: inputs are only read, outputs are written. The\n"
        "   weights are inside the object; link with -lm. The function\n"
        "   keeps no state and may run on several threads at once. */\n"
     << "void " << symbol << "(";
  bool first = true;
  for (const std::string &name : inputSizes) {
    os << (first ? "" : ", ") << "int64_t " << name;
    first = false;
  }
  for (auto [index, type] : llvm::enumerate(inputs)) {
    os << (first ? "" : ", ") << "const " << cTypeName(type.getElementType())
       << " *input" << index;
    first = false;
  }
  for (auto [index, type] : llvm::enumerate(outputs)) {
    os << (first ? "" : ", ") << cTypeName(type.getElementType()) << " *output"
       << index;
    first = false;
  }
  os << ");\n\n#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  return text;
}

llvm::Expected<std::unique_ptr<llvm::Module>>
mlir::mdf::translateAndOptimize(ModuleOp module, llvm::LLVMContext &context,
                                const NativeOptions &options) {
  std::string error;
  std::unique_ptr<llvm::Module> result =
      translateAndOptimizeOrSay(module, context, options, error);
  if (!result)
    return llvm::createStringError(error);
  return std::move(result);
}

llvm::Error mlir::mdf::emitObjectFile(llvm::Module &module,
                                      const NativeOptions &options,
                                      llvm::raw_pwrite_stream &os) {
  std::string error;
  if (failed(emitObjectFileOrSay(module, options, os, error)))
    return llvm::createStringError(error);
  return llvm::Error::success();
}

llvm::Error mlir::mdf::linkSharedLibrary(StringRef objectPath,
                                         StringRef sharedPath,
                                         ArrayRef<std::string> extraInputs) {
  std::string error;
  if (failed(
          linkSharedLibraryOrSay(objectPath, sharedPath, extraInputs, error)))
    return llvm::createStringError(error);
  return llvm::Error::success();
}
