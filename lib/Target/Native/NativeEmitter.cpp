//===- NativeEmitter.cpp - objects, shared libraries, C headers -----------===//
//
// This file implements in-process code generation with LLVM's TargetMachine
// and the C header of a compiled model.
//
//===----------------------------------------------------------------------===//

#include "mdf/Target/Native/NativeEmitter.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
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

std::unique_ptr<llvm::Module>
mlir::mdf::translateAndOptimize(ModuleOp module, llvm::LLVMContext &context,
                                const NativeOptions &options,
                                std::string &error) {
  registerBuiltinDialectTranslation(*module->getContext());
  registerLLVMDialectTranslation(*module->getContext());
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context);
  if (!llvmModule) {
    error = "cannot translate the lowered model to LLVM IR";
    return nullptr;
  }
  std::unique_ptr<llvm::TargetMachine> machine(
      createTargetMachine(options, error));
  if (!machine)
    return nullptr;
  llvmModule->setTargetTriple(machine->getTargetTriple());
  llvmModule->setDataLayout(machine->createDataLayout());
  auto optimize = makeOptimizingTransformer(options.optLevel, 0, machine.get());
  if (llvm::Error err = optimize(llvmModule.get())) {
    error = llvm::toString(std::move(err));
    return nullptr;
  }
  return llvmModule;
}

LogicalResult mlir::mdf::emitObjectFile(llvm::Module &module,
                                        const NativeOptions &options,
                                        llvm::raw_pwrite_stream &os,
                                        std::string &error) {
  std::unique_ptr<llvm::TargetMachine> machine(
      createTargetMachine(options, error));
  if (!machine)
    return failure();
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return failure();
  }
  passes.run(module);
  return success();
}

LogicalResult mlir::mdf::linkSharedLibrary(StringRef objectPath,
                                           StringRef sharedPath,
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
  if (elementType.isInteger(64))
    return "int64_t";
  if (elementType.isInteger(32))
    return "int32_t";
  return "bool";
}

std::string mlir::mdf::generateCHeader(StringRef modelName, StringRef symbol,
                                       ArrayRef<RankedTensorType> inputs,
                                       ArrayRef<RankedTensorType> outputs,
                                       StringRef sourceFile) {
  std::string upper = llvm::StringRef(modelName).upper();
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* " << modelName << ".h: generated by mdf-compile from " << sourceFile
     << ". Do not edit. */\n"
     << "#ifndef MDF_MODEL_" << upper << "_H\n#define MDF_MODEL_" << upper
     << "_H\n\n#include <stdbool.h>\n#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  auto describe = [&](StringRef kind, ArrayRef<RankedTensorType> types) {
    std::string kindUpper = StringRef(kind).upper();
    os << "#define " << upper << "_NUM_" << kindUpper << "S " << types.size()
       << "\n";
    for (auto [index, type] : llvm::enumerate(types)) {
      std::string prefix =
          llvm::formatv("{0}_{1}{2}", upper, kindUpper, index).str();
      os << "/* " << kind << " " << index << ": "
         << cTypeName(type.getElementType()) << "[";
      llvm::interleave(type.getShape(), os, "][");
      os << "] */\n#define " << prefix << "_RANK " << type.getRank() << "\n"
         << "#define " << prefix << "_SIZE " << type.getNumElements() << "\n"
         << "static const int64_t " << modelName << "_" << kind << index
         << "_shape[" << std::max<int64_t>(type.getRank(), 1) << "] = {";
      if (type.getRank() == 0)
        os << "1";
      llvm::interleaveComma(type.getShape(), os);
      os << "};\n";
    }
    os << "\n";
  };
  describe("input", inputs);
  describe("output", outputs);
  os << "/* Runs the model. Each argument is a contiguous, row-major buffer\n"
        "   of the shape above: inputs are only read, outputs are written.\n"
        "   The weights are inside the object; link with -lm. The function\n"
        "   keeps no state and may run on several threads at once. */\n"
     << "void " << symbol << "(";
  bool first = true;
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
