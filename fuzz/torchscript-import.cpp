//===- torchscript-import.cpp - fuzz the TorchScript importer -------------===//
//
// The input is the entries of a .pt archive, each written as
//   [name length: 1 byte][name][data length: 4 bytes, little endian][data];
// the target writes them into a real zip with LibTorch's own writer (so the
// checksums are right and the mutations reach the readers of each entry),
// then imports it with a 2x4 input, as mdf-translate does. The seeds are
// the entries of small real models (fuzz/corpus/torchscript-import).
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "QuietContext.h"
#include "mdf/Target/TorchScript/LibTorchImporter.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <caffe2/serialize/inline_container.h>
#include <unistd.h>

using namespace mlir;

/// Builds the archive; false when the input does not split into entries.
static bool writeArchive(const uint8_t *data, size_t size,
                         const std::string &path) {
  std::string zip;
  try {
    caffe2::serialize::PyTorchStreamWriter writer(
        [&](const void *bytes, size_t count) -> size_t {
          zip.append(static_cast<const char *>(bytes), count);
          return count;
        });
    size_t at = 0;
    while (at < size) {
      size_t nameLength = data[at++];
      if (at + nameLength + 4 > size)
        return false;
      std::string name(reinterpret_cast<const char *>(data + at), nameLength);
      at += nameLength;
      uint32_t length = data[at] | data[at + 1] << 8 | data[at + 2] << 16 |
                        uint32_t(data[at + 3]) << 24;
      at += 4;
      if (length > size - at || name.empty() || name == "version")
        return false;
      writer.writeRecord(name, data + at, length);
      at += length;
    }
    writer.writeEndOfFile();
  } catch (...) {
    return false;
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return false;
  os << zip;
  return true;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static MLIRContext *context = createQuietContext<mdf::MDFDialect>();
  static std::string path =
      "/tmp/mdf-fuzz-" + std::to_string(getpid()) + ".pt";
  if (!writeArchive(data, size, path))
    return 0;
  auto type = RankedTensorType::get({2, 4}, Float32Type::get(context));
  OwningOpRef<ModuleOp> module = mdf::importTorchScriptInChildProcess(path, {type}, context);
  return 0;
}
