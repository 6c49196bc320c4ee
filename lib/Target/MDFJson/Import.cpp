//===- Import.cpp - ModECI MDF JSON to the mdf dialect ----------*- C++ -*-===//
//
// Reads an MDF v0.4 file into structure ops. The structure (ids, order,
// metadata, the JSON fields) is kept as attributes; every expression is
// parsed into a region of compute ops. Types come from declared port shapes,
// literal values and the ops' type inference: nodes are typed in edge order
// so an input port without a declared shape takes its sender's type.
//
//===----------------------------------------------------------------------===//

#include "mdf/Target/MDFJson/MDFJson.h"
#include "ExpressionEmitter.h"
#include "OnnxOps.h"
#include "JsonAttributes.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mdf/Support/Limits.h"
#include "mdf/Support/Yaml.h"
#include "llvm/Support/Path.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <map>

using namespace mlir;
using namespace mlir::mdf;

namespace {

/// A JSON object member with the path to it, for messages.
struct Located {
  std::string id;
  const json::Value *value;
  std::string path;
};

/// `path` extended by `key`, quoting keys that are not plain identifiers.
std::string childPath(StringRef path, StringRef key) {
  bool plain = !key.empty() && llvm::all_of(key, [](char c) {
    return llvm::isAlnum(c) || c == '_';
  });
  if (plain)
    return (path + "." + key).str();
  return (path + "[\"" + key + "\"]").str();
}

/// One input port, function or parameter of a node while it is typed.
struct Entity {
  enum class Kind { Input, Function, Parameter } kind;
  Located source;
  RankedTensorType type;        // final
  RankedTensorType provisional; // from a literal initial value
};

class Importer {
public:
  Importer(MLIRContext *context, StringRef filename, bool verbose)
      : context(context), builder(context), filename(filename),
        verbose(verbose) {}

  OwningOpRef<ModuleOp> run(const json::Value &root);

private:
  MLIRContext *context;
  OpBuilder builder;
  StringRef filename;
  bool verbose;
  /// Output port types of the nodes typed so far, by node then port id.
  std::map<std::string, llvm::StringMap<RankedTensorType>> outputTypes;
  /// Output port values known at import time, by node then port id.
  std::map<std::string, llvm::StringMap<OnnxLiteral>> outputConstants;

  Location loc(const json::Value &value) {
    return FileLineColLoc::get(context, filename, value.line, value.column);
  }
  /// An error at `at` whose message ends with the JSON path once every
  /// part has been streamed in.
  class PathError {
  public:
    PathError(InFlightDiagnostic diag, std::string path)
        : diag(std::move(diag)), path(std::move(path)) {}
    ~PathError() { diag << " (at " << path << ")"; }
    template <typename T> PathError &operator<<(T &&part) {
      diag << std::forward<T>(part);
      return *this;
    }
    operator LogicalResult() const { return failure(); }

  private:
    InFlightDiagnostic diag;
    std::string path;
  };
  PathError error(const json::Value &at, StringRef path,
                  const Twine &message) {
    InFlightDiagnostic diag = emitError(loc(at));
    diag << message;
    return PathError(std::move(diag), path.str());
  }
  /// Warns (under --verbose) about members outside `known`.
  void checkKeys(const Located &object, ArrayRef<StringRef> known) {
    if (!verbose)
      return;
    for (const json::Member &member : object.value->members)
      if (!llvm::is_contained(known, member.first))
        emitWarning(loc(member.second))
            << "ignoring the unknown key '" << member.first << "' (at "
            << childPath(object.path, member.first) << ")";
  }
  /// The members of the object at `key` of `parent` (none when absent).
  FailureOr<std::vector<Located>> members(const Located &parent,
                                          StringRef key) {
    std::vector<Located> result;
    const json::Value *value = parent.value->get(key);
    if (!value || value->isNull())
      return result;
    std::string path = childPath(parent.path, key);
    if (!value->isObject()) {
      error(*value, path, "expected an object, not ")
          << value->kindName();
      return failure();
    }
    for (const json::Member &member : value->members) {
      if (!member.second.isObject()) {
        error(member.second, childPath(path, member.first),
              "expected an object, not ")
            << member.second.kindName();
        return failure();
      }
      result.push_back(
          {member.first, &member.second, childPath(path, member.first)});
    }
    return result;
  }
  /// The string at `key` of `object`, or failure with a message.
  FailureOr<std::string> requiredString(const Located &object,
                                        StringRef key) {
    const json::Value *value = object.value->get(key);
    if (!value || !value->isString()) {
      error(value ? *value : *object.value, childPath(object.path, key),
            value ? "expected a string" : "missing the required key '" + key +
                                              "'");
      return failure();
    }
    return value->string;
  }
  void setOptionalAttr(Operation *op, StringRef name, const Located &object,
                       StringRef key) {
    if (const json::Value *value = object.value->get(key))
      op->setAttr(name, jsonToAttribute(*value, context));
  }

  /// Sets `function` and `args`, splitting the older {name: args} form so
  /// the IR (and a re-export) always has the newer one.
  void setFunctionAttrs(Operation *op, const Located &object) {
    const json::Value *function = object.value->get("function");
    if (function && function->isObject() && function->members.size() == 1) {
      op->setAttr("function", builder.getStringAttr(function->members[0].first));
      op->setAttr("args",
                  jsonToAttribute(function->members[0].second, context));
      return;
    }
    setOptionalAttr(op, "function", object, "function");
    setOptionalAttr(op, "args", object, "args");
  }

  LogicalResult importGraph(const Located &graph);
  LogicalResult checkAcyclic(ArrayRef<Located> nodes,
                             ArrayRef<SmallVector<size_t>> senders);
  LogicalResult importNode(NodeOp node, const Located &source,
                           ArrayRef<EdgeOp> incoming,
                           const llvm::StringMap<RankedTensorType> &weights);
  LogicalResult checkCondition(const json::Value &value, StringRef path,
                               const llvm::StringSet<> &nodes);
};

/// Types and emits the entities of one node.
class NodeImporter {
public:
  NodeImporter(OpBuilder &builder, StringRef filename, StringRef nodeId)
      : builder(builder), filename(filename), nodeId(nodeId) {}

  std::vector<Entity> entities;
  llvm::StringMap<size_t> byName;

  Location loc(const json::Value &value) {
    return FileLineColLoc::get(builder.getContext(), filename, value.line,
                               value.column);
  }

  /// Types every function and parameter; false on an error.
  LogicalResult typeEntities();
  /// The type of an expression field, or failure (pending when `pending`).
  FailureOr<RankedTensorType> typeOf(const Entity &entity,
                                     const json::Value &field,
                                     StringRef fieldPath,
                                     RankedTensorType selfType, bool &pending);
  FailureOr<RankedTensorType> typeOfCall(const Entity &entity,
                                         RankedTensorType selfType,
                                         bool &pending);
  FailureOr<RankedTensorType> typeOfParameter(const Entity &entity,
                                              bool &pending);

