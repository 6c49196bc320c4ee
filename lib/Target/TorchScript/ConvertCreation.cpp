//===- ConvertCreation.cpp - tensors made from sizes and values -----------===//
//
// This file implements the converters of the aten operators that make new
// tensors (zeros, ones, full, their *_like and new_* forms, arange, eye)
// and of dtype conversions (to, type_as). Sizes and fill values are numbers
// known at compile time; the results are constants.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;


/// The element type the node's `dtype` argument names, or `fallback` when
/// it has none or it is None; null after an error.
static Type getDtypeArgument(GraphImporter &importer, jit::Node *node,
                             Type fallback) {
  std::optional<unsigned> index = findArgument(node, "dtype");
  if (!index || importer.isNone(node, *index))
    return fallback;
  FailureOr<int64_t> dtype = importer.getInt(node, *index);
  if (failed(dtype))
    return {};
  Type type = importer.getElementType(static_cast<c10::ScalarType>(*dtype));
  if (!type)
    (void)importer.emitNodeError(
        node, "unsupported dtype (mdf has f32, f64, f16, bf16, i64, i32 and bool)");
  return type;
}

/// The type PyTorch gives a tensor filled with a Python number.
static Type typeOfNumber(MLIRContext *context, const ImportedValue &value) {
  if (value.kind == ImportedValue::Kind::Bool)
    return IntegerType::get(context, 1);
  if (value.kind == ImportedValue::Kind::Int)
    return IntegerType::get(context, 64);
  return defaultFloatType(context);
}

/// The 0-D fill value: operand `fillIndex` (a number or a 0-D tensor) as
/// `elementType`, or `constant` when `fillIndex` is unset.
static FailureOr<Value> getFillScalar(GraphImporter &importer, jit::Node *node,
                                      Type elementType,
                                      std::optional<unsigned> fillIndex,
                                      double constant) {
  Location loc = importer.getLoc(node);
  if (!fillIndex)
    return importer.scalar(loc, elementType, constant);
  const ImportedValue *fill = importer.lookup(node->input(*fillIndex));
  if (fill && fill->kind == ImportedValue::Kind::Tensor) {
    FailureOr<Value> value = importer.castTo(loc, fill->tensor, elementType);
    if (failed(value))
      return failure();
    if (getTensorType(*value).getRank() != 0)
      return importer.emitNodeError(node, "the fill value must be 0-D");
    return *value;
  }
  FailureOr<double> number = importer.getFloat(node, *fillIndex);
  if (failed(number))
    return failure();
  return importer.scalar(loc, elementType, *number);
}

/// A filled tensor whose shape names one size known only at run time,
/// `size` (one dynamic dimension of a tensor): that dimension of the tensor
/// as a vector, filled, reshaped to the shape with 1s and expanded.
static LogicalResult mapDynamicFilled(GraphImporter &importer, jit::Node *node,
                                      ArrayRef<int64_t> shape,
                                      unsigned dynamicPosition,
                                      DynamicDim size, Value fill) {
  Location loc = importer.getLoc(node);
  RankedTensorType sourceType = getTensorType(size.tensor);
  SmallVector<int64_t> starts, ends, axes;
  for (int64_t dim = 0; dim < sourceType.getRank(); ++dim)
    if (dim != size.dim) {
      starts.push_back(0);
      ends.push_back(1);
      axes.push_back(dim);
    }
  Value line = size.tensor;
  if (!axes.empty()) {
    FailureOr<Value> sliced = importer.create<SliceOp>(
        loc, size.tensor, starts, ends, axes, ArrayRef<int64_t>{});
    if (failed(sliced))
      return failure();
    line = *sliced;
  }
  SmallVector<int64_t> unitShape(shape.size(), 1);
  unitShape[dynamicPosition] = -1;
  FailureOr<Value> column =
      importer.reshape(loc, line, ArrayRef<int64_t>(unitShape));
  if (failed(column))
    return failure();
  FailureOr<Value> filled = importer.fillLike(loc, *column, fill);
  if (failed(filled))
    return failure();
  SmallVector<int64_t> expanded(shape);
  expanded[dynamicPosition] = -1;
  return importer.mapResult(
      node, importer.create<ExpandOp>(loc, *filled, expanded));
}

