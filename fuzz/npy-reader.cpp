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
  mdf::NpyArray array;
  std::string error;
  if (!mdf::parseNpy(bytes, "fuzz.npy", context, array, error)) {
    if (error.empty())
      __builtin_trap();
    return 0;
  }
  size_t expected = array.type.getNumElements() *
                    mdf::getElementByteSize(array.type.getElementType());
  if (array.data.size() != expected)
    __builtin_trap();
  return 0;
}
