//===- MDFContractionOps.td - matmul, gemm and conv ops ---*- tablegen -*-===//
//
// Ops that contract over a dimension: matrix products and convolutions.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFCONTRACTIONOPS_TD
#define MDF_DIALECT_MDF_IR_MDFCONTRACTIONOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"

def MDF_MatMulOp : MDF_InferredOp<"matmul", "inferMatMulOpType",
    [AllElementTypesMatch<["lhs", "rhs", "result"]>]> {
  let summary = "matrix product with numpy semantics";
  let description = [{
    numpy's `matmul` (MDF `MatMul`, ONNX `MatMul`, PyTorch `matmul`): for
    2-D operands the matrix product; operands of rank > 2 are stacks of
    matrices whose leading (batch) dimensions broadcast; a 1-D `lhs` is a row
    vector and a 1-D `rhs` a column vector, the added dimension being removed
    from the result.

    Example:

    ```mlir
    %c = mdf.matmul %a, %b
        : (tensor<8x12x197x64xf32>, tensor<8x12x64x197xf32>) -> tensor<8x12x197x197xf32>
    ```
  }];
  let arguments = (ins MDF_NumericTensor:$lhs, MDF_NumericTensor:$rhs);
  let results = (outs MDF_NumericTensor:$result);
  let assemblyFormat =
    "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def MDF_GemmOp : MDF_InferredOp<"gemm", "inferGemmOpType",
    [AllElementTypesMatch<["a", "b", "result"]>]> {
  let summary = "general matrix multiply: alpha * A' B' + beta * C";
  let description = [{
    ONNX's `Gemm`: `alpha * A' * B' + beta * C`, where `A'` is `A`
    transposed when `trans_a` is set (likewise `B'`) and the optional `C`
    broadcasts to the `M x N` result. PyTorch's `nn.Linear` is
    `gemm(x, weight, bias) {trans_b}`.

    Example:

    ```mlir
    %y = mdf.gemm %x, %w, %b {trans_b}
        : (tensor<1x512xf32>, tensor<1000x512xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins 2DTensorOf<[F32, F64, F16, BF16]>:$a, 2DTensorOf<[F32, F64, F16, BF16]>:$b,
                   Optional<MDF_FloatTensor>:$c,
                   DefaultValuedAttr<F64Attr, "1.0">:$alpha,
                   DefaultValuedAttr<F64Attr, "1.0">:$beta,
                   UnitAttr:$trans_a, UnitAttr:$trans_b);
  let results = (outs 2DTensorOf<[F32, F64, F16, BF16]>:$result);
  let assemblyFormat = "$a `,` $b (`,` $c^)? attr-dict `:` "
                       "functional-type(operands, results)";
}

def MDF_ConvOp : MDF_InferredOp<"conv", "inferConvOpType",
    [AllElementTypesMatch<["input", "weight", "result"]>]> {
  let summary = "grouped, strided, dilated N-D convolution (cross-correlation)";
  let description = [{
    ONNX's `Conv` / PyTorch's `convolution` over 1, 2 or 3 spatial
    dimensions. `input` is `N x C x D1 x ...`, `weight` is
    `F x C/groups x K1 x ...`, the optional `bias` has `F` elements.
    Per spatial dimension `i`, `strides[i]` and `dilations[i]` (default 1) and
    `pads[i]` / `pads[i + rank]` (padding before / after, default 0) give the
    output size `floor((D + pad_before + pad_after - dilation * (K - 1) - 1)
    / stride) + 1`. `groups` (default 1) must divide both `C` and `F`;
    depthwise convolution is `groups = C`.

    Example:

    ```mlir
    %y = mdf.conv %x, %w, %b {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>}
        : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input, MDF_FloatTensor:$weight,
                   Optional<MDF_FloatTensor>:$bias,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$strides,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$pads,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs MDF_FloatTensor:$result);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` "
                       "functional-type(operands, results)";
}

#endif // MDF_DIALECT_MDF_IR_MDFCONTRACTIONOPS_TD
