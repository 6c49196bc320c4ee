//===- ConvertStructure.cpp - constants, lists and shape arithmetic -------===//
//
// This file implements the converters of the TorchScript operators that
// carry no tensor math: constants, list/tuple plumbing, the integer
// arithmetic of shape computations and identities of inference mode.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <ATen/core/ivalue.h>
#include <torch/csrc/jit/ir/constants.h>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

/// Converts a constant IValue. Tensors become mdf constants, except 0-D
/// ones, which become the numbers they hold.
static FailureOr<ImportedValue> importIValue(GraphImporter &importer,
                                             Location loc,
                                             const c10::IValue &value,
                                             const std::string &name) {
  if (value.isTensor()) {
    // LibTorch's constant folding wraps Python numbers in 0-D tensors
    // (often f64); as numbers they take the other operand's type, the way
    // PyTorch's type promotion treats them.
    const at::Tensor &tensor = value.toTensor();
    if (tensor.dim() == 0) {
      if (tensor.scalar_type() == c10::ScalarType::Bool)
        return ImportedValue::ofBool(tensor.item<bool>());
      if (c10::isIntegralType(tensor.scalar_type(), /*includeBool=*/false))
        return ImportedValue::ofInt(tensor.item<int64_t>());
      if (c10::isFloatingType(tensor.scalar_type()))
        return ImportedValue::ofFloat(tensor.item<double>());
    }
    FailureOr<Value> constant = importer.constantFromTensor(loc, tensor, name);
    if (failed(constant))
      return failure();
    return ImportedValue::ofTensor(*constant);
  }
  if (value.isNone())
    return ImportedValue::none();
  if (value.isInt())
    return ImportedValue::ofInt(value.toInt());
  if (value.isDouble())
    return ImportedValue::ofFloat(value.toDouble());
  if (value.isBool())
    return ImportedValue::ofBool(value.toBool());
  if (value.isString())
    return ImportedValue::ofString(value.toStringRef());
  if (value.isDevice())
    return ImportedValue::ofString(value.toDevice().str());
  if (value.isList() || value.isTuple()) {
    std::vector<ImportedValue> elements;
    auto items = value.isList() ? value.toListRef().vec()
                                : value.toTupleRef().elements().vec();
    for (auto [index, item] : llvm::enumerate(items)) {
      FailureOr<ImportedValue> element =
          importIValue(importer, loc, item, name + "." + std::to_string(index));
      if (failed(element))
        return failure();
      elements.push_back(std::move(*element));
    }
    return ImportedValue::ofList(std::move(elements));
  }
  emitError(loc) << "constant '" << name << "' has unsupported type "
                 << value.tagKind();
  return failure();
}

static LogicalResult convertConstant(GraphImporter &importer, jit::Node *node) {
  jit::Value *output = node->output();
  c10::optional<c10::IValue> value = jit::toIValue(output);
  if (!value)
    return importer.emitNodeError(node, "constant without a value");
  FailureOr<ImportedValue> imported = importIValue(
      importer, importer.getLoc(node), *value, output->debugName());
  if (failed(imported))
    return failure();
  importer.map(output, std::move(*imported));
  return success();
}

/// prim::ListConstruct / prim::TupleConstruct: a list of the operands.
static LogicalResult convertConstruct(GraphImporter &importer,
                                      jit::Node *node) {
  std::vector<ImportedValue> elements;
  for (jit::Value *input : node->inputs()) {
    const ImportedValue *element = importer.lookup(input);
    if (!element)
      return importer.emitNodeError(node, "operand was not imported");
    elements.push_back(*element);
  }
  importer.map(node->output(), ImportedValue::ofList(std::move(elements)));
  return success();
}

/// prim::ListUnpack / prim::TupleUnpack.
static LogicalResult convertUnpack(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *list = importer.lookup(node->input(0));
  if (!list || list->kind != ImportedValue::Kind::List)
    return importer.emitNodeError(node, "operand 0 must be a list or tuple");
  if (list->elements.size() != node->outputs().size())
    return importer.emitNodeError(
        node, "unpacks " + Twine(node->outputs().size()) +
                  " values from a list of " + Twine(list->elements.size()));
  for (auto [output, element] : llvm::zip(node->outputs(), list->elements))
    importer.map(output, element);
  return success();
}

