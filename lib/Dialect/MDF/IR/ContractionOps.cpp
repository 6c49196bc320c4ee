//===- ContractionOps.cpp - matmul, gemm and conv ---------------*- C++ -*-===//
//
// This file implements result-type inference (and with it verification) for
// the ops that contract over a dimension.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"

using namespace mlir;
using namespace mlir::mdf;

/// Two sizes that must agree do, or one is unknown.
static bool sizesAgree(int64_t lhs, int64_t rhs) {
  return ShapedType::isDynamic(lhs) || ShapedType::isDynamic(rhs) || lhs == rhs;
}

FailureOr<Type> mlir::mdf::inferMatMulOpType(const InferenceContext &ctx,
                                             MatMulOp::Adaptor adaptor) {
  auto lhsType = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(adaptor.getRhs().getType());
  if (lhsType.getRank() == 0 || rhsType.getRank() == 0)
    return ctx.emitError("operands must have rank >= 1");
  ArrayRef<int64_t> lhs = lhsType.getShape(), rhs = rhsType.getShape();
  // numpy: a 1-D lhs is a row vector, a 1-D rhs a column vector.
  int64_t lhsK = lhs.back();
  int64_t rhsK = rhs.size() == 1 ? rhs[0] : rhs[rhs.size() - 2];
  if (!sizesAgree(lhsK, rhsK))
    return ctx.emitError("contracting dimensions differ: ", lhsK, " (lhs) vs ",
                         rhsK, " (rhs)");
  ArrayRef<int64_t> lhsBatch = lhs.drop_back(std::min<size_t>(2, lhs.size()));
  ArrayRef<int64_t> rhsBatch = rhs.drop_back(std::min<size_t>(2, rhs.size()));
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(ctx, {lhsBatch, rhsBatch});
  if (failed(shape))
    return failure();
  if (lhs.size() >= 2)
    shape->push_back(lhs[lhs.size() - 2]);
  if (rhs.size() >= 2)
    shape->push_back(rhs.back());
  return Type(RankedTensorType::get(*shape, lhsType.getElementType()));
}

FailureOr<Type> mlir::mdf::inferGemmOpType(const InferenceContext &ctx,
                                           GemmOp::Adaptor adaptor) {
  auto aType = cast<RankedTensorType>(adaptor.getA().getType());
  auto bType = cast<RankedTensorType>(adaptor.getB().getType());
  if (aType.getRank() != 2 || bType.getRank() != 2)
    return ctx.emitError("a and b must be matrices (rank 2), got ranks ",
                         aType.getRank(), " and ", bType.getRank());
  bool transA = adaptor.getTransA(), transB = adaptor.getTransB();
  int64_t m = aType.getDimSize(transA ? 1 : 0);
  int64_t aK = aType.getDimSize(transA ? 0 : 1);
  int64_t bK = bType.getDimSize(transB ? 1 : 0);
  int64_t n = bType.getDimSize(transB ? 0 : 1);
  if (!sizesAgree(aK, bK))
    return ctx.emitError("contracting dimensions differ: ", aK, " (a) vs ", bK,
                         " (b)");
  SmallVector<int64_t> shape = {m, n};
  if (Value c = adaptor.getC()) {
    auto cType = cast<RankedTensorType>(c.getType());
    if (cType.getElementType() != aType.getElementType())
      return ctx.emitError("c must have the element type of a and b");
    if (cType.getRank() > 2)
      return ctx.emitError("c must have rank <= 2, got ", cType.getRank());
    FailureOr<SmallVector<int64_t>> broadcast =
        broadcastShapes(ctx, {shape, cType.getShape()});
    if (failed(broadcast))
      return failure();
    if (!sizesAgree((*broadcast)[0], m) || !sizesAgree((*broadcast)[1], n))
      return ctx.emitError("c does not broadcast to the M x N result");
  }
  return Type(RankedTensorType::get(shape, aType.getElementType()));
}

FailureOr<Type> mlir::mdf::inferConvOpType(const InferenceContext &ctx,
                                           ConvOp::Adaptor adaptor) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto weightType = cast<RankedTensorType>(adaptor.getWeight().getType());
  int64_t rank = inputType.getRank();
  if (failed(checkSpatialRank(ctx, "input", rank)))
    return failure();
  if (weightType.getRank() != rank)
    return ctx.emitError("weight rank (", weightType.getRank(),
                         ") must equal input rank (", rank, ")");
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return ctx.emitError("groups must be >= 1, got ", groups);
  FailureOr<WindowAttrs> window =
      getWindowAttrs(ctx, rank - 2, adaptor.getStrides(), adaptor.getPads(),
                     adaptor.getDilations());
  if (failed(window))
    return failure();

  int64_t channels = inputType.getDimSize(1);
  int64_t filters = weightType.getDimSize(0);
  int64_t weightChannels = weightType.getDimSize(1);
  if (!ShapedType::isDynamic(weightChannels) &&
      !sizesAgree(channels, weightChannels * groups))
    return ctx.emitError("input channels (", channels,
                         ") must equal weight channels (", weightChannels,
                         ") times groups (", groups, ")");
  if (!ShapedType::isDynamic(filters) && filters % groups != 0)
    return ctx.emitError("output channels (", filters,
                         ") must be divisible by groups (", groups, ")");
  if (Value bias = adaptor.getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getElementType() != inputType.getElementType())
      return ctx.emitError("bias must have the input's element type");
    if (biasType.getRank() != 1 || !sizesAgree(biasType.getDimSize(0), filters))
      return ctx.emitError("bias must be 1-D with ", filters,
                           " elements (one per output channel)");
  }

  SmallVector<int64_t> shape = {inputType.getDimSize(0), filters};
  if (failed(inferWindowedShape(ctx, inputType.getShape(),
                                weightType.getShape().drop_front(2), *window,
                                /*ceilMode=*/false, shape)))
    return failure();
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}
