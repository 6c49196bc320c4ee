//===- Passes.h - mdf dialect passes ----------------------------*- C++ -*-===//
//
// Declares the passes that rewrite mdf IR and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_TRANSFORMS_PASSES_H
#define MDF_DIALECT_MDF_TRANSFORMS_PASSES_H

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::mdf {

#define GEN_PASS_DECL
#include "mdf/Dialect/MDF/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mdf/Dialect/MDF/Transforms/Passes.h.inc"

} // namespace mlir::mdf

#endif // MDF_DIALECT_MDF_TRANSFORMS_PASSES_H
