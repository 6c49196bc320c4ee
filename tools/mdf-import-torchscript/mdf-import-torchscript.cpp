//===- mdf-import-torchscript.cpp - the process that loads LibTorch -------===//
//
// The mdf tools' TorchScript importer, in a process of its own: the only
// program of mdf that links LibTorch. A tool that reads a .pt file runs
//
//   mdf-import-torchscript --records MODEL.pt --input-type=TYPE
//       --input-label=LABEL ...
//
// and reads back the records of ImporterProtocol.h from its standard
// output: the diagnostics, then the module as bytecode. A crash of LibTorch
// on a damaged file ends this process only; the tool reports it. Run by a
// person (without --records), it prints the module as MLIR text and the
// diagnostics as usual; `mdf-translate --import-torchscript` is the
// documented way to do that.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Target/TorchScript/LibTorchImporter.h"
#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <unistd.h>

using namespace mlir;

static int usage(const char *message) {
  llvm::errs() << "mdf-import-torchscript: " << message
               << "\nusage: mdf-import-torchscript [--records] MODEL.pt "
                  "[--input-type=TENSOR-TYPE [--input-label=TEXT]]...\n"
                  "(the mdf tools run this; people use mdf-translate "
                  "--import-torchscript)\n";
  return 2;
}

int main(int argc, char **argv) {
  bool records = false;
  const char *path = nullptr;
  std::vector<std::string> typeTexts, labels;
  for (int index = 1; index < argc; ++index) {
    llvm::StringRef arg = argv[index];
    if (arg == "--records")
      records = true;
    else if (arg.consume_front("--input-type="))
      typeTexts.push_back(arg.str());
    else if (arg.consume_front("--input-label="))
      labels.push_back(arg.str());
    else if (arg.starts_with("-"))
      return usage(("unknown option '" + arg + "'").str().c_str());
    else if (path)
      return usage("more than one model given");
    else
      path = argv[index];
  }
  if (!path)
    return usage("no model given");

  mlir::mdf::prepareProcessForLibTorch();
  MLIRContext context(MLIRContext::Threading::DISABLED);
  context.loadDialect<mdf::MDFDialect>();
  SmallVector<RankedTensorType> types;
  for (const std::string &text : typeTexts) {
    auto type = llvm::dyn_cast_or_null<RankedTensorType>(
        parseType(text, &context));
    if (!type)
      return usage(("'" + text + "' is not a ranked tensor type").c_str());
    types.push_back(type);
  }

  int status = 1;
  if (records) {
    // Only records go to stdout; what LibTorch prints itself goes to
    // stderr.
    status = mdf::importTorchScriptToRecords(STDOUT_FILENO, path, types,
                                             &context, labels);
  } else if (OwningOpRef<ModuleOp> module = mdf::importTorchScriptInProcess(
                 path, types, &context, labels)) {
    module->print(llvm::outs());
    status = 0;
  }
  llvm::outs().flush();
  llvm::errs().flush();
  // The model's tensors and LibTorch's state go with the process.
  ::_exit(status);
}
