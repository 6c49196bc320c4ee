//===- OutputFiles.cpp - all-or-nothing outputs of a tool run -------------===//
//
// This file implements the output discipline of the mdf tools.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/OutputFiles.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"

using namespace mlir;
using namespace mlir::mdf;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

llvm::SmallString<256> mlir::mdf::normalizedPath(StringRef file) {
  llvm::SmallString<256> result(file);
  (void)fs::make_absolute(result);
  path::remove_dots(result, /*remove_dot_dot=*/true);
  return result;
}

/// Whether `file` exists and is something other than a regular file or a
/// folder (a device such as /dev/null, a pipe): written in place.
static bool isSpecialFile(StringRef file) {
  fs::file_status status;
  if (fs::status(file, status))
    return false;
  return status.type() != fs::file_type::regular_file &&
         status.type() != fs::file_type::directory_file;
}

OutputFiles::~OutputFiles() { discard(); }

void OutputFiles::addInput(StringRef file) {
  if (file != "-" && fs::exists(file))
    inputs.push_back(file.str());
}

OutputFiles::Output *OutputFiles::find(StringRef file) {
  for (Output &output : outputs)
    if (output.path == file)
      return &output;
  return nullptr;
}

bool OutputFiles::declareOrSay(StringRef file, StringRef what,
                               std::string &error) {
  auto quoted = [&] { return "'" + file.str() + "'"; };
  if (file.empty()) {
    error = what.str() + " has an empty file name";
    return false;
  }
  if (file == "-") {
    outputs.push_back({file.str(), what.str(), "", nullptr, true});
    return true;
  }
  if (fs::is_directory(file)) {
    error = "cannot write " + what.str() + " " + quoted() + ": it is a folder";
    return false;
  }
  for (const std::string &input : inputs) {
    if (fs::equivalent(input, file)) {
      error = what.str() + " " + quoted() + " is the input '" + input +
              "'; writing it would destroy the input (choose another path)";
      return false;
    }
  }
  llvm::SmallString<256> normalized = normalizedPath(file);
  for (const Output &output : outputs) {
    if (output.path != "-" && normalizedPath(output.path) == normalized) {
      error = what.str() + " " + quoted() + " is also " + output.what +
              " (give them different paths)";
      return false;
    }
  }
  llvm::SmallString<256> folder(normalized);
  path::remove_filename(folder);
  if (!fs::is_directory(folder)) {
    error = "cannot write " + what.str() + " " + quoted() + ": the folder '" +
            folder.str().str() + "' does not exist";
    return false;
  }
  outputs.push_back({file.str(), what.str(), "", nullptr, isSpecialFile(file)});
  return true;
}

/// Creates an empty temporary file next to `file`.
static bool createTemporary(StringRef file, int &fd, std::string &tempPath,
                            std::string &error) {
  llvm::SmallString<256> model(file);
  path::remove_filename(model);
  path::append(model, "." + path::filename(file) + ".tmp-%%%%%%");
  llvm::SmallString<256> created;
  if (std::error_code ec = fs::createUniqueFile(model, fd, created)) {
    error = "cannot write '" + file.str() + "': " + ec.message();
    return false;
  }
  tempPath = created.str().str();
  llvm::sys::RemoveFileOnSignal(tempPath);
  return true;
}

llvm::raw_pwrite_stream *OutputFiles::openOrSay(StringRef file,
                                                std::string &error) {
  Output *output = find(file);
  assert(output && "open() of an output that was not declared");
  if (output->stream)
    return output->stream.get();
  if (output->direct) {
    std::error_code ec;
    output->stream = std::make_unique<llvm::raw_fd_ostream>(file, ec);
    if (ec) {
      error = "cannot write '" + file.str() + "': " + ec.message();
      output->stream.reset();
      return nullptr;
    }
    return output->stream.get();
  }
  int fd;
  if (!createTemporary(file, fd, output->tempPath, error))
    return nullptr;
  output->stream = std::make_unique<llvm::raw_fd_ostream>(
      fd, /*shouldClose=*/true, /*unbuffered=*/false);
  return output->stream.get();
}

bool OutputFiles::reservePathOrSay(StringRef file, std::string &tempPath,
                              std::string &error) {
  Output *output = find(file);
  assert(output && "reservePath() of an output that was not declared");
  int fd;
  if (!createTemporary(file, fd, output->tempPath, error))
    return false;
  fs::closeFile(fd);
  tempPath = output->tempPath;
  return true;
}

bool OutputFiles::commitOrSay(std::string &error) {
  for (Output &output : outputs) {
    if (!output.stream)
      continue;
    if (output.path == "-")
      output.stream->flush();
    else
      output.stream->close();
    if (std::error_code ec = output.stream->error()) {
      error = "cannot write " + output.what + " '" + output.path +
              "': " + ec.message();
      output.stream->clear_error();
      discard();
      return false;
    }
  }
  for (Output &output : outputs) {
    if (output.tempPath.empty())
      continue;
    if (std::error_code ec = fs::rename(output.tempPath, output.path)) {
      error = "cannot write " + output.what + " '" + output.path +
              "': " + ec.message();
      discard();
      return false;
    }
    llvm::sys::DontRemoveFileOnSignal(output.tempPath);
    output.tempPath.clear();
  }
  return true;
}

void OutputFiles::discard() {
  for (Output &output : outputs) {
    if (output.stream) {
      if (output.path != "-")
        output.stream->close();
      // A failed write must not turn into a fatal error at destruction.
      output.stream->clear_error();
      output.stream.reset();
    }
    if (!output.tempPath.empty()) {
      fs::remove(output.tempPath);
      llvm::sys::DontRemoveFileOnSignal(output.tempPath);
      output.tempPath.clear();
    }
  }
}

llvm::Error OutputFiles::declare(StringRef file, StringRef what) {
  std::string error;
  if (!declareOrSay(file, what, error))
    return llvm::createStringError(error);
  return llvm::Error::success();
}

llvm::Expected<llvm::raw_pwrite_stream *> OutputFiles::open(StringRef file) {
  std::string error;
  llvm::raw_pwrite_stream *stream = openOrSay(file, error);
  if (!stream)
    return llvm::createStringError(error);
  return stream;
}

llvm::Expected<std::string> OutputFiles::reservePath(StringRef file) {
  std::string error, tempPath;
  if (!reservePathOrSay(file, tempPath, error))
    return llvm::createStringError(error);
  return tempPath;
}

llvm::Error OutputFiles::commit() {
  std::string error;
  if (!commitOrSay(error))
    return llvm::createStringError(error);
  return llvm::Error::success();
}
