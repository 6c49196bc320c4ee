//===- Npy.h - numpy .npy arrays --------------------------------*- C++ -*-===//
//
// Reading and writing the numpy .npy format (versions 1 to 3, C order) for
// the element types mdf supports.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_NPY_H
#define MDF_SUPPORT_NPY_H

#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include <string>
#include <vector>

namespace mlir::mdf {

/// An array: its type (shape and element type) and raw little-endian data.
struct NpyArray {
  RankedTensorType type;
  std::vector<char> data;
};

/// Reads `path`; the error is a one-line reason naming the file.
llvm::Expected<NpyArray> readNpy(StringRef path, MLIRContext *context);

/// Reads the .npy file held in `bytes` (`path` names it in messages).
llvm::Expected<NpyArray> parseNpy(StringRef bytes, StringRef path,
                                  MLIRContext *context);

/// Writes `array` in .npy format (version 1) to `os`.
void writeNpy(llvm::raw_ostream &os, const NpyArray &array);

/// The byte size of one element of `type`.
size_t getElementByteSize(Type type);

} // namespace mlir::mdf

#endif // MDF_SUPPORT_NPY_H
