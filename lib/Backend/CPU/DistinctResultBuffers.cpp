//===- DistinctResultBuffers.cpp - one allocation per result ----*- C++ -*-===//
//
// This file implements mdf-distinct-result-buffers, which copies buffers a
// function returns more than once so each result has its own allocation.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFDISTINCTRESULTBUFFERS
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

struct DistinctResultBuffers
    : public mdf::impl::MDFDistinctResultBuffersBase<DistinctResultBuffers> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      llvm::DenseSet<Value> seen;
      OpBuilder builder(ret);
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<MemRefType>(value.getType());
        if (!type || seen.insert(value).second)
          continue;
        if (!type.hasStaticShape() || !type.getLayout().isIdentity())
          continue; // only static identity buffers are hoisted
        Value copy = memref::AllocOp::create(builder, ret.getLoc(), type);
        memref::CopyOp::create(builder, ret.getLoc(), value, copy);
        operand.set(copy);
      }
    });
  }
};

} // namespace
