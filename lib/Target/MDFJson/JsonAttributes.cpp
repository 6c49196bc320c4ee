//===- JsonAttributes.cpp - JSON values as MLIR attributes ----------------===//

#include "JsonAttributes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::mdf;

bool mlir::mdf::recordListSize(SmallVectorImpl<int64_t> &shape, size_t depth,
                               int64_t size, bool haveValues) {
  if (depth == shape.size()) {
    if (haveValues)
      return false;
    shape.push_back(size);
    return true;
  }
  return depth < shape.size() && shape[depth] == size;
}

/// Walks a nested numeric array; false when ragged or not all numbers.
static bool flatten(const json::Value &value, std::vector<double> &values,
                    SmallVectorImpl<int64_t> &shape, size_t depth,
                    bool &anyFloat) {
  if (value.isNumber()) {
    if (depth != shape.size())
      return false;
    anyFloat |= value.kind == json::Value::Kind::Number;
    values.push_back(value.asDouble());
    return true;
  }
  if (!value.isArray() || value.elements.empty())
    return false;
  if (!recordListSize(shape, depth, value.elements.size(), !values.empty()))
    return false;
  for (const json::Value &element : value.elements)
    if (!flatten(element, values, shape, depth + 1, anyFloat))
      return false;
  return true;
}

bool mlir::mdf::getNumericLiteral(const json::Value &value,
                                  std::vector<double> &values,
                                  SmallVectorImpl<int64_t> &shape) {
  if (value.kind == json::Value::Kind::Bool) {
    values.push_back(value.boolean);
    return true;
  }
  bool anyFloat = false;
  return flatten(value, values, shape, 0, anyFloat);
}

/// The first problem below `value` (at `where`) that stops it being a
/// rectangular numeric array, or "" when it is one. `sizes[d]` and
/// `firstAt[d]` record the first size seen at depth `d` and where.
static std::string findNonNumeric(const json::Value &value,
                                  const std::string &where,
                                  std::vector<size_t> &sizes,
                                  std::vector<std::string> &firstAt,
                                  size_t depth, bool &sawNumber) {
  if (value.isNumber()) {
    if (depth < sizes.size())
      return "a ragged array (" + where + " is a number where " +
             firstAt[depth] + " is a list)";
    sawNumber = true;
    return "";
  }
  if (!value.isArray())
    return "an array with " + value.kindName().str() + " at " + where;
  if (value.elements.empty())
    return where.empty() ? "an empty array"
                         : "a ragged array (" + where + " is empty)";
  if (depth == sizes.size()) {
    if (sawNumber)
      return "a ragged array (" + where +
             " is a list where the elements beside it are numbers)";
    sizes.push_back(value.elements.size());
    firstAt.push_back(where.empty() ? "the array" : where);
  } else if (depth > sizes.size() || sizes[depth] != value.elements.size()) {
    return "a ragged array (" + (where.empty() ? "the array" : where) +
           " has " + std::to_string(value.elements.size()) +
           " elements, " + firstAt[depth] + " has " +
           std::to_string(sizes[depth]) + ")";
  }
  for (auto [index, element] : llvm::enumerate(value.elements)) {
    std::string problem =
        findNonNumeric(element, where + "[" + std::to_string(index) + "]",
                       sizes, firstAt, depth + 1, sawNumber);
    if (!problem.empty())
      return problem;
  }
  return "";
}

std::string mlir::mdf::describeNonNumericLiteral(const json::Value &value) {
  if (!value.isArray())
    return value.kindName().str();
  std::vector<size_t> sizes;
  std::vector<std::string> firstAt;
  bool sawNumber = false;
  std::string problem =
      findNonNumeric(value, "", sizes, firstAt, 0, sawNumber);
  return problem.empty() ? "an array" : problem;
}

