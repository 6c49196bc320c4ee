//===- MDFElementwiseOps.td - elementwise mdf ops ---------*- tablegen -*-===//
//
// Elementwise math, activations, comparisons, selection, casts and MDF's
// standard functions. Multi-operand ops broadcast numpy style.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFELEMENTWISEOPS_TD
#define MDF_DIALECT_MDF_IR_MDFELEMENTWISEOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"

//===----------------------------------------------------------------------===//
// Unary math on floats
//===----------------------------------------------------------------------===//

def MDF_ExpOp : MDF_UnaryFloatOp<"exp", "exp(x)">;
def MDF_LogOp : MDF_UnaryFloatOp<"log", "log(x)">;
def MDF_SqrtOp : MDF_UnaryFloatOp<"sqrt", "sqrt(x)">;
def MDF_RsqrtOp : MDF_UnaryFloatOp<"rsqrt", "1 / sqrt(x)">;
def MDF_ErfOp : MDF_UnaryFloatOp<"erf", "erf(x)">;
def MDF_TanhOp : MDF_UnaryFloatOp<"tanh", "tanh(x)">;
def MDF_SigmoidOp : MDF_UnaryFloatOp<"sigmoid", "1 / (1 + exp(-x))">;
def MDF_SinOp : MDF_UnaryFloatOp<"sin", "sin(x)">;
def MDF_CosOp : MDF_UnaryFloatOp<"cos", "cos(x)">;
def MDF_TanOp : MDF_UnaryFloatOp<"tan", "tan(x)">;
def MDF_SinhOp : MDF_UnaryFloatOp<"sinh", "sinh(x)">;
def MDF_CoshOp : MDF_UnaryFloatOp<"cosh", "cosh(x)">;
def MDF_ArcsinOp : MDF_UnaryFloatOp<"arcsin", "asin(x)">;
def MDF_ArccosOp : MDF_UnaryFloatOp<"arccos", "acos(x)">;
def MDF_ArctanOp : MDF_UnaryFloatOp<"arctan", "atan(x)">;
def MDF_SiluOp : MDF_UnaryFloatOp<"silu", "x * sigmoid(x)">;
def MDF_HardswishOp
    : MDF_UnaryFloatOp<"hardswish", "x * min(max(x + 3, 0), 6) / 6">;
def MDF_FloorOp : MDF_UnaryFloatOp<"floor", "floor(x)", [Idempotent]>;
def MDF_CeilOp : MDF_UnaryFloatOp<"ceil", "ceil(x)", [Idempotent]>;
def MDF_TruncOp : MDF_UnaryFloatOp<"trunc", "trunc(x)", [Idempotent]>;
def MDF_RoundOp : MDF_UnaryFloatOp<"round", "round half to even(x)",
                                   [Idempotent]>;
def MDF_Log2Op : MDF_UnaryFloatOp<"log2", "log2(x)">;
def MDF_Log1pOp : MDF_UnaryFloatOp<"log1p", "log(1 + x)">;
def MDF_Expm1Op : MDF_UnaryFloatOp<"expm1", "exp(x) - 1">;

//===----------------------------------------------------------------------===//
// Unary math on any number
//===----------------------------------------------------------------------===//

def MDF_NegOp : MDF_UnaryOp<"neg", MDF_NumericTensor, [Involution]> {
  let summary = "elementwise negation";
  let description = [{
    Computes `-x` for every element. `neg(neg(x))` folds to `x`; the
    negation of a constant folds to a constant.

    Example:

    ```mlir
    %y = mdf.neg %x : tensor<4xf32>
    ```
  }];
  let hasFolder = 1;
}

def MDF_AbsOp : MDF_UnaryOp<"abs", MDF_NumericTensor, [Idempotent]> {
  let summary = "elementwise absolute value";
  let description = [{
    Computes `|x|` for every element. `abs(abs(x))` folds to `abs(x)`.

    Example:

    ```mlir
    %y = mdf.abs %x : tensor<4xi64>
    ```
  }];
}

