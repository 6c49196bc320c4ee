//===- MDFShapeOps.td - shape and data-movement ops -------*- tablegen -*-===//
//
// Ops that move data without arithmetic: reshapes, permutations, slices,
// concatenation, gathers, padding, broadcasts, and constants.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFSHAPEOPS_TD
#define MDF_DIALECT_MDF_IR_MDFSHAPEOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"

def MDF_ConstantOp : MDF_Op<"constant", [ConstantLike,
    AllTypesMatch<["value", "result"]>]> {
  let summary = "tensor constant";
  let description = [{
    A tensor whose elements `value` holds: a `dense` literal, or a
    `dense_resource` blob for large weights so they are neither printed nor
    copied.

    Example:

    ```mlir
    %w = mdf.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
    %big = mdf.constant dense_resource<conv1_weight> : tensor<64x3x7x7xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let builders = [
    OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
      build($_builder, $_state, value.getType(), value);
    }]>];
  let hasFolder = 1;
}

def MDF_ReshapeOp : MDF_InferredOp<"reshape", "inferReshapeOpType",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "gives the elements a new shape, in row-major order";
  let description = [{
    Reinterprets `input` with the dimensions in `shape`; one entry may be
    -1, standing for whatever size keeps the element count (dynamic when it
    cannot be computed). Reshaping to the operand's own static type folds
    away, and a reshape of a reshape folds into one.

    Example:

    ```mlir
    %y = mdf.reshape %x {shape = array<i64: 1, -1>} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def MDF_FlattenOp : MDF_InferredOp<"flatten", "inferFlattenOpType",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "merges a range of dimensions into one";
  let description = [{
    PyTorch's `flatten`: merges dimensions `start_dim` to `end_dim`
    (inclusive; negative values count from the back; defaults 0 and -1)
    into one. A flatten that changes nothing folds away.

    Example:

    ```mlir
    %y = mdf.flatten %x {start_dim = 1 : i64} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input,
                   DefaultValuedAttr<I64Attr, "0">:$start_dim,
                   DefaultValuedAttr<I64Attr, "-1">:$end_dim);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def MDF_TransposeOp : MDF_InferredOp<"transpose", "inferTransposeOpType",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "permutes dimensions";
  let description = [{
    Result dimension `i` is input dimension `permutation[i]` (numpy
    `transpose`, PyTorch `permute`). The identity permutation folds away and
    two transposes in a row fold into one.

    Example:

    ```mlir
    %y = mdf.transpose %x {permutation = array<i64: 0, 2, 3, 1>}
        : tensor<1x96x56x56xf32> -> tensor<1x56x56x96xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def MDF_ConcatOp : MDF_InferredOp<"concat", "inferConcatOpType",
    [SameOperandsAndResultElementType]> {
  let summary = "joins tensors along one dimension";
  let description = [{
    Concatenates `inputs` along `axis` (negative counts from the back); all
    other dimensions must agree. A concatenation of one tensor folds to it.

    Example:

    ```mlir
    %y = mdf.concat %a, %b {axis = 1 : i64}
        : (tensor<1x64x28x28xf32>, tensor<1x32x28x28xf32>) -> tensor<1x96x28x28xf32>
    ```
  }];
  let arguments = (ins Variadic<MDF_AnyTensor>:$inputs, I64Attr:$axis);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasFolder = 1;
}

def MDF_SliceOp : MDF_InferredOp<"slice", "inferSliceOpType",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "strided slice along some dimensions";
  let description = [{
    ONNX's `Slice` with positive steps: along each dimension `axes[i]`
    (default: the first `len(starts)` dimensions) keeps the elements
    `starts[i], starts[i] + steps[i], ...` before `ends[i]`. Negative starts
    and ends count from the back, and both clamp to the dimension as in
    Python (so `ends = INT64_MAX` means "to the end"). `steps` default to 1.
    A slice that keeps everything folds away.

    Example:

    ```mlir
    %y = mdf.slice %x {axes = array<i64: 1>, ends = array<i64: 9223372036854775807>, starts = array<i64: 1>}
        : tensor<1x197x768xf32> -> tensor<1x196x768xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input,
                   DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$ends,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$axes,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$steps);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def MDF_GatherOp : MDF_InferredOp<"gather", "inferGatherOpType",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "picks slices of a tensor by index (embedding lookup)";
  let description = [{
    ONNX's `Gather`: indexes dimension `axis` of `input` with every element
    of `indices`; the result shape is `input.shape[:axis] + indices.shape +
    input.shape[axis+1:]`. Negative indices count from the back. An
    embedding lookup is a gather on axis 0 of the table.

    Example:

    ```mlir
    %e = mdf.gather %table, %ids {axis = 0 : i64}
        : (tensor<30522x768xf32>, tensor<2x16xi64>) -> tensor<2x16x768xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input, MDF_IndexTensor:$indices,
                   DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def MDF_PadOp : MDF_InferredOp<"pad", "inferPadOpType",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "pads with a constant";
  let description = [{
    Adds `pads[i]` elements before and `pads[i + rank]` after dimension `i`,
    all holding `value` (default 0). Padding by nothing folds away.

    Example:

    ```mlir
    %y = mdf.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>}
        : tensor<1x3x8x8xf32> -> tensor<1x3x10x10xf32>
    ```
  }];
  let arguments = (ins MDF_NumericTensor:$input, DenseI64ArrayAttr:$pads,
                   DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs MDF_NumericTensor:$result);
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def MDF_ExpandOp : MDF_InferredOp<"expand", "inferExpandOpType",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "broadcasts a tensor to a larger shape";
  let description = [{
    Broadcasts `input` to `shape` numpy style (PyTorch `expand`, ONNX
    `Expand`): dimensions align at the back, a size-1 dimension stretches,
    and -1 in `shape` keeps the input's size. Expanding to the operand's own
    type folds away.

    Example:

    ```mlir
    %y = mdf.expand %cls {shape = array<i64: 8, -1, -1>} : tensor<1x1x768xf32> -> tensor<8x1x768xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

#endif // MDF_DIALECT_MDF_IR_MDFSHAPEOPS_TD
