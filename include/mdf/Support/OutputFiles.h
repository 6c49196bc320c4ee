//===- OutputFiles.h - all-or-nothing outputs of a tool run -----*- C++ -*-===//
//
// The output discipline every mdf tool follows:
//   - an output that is one of the command's inputs is refused before
//     anything is read or written;
//   - each output is written to a temporary file in its own folder and
//     renamed into place only when the whole command has succeeded;
//   - when any step fails, no output file is left behind;
//   - write errors name the file (no `LLVM ERROR: IO failure`).
//
// Outputs that are not regular files (`-` for stdout, /dev/null, a pipe)
// are written directly.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_OUTPUTFILES_H
#define MDF_SUPPORT_OUTPUTFILES_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>
#include <vector>

namespace mlir::mdf {

class OutputFiles {
public:
  OutputFiles() = default;
  OutputFiles(const OutputFiles &) = delete;
  OutputFiles &operator=(const OutputFiles &) = delete;
  /// Removes every temporary file not committed.
  ~OutputFiles();

  /// Records a file the command reads (`-` and missing files are ignored).
  void addInput(StringRef path);

  /// Declares an output before anything is written. Fails when `path` is
  /// one of the inputs, an output declared before (`what` names the
  /// earlier one), or a folder. `what` says what the file is for messages
  /// ("the header", "--output 1").
  llvm::Error declare(StringRef path, StringRef what);

  /// Opens the declared output `path` for writing: a temporary file next to
  /// it for a regular file, the file itself otherwise.
  llvm::Expected<llvm::raw_pwrite_stream *> open(StringRef path);

  /// A temporary path next to the declared output `path` for a program
  /// that writes the file itself (a linker); renamed into place by commit.
  llvm::Expected<std::string> reservePath(StringRef path);

  /// Flushes and closes every stream, checks for write errors, then renames
  /// each temporary file into place. On failure nothing is left behind and
  /// the error names the file.
  llvm::Error commit();

  /// Removes every temporary file now.
  void discard();

private:
  struct Output {
    std::string path, what, tempPath;
    std::unique_ptr<llvm::raw_fd_ostream> stream;
    bool direct = false;
  };
  Output *find(StringRef path);
  bool declareOrSay(StringRef path, StringRef what, std::string &error);
  llvm::raw_pwrite_stream *openOrSay(StringRef path, std::string &error);
  bool reservePathOrSay(StringRef path, std::string &tempPath,
                        std::string &error);
  bool commitOrSay(std::string &error);

  std::vector<std::string> inputs;
  std::vector<Output> outputs;
};

/// The absolute, dot-free spelling of `path` (for comparing paths of files
/// that do not exist yet).
llvm::SmallString<256> normalizedPath(StringRef path);

} // namespace mlir::mdf

#endif // MDF_SUPPORT_OUTPUTFILES_H
