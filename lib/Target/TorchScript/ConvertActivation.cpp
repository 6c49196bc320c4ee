//===- ConvertActivation.cpp - composite elementwise aten operators -------===//
//
// This file implements the converters of elementwise aten operators that
// mdf has no single op for: they are built from mdf's elementwise ops
// (softplus, elu, selu, prelu, mish, reciprocal, square, sign, one-sided
// clamps, masked_fill, logical operators).
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {

/// Builds elementwise mdf ops at one location; a failed step stays failed.
struct Composer {
  GraphImporter &importer;
  Location loc;
  Type elementType;

  Value number(double value) {
    return importer.scalar(loc, elementType, value);
  }
  template <typename OpTy> FailureOr<Value> op(FailureOr<Value> x) {
    if (failed(x))
      return failure();
    return importer.create<OpTy>(loc, *x);
  }
  template <typename OpTy>
  FailureOr<Value> op(FailureOr<Value> x, FailureOr<Value> y) {
    if (failed(x) || failed(y))
      return failure();
    return importer.create<OpTy>(loc, *x, *y);
  }
  template <typename OpTy>
  FailureOr<Value> op(FailureOr<Value> x, FailureOr<Value> y,
                      FailureOr<Value> z) {
    if (failed(x) || failed(y) || failed(z))
      return failure();
    return importer.create<OpTy>(loc, *x, *y, *z);
  }
  FailureOr<Value> compare(ComparisonPredicate predicate, FailureOr<Value> a,
                           FailureOr<Value> b) {
    if (failed(a) || failed(b))
      return failure();
    return importer.create<CompareOp>(loc, predicate, *a, *b);
  }
};

/// The float input of an activation and a Composer in its type.
FailureOr<std::pair<Value, Composer>> floatInput(GraphImporter &importer,
                                                 jit::Node *node) {
  FailureOr<Value> input = importer.getFloatTensor(node, 0);
  if (failed(input))
    return failure();
  Composer c{importer, importer.getLoc(node),
             getTensorType(*input).getElementType()};
  return std::make_pair(*input, c);
}

/// An optional number operand, `fallback` when absent.
FailureOr<double> numberOr(GraphImporter &importer, jit::Node *node,
                           unsigned index, double fallback) {
  if (index >= node->inputs().size() || importer.isNone(node, index))
    return fallback;
  return importer.getFloat(node, index);
}

/// alpha * (exp(x) - 1) where x < 0, else x (times `scale`).
FailureOr<Value> buildElu(Composer &c, Value x, double alpha, double scale,
                          double inputScale) {
  FailureOr<Value> scaled =
      inputScale == 1.0 ? FailureOr<Value>(x)
                        : c.op<MulOp>(x, c.number(inputScale));
  FailureOr<Value> negative = c.op<MulOp>(
      c.op<Expm1Op>(scaled), FailureOr<Value>(c.number(alpha)));
  FailureOr<Value> chosen =
      c.op<WhereOp>(c.compare(ComparisonPredicate::gt, x, c.number(0)), x,
                    negative);
  if (scale == 1.0)
    return chosen;
  return c.op<MulOp>(chosen, FailureOr<Value>(c.number(scale)));
}

/// aten::softplus(x, beta=1, threshold=20):
/// log1p(exp(beta x)) / beta, x where beta x > threshold.
LogicalResult convertSoftplus(GraphImporter &importer, jit::Node *node) {
  auto input = floatInput(importer, node);
  FailureOr<double> beta = numberOr(importer, node, 1, 1.0);
  FailureOr<double> threshold = numberOr(importer, node, 2, 20.0);
  if (failed(input) || failed(beta) || failed(threshold))
    return failure();
  auto [x, c] = *input;
  FailureOr<Value> bx = c.op<MulOp>(x, c.number(*beta));
  FailureOr<Value> soft = c.op<DivOp>(c.op<Log1pOp>(c.op<ExpOp>(bx)),
                                      FailureOr<Value>(c.number(*beta)));
  return importer.mapResult(
      node, c.op<WhereOp>(c.compare(ComparisonPredicate::gt, bx,
                                    c.number(*threshold)),
                          FailureOr<Value>(x), soft));
}

/// aten::elu(x, alpha=1, scale=1, input_scale=1), aten::selu, aten::celu.
LogicalResult convertElu(GraphImporter &importer, jit::Node *node) {
  auto input = floatInput(importer, node);
  if (failed(input))
    return failure();
  auto [x, c] = *input;
  StringRef kind = node->kind().toQualString();
  kind.consume_back("_");
  if (kind == "aten::selu")
    return importer.mapResult(
        node, buildElu(c, x, 1.6732632423543772848170429916717,
                       1.0507009873554804934193349852946, 1.0));
  FailureOr<double> alpha = numberOr(importer, node, 1, 1.0);
  if (failed(alpha))
    return failure();
  if (kind == "aten::celu")
    return importer.mapResult(node, buildElu(c, x, *alpha, 1.0, 1.0 / *alpha));
  FailureOr<double> scale = numberOr(importer, node, 2, 1.0);
  FailureOr<double> inputScale = numberOr(importer, node, 3, 1.0);
  if (failed(scale) || failed(inputScale))
    return failure();
  // elu's scale multiplies the positive part too.
  return importer.mapResult(node,
                            buildElu(c, x, *alpha, *scale, *inputScale));
}

/// aten::prelu(x, weight): x where x > 0, else weight * x; a weight per
/// channel (dimension 1) broadcasts over the others.
LogicalResult convertPrelu(GraphImporter &importer, jit::Node *node) {
  auto input = floatInput(importer, node);
  FailureOr<Value> weight = importer.getTensor(node, 1);
  if (failed(input) || failed(weight))
    return failure();
  auto [x, c] = *input;
  RankedTensorType xType = getTensorType(x);
  RankedTensorType wType = getTensorType(*weight);
  Value slope = *weight;
  if (wType.getRank() == 1 && wType.getDimSize(0) != 1 &&
      xType.getRank() >= 2) {
    SmallVector<int64_t> shape(xType.getRank() - 1, 1);
    shape[0] = wType.getDimSize(0);
    FailureOr<Value> reshaped = importer.reshape(c.loc, slope, shape);
    if (failed(reshaped))
      return failure();
    slope = *reshaped;
  }
  FailureOr<Value> castSlope = importer.castTo(c.loc, slope, c.elementType);
  return importer.mapResult(
      node, c.op<WhereOp>(c.compare(ComparisonPredicate::gt, x, c.number(0)),
                          FailureOr<Value>(x), c.op<MulOp>(castSlope, x)));
}

/// aten::mish(x) = x * tanh(softplus(x)).
LogicalResult convertMish(GraphImporter &importer, jit::Node *node) {
  auto input = floatInput(importer, node);
  if (failed(input))
    return failure();
  auto [x, c] = *input;
  FailureOr<Value> softplus = c.op<Log1pOp>(c.op<ExpOp>(FailureOr<Value>(x)));
  return importer.mapResult(
      node, c.op<MulOp>(FailureOr<Value>(x), c.op<TanhOp>(softplus)));
}

/// aten::reciprocal(x) = 1 / x (in floats).
LogicalResult convertReciprocal(GraphImporter &importer, jit::Node *node) {
  auto input = floatInput(importer, node);
  if (failed(input))
    return failure();
  auto [x, c] = *input;
  return importer.mapResult(
      node, c.op<DivOp>(FailureOr<Value>(c.number(1)), FailureOr<Value>(x)));
}

/// aten::square(x) = x * x; booleans become i64 as in PyTorch.
LogicalResult convertSquare(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> x = importer.getTensor(node, 0);
  if (failed(x))
    return failure();
  if (getTensorType(*x).getElementType().isInteger(1))
    x = importer.castTo(importer.getLoc(node), *x,
                        IntegerType::get(importer.getContext(), 64));
  if (failed(x))
    return failure();
  return importer.mapResult(
      node, importer.create<MulOp>(importer.getLoc(node), *x, *x));
}

/// aten::sign(x) = (x > 0) - (x < 0), in x's type.
LogicalResult convertSign(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> x = importer.getTensor(node, 0);
  if (failed(x))
    return failure();
  Type elementType = getTensorType(*x).getElementType();
  if (elementType.isInteger(1)) {
    importer.mapTensor(node->output(), *x);
    return success();
  }
  Composer c{importer, importer.getLoc(node), elementType};
  auto asNumber = [&](FailureOr<Value> flag) -> FailureOr<Value> {
    if (failed(flag))
      return failure();
    return importer.castTo(c.loc, *flag, elementType);
  };
  return importer.mapResult(
      node,
      c.op<SubOp>(asNumber(c.compare(ComparisonPredicate::gt, *x, c.number(0))),
                  asNumber(c.compare(ComparisonPredicate::lt, *x, c.number(0)))));
}

/// aten::clamp_min(x, min), aten::clamp_max(x, max), and clamp with tensor
/// bounds: maximum/minimum in the promoted type.
LogicalResult convertOneSidedClamp(GraphImporter &importer, jit::Node *node) {
  StringRef kind = node->kind().toQualString();
  kind.consume_back("_");
  bool isMin = kind == "aten::clamp_min";
  const ImportedValue *x = importer.lookup(node->input(0));
  const ImportedValue *bound = importer.lookup(node->input(1));
  if (!x || !bound)
    return importer.emitNodeError(node, "operand was not imported");
  Type elementType = resultElementType(importer.getContext(), {x, bound});
  FailureOr<Value> a = importer.getTensorAs(node, 0, elementType);
  FailureOr<Value> b = importer.getTensorAs(node, 1, elementType);
  if (failed(a) || failed(b))
    return failure();
  Location loc = importer.getLoc(node);
  return importer.mapResult(node, isMin
                                      ? importer.create<MaximumOp>(loc, *a, *b)
                                      : importer.create<MinimumOp>(loc, *a, *b));
}

/// aten::masked_fill(x, mask, value): value where mask, else x.
LogicalResult convertMaskedFill(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> x = importer.getTensor(node, 0);
  FailureOr<Value> mask = importer.getTensor(node, 1);
  if (failed(x) || failed(mask))
    return failure();
  Type elementType = getTensorType(*x).getElementType();
  Location loc = importer.getLoc(node);
  FailureOr<Value> value = importer.getTensorAs(node, 2, elementType);
  FailureOr<Value> condition =
      importer.castTo(loc, *mask, IntegerType::get(importer.getContext(), 1));
  if (failed(value) || failed(condition))
    return failure();
  return importer.mapResult(
      node, importer.create<WhereOp>(loc, *condition, *value, *x));
}

/// aten::logical_not/and/or/xor and bitwise_not on booleans: on truth
/// values (nonzero is true), giving booleans.
LogicalResult convertLogical(GraphImporter &importer, jit::Node *node) {
  StringRef kind = node->kind().toQualString();
  if (!kind.ends_with("__")) // in-place forms; not the dunder methods
    kind.consume_back("_");
  Location loc = importer.getLoc(node);
  Type i1 = IntegerType::get(importer.getContext(), 1);
  auto truth = [&](unsigned index) -> FailureOr<Value> {
    FailureOr<Value> value = importer.getTensor(node, index);
    if (failed(value))
      return failure();
    return importer.castTo(loc, *value, i1);
  };
  FailureOr<Value> a = truth(0);
  if (failed(a))
    return failure();
  Value trueValue = importer.scalar(loc, i1, 1);
  if (kind == "aten::logical_not" || kind == "aten::bitwise_not") {
    const ImportedValue *input = importer.lookup(node->input(0));
    if (kind == "aten::bitwise_not" &&
        (!input || input->kind != ImportedValue::Kind::Tensor ||
         !getTensorType(input->tensor).getElementType().isInteger(1)))
      return importer.emitNodeError(
          node, "bitwise_not is supported on booleans only");
    return importer.mapResult(node,
                              importer.create<CompareOp>(
                                  loc, ComparisonPredicate::ne, *a, trueValue));
  }
  FailureOr<Value> b = truth(1);
  if (failed(b))
    return failure();
  if (kind == "aten::logical_and" || kind == "aten::bitwise_and" ||
      kind == "aten::__and__")
    return importer.mapResult(node, importer.create<MinimumOp>(loc, *a, *b));
  if (kind == "aten::logical_or" || kind == "aten::bitwise_or" ||
      kind == "aten::__or__")
    return importer.mapResult(node, importer.create<MaximumOp>(loc, *a, *b));
  return importer.mapResult(
      node, importer.create<CompareOp>(loc, ComparisonPredicate::ne, *a, *b));
}

/// The bitwise and/or/xor operators on booleans; integers are refused.
LogicalResult convertBitwise(GraphImporter &importer, jit::Node *node) {
  for (unsigned index : {0u, 1u}) {
    const ImportedValue *value = importer.lookup(node->input(index));
    bool isBool = value && ((value->kind == ImportedValue::Kind::Tensor &&
                             getTensorType(value->tensor)
                                 .getElementType()
                                 .isInteger(1)) ||
                            value->kind == ImportedValue::Kind::Bool);
    if (!isBool)
      return importer.emitNodeError(
          node, "bitwise operators are supported on booleans only");
  }
  return convertLogical(importer, node);
}

/// aten::threshold(self, threshold, value): value where self <= threshold.
LogicalResult convertThreshold(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  Type elementType = getTensorType(*input).getElementType();
  FailureOr<Value> threshold = importer.getTensorAs(node, 1, elementType);
  FailureOr<Value> value = importer.getTensorAs(node, 2, elementType);
  if (failed(threshold) || failed(value))
    return failure();
  Location loc = importer.getLoc(node);
  FailureOr<Value> below =
      importer.create<CompareOp>(loc, ComparisonPredicate::le, *input,
                                 *threshold);
  if (failed(below))
    return failure();
  return importer.mapResult(
      node, importer.create<WhereOp>(loc, *below, *value, *input));
}

/// aten::threshold_backward(grad_output, self, threshold): the gradient
/// where self > threshold, else 0 (relu's backward).
LogicalResult convertThresholdBackward(GraphImporter &importer,
                                       jit::Node *node) {
  FailureOr<Value> grad = importer.getTensor(node, 0);
  FailureOr<Value> input = importer.getTensor(node, 1);
  if (failed(grad) || failed(input))
    return failure();
  FailureOr<Value> threshold = importer.getTensorAs(
      node, 2, getTensorType(*input).getElementType());
  if (failed(threshold))
    return failure();
  Location loc = importer.getLoc(node);
  FailureOr<Value> below = importer.create<CompareOp>(
      loc, ComparisonPredicate::le, *input, *threshold);
  if (failed(below))
    return failure();
  return importer.mapResult(
      node, importer.create<WhereOp>(
                loc, *below,
                importer.scalar(loc, getTensorType(*grad).getElementType(), 0),
                *grad));
}

} // namespace