/// A tensor of `shape` and `elementType` filled with operand `fillIndex`
/// (a number or a 0-D tensor), or with `constant` when `fillIndex` is unset.
static LogicalResult mapFilled(GraphImporter &importer, jit::Node *node,
                               ArrayRef<int64_t> shape, Type elementType,
                               std::optional<unsigned> fillIndex,
                               double constant) {
  Location loc = importer.getLoc(node);
  auto type = RankedTensorType::get(shape, elementType);
  if (fillIndex) {
    const ImportedValue *fill = importer.lookup(node->input(*fillIndex));
    if (!fill)
      return importer.emitNodeError(node, "fill value was not imported");
    if (fill->kind == ImportedValue::Kind::Tensor) {
      // A value computed at run time: broadcast it.
      FailureOr<Value> value = importer.castTo(loc, fill->tensor, elementType);
      if (failed(value))
        return failure();
      if (getTensorType(*value).getRank() != 0)
        return importer.emitNodeError(node, "the fill value must be 0-D");
      return importer.mapResult(node,
                                importer.create<ExpandOp>(loc, *value, shape));
    }
    FailureOr<double> number = importer.getFloat(node, *fillIndex);
    if (failed(number))
      return failure();
    constant = *number;
  }
  importer.mapTensor(node->output(), importer.splat(loc, type, constant));
  return success();
}

/// aten::zeros/ones(size, dtype...), aten::full(size, fill, dtype...).
static LogicalResult convertFill(GraphImporter &importer, jit::Node *node) {
  // One size known only at run time (zeros(n, 5) with n = x.size(0)).
  std::optional<unsigned> dynamicPosition;
  SmallVector<int64_t> dynamicShape;
  if (const ImportedValue *list = importer.lookup(node->input(0));
      list && list->kind == ImportedValue::Kind::List) {
    for (auto [position, element] : llvm::enumerate(list->elements)) {
      if (element.kind == ImportedValue::Kind::DynamicSize &&
          element.intValue == 1 && element.dynamicFactors.size() == 1 &&
          !dynamicPosition) {
        dynamicPosition = position;
        dynamicShape.push_back(ShapedType::kDynamic);
      } else if (element.kind == ImportedValue::Kind::Int) {
        dynamicShape.push_back(element.intValue);
      } else {
        dynamicPosition.reset();
        break;
      }
    }
  }
  FailureOr<SmallVector<int64_t>> shape =
      dynamicPosition ? FailureOr<SmallVector<int64_t>>(dynamicShape)
                      : importer.getIntList(node, 0);
  if (failed(shape))
    return failure();
  StringRef kind = node->kind().toQualString();
  MLIRContext *context = importer.getContext();
  bool isFull = kind == "aten::full";
  Type fallback = defaultFloatType(context);
  if (isFull)
    if (const ImportedValue *fill = importer.lookup(node->input(1)))
      fallback = fill->kind == ImportedValue::Kind::Tensor
                     ? getTensorType(fill->tensor).getElementType()
                     : typeOfNumber(context, *fill);
  Type elementType = getDtypeArgument(importer, node, fallback);
  if (!elementType)
    return failure();
  std::optional<unsigned> fillIndex =
      isFull ? std::optional<unsigned>(1) : std::nullopt;
  double constant = kind == "aten::ones" ? 1.0 : 0.0;
  if (dynamicPosition) {
    FailureOr<Value> fill =
        getFillScalar(importer, node, elementType, fillIndex, constant);
    if (failed(fill))
      return failure();
    const ImportedValue *list = importer.lookup(node->input(0));
    return mapDynamicFilled(
        importer, node, *shape, *dynamicPosition,
        list->elements[*dynamicPosition].dynamicFactors.front(), *fill);
  }
  return mapFilled(importer, node, *shape, elementType, fillIndex, constant);
}

/// aten::zeros_like/ones_like/full_like(self, [fill,] dtype...): the shape
/// (and unless told otherwise the dtype) of `self`.
static LogicalResult convertFillLike(GraphImporter &importer,
                                     jit::Node *node) {
  FailureOr<Value> like = importer.getTensor(node, 0);
  if (failed(like))
    return failure();
  RankedTensorType type = getTensorType(*like);
  Type elementType =
      getDtypeArgument(importer, node, type.getElementType());
  if (!elementType)
    return failure();
  StringRef kind = node->kind().toQualString();
  bool isFull = kind == "aten::full_like";
  std::optional<unsigned> fillIndex =
      isFull ? std::optional<unsigned>(1) : std::nullopt;
  double constant = kind == "aten::ones_like" ? 1.0 : 0.0;
  if (!type.hasStaticShape()) {
    FailureOr<Value> fill =
        getFillScalar(importer, node, elementType, fillIndex, constant);
    if (failed(fill))
      return failure();
    return importer.mapResult(
        node, importer.fillLike(importer.getLoc(node), *like, *fill));
  }
  return mapFilled(importer, node, type.getShape(), elementType, fillIndex,
                   constant);
}

