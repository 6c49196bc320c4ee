//===- ImporterClient.cpp - TorchScript import through the helper -*- C++ -*-===//
//
// This file implements `importTorchScript` for the tools: it runs the
// helper executable mdf-import-torchscript (the only program that loads
// LibTorch) on the model and reads the module and the diagnostics back, and
// the mdf-translate registration of `--import-torchscript`. Nothing here
// links LibTorch, so a tool starts in milliseconds and pays for LibTorch
// only when it reads a .pt file, in a process of its own that a crash of
// LibTorch cannot take down.
//
//===----------------------------------------------------------------------===//

#include "mdf/Target/TorchScript/TorchScriptImporter.h"
#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mdf/Support/HeapReuse.h"
#include "mdf/Support/InputSpec.h"
#include "mdf/Target/TorchScript/ImporterProtocol.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace mlir;
using namespace mlir::mdf;

std::string mlir::mdf::findTorchScriptImporter() {
  if (const char *path = std::getenv("MDF_TORCHSCRIPT_IMPORTER");
      path && *path)
    return path;
  std::string self = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  llvm::SmallString<256> path(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(path, "mdf-import-torchscript");
  return std::string(path);
}

/// Starts `argv` with its standard output into a pipe; returns the
/// child's pid and the pipe's reading end in `fd`, or -1 (with `error`
/// set) when it could not be started.
static pid_t spawnHelper(const std::vector<std::string> &argv, int &fd,
                         std::string &error) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error = std::strerror(errno);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::vector<char *> args;
  for (const std::string &arg : argv)
    args.push_back(const_cast<char *>(arg.c_str()));
  args.push_back(nullptr);
  // The helper copies the weights too: it runs with the heap tunables of
  // mdf/Support/HeapReuse.h.
  std::vector<std::string> environment;
  for (char **variable = environ; *variable; ++variable)
    if (std::strncmp(*variable, "GLIBC_TUNABLES=", 15) != 0)
      environment.push_back(*variable);
  environment.push_back("GLIBC_TUNABLES=" +
                        heapTunables(std::getenv("GLIBC_TUNABLES")));
  std::vector<char *> envp;
  for (std::string &variable : environment)
    envp.push_back(variable.data());
  envp.push_back(nullptr);
  pid_t child = 0;
  int spawned = ::posix_spawn(&child, argv[0].c_str(), &actions, nullptr,
                              args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (spawned != 0) {
    ::close(fds[0]);
    error = std::strerror(spawned);
    return -1;
  }
  fd = fds[0];
  return child;
}

OwningOpRef<ModuleOp>
mlir::mdf::importTorchScript(StringRef path,
                             ArrayRef<RankedTensorType> inputTypes,
                             MLIRContext *context,
                             ArrayRef<std::string> inputLabels) {
  context->loadDialect<MDFDialect, arith::ArithDialect, func::FuncDialect,
                       scf::SCFDialect, tensor::TensorDialect>();
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  std::string importer = findTorchScriptImporter();
  std::vector<std::string> argv = {importer, "--records", path.str()};
  for (auto [index, type] : llvm::enumerate(inputTypes)) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << type;
    argv.push_back("--input-type=" + text);
    if (index < inputLabels.size())
      argv.push_back("--input-label=" + inputLabels[index]);
    else
      argv.push_back("--input-label=--input-shape " + std::to_string(index));
  }
  llvm::outs().flush();
  llvm::errs().flush();
  std::string error;
  int fd = -1;
  pid_t child = spawnHelper(argv, fd, error);
  if (child == -1) {
    emitError(fileLoc) << "cannot run the TorchScript importer '" << importer
                       << "': " << error
                       << " (it is installed next to the mdf tools; "
                          "MDF_TORCHSCRIPT_IMPORTER names another)";
    return nullptr;
  }
  return torchscript::receiveImportedModule(
      fd, child, path, "the TorchScript importer '" + importer + "'",
      context);
}

void mlir::mdf::registerImportTorchScriptTranslation() {
  static llvm::cl::list<std::string> inputShapes(
      "input-shape",
      llvm::cl::desc("With --import-torchscript: the shape of one forward() "
                     "input, once per input in order: 1x3x224x224, "
                     "i64:2x16 (element type f32 unless prefixed by f64:, "
                     "i64:, i32: or i1:), '?' for a dynamic size"),
      llvm::cl::value_desc("[dtype:]shape"));
  static llvm::cl::opt<bool> emitBytecode(
      "emit-bytecode",
      llvm::cl::desc("With --import-torchscript: write MLIR bytecode, which "
                     "stores weights as raw bytes (smaller and much faster "
                     "for big models than hex in text)"),
      llvm::cl::init(false));
  static TranslateRegistration registration(
      "import-torchscript",
      "Import a TorchScript model (.pt from torch.jit.save) as mdf IR",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         llvm::raw_ostream &output, MLIRContext *context) -> LogicalResult {
        FailureOr<SmallVector<RankedTensorType>> inputTypes =
            parseInputSpecs(inputShapes, context);
        if (failed(inputTypes))
          return failure();
        StringRef path = sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID())
                             ->getBufferIdentifier();
        OwningOpRef<ModuleOp> module =
            importTorchScript(path, *inputTypes, context);
        if (!module)
          return failure();
        if (emitBytecode)
          return writeBytecodeToFile(*module, output);
        module->print(output);
        return success();
      });
}
