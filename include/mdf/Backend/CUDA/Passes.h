//===- Passes.h - the CUDA back end's passes --------------------*- C++ -*-===//
//
// Declares the passes of the CUDA back end (see Passes.td) and their
// registration.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_BACKEND_CUDA_PASSES_H
#define MDF_BACKEND_CUDA_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Pass/Pass.h"

namespace mlir::mdf {

#define GEN_PASS_DECL
#include "mdf/Backend/CUDA/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "mdf/Backend/CUDA/Passes.h.inc"

} // namespace mlir::mdf

#endif // MDF_BACKEND_CUDA_PASSES_H