/// aten::new_zeros/new_ones(self, size, ...), aten::new_full(self, size,
/// fill, ...): the given shape, `self`'s dtype unless told otherwise.
static LogicalResult convertNewFill(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> like = importer.getTensor(node, 0);
  FailureOr<SmallVector<int64_t>> shape = importer.getIntList(node, 1);
  if (failed(like) || failed(shape))
    return failure();
  Type elementType = getDtypeArgument(importer, node,
                                      getTensorType(*like).getElementType());
  if (!elementType)
    return failure();
  StringRef kind = node->kind().toQualString();
  bool isFull = kind == "aten::new_full";
  return mapFilled(importer, node, *shape, elementType,
                   isFull ? std::optional<unsigned>(2) : std::nullopt,
                   kind == "aten::new_ones" ? 1.0 : 0.0);
}

/// aten::arange(end | start, end[, step], dtype...).
static LogicalResult convertArange(GraphImporter &importer, jit::Node *node) {
  std::optional<unsigned> startIndex = findArgument(node, "start");
  std::optional<unsigned> endIndex = findArgument(node, "end");
  std::optional<unsigned> stepIndex = findArgument(node, "step");
  if (!endIndex)
    return importer.emitNodeError(node, "unsupported overload");
  MLIRContext *context = importer.getContext();
  double start = 0, step = 1;
  Type fallback = IntegerType::get(context, 64);
  auto read = [&](std::optional<unsigned> index, double &value) {
    if (!index)
      return success();
    const ImportedValue *operand = importer.lookup(node->input(*index));
    if (operand && operand->kind == ImportedValue::Kind::Float)
      fallback = defaultFloatType(context);
    FailureOr<double> number = importer.getFloat(node, *index);
    if (failed(number))
      return failure();
    value = *number;
    return success();
  };
  double end = 0;
  if (failed(read(startIndex, start)) || failed(read(endIndex, end)) ||
      failed(read(stepIndex, step)))
    return failure();
  if (step == 0)
    return importer.emitNodeError(node, "step must be nonzero");
  Type elementType = getDtypeArgument(importer, node, fallback);
  if (!elementType)
    return failure();
  int64_t count = std::max<int64_t>(
      0, static_cast<int64_t>(std::ceil((end - start) / step)));
  SmallVector<double> values;
  for (int64_t i = 0; i < count; ++i)
    values.push_back(start + i * step);
  importer.mapTensor(node->output(),
                     importer.numbers(importer.getLoc(node),
                                      RankedTensorType::get({count}, elementType),
                                      values));
  return success();
}

/// aten::eye(n[, m], dtype...).
static LogicalResult convertEye(GraphImporter &importer, jit::Node *node) {
  FailureOr<int64_t> rows = importer.getInt(node, 0);
  if (failed(rows))
    return failure();
  int64_t columns = *rows;
  if (std::optional<unsigned> m = findArgument(node, "m")) {
    FailureOr<int64_t> value = importer.getInt(node, *m);
    if (failed(value))
      return failure();
    columns = *value;
  }
  Type elementType = getDtypeArgument(importer, node,
                                      defaultFloatType(importer.getContext()));
  if (!elementType)
    return failure();
  SmallVector<double> values;
  for (int64_t i = 0; i < *rows; ++i)
    for (int64_t j = 0; j < columns; ++j)
      values.push_back(i == j);
  importer.mapTensor(
      node->output(),
      importer.numbers(importer.getLoc(node),
                       RankedTensorType::get({*rows, columns}, elementType),
                       values));
  return success();
}

/// aten::to(self, dtype | device, dtype | other, ...), aten::type_as,
/// and the methods float(), double(), long(), int(), bool().
static LogicalResult convertTo(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  StringRef kind = node->kind().toQualString();
  Type elementType = getTensorType(*input).getElementType();
  if (kind == "aten::type_as" || findArgument(node, "other")) {
    FailureOr<Value> other = importer.getTensor(node, 1);
    if (failed(other))
      return failure();
    elementType = getTensorType(*other).getElementType();
  } else {
    elementType = getDtypeArgument(importer, node, elementType);
    if (!elementType)
      return failure();
  }
  return importer.mapResult(
      node, importer.castTo(importer.getLoc(node), *input, elementType));
}

