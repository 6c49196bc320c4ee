//===- LoweringUtils.cpp - helpers shared by the mdf lowerings --*- C++ -*-===//
//
// This file implements the builders the op-family lowerings share.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "llvm/ADT/SmallBitVector.h"
#include <limits>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::lowering;

Value lowering::scalarConstant(OpBuilder &b, Location loc, Type type,
                               double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  // Integers saturate: the extremes of the type stand for +-infinity.
  unsigned width = type.getIntOrFloatBitWidth();
  APInt integer;
  if (width == 1)
    integer = APInt(1, value != 0);
  else if (value >= APInt::getSignedMaxValue(width).signedRoundToDouble())
    integer = APInt::getSignedMaxValue(width);
  else if (value <= APInt::getSignedMinValue(width).signedRoundToDouble())
    integer = APInt::getSignedMinValue(width);
  else
    integer = APInt(width, static_cast<int64_t>(value), /*isSigned=*/true);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, integer));
}

/// `FloatOp` on float operands, `IntOp` (signed) on integers.
template <typename FloatOp, typename IntOp>
static Value floatOrInt(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return FloatOp::create(b, loc, lhs, rhs);
  return IntOp::create(b, loc, lhs, rhs);
}

Value lowering::addScalar(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return floatOrInt<arith::AddFOp, arith::AddIOp>(b, loc, lhs, rhs);
}
Value lowering::subScalar(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return floatOrInt<arith::SubFOp, arith::SubIOp>(b, loc, lhs, rhs);
}
Value lowering::mulScalar(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return floatOrInt<arith::MulFOp, arith::MulIOp>(b, loc, lhs, rhs);
}
Value lowering::safeIntegerDivisor(OpBuilder &b, Location loc, Value divisor) {
  Value zero = scalarConstant(b, loc, divisor.getType(), 0);
  Value one = scalarConstant(b, loc, divisor.getType(), 1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, divisor, zero);
  return arith::SelectOp::create(b, loc, isZero, one, divisor);
}

Value lowering::divScalar(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isa<FloatType>(lhs.getType()))
    return arith::DivFOp::create(b, loc, lhs, rhs);
  return arith::DivSIOp::create(b, loc, lhs, safeIntegerDivisor(b, loc, rhs));
}
// Booleans are 0 and 1: unsigned, or true would be -1 and the smaller.
Value lowering::maxScalar(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (lhs.getType().isInteger(1))
    return arith::MaxUIOp::create(b, loc, lhs, rhs);
  return floatOrInt<arith::MaximumFOp, arith::MaxSIOp>(b, loc, lhs, rhs);
}
Value lowering::minScalar(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (lhs.getType().isInteger(1))
    return arith::MinUIOp::create(b, loc, lhs, rhs);
  return floatOrInt<arith::MinimumFOp, arith::MinSIOp>(b, loc, lhs, rhs);
}

double lowering::highestValue(Type type) {
  if (type.isInteger(1))
    return 1;
  if (isa<IntegerType>(type))
    return std::numeric_limits<double>::infinity(); // saturates
  return -lowestValue(type);
}

double lowering::lowestValue(Type type) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return -APFloat::getLargest(floatType.getFloatSemantics())
                .convertToDouble();
  if (type.isInteger(1))
    return 0;
  if (type.isInteger(32))
    return std::numeric_limits<int32_t>::min();
  return static_cast<double>(std::numeric_limits<int64_t>::min());
}

Value lowering::createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                            ValueRange sizeSources) {
  SmallVector<Value> dynamicSizes;
  int64_t rank = type.getRank();
  for (int64_t dim = 0; dim < rank; ++dim) {
    if (!type.isDynamicDim(dim))
      continue;
    Value size;
    for (Value source : sizeSources) {
      auto sourceType = cast<RankedTensorType>(source.getType());
      int64_t index = dim - (rank - sourceType.getRank());
      if (index >= 0 && sourceType.getDimSize(index) != 1) {
        size = tensor::DimOp::create(b, loc, source, index);
        break;
      }
    }
    dynamicSizes.push_back(
        size ? size : arith::ConstantIndexOp::create(b, loc, 1).getResult());
  }
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamicSizes);
}

/// The indexing map of an operand broadcast to a result of rank `rank`:
/// trailing alignment, and size-1 dimensions that stretch read index 0.
static AffineMap broadcastMap(MLIRContext *context, RankedTensorType operand,
                              RankedTensorType result) {
  int64_t rank = result.getRank();
  int64_t offset = rank - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < operand.getRank(); ++i) {
    bool stretches =
        operand.getDimSize(i) == 1 && result.getDimSize(offset + i) != 1;
    exprs.push_back(stretches ? getAffineConstantExpr(0, context)
                              : getAffineDimExpr(offset + i, context));
  }
  return AffineMap::get(rank, 0, exprs, context);
}