  /// Emits `field` (an expression string or a literal) at the builder's
  /// insertion point and returns its value. `self` overrides the type of
  /// the entity's own name.
  FailureOr<Value> emitField(const Entity &entity, const json::Value &field,
                             StringRef fieldPath, RankedTensorType selfType,
                             bool &pending, bool asTest = false);
  FailureOr<Value> emitCall(const Entity &entity, RankedTensorType selfType,
                            bool &pending);
  /// Fills `region` with a block computing `field` broadcast to `type`.
  LogicalResult emitRegion(Region &region, const Entity &entity,
                           const json::Value *field, StringRef fieldPath,
                           RankedTensorType type, bool call = false);
  LogicalResult emitConditionRegion(Region &region, const Entity &entity,
                                    const json::Value &condition,
                                    StringRef path);
  /// The ONNX attribute `key` of the call in `entity`: an argument of that
  /// name that is a literal or names a parameter, else the parameter `key`.
  std::optional<OnnxLiteral> attributeOf(const Entity &entity, StringRef key);
  /// The value of `name` when it is known at import time (a literal
  /// parameter, a function of known values, an input port fed by a known
  /// output port).
  std::optional<OnnxLiteral> constantOfName(StringRef name);
  /// The value of `value` when it is known at import time.
  std::optional<OnnxLiteral> literalOfValue(Value value);

  /// Input ports whose sender's value is known at import time.
  llvm::StringMap<OnnxLiteral> inputConstants;

private:
  llvm::StringSet<> folding;
  OpBuilder &builder;
  StringRef filename;
  StringRef nodeId;
};

} // namespace

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

std::optional<OnnxLiteral> NodeImporter::attributeOf(const Entity &entity,
                                                    StringRef key) {
  StringRef name = key;
  if (const json::Value *args = entity.source.value->get("args"))
    if (const json::Value *arg = args->get(key)) {
      if (!arg->isString()) {
        OnnxLiteral literal;
        if (getNumericLiteral(*arg, literal.values, literal.shape))
          return literal;
        return std::nullopt;
      }
      name = arg->string;
    }
  return constantOfName(name);
}

/// Constants larger than this are not read back at import (shape
/// arithmetic is small; weights need not fold).
static constexpr int64_t kMaxFoldedElements = 1 << 16;

std::optional<OnnxLiteral> NodeImporter::literalOfValue(Value value) {
  if (auto ref = value.getDefiningOp<RefOp>())
    return constantOfName(ref.getName());
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
  if (!dense || dense.getNumElements() > kMaxFoldedElements)
    return std::nullopt;
  OnnxLiteral literal;
  literal.shape.assign(dense.getType().getShape().begin(),
                       dense.getType().getShape().end());
  Type element = dense.getElementType();
  if (isa<FloatType>(element)) {
    for (const APFloat &number : dense.getValues<APFloat>())
      literal.values.push_back(number.convertToDouble());
  } else if (element.isInteger(1)) {
    for (bool flag : dense.getValues<bool>())
      literal.values.push_back(flag ? 1.0 : 0.0);
  } else if (isa<IntegerType>(element)) {
    for (const APInt &number : dense.getValues<APInt>())
      literal.values.push_back(double(number.getSExtValue()));
  } else {
    return std::nullopt;
  }
  return literal;
}

std::optional<OnnxLiteral> NodeImporter::constantOfName(StringRef name) {
  auto it = byName.find(name);
  if (it == byName.end())
    return std::nullopt;
  const Entity &entity = entities[it->second];
  if (entity.kind == Entity::Kind::Input) {
    auto known = inputConstants.find(name);
    if (known == inputConstants.end())
      return std::nullopt;
    return known->second;
  }
  const json::Value &source = *entity.source.value;
  // State changes over time: never a constant.
  if (source.get("default_initial_value") || source.get("time_derivative") ||
      source.get("conditions"))
    return std::nullopt;
  const json::Value *value = source.get("value");
  if (value && !value->isString()) {
    OnnxLiteral literal;
    if (!getNumericLiteral(*value, literal.values, literal.shape))
      return std::nullopt;
    return literal;
  }
  if (!value && !source.get("function"))
    return std::nullopt;
  // Computed from other names: emit it aside, quietly, and see whether it
  // folded to a constant.
  if (!folding.insert(name).second)
    return std::nullopt;
  std::optional<OnnxLiteral> result;
  {
    ScopedDiagnosticHandler quiet(builder.getContext(),
                                  [](Diagnostic &) { return success(); });
    Block scratch;
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(&scratch);
    bool pending = false;
    FailureOr<Value> emitted =
        value ? emitField(entity, *value,
                          childPath(entity.source.path, "value"), nullptr,
                          pending)
              : emitCall(entity, nullptr, pending);
    if (succeeded(emitted))
      result = literalOfValue(*emitted);
    while (!scratch.empty())
      scratch.back().erase();
  }
  folding.erase(name);
  return result;
}

