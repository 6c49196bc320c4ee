//===- ConvertElementwise.cpp - elementwise aten operators ----------------===//
//
// This file implements the converters of aten's elementwise math,
// activations and comparisons, and the integer arithmetic that shape
// computations do on numbers known at compile time.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

/// Registers `name` and its in-place form `name_`; the importer maps an
/// in-place operator's first operand to its result as well.
static void addWithInPlace(ConverterMap &map, StringRef name,
                           NodeConverter converter) {
  map[name] = converter;
  map[(name + "_").str()] = converter;
}

template <typename OpTy>
static LogicalResult convertUnary(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  FailureOr<Value> result =
      importer.create<OpTy>(importer.getLoc(node), *input);
  if (failed(result))
    return failure();
  importer.mapTensor(node->output(), *result);
  return success();
}

static FloatAttr optionalBound(GraphImporter &importer, jit::Node *node,
                               unsigned index, bool &failedToRead) {
  if (importer.isNone(node, index))
    return {};
  FailureOr<double> value = importer.getFloat(node, index);
  if (failed(value)) {
    failedToRead = true;
    return {};
  }
  return importer.getBuilder().getF64FloatAttr(*value);
}

/// aten::clamp(x, min?, max?), aten::hardtanh(x, min, max), aten::relu6(x).
static LogicalResult convertClip(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  Builder &b = importer.getBuilder();
  FloatAttr min, max;
  if (node->kind().toQualString() == StringRef("aten::relu6")) {
    min = b.getF64FloatAttr(0);
    max = b.getF64FloatAttr(6);
  } else {
    bool failedToRead = false;
    min = optionalBound(importer, node, 1, failedToRead);
    max = optionalBound(importer, node, 2, failedToRead);
    if (failedToRead)
      return failure();
  }
  return importer.mapResult(
      node, importer.create<ClipOp>(importer.getLoc(node), *input, min, max));
}

/// aten::leaky_relu(x, negative_slope).
static LogicalResult convertLeakyRelu(GraphImporter &importer,
                                      jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<double> slope = node->inputs().size() > 1
                                ? importer.getFloat(node, 1)
                                : FailureOr<double>(0.01);
  if (failed(input) || failed(slope))
    return failure();
  return importer.mapResult(node,
                            importer.create<LeakyReluOp>(
                                importer.getLoc(node), *input,
                                importer.getBuilder().getF64FloatAttr(*slope)));
}

/// aten::gelu(x, approximate="none"|"tanh").
static LogicalResult convertGelu(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  GeluApproximation approximation = GeluApproximation::none;
  if (node->inputs().size() > 1) {
    const ImportedValue *mode = importer.lookup(node->input(1));
    if (!mode || mode->kind != ImportedValue::Kind::String ||
        (mode->string != "none" && mode->string != "tanh"))
      return importer.emitNodeError(
          node, "approximate must be the string 'none' or 'tanh'");
    if (mode->string == "tanh")
      approximation = GeluApproximation::tanh;
  }
  return importer.mapResult(
      node,
      importer.create<GeluOp>(importer.getLoc(node), *input, approximation));
}

/// The element type that `a op b` computes in: a float when either is one,
/// the wider of two floats.
static Type promotedElementType(const ImportedValue &lhs,
                                const ImportedValue &rhs) {
  auto typeOf = [](const ImportedValue &value) -> Type {
    return value.kind == ImportedValue::Kind::Tensor
               ? getTensorType(value.tensor).getElementType()
               : Type();
  };
  Type lhsType = typeOf(lhs), rhsType = typeOf(rhs);
  if (!lhsType || !rhsType)
    return lhsType ? lhsType : rhsType;
  if (lhsType == rhsType)
    return lhsType;
  bool lhsFloat = isa<FloatType>(lhsType), rhsFloat = isa<FloatType>(rhsType);
  if (lhsFloat != rhsFloat)
    return lhsFloat ? lhsType : rhsType;
  return lhsType.getIntOrFloatBitWidth() >= rhsType.getIntOrFloatBitWidth()
             ? lhsType
             : rhsType;
}

