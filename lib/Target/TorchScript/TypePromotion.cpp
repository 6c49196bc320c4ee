//===- TypePromotion.cpp - PyTorch's result-type rules --------------------===//
//
// This file implements the element type an elementwise aten operator
// computes in, following PyTorch's `torch.result_type`: categories (bool <
// integer < floating point) decide before widths, and operands count in
// three tiers (tensors with dimensions, 0-D tensors, Python numbers) where a
// lower tier only matters when it brings a higher category.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {

enum class Category { Bool, Integer, Float };

Category categoryOf(Type type) {
  if (isa<FloatType>(type))
    return Category::Float;
  return type.isInteger(1) ? Category::Bool : Category::Integer;
}

/// The promotion of two types of any categories (`promote_types`): the
/// higher category wins; within one, the wider type.
Type promotePair(Type a, Type b) {
  if (!a || !b)
    return a ? a : b;
  if (a == b)
    return a;
  Category ca = categoryOf(a), cb = categoryOf(b);
  if (ca != cb)
    return ca > cb ? a : b;
  // f16 and bf16 have the same width and neither holds the other.
  if (isa<Float16Type, BFloat16Type>(a) && isa<Float16Type, BFloat16Type>(b))
    return Float32Type::get(a.getContext());
  return a.getIntOrFloatBitWidth() >= b.getIntOrFloatBitWidth() ? a : b;
}

/// `combine_categories`: the higher tier's type unless the lower tier
/// brings a higher category.
Type combineTiers(Type higher, Type lower) {
  if (!higher)
    return lower;
  if (!lower)
    return higher;
  return categoryOf(lower) > categoryOf(higher) ? lower : higher;
}

} // namespace

Type mlir::mdf::torchscript::defaultFloatType(MLIRContext *context) {
  return Float32Type::get(context);
}

bool mlir::mdf::torchscript::isFloatElement(Value tensor) {
  return isa<FloatType>(getTensorType(tensor).getElementType());
}

Type mlir::mdf::torchscript::resultElementType(
    MLIRContext *context, ArrayRef<const ImportedValue *> operands) {
  Type dimensioned, zeroDim, number;
  for (const ImportedValue *operand : operands) {
    if (!operand)
      continue;
    switch (operand->kind) {
    case ImportedValue::Kind::Tensor: {
      RankedTensorType type = getTensorType(operand->tensor);
      Type element = type.getElementType();
      if (operand->isNumber) {
        // A Python number held in a 0-D tensor: floats count as the
        // default float type, as Python floats do.
        number = promotePair(number, isa<FloatType>(element)
                                         ? defaultFloatType(context)
                                         : element);
      } else if (type.getRank() == 0) {
        zeroDim = promotePair(zeroDim, element);
      } else {
        dimensioned = promotePair(dimensioned, element);
      }
      break;
    }
    case ImportedValue::Kind::Int:
      number = promotePair(number, IntegerType::get(context, 64));
      break;
    case ImportedValue::Kind::Float:
      number = promotePair(number, defaultFloatType(context));
      break;
    case ImportedValue::Kind::Bool:
      number = promotePair(number, IntegerType::get(context, 1));
      break;
    default:
      break;
    }
  }
  return combineTiers(dimensioned, combineTiers(zeroDim, number));
}

FailureOr<Value> GraphImporter::castTo(Location loc, Value tensor,
                                       Type elementType) {
  RankedTensorType type = getTensorType(tensor);
  if (type.getElementType() == elementType)
    return tensor;
  return CastOp::create(builder, loc, type.clone(elementType), tensor)
      .getResult();
}

FailureOr<Value> GraphImporter::getTensorAs(jit::Node *node, unsigned index,
                                            Type elementType) {
  FailureOr<Value> value = getTensorOrScalar(node, index, elementType);
  if (failed(value))
    return failure();
  return castTo(getLoc(node), *value, elementType);
}

FailureOr<Value> GraphImporter::getFloatTensor(jit::Node *node,
                                               unsigned index) {
  FailureOr<Value> value = getTensor(node, index);
  if (failed(value) || isFloatElement(*value))
    return value;
  return castTo(getLoc(node), *value, defaultFloatType(context));
}
