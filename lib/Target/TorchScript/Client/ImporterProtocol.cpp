//===- ImporterProtocol.cpp - records between helper and tools ---*- C++ -*-===//
//
// This file implements writing and replaying the records that
// mdf-import-torchscript sends back to the tool that ran it.
//
//===----------------------------------------------------------------------===//

#include "mdf/Target/TorchScript/ImporterProtocol.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <cerrno>
#include <sys/wait.h>
#include <unistd.h>

using namespace mlir;
using namespace mlir::mdf;

static void writeRecord(llvm::raw_ostream &os, char kind,
                        llvm::StringRef payload) {
  char length[8];
  llvm::support::endian::write64le(length, payload.size());
  os << kind;
  os.write(length, sizeof(length));
  os << payload;
}

/// The file, line and column of `location`'s first file position.
static void describeLocation(Location location, llvm::raw_ostream &os) {
  FileLineColLoc position;
  location->walk([&](Location inner) {
    if (auto file = dyn_cast<FileLineColLoc>(inner)) {
      position = file;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (position)
    os << position.getFilename().getValue() << '\0' << position.getLine()
       << '\0' << position.getColumn() << '\0';
  else
    os << '\0' << 0 << '\0' << 0 << '\0';
}

static void writeOne(llvm::raw_ostream &os, char severity,
                     const Diagnostic &diagnostic) {
  std::string payload;
  llvm::raw_string_ostream body(payload);
  body << severity;
  describeLocation(diagnostic.getLocation(), body);
  body << diagnostic.str();
  writeRecord(os, 'D', payload);
}

void torchscript::writeDiagnosticRecords(llvm::raw_ostream &os,
                                         const Diagnostic &diagnostic) {
  char severity = 'e';
  switch (diagnostic.getSeverity()) {
  case DiagnosticSeverity::Error:
    severity = 'e';
    break;
  case DiagnosticSeverity::Warning:
    severity = 'w';
    break;
  case DiagnosticSeverity::Remark:
    severity = 'r';
    break;
  case DiagnosticSeverity::Note:
    severity = 'n';
    break;
  }
  writeOne(os, severity, diagnostic);
  for (const Diagnostic &note : diagnostic.getNotes())
    writeOne(os, 'n', note);
}

namespace {
/// A stream that only counts what is written to it.
class CountingStream : public llvm::raw_ostream {
public:
  CountingStream() : llvm::raw_ostream(/*unbuffered=*/true) {}

private:
  void write_impl(const char *, size_t size) override { count += size; }
  uint64_t current_pos() const override { return count; }
  uint64_t count = 0;
};
} // namespace

LogicalResult torchscript::writeModuleRecord(llvm::raw_ostream &os,
                                             ModuleOp module) {
  // The record starts with its length, so the bytecode is written twice:
  // counted first, then straight to `os`. Building it in a string instead
  // copied the weights once per doubling of the string.
  CountingStream counter;
  if (failed(writeBytecodeToFile(module, counter)))
    return failure();
  char length[8];
  llvm::support::endian::write64le(length, counter.tell());
  os << 'M';
  os.write(length, sizeof(length));
  uint64_t start = os.tell();
  if (failed(writeBytecodeToFile(module, os)))
    return failure();
  return success(os.tell() - start == counter.tell());
}

/// Replays one 'D' record; `last` is the diagnostic a note belongs to.
static LogicalResult replayDiagnostic(llvm::StringRef payload,
                                      MLIRContext *context,
                                      std::optional<InFlightDiagnostic> &last) {
  if (payload.empty())
    return failure();
  char severity = payload.front();
  SmallVector<llvm::StringRef, 4> fields;
  payload.drop_front().split(fields, '\0', /*MaxSplit=*/3);
  unsigned line = 0, column = 0;
  if (fields.size() != 4 || fields[1].getAsInteger(10, line) ||
      fields[2].getAsInteger(10, column))
    return failure();
  Location location =
      fields[0].empty()
          ? Location(UnknownLoc::get(context))
          : Location(FileLineColLoc::get(context, fields[0], line, column));
  llvm::StringRef message = fields[3];
  if (severity == 'n') {
    if (last)
      last->attachNote(location) << message;
    return success();
  }
  last.reset(); // reports the diagnostic before, with its notes
  switch (severity) {
  case 'e':
    last.emplace(emitError(location));
    break;
  case 'w':
    last.emplace(emitWarning(location));
    break;
  case 'r':
    last.emplace(emitRemark(location));
    break;
  default:
    return failure();
  }
  *last << message;
  return success();
}

LogicalResult torchscript::replayDiagnosticRecords(llvm::StringRef records,
                                                   MLIRContext *context) {
  std::optional<InFlightDiagnostic> last;
  while (!records.empty()) {
    if (records.size() < 9)
      return failure();
    char kind = records.front();
    uint64_t length = llvm::support::endian::read64le(records.data() + 1);
    records = records.drop_front(9);
    if (length > records.size())
      return failure();
    llvm::StringRef payload = records.take_front(length);
    records = records.drop_front(length);
    if (kind != 'D' || failed(replayDiagnostic(payload, context, last)))
      return failure();
  }
  return success();
}

/// Reads exactly `size` bytes; false at the end of the stream or on an
/// error.
static bool readExactly(int fd, char *data, size_t size) {
  while (size > 0) {
    ssize_t count = ::read(fd, data, size);
    if (count < 0 && errno == EINTR)
      continue;
    if (count <= 0)
      return false;
    data += count;
    size -= count;
  }
  return true;
}

namespace {
/// What the helper wrote: its diagnostic records, and the module's
/// bytecode read straight into a buffer aligned as bytecode needs (the
/// weights' blobs are then used in place, not copied).
struct HelperOutput {
  std::string diagnostics;
  std::unique_ptr<llvm::MemoryBuffer> bytecode;
  bool readable = true;
};
} // namespace

static void readHelperOutput(int fd, StringRef path, HelperOutput &output) {
  char header[9];
  while (readExactly(fd, header, sizeof(header))) {
    uint64_t length = llvm::support::endian::read64le(header + 1);
    if (header[0] == 'M' && !output.bytecode &&
        length <= (uint64_t(1) << 42)) {
      std::unique_ptr<llvm::WritableMemoryBuffer> buffer =
          llvm::WritableMemoryBuffer::getNewUninitMemBuffer(length, path,
                                                            llvm::Align(64));
      if (!buffer || !readExactly(fd, buffer->getBufferStart(), length)) {
        output.readable = false;
        break;
      }
      output.bytecode = std::move(buffer);
      continue;
    }
    if (header[0] != 'D' || length > (1u << 24)) {
      output.readable = false;
      break;
    }
    size_t start = output.diagnostics.size();
    output.diagnostics.append(header, sizeof(header));
    output.diagnostics.resize(start + sizeof(header) + length);
    if (!readExactly(fd, output.diagnostics.data() + start + sizeof(header),
                     length)) {
      output.readable = false;
      break;
    }
  }
  // Whatever follows a malformed record is drained, so that the helper
  // never blocks on a full pipe.
  char chunk[1 << 16];
  while (true) {
    ssize_t count = ::read(fd, chunk, sizeof(chunk));
    if (count < 0 && errno == EINTR)
      continue;
    if (count <= 0)
      break;
    output.readable = false;
  }
}

OwningOpRef<ModuleOp>
torchscript::receiveImportedModule(int fd, int child, StringRef path,
                                   StringRef importer, MLIRContext *context) {
  Location fileLoc = FileLineColLoc::get(context, path, 0, 0);
  HelperOutput output;
  readHelperOutput(fd, path, output);
  ::close(fd);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  bool readable = output.readable &&
                  succeeded(torchscript::replayDiagnosticRecords(
                      output.diagnostics, context));
  if (WIFSIGNALED(status)) {
    const char *name = ::sigabbrev_np(WTERMSIG(status));
    emitError(fileLoc) << "LibTorch crashed (signal SIG"
                       << (name ? name : "?") << ") while reading '" << path
                       << "': the file is damaged or was not written by "
                          "torch.jit.save";
    return nullptr;
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 1 && readable)
    return nullptr; // the importer said why
  if (code != 0 || !readable || !output.bytecode) {
    emitError(fileLoc) << importer << " stopped with status " << code
                       << (readable ? "" : " and unreadable output")
                       << " while reading '" << path << "'";
    return nullptr;
  }
  // The weights' blobs point into the buffer, which the source manager
  // keeps alive as long as they are used.
  auto sourceMgr = std::make_shared<llvm::SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(output.bytecode), llvm::SMLoc());
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(context));
  if (!module)
    emitError(fileLoc) << "cannot read back the imported module of '" << path
                       << "'";
  return module;
}

