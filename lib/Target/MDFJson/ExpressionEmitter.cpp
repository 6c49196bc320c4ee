//===- ExpressionEmitter.cpp - MDF expressions to mdf ops -----------------===//

#include "ExpressionEmitter.h"
#include "OnnxOps.h"
#include "JsonAttributes.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSwitch.h"
#include <cmath>

using namespace mlir;
using namespace mlir::mdf;

/// `value` as an integer when it is one that a double holds exactly
/// (|value| <= 2^53); converting anything else would be undefined.
static std::optional<int64_t> exactInteger(double value) {
  if (!(std::fabs(value) <= 9007199254740992.0) ||
      value != std::floor(value))
    return std::nullopt;
  return static_cast<int64_t>(value);
}

RankedTensorType mlir::mdf::getF64TensorType(MLIRContext *context,
                                             ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float64Type::get(context));
}

std::optional<SmallVector<int64_t>>
mlir::mdf::broadcastShapes(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (x != y && x != 1 && y != 1)
      return std::nullopt;
    result[i] = x == 1 ? y : x;
  }
  return result;
}

InFlightDiagnostic ExpressionEmitter::error(const Twine &message,
                                            unsigned column) {
  return emitError(loc) << "in expression '" << source << "': " << message
                        << " (column " << column << ")";
}

FailureOr<Value> ExpressionEmitter::inferResultType(Operation *op,
                                                    unsigned column) {
  auto infer = cast<InferTypeOpInterface>(op);
  SmallVector<Type> types;
  std::string reason;
  LogicalResult inferred = failure();
  {
    ScopedDiagnosticHandler capture(op->getContext(), [&](Diagnostic &diag) {
      if (reason.empty())
        reason = diag.str();
      return success();
    });
    inferred = infer.inferReturnTypes(
        op->getContext(), op->getLoc(), op->getOperands(),
        op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
        op->getRegions(), types);
  }
  if (failed(inferred)) {
    StringRef name = op->getName().getStringRef();
    op->erase();
    return error(name + ": " + reason, column);
  }
  op->getResult(0).setType(types.front());
  return op->getResult(0);
}

Value ExpressionEmitter::emitConstant(ArrayRef<int64_t> shape,
                                      ArrayRef<double> values) {
  auto type = getF64TensorType(builder.getContext(), shape);
  return ConstantOp::create(builder, loc,
                            DenseElementsAttr::get(type, values));
}

FailureOr<Value> ExpressionEmitter::toFloat(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType().isF64())
    return value;
  return CastOp::create(builder, loc,
                        getF64TensorType(builder.getContext(),
                                         type.getShape()),
                        value)
      .getResult();
}

FailureOr<Value> ExpressionEmitter::toBool(Value value, unsigned column) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getElementType().isInteger(1))
    return value;
  return create<CompareOp>(column, ComparisonPredicate::ne, value,
                           emitConstant({}, 0.0));
}

FailureOr<Value> ExpressionEmitter::broadcastTo(Value value,
                                                RankedTensorType type,
                                                StringRef what) {
  auto from = cast<RankedTensorType>(value.getType());
  if (from == type)
    return value;
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(from.getShape(), type.getShape());
  if (!shape || ArrayRef<int64_t>(*shape) != type.getShape()) {
    emitError(loc) << what << " has type " << from
                   << ", which does not broadcast to " << type;
    return failure();
  }
  return ExpandOp::create(builder, loc, type, value,
                          builder.getDenseI64ArrayAttr(type.getShape()))
      .getResult();
}

FailureOr<Value> ExpressionEmitter::emitNumber(const Expr &expr) {
  FailureOr<Value> value = emit(expr);
  if (failed(value))
    return failure();
  return toFloat(*value);
}

FailureOr<Value> ExpressionEmitter::emitTest(const Expr &expr) {
  FailureOr<Value> value = emit(expr);
  if (failed(value))
    return failure();
  return toBool(*value, expr.column);
}

