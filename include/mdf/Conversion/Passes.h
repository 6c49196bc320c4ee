//===- Passes.h - mdf conversion passes -------------------------*- C++ -*-===//
//
// Declares the lowerings out of the mdf dialect and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_CONVERSION_PASSES_H
#define MDF_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::mdf {

#define GEN_PASS_DECL
#include "mdf/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mdf/Conversion/Passes.h.inc"

} // namespace mlir::mdf

#endif // MDF_CONVERSION_PASSES_H
