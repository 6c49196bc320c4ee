//===- ByteBooleans.cpp - booleans one byte per element in memory ---------===//
//
// This file implements mdf-byte-booleans, which widens the memory accesses
// of vectors of i1 in the LLVM dialect to vectors of i8, so that vector code
// keeps the one-byte-per-element layout scalar code and callers use.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFBYTEBOOLEANS
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

/// `type` with i8 elements when it is a vector of i1, else null.
VectorType asByteVector(Type type) {
  auto vector = dyn_cast<VectorType>(type);
  if (!vector || !vector.getElementType().isInteger(1))
    return {};
  return vector.clone(IntegerType::get(type.getContext(), 8));
}

/// Replaces `operand` (a vector of i1) by its zero extension to bytes.
void widenOperand(OpBuilder &builder, OpOperand &operand) {
  VectorType bytes = asByteVector(operand.get().getType());
  if (!bytes)
    return;
  builder.setInsertionPoint(operand.getOwner());
  operand.set(LLVM::ZExtOp::create(builder, operand.getOwner()->getLoc(),
                                   bytes, operand.get()));
}

/// Makes the vector-of-i1 result of a load-like `op` a vector of bytes,
/// truncated back to i1 for its users.
void widenResult(OpBuilder &builder, Operation *op) {
  Value result = op->getResult(0);
  VectorType bytes = asByteVector(result.getType());
  if (!bytes)
    return;
  Type booleans = result.getType();
  result.setType(bytes);
  builder.setInsertionPointAfter(op);
  auto truncated = LLVM::TruncOp::create(builder, op->getLoc(), booleans,
                                         result);
  result.replaceAllUsesExcept(truncated, truncated);
}

struct ByteBooleans
    : public mdf::impl::MDFByteBooleansBase<ByteBooleans> {
  void runOnOperation() override {
    OpBuilder builder(&getContext());
    getOperation().walk([&](Operation *op) {
      if (auto store = dyn_cast<LLVM::StoreOp>(op)) {
        widenOperand(builder, store.getValueMutable());
      } else if (auto store = dyn_cast<LLVM::MaskedStoreOp>(op)) {
        widenOperand(builder, store.getValueMutable());
      } else if (auto scatter = dyn_cast<LLVM::masked_scatter>(op)) {
        widenOperand(builder, scatter.getValueMutable());
      } else if (isa<LLVM::LoadOp>(op)) {
        widenResult(builder, op);
      } else if (auto load = dyn_cast<LLVM::MaskedLoadOp>(op)) {
        for (OpOperand &passThru : load.getPassThruMutable())
          widenOperand(builder, passThru);
        widenResult(builder, op);
      } else if (auto gather = dyn_cast<LLVM::masked_gather>(op)) {
        for (OpOperand &passThru : gather.getPassThruMutable())
          widenOperand(builder, passThru);
        widenResult(builder, op);
      }
    });
  }
};

} // namespace