/// Collects the numbers of a (nested) list literal in row-major order and
/// its shape; fails on ragged lists and on anything but numbers.
static LogicalResult flattenLiteral(const ImportedValue &value, size_t depth,
                                    SmallVectorImpl<int64_t> &shape,
                                    SmallVectorImpl<const ImportedValue *> &out) {
  if (value.kind != ImportedValue::Kind::List) {
    if (value.kind != ImportedValue::Kind::Int &&
        value.kind != ImportedValue::Kind::Float &&
        value.kind != ImportedValue::Kind::Bool)
      return failure();
    if (depth != shape.size())
      return failure();
    out.push_back(&value);
    return success();
  }
  int64_t size = value.elements.size();
  if (depth == shape.size())
    shape.push_back(size);
  else if (depth > shape.size() || shape[depth] != size)
    return failure();
  for (const ImportedValue &element : value.elements)
    if (failed(flattenLiteral(element, depth + 1, shape, out)))
      return failure();
  return success();
}

/// aten::tensor(data, dtype=None, device=None, requires_grad=False) and
/// aten::scalar_tensor(s, dtype=None): a constant from a number or a
/// (nested) list of numbers, typed as PyTorch types it (any float: the
/// default float type; else any int: i64; else bool).
static LogicalResult convertTensorLiteral(GraphImporter &importer,
                                          jit::Node *node) {
  const ImportedValue *data = importer.lookup(node->input(0));
  if (!data)
    return importer.emitNodeError(node, "data was not imported");
  MLIRContext *context = importer.getContext();
  Location loc = importer.getLoc(node);
  if (data->kind == ImportedValue::Kind::Tensor) {
    // torch.tensor(t) of a tensor is a copy.
    Type type = getDtypeArgument(importer, node,
                                 getTensorType(data->tensor).getElementType());
    if (!type)
      return failure();
    return importer.mapResult(node, importer.castTo(loc, data->tensor, type));
  }
  SmallVector<int64_t> shape;
  SmallVector<const ImportedValue *> numbers;
  if (failed(flattenLiteral(*data, 0, shape, numbers)))
    return importer.emitNodeError(node, "needs a number or a rectangular "
                                        "list of numbers known when the "
                                        "model is compiled");
  Type natural = IntegerType::get(context, 1);
  for (const ImportedValue *number : numbers) {
    if (number->kind == ImportedValue::Kind::Float)
      natural = defaultFloatType(context);
    else if (number->kind == ImportedValue::Kind::Int && natural.isInteger(1))
      natural = IntegerType::get(context, 64);
  }
  if (numbers.empty())
    natural = defaultFloatType(context);
  Type type = getDtypeArgument(importer, node, natural);
  if (!type)
    return failure();
  SmallVector<double> values;
  for (const ImportedValue *number : numbers)
    values.push_back(number->kind == ImportedValue::Kind::Float
                         ? number->floatValue
                     : number->kind == ImportedValue::Kind::Int
                         ? double(number->intValue)
                         : double(number->boolValue));
  importer.mapTensor(node->output(),
                     importer.numbers(loc, RankedTensorType::get(shape, type),
                                      values));
  return success();
}

void mlir::mdf::torchscript::addCreationConverters(ConverterMap &map) {
  map["aten::tensor"] = convertTensorLiteral;
  map["aten::scalar_tensor"] = convertTensorLiteral;
  map["aten::as_tensor"] = convertTensorLiteral;
  map["aten::zeros"] = convertFill;
  map["aten::ones"] = convertFill;
  map["aten::full"] = convertFill;
  map["aten::zeros_like"] = convertFillLike;
  map["aten::ones_like"] = convertFillLike;
  map["aten::full_like"] = convertFillLike;
  map["aten::new_zeros"] = convertNewFill;
  map["aten::new_ones"] = convertNewFill;
  map["aten::new_full"] = convertNewFill;
  map["aten::arange"] = convertArange;
  map["aten::eye"] = convertEye;
  map["aten::to"] = convertTo;
  map["aten::type_as"] = convertTo;
}