/// aten::__getitem__ / prim::TupleIndex with a constant index.
static LogicalResult convertGetItem(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *list = importer.lookup(node->input(0));
  FailureOr<int64_t> index = importer.getInt(node, 1);
  if (failed(index))
    return failure();
  if (!list || list->kind != ImportedValue::Kind::List)
    return importer.emitNodeError(node, "operand 0 must be a list or tuple");
  int64_t size = list->elements.size();
  int64_t position = *index < 0 ? *index + size : *index;
  if (position < 0 || position >= size)
    return importer.emitNodeError(node, "index " + Twine(*index) +
                                            " is out of range for " +
                                            Twine(size) + " elements");
  importer.map(node->output(), list->elements[position]);
  return success();
}

/// Operators that return their first operand unchanged in inference:
/// aten::contiguous, aten::dropout, aten::detach, aten::clone, ...
static LogicalResult convertIdentity(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *value = importer.lookup(node->input(0));
  if (!value)
    return importer.emitNodeError(node, "operand 0 was not imported");
  importer.map(node->output(), *value);
  return success();
}

/// aten::size(tensor, dim) and aten::size(tensor).
static LogicalResult convertSize(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> tensor = importer.getTensor(node, 0);
  if (failed(tensor))
    return failure();
  ArrayRef<int64_t> shape = getTensorType(*tensor).getShape();
  auto sizeOf = [&](int64_t dim) -> FailureOr<ImportedValue> {
    int64_t rank = shape.size();
    if (dim < -rank || dim >= rank) {
      (void)importer.emitNodeError(node, "dimension " + Twine(dim) +
                                             " is out of range for rank " +
                                             Twine(rank));
      return failure();
    }
    int64_t normalized = dim < 0 ? dim + rank : dim;
    int64_t size = shape[normalized];
    if (ShapedType::isDynamic(size))
      return ImportedValue::ofDynamicSize(1, {{*tensor, normalized}});
    return ImportedValue::ofInt(size);
  };
  if (node->inputs().size() == 1) {
    std::vector<ImportedValue> sizes;
    for (int64_t dim = 0, e = shape.size(); dim < e; ++dim) {
      FailureOr<ImportedValue> size = sizeOf(dim);
      if (failed(size))
        return failure();
      sizes.push_back(*size);
    }
    importer.map(node->output(), ImportedValue::ofList(std::move(sizes)));
    return success();
  }
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  if (failed(dim))
    return failure();
  FailureOr<ImportedValue> size = sizeOf(*dim);
  if (failed(size))
    return failure();
  importer.map(node->output(), *size);
  return success();
}

/// aten::dim(tensor).
static LogicalResult convertDim(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> tensor = importer.getTensor(node, 0);
  if (failed(tensor))
    return failure();
  importer.map(node->output(),
               ImportedValue::ofInt(getTensorType(*tensor).getRank()));
  return success();
}

/// prim::NumToTensor, aten::Int, aten::Float, aten::ScalarImplicit: numbers
/// stay compile-time numbers.
static LogicalResult convertNumber(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *value = importer.lookup(node->input(0));
  StringRef kind = node->kind().toQualString();
  // A traced x.size(0) of a dynamic dimension: NumToTensor, then Int.
  if (value && value->kind == ImportedValue::Kind::DynamicSize &&
      kind != "aten::Float") {
    importer.map(node->output(), *value);
    return success();
  }
  if (!value || (value->kind != ImportedValue::Kind::Int &&
                 value->kind != ImportedValue::Kind::Float &&
                 value->kind != ImportedValue::Kind::Bool))
    return importer.emitNodeError(
        node, "only numbers known at compile time are supported here (a "
              "value computed from tensor data is not)");
  ImportedValue result = *value;
  if (kind == "aten::Int" && result.kind == ImportedValue::Kind::Float)
    result = ImportedValue::ofInt(static_cast<int64_t>(result.floatValue));
  if (kind == "aten::Float" && result.kind == ImportedValue::Kind::Int)
    result = ImportedValue::ofFloat(static_cast<double>(result.intValue));
  importer.map(node->output(), result);
  return success();
}

/// aten::__not__(bool) on a bool known at compile time.
static LogicalResult convertNot(GraphImporter &importer, jit::Node *node) {
  FailureOr<bool> value = importer.getBool(node, 0);
  if (failed(value))
    return failure();
  importer.map(node->output(), ImportedValue::ofBool(!*value));
  return success();
}

