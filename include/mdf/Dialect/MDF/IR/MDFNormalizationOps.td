//===- MDFNormalizationOps.td - normalization ops ---------*- tablegen -*-===//
//
// Batch and layer normalization, softmax and log-softmax.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFNORMALIZATIONOPS_TD
#define MDF_DIALECT_MDF_IR_MDFNORMALIZATIONOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"

def MDF_BatchNormOp : MDF_InferredOp<"batch_norm", "inferBatchNormOpType",
    [AllElementTypesMatch<["input", "scale", "bias", "mean", "variance",
                           "result"]>]> {
  let summary = "batch normalization with running statistics (inference)";
  let description = [{
    Normalizes every channel (dimension 1) of `input` with its running
    statistics: `(x - mean) / sqrt(variance + epsilon) * scale + bias`.
    `scale`, `bias`, `mean` and `variance` are 1-D with one element per
    channel.

    Example:

    ```mlir
    %y = mdf.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.000000e-03 : f64}
        : (tensor<1x32x56x56xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>)
        -> tensor<1x32x56x56xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input, MDF_FloatTensor:$scale,
                   MDF_FloatTensor:$bias, MDF_FloatTensor:$mean,
                   MDF_FloatTensor:$variance,
                   DefaultValuedAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs MDF_FloatTensor:$result);
  let assemblyFormat =
    "operands attr-dict `:` functional-type(operands, results)";
}

def MDF_LayerNormOp : MDF_InferredOp<"layer_norm", "inferLayerNormOpType",
    [AttrSizedOperandSegments,
     AllElementTypesMatch<["input", "result"]>]> {
  let summary = "layer normalization over the trailing dimensions";
  let description = [{
    Normalizes `input` over the dimensions from `axis` (default -1, negative
    counts from the back) to the last: `(x - mean) / sqrt(var + epsilon)`
    with the biased variance, then multiplies by `scale` and adds `bias` when
    present; both have the shape of the normalized dimensions.

    Example:

    ```mlir
    %y = mdf.layer_norm %x scale %g bias %b {epsilon = 1.000000e-06 : f64}
        : (tensor<1x197x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x197x768xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input,
                   Optional<MDF_FloatTensor>:$scale,
                   Optional<MDF_FloatTensor>:$bias,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs MDF_FloatTensor:$result);
  let assemblyFormat = "$input (`scale` $scale^)? (`bias` $bias^)? attr-dict "
                       "`:` functional-type(operands, results)";
}

def MDF_SoftmaxOp : MDF_SoftmaxLikeOp<"softmax",
                                      "exp(x) / sum(exp(x))">;
def MDF_LogSoftmaxOp : MDF_SoftmaxLikeOp<"log_softmax",
                                         "x - log(sum(exp(x)))">;

#endif // MDF_DIALECT_MDF_IR_MDFNORMALIZATIONOPS_TD
