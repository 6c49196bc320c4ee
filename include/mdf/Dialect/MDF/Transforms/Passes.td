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

def MDFOutlineNodes : Pass<"mdf-outline-nodes", "ModuleOp"> {
  let summary = "Turn the nodes and edges of an MDF graph into step functions";
  let description = [{
    Replaces every `mdf.model` with plain functions over tensors that a
    runtime scheduler calls (mdf-run does): for graph G (counted from 0) and
    its node N, `@mdf_gG_nN`, and for its edge E, `@mdf_gG_eE`.

    A node function takes `(first, stepping, dt, inputs..., parameters...)`
    and returns `(outputs..., parameters...)`: `first` is 1.0 on the node's
    first evaluation (stateful parameters start from their initial values),
    `stepping` is 1.0 when the caller gives a time step `dt` (time
    derivatives integrate by forward Euler; without a time step they are
    re-initialised), inputs and outputs follow the node's ports and
    parameters its parameters, all in file order. In one evaluation the
    functions run in dependency order, then the parameters in file order,
    each seeing the new values of the ones before it and the previous values
    of itself and the ones after it; parameter conditions apply in order as
    `where(test, value, current)`; then the output ports are computed.

    An edge function maps the sender's output to the receiver's input:
    `weight * value` broadcast to the port's type.

    With `entry-function=NAME` the pass also builds a function NAME that
    evaluates the first graph once, as a plain function for ahead-of-time
    compilation (`mdf-compile model.json`): its arguments are the input
    ports no edge feeds and its results every output port, both in file
    order; each node runs once, in the order of the edges (first = 1, no
    time step), each edge feeding its receiver. The node and edge functions
    become private. Graphs with a cycle of edges, or with scheduling
    conditions, are reported as errors (their meaning depends on the
    scheduler: use mdf-run).

    Example: `mdf.node "n"` with one input port, one parameter and one
    output port becomes
    `func.func @mdf_g0_n0(%first: tensor<f64>, %stepping: tensor<f64>,
    %dt: tensor<f64>, %in: tensor<f64>, %p: tensor<f64>)
    -> (tensor<f64>, tensor<f64>)`.
  }];
  let options = [
    Option<"entryFunction", "entry-function", "std::string", /*default=*/"",
           "Also build a function of this name that evaluates the first "
           "graph once">
  ];
  let dependentDialects = ["::mlir::mdf::MDFDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def MDFWidenHalfFloats : Pass<"mdf-widen-half-floats", "func::FuncOp"> {
  let summary = "Compute f16 and bf16 models in f32";
  let description = [{
    Models with half-precision weights or inputs (`f16`, `bf16`) compute
    in `f32`: every `f16`/`bf16` tensor inside the function becomes `f32`
    (constants are converted exactly, op result types widened), the
    function's half-precision arguments are cast to `f32` on entry and its
    half-precision results are rounded back (round to nearest even) right
    before they are returned. The function's signature, and so the C ABI,
    keeps the half-precision types.

    This rounds once, at the end, where PyTorch's CPU kernels round each
    operator's result to the half type: results agree with PyTorch to the
    half type's precision (about 1e-3 relative for f16, 1e-2 for bf16),
    and are usually closer to the exact value. An explicit cast to a
    half type inside the model (`x.half()`) becomes a no-op.

    Example:
    ```mlir
    func.func @f(%x: tensor<4xf16>) -> tensor<4xf16> {
      %0 = mdf.relu %x : tensor<4xf16>
      return %0 : tensor<4xf16>
    }
    ```
    becomes
    ```mlir
    func.func @f(%x: tensor<4xf16>) -> tensor<4xf16> {
      %0 = mdf.cast %x : tensor<4xf16> -> tensor<4xf32>
      %1 = mdf.relu %0 : tensor<4xf32>
      %2 = mdf.cast %1 : tensor<4xf32> -> tensor<4xf16>
      return %2 : tensor<4xf16>
    }
    ```
  }];
}

#endif // MDF_DIALECT_MDF_TRANSFORMS_PASSES_TD
