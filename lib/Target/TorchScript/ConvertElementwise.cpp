//===- ConvertElementwise.cpp - elementwise aten operators ----------------===//
//
// This file implements the converters of aten's elementwise math,
// activations and comparisons, and the integer arithmetic that shape
// computations do on numbers known at compile time.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <cmath>

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

/// Float math (exp, sqrt, sin, ...): integer and boolean inputs are
/// computed in the default float type, as PyTorch does.
template <typename OpTy>
static LogicalResult convertFloatUnary(GraphImporter &importer,
                                       jit::Node *node) {
  FailureOr<Value> input = importer.getFloatTensor(node, 0);
  if (failed(input))
    return failure();
  return importer.mapResult(
      node, importer.create<OpTy>(importer.getLoc(node), *input));
}

/// Rounding (floor, ceil, trunc, round): integers are already whole and
/// come back unchanged.
template <typename OpTy>
static LogicalResult convertRounding(GraphImporter &importer,
                                     jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  if (!isFloatElement(*input)) {
    importer.mapTensor(node->output(), *input);
    return success();
  }
  return importer.mapResult(
      node, importer.create<OpTy>(importer.getLoc(node), *input));
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
  } else if (llvm::any_of(llvm::seq(1u, 3u), [&](unsigned index) {
               const ImportedValue *bound = index < node->inputs().size()
                                                ? importer.lookup(node->input(index))
                                                : nullptr;
               return bound && bound->kind == ImportedValue::Kind::Tensor;
             })) {
    // Tensor bounds: maximum and minimum in the promoted type.
    const ImportedValue *operands[] = {importer.lookup(node->input(0)),
                                       importer.lookup(node->input(1)),
                                       importer.lookup(node->input(2))};
    Type elementType = resultElementType(importer.getContext(), operands);
    Location loc = importer.getLoc(node);
    FailureOr<Value> result = importer.getTensorAs(node, 0, elementType);
    if (!importer.isNone(node, 1)) {
      FailureOr<Value> low = importer.getTensorAs(node, 1, elementType);
      if (failed(result) || failed(low))
        return failure();
      result = importer.create<MaximumOp>(loc, *result, *low);
    }
    if (!importer.isNone(node, 2)) {
      FailureOr<Value> high = importer.getTensorAs(node, 2, elementType);
      if (failed(result) || failed(high))
        return failure();
      result = importer.create<MinimumOp>(loc, *result, *high);
    }
    return importer.mapResult(node, result);
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

//===----------------------------------------------------------------------===//
// Arithmetic on numbers known at compile time (shape computations)
//===----------------------------------------------------------------------===//

/// A compile-time number as a double, or nullopt when `value` is none.
static std::optional<double> asDouble(const ImportedValue &value) {
  switch (value.kind) {
  case ImportedValue::Kind::Int:
    return static_cast<double>(value.intValue);
  case ImportedValue::Kind::Float:
    return value.floatValue;
  case ImportedValue::Kind::Bool:
    return value.boolValue ? 1.0 : 0.0;
  default:
    return std::nullopt;
  }
}

static bool isIntegral(const ImportedValue &value) {
  return value.kind == ImportedValue::Kind::Int ||
         value.kind == ImportedValue::Kind::Bool;
}

static int64_t asInt(const ImportedValue &value) {
  return value.kind == ImportedValue::Kind::Bool ? value.boolValue
                                                 : value.intValue;
}

/// Python's floor division and modulo of integers.
static int64_t floorDivide(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
static int64_t floorModulo(int64_t a, int64_t b) { return a - floorDivide(a, b) * b; }

/// Products and exact quotients of sizes known only at run time (a dynamic
/// batch times the static sizes, as `b * h * w` or `n // heads`); other
/// arithmetic on them is reported.
static FailureOr<ImportedValue> foldDynamicSizes(GraphImporter &importer,
                                                 jit::Node *node,
                                                 StringRef kind,
                                                 const ImportedValue &lhs,
                                                 const ImportedValue &rhs,
                                                 StringRef rounding) {
  auto asProduct = [](const ImportedValue &value)
      -> std::optional<std::pair<int64_t, std::vector<DynamicDim>>> {
    if (value.kind == ImportedValue::Kind::DynamicSize)
      return std::make_pair(value.intValue, value.dynamicFactors);
    if (value.kind == ImportedValue::Kind::Int)
      return std::make_pair(value.intValue, std::vector<DynamicDim>());
    return std::nullopt;
  };
  auto x = asProduct(lhs), y = asProduct(rhs);
  bool isExactDivision =
      (kind == "aten::floordiv" || kind == "aten::floor_divide" ||
       (kind == "aten::div" && (rounding == "trunc" || rounding == "floor"))) &&
      y && y->second.empty() && y->first > 0 && x &&
      x->first % y->first == 0;
  if (kind == "aten::mul" && x && y) {
    std::vector<DynamicDim> dims = x->second;
    llvm::append_range(dims, y->second);
    return ImportedValue::ofDynamicSize(x->first * y->first, std::move(dims));
  }
  if (isExactDivision)
    return ImportedValue::ofDynamicSize(x->first / y->first, x->second);
  return importer.emitNodeError(
      node, "only products and exact divisions of a size known only at run "
            "time (a '?' of --input-shape) are supported; give a static size "
            "in --input-shape");
}

/// Evaluates `kind` on two compile-time numbers as Python (and TorchScript)
/// does: ints stay ints except for true division, which gives a float.
/// `rounding` is aten::div's rounding_mode ("" for true division).
static FailureOr<ImportedValue> foldNumbers(GraphImporter &importer,
                                            jit::Node *node, StringRef kind,
                                            const ImportedValue &lhs,
                                            const ImportedValue &rhs,
                                            StringRef rounding) {
  kind.consume_back("_");
  if (lhs.kind == ImportedValue::Kind::DynamicSize ||
      rhs.kind == ImportedValue::Kind::DynamicSize)
    return foldDynamicSizes(importer, node, kind, lhs, rhs, rounding);
  std::optional<double> x = asDouble(lhs), y = asDouble(rhs);
  if (!x || !y)
    return importer.emitNodeError(node, "needs a tensor operand or two numbers");
  bool integers = isIntegral(lhs) && isIntegral(rhs);
  int64_t a = integers ? asInt(lhs) : 0, b = integers ? asInt(rhs) : 0;
  bool isDivision = kind == "aten::div" || kind == "aten::floor_divide" ||
                    kind == "aten::floordiv" || kind == "aten::remainder" ||
                    kind == "aten::fmod" || kind == "aten::divmod";
  if (isDivision && *y == 0)
    return importer.emitNodeError(node, "division by zero");
  if (kind == "aten::div" && rounding.empty())
    return ImportedValue::ofFloat(*x / *y);
  if (kind == "aten::div" && rounding == "trunc")
    return integers ? ImportedValue::ofInt(a / b)
                    : ImportedValue::ofFloat(std::trunc(*x / *y));
  if ((kind == "aten::div" && rounding == "floor") ||
      kind == "aten::floor_divide" || kind == "aten::floordiv")
    return integers ? ImportedValue::ofInt(floorDivide(a, b))
                    : ImportedValue::ofFloat(std::floor(*x / *y));
  if (kind == "aten::remainder")
    return integers ? ImportedValue::ofInt(floorModulo(a, b))
                    : ImportedValue::ofFloat(*x - std::floor(*x / *y) * *y);
  if (kind == "aten::fmod")
    return integers ? ImportedValue::ofInt(a % b)
                    : ImportedValue::ofFloat(std::fmod(*x, *y));
  if (kind == "aten::add")
    return integers ? ImportedValue::ofInt(a + b) : ImportedValue::ofFloat(*x + *y);
  if (kind == "aten::sub")
    return integers ? ImportedValue::ofInt(a - b) : ImportedValue::ofFloat(*x - *y);
  if (kind == "aten::mul")
    return integers ? ImportedValue::ofInt(a * b) : ImportedValue::ofFloat(*x * *y);
  if (kind == "aten::pow")
    return integers && b >= 0
               ? ImportedValue::ofInt(static_cast<int64_t>(std::pow(*x, *y)))
               : ImportedValue::ofFloat(std::pow(*x, *y));
  if (kind == "aten::maximum" || kind == "prim::max")
    return integers ? ImportedValue::ofInt(std::max(a, b))
                    : ImportedValue::ofFloat(std::max(*x, *y));
  if (kind == "aten::minimum" || kind == "prim::min")
    return integers ? ImportedValue::ofInt(std::min(a, b))
                    : ImportedValue::ofFloat(std::min(*x, *y));
  return importer.emitNodeError(node, "cannot evaluate on these numbers");
}

/// The rounding_mode operand of aten::div ("" when absent or None).
static FailureOr<std::string> getRoundingMode(GraphImporter &importer,
                                              jit::Node *node) {
  StringRef kind = node->kind().toQualString();
  if (!kind.starts_with("aten::div") || importer.isNone(node, 2))
    return std::string();
  const ImportedValue *mode = importer.lookup(node->input(2));
  if (!mode || mode->kind != ImportedValue::Kind::String ||
      (mode->string != "trunc" && mode->string != "floor"))
    return importer.emitNodeError(
        node, "rounding_mode must be None, 'trunc' or 'floor'");
  return mode->string;
}

//===----------------------------------------------------------------------===//
// Arithmetic on tensors
//===----------------------------------------------------------------------===//

FailureOr<Value> mlir::mdf::torchscript::buildFloorDivide(
    GraphImporter &importer, Location loc, Value a, Value b) {
  if (isFloatElement(a)) {
    FailureOr<Value> quotient = importer.create<DivOp>(loc, a, b);
    if (failed(quotient))
      return failure();
    return importer.create<FloorOp>(loc, *quotient);
  }
  FailureOr<Value> remainder = importer.create<RemainderOp>(loc, a, b);
  if (failed(remainder))
    return failure();
  FailureOr<Value> exact = importer.create<SubOp>(loc, a, *remainder);
  if (failed(exact))
    return failure();
  return importer.create<DivOp>(loc, *exact, b);
}

/// a ** b. PyTorch raises integers to integer powers exactly; that is
/// computed in f64 (exact up to 2^53) and converted back.
static FailureOr<Value> buildPow(GraphImporter &importer, Location loc,
                                 Value a, Value b) {
  if (isFloatElement(a))
    return importer.create<PowOp>(loc, a, b);
  Type resultType = getTensorType(a).getElementType();
  Type f64 = Float64Type::get(importer.getContext());
  FailureOr<Value> x = importer.castTo(loc, a, f64);
  FailureOr<Value> y = importer.castTo(loc, b, f64);
  if (failed(x) || failed(y))
    return failure();
  FailureOr<Value> power = importer.create<PowOp>(loc, *x, *y);
  if (failed(power))
    return failure();
  FailureOr<Value> rounded = importer.create<RoundOp>(loc, *power);
  if (failed(rounded))
    return failure();
  return importer.castTo(loc, *rounded, resultType);
}

/// Binary arithmetic: add, sub, mul, div (with rounding modes),
/// floor_divide, remainder, fmod, pow, maximum, minimum; on two numbers
/// known at compile time it is evaluated.
static LogicalResult convertBinary(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *lhs = importer.lookup(node->input(0));
  const ImportedValue *rhs = importer.lookup(node->input(1));
  if (!lhs || !rhs)
    return importer.emitNodeError(node, "operand was not imported");
  std::string kind = node->kind().toQualString();
  if (StringRef(kind).ends_with("_"))
    kind.pop_back();
  // rsub(a, b, alpha) = b - alpha * a: sub with the operands swapped.
  unsigned lhsIndex = 0, rhsIndex = 1;
  if (kind == "aten::rsub") {
    std::swap(lhs, rhs);
    std::swap(lhsIndex, rhsIndex);
    kind = "aten::sub";
  }
  FailureOr<std::string> rounding = getRoundingMode(importer, node);
  if (failed(rounding))
    return failure();
  // list + list: the concatenation (aten::add.t).
  if (kind == "aten::add" && lhs->kind == ImportedValue::Kind::List &&
      rhs->kind == ImportedValue::Kind::List) {
    std::vector<ImportedValue> elements = lhs->elements;
    elements.insert(elements.end(), rhs->elements.begin(), rhs->elements.end());
    importer.map(node->output(), ImportedValue::ofList(std::move(elements)));
    return success();
  }
  if (lhs->kind != ImportedValue::Kind::Tensor &&
      rhs->kind != ImportedValue::Kind::Tensor) {
    FailureOr<ImportedValue> value =
        foldNumbers(importer, node, kind, *lhs, *rhs, *rounding);
    if (failed(value))
      return failure();
    importer.map(node->output(), *value);
    return success();
  }
  MLIRContext *context = importer.getContext();
  Type elementType = resultElementType(context, {lhs, rhs});
  if (!elementType)
    return importer.emitNodeError(node, "needs a tensor operand or two numbers");
  // True division and pow with a float exponent compute in floats.
  if (kind == "aten::div" && rounding->empty() && !isa<FloatType>(elementType))
    elementType = defaultFloatType(context);
  if (elementType.isInteger(1) && kind != "aten::maximum" &&
      kind != "aten::minimum" && kind != "aten::mul" && kind != "aten::add")
    elementType = IntegerType::get(context, 64);
  Location loc = importer.getLoc(node);
  FailureOr<Value> a = importer.getTensorAs(node, lhsIndex, elementType);
  FailureOr<Value> b = importer.getTensorAs(node, rhsIndex, elementType);
  if (failed(a) || failed(b))
    return failure();
  // add/sub(a, b, alpha) compute a +/- alpha * b.
  if ((kind == "aten::add" || kind == "aten::sub") &&
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
  FailureOr<Value> result;
  if (kind == "aten::add")
    result = elementType.isInteger(1)
                 ? importer.create<MaximumOp>(loc, *a, *b) // logical or
                 : importer.create<AddOp>(loc, *a, *b);
  else if (kind == "aten::sub")
    result = importer.create<SubOp>(loc, *a, *b);
  else if (kind == "aten::mul")
    result = elementType.isInteger(1)
                 ? importer.create<MinimumOp>(loc, *a, *b) // logical and
                 : importer.create<MulOp>(loc, *a, *b);
  else if (kind == "aten::div" && *rounding == "trunc")
    result = isa<FloatType>(elementType)
                 ? [&]() -> FailureOr<Value> {
                     FailureOr<Value> q = importer.create<DivOp>(loc, *a, *b);
                     if (failed(q))
                       return failure();
                     return importer.create<TruncOp>(loc, *q);
                   }()
                 : importer.create<DivOp>(loc, *a, *b);
  else if (kind == "aten::div" && *rounding == "floor")
    result = buildFloorDivide(importer, loc, *a, *b);
  else if (kind == "aten::div")
    result = importer.create<DivOp>(loc, *a, *b);
  else if (kind == "aten::floor_divide" || kind == "aten::floordiv")
    result = buildFloorDivide(importer, loc, *a, *b);
  else if (kind == "aten::remainder")
    result = importer.create<RemainderOp>(loc, *a, *b);
  else if (kind == "aten::fmod")
    result = importer.create<FmodOp>(loc, *a, *b);
  else if (kind == "aten::pow")
    result = buildPow(importer, loc, *a, *b);
  else if (kind == "aten::maximum")
    result = importer.create<MaximumOp>(loc, *a, *b);
  else if (kind == "aten::minimum")
    result = importer.create<MinimumOp>(loc, *a, *b);
  else
    return importer.emitNodeError(node, "is not a binary arithmetic operator");
  return importer.mapResult(node, result);
}

/// Compile-time comparison of two numbers, as TorchScript's control flow
/// and shape checks do.
static std::optional<bool> compareNumbers(ComparisonPredicate predicate,
                                          double a, double b) {
  switch (predicate) {
  case ComparisonPredicate::eq:
    return a == b;
  case ComparisonPredicate::ne:
    return a != b;
  case ComparisonPredicate::lt:
    return a < b;
  case ComparisonPredicate::le:
    return a <= b;
  case ComparisonPredicate::gt:
    return a > b;
  case ComparisonPredicate::ge:
    return a >= b;
  }
  return std::nullopt;
}

/// Equality of compile-time values: numbers, strings, None and lists of
/// them (shape checks compare size lists); nullopt when a tensor is in it.
static std::optional<bool> equalValues(const GraphImporter &importer, const ImportedValue &a,
                                       const ImportedValue &b) {
  std::optional<double> x = asDouble(a), y = asDouble(b);
  if (x && y)
    return *x == *y;
  // Shape checks (`key.shape == value.shape`) on the same dynamic size.
  if (importer.sameDynamicSize(a, b))
    return true;
  if (a.kind == ImportedValue::Kind::DynamicSize ||
      b.kind == ImportedValue::Kind::DynamicSize)
    return std::nullopt; // known only at run time
  if (a.kind == ImportedValue::Kind::Tensor ||
      b.kind == ImportedValue::Kind::Tensor)
    return std::nullopt;
  if (a.kind != b.kind)
    return false;
  switch (a.kind) {
  case ImportedValue::Kind::None:
    return true;
  case ImportedValue::Kind::String:
    return a.string == b.string;
  case ImportedValue::Kind::List: {
    if (a.elements.size() != b.elements.size())
      return false;
    for (auto [ea, eb] : llvm::zip(a.elements, b.elements)) {
      std::optional<bool> equal = equalValues(importer, ea, eb);
      if (!equal || !*equal)
        return equal;
    }
    return true;
  }
  default:
    return std::nullopt;
  }
}

template <ComparisonPredicate predicate>
static LogicalResult convertCompare(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *lhs = importer.lookup(node->input(0));
  const ImportedValue *rhs = importer.lookup(node->input(1));
  if (!lhs || !rhs)
    return importer.emitNodeError(node, "operand was not imported");
  if ((predicate == ComparisonPredicate::eq ||
       predicate == ComparisonPredicate::ne) &&
      lhs->kind != ImportedValue::Kind::Tensor &&
      rhs->kind != ImportedValue::Kind::Tensor)
    if (std::optional<bool> equal = equalValues(importer, *lhs, *rhs)) {
      bool result = predicate == ComparisonPredicate::eq ? *equal : !*equal;
      importer.map(node->output(), ImportedValue::ofBool(result));
      return success();
    }
  std::optional<double> x = asDouble(*lhs), y = asDouble(*rhs);
  if (x && y) {
    importer.map(node->output(),
                 ImportedValue::ofBool(*compareNumbers(predicate, *x, *y)));
    return success();
  }
  auto isDynamic = [](const ImportedValue *value) {
    return value->kind == ImportedValue::Kind::DynamicSize ||
           llvm::any_of(value->elements, [](const ImportedValue &element) {
             return element.kind == ImportedValue::Kind::DynamicSize;
           });
  };
  if (isDynamic(lhs) || isDynamic(rhs))
    return importer.emitNodeError(
        node, "compares a size known only at run time (a '?' of "
              "--input-shape) with one it cannot be shown equal to; give a "
              "static size in --input-shape");
  Type elementType =
      resultElementType(importer.getContext(), {lhs, rhs});
  if (!elementType)
    return importer.emitNodeError(node, "needs a tensor operand");
  FailureOr<Value> a = importer.getTensorAs(node, 0, elementType);
  FailureOr<Value> b = importer.getTensorAs(node, 1, elementType);
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
  Type elementType = resultElementType(importer.getContext(), {lhs, rhs});
  if (!elementType)
    elementType = defaultFloatType(importer.getContext());
  Location loc = importer.getLoc(node);
  condition = importer.castTo(loc, *condition,
                              IntegerType::get(importer.getContext(), 1));
  FailureOr<Value> a = importer.getTensorAs(node, 1, elementType);
  FailureOr<Value> b = importer.getTensorAs(node, 2, elementType);
  if (failed(condition) || failed(a) || failed(b))
    return failure();
  return importer.mapResult(node,
                            importer.create<WhereOp>(loc, *condition, *a, *b));
}

void mlir::mdf::torchscript::addElementwiseConverters(ConverterMap &map) {
  addWithInPlace(map, "aten::relu", convertUnary<ReluOp>);
  addWithInPlace(map, "aten::neg", [](GraphImporter &importer,
                                      jit::Node *node) -> LogicalResult {
    // -n of a Python number stays a number.
    const ImportedValue *value = importer.lookup(node->input(0));
    if (value && value->kind == ImportedValue::Kind::Int) {
      importer.map(node->output(), ImportedValue::ofInt(-value->intValue));
      return success();
    }
    if (value && value->kind == ImportedValue::Kind::Float) {
      importer.map(node->output(), ImportedValue::ofFloat(-value->floatValue));
      return success();
    }
    return convertUnary<NegOp>(importer, node);
  });
  addWithInPlace(map, "aten::abs", convertUnary<AbsOp>);
  addWithInPlace(map, "aten::sigmoid", convertFloatUnary<SigmoidOp>);
  addWithInPlace(map, "aten::tanh", convertFloatUnary<TanhOp>);
  addWithInPlace(map, "aten::silu", convertFloatUnary<SiluOp>);
  addWithInPlace(map, "aten::hardswish", convertFloatUnary<HardswishOp>);
  addWithInPlace(map, "aten::hardsigmoid", convertFloatUnary<HardsigmoidOp>);
  addWithInPlace(map, "aten::exp", convertFloatUnary<ExpOp>);
  addWithInPlace(map, "aten::expm1", convertFloatUnary<Expm1Op>);
  addWithInPlace(map, "aten::log", convertFloatUnary<LogOp>);
  addWithInPlace(map, "aten::log2", convertFloatUnary<Log2Op>);
  addWithInPlace(map, "aten::log1p", convertFloatUnary<Log1pOp>);
  addWithInPlace(map, "aten::sqrt", convertFloatUnary<SqrtOp>);
  addWithInPlace(map, "aten::rsqrt", convertFloatUnary<RsqrtOp>);
  addWithInPlace(map, "aten::erf", convertFloatUnary<ErfOp>);
  addWithInPlace(map, "aten::sin", convertFloatUnary<SinOp>);
  addWithInPlace(map, "aten::cos", convertFloatUnary<CosOp>);
  addWithInPlace(map, "aten::tan", convertFloatUnary<TanOp>);
  addWithInPlace(map, "aten::sinh", convertFloatUnary<SinhOp>);
  addWithInPlace(map, "aten::cosh", convertFloatUnary<CoshOp>);
  addWithInPlace(map, "aten::asin", convertFloatUnary<ArcsinOp>);
  addWithInPlace(map, "aten::acos", convertFloatUnary<ArccosOp>);
  addWithInPlace(map, "aten::atan", convertFloatUnary<ArctanOp>);
  addWithInPlace(map, "aten::floor", convertRounding<FloorOp>);
  addWithInPlace(map, "aten::ceil", convertRounding<CeilOp>);
  addWithInPlace(map, "aten::trunc", convertRounding<TruncOp>);
  addWithInPlace(map, "aten::round", convertRounding<RoundOp>);
  addWithInPlace(map, "aten::clamp", convertClip);
  addWithInPlace(map, "aten::hardtanh", convertClip);
  addWithInPlace(map, "aten::relu6", convertClip);
  addWithInPlace(map, "aten::leaky_relu", convertLeakyRelu);
  map["aten::gelu"] = convertGelu;
  for (const char *name :
       {"aten::add", "aten::sub", "aten::rsub", "aten::mul", "aten::div", "aten::pow",
        "aten::remainder", "aten::fmod", "aten::floor_divide"})
    addWithInPlace(map, name, convertBinary);
  map["aten::floordiv"] = convertBinary;
  map["aten::maximum"] = convertBinary;
  map["aten::minimum"] = convertBinary;
  // max(a, b) and min(a, b) of Python numbers.
  for (const char *name : {"prim::max", "prim::min"})
    map[name] = [](GraphImporter &importer, jit::Node *node) {
      if (node->inputs().size() != 2)
        return importer.emitNodeError(
            node, "only max/min of two numbers is supported");
      return convertBinary(importer, node);
    };
  map["aten::eq"] = convertCompare<ComparisonPredicate::eq>;
  map["aten::ne"] = convertCompare<ComparisonPredicate::ne>;
  map["aten::lt"] = convertCompare<ComparisonPredicate::lt>;
  map["aten::le"] = convertCompare<ComparisonPredicate::le>;
  map["aten::gt"] = convertCompare<ComparisonPredicate::gt>;
  map["aten::ge"] = convertCompare<ComparisonPredicate::ge>;
  map["aten::where"] = convertWhere;
}
