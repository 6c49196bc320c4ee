//===- MDFIndexingOps.td - data-dependent indexing ops -----*- tablegen -*-===//
//
// Ops whose reads or writes go where a tensor of indices says: elementwise
// gather and scatter, writing into a slice, sorting and running
// (cumulative) reductions.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFINDEXINGOPS_TD
#define MDF_DIALECT_MDF_IR_MDFINDEXINGOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"

def MDF_ScatterReduction : I64EnumAttr<"ScatterReduction",
    "how a scatter combines an update with the element it lands on", [
  I64EnumAttrCase<"none", 0>, I64EnumAttrCase<"add", 1>,
  I64EnumAttrCase<"mul", 2>, I64EnumAttrCase<"max", 3>,
  I64EnumAttrCase<"min", 4>]> {
  let cppNamespace = "::mlir::mdf";
}

def MDF_CumulativeKind : I64EnumAttr<"CumulativeKind",
    "the reduction a running (cumulative) op applies", [
  I64EnumAttrCase<"sum", 0>, I64EnumAttrCase<"prod", 1>,
  I64EnumAttrCase<"max", 2>, I64EnumAttrCase<"min", 3>]> {
  let cppNamespace = "::mlir::mdf";
}

def MDF_SliceScatterOp : MDF_InferredOp<"slice_scatter",
    "inferSliceScatterOpType",
    [AllElementTypesMatch<["input", "update", "result"]>]> {
  let summary = "writes a tensor into a strided slice of another";
  let description = [{
    The result is `input` with the elements that `mdf.slice` with the same
    `starts`, `ends`, `axes` and `steps` would read replaced by `update`,
    whose shape must be that slice's shape. PyTorch's `slice_scatter`; an
    importer also writes assignments to views (`x[:, 1:3] = y`) with it.

    Example:

    ```mlir
    %y = mdf.slice_scatter %x, %u {axes = array<i64: 1>, ends = array<i64: 3>, starts = array<i64: 1>}
        : (tensor<4x5xf32>, tensor<4x2xf32>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input, MDF_AnyTensor:$update,
                   DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$ends,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$axes,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$steps);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$input `,` $update attr-dict `:` functional-type(operands, results)";
}

def MDF_GatherElementsOp : MDF_InferredOp<"gather_elements",
    "inferGatherElementsOpType",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "picks one element per index along an axis";
  let description = [{
    ONNX's `GatherElements` and PyTorch's `gather`: `indices` has the rank
    of `input` and the result has the shape of `indices`, with
    `result[i][j][k] = input[i][indices[i][j][k]][k]` for `axis = 1`. Along
    the other dimensions `indices` may be smaller than `input`. Negative
    indices count from the back; an index still out of range reads the
    nearest element (PyTorch would raise an error).

    Example:

    ```mlir
    %y = mdf.gather_elements %x, %idx {axis = 1 : i64}
        : (tensor<3x5xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input, MDF_IndexTensor:$indices,
                   DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat =
    "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def MDF_ScatterElementsOp : MDF_InferredOp<"scatter_elements",
    "inferScatterElementsOpType",
    [AllElementTypesMatch<["input", "updates", "result"]>]> {
  let summary = "writes one element per index along an axis";
  let description = [{
    ONNX's `ScatterElements` and PyTorch's `scatter`/`scatter_reduce`: the
    result starts as `input`, then for every position `p` of `indices`
    (rank of `input`), the element of `updates` at `p` goes to `p` with its
    `axis` coordinate replaced by `indices[p]`. `updates` may be larger than
    `indices`; only the part `indices` covers is read. With `reduction =
    none` the update replaces the element (when several land on one element,
    the last in row-major order wins); `add`, `mul`, `max` and `min`
    combine it with what is there. Negative indices count from the back; an
    update whose index is still out of range is dropped.

    Example:

    ```mlir
    %y = mdf.scatter_elements %x, %idx, %u {axis = 0 : i64, reduction = 1 : i64}
        : (tensor<5x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<5x3xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input, MDF_IndexTensor:$indices,
                   MDF_AnyTensor:$updates,
                   DefaultValuedAttr<I64Attr, "0">:$axis,
                   DefaultValuedAttr<MDF_ScatterReduction,
                                     "ScatterReduction::none">:$reduction);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` "
                       "functional-type(operands, results)";
}

def MDF_ArgsortOp : MDF_InferredOp<"argsort", "inferArgsortOpType"> {
  let summary = "the indices that sort a tensor along an axis";
  let description = [{
    For each line along `axis`, the positions of its elements in sorted
    order (ascending, or descending when `descending` is set), as i64. The
    sort is stable: equal elements keep their order. NaN sorts above every
    number, as in PyTorch. The sorted values are `mdf.gather_elements` of
    the input with these indices; `topk` is a slice of them.

    Example:

    ```mlir
    %i = mdf.argsort %x {axis = 1 : i64, descending = true}
        : tensor<2x7xf32> -> tensor<2x7xi64>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<BoolAttr, "false">:$descending);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def MDF_CumulativeOp : MDF_InferredOp<"cumulative", "inferCumulativeOpType"> {
  let summary = "running sum, product, maximum or minimum along an axis";
  let description = [{
    Element `k` along `axis` of the result combines elements `0..k` of the
    input with `kind` (`sum`, `prod`, `max` or `min`), in order from the
    first: PyTorch's `cumsum`, `cumprod`, `cummax` and `cummin` values, and
    ONNX's `CumSum` without its `exclusive` and `reverse` flags. `max` and
    `min` carry a NaN forward.

    Example:

    ```mlir
    %y = mdf.cumulative %x {axis = 1 : i64, kind = 1 : i64}
        : tensor<2x5xf32> -> tensor<2x5xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input,
                   DefaultValuedAttr<I64Attr, "0">:$axis,
                   DefaultValuedAttr<MDF_CumulativeKind,
                                     "CumulativeKind::sum">:$kind);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

#endif // MDF_DIALECT_MDF_IR_MDFINDEXINGOPS_TD
