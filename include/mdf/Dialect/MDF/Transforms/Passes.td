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

#endif // MDF_DIALECT_MDF_TRANSFORMS_PASSES_TD
