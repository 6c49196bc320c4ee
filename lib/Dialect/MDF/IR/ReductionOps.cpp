//===- ReductionOps.cpp - reductions ----------------------------*- C++ -*-===//
//
// This file implements result-type inference for the reductions.
//
//===----------------------------------------------------------------------===//

#include "ShapeInference.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::mdf;

FailureOr<Type> mlir::mdf::inferReduceType(const InferenceContext &ctx,
                                           Value input, ArrayRef<int64_t> axes,
                                           bool keepDims) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  llvm::SmallBitVector reduced(rank, axes.empty());
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(ctx, "axis", axis, rank);
    if (failed(normalized))
      return failure();
    if (reduced.test(*normalized))
      return ctx.emitError("axis ", axis, " is listed more than once");
    reduced.set(*normalized);
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.test(i))
      shape.push_back(inputType.getDimSize(i));
    else if (keepDims)
      shape.push_back(1);
  }
  return Type(RankedTensorType::get(shape, inputType.getElementType()));
}
