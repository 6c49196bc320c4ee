//===- ConvertStructure.cpp - constants, lists and shape arithmetic -------===//
//
// This file implements the converters of the TorchScript operators that
// carry no tensor math: constants, list/tuple plumbing, the integer
// arithmetic of shape computations, identities of inference mode, and
// control flow with conditions known at compile time.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <ATen/core/ivalue.h>
#include <torch/csrc/jit/ir/constants.h>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

/// Converts a compile-time IValue (anything but a tensor) into an
/// ImportedValue.
static FailureOr<ImportedValue> importIValue(const c10::IValue &value) {
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
    for (const c10::IValue &item : items) {
      FailureOr<ImportedValue> element = importIValue(item);
      if (failed(element))
        return failure();
      elements.push_back(std::move(*element));
    }
    return ImportedValue::ofList(std::move(elements));
  }
  return failure();
}

static LogicalResult convertConstant(GraphImporter &importer,
                                     jit::Node *node) {
  jit::Value *output = node->output();
  c10::optional<c10::IValue> value = jit::toIValue(output);
  if (!value)
    return importer.emitNodeError(node, "constant without a value");
  if (value->isTensor()) {
    FailureOr<Value> tensor = importer.constantFromTensor(
        importer.getLoc(node), value->toTensor(), output->debugName());
    if (failed(tensor))
      return failure();
    importer.mapTensor(output, *tensor);
    return success();
  }
  FailureOr<ImportedValue> imported = importIValue(*value);
  if (failed(imported))
    return importer.emitNodeError(node, "constant of unsupported type " +
                                            value->tagKind());
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
static LogicalResult convertGetItem(GraphImporter &importer,
                                    jit::Node *node) {
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
static LogicalResult convertIdentity(GraphImporter &importer,
                                     jit::Node *node) {
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
    int64_t size = shape[dim < 0 ? dim + rank : dim];
    if (ShapedType::isDynamic(size)) {
      (void)importer.emitNodeError(
          node, "shape arithmetic on a dynamic size (dimension " +
                    Twine(dim) +
                    ") is not supported; give a static size in --input-shape");
      return failure();
    }
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
  if (!value || (value->kind != ImportedValue::Kind::Int &&
                 value->kind != ImportedValue::Kind::Float &&
                 value->kind != ImportedValue::Kind::Bool))
    return importer.emitNodeError(
        node, "only numbers known at compile time are supported here (a "
              "value computed from tensor data is not)");
  ImportedValue result = *value;
  StringRef kind = node->kind().toQualString();
  if (kind == "aten::Int" && result.kind == ImportedValue::Kind::Float)
    result = ImportedValue::ofInt(static_cast<int64_t>(result.floatValue));
  if (kind == "aten::Float" && result.kind == ImportedValue::Kind::Int)
    result = ImportedValue::ofFloat(static_cast<double>(result.intValue));
  importer.map(node->output(), result);
  return success();
}

/// aten::zeros / aten::ones(size, dtype, layout, device, pin_memory).
static LogicalResult convertFill(GraphImporter &importer, jit::Node *node) {
  FailureOr<SmallVector<int64_t>> shape = importer.getIntList(node, 0);
  if (failed(shape))
    return failure();
  Type elementType = importer.getBuilder().getF32Type();
  if (!importer.isNone(node, 1)) {
    FailureOr<int64_t> dtype = importer.getInt(node, 1);
    if (failed(dtype))
      return failure();
    elementType =
        importer.getElementType(static_cast<c10::ScalarType>(*dtype));
    if (!elementType)
      return importer.emitNodeError(node, "unsupported dtype");
  }
  double value = node->kind().toQualString() == StringRef("aten::ones");
  importer.mapTensor(node->output(),
                     importer.splat(importer.getLoc(node),
                                    RankedTensorType::get(*shape, elementType),
                                    value));
  return success();
}

/// prim::If whose condition is known at compile time: the taken branch is
/// imported in place.
static LogicalResult convertIf(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *condition = importer.lookup(node->input(0));
  if (!condition || condition->kind != ImportedValue::Kind::Bool)
    return importer.emitNodeError(
        node, "only conditions known at compile time are supported (this "
              "one depends on tensor data)");
  jit::Block *taken = node->blocks()[condition->boolValue ? 0 : 1];
  if (failed(importer.importBlock(taken)))
    return failure();
  for (auto [output, result] : llvm::zip(node->outputs(), taken->outputs())) {
    const ImportedValue *value = importer.lookup(result);
    if (!value)
      return importer.emitNodeError(node, "branch result was not imported");
    importer.map(output, *value);
  }
  return success();
}

void mlir::mdf::torchscript::addStructureConverters(ConverterMap &map) {
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
        "aten::clone", "aten::alias"})
    map[name] = convertIdentity;
  map["aten::size"] = convertSize;
  map["aten::dim"] = convertDim;
  for (const char *name : {"prim::NumToTensor", "aten::Int", "aten::Float",
                           "aten::ScalarImplicit"})
    map[name] = convertNumber;
  map["aten::zeros"] = convertFill;
  map["aten::ones"] = convertFill;
  map["prim::If"] = convertIf;
}