Value lowering::buildElementwise(OpBuilder &b, Location loc,
                                 RankedTensorType resultType,
                                 ValueRange operands, ScalarFn fn) {
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(broadcastMap(
        context, cast<RankedTensorType>(operand.getType()), resultType));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  Value init = createEmpty(b, loc, resultType, operands);
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, operands, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = fn(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value lowering::buildReduction(
    OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> dims,
    bool keepDims, double identity,
    llvm::function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  MLIRContext *context = b.getContext();
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  llvm::SmallBitVector reduced(rank);
  for (int64_t dim : dims)
    reduced.set(dim);
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<Value> dynamicSizes;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    if (reduced.test(i)) {
      iterators.push_back(utils::IteratorType::reduction);
      if (keepDims) {
        shape.push_back(1);
        outExprs.push_back(getAffineConstantExpr(0, context));
      }
      continue;
    }
    iterators.push_back(utils::IteratorType::parallel);
    shape.push_back(inputType.getDimSize(i));
    outExprs.push_back(getAffineDimExpr(i, context));
    if (inputType.isDynamicDim(i))
      dynamicSizes.push_back(tensor::DimOp::create(b, loc, input, i));
  }
  Type elementType = inputType.getElementType();
  auto resultType = RankedTensorType::get(shape, elementType);
  Value empty =
      tensor::EmptyOp::create(b, loc, shape, elementType, dynamicSizes);
  Value init = linalg::FillOp::create(
                   b, loc, scalarConstant(b, loc, elementType, identity), empty)
                   .getResult(0);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, outExprs, context)};
  auto generic = linalg::GenericOp::create(
      b, loc, resultType, input, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc,
                                combine(nested, nestedLoc, args[0], args[1]));
      });
  return generic.getResult(0);
}

Value lowering::padWithConstant(OpBuilder &b, Location loc, Value input,
                                ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                                double value) {
  auto isZero = [](int64_t pad) { return pad == 0; };
  if (llvm::all_of(low, isZero) && llvm::all_of(high, isZero))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lowSizes, highSizes;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (!ShapedType::isDynamic(shape[i]))
      shape[i] += low[i] + high[i];
    lowSizes.push_back(b.getIndexAttr(low[i]));
    highSizes.push_back(b.getIndexAttr(high[i]));
  }
  return tensor::PadOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), input,
      lowSizes, highSizes,
      scalarConstant(b, loc, type.getElementType(), value));
}

/// Reassociation grouping all `rank` dimensions into one (none for 0-D).
static SmallVector<ReassociationIndices> groupAll(int64_t rank) {
  if (rank == 0)
    return {};
  ReassociationIndices all;
  for (int64_t i = 0; i < rank; ++i)
    all.push_back(i);
  return {all};
}

Value lowering::emptyWithSizes(OpBuilder &b, Location loc,
                              RankedTensorType type,
                              ArrayRef<OpFoldResult> sizes) {
  SmallVector<Value> dynamicSizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (type.isDynamicDim(dim))
      dynamicSizes.push_back(
          getValueOrCreateConstantIndexOp(b, loc, sizes[dim]));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamicSizes);
}

Value lowering::reshapeTo(OpBuilder &b, Location loc, Value input,
                          RankedTensorType type,
                          ArrayRef<OpFoldResult> sizes) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == type)
    return input;
  // Through one dimension: collapse everything, then expand to the target.
  Value flat = input;
  if (inputType.getRank() == 0)
    flat = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({1}, type.getElementType()), input,
        groupAll(0));
  else if (inputType.getRank() > 1)
    flat = tensor::CollapseShapeOp::create(b, loc, input,
                                           groupAll(inputType.getRank()));
  auto flatType = cast<RankedTensorType>(flat.getType());
  auto castTo = [&](Value value, RankedTensorType to) -> Value {
    if (value.getType() == to)
      return value;
    return tensor::CastOp::create(b, loc, to, value);
  };
  if (type.getRank() == 1)
    return castTo(flat, type);
  if (type.hasStaticShape())
    flat = castTo(flat, RankedTensorType::get({type.getNumElements()},
                                              type.getElementType()));
  if (type.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, type, flat, groupAll(0));
  int64_t dynamicCount = llvm::count_if(type.getShape(), ShapedType::isDynamic);
  if (dynamicCount == 0 || (dynamicCount == 1 && sizes.empty()))
    return tensor::ExpandShapeOp::create(b, loc, type, flat,
                                         groupAll(type.getRank()));
  if (static_cast<int64_t>(sizes.size()) != type.getRank())
    return nullptr;
  if (!flatType.isDynamicDim(0))
    flat = castTo(flat, RankedTensorType::get({ShapedType::kDynamic},
                                              type.getElementType()));
  return tensor::ExpandShapeOp::create(b, loc, type, flat,
                                       groupAll(type.getRank()), sizes);
}

OpFoldResult lowering::windowOutputSize(OpBuilder &b, Location loc,
                                        OpFoldResult padded, int64_t kernel,
                                        int64_t stride, int64_t dilation) {
  int64_t span = dilation * (kernel - 1) + 1;
  if (std::optional<int64_t> size = getConstantIntValue(padded))
    return b.getIndexAttr((*size - span) / stride + 1);
  Value value = getValueOrCreateConstantIndexOp(b, loc, padded);
  Value reach = arith::SubIOp::create(
      b, loc, value, arith::ConstantIndexOp::create(b, loc, span));
  Value steps = arith::DivSIOp::create(
      b, loc, reach, arith::ConstantIndexOp::create(b, loc, stride));
  return arith::AddIOp::create(b, loc, steps,
                               arith::ConstantIndexOp::create(b, loc, 1))
      .getResult();
}
