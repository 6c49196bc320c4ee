//===- Passes.h - the CPU back end's passes ---------------------*- C++ -*-===//
//
// Declares the passes of the CPU back end (see Passes.td) and their
// registration.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_BACKEND_CPU_PASSES_H
#define MDF_BACKEND_CPU_PASSES_H

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
#include "mdf/Backend/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mdf/Backend/CPU/Passes.h.inc"

} // namespace mlir::mdf

#endif // MDF_BACKEND_CPU_PASSES_H
