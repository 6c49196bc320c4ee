//===- InputSpec.h - model input shapes from the command line --*- C++ -*-===//
//
// The `--input-shape` syntax the mdf tools share: `[dtype:]D0xD1x...`.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_INPUTSPEC_H
#define MDF_SUPPORT_INPUTSPEC_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"
#include <string>

namespace mlir::mdf {

/// Parses one `--input-shape` value: sizes separated by `x` (`?` for a
/// dynamic size, `scalar` for a 0-D tensor), optionally prefixed by an
/// element type and a colon: `1x3x224x224`, `i64:2x16`, `?x3`, `scalar`,
/// `f64:scalar` (or `f64:`). Element types: f32 (the default), f64, f16,
/// bf16, i64, i32, i1. An empty text and tensors above the limits of Limits.h are
/// refused, with a one-line reason.
llvm::Expected<RankedTensorType> parseInputSpec(StringRef text,
                                                MLIRContext *context);

/// The `--input-shape` spelling of `type` (what parseInputSpec reads back).
std::string formatInputSpec(RankedTensorType type);

/// Parses every `--input-shape` value; the first bad one is reported as an
/// error (naming it) through the context's diagnostics.
FailureOr<SmallVector<RankedTensorType>>
parseInputSpecs(ArrayRef<std::string> texts, MLIRContext *context);

} // namespace mlir::mdf

#endif // MDF_SUPPORT_INPUTSPEC_H