/// Operand `index` as a tensor of `elementType`: numbers become constants,
/// tensors of another element type are cast.
static FailureOr<Value> getPromoted(GraphImporter &importer, jit::Node *node,
                                    unsigned index, Type elementType) {
  FailureOr<Value> value = importer.getTensorOrScalar(node, index, elementType);
  if (failed(value))
    return failure();
  RankedTensorType type = getTensorType(*value);
  if (type.getElementType() == elementType)
    return *value;
  return CastOp::create(importer.getBuilder(), importer.getLoc(node),
                        type.clone(elementType), *value)
      .getResult();
}

/// Integer arithmetic of shape computations, on compile-time numbers.
static std::optional<int64_t> foldIntArith(StringRef kind, int64_t a,
                                           int64_t b) {
  if (kind.starts_with("aten::add"))
    return a + b;
  if (kind.starts_with("aten::sub"))
    return a - b;
  if (kind.starts_with("aten::mul"))
    return a * b;
  if (kind == "aten::floor_divide" || kind == "aten::floordiv") {
    if (b == 0)
      return std::nullopt;
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  }
  return std::nullopt;
}

template <typename OpTy>
static LogicalResult convertBinary(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *lhs = importer.lookup(node->input(0));
  const ImportedValue *rhs = importer.lookup(node->input(1));
  if (!lhs || !rhs)
    return importer.emitNodeError(node, "operand was not imported");
  StringRef kind = node->kind().toQualString();
  if (lhs->kind == ImportedValue::Kind::Int &&
      rhs->kind == ImportedValue::Kind::Int) {
    std::optional<int64_t> value =
        foldIntArith(kind, lhs->intValue, rhs->intValue);
    if (!value)
      return importer.emitNodeError(node, "cannot evaluate on these numbers");
    importer.map(node->output(), ImportedValue::ofInt(*value));
    return success();
  }
  Type elementType = promotedElementType(*lhs, *rhs);
  if (!elementType)
    return importer.emitNodeError(node, "needs a tensor operand or two ints");
  Location loc = importer.getLoc(node);
  FailureOr<Value> a = getPromoted(importer, node, 0, elementType);
  FailureOr<Value> b = getPromoted(importer, node, 1, elementType);
  if (failed(a) || failed(b))
    return failure();
  // add/sub(a, b, alpha) compute a +/- alpha * b.
  if ((kind.starts_with("aten::add") || kind.starts_with("aten::sub")) &&
      node->inputs().size() > 2 && !importer.isNone(node, 2)) {
    FailureOr<double> alpha = importer.getFloat(node, 2);
    if (failed(alpha))
      return failure();
    if (*alpha != 1.0) {
      b = importer.create<MulOp>(loc, *b,
                                 importer.scalar(loc, elementType, *alpha));
      if (failed(b))
        return failure();
    }
  }
  if (kind.starts_with("aten::div") && node->inputs().size() > 2 &&
      !importer.isNone(node, 2))
    return importer.emitNodeError(node, "rounding_mode is not supported");
  FailureOr<Value> result = importer.create<OpTy>(loc, *a, *b);
  if (kind == "aten::floor_divide" || kind == "aten::floordiv") {
    if (!isa<FloatType>(elementType))
      return importer.emitNodeError(
          node, "floor division of integer tensors is not supported");
    if (succeeded(result))
      result = importer.create<FloorOp>(loc, *result);
  }
  return importer.mapResult(node, result);
}

template <ComparisonPredicate predicate>
static LogicalResult convertCompare(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *lhs = importer.lookup(node->input(0));
  const ImportedValue *rhs = importer.lookup(node->input(1));
  if (!lhs || !rhs)
    return importer.emitNodeError(node, "operand was not imported");
  Type elementType = promotedElementType(*lhs, *rhs);
  if (!elementType)
    return importer.emitNodeError(node, "needs a tensor operand");
  FailureOr<Value> a = getPromoted(importer, node, 0, elementType);
  FailureOr<Value> b = getPromoted(importer, node, 1, elementType);
  if (failed(a) || failed(b))
    return failure();
  return importer.mapResult(
      node,
      importer.create<CompareOp>(importer.getLoc(node), predicate, *a, *b));
}