/// `math.exp`, `numpy.exp` and `np.exp` all mean `exp`.
static StringRef stripModule(StringRef name) {
  for (StringRef prefix : {"math.", "numpy.", "np."})
    if (name.consume_front(prefix))
      return name;
  return name;
}

FailureOr<Value> ExpressionEmitter::emitName(StringRef name,
                                             unsigned column) {
  NameInfo info = lookup(name);
  if (info.value)
    return info.value;
  if (info.state == NameInfo::State::Known)
    return RefOp::create(builder, loc, info.type, name).getResult();
  if (info.state == NameInfo::State::Pending) {
    pending = true;
    return failure();
  }
  StringRef bare = stripModule(name);
  if (bare == "pi")
    return emitConstant({}, M_PI);
  if (bare == "e")
    return emitConstant({}, M_E);
  if (bare == "inf")
    return emitConstant({}, INFINITY);
  return error("unknown name '" + name + "'", column);
}

FailureOr<Value> ExpressionEmitter::emit(const Expr &expr) {
  switch (expr.kind) {
  case Expr::Kind::Number:
    return emitConstant({}, expr.number);
  case Expr::Kind::Name:
    return emitName(expr.text, expr.column);
  case Expr::Kind::List:
    return emitList(expr);
  case Expr::Kind::Index:
    return emitIndex(expr);
  case Expr::Kind::Call:
    return emitCall(expr);
  case Expr::Kind::Unary: {
    if (expr.text == "not") {
      FailureOr<Value> operand = emitNumber(*expr.operands[0]);
      if (failed(operand))
        return failure();
      return create<CompareOp>(expr.column, ComparisonPredicate::eq, *operand,
                               emitConstant({}, 0.0));
    }
    // Fold the sign into number literals: `-1` is a constant.
    if (expr.operands[0]->kind == Expr::Kind::Number)
      return emitConstant({}, expr.text == "-" ? -expr.operands[0]->number
                                               : expr.operands[0]->number);
    FailureOr<Value> operand = emitNumber(*expr.operands[0]);
    if (failed(operand) || expr.text == "+")
      return operand;
    return create<NegOp>(expr.column, *operand);
  }
  case Expr::Kind::Binary: {
    FailureOr<Value> lhs = emitNumber(*expr.operands[0]);
    if (failed(lhs))
      return failure();
    FailureOr<Value> rhs = emitNumber(*expr.operands[1]);
    if (failed(rhs))
      return failure();
    return emitBinary(expr.text, *lhs, *rhs, expr.column);
  }
  case Expr::Kind::Compare: {
    FailureOr<Value> lhs = emitNumber(*expr.operands[0]);
    if (failed(lhs))
      return failure();
    FailureOr<Value> rhs = emitNumber(*expr.operands[1]);
    if (failed(rhs))
      return failure();
    auto predicate = llvm::StringSwitch<ComparisonPredicate>(expr.text)
                         .Case("<", ComparisonPredicate::lt)
                         .Case("<=", ComparisonPredicate::le)
                         .Case(">", ComparisonPredicate::gt)
                         .Case(">=", ComparisonPredicate::ge)
                         .Case("==", ComparisonPredicate::eq)
                         .Default(ComparisonPredicate::ne);
    return create<CompareOp>(expr.column, predicate, *lhs, *rhs);
  }
  case Expr::Kind::Logical: {
    FailureOr<Value> lhs = emitTest(*expr.operands[0]);
    if (failed(lhs))
      return failure();
    FailureOr<Value> rhs = emitTest(*expr.operands[1]);
    if (failed(rhs))
      return failure();
    auto boolType = RankedTensorType::get({}, builder.getI1Type());
    Value constant = ConstantOp::create(
        builder, loc,
        DenseElementsAttr::get(boolType, expr.text == "or"));
    // a and b = where(a, b, false); a or b = where(a, true, b).
    if (expr.text == "and")
      return create<WhereOp>(expr.column, *lhs, *rhs, constant);
    return create<WhereOp>(expr.column, *lhs, constant, *rhs);
  }
  }
  return failure();
}