/// aten::__is__ / aten::__isnot__: identity tests (against None, or of two
/// tensors: `query is key`), known at compile time. Two tensors are the
/// same object when they are the same TorchScript or mdf value.
static LogicalResult convertIs(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *lhs = importer.lookup(node->input(0));
  const ImportedValue *rhs = importer.lookup(node->input(1));
  if (!lhs || !rhs)
    return importer.emitNodeError(node, "operand was not imported");
  bool lhsNone = lhs->kind == ImportedValue::Kind::None;
  bool rhsNone = rhs->kind == ImportedValue::Kind::None;
  bool same;
  if (lhsNone || rhsNone)
    same = lhsNone && rhsNone;
  else if (lhs->kind == ImportedValue::Kind::Tensor &&
           rhs->kind == ImportedValue::Kind::Tensor)
    same = node->input(0) == node->input(1) || lhs->tensor == rhs->tensor;
  else
    return importer.emitNodeError(
        node, "identity tests are supported against None and between tensors");
  bool isNot = node->kind().toQualString() == StringRef("aten::__isnot__");
  importer.map(node->output(), ImportedValue::ofBool(isNot ? !same : same));
  return success();
}

/// prim::RaiseException on a path the model takes at compile time (the
/// branches not taken are never imported): the model's own message.
static LogicalResult convertRaise(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *message =
      node->inputs().empty() ? nullptr : importer.lookup(node->input(0));
  if (message && message->kind == ImportedValue::Kind::String &&
      !message->string.empty())
    return importer.emitNodeError(node, "the model raises an exception here: " +
                                            Twine(message->string));
  return importer.emitNodeError(node, "the model raises an exception here");
}

/// aten::__range_length(lo, hi, step) and aten::__derive_index(index, start,
/// step): the trip count and the loop variable of `for i in range(lo, hi,
/// step)`, on numbers known at compile time.
static LogicalResult convertRangeNumber(GraphImporter &importer,
                                        jit::Node *node) {
  FailureOr<int64_t> a = importer.getInt(node, 0);
  FailureOr<int64_t> b = importer.getInt(node, 1);
  FailureOr<int64_t> step = importer.getInt(node, 2);
  if (failed(a) || failed(b) || failed(step))
    return importer.emitNodeError(
        node, "needs a range whose bounds are known at compile time");
  if (node->kind().toQualString() == StringRef("aten::__derive_index")) {
    importer.map(node->output(), ImportedValue::ofInt(*b + *a * *step));
    return success();
  }
  if (*step == 0)
    return importer.emitNodeError(node, "range() step must not be zero");
  int64_t length = 0;
  if (*step > 0 && *a < *b)
    length = (*b - *a + *step - 1) / *step;
  else if (*step < 0 && *a > *b)
    length = (*a - *b - *step - 1) / -*step;
  importer.map(node->output(), ImportedValue::ofInt(length));
  return success();
}

/// aten::len of a list, a string or a tensor (the size of dimension 0).
static LogicalResult convertLen(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *value = importer.lookup(node->input(0));
  if (!value)
    return importer.emitNodeError(node, "operand was not imported");
  if (value->kind == ImportedValue::Kind::List ||
      value->kind == ImportedValue::Kind::String) {
    size_t length = value->kind == ImportedValue::Kind::List
                        ? value->elements.size()
                        : value->string.size();
    importer.map(node->output(), ImportedValue::ofInt(length));
    return success();
  }
  FailureOr<Value> tensor = importer.getTensor(node, 0);
  if (failed(tensor))
    return failure();
  RankedTensorType type = getTensorType(*tensor);
  if (type.getRank() == 0)
    return importer.emitNodeError(node, "len() of a 0-d tensor");
  if (type.isDynamicDim(0))
    return importer.emitNodeError(node, "len() of a dynamic size");
  importer.map(node->output(), ImportedValue::ofInt(type.getDimSize(0)));
  return success();
}

/// prim::Uninitialized: a value only paths that raise leave unset.
static LogicalResult convertUninitialized(GraphImporter &importer,
                                          jit::Node *node) {
  importer.map(node->output(), ImportedValue::none());
  return success();
}