FailureOr<Value> NodeImporter::emitField(const Entity &entity,
                                         const json::Value &field,
                                         StringRef fieldPath,
                                         RankedTensorType selfType,
                                         bool &pending, bool asTest) {
  Location location = loc(field);
  // A `value` with `args` of its own (and no `function`) sees the
  // arguments as local names: {"args": {"A": 1}, "value": "A + 1"}.
  llvm::StringMap<Value> locals;
  const json::Value *localArgs = entity.source.value->get("args");
  if (localArgs && localArgs->isObject() &&
      !entity.source.value->get("function") &&
      &field == entity.source.value->get("value")) {
    std::string argsPath = childPath(entity.source.path, "args");
    for (const json::Member &arg : localArgs->members) {
      FailureOr<Value> value =
          emitField(entity, arg.second, childPath(argsPath, arg.first),
                    selfType, pending);
      if (failed(value))
        return failure();
      locals[arg.first] = *value;
    }
  }
  auto lookup = [&](StringRef name) -> NameInfo {
    NameInfo info;
    if (auto it = locals.find(name); it != locals.end()) {
      info.state = NameInfo::State::Known;
      info.type = cast<RankedTensorType>(it->second.getType());
      info.value = it->second;
      return info;
    }
    if (name == entity.source.id && selfType) {
      info.state = NameInfo::State::Known;
      info.type = selfType;
      return info;
    }
    auto it = byName.find(name);
    if (it == byName.end())
      return info;
    const Entity &other = entities[it->second];
    info.type = other.type ? other.type : other.provisional;
    info.state = info.type ? NameInfo::State::Known : NameInfo::State::Pending;
    return info;
  };
  if (field.isString()) {
    StringRef source = field.string;
    ExpressionEmitter emitter(builder, location, source, lookup);
    // A whole expression that is a name is a reference, even when the name
    // is not a Python identifier (ONNX ids such as "/A/Add").
    FailureOr<Value> result;
    if (byName.count(source) || locals.count(source) ||
        source == entity.source.id) {
      result = emitter.emitName(source, 1);
    } else {
      llvm::Expected<std::unique_ptr<Expr>> expr = parseExpression(source);
      if (!expr) {
        std::string message = llvm::toString(expr.takeError());
        // A long expression is quoted by its start only.
        std::string quoted = source.size() > 80
                                 ? source.take_front(60).str() + "... (" +
                                       std::to_string(source.size()) +
                                       " characters)"
                                 : source.str();
        emitError(location) << "cannot parse the expression '" << quoted
                            << "': " << message << " (at " << fieldPath
                            << ")";
        return failure();
      }
      result = asTest ? emitter.emitTest(**expr) : emitter.emitNumber(**expr);
    }
    if (failed(result)) {
      pending = emitter.isPending();
      if (!pending)
        emitRemark(location) << "while importing " << fieldPath;
      return failure();
    }
    return result;
  }
  std::vector<double> values;
  SmallVector<int64_t> shape;
  if (!getNumericLiteral(field, values, shape)) {
    emitError(location) << "expected an expression string or a numeric "
                           "literal, not "
                        << describeNonNumericLiteral(field) << " (at "
                        << fieldPath << ")";
    return failure();
  }
  ExpressionEmitter emitter(builder, location, "", lookup);
  Value constant = emitter.emitConstant(shape, values);
  if (!asTest)
    return constant;
  return CompareOp::create(
             builder, location,
             RankedTensorType::get(shape, builder.getI1Type()),
             ComparisonPredicate::ne, constant, emitter.emitConstant({}, 0.0))
      .getResult();
}

/// The names of a Python list of strings, as ModECI's ONNX exporter writes
/// list inputs: "['_13', '_15']" (bare names are read too).
static std::optional<SmallVector<std::string>> parseNameList(StringRef text) {
  text = text.trim();
  if (!text.consume_front("[") || !text.consume_back("]"))
    return std::nullopt;
  SmallVector<std::string> names;
  text = text.trim();
  while (!text.empty()) {
    auto [item, rest] = text.split(',');
    item = item.trim();
    if (item.size() >= 2 && (item.front() == '\'' || item.front() == '"') &&
        item.back() == item.front())
      item = item.drop_front().drop_back();
    if (item.empty())
      return std::nullopt;
    names.push_back(item.str());
    text = rest.trim();
  }
  return names;
}

FailureOr<Value> NodeImporter::emitCall(const Entity &entity,
                                        RankedTensorType selfType,
                                        bool &pending) {
  const json::Value &source = *entity.source.value;
  const json::Value *function = source.get("function");
  std::string name;
  const json::Value *args = source.get("args");
  std::string argsPath = childPath(entity.source.path, "args");
  if (function->isString()) {
    name = function->string;
  } else if (function->isObject() && function->members.size() == 1) {
    // The older form: {"function": {"linear": {"slope": ...}}}.
    name = function->members[0].first;
    args = &function->members[0].second;
    argsPath = childPath(childPath(entity.source.path, "function"), name);
  } else {
    emitError(loc(*function))
        << "expected a function name or {name: args} (at "
        << childPath(entity.source.path, "function") << ")";
    return failure();
  }
  SmallVector<std::pair<std::string, Value>> values;
  if (args) {
    if (!args->isObject()) {
      emitError(loc(*args)) << "expected an object of arguments (at "
                            << argsPath << ")";
      return failure();
    }
    // Arguments in name order, as the dictionary attribute keeps them, so
    // a re-imported file gives the same IR.
    std::vector<const json::Member *> sorted;
    for (const json::Member &arg : args->members)
      sorted.push_back(&arg);
    llvm::stable_sort(sorted, [](const json::Member *a, const json::Member *b) {
      return a->first < b->first;
    });
    for (const json::Member *member : sorted) {
      const json::Member &arg = *member;
      std::string path = childPath(argsPath, arg.first);
      // A list input of an ONNX op (Concat's "inputs": "['a', 'b']") is
      // one argument per element.
      StringRef onnx = name;
      if (onnx.consume_front("onnx::") &&
          isVariadicOnnxInput(onnx, arg.first) && arg.second.isString()) {
        if (std::optional<SmallVector<std::string>> names =
                parseNameList(arg.second.string)) {
          for (const std::string &element : *names) {
            json::Value elementName;
            elementName.kind = json::Value::Kind::String;
            elementName.string = element;
            elementName.line = arg.second.line;
            elementName.column = arg.second.column;
            FailureOr<Value> value =
                emitField(entity, elementName, path, selfType, pending);
            if (failed(value))
              return failure();
            values.push_back({arg.first, *value});
          }
          continue;
        }
      }
      FailureOr<Value> value =
          emitField(entity, arg.second, path, selfType, pending);
      if (failed(value))
        return failure();
      values.push_back({arg.first, *value});
    }
  }
  auto noNames = [](StringRef) { return NameInfo(); };
  ExpressionEmitter emitter(builder, loc(*function), name, noNames);
  auto valueOf = [&](Value value) { return literalOfValue(value); };
  auto attribute = [&](StringRef key) { return attributeOf(entity, key); };
  FailureOr<Value> result =
      emitter.emitFunctionCall(name, values, {valueOf, attribute});
  if (failed(result))
    emitRemark(loc(*function)) << "while importing "
                              << childPath(entity.source.path, "function");
  return result;
}

/// Runs `emit` in a scratch block and returns the type of what it yields.
template <typename Fn>
static FailureOr<RankedTensorType> typeInScratch(OpBuilder &builder,
                                                 Fn emit) {
  Block scratch;
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&scratch);
  FailureOr<Value> value = emit();
  FailureOr<RankedTensorType> type = failure();
  if (succeeded(value))
    type = cast<RankedTensorType>(value->getType());
  // Erase in reverse so uses go before definitions.
  while (!scratch.empty())
    scratch.back().erase();
  return type;
}

FailureOr<RankedTensorType>
NodeImporter::typeOf(const Entity &entity, const json::Value &field,
                     StringRef fieldPath, RankedTensorType selfType,
                     bool &pending) {
  return typeInScratch(builder, [&] {
    return emitField(entity, field, fieldPath, selfType, pending);
  });
}

