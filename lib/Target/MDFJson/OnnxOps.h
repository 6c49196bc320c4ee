//===- OnnxOps.h - ONNX ops as MDF functions ---------------------*- C++ -*-===//
//
// MDF calls an ONNX op as a function `onnx::<Op>` whose `args` are the op's
// inputs, named as the ONNX operator schema names them (`A`/`B` for Add,
// `input` for Sin, `X`/`W`/`B` for Conv), and whose ONNX attributes are
// parameters of the node (`kernel_shape`, `axis`, ...). This file is the
// one table of those ops: each entry gives the schema's inputs, how the
// importer builds mdf ops for it, and how the exporter writes an mdf op
// back as one.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_TARGET_MDFJSON_ONNXOPS_H
#define MDF_LIB_TARGET_MDFJSON_ONNXOPS_H

#include "ExpressionEmitter.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>
#include <vector>

namespace mlir::mdf {

/// What an ONNX op's import sees of its call.
struct OnnxCallSite {
  ExpressionEmitter &emitter;
  OpBuilder &builder;
  Location loc;
  /// The arguments in file order; a variadic input (Concat's `inputs`)
  /// appears once per element.
  ArrayRef<std::pair<std::string, Value>> args;
  /// The value of an argument when it is known at import time.
  llvm::function_ref<std::optional<OnnxLiteral>(Value)> literalOf;
  /// The ONNX attribute `name`: a node parameter of that name (or one an
  /// argument of that name refers to) with a value known at import time.
  llvm::function_ref<std::optional<OnnxLiteral>(StringRef)> attribute;
};

/// Whether `op` (without `onnx::`) is in the table.
bool isKnownOnnxOp(StringRef op);

/// Whether input `name` of `op` takes a list of values (Concat's `inputs`,
/// Sum's `data_0`), written in MDF as a Python list of names.
bool isVariadicOnnxInput(StringRef op, StringRef name);

/// Emits the mdf ops computing `onnx::<op>`; on failure a diagnostic was
/// emitted.
FailureOr<Value> emitOnnxOp(StringRef op, const OnnxCallSite &site);

/// How one compute op is written as an ONNX function.
struct OnnxForm {
  std::string function;
  /// The argument name of each operand, in order. With `variadic`, every
  /// operand belongs to one list-valued argument `variadicName`.
  SmallVector<std::string> args;
  bool variadic = false;
  std::string variadicName;
  /// ONNX attributes, written as parameters.
  SmallVector<std::pair<std::string, Attribute>> attributes;
};

/// The ONNX form of `op`, or failure when it has none.
FailureOr<OnnxForm> getOnnxForm(Operation *op);

/// The mdf ops that have an ONNX form, for messages.
StringRef getExportableOpNames();

} // namespace mlir::mdf

#endif // MDF_LIB_TARGET_MDFJSON_ONNXOPS_H