def MDF_ReluOp : MDF_UnaryOp<"relu", MDF_NumericTensor, [Idempotent]> {
  let summary = "rectified linear unit";
  let description = [{
    Computes `max(x, 0)` for every element (MDF's `Relu`, ONNX `Relu`).
    `relu(relu(x))` folds to `relu(x)`.

    Example:

    ```mlir
    %y = mdf.relu %x : tensor<1x64x56x56xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Activations with parameters
//===----------------------------------------------------------------------===//

def MDF_LeakyReluOp : MDF_UnaryOp<"leaky_relu", MDF_FloatTensor> {
  let summary = "leaky rectified linear unit";
  let description = [{
    Computes `x >= 0 ? x : alpha * x` for every element; `alpha` defaults to
    0.01 as in PyTorch.

    Example:

    ```mlir
    %y = mdf.leaky_relu %x {alpha = 2.000000e-01 : f64} : tensor<8xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input,
                   DefaultValuedAttr<F64Attr, "0.01">:$alpha);
}

def MDF_ClipOp : MDF_UnaryOp<"clip", MDF_NumericTensor> {
  let summary = "clamps every element to [min, max]";
  let description = [{
    Computes `min(max(x, min), max)` elementwise; either bound may be absent
    (PyTorch `clamp`, `hardtanh`, `relu6`; ONNX `Clip`). When both are given,
    `min` must not exceed `max`.

    Example:

    ```mlir
    %y = mdf.clip %x {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
        : tensor<1x32x112x112xf32>
    ```
  }];
  let arguments = (ins MDF_NumericTensor:$input, OptionalAttr<F64Attr>:$min,
                   OptionalAttr<F64Attr>:$max);
  let hasVerifier = 1;
  let hasFolder = 1;
}

def MDF_HardsigmoidOp : MDF_UnaryOp<"hardsigmoid", MDF_FloatTensor> {
  let summary = "piecewise-linear sigmoid";
  let description = [{
    Computes `max(0, min(1, alpha * x + beta))` elementwise. The defaults
    (`alpha = 1/6`, `beta = 1/2`) give PyTorch's `Hardsigmoid`; ONNX's
    `HardSigmoid` uses `alpha = 0.2`.

    Example:

    ```mlir
    %y = mdf.hardsigmoid %x : tensor<1x16x1x1xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input,
                   DefaultValuedAttr<F64Attr, "1.0 / 6.0">:$alpha,
                   DefaultValuedAttr<F64Attr, "0.5">:$beta);
}

def MDF_GeluOp : MDF_UnaryOp<"gelu", MDF_FloatTensor> {
  let summary = "Gaussian error linear unit";
  let description = [{
    Computes `x * Phi(x)` elementwise, where `Phi` is the standard normal
    CDF: exactly, `0.5 * x * (1 + erf(x / sqrt(2)))`, or with
    `approximate tanh`, `0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))`.

    Example:

    ```mlir
    %y = mdf.gelu %x : tensor<1x197x3072xf32>
    %z = mdf.gelu %x approximate tanh : tensor<1x197x3072xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input,
      DefaultValuedAttr<MDF_GeluApproximation,
                        "::mlir::mdf::GeluApproximation::none">:$approximate);
  let assemblyFormat =
    "$input (`approximate` $approximate^)? attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Binary arithmetic
//===----------------------------------------------------------------------===//

def MDF_AddOp : MDF_BinaryOp<"add", MDF_NumericTensor, "lhs + rhs",
                             [Commutative]>;
def MDF_SubOp : MDF_BinaryOp<"sub", MDF_NumericTensor, "lhs - rhs">;
def MDF_MulOp : MDF_BinaryOp<"mul", MDF_NumericTensor, "lhs * rhs",
                             [Commutative]>;
def MDF_DivOp : MDF_BinaryOp<"div", MDF_NumericTensor,
                             "lhs / rhs (integers round toward zero)">;
def MDF_PowOp : MDF_BinaryOp<"pow", MDF_FloatTensor, "lhs ** rhs">;
def MDF_RemainderOp : MDF_BinaryOp<"remainder", MDF_NumericTensor,
    "lhs mod rhs with the sign of rhs (Python's %)"> {
  let hasFolder = 0;
}
def MDF_FmodOp : MDF_BinaryOp<"fmod", MDF_NumericTensor,
    "lhs mod rhs with the sign of lhs (C's fmod)"> {
  let hasFolder = 0;
}
// On booleans maximum is `or` and minimum is `and`.
def MDF_MaximumOp : MDF_BinaryOp<"maximum", MDF_AnyTensor, "max(lhs, rhs)",
                                 [Commutative]>;
def MDF_MinimumOp : MDF_BinaryOp<"minimum", MDF_AnyTensor, "min(lhs, rhs)",
                                 [Commutative]>;

//===----------------------------------------------------------------------===//
// Comparison, selection and casts
//===----------------------------------------------------------------------===//

def MDF_CompareOp : MDF_InferredOp<"compare", "inferCompareOpType",
    [AllElementTypesMatch<["lhs", "rhs"]>]> {
  let summary = "elementwise comparison with broadcasting";
  let description = [{
    Compares `lhs` and `rhs` elementwise after broadcasting them to a common
    shape and yields `i1` tensors. The predicate is one of `eq`, `ne`, `lt`,
    `le`, `gt`, `ge`; floats compare ordered (a NaN operand gives false,
    except for `ne`).

    Example:

    ```mlir
    %m = mdf.compare gt, %x, %zero : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins MDF_ComparisonPredicate:$predicate,
                   MDF_AnyTensor:$lhs, MDF_AnyTensor:$rhs);
  let results = (outs MDF_BoolTensor:$result);
  let assemblyFormat = "$predicate `,` $lhs `,` $rhs attr-dict `:` "
                       "functional-type(operands, results)";
}

def MDF_WhereOp : MDF_BroadcastOp<"where",
    [AllElementTypesMatch<["true_value", "false_value", "result"]>]> {
  let summary = "elementwise selection with broadcasting";
  let description = [{
    Picks `true_value` where `condition` holds and `false_value` elsewhere,
    after broadcasting all three to a common shape (numpy `where`). A
    constant condition folds the op away when the chosen operand already has
    the result's type.

    Example:

    ```mlir
    %y = mdf.where %c, %a, %b
        : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins MDF_BoolTensor:$condition, MDF_AnyTensor:$true_value,
                   MDF_AnyTensor:$false_value);
  let results = (outs MDF_AnyTensor:$result);
  let hasFolder = 1;
}

def MDF_CastOp : MDF_Op<"cast", [Elementwise, SameOperandsAndResultShape]> {
  let summary = "converts every element to another element type";
  let description = [{
    Converts elementwise between `f32`, `f64`, `i64`, `i32` and `i1`. Floats
    convert to integers by rounding toward zero; a number converts to `i1` as
    `x != 0`; `i1` converts to 0 or 1. A cast to the operand's own type folds
    away.

    Example:

    ```mlir
    %y = mdf.cast %x : tensor<2x16xi64> -> tensor<2x16xf32>
    ```
  }];
  let arguments = (ins MDF_AnyTensor:$input);
  let results = (outs MDF_AnyTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// MDF standard functions
//===----------------------------------------------------------------------===//

def MDF_LinearOp : MDF_BroadcastOp<"linear",
    [AllElementTypesMatch<["input", "slope", "intercept", "result"]>]> {
  let summary = "MDF `linear`: input * slope + intercept";
  let description = [{
    MDF's standard function `linear(variable0, slope, intercept)` =
    `variable0 * slope + intercept`, elementwise with broadcasting. (This is
    not PyTorch's `nn.Linear`, which is `mdf.gemm`.)

    Example:

    ```mlir
    %y = mdf.linear %x, %slope, %intercept
        : (tensor<2xf64>, tensor<f64>, tensor<f64>) -> tensor<2xf64>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input, MDF_FloatTensor:$slope,
                   MDF_FloatTensor:$intercept);
  let results = (outs MDF_FloatTensor:$result);
}

def MDF_LogisticOp : MDF_BroadcastOp<"logistic",
    [AllElementTypesMatch<["input", "gain", "bias", "offset", "result"]>]> {
  let summary = "MDF `logistic` function";
  let description = [{
    MDF's standard function `logistic(variable0, gain, bias, offset)` =
    `1 / (1 + exp(-1 * gain * (variable0 + bias) + offset))`, elementwise
    with broadcasting.

    Example:

    ```mlir
    %y = mdf.logistic %x, %gain, %bias, %offset
        : (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>) -> tensor<f64>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input, MDF_FloatTensor:$gain,
                   MDF_FloatTensor:$bias, MDF_FloatTensor:$offset);
  let results = (outs MDF_FloatTensor:$result);
}

def MDF_ExponentialOp : MDF_BroadcastOp<"exponential",
    [AllElementTypesMatch<["input", "scale", "rate", "bias", "offset",
                           "result"]>]> {
  let summary = "MDF `exponential` function";
  let description = [{
    MDF's standard function `exponential(variable0, scale, rate, bias,
    offset)` = `scale * exp(rate * variable0 + bias) + offset`, elementwise
    with broadcasting.

    Example:

    ```mlir
    %y = mdf.exponential %x, %scale, %rate, %bias, %offset
        : (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>)
        -> tensor<f64>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input, MDF_FloatTensor:$scale,
                   MDF_FloatTensor:$rate, MDF_FloatTensor:$bias,
                   MDF_FloatTensor:$offset);
  let results = (outs MDF_FloatTensor:$result);
}

#endif // MDF_DIALECT_MDF_IR_MDFELEMENTWISEOPS_TD