FailureOr<RankedTensorType> NodeImporter::typeOfCall(const Entity &entity,
                                                     RankedTensorType selfType,
                                                     bool &pending) {
  return typeInScratch(builder,
                       [&] { return emitCall(entity, selfType, pending); });
}

/// The broadcast of `a` and `b` (either may be null).
static RankedTensorType combine(RankedTensorType a, RankedTensorType b) {
  if (!a)
    return b;
  if (!b)
    return a;
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(a.getShape(), b.getShape());
  return shape ? getF64TensorType(a.getContext(), *shape) : RankedTensorType();
}

FailureOr<RankedTensorType>
NodeImporter::typeOfParameter(const Entity &entity, bool &pending) {
  const Located &source = entity.source;
  MLIRContext *context = builder.getContext();
  RankedTensorType scalar = getF64TensorType(context, {});
  RankedTensorType type;
  auto add = [&](FailureOr<RankedTensorType> part,
                 StringRef field) -> LogicalResult {
    if (failed(part))
      return failure();
    RankedTensorType combined = combine(type, *part);
    if (!combined) {
      emitError(loc(*source.value))
          << "the parts of parameter '" << source.id
          << "' have shapes that do not broadcast (" << type << " and "
          << *part << " from '" << field << "') (at " << source.path << ")";
      return failure();
    }
    type = combined;
    return success();
  };
  if (const json::Value *initial = source.value->get("default_initial_value"))
    if (failed(add(typeOf(entity, *initial,
                          childPath(source.path, "default_initial_value"),
                          nullptr, pending),
                   "default_initial_value")))
      return failure();
  // A value referring to itself: assume the type so far, then once more
  // with what that gives.
  for (int round = 0; round < 2; ++round) {
    RankedTensorType self = type ? type : scalar;
    RankedTensorType before = type;
    if (const json::Value *value = source.value->get("value")) {
      if (failed(add(typeOf(entity, *value, childPath(source.path, "value"),
                            self, pending),
                     "value")))
        return failure();
    } else if (source.value->get("function")) {
      if (failed(add(typeOfCall(entity, self, pending), "function")))
        return failure();
    }
    if (type == before || type == self)
      break;
  }
  RankedTensorType self = type ? type : scalar;
  if (const json::Value *derivative = source.value->get("time_derivative"))
    if (failed(add(typeOf(entity, *derivative,
                          childPath(source.path, "time_derivative"), self,
                          pending),
                   "time_derivative")))
      return failure();
  if (const json::Value *conditions = source.value->get("conditions")) {
    std::string path = childPath(source.path, "conditions");
    auto visit = [&](const json::Value &condition,
                     const std::string &conditionPath) -> LogicalResult {
      for (StringRef key : {"test", "value"}) {
        const json::Value *field = condition.get(key);
        if (!field) {
          emitError(loc(condition)) << "a condition needs a '" << key
                                    << "' (at " << conditionPath << ")";
          return failure();
        }
        if (failed(add(typeOf(entity, *field, childPath(conditionPath, key),
                              self, pending),
                       key)))
          return failure();
      }
      return success();
    };
    if (conditions->isArray()) {
      for (auto [index, condition] : llvm::enumerate(conditions->elements))
        if (failed(visit(condition, path + "[" + std::to_string(index) + "]")))
          return failure();
    } else if (conditions->isObject()) {
      for (const json::Member &member : conditions->members)
        if (failed(visit(member.second, childPath(path, member.first))))
          return failure();
    } else {
      emitError(loc(*conditions))
          << "expected a list or an object of conditions (at " << path
          << ")";
      return failure();
    }
  }
  return type ? type : scalar;
}

LogicalResult NodeImporter::typeEntities() {
  MLIRContext *context = builder.getContext();
  // Literal values are final; literal initial values give a provisional
  // type that breaks cycles between stateful parameters.
  for (Entity &entity : entities) {
    if (entity.kind != Entity::Kind::Parameter)
      continue;
    std::vector<double> values;
    SmallVector<int64_t> shape;
    const json::Value *value = entity.source.value->get("value");
    if (value && !value->isString() &&
        getNumericLiteral(*value, values, shape) &&
        !entity.source.value->get("default_initial_value") &&
        !entity.source.value->get("time_derivative") &&
        !entity.source.value->get("conditions")) {
      entity.type = getF64TensorType(context, shape);
      continue;
    }
    if (const json::Value *initial =
            entity.source.value->get("default_initial_value")) {
      values.clear();
      shape.clear();
      if (!initial->isString() && getNumericLiteral(*initial, values, shape))
        entity.provisional = getF64TensorType(context, shape);
    }
  }
  while (true) {
    bool progress = false, remaining = false;
    for (Entity &entity : entities) {
      if (entity.type)
        continue;
      bool pending = false;
      FailureOr<RankedTensorType> type =
          entity.kind == Entity::Kind::Function
              ? (entity.source.value->get("function")
                     ? typeOfCall(entity, nullptr, pending)
                     : typeOf(entity, *entity.source.value->get("value"),
                              childPath(entity.source.path, "value"), nullptr,
                              pending))
              : typeOfParameter(entity, pending);
      if (succeeded(type)) {
        entity.type = *type;
        progress = true;
      } else if (pending) {
        remaining = true;
      } else {
        return failure();
      }
    }
    if (!remaining)
      return success();
    if (progress)
      continue;
    // Break a cycle with the first provisional type: a literal initial
    // value, else an initial value expression that can be typed now.
    auto it = llvm::find_if(entities, [](const Entity &entity) {
      return !entity.type && entity.provisional;
    });
    for (Entity &entity : entities) {
      if (it != entities.end())
        break;
      const json::Value *initial =
          entity.source.value->get("default_initial_value");
      if (entity.type || !initial)
        continue;
      bool pending = false;
      FailureOr<RankedTensorType> type =
          typeOf(entity, *initial,
                 childPath(entity.source.path, "default_initial_value"),
                 nullptr, pending);
      if (failed(type) && !pending)
        return failure();
      if (succeeded(type)) {
        entity.provisional = *type;
        it = entities.begin() + (&entity - entities.data());
      }
    }
    if (it == entities.end()) {
      for (const Entity &entity : entities)
        if (!entity.type)
          return emitError(loc(*entity.source.value))
                 << "cannot determine the shape of '" << entity.source.id
                 << "' in node '" << nodeId
                 << "': it depends on names whose shapes depend on it (at "
                 << entity.source.path << ")";
    }
    it->type = it->provisional;
  }
}

