//===- MDFPoolingOps.td - pooling ops ---------------------*- tablegen -*-===//
//
// Windowed and adaptive max/average pooling over spatial dimensions.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFPOOLINGOPS_TD
#define MDF_DIALECT_MDF_IR_MDFPOOLINGOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"

def MDF_MaxPoolOp : MDF_PoolOp<"max_pool", "inferMaxPoolOpType"> {
  let summary = "max pooling over sliding windows";
  let description = [{
    Takes the maximum of each `kernel_shape` window of the spatial dimensions
    (all but the first two) of `input`. `strides` default to 1, `pads`
    (before..., after...) to 0 and `dilations` to 1; padded cells never win.
    The output size per dimension is
    `(D + pad_before + pad_after - dilation * (K - 1) - 1) / stride + 1`,
    rounded down, or up with `ceil_mode`; with `ceil_mode` a last window that
    would start in the trailing padding is dropped (PyTorch's rule).

    Example:

    ```mlir
    %y = mdf.max_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
        : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input,
                   DenseI64ArrayAttr:$kernel_shape,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$strides,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$pads,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$dilations,
                   UnitAttr:$ceil_mode);
  let results = (outs MDF_FloatTensor:$result);
}

def MDF_AvgPoolOp : MDF_PoolOp<"avg_pool", "inferAvgPoolOpType"> {
  let summary = "average pooling over sliding windows";
  let description = [{
    Averages each `kernel_shape` window of the spatial dimensions (all but
    the first two) of `input`, with `strides`, `pads` and `ceil_mode` as for
    `mdf.max_pool`. Padded cells count in the divisor only with
    `count_include_pad` (cells past the padding, reached through
    `ceil_mode`, never count).

    Example:

    ```mlir
    %y = mdf.avg_pool %x {count_include_pad, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}
        : tensor<1x192x28x28xf32> -> tensor<1x192x28x28xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input,
                   DenseI64ArrayAttr:$kernel_shape,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$strides,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$pads,
                   UnitAttr:$ceil_mode, UnitAttr:$count_include_pad);
  let results = (outs MDF_FloatTensor:$result);
}

def MDF_AdaptiveMaxPoolOp : MDF_AdaptivePoolOp<"adaptive_max_pool", "max">;
def MDF_AdaptiveAvgPoolOp : MDF_AdaptivePoolOp<"adaptive_avg_pool", "average">;

#endif // MDF_DIALECT_MDF_IR_MDFPOOLINGOPS_TD