/// prim::dtype(tensor): the tensor's dtype as PyTorch's ScalarType number.
static LogicalResult convertDtype(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> tensor = importer.getTensor(node, 0);
  if (failed(tensor))
    return failure();
  Type type = getTensorType(*tensor).getElementType();
  c10::ScalarType scalarType = c10::ScalarType::Float;
  if (type.isF64())
    scalarType = c10::ScalarType::Double;
  else if (type.isInteger(64))
    scalarType = c10::ScalarType::Long;
  else if (type.isInteger(32))
    scalarType = c10::ScalarType::Int;
  else if (type.isInteger(1))
    scalarType = c10::ScalarType::Bool;
  importer.map(node->output(),
               ImportedValue::ofInt(static_cast<int64_t>(scalarType)));
  return success();
}

/// Properties of a tensor that are fixed for compiled code: prim::is_nested,
/// is_cuda, is_sparse, is_quantized, requires_grad are false, prim::device
/// is "cpu", aten::is_floating_point follows the element type.
static LogicalResult convertTensorProperty(GraphImporter &importer,
                                           jit::Node *node) {
  FailureOr<Value> tensor = importer.getTensor(node, 0);
  if (failed(tensor))
    return failure();
  StringRef kind = node->kind().toQualString();
  ImportedValue result = ImportedValue::ofBool(false);
  if (kind == "prim::device")
    result = ImportedValue::ofString("cpu");
  else if (kind == "aten::is_floating_point")
    result = ImportedValue::ofBool(
        isa<FloatType>(getTensorType(*tensor).getElementType()));
  importer.map(node->output(), result);
  return success();
}

/// aten::is_autocast_enabled, aten::is_grad_enabled: false in inference.
static LogicalResult convertFalse(GraphImporter &importer, jit::Node *node) {
  importer.map(node->output(), ImportedValue::ofBool(false));
  return success();
}

/// aten::append(list, element): the list grows in place; later uses of
/// the list value see the new element (list comprehensions are unrolled).
static LogicalResult convertAppend(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *list = importer.lookup(node->input(0));
  const ImportedValue *element = importer.lookup(node->input(1));
  if (!list || list->kind != ImportedValue::Kind::List || !element)
    return importer.emitNodeError(node, "operand 0 must be a list");
  ImportedValue grown = *list;
  grown.elements.push_back(*element);
  importer.map(node->input(0), grown);
  importer.map(node->output(), grown);
  return success();
}

/// aten::str of a string known at compile time (device names).
static LogicalResult convertStr(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *value = importer.lookup(node->input(0));
  if (!value || value->kind != ImportedValue::Kind::String)
    return importer.emitNodeError(
        node, "only str() of strings known at compile time is supported");
  importer.map(node->output(), *value);
  return success();
}

/// How str.format writes `value`: numbers, strings, lists of them; a
/// tensor's value is not known at compile time.
static void renderForFormat(const ImportedValue &value, std::string &out) {
  switch (value.kind) {
  case ImportedValue::Kind::Int:
    out += std::to_string(value.intValue);
    return;
  case ImportedValue::Kind::Float: {
    std::string text;
    llvm::raw_string_ostream(text) << value.floatValue;
    out += text;
    return;
  }
  case ImportedValue::Kind::Bool:
    out += value.boolValue ? "True" : "False";
    return;
  case ImportedValue::Kind::String:
    out += value.string;
    return;
  case ImportedValue::Kind::None:
    out += "None";
    return;
  case ImportedValue::Kind::List:
    out += "[";
    for (auto [index, element] : llvm::enumerate(value.elements)) {
      if (index)
        out += ", ";
      renderForFormat(element, out);
    }
    out += "]";
    return;
  default:
    out += "<tensor>";
    return;
  }
}

/// aten::format(fmt, args...): the message of a warning or an exception;
/// each `{}` takes the next argument.
static LogicalResult convertFormat(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *format = importer.lookup(node->input(0));
  if (!format || format->kind != ImportedValue::Kind::String)
    return importer.emitNodeError(node, "the format must be a string");
  std::string out;
  StringRef rest = format->string;
  unsigned next = 1;
  while (!rest.empty()) {
    size_t open = rest.find("{}");
    out += rest.take_front(open).str();
    if (open == StringRef::npos)
      break;
    if (next < node->inputs().size()) {
      if (const ImportedValue *arg = importer.lookup(node->input(next)))
        renderForFormat(*arg, out);
    }
    ++next;
    rest = rest.drop_front(open + 2);
  }
  importer.map(node->output(), ImportedValue::ofString(std::move(out)));
  return success();
}

