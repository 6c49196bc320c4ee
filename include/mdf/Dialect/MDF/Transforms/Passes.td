//===- Passes.td - mdf dialect passes ---------------------*- tablegen -*-===//
//
// Passes that rewrite mdf IR before it is lowered.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_TRANSFORMS_PASSES_TD
#define MDF_DIALECT_MDF_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MDFInferShapes : Pass<"mdf-infer-shapes", "ModuleOp"> {
  let summary = "Refine mdf result types from the operand types";
  let description = [{
    mdf ops accept result types that are less static than their operands
    imply (a `?` where the size is known). This pass walks each function in
    order, gives every mdf result the type its op infers from its operands,
    and, when the function returns refined values, updates the function's
    result types.

    Use it after making a function's argument types more static, e.g. after
    pinning a dynamic batch size. Users that cannot take a new type (ops of
    other dialects, and the return of a function with callers) get the value
    through a `tensor.cast` to the type they saw before.

    Example: with `%x : tensor<1x4xf32>`,
    `mdf.relu %x : tensor<1x4xf32>` feeding
    `mdf.reshape %r {shape = array<i64: -1>} : tensor<1x4xf32> -> tensor<?xf32>`
    gets the result type `tensor<4xf32>`.
  }];
  let dependentDialects = ["::mlir::mdf::MDFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def MDFStridedCopiesToLinalg
    : Pass<"mdf-strided-copies-to-linalg", "func::FuncOp"> {
  let summary = "Turn memref.copy of non-contiguous buffers into linalg.copy";
  let description = [{
    The LLVM lowering of `memref.copy` calls the `memrefCopy` function of
    MLIR's C runner library when either side is not contiguous. Compiled
    models must not depend on that library, so this pass rewrites such
    copies into `linalg.copy`, which lowers to plain loops. Copies between
    contiguous buffers stay `memref.copy` (they become `memcpy`).

    Example: a `memref.copy` from a strided `memref.subview` becomes
    `linalg.copy ins(%subview) outs(%buffer)`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // MDF_DIALECT_MDF_TRANSFORMS_PASSES_TD