void mlir::mdf::torchscript::addActivationConverters(ConverterMap &map) {
  map["aten::threshold"] = convertThreshold;
  map["aten::threshold_"] = convertThreshold;
  map["aten::threshold_backward"] = convertThresholdBackward;
  for (const char *name : {"aten::softplus"})
    map[name] = convertSoftplus;
  for (const char *name : {"aten::elu", "aten::elu_", "aten::selu",
                           "aten::selu_", "aten::celu", "aten::celu_"})
    map[name] = convertElu;
  map["aten::prelu"] = convertPrelu;
  map["aten::mish"] = convertMish;
  map["aten::mish_"] = convertMish;
  map["aten::reciprocal"] = convertReciprocal;
  map["aten::reciprocal_"] = convertReciprocal;
  map["aten::square"] = convertSquare;
  map["aten::square_"] = convertSquare;
  map["aten::sign"] = convertSign;
  map["aten::sign_"] = convertSign;
  for (const char *name : {"aten::clamp_min", "aten::clamp_min_",
                           "aten::clamp_max", "aten::clamp_max_"})
    map[name] = convertOneSidedClamp;
  map["aten::masked_fill"] = convertMaskedFill;
  map["aten::masked_fill_"] = convertMaskedFill;
  for (const char *name :
       {"aten::logical_not", "aten::logical_and", "aten::logical_or",
        "aten::logical_xor", "aten::logical_not_", "aten::logical_and_",
        "aten::logical_or_", "aten::logical_xor_", "aten::bitwise_not"})
    map[name] = convertLogical;
  for (const char *name :
       {"aten::bitwise_and", "aten::bitwise_or", "aten::bitwise_xor",
        "aten::__and__", "aten::__or__", "aten::__xor__"})
    map[name] = convertBitwise;
}