/// aten::__contains__(container, item): a substring of a string, or a
/// number or string in a list, known at compile time.
static LogicalResult convertContains(GraphImporter &importer,
                                     jit::Node *node) {
  const ImportedValue *container = importer.lookup(node->input(0));
  const ImportedValue *item = importer.lookup(node->input(1));
  if (!container || !item)
    return importer.emitNodeError(node, "operand was not imported");
  if (container->kind == ImportedValue::Kind::String &&
      item->kind == ImportedValue::Kind::String) {
    importer.map(node->output(),
                 ImportedValue::ofBool(StringRef(container->string)
                                           .contains(item->string)));
    return success();
  }
  if (container->kind == ImportedValue::Kind::List) {
    bool found = llvm::any_of(container->elements, [&](const ImportedValue &e) {
      if (e.kind != item->kind)
        return false;
      switch (e.kind) {
      case ImportedValue::Kind::Int:
        return e.intValue == item->intValue;
      case ImportedValue::Kind::Float:
        return e.floatValue == item->floatValue;
      case ImportedValue::Kind::Bool:
        return e.boolValue == item->boolValue;
      case ImportedValue::Kind::String:
        return e.string == item->string;
      default:
        return false;
      }
    });
    importer.map(node->output(), ImportedValue::ofBool(found));
    return success();
  }
  return importer.emitNodeError(
      node, "`in` is supported on strings and lists known at compile time");
}

/// aten::find(string, substring): the first position or -1 (how
/// TorchScript spells `in` on strings).
static LogicalResult convertFind(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *text = importer.lookup(node->input(0));
  const ImportedValue *part = importer.lookup(node->input(1));
  if (!text || !part || text->kind != ImportedValue::Kind::String ||
      part->kind != ImportedValue::Kind::String)
    return importer.emitNodeError(
        node, "needs strings known at compile time");
  size_t position = text->string.find(part->string);
  importer.map(node->output(),
               ImportedValue::ofInt(position == std::string::npos
                                        ? -1
                                        : static_cast<int64_t>(position)));
  return success();
}

void mlir::mdf::torchscript::addStructureConverters(ConverterMap &map) {
  map["aten::find"] = convertFind;
  map["aten::append"] = convertAppend;
  map["aten::str"] = convertStr;
  map["aten::format"] = convertFormat;
  map["aten::__contains__"] = convertContains;
  map["aten::is_autocast_enabled"] = convertFalse;
  map["aten::is_grad_enabled"] = convertFalse;
  for (const char *name :
       {"prim::is_nested", "prim::is_cuda", "prim::is_sparse",
        "prim::is_quantized", "prim::requires_grad", "prim::device",
        "aten::is_floating_point"})
    map[name] = convertTensorProperty;
  map["prim::Uninitialized"] = convertUninitialized;
  map["prim::dtype"] = convertDtype;
  map["aten::__not__"] = convertNot;
  map["aten::__is__"] = convertIs;
  map["aten::__isnot__"] = convertIs;
  map["aten::len"] = convertLen;
  map["prim::RaiseException"] = convertRaise;
  map["aten::__range_length"] = convertRangeNumber;
  map["aten::__derive_index"] = convertRangeNumber;
  // A Python warning (kl_div's about reduction='mean') computes nothing.
  map["aten::warn"] = [](GraphImporter &, jit::Node *) { return success(); };
  map["prim::Constant"] = convertConstant;
  map["prim::ListConstruct"] = convertConstruct;
  map["prim::TupleConstruct"] = convertConstruct;
  map["prim::ListUnpack"] = convertUnpack;
  map["prim::TupleUnpack"] = convertUnpack;
  map["prim::TupleIndex"] = convertGetItem;
  map["aten::__getitem__"] = convertGetItem;
  for (const char *name :
       {"aten::contiguous", "aten::dropout", "aten::dropout_",
        "aten::feature_dropout", "aten::alpha_dropout", "aten::detach",
        "aten::clone", "aten::alias", "prim::unchecked_cast", "aten::list"})
    map[name] = convertIdentity;
  map["aten::size"] = convertSize;
  map["aten::dim"] = convertDim;
  for (const char *name : {"prim::NumToTensor", "aten::Int", "aten::Float",
                           "aten::ScalarImplicit"})
    map[name] = convertNumber;
}