LogicalResult NodeImporter::emitRegion(Region &region, const Entity &entity,
                                       const json::Value *field,
                                       StringRef fieldPath,
                                       RankedTensorType type, bool call) {
  OpBuilder::InsertionGuard guard(builder);
  builder.createBlock(&region);
  bool pending = false;
  FailureOr<Value> value =
      call ? emitCall(entity, entity.type, pending)
           : emitField(entity, *field, fieldPath, entity.type, pending);
  if (failed(value))
    return failure();
  auto noNames = [](StringRef) { return NameInfo(); };
  ExpressionEmitter emitter(builder, loc(field ? *field : *entity.source.value),
                            "", noNames);
  FailureOr<Value> cast = emitter.broadcastTo(*value, type, fieldPath);
  if (failed(cast))
    return failure();
  YieldOp::create(builder, value->getLoc(), ValueRange{*cast});
  return success();
}

LogicalResult NodeImporter::emitConditionRegion(Region &region,
                                                const Entity &entity,
                                                const json::Value &condition,
                                                StringRef path) {
  OpBuilder::InsertionGuard guard(builder);
  builder.createBlock(&region);
  bool pending = false;
  std::string testPath = childPath(path, "test");
  FailureOr<Value> test = emitField(entity, *condition.get("test"), testPath,
                                    entity.type, pending, /*asTest=*/true);
  if (failed(test))
    return failure();
  std::string valuePath = childPath(path, "value");
  FailureOr<Value> value = emitField(entity, *condition.get("value"),
                                     valuePath, entity.type, pending);
  if (failed(value))
    return failure();
  auto noNames = [](StringRef) { return NameInfo(); };
  ExpressionEmitter emitter(builder, loc(condition), "", noNames);
  FailureOr<Value> cast = emitter.broadcastTo(*value, entity.type, valuePath);
  if (failed(cast))
    return failure();
  YieldOp::create(builder, loc(condition), ValueRange{*test, *cast});
  return success();
}

/// The sizes of a shape written as a Python literal, as the reference reads
/// it: "(1,)", "(2, 3)", "()", "[4]".
static std::optional<SmallVector<int64_t>> parsePythonShape(StringRef text) {
  text = text.trim();
  if (!((text.consume_front("(") && text.consume_back(")")) ||
        (text.consume_front("[") && text.consume_back("]"))))
    return std::nullopt;
  SmallVector<int64_t> dims;
  text = text.trim();
  while (!text.empty()) {
    auto [item, rest] = text.split(',');
    item = item.trim();
    int64_t dim;
    if (item.getAsInteger(10, dim) || dim < 0)
      return std::nullopt;
    dims.push_back(dim);
    text = rest.trim();
  }
  return dims;
}