FailureOr<Value> ExpressionEmitter::emitBinary(StringRef op, Value lhs,
                                               Value rhs, unsigned column) {
  if (op == "+")
    return create<AddOp>(column, lhs, rhs);
  if (op == "-")
    return create<SubOp>(column, lhs, rhs);
  if (op == "*")
    return create<MulOp>(column, lhs, rhs);
  if (op == "/")
    return create<DivOp>(column, lhs, rhs);
  if (op == "**")
    return create<PowOp>(column, lhs, rhs);
  if (op == "@")
    return create<MatMulOp>(column, lhs, rhs);
  // Python's floor division and modulo: floor(a / b), a - floor(a / b) * b.
  FailureOr<Value> quotient = create<DivOp>(column, lhs, rhs);
  if (failed(quotient))
    return failure();
  FailureOr<Value> floored = create<FloorOp>(column, *quotient);
  if (failed(floored) || op == "//")
    return floored;
  FailureOr<Value> product = create<MulOp>(column, *floored, rhs);
  if (failed(product))
    return failure();
  return create<SubOp>(column, lhs, *product);
}

/// Collects the numbers of a nested list literal into `values` and its
/// shape into `shape`; false when it is not a rectangular list of numbers.
static bool flattenList(const Expr &expr, std::vector<double> &values,
                        SmallVector<int64_t> &shape, size_t depth) {
  if (expr.kind == Expr::Kind::Number) {
    if (depth != shape.size())
      return false;
    values.push_back(expr.number);
    return true;
  }
  if (expr.kind == Expr::Kind::Unary && expr.text == "-" &&
      expr.operands[0]->kind == Expr::Kind::Number) {
    if (depth != shape.size())
      return false;
    values.push_back(-expr.operands[0]->number);
    return true;
  }
  if (expr.kind != Expr::Kind::List)
    return false;
  if (!recordListSize(shape, depth, expr.operands.size(), !values.empty()))
    return false;
  for (const auto &element : expr.operands)
    if (!flattenList(*element, values, shape, depth + 1))
      return false;
  return true;
}

FailureOr<Value> ExpressionEmitter::emitList(const Expr &expr) {
  std::vector<double> values;
  SmallVector<int64_t> shape;
  if (flattenList(expr, values, shape, 0))
    return emitConstant(shape, values);
  // A list of expressions, as numpy.array([v, w, t]) reads it: the
  // elements broadcast to one shape and are stacked along a new first
  // dimension. (An empty list is a literal: flattenList took it.)
  SmallVector<Value> elements;
  SmallVector<int64_t> common;
  for (const auto &element : expr.operands) {
    FailureOr<Value> value = emitNumber(*element);
    if (failed(value))
      return failure();
    auto type = cast<RankedTensorType>(value->getType());
    std::optional<SmallVector<int64_t>> joined =
        broadcastShapes(common, type.getShape());
    if (!joined)
      return error("the elements of this list have shapes that do not "
                   "broadcast",
                   element->column);
    common = *joined;
    elements.push_back(*value);
  }
  auto elementType = getF64TensorType(builder.getContext(), common);
  SmallVector<int64_t> rowShape{1};
  llvm::append_range(rowShape, common);
  SmallVector<Value> rows;
  for (Value element : elements) {
    FailureOr<Value> broadcast = broadcastTo(element, elementType, "a list element");
    if (failed(broadcast))
      return failure();
    FailureOr<Value> row = create<ReshapeOp>(
        expr.column, *broadcast, builder.getDenseI64ArrayAttr(rowShape));
    if (failed(row))
      return failure();
    rows.push_back(*row);
  }
  if (rows.size() == 1)
    return rows.front();
  return create<ConcatOp>(expr.column, ValueRange(rows),
                          builder.getI64IntegerAttr(0));
}

