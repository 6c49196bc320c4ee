//===- mdf-translate.cpp - import and export models -------------*- C++ -*-===//
//
// The mdf translation driver: upstream translations plus mdf's importers
// and exporters. Unlike mlir-translate it never writes over its input,
// writes its output only when the translation succeeded, and refuses MLIR
// text nested too deeply for the parser.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/Limits.h"
#include "mdf/Support/LineLimitedStream.h"
#include "mdf/Support/OutputFiles.h"
#include "mdf/Support/ToolOptions.h"
#include "mdf/Tools/Registration.h"
#include "mdf/Tools/TranslationRegistration.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace llvm;

static int fail(const Twine &message) {
  errs() << "mdf-translate: error: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // LLVM's back-end flags under --help-hidden; --help shows the driver's.
  mdf::hideOptionsRegisteredSoFar();
  mdf::registerAllTranslations();
  static cl::opt<std::string> inputPath(cl::Positional,
                                        cl::desc("<input file>"),
                                        cl::init("-"));
  static cl::opt<std::string> outputPath(
      "o", cl::desc("Output file (written only when the translation "
                    "succeeds; never the input)"),
      cl::value_desc("filename"), cl::init("-"));
  static cl::opt<bool> allowUnregistered(
      "allow-unregistered-dialect",
      cl::desc("Allow operations of dialects that are not registered"));
  static cl::opt<bool> verifyDiagnostics(
      "verify-diagnostics",
      cl::desc("Check that the diagnostics match expected-* lines in the "
               "input"));
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerTranslationCLOptions();
  static cl::opt<const Translation *, false, TranslationParser> translation(
      "", cl::desc("Translation to perform"), cl::Required);
  cl::ParseCommandLineOptions(argc, argv, "mdf translation driver\n");

  mdf::OutputFiles files;
  std::string error;
  files.addInput(inputPath);
  if (llvm::Error declared = files.declare(outputPath, "the output"))
    return fail(llvm::toString(std::move(declared)));
  std::optional<Align> alignment = translation->getInputAlignment();
  std::unique_ptr<MemoryBuffer> input =
      alignment ? openInputFile(inputPath, *alignment, &error)
                : openInputFile(inputPath, &error);
  if (!input)
    return fail(error);
  if (sys::path::extension(inputPath) == ".mlir")
    if (Error nesting = mdf::checkMLIRNesting(input->getBuffer()))
      return fail(inputPath + ":" + toString(std::move(nesting)));
  llvm::Expected<llvm::raw_pwrite_stream *> osOpened = files.open(outputPath);
  if (!osOpened)
    return fail(llvm::toString(osOpened.takeError()));
  raw_pwrite_stream *os = *osOpened;

  MLIRContext context;
  context.allowUnregisteredDialects(allowUnregistered);
  context.printOpOnDiagnostic(!verifyDiagnostics);
  auto sourceMgr = std::make_shared<SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(input), SMLoc());
  LogicalResult result = success();
  if (verifyDiagnostics) {
    SourceMgrDiagnosticVerifierHandler handler(*sourceMgr, &context);
    (void)(*translation)(sourceMgr, *os, &context);
    result = handler.verify();
  } else {
    mdf::LineLimitedStream diagnosticStream(errs());
    SourceMgrDiagnosticHandler handler(*sourceMgr, &context,
                                       diagnosticStream);
    result = (*translation)(sourceMgr, *os, &context);
  }
  if (failed(result))
    return 1;
  if (llvm::Error committed = files.commit())
    return fail(llvm::toString(std::move(committed)));
  return 0;
}