/// A port's `shape`: a list of non-negative integers, or a Python literal
/// in a string ("(1,)"), as the reference reads it. With `allowUnknown`,
/// list entries that are not integers are unknown sizes (-1).
static std::optional<SmallVector<int64_t>>
readShape(const json::Value &shape, bool allowUnknown = false) {
  if (shape.isString())
    return parsePythonShape(shape.string);
  if (!shape.isArray())
    return std::nullopt;
  SmallVector<int64_t> dims;
  for (const json::Value &dim : shape.elements) {
    bool known = dim.kind == json::Value::Kind::Integer && dim.integer >= 0;
    if (!known && !allowUnknown)
      return std::nullopt;
    dims.push_back(known ? dim.integer : -1);
  }
  return dims;
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

LogicalResult
Importer::importNode(NodeOp node, const Located &source,
                     ArrayRef<EdgeOp> incoming,
                     const llvm::StringMap<RankedTensorType> &weights) {
  checkKeys(source, {"metadata", "input_ports", "functions", "parameters",
                     "output_ports"});
  setOptionalAttr(node, "metadata", source, "metadata");
  auto inputs = members(source, "input_ports");
  auto functions = members(source, "functions");
  auto parameters = members(source, "parameters");
  auto outputs = members(source, "output_ports");
  if (failed(inputs) || failed(functions) || failed(parameters) ||
      failed(outputs))
    return failure();

  NodeImporter importer(builder, filename, source.id);
  auto addEntity = [&](Entity::Kind kind, const Located &located) {
    if (!importer.byName.try_emplace(located.id, importer.entities.size())
             .second) {
      error(*located.value, located.path, "the name '")
          << located.id << "' is defined twice in node '" << source.id
          << "'";
      return failure();
    }
    importer.entities.push_back({kind, located, nullptr, nullptr});
    return success();
  };
  // Input ports: a declared shape, else what the edges send, else a scalar.
  for (const Located &port : *inputs) {
    checkKeys(port, {"shape", "type", "reduce", "metadata"});
    if (failed(addEntity(Entity::Kind::Input, port)))
      return failure();
    Entity &entity = importer.entities.back();
    if (const json::Value *shape = port.value->get("shape")) {
      std::optional<SmallVector<int64_t>> read = readShape(*shape);
      if (!read)
        return error(*shape, childPath(port.path, "shape"),
                     "expected a list of non-negative integers (or a Python "
                     "tuple in a string, such as \"(1, 3)\")");
      if (!checkedElementCount(*read, sizeof(double)))
        return error(*shape, childPath(port.path, "shape"),
                     "the shape is too large: a tensor may have at most 2^40 "
                     "elements and 2^42 bytes");
      entity.type = getF64TensorType(context, *read);
      continue;
    }
    RankedTensorType type;
    for (EdgeOp edge : incoming) {
      if (edge.getReceiverPort() != port.id)
        continue;
      RankedTensorType sent =
          outputTypes[edge.getSender().str()].lookup(edge.getSenderPort());
      RankedTensorType weight = weights.lookup(edge.getId());
      type = combine(combine(type, sent), weight);
    }
    entity.type = type ? type : getF64TensorType(context, {});
  }
  // An input port fed by one plain edge from an output port whose value is
  // known at import time has that value (ONNX exporters' shape arithmetic
  // spans nodes: Shape > Gather > Concat > Reshape).
  for (const Entity &entity : importer.entities) {
    if (entity.kind != Entity::Kind::Input)
      continue;
    const OnnxLiteral *known = nullptr;
    unsigned feeding = 0;
    for (EdgeOp edge : incoming) {
      if (edge.getReceiverPort() != entity.source.id)
        continue;
      ++feeding;
      DictionaryAttr parameters = edge.getParametersAttr();
      if (weights.lookup(edge.getId()) || (parameters && !parameters.empty()))
        continue;
      auto node = outputConstants.find(edge.getSender().str());
      if (node == outputConstants.end())
        continue;
      auto port = node->second.find(edge.getSenderPort());
      if (port != node->second.end())
        known = &port->second;
    }
    if (feeding == 1 && known &&
        entity.type.getShape() == ArrayRef<int64_t>(known->shape))
      importer.inputConstants[entity.source.id] = *known;
  }
  for (const Located &function : *functions) {
    checkKeys(function, {"function", "args", "value", "metadata"});
    if (!function.value->get("function") && !function.value->get("value"))
      return error(*function.value, function.path,
                   "a function needs a 'function' or a 'value'");
    if (failed(addEntity(Entity::Kind::Function, function)))
      return failure();
  }
  for (const Located &parameter : *parameters) {
    checkKeys(parameter, {"value", "function", "args",
                          "default_initial_value", "time_derivative",
                          "conditions", "metadata"});
    if (failed(addEntity(Entity::Kind::Parameter, parameter)))
      return failure();
  }
  if (failed(importer.typeEntities()))
    return failure();

  // Emit the ops in a fixed order: input ports, functions, parameters,
  // output ports, each in file order.
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(&node.getBody().front());
  for (const Entity &entity : importer.entities) {
    const Located &src = entity.source;
    Location location = loc(*src.value);
    if (entity.kind == Entity::Kind::Input) {
      auto op = InputPortOp::create(builder, location, src.id, entity.type,
                                    nullptr, nullptr, nullptr, nullptr);
      if (const json::Value *shape = src.value->get("shape"))
        op.setShapeAttr(builder.getDenseI64ArrayAttr(*readShape(*shape)));
      if (const json::Value *dtype = src.value->get("type"); dtype &&
          dtype->isString())
        op.setDtypeAttr(builder.getStringAttr(dtype->string));
      if (const json::Value *reduce = src.value->get("reduce"); reduce &&
          reduce->isString())
        op.setReduceAttr(builder.getStringAttr(reduce->string));
      setOptionalAttr(op, "metadata", src, "metadata");
      continue;
    }
    if (entity.kind == Entity::Kind::Function) {
      auto op = FunctionOp::create(builder, location, src.id, entity.type,
                                   nullptr, nullptr, nullptr, nullptr);
      const json::Value *function = src.value->get("function");
      setFunctionAttrs(op, src);
      setOptionalAttr(op, "value", src, "value");
      setOptionalAttr(op, "metadata", src, "metadata");
      if (failed(importer.emitRegion(op.getValueBody(), entity,
                                     src.value->get("value"),
                                     childPath(src.path, "value"),
                                     entity.type, function != nullptr)))
        return failure();
      continue;
    }
    const json::Value *conditionsJson = src.value->get("conditions");
    unsigned numConditions =
        !conditionsJson ? 0
        : conditionsJson->isArray() ? conditionsJson->elements.size()
                                    : conditionsJson->members.size();
    OperationState state(location, ParameterOp::getOperationName());
    for (unsigned i = 0; i < 3 + numConditions; ++i)
      state.addRegion();
    state.addAttribute("id", builder.getStringAttr(src.id));
    state.addAttribute("type", TypeAttr::get(entity.type));
    auto op = cast<ParameterOp>(builder.create(state));
    const json::Value *function = src.value->get("function");
    setFunctionAttrs(op, src);
    setOptionalAttr(op, "value", src, "value");
    setOptionalAttr(op, "default_initial_value", src,
                    "default_initial_value");
    setOptionalAttr(op, "time_derivative", src, "time_derivative");
    setOptionalAttr(op, "metadata", src, "metadata");
    if (const json::Value *value = src.value->get("value")) {
      if (failed(importer.emitRegion(op.getValueBody(), entity, value,
                                     childPath(src.path, "value"),
                                     entity.type)))
        return failure();
    } else if (function) {
      if (failed(importer.emitRegion(op.getValueBody(), entity, nullptr,
                                     childPath(src.path, "function"),
                                     entity.type, /*call=*/true)))
        return failure();
    }
    if (const json::Value *initial = src.value->get("default_initial_value"))
      if (failed(importer.emitRegion(
              op.getInitialBody(), entity, initial,
              childPath(src.path, "default_initial_value"), entity.type)))
        return failure();
    if (const json::Value *derivative = src.value->get("time_derivative"))
      if (failed(importer.emitRegion(op.getDerivativeBody(), entity,
                                     derivative,
                                     childPath(src.path, "time_derivative"),
                                     entity.type)))
        return failure();
    if (const json::Value *conditions = src.value->get("conditions")) {
      std::string path = childPath(src.path, "conditions");
      SmallVector<Attribute> attrs;
      auto addCondition = [&](const json::Value &condition,
                              std::optional<std::string> id,
                              const std::string &conditionPath) {
        SmallVector<NamedAttribute> fields;
        if (id)
          fields.push_back(builder.getNamedAttr("id",
                                                builder.getStringAttr(*id)));
        for (const json::Member &member : condition.members)
          if (member.first != "id" || !id)
            fields.push_back(builder.getNamedAttr(
                member.first, jsonToAttribute(member.second, context)));
        attrs.push_back(builder.getDictionaryAttr(fields));
        return importer.emitConditionRegion(
            op.getConditionBodies()[attrs.size() - 1], entity, condition,
            conditionPath);
      };
      if (conditions->isArray()) {
        for (auto [index, condition] : llvm::enumerate(conditions->elements))
          if (failed(addCondition(condition, std::nullopt,
                                  path + "[" + std::to_string(index) + "]")))
            return failure();
      } else {
        op.setConditionsById(true);
        for (const json::Member &member : conditions->members)
          if (failed(addCondition(member.second, member.first,
                                  childPath(path, member.first))))
            return failure();
      }
      op.setConditionsAttr(builder.getArrayAttr(attrs));
    }
  }
  // Output ports see every name of the node with its final type.
  for (const Located &port : *outputs) {
    checkKeys(port, {"value", "shape", "type", "metadata"});
    const json::Value *value = port.value->get("value");
    if (!value)
      return error(*port.value, port.path,
                   "an output port needs a 'value'");
    Entity entity{Entity::Kind::Input, port, nullptr, nullptr};
    bool pending = false;
    FailureOr<RankedTensorType> type = importer.typeOf(
        entity, *value, childPath(port.path, "value"), nullptr, pending);
    if (failed(type)) {
      if (pending)
        error(*value, port.path, "cannot type the output port");
      return failure();
    }
    entity.type = *type;
    auto op = OutputPortOp::create(builder, loc(*port.value), port.id, *type,
                                   jsonToAttribute(*value, context), nullptr,
                                   nullptr, nullptr);
    if (const json::Value *shape = port.value->get("shape"))
      if (std::optional<SmallVector<int64_t>> dims =
              readShape(*shape, /*allowUnknown=*/true))
        op.setShapeAttr(builder.getDenseI64ArrayAttr(*dims));
    if (const json::Value *dtype = port.value->get("type"); dtype &&
        dtype->isString())
      op.setDtypeAttr(builder.getStringAttr(dtype->string));
    setOptionalAttr(op, "metadata", port, "metadata");
    if (failed(importer.emitRegion(op.getValueBody(), entity, value,
                                   childPath(port.path, "value"), *type)))
      return failure();
    outputTypes[source.id][port.id] = *type;
    Value yielded =
        op.getValueBody().front().getTerminator()->getOperand(0);
    if (std::optional<OnnxLiteral> known = importer.literalOfValue(yielded))
      outputConstants[source.id][port.id] = std::move(*known);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Graphs and models
//===----------------------------------------------------------------------===//

/// Condition types the runtime scheduler implements.
static constexpr StringRef kConditionTypes[] = {
    "Always",        "Never",       "EveryNCalls", "AfterNCalls",
    "AtNCalls",      "BeforeNCalls", "AfterCall",  "AfterPass",
    "AfterNPasses",  "AtPass",      "BeforePass",  "JustRan",
    "Threshold",     "All",         "And",         "Any",
    "Or",            "Not",         "AllHaveRun",  "WhenFinished"};

LogicalResult Importer::checkCondition(const json::Value &value,
                                       StringRef path,
                                       const llvm::StringSet<> &nodes) {
  if (!value.isObject())
    return error(value, path, "expected a condition object, not ")
           << value.kindName();
  const json::Value *type = value.get("type");
  if (!type || !type->isString())
    return error(value, path, "a condition needs a 'type' string");
  if (!llvm::is_contained(kConditionTypes, type->string))
    return error(*type, childPath(path, "type"),
                 "unsupported condition type '")
           << type->string << "'";
  const json::Value *kwargs = value.get("kwargs");
  if (!kwargs)
    kwargs = value.get("args");
  if (!kwargs)
    return success();
  std::string kwargsPath = childPath(path, value.get("kwargs") ? "kwargs"
                                                               : "args");
  for (const json::Member &member : kwargs->members) {
    std::string memberPath = childPath(kwargsPath, member.first);
    auto checkDependency = [&](const json::Value &dependency,
                               const std::string &dependencyPath)
        -> LogicalResult {
      if (dependency.isObject())
        return checkCondition(dependency, dependencyPath, nodes);
      if (dependency.isString() && !nodes.contains(dependency.string))
        return error(dependency, dependencyPath, "unknown node '")
               << dependency.string << "'";
      return success();
    };
    if (member.first != "dependencies" && member.first != "dependency" &&
        member.first != "condition" && member.first != "args")
      continue;
    if (member.second.isArray()) {
      for (auto [index, element] : llvm::enumerate(member.second.elements))
        if (failed(checkDependency(element, memberPath + "[" +
                                                std::to_string(index) + "]")))
          return failure();
    } else if (failed(checkDependency(member.second, memberPath))) {
      return failure();
    }
  }
  return success();
}

/// Fails, naming the nodes of one cycle, when the edges form a cycle.
LogicalResult
Importer::checkAcyclic(ArrayRef<Located> nodes,
                       ArrayRef<SmallVector<size_t>> senders) {
  // Peel off nodes whose senders are all peeled; what remains has a cycle.
  std::vector<bool> peeled(nodes.size(), false);
  for (bool progress = true; progress;) {
    progress = false;
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (!peeled[i] && llvm::all_of(senders[i],
                                     [&](size_t s) { return peeled[s]; }))
        peeled[i] = progress = true;
    }
  }
  auto left = std::find(peeled.begin(), peeled.end(), false);
  if (left == peeled.end())
    return success();
  // Walk back through unpeeled senders until a node repeats.
  std::vector<size_t> walk = {size_t(left - peeled.begin())};
  std::vector<int> position(nodes.size(), -1);
  position[walk[0]] = 0;
  while (true) {
    size_t sender = *llvm::find_if(senders[walk.back()],
                                   [&](size_t s) { return !peeled[s]; });
    if (position[sender] >= 0) {
      walk.erase(walk.begin(), walk.begin() + position[sender]);
      walk.push_back(sender);
      break;
    }
    position[sender] = walk.size();
    walk.push_back(sender);
  }
  // `walk` goes receiver to sender; the message goes along the edges.
  std::string cycle;
  for (auto it = walk.rbegin(); it != walk.rend(); ++it)
    cycle += (cycle.empty() ? "" : " -> ") + nodes[*it].id;
  const Located &first = nodes[walk.back()];
  return error(*first.value, first.path, "the edges form a cycle (")
         << cycle
         << "); MDF evaluates each node after the nodes that send to it, "
            "which a cycle does not allow";
}

LogicalResult Importer::importGraph(const Located &graph) {
  checkKeys(graph, {"nodes", "edges", "conditions", "metadata"});
  auto op = GraphOp::create(builder, loc(*graph.value), graph.id, nullptr);
  setOptionalAttr(op, "metadata", graph, "metadata");
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&op.getBody().emplaceBlock());

  auto nodes = members(graph, "nodes");
  auto edges = members(graph, "edges");
  if (failed(nodes) || failed(edges))
    return failure();
  llvm::StringMap<size_t> nodeIndex;
  llvm::StringSet<> nodeIds;
  SmallVector<NodeOp> nodeOps;
  for (const Located &node : *nodes) {
    nodeIndex[node.id] = nodeOps.size();
    nodeIds.insert(node.id);
    auto nodeOp = NodeOp::create(builder, loc(*node.value), node.id, nullptr);
    nodeOp.getBody().emplaceBlock();
    nodeOps.push_back(nodeOp);
  }
  // Edges, checked against the nodes' ports in the file.
  std::vector<SmallVector<EdgeOp>> incoming(nodeOps.size());
  std::vector<SmallVector<size_t>> senders(nodeOps.size());
  llvm::StringMap<RankedTensorType> weights;
  for (const Located &edge : *edges) {
    checkKeys(edge, {"sender", "receiver", "sender_port", "receiver_port",
                     "parameters", "metadata"});
    auto sender = requiredString(edge, "sender");
    auto receiver = requiredString(edge, "receiver");
    auto senderPort = requiredString(edge, "sender_port");
    auto receiverPort = requiredString(edge, "receiver_port");
    if (failed(sender) || failed(receiver) || failed(senderPort) ||
        failed(receiverPort))
      return failure();
    for (auto [key, nodeId, portsKey, portId] :
         {std::tuple{"sender", *sender, "output_ports", *senderPort},
          std::tuple{"receiver", *receiver, "input_ports", *receiverPort}}) {
      auto it = nodeIndex.find(nodeId);
      if (it == nodeIndex.end())
        return error(*edge.value->get(key), childPath(edge.path, key),
                     "unknown node '")
               << nodeId << "'";
      const json::Value *ports = (*nodes)[it->second].value->get(portsKey);
      if (!ports || !ports->get(portId))
        return error(*edge.value->get(std::string(key) + "_port"),
                     childPath(edge.path, std::string(key) + "_port"),
                     "node '")
               << nodeId << "' has no " << (portsKey[0] == 'o' ? "output" : "input")
               << " port '" << portId << "'";
    }
    // The reference evaluates the nodes in dependency order, once each;
    // an edge back into the graph gives no such order.
    if (*sender == *receiver)
      return error(*edge.value, edge.path, "the edge connects node '")
             << *sender
             << "' to itself; MDF evaluates each node after the nodes that "
                "send to it, which a cycle does not allow";
    auto edgeOp = EdgeOp::create(builder, loc(*edge.value), edge.id, *sender,
                                 *senderPort, *receiver, *receiverPort,
                                 nullptr, nullptr);
    if (const json::Value *parameters = edge.value->get("parameters")) {
      edgeOp->setAttr("parameters", jsonToAttribute(*parameters, context));
      if (const json::Value *weight = parameters->get("weight")) {
        std::vector<double> values;
        SmallVector<int64_t> shape;
        if (!getNumericLiteral(*weight, values, shape))
          return error(*weight,
                       childPath(childPath(edge.path, "parameters"), "weight"),
                       "an edge weight must be a number or a numeric array");
        weights[edge.id] = getF64TensorType(context, shape);
      }
    }
    setOptionalAttr(edgeOp, "metadata", edge, "metadata");
    incoming[nodeIndex[*receiver]].push_back(edgeOp);
    senders[nodeIndex[*receiver]].push_back(nodeIndex[*sender]);
  }
  // Conditions: validated here, interpreted by the runtime scheduler.
  if (const json::Value *conditions = graph.value->get("conditions")) {
    std::string path = childPath(graph.path, "conditions");
    auto conditionsOp = ConditionsOp::create(builder, loc(*conditions),
                                             nullptr, nullptr);
    for (StringRef key : {"node_specific", "termination"}) {
      const json::Value *group = conditions->get(key);
      if (!group || group->isNull())
        continue;
      std::string groupPath = childPath(path, key);
      if (!group->isObject())
        return error(*group, groupPath, "expected an object");
      for (const json::Member &member : group->members) {
        if (key == "node_specific" && !nodeIds.contains(member.first))
          return error(member.second, childPath(groupPath, member.first),
                       "a condition for the unknown node '")
                 << member.first << "'";
        if (failed(checkCondition(member.second,
                                  childPath(groupPath, member.first),
                                  nodeIds)))
          return failure();
      }
      conditionsOp->setAttr(key, jsonToAttribute(*group, context));
    }
  }
  if (failed(checkAcyclic(*nodes, senders)))
    return failure();
  // Type the nodes senders first.
  std::vector<bool> done(nodeOps.size(), false);
  for (size_t finished = 0; finished < nodeOps.size();) {
    bool progress = false;
    for (size_t i = 0; i < nodeOps.size(); ++i) {
      if (done[i] || !llvm::all_of(senders[i], [&](size_t s) {
            return done[s] || s == i;
          }))
        continue;
      if (failed(importNode(nodeOps[i], (*nodes)[i], incoming[i], weights)))
        return failure();
      done[i] = progress = true;
      ++finished;
    }
    if (!progress) {
      size_t first = std::find(done.begin(), done.end(), false) - done.begin();
      if (failed(importNode(nodeOps[first], (*nodes)[first], incoming[first],
                            weights)))
        return failure();
      done[first] = true;
      ++finished;
    }
  }
  return success();
}

OwningOpRef<ModuleOp> Importer::run(const json::Value &root) {
  Location fileLoc = FileLineColLoc::get(context, filename, 1, 1);
  if (!root.isObject() || root.members.size() != 1) {
    emitError(fileLoc) << "an MDF file must be an object (a JSON object or "
                          "a YAML mapping) with exactly one member, the "
                          "model";
    return nullptr;
  }
  const json::Member &model = root.members[0];
  if (!model.second.isObject()) {
    error(model.second, childPath("$", model.first),
          "expected the model object, not ")
        << model.second.kindName();
    return nullptr;
  }
  Located located{model.first, &model.second, childPath("$", model.first)};
  checkKeys(located, {"format", "generating_application", "metadata",
                      "graphs", "onnx_opset_version"});
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto modelOp = ModelOp::create(builder, loc(model.second), model.first,
                                 nullptr, nullptr, nullptr);
  for (StringRef key : {"format", "generating_application", "metadata"})
    setOptionalAttr(modelOp, key, located, key);
  builder.setInsertionPointToStart(&modelOp.getBody().emplaceBlock());
  auto graphs = members(located, "graphs");
  if (failed(graphs))
    return nullptr;
  if (graphs->empty()) {
    error(model.second, located.path, "the model has no graphs");
    return nullptr;
  }
  for (const Located &graph : *graphs)
    if (failed(importGraph(graph)))
      return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

static OwningOpRef<ModuleOp>
importDocument(llvm::Expected<json::Value> root, StringRef format,
               StringRef filename, MLIRContext *context, bool verbose) {
  context->loadDialect<MDFDialect>();
  if (!root) {
    emitError(FileLineColLoc::get(context, filename, 0, 0))
        << "malformed " << format << " at " << filename << ":"
        << llvm::toString(root.takeError());
    return nullptr;
  }
  return Importer(context, filename, verbose).run(*root);
}

OwningOpRef<ModuleOp> mlir::mdf::importMDFJson(StringRef text,
                                               StringRef filename,
                                               MLIRContext *context,
                                               bool verbose) {
  return importDocument(json::parse(text), "JSON", filename, context,
                        verbose);
}

OwningOpRef<ModuleOp> mlir::mdf::importMDFYaml(StringRef text,
                                               StringRef filename,
                                               MLIRContext *context,
                                               bool verbose) {
  return importDocument(yaml::parse(text), "YAML", filename, context,
                        verbose);
}

OwningOpRef<ModuleOp> mlir::mdf::importMDFFile(StringRef text,
                                               StringRef filename,
                                               MLIRContext *context,
                                               bool verbose) {
  if (isMDFYamlFile(filename))
    return importMDFYaml(text, filename, context, verbose);
  return importMDFJson(text, filename, context, verbose);
}

bool mlir::mdf::isMDFYamlFile(StringRef filename) {
  StringRef extension = llvm::sys::path::extension(filename);
  return extension.equals_insensitive(".yaml") ||
         extension.equals_insensitive(".yml");
}

bool mlir::mdf::isMDFFile(StringRef filename) {
  return isMDFYamlFile(filename) ||
         llvm::sys::path::extension(filename).equals_insensitive(".json");
}