FailureOr<Value> ExpressionEmitter::emitIndex(const Expr &expr) {
  FailureOr<Value> base = emitNumber(*expr.operands[0]);
  if (failed(base))
    return failure();
  const Expr &subscript = *expr.operands[1];
  double index = subscript.number;
  bool constant = subscript.kind == Expr::Kind::Number;
  if (subscript.kind == Expr::Kind::Unary && subscript.text == "-" &&
      subscript.operands[0]->kind == Expr::Kind::Number) {
    index = -subscript.operands[0]->number;
    constant = true;
  }
  auto type = cast<RankedTensorType>(base->getType());
  std::optional<int64_t> integer = exactInteger(index);
  if (!constant || !integer)
    return error("only constant integer indices are supported",
                 subscript.column);
  if (type.getRank() == 0)
    return error("cannot index a scalar", expr.column);
  int64_t size = type.getDimSize(0);
  if (ShapedType::isDynamic(size))
    return error("cannot index a dimension of unknown size", expr.column);
  if (*integer < -size || *integer >= size)
    return error("index " + Twine(*integer) +
                     " is out of range for a dimension of size " +
                     Twine(size),
                 subscript.column);
  int64_t position = *integer < 0 ? *integer + size : *integer;
  auto indexType = RankedTensorType::get({}, builder.getI64Type());
  Value indices = ConstantOp::create(
      builder, loc, DenseElementsAttr::get(indexType, position));
  return create<GatherOp>(expr.column, *base, indices,
                          builder.getI64IntegerAttr(0));
}

/// Unary functions of the standard library, math and numpy.
template <typename OpTy>
static FailureOr<Value> unary(ExpressionEmitter &emitter, unsigned column,
                              Value operand) {
  return emitter.create<OpTy>(column, operand);
}

FailureOr<Value> ExpressionEmitter::emitCall(const Expr &expr) {
  StringRef name = stripModule(expr.text);
  SmallVector<Value> args;
  for (const auto &argument : expr.operands) {
    FailureOr<Value> value = emitNumber(*argument);
    if (failed(value))
      return failure();
    args.push_back(*value);
  }
  using UnaryFn = FailureOr<Value> (*)(ExpressionEmitter &, unsigned, Value);
  UnaryFn unaryFn = llvm::StringSwitch<UnaryFn>(name)
                        .Case("exp", unary<ExpOp>)
                        .Case("log", unary<LogOp>)
                        .Case("sqrt", unary<SqrtOp>)
                        .Case("sin", unary<SinOp>)
                        .Case("cos", unary<CosOp>)
                        .Case("tan", unary<TanOp>)
                        .Case("sinh", unary<SinhOp>)
                        .Case("cosh", unary<CoshOp>)
                        .Case("tanh", unary<TanhOp>)
                        .Cases({"arcsin", "asin"}, unary<ArcsinOp>)
                        .Cases({"arccos", "acos"}, unary<ArccosOp>)
                        .Cases({"arctan", "atan"}, unary<ArctanOp>)
                        .Cases({"abs", "fabs", "absolute"}, unary<AbsOp>)
                        .Case("floor", unary<FloorOp>)
                        .Case("ceil", unary<CeilOp>)
                        .Default(nullptr);
  auto arity = [&](size_t count) -> LogicalResult {
    if (args.size() == count)
      return success();
    return error("'" + expr.text + "' takes " + Twine(count) +
                     " arguments, not " + Twine(args.size()),
                 expr.column);
  };
  if (unaryFn) {
    if (failed(arity(1)))
      return failure();
    return unaryFn(*this, expr.column, args[0]);
  }
  if (name == "maximum" || name == "max" || name == "fmax") {
    if (failed(arity(2)))
      return failure();
    return create<MaximumOp>(expr.column, args[0], args[1]);
  }
  if (name == "minimum" || name == "min" || name == "fmin") {
    if (failed(arity(2)))
      return failure();
    return create<MinimumOp>(expr.column, args[0], args[1]);
  }
  if (name == "pow" || name == "power") {
    if (failed(arity(2)))
      return failure();
    return create<PowOp>(expr.column, args[0], args[1]);
  }
  if (name == "float") {
    if (failed(arity(1)))
      return failure();
    return args[0];
  }
  if (name == "where") {
    if (failed(arity(3)))
      return failure();
    FailureOr<Value> test = toBool(args[0], expr.column);
    if (failed(test))
      return failure();
    return create<WhereOp>(expr.column, *test, args[1], args[2]);
  }
  return error("unknown function '" + expr.text + "'", expr.column);
}

