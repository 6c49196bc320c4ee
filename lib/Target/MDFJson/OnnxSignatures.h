//===- OnnxSignatures.h - ONNX ops' input names -----------------*- C++ -*-===//
//
// MDF calls an ONNX op with its inputs as `args` named as the ONNX operator
// schema names them (`A`/`B` for Add, `input` for Sin, `X`/`Y` for Pow).
// One table for the importer (which also accepts the older spellings mdf
// wrote before, such as `X` for Sin) and the exporter (which writes ONNX's).
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_TARGET_MDFJSON_ONNXSIGNATURES_H
#define MDF_LIB_TARGET_MDFJSON_ONNXSIGNATURES_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::mdf {

/// One input of an ONNX op: its schema name and an older name also read.
struct OnnxInput {
  StringRef name;
  StringRef alias; // empty when none
};

/// The inputs of `op` (without the `onnx::` prefix) in schema order, or an
/// empty list for ops the table does not hold.
ArrayRef<OnnxInput> getOnnxInputs(StringRef op);

} // namespace mlir::mdf

#endif // MDF_LIB_TARGET_MDFJSON_ONNXSIGNATURES_H
