//===- npy-reader.cpp - fuzz the .npy reader ------------------------------===//
//
// Any bytes as a .npy file: refused with a message, or read into an array
// whose data size matches its type (the property the JIT relies on).
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/Npy.h"
#include "mlir/IR/MLIRContext.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static MLIRContext *context = new MLIRContext();
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<mdf::NpyArray> parsed =
      mdf::parseNpy(bytes, "fuzz.npy", context);
  if (!parsed) {
    if (llvm::toString(parsed.takeError()).empty())
      __builtin_trap();
    return 0;
  }
  mdf::NpyArray &array = *parsed;
  size_t expected = array.type.getNumElements() *
                    mdf::getElementByteSize(array.type.getElementType());
  if (array.data.size() != expected)
    __builtin_trap();
  return 0;
}