FailureOr<Value> ExpressionEmitter::emitFunctionCall(
    StringRef function, ArrayRef<std::pair<std::string, Value>> args,
    const CallLiterals &literals) {
  auto arg = [&](StringRef name) -> FailureOr<Value> {
    for (const auto &[key, value] : args)
      if (key == name)
        return value;
    emitError(loc) << "function '" << function << "' needs the argument '"
                   << name << "'";
    return failure();
  };
  // MDF standard functions.
  if (function == "linear") {
    auto x = arg("variable0"), slope = arg("slope"),
         intercept = arg("intercept");
    if (failed(x) || failed(slope) || failed(intercept))
      return failure();
    return create<LinearOp>(1, *x, *slope, *intercept);
  }
  if (function == "logistic") {
    auto x = arg("variable0"), gain = arg("gain"), bias = arg("bias"),
         offset = arg("offset");
    if (failed(x) || failed(gain) || failed(bias) || failed(offset))
      return failure();
    return create<LogisticOp>(1, *x, *gain, *bias, *offset);
  }
  if (function == "exponential") {
    auto x = arg("variable0"), scale = arg("scale"), rate = arg("rate"),
         bias = arg("bias"), offset = arg("offset");
    if (failed(x) || failed(scale) || failed(rate) || failed(bias) ||
        failed(offset))
      return failure();
    return create<ExponentialOp>(1, *x, *scale, *rate, *bias, *offset);
  }
  using UnaryFn = FailureOr<Value> (*)(ExpressionEmitter &, unsigned, Value);
  UnaryFn scaled = llvm::StringSwitch<UnaryFn>(function)
                       .Case("sin", unary<SinOp>)
                       .Case("cos", unary<CosOp>)
                       .Case("tan", unary<TanOp>)
                       .Case("sinh", unary<SinhOp>)
                       .Case("cosh", unary<CoshOp>)
                       .Case("tanh", unary<TanhOp>)
                       .Case("arcsin", unary<ArcsinOp>)
                       .Case("arccos", unary<ArccosOp>)
                       .Case("arctan", unary<ArctanOp>)
                       .Default(nullptr);
  if (scaled) {
    auto x = arg("variable0"), scale = arg("scale");
    if (failed(x) || failed(scale))
      return failure();
    FailureOr<Value> result = scaled(*this, 1, *x);
    if (failed(result))
      return failure();
    return create<MulOp>(1, *scale, *result);
  }
  if (function == "MatMul") {
    auto a = arg("A"), b = arg("B");
    if (failed(a) || failed(b))
      return failure();
    return create<MatMulOp>(1, *a, *b);
  }
  if (function == "Relu") {
    auto a = arg("A");
    if (failed(a))
      return failure();
    return create<ReluOp>(1, *a);
  }
  // ONNX ops: inputs are arguments, attributes are literal parameters.
  StringRef onnx = function;
  if (!onnx.consume_front("onnx::")) {
    emitError(loc) << "unknown function '" << function << "'";
    return failure();
  }
  OnnxCallSite site{*this, builder, loc, args, literals.valueOf,
                    literals.attribute};
  return emitOnnxOp(onnx, site);
}
