//===- mdf-opt.cpp - run passes on mdf and upstream IR ----------*- C++ -*-===//
//
// The mdf optimizer driver: every upstream dialect and pass plus mdf's.
// Unlike mlir-opt it never writes over its input, writes its output only
// when the whole run succeeded, and refuses text nested too deeply for the
// parser.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/Limits.h"
#include "mdf/Support/OutputFiles.h"
#include "mdf/Support/ToolOptions.h"
#include "mdf/Tools/Registration.h"
#include "mlir/Bytecode/BytecodeReader.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

static int fail(const llvm::Twine &message) {
  llvm::errs() << "mdf-opt: error: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // LLVM's back-end flags under --help-hidden; --help shows the driver's.
  mdf::hideOptionsRegisteredSoFar();
  DialectRegistry registry;
  mdf::registerAllDialects(registry);
  mdf::registerAllPasses();
  auto [inputPath, outputPath] =
      registerAndParseCLIOptions(argc, argv, "mdf optimizer driver\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(MlirOptMain(llvm::outs(), nullptr, registry,
                                        config));

  mdf::OutputFiles files;
  std::string error;
  files.addInput(inputPath);
  if (llvm::Error declared = files.declare(outputPath, "the output"))
    return fail(llvm::toString(std::move(declared)));
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputPath, &error);
  if (!input)
    return fail(error);
  if (!isBytecode(input->getMemBufferRef()))
    if (llvm::Error nesting = mdf::checkMLIRNesting(input->getBuffer()))
      return fail(inputPath + ":" + llvm::toString(std::move(nesting)));
  llvm::Expected<llvm::raw_pwrite_stream *> osOpened = files.open(outputPath);
  if (!osOpened)
    return fail(llvm::toString(osOpened.takeError()));
  llvm::raw_pwrite_stream *os = *osOpened;
  if (failed(MlirOptMain(*os, std::move(input), registry, config)))
    return 1;
  if (llvm::Error committed = files.commit())
    return fail(llvm::toString(std::move(committed)));
  return 0;
}