/// aten::where(condition, a, b).
static LogicalResult convertWhere(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> condition = importer.getTensor(node, 0);
  const ImportedValue *lhs = importer.lookup(node->input(1));
  const ImportedValue *rhs = importer.lookup(node->input(2));
  if (failed(condition) || !lhs || !rhs)
    return failure();
  Type elementType = promotedElementType(*lhs, *rhs);
  if (!elementType)
    elementType = importer.getBuilder().getF32Type();
  FailureOr<Value> a = getPromoted(importer, node, 1, elementType);
  FailureOr<Value> b = getPromoted(importer, node, 2, elementType);
  if (failed(a) || failed(b))
    return failure();
  return importer.mapResult(
      node,
      importer.create<WhereOp>(importer.getLoc(node), *condition, *a, *b));
}

void mlir::mdf::torchscript::addElementwiseConverters(ConverterMap &map) {
  addWithInPlace(map, "aten::relu", convertUnary<ReluOp>);
  addWithInPlace(map, "aten::sigmoid", convertUnary<SigmoidOp>);
  addWithInPlace(map, "aten::tanh", convertUnary<TanhOp>);
  addWithInPlace(map, "aten::silu", convertUnary<SiluOp>);
  addWithInPlace(map, "aten::hardswish", convertUnary<HardswishOp>);
  addWithInPlace(map, "aten::hardsigmoid", convertUnary<HardsigmoidOp>);
  addWithInPlace(map, "aten::exp", convertUnary<ExpOp>);
  addWithInPlace(map, "aten::log", convertUnary<LogOp>);
  addWithInPlace(map, "aten::sqrt", convertUnary<SqrtOp>);
  addWithInPlace(map, "aten::rsqrt", convertUnary<RsqrtOp>);
  addWithInPlace(map, "aten::erf", convertUnary<ErfOp>);
  addWithInPlace(map, "aten::sin", convertUnary<SinOp>);
  addWithInPlace(map, "aten::cos", convertUnary<CosOp>);
  addWithInPlace(map, "aten::neg", convertUnary<NegOp>);
  addWithInPlace(map, "aten::abs", convertUnary<AbsOp>);
  addWithInPlace(map, "aten::floor", convertUnary<FloorOp>);
  addWithInPlace(map, "aten::ceil", convertUnary<CeilOp>);
  addWithInPlace(map, "aten::clamp", convertClip);
  addWithInPlace(map, "aten::hardtanh", convertClip);
  addWithInPlace(map, "aten::relu6", convertClip);
  addWithInPlace(map, "aten::leaky_relu", convertLeakyRelu);
  map["aten::gelu"] = convertGelu;
  addWithInPlace(map, "aten::add", convertBinary<AddOp>);
  addWithInPlace(map, "aten::sub", convertBinary<SubOp>);
  addWithInPlace(map, "aten::mul", convertBinary<MulOp>);
  addWithInPlace(map, "aten::div", convertBinary<DivOp>);
  addWithInPlace(map, "aten::pow", convertBinary<PowOp>);
  map["aten::floor_divide"] = convertBinary<DivOp>;
  map["aten::floordiv"] = convertBinary<DivOp>;
  map["aten::maximum"] = convertBinary<MaximumOp>;
  map["aten::minimum"] = convertBinary<MinimumOp>;
  map["aten::eq"] = convertCompare<ComparisonPredicate::eq>;
  map["aten::ne"] = convertCompare<ComparisonPredicate::ne>;
  map["aten::lt"] = convertCompare<ComparisonPredicate::lt>;
  map["aten::le"] = convertCompare<ComparisonPredicate::le>;
  map["aten::gt"] = convertCompare<ComparisonPredicate::gt>;
  map["aten::ge"] = convertCompare<ComparisonPredicate::ge>;
  map["aten::where"] = convertWhere;
}