Attribute mlir::mdf::jsonToAttribute(const json::Value &value,
                                     MLIRContext *context) {
  Builder b(context);
  switch (value.kind) {
  case json::Value::Kind::Null:
    return b.getUnitAttr();
  case json::Value::Kind::Bool:
    return b.getBoolAttr(value.boolean);
  case json::Value::Kind::Integer:
    return b.getI64IntegerAttr(value.integer);
  case json::Value::Kind::Number:
    return b.getF64FloatAttr(value.number);
  case json::Value::Kind::String:
    return b.getStringAttr(value.string);
  case json::Value::Kind::Array: {
    std::vector<double> values;
    SmallVector<int64_t> shape;
    bool anyFloat = false;
    if (flatten(value, values, shape, 0, anyFloat)) {
      if (anyFloat)
        return DenseElementsAttr::get(
            RankedTensorType::get(shape, b.getF64Type()),
            ArrayRef<double>(values));
      std::vector<int64_t> integers(values.begin(), values.end());
      return DenseElementsAttr::get(
          RankedTensorType::get(shape, b.getI64Type()),
          ArrayRef<int64_t>(integers));
    }
    SmallVector<Attribute> elements;
    for (const json::Value &element : value.elements)
      elements.push_back(jsonToAttribute(element, context));
    return b.getArrayAttr(elements);
  }
  case json::Value::Kind::Object: {
    SmallVector<NamedAttribute> members;
    for (const json::Member &member : value.members)
      members.push_back(
          b.getNamedAttr(member.first, jsonToAttribute(member.second, context)));
    return b.getDictionaryAttr(members);
  }
  }
  return {};
}

/// Writes a number the way Python does (ints without a fraction).
static void writeDouble(double value, llvm::json::OStream &out) {
  out.rawValue(json::formatDouble(value));
}

/// Writes dimension `dim` of a dense array from `offset` on. The innermost
/// lists go on one line each (`[0.5, 1.0, 2.0]`): a pretty-printed weight
/// matrix would otherwise spend a line and its indentation per number.
template <typename T>
static void writeDense(ArrayRef<T> values, ArrayRef<int64_t> shape,
                       size_t dim, int64_t &offset, bool f32,
                       llvm::json::OStream &out) {
  auto format = [&](T value) -> std::string {
    if constexpr (std::is_floating_point_v<T>)
      return f32 ? json::formatFloat(static_cast<float>(value))
                 : json::formatDouble(value);
    else
      return std::to_string(value);
  };
  if (dim == shape.size()) {
    out.rawValue(format(values[offset++]));
    return;
  }
  if (dim + 1 == shape.size()) {
    out.rawValue([&](llvm::raw_ostream &os) {
      os << '[';
      for (int64_t i = 0; i < shape[dim]; ++i)
        os << (i ? ", " : "") << format(values[offset++]);
      os << ']';
    });
    return;
  }
  out.arrayBegin();
  for (int64_t i = 0; i < shape[dim]; ++i)
    writeDense(values, shape, dim + 1, offset, f32, out);
  out.arrayEnd();
}

bool mlir::mdf::writeAttributeAsJson(Attribute attr,
                                     llvm::json::OStream &out) {
  if (isa<UnitAttr>(attr)) {
    out.value(nullptr);
    return true;
  }
  if (auto boolean = dyn_cast<BoolAttr>(attr)) {
    out.value(boolean.getValue());
    return true;
  }
  if (auto integer = dyn_cast<IntegerAttr>(attr)) {
    out.value(integer.getInt());
    return true;
  }
  if (auto number = dyn_cast<FloatAttr>(attr)) {
    writeDouble(number.getValueAsDouble(), out);
    return true;
  }
  if (auto string = dyn_cast<StringAttr>(attr)) {
    out.value(string.getValue());
    return true;
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto type = cast<RankedTensorType>(dense.getType());
    int64_t offset = 0;
    Type element = type.getElementType();
    if (element.isF64() || element.isF32()) {
      std::vector<double> values;
      for (APFloat value : dense.getValues<APFloat>())
        values.push_back(value.convertToDouble());
      if (type.getRank() == 0) {
        out.rawValue(element.isF32() ? json::formatFloat(values[0])
                                     : json::formatDouble(values[0]));
        return true;
      }
      writeDense<double>(values, type.getShape(), 0, offset, element.isF32(),
                         out);
      return true;
    }
    if (element.isInteger(64)) {
      std::vector<int64_t> values(dense.getValues<int64_t>().begin(),
                                  dense.getValues<int64_t>().end());
      writeDense<int64_t>(values, type.getShape(), 0, offset, false, out);
      return true;
    }
    return false;
  }
  if (auto array = dyn_cast<ArrayAttr>(attr)) {
    out.arrayBegin();
    for (Attribute element : array)
      if (!writeAttributeAsJson(element, out))
        return false;
    out.arrayEnd();
    return true;
  }
  if (auto dictionary = dyn_cast<DictionaryAttr>(attr)) {
    out.objectBegin();
    for (NamedAttribute member : dictionary) {
      out.attributeBegin(member.getName().getValue());
      if (!writeAttributeAsJson(member.getValue(), out))
        return false;
      out.attributeEnd();
    }
    out.objectEnd();
    return true;
  }
  return false;
}
