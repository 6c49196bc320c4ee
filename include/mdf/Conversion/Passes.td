//===- Passes.td - mdf conversion passes ------------------*- tablegen -*-===//
//
// Lowerings out of the mdf dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_CONVERSION_PASSES_TD
#define MDF_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertMDFToLinalg : Pass<"convert-mdf-to-linalg", "func::FuncOp"> {
  let summary = "Lower mdf compute ops to linalg, tensor, arith and math";
  let description = [{
    Rewrites every mdf compute op into ops on tensors: named linalg ops
    where they exist (`linalg.matmul`, `linalg.conv_2d_nchw_fchw`,
    `linalg.conv_2d_ngchw_gfchw`, `linalg.pooling_nchw_max`/`_sum`,
    `linalg.transpose`), `linalg.generic` for elementwise math with
    broadcasting, batched products and reductions, and `tensor` ops for
    shape changes, slices, concatenation and padding. An op this pass cannot
    lower is reported with its name and location, and the pass fails.

    Example:

    ```mlir
    %y = mdf.relu %x : tensor<4xf32>
    ```
    becomes a `linalg.generic` whose body is `arith.maximumf %in, %zero`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // MDF_CONVERSION_PASSES_TD
